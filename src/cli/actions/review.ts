/**
 * `agentready review [run]`: a risk-weighted, seeded sample of a run for human review, written as
 * a markdown checklist (SPEC §14). The latest run when none is named; stdout unless `--out`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { redactions } from '../../common/redact-deep.js';
import { EXIT, UsageError } from '../../errors.js';
import { checkDestination } from '../../report/destinations.js';
import { formatReviewMarkdown, parseRates, sampleForReview } from '../../report/review/index.js';
import { defaultRunsRoot, newestAgentRun, readRun, readTraces } from '../../run/index.js';
import { writeError, writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export interface ReviewFlags {
  rates?: string;
  seed?: string;
  out?: string;
  /** false under --no-redact. */
  redact?: boolean;
}

export async function runReviewCommand(globals: GlobalOptions, run: string | undefined, flags: ReviewFlags): Promise<number> {
  const rates = parseRates(flags.rates ?? '');
  const config = await loadConfigFor(globals);
  const seed = flags.seed === undefined ? config.run.seed : parseSeed(flags.seed);
  const cwd = process.cwd();
  // A folder, or a file where a folder would be made, is told before the run is read.
  if (flags.out !== undefined) checkDestination({ subject: '--out', path: flags.out, file: resolve(cwd, flags.out), cwd, spell: (path) => `--out ${path}`, defaultName: 'agentready-review.md' });
  const runsRoot = defaultRunsRoot(config.rootDir);
  // A named run is reviewed as asked; by default the newest one that says what the agent does (no kill-switch run, no replay).
  const record = run === undefined ? newestAgentRun({ runsRoot, cwd, finished: false }) : readRun(run, { runsRoot, cwd });
  if (record === undefined) {
    throw new UsageError(`no run under ${relative(cwd, runsRoot) || '.'} to review (kill-switch runs and replays are not counted)`, 'run `agentready eval` first, or name a run folder');
  }
  const traces = readTraces(record.dir);
  // Inputs come from the trace (what the run asked), else the suites as written now.
  const inputs = new Map(config.suites.flatMap((suite) => suite.cases.map((kase) => [`${suite.name}/${kase.id}`, kase.input] as const)));
  const sample = sampleForReview({
    run_id: record.header.run_id,
    candidates: record.results.map((result) => {
      const trace = traces.get(result.trace_id);
      const input = trace?.input ?? inputs.get(`${result.suite}/${result.case_id}`);
      return { result, ...(trace ? { trace } : {}), ...(input === undefined ? {} : { input }) };
    }),
    rates,
    seed,
    // The run may have been made with --no-redact: what is shown is redacted here, unless review is told --no-redact itself.
    redact: redactions(flags.redact !== false).deep,
  });
  const text = formatReviewMarkdown(sample);
  if (flags.out === undefined) {
    writeOut(text);
    return EXIT.PASSED;
  }
  const file = resolve(cwd, flags.out);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const count = sample.must.length + sample.sampled.length;
  writeError(`agentready: wrote ${count} of ${sample.total} attempts of run ${record.header.run_id} to ${relative(cwd, file) || file} (${sample.must.length} failing or policy-denied, ${sample.sampled.length} sampled)\n`);
  return EXIT.PASSED;
}

// Returns --seed as an integer.
function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new UsageError(`bad --seed "${text}"`, 'give a whole number, e.g. --seed 7');
  return seed;
}
