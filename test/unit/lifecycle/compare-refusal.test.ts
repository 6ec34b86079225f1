// compare refuses a kill-switch run (its cases were judged by the readiness check, not their
// expectations) and tells of a run that did not finish, which it compares on the cases it has.
import { describe, expect, it } from 'vitest';
import type { ResultsHeader } from '../../../src/config/schema/results.js';
import { UsageError } from '../../../src/errors.js';
import { refuseComparison } from '../../../src/lifecycle/compare-runs.js';

const header = (run_id: string): ResultsHeader => ({ format: 'agentready-results', version: 1, run_id, fingerprint: '0123abcd', started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 1, mode: 'normal' } });
const run = (run_id: string, state: { killSwitch?: boolean; incomplete?: boolean; results?: unknown[]; skippedForCost?: number } = {}) => ({ header: header(run_id), killSwitch: false, incomplete: false, results: [{}], skippedForCost: 0, ...state }) as Parameters<typeof refuseComparison>[0]['runs'][number];

function compared(runs: ReturnType<typeof run>[]): { told: string[]; refused: () => void } {
  const told: string[] = [];
  return { told, refused: () => refuseComparison({ runs, tell: (note) => told.push(note) }) };
}

describe("compare's runs", () => {
  it('takes two finished runs without a word', () => {
    const { told, refused } = compared([run('a'), run('b')]);
    expect(refused).not.toThrow();
    expect(told).toEqual([]);
  });

  it('refuses a kill-switch run, either one, naming it', () => {
    for (const runs of [[run('a', { killSwitch: true }), run('b')], [run('a'), run('b', { killSwitch: true })]]) {
      const { told, refused } = compared(runs);
      const readOnly = runs.find((r) => r.killSwitch)?.header.run_id;
      expect(refused).toThrow(UsageError);
      expect(refused).toThrow(`run ${readOnly} ran read-only (--kill-switch): its cases were judged by the readiness check, not by their expectations, so it is not compared`);
      expect(told).toEqual([]);
    }
  });

  it('refuses a run that holds no attempt, either one, naming it', () => {
    for (const runs of [[run('a', { results: [] }), run('b')], [run('a'), run('b', { results: [], incomplete: true })]]) {
      const { told, refused } = compared(runs);
      const empty = runs.find((r) => r.results.length === 0)?.header.run_id;
      expect(refused).toThrow(`run ${empty} holds no attempt (its results.jsonl has its header alone): there is nothing to compare`);
      expect(told).toEqual([]);
    }
  });

  it('tells of each run that did not finish, and compares it', () => {
    const { told, refused } = compared([run('a', { incomplete: true }), run('b', { incomplete: true })]);
    expect(refused).not.toThrow();
    expect(told).toEqual(['run a did not finish; it is compared on the cases it has', 'run b did not finish; it is compared on the cases it has']);
  });

  it('tells of a run that stopped at budgets.max_run_cost_usd, whose skipped cases are not compared', () => {
    const { told, refused } = compared([run('a'), run('b', { skippedForCost: 15 })]);
    expect(refused).not.toThrow();
    expect(told).toEqual(['run b skipped 15 attempts at budgets.max_run_cost_usd; it is compared on the cases it ran']);
  });
});
