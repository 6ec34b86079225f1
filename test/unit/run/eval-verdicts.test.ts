/** The eval's verdicts beside a run folder's traces.jsonl, found by trace id (run/eval-verdicts.ts). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evalRun, readEvalRun } from '../../../src/run/eval-verdicts.js';
import type { CaseResult, ResultsHeader } from '../../../src/config/schema/index.js';

const HEADER: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'f', policy_fingerprint: 'p1', started_at: '2026-12-04T00:00:00.000Z', redacted: true };

function result(caseId: string, traceId: string): CaseResult {
  return {
    suite: 's', case_id: caseId, attempt: 1, trace_id: traceId, fingerprint: `fp-${caseId}`, tags: [], status: 'passed', outcome: 'completed',
    duration_ms: 1, cost_usd: 0, model_calls: 0, tool_calls: 1, tool_errors: 0, retries: 0, policy_violations: 0,
    checks: [{ check: 'tools', pass: true }],
  };
}

describe('evalRun', () => {
  const run = evalRun({ header: HEADER, results: [result('a', 't1'), result('b', 't2')] });

  it('finds the result of the attempt that wrote the trace, with the run\'s policy fingerprint', () => {
    expect(run.verdictsOf({ trace_id: 't2', suite: 's', case_id: 'b' })).toEqual({ result: result('b', 't2'), policyFingerprint: 'p1' });
  });

  it('finds none for a trace id it does not hold, none, or one that judged another case', () => {
    expect(run.verdictsOf({ trace_id: 't9', suite: 's', case_id: 'a' })).toBeUndefined();
    expect(run.verdictsOf({ trace_id: undefined, suite: 's', case_id: 'a' })).toBeUndefined();
    expect(run.verdictsOf({ trace_id: 't1', suite: 's', case_id: 'b' })).toBeUndefined();
    expect(run.verdictsOf({ trace_id: 't1', suite: 'other', case_id: 'a' })).toBeUndefined();
  });

  it('gives no policy fingerprint from a run that did not record one', () => {
    const { policy_fingerprint: _p, ...older } = HEADER;
    expect(evalRun({ header: older, results: [result('a', 't1')] }).verdictsOf({ trace_id: 't1', suite: 's', case_id: 'a' })).toEqual({ result: result('a', 't1') });
  });
});

describe('readEvalRun', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const folder = (files: Record<string, string>): string => {
    dir = mkdtempSync(join(tmpdir(), 'eval-verdicts-'));
    mkdirSync(join(dir, 'run'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'run', name), text);
    return join(dir, 'run');
  };
  const resultsText = `${JSON.stringify(HEADER)}\n${JSON.stringify(result('a', 't1'))}\n`;

  it('reads the results.jsonl beside a run folder\'s traces.jsonl', () => {
    const run = folder({ 'results.jsonl': resultsText, 'traces.jsonl': '' });
    expect(readEvalRun(join(run, 'traces.jsonl'))?.verdictsOf({ trace_id: 't1', suite: 's', case_id: 'a' })?.result.fingerprint).toBe('fp-a');
  });

  it('reads nothing for a file of another name, one with no results beside it, or beside corrupt results', () => {
    const run = folder({ 'results.jsonl': resultsText });
    expect(readEvalRun(join(run, 'copy.jsonl'))).toBeUndefined();
    expect(readEvalRun(join(dir!, 'traces.jsonl'))).toBeUndefined();
    writeFileSync(join(run, 'results.jsonl'), `${JSON.stringify(HEADER)}\n{"not": "a result"}\n`);
    expect(readEvalRun(join(run, 'traces.jsonl'))).toBeUndefined();
  });

  it('counts the trace of the result an attempt ends with: one a resumed run ran again replaces the first, whose trace it does not count', () => {
    const rerun = { ...result('a', 't2'), attempt: 1 };
    const run = folder({ 'results.jsonl': `${resultsText}${JSON.stringify(rerun)}\n` });
    const read = readEvalRun(join(run, 'traces.jsonl'))!;
    expect([read.counts('t1'), read.counts('t2')]).toEqual([false, true]);
  });
});
