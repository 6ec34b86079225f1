import { describe, expect, it } from 'vitest';
import { baselineLoosening } from '../../../src/gate/loosened.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

const failed = (case_id: string, fingerprint?: string) =>
  result({ case_id, status: 'failed', checks: [failing('outcome', 'no')], ...(fingerprint ? { fingerprint } : {}) });

describe('baselineLoosening', () => {
  it('names the cases that passed in the base branch\'s baseline and are recorded failing now, and the success rate the default gate measures from', () => {
    const base = baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' }), failed('c'), result({ case_id: 'd' })]);
    const committed = baselineOf([failed('a'), failed('b', 'edited'), failed('c'), result({ case_id: 'd' }), failed('new')]);
    expect(baselineLoosening({ base, committed, gate: DEFAULT_GATE })).toEqual({
      kind: 'loosened',
      base: 'baseline',
      // b was edited and new was added: compared with nothing in the base, as the gate compares them.
      accepted: [{ key: 'support/a', status: 'failed' }],
      figures: [{ metric: 'success_rate', slice: 'overall', before: 0.75, after: 0.2, limit: 'max_drop_pp', amount: 0 }],
    });
  });

  it('names a cost the max_rise_pct measures from that rose, not one that fell, and a slice\'s', () => {
    const cheap = [result({ case_id: 'a', cost_usd: 0.01, tags: ['refunds'] }), result({ case_id: 'b', cost_usd: 0.01 })];
    const dear = [result({ case_id: 'a', cost_usd: 0.03, tags: ['refunds'] }), result({ case_id: 'b', cost_usd: 0.03 })];
    const gate = { cost_per_task: { max_rise_pct: 10 }, slices: { 'tag:refunds': { cost_per_task: { max_rise_pct: 5 } } } };
    expect(baselineLoosening({ base: baselineOf(cheap), committed: baselineOf(dear), gate })).toEqual({
      kind: 'loosened',
      base: 'baseline',
      accepted: [],
      figures: [
        { metric: 'cost_per_task', slice: 'overall', before: 0.01, after: 0.03, limit: 'max_rise_pct', amount: 10 },
        { metric: 'cost_per_task', slice: 'tag:refunds', before: 0.01, after: 0.03, limit: 'max_rise_pct', amount: 5 },
      ],
    });
    expect(baselineLoosening({ base: baselineOf(dear), committed: baselineOf(cheap), gate })).toBeUndefined();
  });

  it('is nothing for an unchanged or tightened baseline; a deleted one is removed; with none in the base every failing case is accepted', () => {
    const base = baselineOf([result({ case_id: 'a' }), failed('b')]);
    expect(baselineLoosening({ base, committed: base, gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base, committed: baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' })]), gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base, committed: undefined, gate: DEFAULT_GATE })).toEqual({ kind: 'removed' });
    expect(baselineLoosening({ base: undefined, committed: undefined, gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base: undefined, committed: base, gate: DEFAULT_GATE })).toEqual({ kind: 'loosened', base: 'none', accepted: [{ key: 'support/b', status: 'failed' }], figures: [] });
  });
});
