// The gate's case-by-case entry, newly_failing: a fixed case does not pay for a broken one, and
// an edited or added case that fails has no baseline that accepted its failure.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { GateSchema, type GateConfig } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { gateFailure } from '../../../src/gate/explain.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import type { QuarantinedCase } from '../../../src/gate/quarantine.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';

function verdict(results: CaseResult[], gate: GateConfig, before?: CaseResult[], quarantined?: QuarantinedCase[]) {
  return decideVerdict({
    metrics: computeMetrics(results),
    gate,
    results,
    baselinePath: 'agentready.baseline.json',
    ...(before ? { baseline: baselineOf(before) } : {}),
    ...(quarantined ? { quarantined } : {}),
  });
}

// Four cases; the baseline failed c2 and c3; now c1 breaks and c2, c3 are fixed: the rate rises.
const BEFORE = [result({ case_id: 'c1' }), result({ case_id: 'c2', status: 'failed' }), result({ case_id: 'c3', status: 'failed' }), result({ case_id: 'c4' })];
const SWAPPED = [result({ case_id: 'c1', status: 'failed' }), result({ case_id: 'c2' }), result({ case_id: 'c3' }), result({ case_id: 'c4' })];

describe('newly_failing in the default gate', () => {
  it('fails a case that newly fails even when others newly pass and the rate rises', () => {
    const v = verdict(SWAPPED, DEFAULT_GATE, BEFORE);
    expect(v.checks.every((check) => check.pass)).toBe(true);
    expect(v.pass).toBe(false);
    expect(v.newly_failing).toMatchObject({ kind: 'judged', max: 0, pass: false, cases: [{ key: 'support/c1', since: 'newly_failing', status: 'failed' }] });
    expect(v.newly_failing!.explanation).toBe(
      'newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: support/c1 (passed in the baseline)',
    );
    expect(gateFailure(v)).toBe(`the gate failed: ${v.newly_failing!.explanation}`);
  });

  it('applies when the config has no gate: section (an empty gate resolves to the default)', () => {
    expect(verdict(SWAPPED, {}, BEFORE).pass).toBe(false);
    expect(verdict(SWAPPED, {}, BEFORE).notes[0]).toBe(
      'No gate thresholds configured: the default gate applied (newly_failing max 0, success_rate max_drop_pp 0, policy_compliance min 1.0).',
    );
  });

  it('leaves production traces (score --unlabeled) out of the case diff: not added, not newly failing; min and max judge them, and the note says so', () => {
    const production = (id: string, status: CaseResult['status']) => result({ suite: 'production', case_id: id, fingerprint: 'production', status });
    const now = [...BEFORE, production('0af7', 'failed'), production('5b8e', 'passed')];
    const v = verdict(now, DEFAULT_GATE, BEFORE);
    expect(v.diff.added).toEqual([]);
    expect(v.newly_failing).toMatchObject({ kind: 'judged', pass: true, cases: [] });
    expect(v.pass).toBe(true);
    expect(v.notes).toContain(
      '2 production traces (`score --unlabeled`): no case of the suites, so the baseline has no record of them; they are not compared case by case (not added, not counted by newly_failing), relative thresholds compare the 4 cases both have, and min and max judge the whole run, production traces included.',
    );
    expect(v.notes.some((note) => note.startsWith('The case set differs'))).toBe(false);
    // The relative threshold compares the cases both have: the failing production trace does not move success_rate.
    expect(verdict(now, { success_rate: { max_drop_pp: 0 } }, BEFORE).pass).toBe(true);
    expect(verdict(now, { success_rate: { min: 0.9 } }, BEFORE).pass).toBe(false);
    // A suite of the user's that is named `production` is a suite like any other: its cases have fingerprints.
    const named = verdict([...BEFORE, result({ suite: 'production', case_id: 'x', status: 'failed' })], DEFAULT_GATE, BEFORE);
    expect(named.diff.added.map((c) => c.key)).toEqual(['production/x']);
  });

  it('fails a case changed since the baseline that fails now, and says so in the note', () => {
    const now = [result({ case_id: 'c1', fingerprint: 'edited', status: 'failed' }), ...BEFORE.slice(1)];
    const v = verdict(now, DEFAULT_GATE, BEFORE);
    expect(v.diff.changed.map((c) => c.key)).toEqual(['support/c1']);
    expect(v.pass).toBe(false);
    expect(v.newly_failing!.explanation).toBe(
      'newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: support/c1 (changed since the baseline)',
    );
    expect(v.notes).toContain(
      '1 case changed since the baseline (input or expectation differs): listed as changed, not as newly failing or passing, and left out of the comparison of rates (one that fails counts against newly_failing max 0); run `agentready baseline update` once the change is intended.',
    );
  });

  it('fails an added case that fails, and passes added and changed cases that pass', () => {
    const added = verdict([...BEFORE, result({ case_id: 'c5', status: 'failed' })], DEFAULT_GATE, BEFORE);
    expect(added.newly_failing).toMatchObject({ pass: false, cases: [{ key: 'support/c5', since: 'added' }] });
    const fine = verdict([...BEFORE, result({ case_id: 'c5' }), result({ case_id: 'c6', fingerprint: 'x' })].filter((r) => r.case_id !== 'c1'), DEFAULT_GATE, [
      ...BEFORE,
      result({ case_id: 'c6' }),
    ]);
    expect(fine.newly_failing).toMatchObject({ kind: 'judged', pass: true, cases: [] });
    expect(fine.pass).toBe(true);
  });

  it('does not count known failures, harness errors, or quarantined cases', () => {
    // c2 and c3 still fail (known); c1 now errors: not a failure the case check counts.
    const now = [result({ case_id: 'c1', status: 'error' }), ...BEFORE.slice(1)];
    expect(verdict(now, { newly_failing: { max: 0 } }, BEFORE).newly_failing).toMatchObject({ pass: true, cases: [] });
    const quarantine = [{ suite: 'support', case_id: 'c1', until: '2999-01-01', reason: 'flaky upstream' }];
    const v = verdict(SWAPPED, DEFAULT_GATE, BEFORE, quarantine);
    expect(v.newly_failing).toMatchObject({ pass: true, cases: [] });
    expect(v.pass).toBe(true);
  });

  it('with repeats, counts a case that passed in the baseline and failed any attempt now', () => {
    const before = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2 })];
    const flaky = [result({ case_id: 'a', attempt: 1 }), result({ case_id: 'a', attempt: 2, status: 'failed' })];
    const v = verdict(flaky, { newly_failing: { max: 0 } }, before);
    expect(v.newly_failing).toMatchObject({ pass: false, cases: [{ key: 'support/a', attempts: 2, passes: 1 }] });
    // Flaky in the baseline too: its failure was accepted.
    expect(verdict(flaky, { newly_failing: { max: 0 } }, flaky).pass).toBe(true);
  });

  it('is not applied without a baseline; the default gate then asks success_rate min 1.0 instead', () => {
    const v = verdict(many(2, 1), { newly_failing: { max: 0 } });
    expect(v.newly_failing).toEqual({ kind: 'not_applied', max: 0, pass: true, explanation: 'newly_failing: max 0 not applied (no baseline)' });
    expect(v.pass).toBe(true);
    const byDefault = verdict(many(2, 1), {});
    expect(byDefault.newly_failing).toBeUndefined();
    expect(byDefault.checks.find((c) => c.rule === 'min' && c.metric === 'success_rate')!.pass).toBe(false);
  });
});

describe('the default gate under repeats', () => {
  /** k attempts of one case: one letter per attempt, p(assed) or f(ailed). */
  const attempts = (case_id: string, pattern: string) =>
    [...pattern].map((letter, i) => result({ case_id, attempt: i + 1, status: letter === 'p' ? 'passed' : 'failed' }));
  // Ten cases passing every attempt, and one flaky case failing in the baseline too (4/5 then, 2/5 now).
  const steady = Array.from({ length: 10 }, (_, i) => attempts(`s${i}`, 'ppppp')).flat();
  const before = [...steady, ...attempts('flaky', 'ppppf')];
  const now = [...steady, ...attempts('flaky', 'ppfff')];

  it('does not fail on attempts a known failure lost when no case moved; a written max_drop_pp 0 still does', () => {
    const v = verdict(now, DEFAULT_GATE, before);
    expect(v.checks.find((c) => c.metric === 'success_rate')).toMatchObject({ pass: true, threshold: { max_drop_pp: 0, significance: 0.05 } });
    expect(v.pass).toBe(true);
    expect(v.notes.join('\n')).toContain('success_rate max_drop_pp 0 at significance 0.05');
    expect(verdict(now, { success_rate: { max_drop_pp: 0 }, newly_failing: { max: 0 } }, before).pass).toBe(false);
  });

  it('still fails a case that passed every attempt in the baseline and fails one now', () => {
    const broken = [...steady.slice(5), ...attempts('s0', 'ppppf'), ...steady.slice(0, 5).filter((r) => r.case_id !== 's0'), ...attempts('flaky', 'ppppf')];
    const v = verdict(broken, DEFAULT_GATE, before);
    expect(v.pass).toBe(false);
    expect(v.newly_failing).toMatchObject({ kind: 'judged', cases: [{ key: 'support/s0' }] });
  });

  it('keeps max_drop_pp 0 without significance when neither side repeated', () => {
    const v = verdict(SWAPPED, DEFAULT_GATE, BEFORE);
    expect(v.checks.find((c) => c.metric === 'success_rate')?.threshold).toEqual({ max_drop_pp: 0 });
  });
});

describe('newly_failing written in the config', () => {
  it('allows up to max cases and names at most five', () => {
    const before = many(8, 0);
    const now = many(8, 7);
    expect(verdict(now, { newly_failing: { max: 7 } }, before).newly_failing).toMatchObject({ pass: true });
    const v = verdict(now, { newly_failing: { max: 6 } }, before);
    expect(v.pass).toBe(false);
    expect(v.newly_failing!.explanation).toBe(
      'newly_failing: 7 cases fail that the baseline did not accept as failing, above max 6: support/c1 (passed in the baseline), support/c2 (passed in the baseline), support/c3 (passed in the baseline), support/c4 (passed in the baseline), support/c5 (passed in the baseline) and 2 more',
    );
    expect(verdict(many(8, 1), { newly_failing: { max: 1 } }, before).newly_failing!.explanation).toBe(
      'newly_failing: 1 case fails that the baseline did not accept as failing, within max 1: support/c1 (passed in the baseline)',
    );
  });

  it('is absent from a written gate that does not name it', () => {
    const v = verdict(SWAPPED, { success_rate: { max_drop_pp: 0 } }, BEFORE);
    expect(v.newly_failing).toBeUndefined();
    expect(v.pass).toBe(true);
  });

  it('takes a whole number of cases, at least 0', () => {
    expect(GateSchema.safeParse({ newly_failing: { max: 0 } }).success).toBe(true);
    expect(GateSchema.safeParse({ newly_failing: { max: 1.5 } }).success).toBe(false);
    expect(GateSchema.safeParse({ newly_failing: { max: -1 } }).success).toBe(false);
    expect(GateSchema.safeParse({ newly_failing: {} }).success).toBe(false);
    expect(GateSchema.safeParse({ newly_failing: { max: 0, min: 0 } }).success).toBe(false);
  });

  it('names the cases in case-number order across newly failing, added and changed (c2 before c10)', () => {
    const before = ['c1', 'c2', 'c10', 'c11'].map((case_id) => result({ case_id }));
    const now = ['c1', 'c2', 'c10', 'c11', 'c3'].map((case_id) => result({ case_id, status: 'failed' }));
    expect(verdict(now, { newly_failing: { max: 9 } }, before).newly_failing).toMatchObject({
      cases: [{ key: 'support/c1' }, { key: 'support/c2' }, { key: 'support/c3', since: 'added' }, { key: 'support/c10' }, { key: 'support/c11' }],
    });
  });
});
