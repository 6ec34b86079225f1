/**
 * Why a run may not become the baseline (`baseline update`'s refusals): harness errors or one agent
 * error everywhere (baselineRefusal), attempts skipped at the cost cap (skippedRefusal), a live run
 * with nothing measured (unfinishedRefusal), and under --from a run of other suites
 * (refuseOtherSuites), a kill-switch, filtered, production or unfinished one (refuseSnapshot), or
 * one that would record no case (noCaseRefusal). baseline-update.ts applies them.
 */
import { plural } from '../common/plural.js';
import { neutralizeLine } from '../common/sanitize.js';
import { HarnessError, UsageError } from '../errors.js';
import { isProductionResult } from '../config/production-case.js';
import type { CaseResult, ResultsHeader, Suite } from '../config/schema/index.js';
import { commandHint } from '../config/command-hint.js';
import { isFiltered, ranFingerprint, suitesFingerprint, type RunRecord } from '../run/index.js';
import { foldCases, sameAgentError } from '../gate/index.js';
import { envFileWords } from './env-file.js';

/** Harness errors quoted when a baseline is refused for them. */
const MAX_ERRORS_NAMED = 3;

/**
 * Why a run with harness errors may not become the baseline (SPEC §11 baseline update), unless
 * forced: one line, then the first errors, one indented line each (a crash's stderr lines below it).
 * The errors quote the agent, as a run folder holds them (as written, for a run made with
 * --no-redact): `clean` is the command's own redaction of them (`redactions(…).text`).
 */
export function baselineRefusal(results: readonly CaseResult[], options: { force: boolean; clean: (text: string) => string; envFile?: string | undefined }): string | undefined {
  const { force, clean } = options;
  if (force) return undefined;
  // Every case failing alike is the agent not running at all (a missing key, say): a baseline of it
  // accepts every failure, and no later run could newly fail.
  const alike = sameAgentError(results);
  if (alike) {
    const envFile = options.envFile === undefined ? '' : `\n  ${neutralizeLine(envFileWords(options.envFile))}`;
    return `every case (${plural(alike.attempts, 'attempt')}) ended in agent_error with one and the same message, so the baseline was not written: the agent could not run at all (a missing API key or secret?), and a baseline of it would accept every failure (fix the setup, or pass --force to record it)\n  ${neutralizeLine(clean(alike.message))}${envFile}`;
  }
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length === 0) return undefined;
  const named = errors.slice(0, MAX_ERRORS_NAMED).map((r) => `  ${r.suite}/${r.case_id}: ${clean(r.error?.message ?? 'error').replaceAll('\n', '\n    ')}`);
  const more = errors.length > MAX_ERRORS_NAMED ? [`  … and ${errors.length - MAX_ERRORS_NAMED} more`] : [];
  return [`${plural(errors.length, 'case')} ended in harness errors, so the baseline was not written (fix them, or pass --force to record them)`, ...named, ...more].join('\n');
}

/**
 * Why a run that stopped starting cases at budgets.max_run_cost_usd may not become the baseline:
 * it would hold no verdict for the cases it skipped, which every later run would read as added.
 * `run` names it; `from`: under --from, where --force records the cases that ran (as of an
 * interrupted run); a live `baseline update` refuses it even forced, since its exit says the run
 * is incomplete. Undefined when nothing was skipped.
 */
export function skippedRefusal(args: { skipped: number; run: string; from: boolean }): string | undefined {
  if (args.skipped === 0) return undefined;
  const resume = `\`${commandHint(`eval --resume ${args.run}`)}\``;
  const then = args.from ? `go on with it first (raise the cap: ${resume}), or pass --force to record the cases that ran (not one with an attempt skipped and none failed: it was not judged)` : `raise the cap and run it again, or go on with this run (${resume}) and snapshot it (\`${commandHint(`baseline update --from ${args.run}`)}\`)`;
  return `${plural(args.skipped, 'attempt')} ${args.from ? `of run ${args.run} ` : ''}${args.skipped === 1 ? 'was' : 'were'} skipped after the run reached budgets.max_run_cost_usd, so the baseline was not written: it would hold no verdict for their cases, which every later run would read as added (${then})`;
}

/**
 * Why a live `baseline update` run may not become the baseline even under --force, since its exit
 * says the run is incomplete: it stopped at the cost cap (skippedRefusal), or every attempt it
 * made ended in a harness error (nothing measured: a baseline of it would record no case's verdict).
 */
export function unfinishedRefusal(args: { run: string; skipped: number; attempts: number; errors: number }): string | undefined {
  const skipped = skippedRefusal({ skipped: args.skipped, run: args.run, from: false });
  if (skipped) return skipped;
  const counted = args.attempts - args.skipped;
  if (counted === 0 || args.errors < counted) return undefined;
  return `every attempt (${counted}) ended in a harness error, so the baseline was not written, even with --force: a baseline of it would hold no measured verdict (fix what the errors say, then run it again)`;
}

/**
 * Refuses `baseline update --from` a run of other suites (another config's, or these before an
 * edit): a baseline of its cases would not be of these. Throws a UsageError naming both fingerprints.
 */
export function refuseOtherSuites(args: { header: Pick<ResultsHeader, 'run_id' | 'fingerprint'>; suites: readonly Suite[] }): void {
  const now = suitesFingerprint(args.suites);
  if (args.header.fingerprint !== now) {
    throw new UsageError(
      `run ${args.header.run_id} ran other suites than these, or these before an edit (fingerprint ${args.header.fingerprint}; the suites here are ${now}): a baseline records the cases of the suites as they are here`,
      `snapshot a run made with the suites as they are, or run \`${commandHint('baseline update')}\` without --from`,
    );
  }
}

/**
 * Why a baseline of `results` would record no case, even forced (a UsageError: exit 2): the run
 * finished no attempt of the suites' cases, or every case it ran is partial (fewer attempts than
 * the `planned` repeat, or skipped at the cost cap, and none failed: not judged, so left out).
 * Undefined when some case would be recorded.
 */
export function noCaseRefusal(args: { results: readonly CaseResult[]; run: string; planned: number }): UsageError | undefined {
  const { results, run } = args;
  const cases = [...foldCases(results, args.planned).values()];
  if (cases.some((verdict) => verdict.status !== 'skipped')) return undefined;
  const resume = `\`${commandHint(`eval --resume ${run}`)}\``;
  const fresh = `\`${commandHint('baseline update')}\` without --from`;
  if (cases.length === 0) {
    return new UsageError(`run ${run} has no finished attempt of the suites' cases: a baseline of it would record no case, so it was not written, even with --force`, `finish it first (${resume}), or run ${fresh}`);
  }
  return new UsageError(
    `every case run ${run} ran (${cases.length}) is partial: it ran fewer attempts than the run planned (${args.planned}) and failed none, so it is not judged and no baseline records it; a baseline of the run would record no case, so it was not written, even with --force`,
    `run the attempts left first (${resume}), or run ${fresh}`,
  );
}

/**
 * Refuses `baseline update --from` a run that may not become the baseline, throwing what says why:
 * a kill-switch or filtered run (a baseline of a subset would silently drop the rest), a run of
 * other suites (refuseOtherSuites), one that scored production traces, and an unfinished one
 * unless forced. (Its harness errors are snapshotResults', on the lines the baseline would record.)
 */
export function refuseSnapshot(args: { suites: readonly Suite[]; force: boolean; run: Pick<RunRecord, 'header' | 'results' | 'killSwitch' | 'incomplete' | 'fingerprint'> }): void {
  const { run, force } = args;
  const selection = run.header.selection;
  // A baseline is the record of every case: one from a subset would silently drop the rest.
  // A kill-switch run by run.killSwitch (its summary says so when an older header names no selection).
  if (run.killSwitch || (selection && isFiltered(selection))) {
    throw new UsageError(
      `run ${run.header.run_id} ${run.killSwitch ? 'ran read-only (--kill-switch)' : 'selected only some cases (filters, --last-failed or --shard)'}: a baseline records every case as the agent answers it`,
      `snapshot a full run (or \`${commandHint('merge')}\` the shards first), or run \`${commandHint('baseline update')}\` without --from`,
    );
  }
  refuseOtherSuites({ header: { run_id: run.header.run_id, fingerprint: ranFingerprint(run) }, suites: args.suites });
  // Production traces are no cases of the suites: a baseline of them would list them as removed from every later run.
  const production = run.results.filter(isProductionResult).length;
  if (production > 0) {
    throw new UsageError(
      `run ${run.header.run_id} scored ${plural(production, 'production trace')} (\`score --unlabeled\`): they are no cases of the suites, and a baseline records the suites' cases`,
      `snapshot a run of \`agentready eval\` (or of \`agentready score\` without --unlabeled), or run \`${commandHint('baseline update')}\` without --from`,
    );
  }
  if (run.incomplete && !force) {
    throw new HarnessError('RUN_INCOMPLETE', `run ${run.header.run_id} did not finish (interrupted, or no summary.json); the baseline was not written. Pass --force to record the cases it has.`);
  }
}
