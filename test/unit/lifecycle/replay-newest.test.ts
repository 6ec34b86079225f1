// Which recorded attempt `replay <run>/<case-id>` runs again when the run repeated its cases.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRecording } from '../../../src/lifecycle/replay.js';

const RUN = '20261206-100000-000-aaaa';
const HEADER = { format: 'agentready-results', version: 1, run_id: RUN, fingerprint: 'fp', started_at: '2026-12-06T10:00:00.000Z' };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function result(attempt: number, traceId: string) {
  return {
    suite: 's', case_id: 'a', attempt, trace_id: traceId, fingerprint: 'fp-a', tags: [], status: 'passed', outcome: 'completed',
    duration_ms: 5, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [],
  };
}

function trace(attempt: number, traceId: string) {
  return { trace_id: traceId, suite: 's', case_id: 'a', attempt, mode: 'normal', input: 'hi', outcome: 'completed', output: 'done', duration_ms: 5, tool_calls: [], approvals: [], usage: [], policy_decisions: [] };
}

/** A project whose one run holds case s/a's attempts, as [attempt, trace id], in the order their lines are written. */
function project(attempts: [number, string][]): { cwd: string; runsRoot: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'agentready-replay-newest-'));
  dirs.push(cwd);
  const runsRoot = join(cwd, '.agentready', 'runs');
  mkdirSync(join(runsRoot, RUN), { recursive: true });
  const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
  writeFileSync(join(runsRoot, RUN, 'results.jsonl'), jsonl([HEADER, ...attempts.map(([n, id]) => result(n, id))]));
  writeFileSync(join(runsRoot, RUN, 'traces.jsonl'), jsonl(attempts.map(([n, id]) => trace(n, id))));
  return { cwd, runsRoot };
}

describe('replay <run>/<case-id> of a repeated case', () => {
  it('replays the highest attempt number, not the last line written (attempts are written as they end)', () => {
    const where = project([[3, 't3'], [2, 't2'], [1, 't1']]);
    const found = findRecording({ ref: `${RUN}/a`, ...where });
    expect([found.result.attempt, found.trace.trace_id]).toEqual([3, 't3']);
  });

  it('takes the last line of one attempt number written twice', () => {
    const where = project([[1, 'first'], [1, 'again']]);
    expect(findRecording({ ref: `${RUN}/a`, ...where }).trace.trace_id).toBe('again');
  });
});

describe('replay of a run named with a trailing slash (a shell completes a folder so)', () => {
  it('reads `<run>/` as the run, naming each of its cases once, and `<run>/<case-id>/` as the case', () => {
    const where = project([[1, 't1'], [2, 't2'], [3, 't3']]);
    for (const ref of [`${RUN}/`, `${RUN}//`]) {
      expect(() => findRecording({ ref, ...where })).toThrow(expect.objectContaining({ message: `"${RUN}" is a run: name one of its cases, as ${RUN}/<case-id>`, hint: `its cases: ${RUN}/a` }));
    }
    expect(findRecording({ ref: `${RUN}/a/`, ...where }).trace.trace_id).toBe('t3');
    expect(findRecording({ ref: `.agentready/runs/${RUN}/a/`, ...where }).trace.trace_id).toBe('t3');
  });
});

/** A project whose one run holds 2,000 cases c0…c1999 of 3 attempts each (6,000 results), a case's attempts one after another. */
function repeatedRun(): { where: { cwd: string; runsRoot: string }; ids: string[] } {
  const where = project([]);
  const ids = Array.from({ length: 2000 }, (_, i) => `c${i}`);
  const lines = ids.flatMap((id, i) => [1, 2, 3].map((n) => ({ ...result(n, `${id}-${n}`), case_id: id, fingerprint: `fp-${i}` })));
  writeFileSync(join(where.runsRoot, RUN, 'results.jsonl'), [HEADER, ...lines].map((v) => `${JSON.stringify(v)}\n`).join(''));
  return { where, ids };
}

describe('replay of a run whose cases were repeated', () => {
  it('names each case once before cutting the list: 2,000 cases of 3 attempts (6,000 results) are 2,000 names, not the 1,667 of the first 5,000 results', () => {
    const { where, ids } = repeatedRun();
    let hint = '';
    try {
      findRecording({ ref: RUN, ...where });
    } catch (error) {
      hint = (error as { hint: string }).hint;
    }
    expect(hint.replace(/^its cases: /, '').split(', ')).toEqual(ids.map((id) => `${RUN}/${id}`));
  });
});

describe('replay of a name in no run, among runs whose cases were repeated', () => {
  it('suggests a case whose attempts all lie past the first 5,000 results: cases are named once each before the cut', () => {
    const { where } = repeatedRun();
    // The run's id mistyped (its last letter): no run, no trace, so the closest names are offered; c1999's results are lines 5,998–6,000.
    const typo = `${RUN.slice(0, -1)}b/c1999`;
    expect(() => findRecording({ ref: typo, ...where })).toThrow(expect.objectContaining({ hint: expect.stringMatching(new RegExp(`^closest matches: ${RUN}/c1999(,|$)`)) }));
  });
});

describe('replay of a trace id', () => {
  it('passes over a newer run that recorded no case (stopped before its first line); the run named says it recorded none', () => {
    const where = project([[1, 't1']]);
    mkdirSync(join(where.runsRoot, '20261206-110000-000-bbbb'));
    writeFileSync(join(where.runsRoot, '20261206-110000-000-bbbb', 'results.jsonl'), '');
    expect(findRecording({ ref: 't1', ...where }).trace.trace_id).toBe('t1');
    expect(() => findRecording({ ref: '20261206-110000-000-bbbb/a', ...where })).toThrow('.agentready/runs/20261206-110000-000-bbbb/results.jsonl records no case: the run was stopped before it wrote its first line');
  });
});

describe('replay <run>/<case-id> of a shard that did not run the case', () => {
  /** Two shard runs of one suite split in 2: shard 1 ran s/a, shard 2 ran s/b. */
  function shards(): { cwd: string; runsRoot: string } {
    const where = project([[1, 't1']]);
    const second = '20261206-100001-000-bbbb';
    const split = (index: number) => ({ selection: { repeat: 1, mode: 'normal', shard: { index, total: 2 } } });
    const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
    writeFileSync(join(where.runsRoot, RUN, 'results.jsonl'), jsonl([{ ...HEADER, ...split(1) }, result(1, 't1')]));
    mkdirSync(join(where.runsRoot, second));
    writeFileSync(join(where.runsRoot, second, 'results.jsonl'), jsonl([{ ...HEADER, run_id: second, ...split(2) }, { ...result(1, 'tb'), case_id: 'b' }]));
    return where;
  }

  it("names the sibling shard's run that holds it and the command replaying it from there, not this shard's closest cases", () => {
    const where = shards();
    expect(() => findRecording({ ref: `${RUN}/b`, ...where })).toThrow(expect.objectContaining({
      message: `no case "b" in run ${RUN}, which ran only the cases of --shard 1/2: run 20261206-100001-000-bbbb (shard 2/2) holds it`,
      hint: '`agentready replay 20261206-100001-000-bbbb/s/b`',
    }));
  });

  it('with no sibling shard here, says a case of another shard is replayed from its shard\'s run or the merged one', () => {
    const where = shards();
    rmSync(join(where.runsRoot, '20261206-100001-000-bbbb'), { recursive: true });
    expect(() => findRecording({ ref: `${RUN}/b`, ...where })).toThrow(expect.objectContaining({
      message: `no case "b" in run ${RUN}, which ran only the cases of --shard 1/2`,
      hint: 'a case of another shard is replayed from the run of the shard that ran it, or from the run `agentready merge` made of the shards',
    }));
  });
});
