// What `eval --resume` tells of the attempts an earlier session finished: those it keeps, and
// those that run again because their case changed since (--force). A lost trace is no change.
import { describe, expect, it } from 'vitest';
import { attemptKey, type Attempt } from '../../../src/run/plan.js';
import { agentChangedSince, blockedAttempts, changedSince, erroredBefore, isLeftOutWarning, isPricesChangedWarning, pricesChangedSince, keptAttempts, leftOutSince, leftOutWarning, runsAgainOnResume, type ResumedRun } from '../../../src/run/resumed.js';
import { withoutLeftOut } from '../../../src/run/results-file.js';
import type { AttemptRef, Trace } from '../../../src/config/schema/index.js';
import { result } from '../gate/results-builder.js';

const suite = { name: 'support' } as Attempt['suite'];
const planned = ['a', 'b', 'c', 'd'].map((id) => ({ suite, kase: { id, fingerprint: `fp-${id}` }, attempt: 1 }) as unknown as Attempt);

describe('changedSince and keptAttempts', () => {
  it('counts as run again only the finished attempts whose case changed; one whose trace was lost is not finished', () => {
    const finished = [result({ case_id: 'a' }), result({ case_id: 'b' }), result({ case_id: 'c', fingerprint: 'fp-c-before' })];
    // b's trace line was lost: a run killed between its results.jsonl and traces.jsonl writes.
    const traces = new Map(['a', 'c'].map((id) => [`tr-${id}-1`, { trace_id: `tr-${id}-1` } as Trace]));
    const resume = { finished, traces } as unknown as ResumedRun;
    expect(keptAttempts(planned, resume).map((kept) => kept.result.case_id)).toEqual(['a']);
    expect(changedSince(planned, resume)).toBe(1);
  });

  it('runs again an attempt that ended in a harness error (SPEC §11: --resume runs errors again), a changed one not counted as changed; one recorded as blocking the process stays', () => {
    const error = (case_id: string, code: string, fingerprint = `fp-${case_id}`) => result({ case_id, fingerprint, status: 'error', outcome: 'error', error: { code, message: 'x' } });
    const finished = [result({ case_id: 'a' }), error('b', 'AGENT_EXITED'), error('c', 'AGENT_BLOCKED'), error('d', 'TRANSPORT', 'fp-d-before')];
    const traces = new Map(['a', 'b', 'd'].map((id) => [`tr-${id}-1`, { trace_id: `tr-${id}-1` } as Trace]));
    const resume = { finished, traces } as unknown as ResumedRun;
    expect(keptAttempts(planned, resume).map((kept) => kept.result.case_id)).toEqual(['a', 'c']);
    expect(changedSince(planned, resume)).toBe(0);
    // The first line counts those that run again after a harness error (b and d), not the one recorded as blocking (c).
    expect(erroredBefore(planned, resume)).toBe(2);
    expect(finished.map(runsAgainOnResume)).toEqual([false, true, false, true]);
  });
});

describe('leftOutSince (--resume --force after cases were removed from the suites)', () => {
  it('leaves out, and lists, the finished attempts whose case the suites no longer have, whatever their status, with those an earlier session left out that are still gone', () => {
    const finished = [result({ case_id: 'a' }), result({ case_id: 'gone' }), result({ case_id: 'gone-too', status: 'error', outcome: 'error', error: { code: 'TRANSPORT', message: 'x' } })];
    const earlier = [{ suite: 'support', case_id: 'long-gone', attempt: 1 }, { suite: 'support', case_id: 'b', attempt: 1 }];
    const { leftOut, finished: counted } = leftOutSince(planned, { finished, leftOut: earlier });
    // b is back in the suites: no longer left out (its old line was dropped when the run was read, so it runs again).
    expect(leftOut.map((ref) => ref.case_id)).toEqual(['gone', 'gone-too', 'long-gone']);
    expect(counted).toBe(2);
    // What every reader of the run drops, as results.jsonl writes the attempts.
    expect(withoutLeftOut(finished, leftOut).map((r) => r.case_id)).toEqual(['a']);
  });

  it('keeps an attempt whose case id results.jsonl writes redacted (an id that reads as PII) while the suites have the case', () => {
    const pii = [{ suite, kase: { id: '4111111111111111', fingerprint: 'fp-card' }, attempt: 1 }] as unknown as Attempt[];
    const finished = [result({ case_id: '[card]', fingerprint: 'fp-card' })];
    expect(leftOutSince(pii, { finished }).leftOut).toEqual([]);
    expect(leftOutSince(planned, { finished }).leftOut).toEqual([{ suite: 'support', case_id: '[card]', attempt: 1 }]);
  });

  it('warns of them once, naming their cases, and an earlier session\'s warning of them is told apart to be said again of the whole run', () => {
    expect(leftOutWarning([])).toEqual([]);
    const [warning] = leftOutWarning([{ suite: 's', case_id: 'b', attempt: 1 }, { suite: 's', case_id: 'b', attempt: 2 }]);
    expect(warning).toMatch(/^the suites no longer have the case s\/b \(removed or renamed since the run started\): their 2 attempts the run had finished are left out of the run/);
    expect(warning).toContain('summary.json lists them under left_out, so compare, merge, baseline update --from, the card and the weekly review leave them out too');
    expect(isLeftOutWarning(warning!)).toBe(true);
    expect(isLeftOutWarning('the run was resumed against x')).toBe(false);
  });
});

describe('blockedAttempts (blocked.json: the attempts in flight when a module agent blocked the process)', () => {
  const ref = (case_id: string): AttemptRef => ({ suite: 'support', case_id, attempt: 1 });
  const resumeOf = (attempts: AttemptRef[], inFlight = attempts.length) => ({ finished: [], traces: new Map(), blocked: { format: 'agentready-blocked', blocked_ms: 3200, in_flight: inFlight, attempts } }) as unknown as ResumedRun;

  it('records the one attempt alone in flight as an error of code AGENT_BLOCKED, with no trace, and blames nothing else', () => {
    const { recorded, suspects } = blockedAttempts(planned, { resume: resumeOf([ref('b')]), kept: [] });
    expect(suspects.size).toBe(0);
    expect(recorded.map(({ kind, result }) => [kind, result.case_id, result.status, result.outcome, result.duration_ms, result.error?.code])).toEqual([['not_run', 'b', 'error', 'error', 3200, 'AGENT_BLOCKED']]);
    expect(recorded[0]!.result.error!.message).toMatch(/^the module agent blocked agentready's process for 3200 ms in this case/);
  });

  it('records one whose tool handler blocked it with the code and the handler blocked.json names (HANDLER_BLOCKED)', () => {
    const by = 'the tool handler ./h.mjs#spin of spin in case c';
    const { recorded } = blockedAttempts(planned, { resume: resumeOf([{ ...ref('c'), code: 'HANDLER_BLOCKED', by } as AttemptRef]), kept: [] });
    expect(recorded.map(({ result }) => [result.case_id, result.status, result.error?.code])).toEqual([['c', 'error', 'HANDLER_BLOCKED']]);
    expect(recorded[0]!.result.error!.message).toMatch(/^the tool handler \.\/h\.mjs#spin of spin in case c blocked agentready's process for 3200 ms/);
  });

  it('blames none of several in flight, nor one named beside runs it could not name: they are suspects, to run alone', () => {
    const several = blockedAttempts(planned, { resume: resumeOf([ref('b'), ref('c')]), kept: [] });
    expect(several.recorded).toEqual([]);
    expect(several.suspects.size).toBe(2);
    const unnamed = blockedAttempts(planned, { resume: resumeOf([ref('b')], 3), kept: [] });
    expect(unnamed.recorded).toEqual([]);
    expect(unnamed.suspects.size).toBe(1);
  });

  it('leaves out an attempt already recorded (a resume killed after writing it, before removing blocked.json), and one the plan lacks', () => {
    const kept = blockedAttempts(planned, { resume: resumeOf([ref('b')]), kept: [] }).recorded;
    expect(blockedAttempts(planned, { resume: resumeOf([ref('b')]), kept })).toEqual({ recorded: [], suspects: new Set() });
    expect(blockedAttempts(planned, { resume: resumeOf([ref('gone')]), kept: [] }).recorded).toEqual([]);
  });

  it('runs again, first and alone, one whose case changed since it blocked (--force), and blames one unchanged, or named by an earlier version without a fingerprint', () => {
    const changed = blockedAttempts(planned, { resume: resumeOf([{ ...ref('b'), fingerprint: 'fp-b-before' } as AttemptRef]), kept: [] });
    expect(changed.recorded).toEqual([]);
    expect([...changed.suspects]).toEqual([attemptKey(ref('b'))]);
    const handler = blockedAttempts(planned, { resume: resumeOf([{ ...ref('c'), fingerprint: 'fp-c-before', code: 'HANDLER_BLOCKED', by: 'the tool handler ./h.mjs#spin of spin in case c' } as AttemptRef]), kept: [] });
    expect(handler.recorded).toEqual([]);
    expect(blockedAttempts(planned, { resume: resumeOf([{ ...ref('b'), fingerprint: 'fp-b' } as AttemptRef]), kept: [] }).recorded.map(({ result }) => result.error?.code)).toEqual(['AGENT_BLOCKED']);
    expect(blockedAttempts(planned, { resume: resumeOf([ref('b')]), kept: [] }).recorded.map(({ result }) => result.case_id)).toEqual(['b']);
  });
});

describe('agentChangedSince (a resumed run whose agent reports another name or version)', () => {
  it('counts the attempts kept in words that agree with their number, and says nothing when the agent is the same or nothing was kept', () => {
    const resume = { agent: { name: 'desk', version: '1.0.0' } };
    const now = { name: 'desk', version: '2.0.0' };
    expect(agentChangedSince({ resume, agent: now, kept: 1 })).toEqual([
      "the run was resumed against desk 2.0.0, but its earlier session ran desk 1.0.0: the 1 attempt it had finished is that agent's, the rest this one's. Start a new run to judge one agent",
    ]);
    expect(agentChangedSince({ resume, agent: now, kept: 3 })[0]).toContain("the 3 attempts it had finished are that agent's");
    expect(agentChangedSince({ resume, agent: { name: 'desk', version: '1.0.0' }, kept: 3 })).toEqual([]);
    expect(agentChangedSince({ resume, agent: now, kept: 0 })).toEqual([]);
  });

  it('names the agents as every output does (agentLabel): an older session\'s transport stand-in for a version is no other agent', () => {
    // Older agentready versions recorded an http agent's version as "http"; the agent reports none now.
    expect(agentChangedSince({ resume: { agent: { name: 'desk', version: 'http' } }, agent: { name: 'desk' }, kept: 2 })).toEqual([]);
    expect(agentChangedSince({ resume: { agent: { name: 'desk', version: 'http' } }, agent: { name: 'desk', version: '2.0.0' }, kept: 1 })[0]).toContain('resumed against desk 2.0.0, but its earlier session ran desk:');
  });
});

describe('pricesChangedSince (a run resumed at other prices than its header records)', () => {
  const header = (pricing?: Record<string, { input_per_mtok: number; output_per_mtok: number }>) => ({ ...(pricing ? { pricing } : {}) }) as ResumedRun['header'];
  const small = (input: number) => ({ small: { input_per_mtok: input, output_per_mtok: 10 } });

  it('warns once that the costs mix two price lists when a price moved, or a key came or went, and attempts were kept', () => {
    const [warning] = pricesChangedSince({ resume: { header: header(small(2.5)) }, pricing: small(5), kept: 2 });
    expect(warning).toContain('the run was resumed at other prices than its earlier session: its costs mix two price lists');
    expect(isPricesChangedWarning(warning!)).toBe(true);
    expect(pricesChangedSince({ resume: { header: header(small(2.5)) }, pricing: { ...small(2.5), big: { input_per_mtok: 1, output_per_mtok: 1 } }, kept: 1 })).toHaveLength(1);
    expect(pricesChangedSince({ resume: { header: header(small(2.5)), warnings: [warning!] }, pricing: small(7), kept: 2 })).toEqual([]);
  });

  it('says nothing at the same prices, with nothing kept, or of a header that records none', () => {
    expect(pricesChangedSince({ resume: { header: header(small(2.5)) }, pricing: small(2.5), kept: 2 })).toEqual([]);
    expect(pricesChangedSince({ resume: { header: header(small(2.5)) }, pricing: small(5), kept: 0 })).toEqual([]);
    expect(pricesChangedSince({ resume: { header: header() }, pricing: small(5), kept: 2 })).toEqual([]);
    expect(pricesChangedSince({ resume: undefined, pricing: small(5), kept: 2 })).toEqual([]);
  });
});
