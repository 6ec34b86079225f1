/**
 * The exit code as a pure function of how the run ended and how it was judged. Every command
 * that runs or reads cases (eval, score, baseline update, compare) asks this one function, so
 * `--no-gate`, the kill switch and a failed reporter mean the same thing everywhere.
 */
import type { ExitRecord, KillSwitchSummary } from '../config/schema/index.js';
import { EXIT, STOP_SIGNAL_EXIT } from '../errors.js';
import { gateFailure, type Verdict } from '../gate/index.js';
import { describeIncomplete } from '../report/headline.js';
import type { RunEnd } from '../gate/index.js';
import { commandHint } from '../config/command-hint.js';

/** What judged a completed run. */
export type Judgement =
  | { kind: 'ungated' }
  | { kind: 'gate'; verdict: Verdict }
  | { kind: 'readiness'; readiness: KillSwitchSummary }
  /** `replay`: the one case passed or failed. */
  | { kind: 'case'; passed: boolean }
  /**
   * The command could not take the run as it is: `baseline update` refuses to write a baseline of a
   * run with harness errors, or whose every attempt ended in one and the same agent_error
   * (`baselineRefusal`). Exit 3 with the reason. (`--from` a run that may not become the baseline,
   * a kill-switch, filtered or unfinished one, say, is refused before anything runs, by
   * `snapshotResults`' errors, not by this judgement.)
   */
  | { kind: 'refused'; reason: string };

export interface RunOutcome {
  end: RunEnd;
  judgement: Judgement;
  /** Reporters that failed to write their output (any hook). */
  reporterFailures: number;
  /**
   * `eval`: of the run's harness errors, how many `eval --resume` runs again (not one recorded as
   * blocking agentready's process: runsAgainOnResume). Unset for the commands that resume nothing (score, merge, compare, baseline update).
   */
  rerunnable?: number | undefined;
  /**
   * Of those, how many the model gateway's replay could not answer (`CASSETTE_MISS`): the same
   * replay misses them again, and `--models record` is what runs them.
   */
  cassetteMisses?: number | undefined;
  /** `merge`: the shard runs holding those errors, each resumed in its own folder (a merged run is not resumed), then merged again. */
  rerunIn?: readonly string[] | undefined;
}

export type ExitDecision = ExitRecord;

/** 130 interrupted by Ctrl-C, 143 by SIGTERM, 129 by SIGHUP; 3 when the run could not complete or a reporter failed; else the judgement's. */
export function decideExit(outcome: RunOutcome): ExitDecision {
  // A command that refused the run (baseline update) says what it did not do, and why, rather than that the run was incomplete: both exit 3.
  const refused = outcome.judgement.kind === 'refused' && outcome.end.kind !== 'interrupted' && outcome.end.kind !== 'completed';
  const ended = (refused ? undefined : endDecision(outcome.end, outcome)) ?? judgementDecision(outcome.judgement);
  if (outcome.reporterFailures > 0 && ended.code === EXIT.PASSED) {
    return { code: EXIT.HARNESS, reason: 'a reporter failed, so its output is missing' };
  }
  return ended;
}

function endDecision(end: RunEnd, rerun: Pick<RunOutcome, 'rerunnable' | 'cassetteMisses' | 'rerunIn'>): ExitDecision | undefined {
  switch (end.kind) {
    case 'completed':
      return undefined;
    case 'interrupted': {
      const by = end.signal === 'SIGINT' ? 'interrupted' : `stopped by ${end.signal}`;
      return {
        code: STOP_SIGNAL_EXIT[end.signal],
        reason: end.started ? `${by}: the cases that finished are in the run folder` : `${by} while the agent was starting: no case ran`,
      };
    }
    case 'skipped_for_cost':
      return { code: EXIT.HARNESS, reason: `run incomplete: ${describeIncomplete(end)}; ${end.shards ? resumeShards(end.shards) : `raise it and \`${commandHint('eval --resume')}\` runs them`}` };
    case 'too_many_errors':
    case 'no_results':
      return { code: EXIT.HARNESS, reason: `run incomplete: ${describeIncomplete(end)}${rerunHint(end.errors, rerun)}` };
  }
}

/**
 * `; \`agentready eval --resume\` runs them again` when an eval run's harness errors (some of them:
 * those that did not block the process) run again on resume. Cassette misses a replay would miss
 * again, so the command that runs them records: `eval --resume --models record`. A merge names the
 * shard runs to resume instead, then to merge again.
 */
function rerunHint(errors: number, { rerunnable, cassetteMisses = 0, rerunIn }: Pick<RunOutcome, 'rerunnable' | 'cassetteMisses' | 'rerunIn'>): string {
  if (rerunnable === undefined || rerunnable === 0) return '';
  const which = rerunnable >= errors ? 'them again' : `${rerunnable} of them again (the others blocked agentready's process)`;
  const resume = (flags: string): string =>
    rerunIn ? rerunIn.map((run) => `\`${commandHint(`eval --resume ${run}${flags}`)}\``).join(', ') : `\`${commandHint(`eval --resume${flags}`)}\``;
  const runs = rerunIn && rerunIn.length > 1 ? 'run' : 'runs';
  const merge = rerunIn ? ', then merge again' : '';
  if (cassetteMisses === 0) return `; ${resume('')} ${runs} ${which}${merge}`;
  const record = `${resume(' --models record')} ${runs} ${which}, calling the provider (with its key) and recording its answers${merge}`;
  if (cassetteMisses < rerunnable) return `; ${record} (${cassetteMisses} of them ${cassetteMisses === 1 ? 'is a cassette miss' : 'are cassette misses'}, which a replay would miss again)`;
  return `; they are cassette misses, which a replay would miss again: ${record}`;
}

// A merged run is not resumed: the shards that skipped attempts are, each in its own folder, then merged again.
function resumeShards(shards: readonly string[]): string {
  const commands = shards.map((run) => `\`${commandHint(`eval --resume ${run}`)}\``).join(', ');
  return `raise it, resume the shard ${shards.length === 1 ? 'run' : 'runs'} that skipped them (${commands}) and merge again`;
}

function judgementDecision(judgement: Judgement): ExitDecision {
  switch (judgement.kind) {
    case 'ungated':
      return { code: EXIT.PASSED };
    case 'readiness':
      return judgement.readiness.ready ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: 'the kill-switch readiness check failed' };
    case 'refused':
      return { code: EXIT.HARNESS, reason: judgement.reason };
    case 'case':
      return judgement.passed ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: 'the replayed case failed' };
    case 'gate':
      return judgement.verdict.pass ? { code: EXIT.PASSED } : { code: EXIT.GATE_FAILED, reason: gateFailure(judgement.verdict) };
  }
}
