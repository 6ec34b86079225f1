/**
 * What `agentready review` samples (SPEC §14): the run (the one named, else the newest that says
 * what the agent does and ran it: no kill-switch run, no replay, no `score` run) and its attempts as review candidates, each
 * with its trace and what the user asked. The command samples, formats and prints them.
 */
import type { CaseResult, Suite, Trace } from '../config/schema/index.js';
import { ConfigError, UsageError } from '../errors.js';
import type { ReviewCandidate } from '../report/review/index.js';
import { configName, newestAgentRun, readRun, type RunRecord } from '../run/index.js';
import { commandHint } from '../config/command-hint.js';
import { shownFolder } from '../config/shown-path.js';
import { otherConfigNote } from './config-runs.js';

/**
 * The run named by `ref`, reviewed as asked (a kill-switch run, a replay or a `score` run too); with none, the
 * newest run that says what the agent does and ran it, finished or not (no `score` run: as for `eval --last-failed`,
 * it judged recorded traces, and a check a redacted trace could not decide is one of its errors), of the config file `configFile` (`madeByConfig` its `configName`),
 * that recorded an attempt (a run stopped before its first holds nothing to review: passed over as one stopped before its header is).
 * Throws a UsageError when there is none, or when the run named recorded no attempt.
 */
export function reviewedRun(input: { ref: string | undefined; runsRoot: string; cwd: string; configFile?: string | undefined }): RunRecord {
  const { ref, runsRoot, cwd } = input;
  const config = configName(input.configFile);
  const run = ref === undefined ? newestReviewable({ runsRoot, cwd, config }) : readRun(ref, { runsRoot, cwd });
  if (run === undefined) {
    const other = otherConfigNote({ runsRoot, cwd, finished: false, ranAgent: true, attempted: true, config }, ({ id }) => `review ${id}`);
    const of = config === undefined || other === '' ? '' : ` made with ${config}`;
    throw new UsageError(
      `no run${of} under ${shownFolder(runsRoot, cwd)} to review (kill-switch runs, replays, \`score\` runs and runs that recorded no attempt are not counted)${other}`,
      `run \`${commandHint('eval')}\` first, or name a run folder`,
    );
  }
  if (run.results.length === 0) {
    const id = run.header.run_id;
    const instead = run.incomplete ? `\`${commandHint(`eval --resume ${id}`)}\` runs its cases` : `run \`${commandHint('eval')}\` for a new run`;
    throw new UsageError(`run ${id} recorded no attempt (its results.jsonl has its header alone): there is nothing to review`, `${instead}, or name another run`);
  }
  return run;
}

/**
 * The newest run that says what the agent does and ran it (`newestAgentRun`'s `ranAgent`, as `eval --last-failed` asks). A damaged run folder on the way stays the located
 * problem (exit 2, as for `eval --last-failed`: the newest is not silently another run), its hint
 * naming the newest run that reads, to review instead.
 */
function newestReviewable(where: { runsRoot: string; cwd: string; config?: string | undefined }): RunRecord | undefined {
  try {
    return newestAgentRun({ ...where, finished: false, ranAgent: true, attempted: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const readable = newestAgentRun({ ...where, finished: false, ranAgent: true, attempted: true, skipDamaged: true });
    const instead = readable ? `, or review the newest run that reads: \`${commandHint(`review ${readable.header.run_id}`)}\`` : `, or run \`${commandHint('eval')}\` for a new run`;
    throw new ConfigError(error.issues, { message: error.message, hint: `review with no run reads the newest: repair or remove that run folder${instead}` });
  }
}

/**
 * Each attempt of a run with its trace, when the run holds it, and what the user asked: the
 * trace's input (what the run asked), else the case's as the suites are written now, else nothing.
 */
export function reviewCandidates(input: { results: readonly CaseResult[]; traces: ReadonlyMap<string, Trace>; suites: readonly Suite[] }): ReviewCandidate[] {
  const inputs = new Map(input.suites.flatMap((suite) => suite.cases.map((kase) => [`${suite.name}/${kase.id}`, kase.input] as const)));
  return input.results.map((result) => {
    const trace = input.traces.get(result.trace_id);
    const asked = trace?.input ?? inputs.get(`${result.suite}/${result.case_id}`);
    return { result, ...(trace ? { trace } : {}), ...(asked === undefined ? {} : { input: asked }) };
  });
}
