/**
 * What a session runs, worked out before the agent's first case: the cases the filters select,
 * the attempts planned (cases × repeat) and those still to run (`--resume` keeps the finished),
 * and what they need loaded first (custom scorers, tool handlers).
 */
import { redactions } from '../common/redact-deep.js';
import type { Suite, Tool } from '../config/schema/index.js';
import { loadHandlers } from '../environment/index.js';
import { CustomScorers } from './custom-scorers.js';
import { attemptKey, planAttempts, type Attempt } from './plan.js';
import type { CaseFinished } from './queue.js';
import { blockedAttempts, keptAttempts, leftOutSince, redactionClash } from './resumed.js';
import { redactedResult } from './run-record.js';
import { selectedCases } from './select.js';
import type { SessionOptions, SessionStart } from './session.js';

export type RunPlan = Awaited<ReturnType<typeof planRun>>;

/** The cases selected, the attempts planned and still to run, and what they need loaded first. */
export async function planRun(options: SessionOptions) {
  const { config } = options;
  const selected = selectedCases(config, { filter: options.filter, ...(options.resume ? { resumeOf: options.resume.header.run_id } : {}) });
  const repeat = options.repeat ?? config.run.repeat;
  const planned = planAttempts(selected, repeat);
  // The earlier sessions may have run with --no-redact: what reaches the reporters is redacted unless this one does too.
  const clean = redactions(options.redact);
  // Only what was recorded: the attempt's case and suite are the config's own objects.
  const kept = (options.resume ? keptAttempts(planned, options.resume) : []).map((finished): CaseFinished =>
    finished.kind === 'ran' ? { ...finished, result: redactedResult(finished.result, clean), trace: clean.deep(finished.trace) } : { ...finished, result: redactedResult(finished.result, clean) },
  );
  // Attempts in flight when a module agent blocked the process (blocked.json): the one to blame recorded as an error, not run again; suspects run first, alone.
  const { recorded: blocked, suspects } = options.resume ? blockedAttempts(planned, { resume: options.resume, kept }) : { recorded: [], suspects: new Set<string>() };
  kept.push(...blocked);
  // Finished attempts of cases removed from the suites since (--force): left out of the run, and listed in its summary.json.
  const { leftOut, finished: removed } = options.resume ? leftOutSince(planned, options.resume) : { leftOut: [], finished: 0 };
  const done = new Set(kept.map(({ result }) => attemptKey(result)));
  const keyOf = ({ suite, kase, attempt }: Attempt) => attemptKey({ suite: suite.name, case_id: kase.id, attempt });
  const left = done.size === 0 ? planned : planned.filter((attempt) => !done.has(keyOf(attempt)));
  const attempts = suspects.size === 0 ? left : [...left.filter((attempt) => suspects.has(keyOf(attempt))), ...left.filter((attempt) => !suspects.has(keyOf(attempt)))];
  const alone = suspects.size === 0 ? 0 : attempts.length - left.filter((attempt) => !suspects.has(keyOf(attempt))).length;
  // Before the agent's first case: the folder keeps one redaction for all its attempts.
  const clash = options.resume ? redactionClash({ resume: options.resume, redact: options.redact, toRun: attempts.length }) : undefined;
  if (clash) throw clash;
  const custom = await CustomScorers.load(attempts, { timeoutMs: config.run.timeout_ms });
  const handlers = await loadHandlers(toolsOf(attempts));
  const suites = summarizeSuites(selected);
  return { repeat, planned, kept, blocked, leftOut, removed, attempts, alone, custom, handlers, suites };
}

/** The selected cases per suite, in the order of their first case: counted, no list per suite. */
function summarizeSuites(selected: readonly Attempt[]): SessionStart['suites'] {
  const counts = new Map<Suite, number>();
  // A suite's cases come one after another: counted by runs, the map touched once a run (indexed, in cold code).
  let run = 0;
  for (let i = 0; i < selected.length; i++) {
    run++;
    const { suite } = selected[i]!;
    if (selected[i + 1]?.suite === suite) continue;
    counts.set(suite, (counts.get(suite) ?? 0) + run);
    run = 0;
  }
  return [...counts].map(([suite, cases]) => ({ name: suite.name, file: suite.file, cases }));
}

/** The tools the attempts' cases declare, each list once (most cases share their suite's). */
export function* toolsOf(attempts: readonly Attempt[]): Generator<Tool> {
  const seen = new Set<readonly Tool[]>();
  let last: readonly Tool[] | undefined;
  for (let i = 0; i < attempts.length; i++) {
    const { kase, suite } = attempts[i]!;
    const tools = kase.tools ?? suite.tools;
    // The list of the attempt before (a suite's cases run one after another) needs no look-up.
    if (tools === last || seen.has(tools)) continue;
    last = tools;
    seen.add(tools);
    yield* tools;
  }
}
