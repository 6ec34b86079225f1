/**
 * `agentready card`: the 60-second readiness explanation (SPEC §8). Reads the config, the
 * newest runs' summary.json and results.jsonl, whether a baseline exists (and git tracks it) and
 * a CI workflow exists, then prints the card as text, markdown or JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gitTracking } from '../../common/git.js';
import { redactDeep } from '../../common/redact-deep.js';
import { CaseResultSchema, type CaseResult, type ResultsHeader } from '../../config/schema/index.js';
import { utcDay } from '../../config/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { buildCard, formatCardMarkdown, formatCardText, isKillSwitchRun, parseCardRunSummary, type BaselineState, type CardRunSummary } from '../../report/card/index.js';
import { createScreen } from '../../report/screen.js';
import { defaultRunsRoot, isFiltered, readResultsHeader, readRunSummary, RECORDED_ADAPTER, RESULTS_FILE } from '../../run/index.js';
import { writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export const CARD_FORMATS = ['text', 'markdown', 'json'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

export interface CardFlags {
  format: string;
}

export async function runCardCommand(globals: GlobalOptions, flags: CardFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const config = await loadConfigFor(globals);
  const cwd = process.cwd();
  const runs = readRuns(defaultRunsRoot(config.rootDir));
  const last = lastRun(runs, new Set(config.suites.flatMap((suite) => suite.cases.map((kase) => `${suite.name}/${kase.id}`))));
  const card = redactDeep(
    buildCard({
      config,
      relativePath: (path) => relative(cwd, path) || path,
      baseline: await baselineState(config.baselinePath),
      ciWorkflow: hasCiWorkflow(config.rootDir),
      lastRun: last ? { summary: last.summary, results: readResults(join(last.dir, RESULTS_FILE)), ...(last.header?.selection ? { selection: last.header.selection } : {}) } : undefined,
      killSwitchRun: runs.find((r) => isKillSwitchRun(r.summary))?.summary,
      today: utcDay(new Date()),
    }),
  );
  if (format === 'json') writeOut(`${JSON.stringify(card, null, 2)}\n`);
  else if (format === 'markdown') writeOut(formatCardMarkdown(card));
  else writeOut(formatCardText(createScreen({ env: process.env, stream: process.stdout }), card));
  return EXIT.PASSED;
}

// Returns the format flag as a CardFormat, or throws a usage error naming the choices.
function parseFormat(raw: string): CardFormat {
  if ((CARD_FORMATS as readonly string[]).includes(raw)) return raw as CardFormat;
  throw new UsageError(`unknown card format "${raw}"`, `formats: ${CARD_FORMATS.join(', ')}`);
}

/** The run folders under `root` that hold a readable summary.json, newest first (run ids sort by time). */
function readRuns(root: string): { dir: string; summary: CardRunSummary }[] {
  if (!existsSync(root)) return [];
  const runs: { dir: string; summary: CardRunSummary }[] = [];
  for (const name of readdirSync(root).sort().reverse()) {
    const dir = join(root, name);
    const summary = parseCardRunSummary(readRunSummary(dir));
    if (summary) runs.push({ dir, summary });
  }
  return runs;
}

/**
 * The run the card speaks of: the newest that ran the whole suites as the agent answers them (no
 * --grep, --suite, --tag, --last-failed or --shard; no kill-switch run, no replay, no `score` of
 * traces that leave out some of the suites' cases, such as production traffic in shadow mode); else
 * the newest filtered one, which the card then says it is. A run whose header cannot be read counts as whole.
 */
function lastRun(
  runs: readonly { dir: string; summary: CardRunSummary }[],
  suiteCases: ReadonlySet<string>,
): { dir: string; summary: CardRunSummary; header: ResultsHeader | undefined } | undefined {
  let filtered: { dir: string; summary: CardRunSummary; header: ResultsHeader | undefined } | undefined;
  for (const run of runs) {
    if (isKillSwitchRun(run.summary)) continue;
    if (run.summary.adapter === RECORDED_ADAPTER && !judgedEvery(join(run.dir, RESULTS_FILE), suiteCases)) continue;
    const header = readResultsHeader(run.dir);
    if (header?.replay_of !== undefined || header?.selection?.mode === 'read_only') continue;
    if (header?.selection === undefined || !isFiltered(header.selection)) return { ...run, header };
    filtered ??= { ...run, header };
  }
  return filtered;
}

// Returns whether the baseline file is there and what git holds of it: CI compares with the committed one.
async function baselineState(path: string): Promise<BaselineState> {
  if (!existsSync(path)) return 'missing';
  const tracking = await gitTracking(path);
  if (tracking === 'unknown') return 'present';
  return tracking === 'staged' || tracking === 'untracked' ? 'not_committed' : tracking;
}

// Whether a run's results hold every one of the suites' cases: a `score` of recorded traces names only the cases its traces are of.
function judgedEvery(resultsPath: string, suiteCases: ReadonlySet<string>): boolean {
  const judged = new Set(readResults(resultsPath).map((r) => `${r.suite}/${r.case_id}`));
  for (const key of suiteCases) if (!judged.has(key)) return false;
  return true;
}

// Returns the results.jsonl attempts (header and unreadable lines skipped).
function readResults(path: string): CaseResult[] {
  if (!existsSync(path)) return [];
  const results: CaseResult[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = CaseResultSchema.safeParse(JSON.parse(line));
      if (parsed.success) results.push(parsed.data);
    } catch {
      // A line cut by a killed run: the others still count.
    }
  }
  return results;
}

/** Whether a GitHub Actions workflow mentioning agentready sits in the config's folder or above, up to the repository root. */
function hasCiWorkflow(from: string): boolean {
  for (let dir = from; ; dir = dirname(dir)) {
    const workflows = join(dir, '.github', 'workflows');
    if (existsSync(workflows)) {
      for (const file of readdirSync(workflows)) {
        if (/\.ya?ml$/.test(file) && readFileSync(join(workflows, file), 'utf8').includes('agentready')) return true;
      }
    }
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return false;
  }
}
