// compare judges run B by the gate eval applies, the config's quarantine included: a quarantined
// case that passed in run A and fails in run B is reported, not newly failing (eval passes it too).
import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { computeMetrics } from '../../../src/gate/index.js';
import { runJudge } from '../../../src/lifecycle/judges.js';
import type { RunRecord } from '../../../src/run/index.js';
import { result } from '../gate/results-builder.js';
import { endedSession } from './ended-session.js';

const header = { format: 'agentready-results', version: 1, run_id: 'a', fingerprint: 'f', started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 1, mode: 'normal' } } as RunRecord['header'];
const before = { dir: '/nowhere/a', header, results: [result({ case_id: 'q' }), result({ case_id: 'x' })], incomplete: false, killSwitch: false, skippedForCost: 0 } satisfies RunRecord;
const after = [result({ case_id: 'q', status: 'failed' }), result({ case_id: 'x' })];
const suiteWith = (quarantine?: { until: string; reason: string }) =>
  [{ name: 'support', cases: [{ suite: 'support', id: 'q', ...(quarantine ? { quarantine } : {}) }, { suite: 'support', id: 'x' }] }] as unknown as Suite[];

async function verdictOf(suites: Suite[]) {
  const judge = runJudge({ before, after: { header: { ...header, run_id: 'b' } }, gate: {}, suites, onComparison: () => {} });
  const judgement = await judge({ session: endedSession({ results: after, figures: after }), metrics: computeMetrics(after), readiness: undefined });
  if (judgement.kind !== 'gate') throw new Error('no gate verdict');
  return judgement.verdict;
}

describe("compare's gate", () => {
  it("sets aside a case the config quarantines, as eval's gate does", async () => {
    const verdict = await verdictOf(suiteWith({ until: '2999-12-31', reason: 'upstream bug' }));
    expect(verdict.pass).toBe(true);
    expect(verdict.quarantined.map((q) => q.case_id)).toEqual(['q']);
  });

  it('counts it once its quarantine has ended, or without one', async () => {
    for (const suites of [suiteWith({ until: '2000-01-01', reason: 'long fixed' }), suiteWith()]) {
      const verdict = await verdictOf(suites);
      expect(verdict.pass).toBe(false);
      expect(verdict.newly_failing).toMatchObject({ kind: 'judged', pass: false, cases: [{ key: 'support/q' }] });
    }
  });
});

describe("compare's gate against a run B that did not finish", () => {
  // Run B was killed after its first case: it holds q alone, which passed in A and fails in B.
  const reached = [result({ case_id: 'q' })];
  async function judged(incomplete: boolean) {
    let listed: string[] = [];
    const judge = runJudge({ before, after: { header: { ...header, run_id: 'b' }, incomplete }, gate: {}, suites: suiteWith(), onComparison: (c) => (listed = c.verdict.diff.removed.map((r) => r.key)) });
    const judgement = await judge({ session: endedSession({ results: reached, figures: reached }), metrics: computeMetrics(reached), readiness: undefined });
    if (judgement.kind !== 'gate') throw new Error('no gate verdict');
    return { verdict: judgement.verdict, removed: listed };
  }

  it('does not list the cases it did not reach as removed, and says so', async () => {
    const { verdict, removed } = await judged(true);
    expect(removed).toEqual([]);
    expect(verdict.notes).toContain("Unfinished run: compared with run a's attempts of the 1 case; the cases it did not reach are not counted as removed.");
  });

  it('lists them as removed when run B finished without them (its suites no longer have them)', async () => {
    const { verdict, removed } = await judged(false);
    expect(removed).toEqual(['support/x']);
    expect(verdict.notes.some((n) => n.startsWith('Unfinished run'))).toBe(false);
  });
});
