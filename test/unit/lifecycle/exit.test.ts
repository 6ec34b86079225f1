// The exit code as a pure function of how the run ended and how it was judged.
import { describe, expect, it } from 'vitest';
import type { KillSwitchSummary } from '../../../src/config/schema/index.js';
import type { Verdict } from '../../../src/gate/index.js';
import { decideExit, type RunOutcome } from '../../../src/lifecycle/index.js';
import { runEndOf } from '../../../src/gate/index.js';

const notReady = { ready: false } as KillSwitchSummary;
const failed = { pass: false, checks: [], diff: { newly_failing: [] } } as unknown as Verdict;
const outcome = (over: Partial<RunOutcome>): RunOutcome => ({ end: { kind: 'completed' }, judgement: { kind: 'ungated' }, reporterFailures: 0, ...over });

describe('decideExit', () => {
  it('a completed run that was not judged (--no-gate, with or without the kill switch) exits 0', () => {
    expect(decideExit(outcome({}))).toEqual({ code: 0 });
  });

  it('the kill switch and the gate judge a completed run: 1 with why', () => {
    expect(decideExit(outcome({ judgement: { kind: 'readiness', readiness: notReady } }))).toEqual({ code: 1, reason: 'the kill-switch readiness check failed' });
    expect(decideExit(outcome({ judgement: { kind: 'gate', verdict: failed } })).code).toBe(1);
  });

  it('a reporter that failed turns a pass into 3, and leaves a failure as it was', () => {
    expect(decideExit(outcome({ reporterFailures: 1 }))).toEqual({ code: 3, reason: 'a reporter failed, so its output is missing' });
    expect(decideExit(outcome({ reporterFailures: 1, judgement: { kind: 'gate', verdict: failed } })).code).toBe(1);
  });

  it('how the run ended comes before any judgement', () => {
    expect(decideExit(outcome({ end: { kind: 'interrupted', started: false, signal: 'SIGINT' }, judgement: { kind: 'gate', verdict: failed } }))).toEqual({
      code: 130,
      reason: 'interrupted while the agent was starting: no case ran',
    });
    // SIGTERM (a CI job cancelled) exits 128 + 15, as shells count a process the signal ended.
    expect(decideExit(outcome({ end: { kind: 'interrupted', started: true, signal: 'SIGTERM' } }))).toEqual({
      code: 143,
      reason: 'stopped by SIGTERM: the cases that finished are in the run folder',
    });
    expect(decideExit(outcome({ end: { kind: 'skipped_for_cost', skipped: 2 } })).code).toBe(3);
    // A command that refused the run (baseline update) says what it did not write and why, not only that the run was incomplete.
    expect(decideExit(outcome({ end: { kind: 'skipped_for_cost', skipped: 2 }, judgement: { kind: 'refused', reason: 'the baseline was not written' } }))).toEqual({ code: 3, reason: 'the baseline was not written' });
    expect(decideExit(outcome({ end: { kind: 'too_many_errors', errors: 1, counted: 3, maxErrorRate: 0 } })).reason).toBe(
      'run incomplete: 1 of 3 attempts ended in harness errors (33%), above run.max_error_rate 0',
    );
  });

  it('an eval run incomplete by harness errors says `eval --resume` runs them again; another command (rerunnable unset) does not', () => {
    const tooMany = { kind: 'too_many_errors', errors: 2, counted: 3, maxErrorRate: 0 } as const;
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2 })).reason).toBe(
      'run incomplete: 2 of 3 attempts ended in harness errors (67%), above run.max_error_rate 0; `agentready eval --resume` runs them again',
    );
    expect(decideExit(outcome({ end: { kind: 'no_results', errors: 2 }, rerunnable: 2 })).reason).toBe(
      'run incomplete: no case produced a result: 2 of 2 attempts ended in harness errors; `agentready eval --resume` runs them again',
    );
    // One recorded as blocking agentready's process is not run again.
    expect(decideExit(outcome({ end: tooMany, rerunnable: 1 })).reason).toMatch(/; `agentready eval --resume` runs 1 of them again \(the others blocked agentready's process\)$/);
    expect(decideExit(outcome({ end: tooMany, rerunnable: 0 })).reason).toBe('run incomplete: 2 of 3 attempts ended in harness errors (67%), above run.max_error_rate 0');
    expect(decideExit(outcome({ end: tooMany })).reason).not.toContain('--resume');
  });

  it('a run incomplete by cassette misses names the resume that records them: a replay would miss them again', () => {
    const tooMany = { kind: 'too_many_errors', errors: 2, counted: 3, maxErrorRate: 0 } as const;
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, cassetteMisses: 2 })).reason).toBe(
      'run incomplete: 2 of 3 attempts ended in harness errors (67%), above run.max_error_rate 0; they are cassette misses, which a replay would miss again: `agentready eval --resume --models record` runs them again, calling the provider (with its key) and recording its answers',
    );
    expect(decideExit(outcome({ end: { kind: 'no_results', errors: 1 }, rerunnable: 1, cassetteMisses: 1 })).reason).toBe(
      'run incomplete: no case produced a result: 1 of 1 attempt ended in harness errors; they are cassette misses, which a replay would miss again: `agentready eval --resume --models record` runs them again, calling the provider (with its key) and recording its answers',
    );
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, cassetteMisses: 1 })).reason).toMatch(
      /; `agentready eval --resume --models record` runs them again, calling the provider \(with its key\) and recording its answers \(1 of them is a cassette miss, which a replay would miss again\)$/,
    );
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, cassetteMisses: 0 })).reason).toMatch(/; `agentready eval --resume` runs them again$/);
  });

  it('a merge incomplete by its shards\' harness errors names the shard runs to resume, then to merge again: a merged run is not resumed', () => {
    const tooMany = { kind: 'too_many_errors', errors: 2, counted: 3, maxErrorRate: 0 } as const;
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, rerunIn: ['run-a'] })).reason).toBe(
      'run incomplete: 2 of 3 attempts ended in harness errors (67%), above run.max_error_rate 0; `agentready eval --resume run-a` runs them again, then merge again',
    );
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, rerunIn: ['run-a', 'run-b'] })).reason).toMatch(
      /; `agentready eval --resume run-a`, `agentready eval --resume run-b` run them again, then merge again$/,
    );
    expect(decideExit(outcome({ end: tooMany, rerunnable: 2, cassetteMisses: 2, rerunIn: ['run-a'] })).reason).toMatch(
      /: `agentready eval --resume run-a --models record` runs them again, calling the provider \(with its key\) and recording its answers, then merge again$/,
    );
  });
});

describe('runEndOf', () => {
  it('counts harness errors against max_error_rate, skipped attempts aside', () => {
    // An error, a pass and a skipped attempt.
    const counts = { attempts: 3, skipped: 1, errors: 1 };
    // Within the rate, the errors are carried for the headline to name.
    expect(runEndOf({ interrupted: undefined, skipped_for_cost: 0, counts, maxErrorRate: 0.5 })).toEqual({ kind: 'completed', tolerated: { errors: 1, counted: 2, maxErrorRate: 0.5 } });
    expect(runEndOf({ interrupted: undefined, skipped_for_cost: 0, counts: { ...counts, errors: 0 }, maxErrorRate: 0.5 })).toEqual({ kind: 'completed' });
    expect(runEndOf({ interrupted: undefined, skipped_for_cost: 0, counts, maxErrorRate: 0.4 })).toMatchObject({ kind: 'too_many_errors', errors: 1, counted: 2 });
  });

  it('a session whose every counted attempt is a harness error has no results, whatever max_error_rate allows', () => {
    // Two errors and a skipped attempt.
    const end = runEndOf({ interrupted: undefined, skipped_for_cost: 0, counts: { attempts: 3, skipped: 1, errors: 2 }, maxErrorRate: 1 });
    expect(end).toEqual({ kind: 'no_results', errors: 2 });
    expect(decideExit(outcome({ end }))).toEqual({ code: 3, reason: 'run incomplete: no case produced a result: 2 of 2 attempts ended in harness errors' });
    expect(runEndOf({ interrupted: undefined, skipped_for_cost: 0, counts: { attempts: 1, skipped: 1, errors: 0 }, maxErrorRate: 1 })).toEqual({ kind: 'completed' });
  });

  it('an interrupted session ended by the signal that stopped it, before any other count', () => {
    expect(runEndOf({ interrupted: 'SIGTERM', skipped_for_cost: 2, counts: { attempts: 0, skipped: 0, errors: 0 }, maxErrorRate: 0 })).toEqual({ kind: 'interrupted', started: true, signal: 'SIGTERM' });
  });
});
