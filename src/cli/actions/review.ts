/**
 * `agentready review [run]`: a risk-weighted, seeded sample of a run for human review, written as
 * a markdown checklist (SPEC §14). The latest run when none is named; stdout unless `--out`.
 */
import { writeFileSync } from 'node:fs';
import { makeFolderFor } from '../../common/make-folder.js';
import { resolve } from 'node:path';
import { redactions } from '../../common/redact-deep.js';
import { EXIT, UsageError } from '../../errors.js';
import { checkDestination, checkFilesSpareInputs, type Destination } from '../../report/destinations.js';
import { projectInputs } from '../../config/project-inputs.js';
import { reviewCandidates, reviewedRun } from '../../lifecycle/index.js';
import { DEFAULT_RATES, formatReviewMarkdown, formatReviewWritten, parseRates, sampleForReview } from '../../report/review/index.js';
import { defaultRunsRoot, readTraces } from '../../run/index.js';
import { writeOut } from '../print.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export interface ReviewFlags {
  rates?: string;
  seed?: string;
  out?: string;
  /** false under --no-redact. */
  redact?: boolean;
}

export async function runReviewCommand(globals: GlobalOptions, { ref, flags }: { ref: string | undefined; flags: ReviewFlags }): Promise<number> {
  const rates = flags.rates === undefined ? { ...DEFAULT_RATES } : parseRates(flags.rates);
  const config = await loadConfigFor(globals, { agentless: true });
  const seed = flags.seed === undefined ? config.run.seed : parseSeed(flags.seed);
  const cwd = process.cwd();
  // A folder, or a file where a folder would be made, is told before the run is read.
  if (flags.out !== undefined) {
    const destination: Destination = { subject: '--out', path: flags.out, file: resolve(cwd, flags.out), cwd, spell: (path) => `--out ${path}`, defaultName: 'agentready-review.md' };
    checkDestination(destination);
    // Nor over a file the project reads: `--out agentready.baseline.json` would replace the baseline with a checklist.
    checkFilesSpareInputs({ files: [destination], inputs: projectInputs(config) });
  }
  const run = reviewedRun({ ref, runsRoot: defaultRunsRoot(config.rootDir), cwd, configFile: config.file });
  const sample = sampleForReview({
    run_id: run.header.run_id,
    unfinished: run.incomplete,
    candidates: reviewCandidates({ results: run.results, traces: readTraces(run.dir), suites: config.suites }),
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
  makeFolderFor(file);
  writeFileSync(file, text);
  // On stdout, as given, as eval and report name the files they wrote (`/tmp/x/review.md`, not `../../tmp/x/review.md`).
  writeOut(`${neutralizeLine(formatReviewWritten(sample, flags.out))}\n`);
  return EXIT.PASSED;
}

// Returns --seed as an integer: digits ("" was 0, "0x10" 16), within 2^53 (99999999999999999999 was the seed of 1e20 too, another sample than the one asked for).
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`bad --seed "${text}"`, `give a whole number of at most ${Number.MAX_SAFE_INTEGER}, e.g. --seed 7`);
  }
  return seed;
}
