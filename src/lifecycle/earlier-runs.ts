/**
 * Runs that start from an earlier one (of the config in use, when none is named): `--resume` goes on in an interrupted run's folder with the
 * attempts it planned (or in a run that finished with those it skipped at `budgets.max_run_cost_usd` or harness errors, with those: `runsAgainOnResume`); `--last-failed` selects what failed or errored in the newest finished run (not a kill-switch run nor a replay: `isAgentRun`; nor a `score` run).
 * Both name what they could not use (exit 2) before the agent starts.
 */
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import type { CaseResult } from '../config/schema/index.js';
import type { RunSelection } from '../config/schema/index.js';
import { isProductionResult } from '../config/production-case.js';
import { plural } from '../common/plural.js';
import { ListedKeys } from '../common/case-keys.js';
import { ConfigError, EmptyRunError, UsageError } from '../errors.js';
import { configName, linkedRunFiles, listRuns, madeByConfig, readBlocked, lastFinishedAgentRun, plannedRepeat, policyFingerprint, readRun, readRunIfRecorded, readTraces, RECORDED_ADAPTER, runDurationMs, runsAgainOnResume, runningElsewhere, stillRunning, suitesFingerprint, type ResumedRun, type RunRecord } from '../run/index.js';
import { commandHint } from '../config/command-hint.js';
import { narrowing } from '../report/narrowing.js';
import { shownFolder } from '../config/shown-path.js';
import { otherConfigNote, otherConfigRun, recordedConfigFlag } from './config-runs.js';
import { carriedWarnings } from './run-summary.js';

export interface ResumePlan {
  resume: ResumedRun;
  /** The attempts the run planned: its filters, shard, repeat and mode. */
  selection: RunSelection;
}

// `--last-failed` offered after 'nothing to resume' only for a run with a case to run again: of a run that passed, it says 'nothing to run'.
function failedAgain(results: readonly { status: string }[]): string {
  return results.some((r) => r.status === 'failed' || r.status === 'error') ? `, or \`${commandHint('eval --last-failed')}\` to run what failed again` : '';
}

/** The run `--resume [run]` continues (the newest when none is named), checked against the suites as they are now. */
export function planResume(input: { ref: string | undefined; config: ResolvedConfig; force: boolean; runsRoot: string; cwd: string }): ResumePlan {
  const ref = input.ref ?? newestRun(input);
  if (ref === undefined) throw noRunToResume(input);
  const run = readRun(ref, { runsRoot: input.runsRoot, cwd: input.cwd });
  const id = run.header.run_id;
  refuseOtherConfigs(run, input);
  const pid = runningElsewhere(run.dir);
  if (pid !== undefined) throw stillRunning({ id, pid });
  // A run that stopped at the run-wide cost cap, or with harness errors, finished, but its skipped
  // attempts never ran and its errored ones did not finish their cases: they run now (not a `score`
  // run's, whose errors are checks a recorded trace could not decide).
  const errored = run.adapter !== RECORDED_ADAPTER && run.results.some((result) => result.status === 'error' && runsAgainOnResume(result));
  if (!run.incomplete && run.skippedForCost === 0 && !errored) {
    const older = input.ref === undefined ? interruptedBefore(input, id) : undefined;
    throw new UsageError(
      `run ${id} finished: there is nothing to resume`,
      older
        ? `the newest interrupted run is ${older}: \`${commandHint(`eval --resume ${older}`)}\` goes on with it`
        : `run \`${commandHint('eval')}\` for a new run${failedAgain(run.results)}`,
    );
  }
  if (run.header.merged_from) throw new UsageError(`run ${id} was written by \`agentready merge\`: there is nothing to resume`);
  if (run.header.replay_of) throw new UsageError(`run ${id} was written by \`agentready replay\`: there is nothing to resume`);
  const linked = linkedRunFiles(run.dir);
  if (linked.length > 0) {
    throw new UsageError(
      `run ${id} cannot be resumed: its ${linked.join(', ')} ${linked.length === 1 ? 'is a symbolic link' : 'are symbolic links'}, which going on would write through, outside its folder`,
      `agentready writes no links in a run folder: copy the files themselves into it, or run \`${commandHint('eval')}\` for a new run`,
    );
  }
  const now = suitesFingerprint(input.config.suites);
  if (run.header.fingerprint !== now && !input.force) {
    throw new UsageError(
      `the suites changed since run ${id} started (fingerprint ${run.header.fingerprint}, now ${now}): its finished cases may no longer mean what the suites say`,
      `run \`${commandHint('eval')}\` for a new run, or add --force to resume anyway (${changedCases(run.results, input.config.suites)})`,
    );
  }
  // A changed policy would judge the attempts still to run by other rules than the finished ones,
  // under one gate and one header (`score` carries policy verdicts by it): no --force for that.
  // A run written before runs recorded their policy cannot tell, and goes on as before.
  const policyNow = policyFingerprint(input.config.policy);
  if (run.header.policy_fingerprint !== undefined && run.header.policy_fingerprint !== policyNow) {
    throw new UsageError(
      `the policy changed since run ${id} started (policy fingerprint ${run.header.policy_fingerprint}, now ${policyNow}): its finished cases were judged by other rules than the rest would be`,
      `run \`${commandHint('eval')}\` for a new run, or restore the policy the run started with to resume it`,
    );
  }
  const selection = run.header.selection ?? { repeat: 1, mode: 'normal' as const };
  return {
    selection,
    resume: { dir: run.dir, header: run.header, finished: run.results, traces: readTraces(run.dir), durationMs: runDurationMs(run), ...blockedOf(run.dir), ...(run.replayed ? { replayed: true } : {}), ...(run.replayedUsd !== undefined ? { replayedUsd: run.replayedUsd } : {}), ...(run.unauthenticatedRequests ? { unauthenticatedRequests: run.unauthenticatedRequests } : {}), warnings: carriedWarnings(run.warnings), ...(run.leftOut ? { leftOut: run.leftOut } : {}), ...(run.agent ? { agent: run.agent } : {}), ...(run.incomplete || run.skippedForCost > 0 ? {} : { inHistory: true as const }) },
  };
}

/** Cases named in the hint of a resume refused for an edit of the suites. */
const CHANGED_NAMED = 3;

/**
 * What `--resume --force` would do with the finished attempts of a run whose suites changed: which
 * of their cases changed since (they run again) or are gone (left out), or that none is, when the
 * edit is elsewhere (a case the run did not finish or select, a suite it did not run).
 */
function changedCases(results: readonly CaseResult[], suites: ResolvedConfig['suites']): string {
  const now = new Map<string, string>();
  for (const suite of suites) for (const kase of suite.cases) now.set(`${suite.name}/${kase.id}`, kase.fingerprint);
  // Attempts that run again anyway (a harness error, one the cost cap skipped) are not kept either way.
  const kept = results.filter((result) => !runsAgainOnResume(result));
  const changed = new Set<string>();
  const removed = new Set<string>();
  for (const result of kept) {
    const key = `${result.suite}/${result.case_id}`;
    const fingerprint = now.get(key);
    if (fingerprint === undefined) removed.add(key);
    else if (fingerprint !== result.fingerprint) changed.add(key);
  }
  if (changed.size === 0 && removed.size === 0) return `none of the ${plural(kept.length, 'attempt')} it finished is of a case changed or removed since: all are kept, and the rest run`;
  const named = (keys: Set<string>) => [...keys].slice(0, CHANGED_NAMED).join(', ') + (keys.size > CHANGED_NAMED ? `, … (${keys.size - CHANGED_NAMED} more)` : '');
  return [
    ...(changed.size > 0 ? [`${plural(changed.size, 'case')} it finished changed since and ${changed.size === 1 ? 'runs' : 'run'} again: ${named(changed)}`] : []),
    ...(removed.size > 0 ? [`${plural(removed.size, 'case')} it finished ${removed.size === 1 ? 'is' : 'are'} gone from the suites and left out: ${named(removed)}`] : []),
  ].join('; ');
}

/** What `--last-failed` runs: the cases that failed or errored, or nothing, with the words telling why. */
export type LastFailed =
  | {
      kind: 'cases';
      run: RunRecord;
      cases: string[];
      /** The attempts per case the run read made (`--repeat`, `run.repeat`), when more than one: a flaky case is judged again over as many. */
      repeat?: number;
      gone?: string;
      shardOnly?: string;
    }
  | { kind: 'nothing'; run: RunRecord; note: string };

/** Cases named when some that failed are gone from the suites. */
const GONE_NAMED = 3;

/**
 * The cases that failed or errored in the newest finished run of the config file `configFile`
 * (`madeByConfig` its `configName`; the configs of one folder share its runs folder) that `isAgentRun` counts (no
 * kill-switch run, no replay) and that ran the agent (no `score` run: it judged recorded traces,
 * maybe of another agent or of production, and a check a redacted trace could not decide is one
 * of its errors; the history leaves it out too) and, for a shard (`shard`), that is no shard of an earlier
 * `--last-failed --shard` (the sibling shards of a matrix all read one run), as `<suite>/<case-id>`; when there are none, nothing to run, and
 * the note says so (and that `--resume` runs the attempts the run skipped at its cost cap).
 * Throws a UsageError when there is no such run.
 */
export function lastFailedCases(input: { runsRoot: string; cwd: string; shard?: boolean; suites?: ResolvedConfig['suites']; configFile?: string | undefined }): LastFailed {
  const config = configName(input.configFile);
  const run = newestReadable({ ...input, config });
  if (!run) {
    const other = otherConfigNote({ runsRoot: input.runsRoot, cwd: input.cwd, finished: true, ranAgent: true, config }, ({ configFlag }) => `eval --last-failed ${configFlag}`);
    const of = config === undefined || other === '' ? '' : ` made with ${config}`;
    throw new UsageError(
      `--last-failed needs a finished run${of}: there is none under ${shownFolder(input.runsRoot, input.cwd)} (kill-switch runs, replays and \`score\` runs are not counted)${other}`,
      `run \`${commandHint('eval')}\` first`,
    );
  }
  const failed = run.results.filter((r) => r.status === 'failed' || r.status === 'error');
  // A production trace (`score --unlabeled`) is no case of the suites: nothing an eval could run again.
  const cases = [...new Set(failed.filter((r) => !isProductionResult(r)).map((r) => `${r.suite}/${r.case_id}`))];
  if (cases.length > 0) {
    const gone = input.suites ? goneFromSuites(cases, input.suites) : [];
    const repeat = plannedRepeat(run) ?? 1;
    const part = { ...shardOnly(run), ...(repeat > 1 ? { repeat } : {}) };
    // All gone is selectCases' error (run/select.ts); some gone would leave them out unsaid.
    if (gone.length === 0 || gone.length === cases.length) return { kind: 'cases', run, cases, ...part };
    const named = gone.slice(0, GONE_NAMED).join(', ') + (gone.length > GONE_NAMED ? `, … (${gone.length - GONE_NAMED} more)` : '');
    return { kind: 'cases', run, cases, ...part, gone: `${plural(gone.length, 'case')} that failed in run ${run.header.run_id} ${gone.length === 1 ? 'is' : 'are'} no longer in the suites (renamed or removed since), so ${gone.length === 1 ? 'it does' : 'they do'} not run: ${named}` };
  }
  const skipped = run.skippedForCost === 0 ? '' : `; ${plural(run.skippedForCost, 'attempt')} skipped at budgets.max_run_cost_usd: \`${commandHint('eval --resume')}\` runs them`;
  const production = failed.length === 0 ? '' : `; the production traces that failed (${plural(failed.length, 'attempt')}) are no cases of the suites`;
  // A filtered run (eval --grep …) judged only its cases: those it left out may fail still. One of --last-failed's ran what failed before it.
  const narrowed = narrowing({ selection: run.header.selection && { ...run.header.selection, cases: undefined }, interrupted: false });
  const filtered = narrowed === null ? '' : ` (it ran only the cases of ${narrowed}: \`${commandHint('eval')}\` runs them all)`;
  // One shard of a matrix passed: the other shards' failures are in their runs, or in their merge.
  const joined = run.header.selection?.shard === undefined ? '' : `; \`${commandHint('merge <shard runs>')}\` joins its shards into one run, which --last-failed then reads`;
  return { kind: 'nothing', run, note: `no case failed or errored in run ${run.header.run_id}${filtered}: nothing to run${joined}${production}${skipped}` };
}

/**
 * The warning for a run read that is one shard of a matrix (its merge is a run of its own): what
 * failed in the other shards does not run, unsaid otherwise, since the shard's own run looks whole.
 */
function shardOnly(run: RunRecord): { shardOnly?: string } {
  const shard = run.header.selection?.shard;
  if (shard === undefined) return {};
  return {
    shardOnly: `run ${run.header.run_id}, the newest finished run, is shard ${shard.index}/${shard.total}: only what failed in that shard runs, not what failed in the other shards; \`${commandHint('merge <shard runs>')}\` joins them into one run, which --last-failed then reads`,
  };
}

/** The listed `<suite>/<case-id>` keys no case of the suites has (as written, or as a redacted run lists it). */
function goneFromSuites(cases: readonly string[], suites: ResolvedConfig['suites']): string[] {
  const listed = new ListedKeys(cases);
  const found = new Set<string>();
  for (const suite of suites) {
    for (const kase of suite.cases) {
      const form = listed.formOf(`${suite.name}/${kase.id}`);
      if (form !== undefined) found.add(form);
    }
  }
  return cases.filter((key) => !found.has(key));
}

/**
 * The newest finished agent run for `--last-failed`; a damaged run folder in the way is the same
 * ConfigError (exit 2, located), with what this flag can do about it: it names no run.
 */
function newestReadable(input: { runsRoot: string; cwd: string; shard?: boolean | undefined; config?: string | undefined }): RunRecord | undefined {
  try {
    // A shard of `--last-failed` reads the run its sibling shards read: not a sibling made before it, which holds only its own part.
    const lookPast = input.shard === true ? (run: RunRecord) => isLastFailedShard(run) : undefined;
    return lastFinishedAgentRun({ runsRoot: input.runsRoot, cwd: input.cwd, ranAgent: true, config: input.config, ...(lookPast ? { lookPast } : {}) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.issues, {
      message: error.message,
      hint: `--last-failed reads the newest finished run: repair or remove that run folder, or run \`${commandHint('eval')}\` for a new run`,
    });
  }
}

/** Whether a run is one shard of an `eval --last-failed --shard i/n`: its header lists the cases it was given and its shard. */
function isLastFailedShard(run: RunRecord): boolean {
  return run.header.selection?.shard !== undefined && run.header.selection.cases !== undefined;
}

/** Runs looked at for an interrupted one older than the newest (a bare --resume's hint). */
const INTERRUPTED_LOOKBACK = 20;

// The newest run before `newest` that an `eval` left interrupted (not a replay's or a merge's), among the last few.
function interruptedBefore(input: { runsRoot: string; cwd: string; config: ResolvedConfig }, newest: string): string | undefined {
  const runs = listRuns(input.runsRoot).reverse();
  return runs
    .slice(runs.indexOf(newest) + 1, runs.indexOf(newest) + 1 + INTERRUPTED_LOOKBACK)
    .map((runId) => readRunIfRecorded(runId, { runsRoot: input.runsRoot, cwd: input.cwd }))
    .find((run) => run !== undefined && run.incomplete && !run.header.replay_of && !run.header.merged_from && madeByConfig(run.header, configName(input.config.file)))?.header.run_id;
}

/**
 * A run named to `--resume` that another config of the folder made (they share its runs folder) goes
 * on with that config's agent, not this one's (the suites' fingerprint passes when they run the same
 * suites): refused, with the command resuming it with its config. A run that recorded none (made
 * before agentready recorded it, or with the embedded default) may be any config's.
 */
function refuseOtherConfigs(run: RunRecord, input: { runsRoot: string; cwd: string; config: ResolvedConfig }): void {
  const made = run.header.config;
  if (made === undefined || madeByConfig(run.header, configName(input.config.file))) return;
  const id = run.header.run_id;
  throw new UsageError(
    `run ${id} was made with ${made}, not ${configName(input.config.file) ?? 'the config in use'}: resuming it with this config would go on with another agent`,
    `\`${commandHint(`eval --resume ${id} ${recordedConfigFlag(made, input)}`)}\` goes on with it as it was made`,
  );
}

// A bare --resume with no run folder the config in use made: the newest run another config of the folder made (they share its runs folder), and the command going on with it.
function noRunToResume(input: { runsRoot: string; cwd: string; config: ResolvedConfig }): UsageError {
  const config = configName(input.config.file);
  const other = otherConfigRun({ runsRoot: input.runsRoot, cwd: input.cwd, finished: false, config });
  const where = shownFolder(input.runsRoot, input.cwd);
  const hint = `run \`${commandHint('eval')}\` first`;
  if (other === undefined) return new UsageError(`no run to resume: there is no run folder under ${where}`, hint);
  const goOn = commandHint(`eval --resume ${other.id} ${other.configFlag}`);
  return new UsageError(`no run to resume: there is no run folder made with ${config} under ${where}; the newest there, ${other.id}, was made with ${other.config}: \`${goOn}\` goes on with it`, hint);
}

// The newest run folder the config in use made (the configs of one folder share its runs folder) that is not a replay's nor a merge's (a merge killed before its summary.json is no eval to go on with): the one an interrupted `eval` left.
function newestRun(input: { runsRoot: string; cwd: string; config: ResolvedConfig }): string | undefined {
  const config = configName(input.config.file);
  return listRuns(input.runsRoot)
    .reverse()
    .find((id) => {
      const { header } = readNewest(input, id);
      return !header.replay_of && !header.merged_from && madeByConfig(header, config);
    });
}

/**
 * Run `id`, read for a bare --resume. One that recorded no case (stopped before it wrote its header)
 * cannot be resumed: what it was asked to run (its flags, its config) is not known. Said plainly
 * (exit 2), with what to do: start it again, or go on with the interrupted run before it.
 */
function readNewest(input: { runsRoot: string; cwd: string; config: ResolvedConfig }, id: string): RunRecord {
  try {
    return readRun(id, { runsRoot: input.runsRoot, cwd: input.cwd });
  } catch (error) {
    if (!(error instanceof EmptyRunError)) throw error;
    const older = interruptedBefore(input, id);
    const goOn = older === undefined ? '' : `; or go on with the newest interrupted run before it: \`${commandHint(`eval --resume ${older}`)}\``;
    throw new EmptyRunError(
      `the newest run, ${id}, records no case: it was stopped before it wrote its first line, so there is nothing to resume (what it was asked to run is not known)`,
      `run \`${commandHint('eval')}\` again with the flags it was started with, and remove ${shownFolder(join(input.runsRoot, id), input.cwd)}${goOn}`,
    );
  }
}

/** What blocked.json says of the attempts in flight when a module agent blocked the run's process, when it does. */
function blockedOf(dir: string): Pick<ResumedRun, 'blocked'> {
  const blocked = readBlocked(dir);
  return blocked ? { blocked } : {};
}
