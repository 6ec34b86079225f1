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
      lowered: [],
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
      lowered: [],
    });
    expect(baselineLoosening({ base: baselineOf(dear), committed: baselineOf(cheap), gate })).toBeUndefined();
  });

  it('says of a cost it names when the two baselines record other prices under one model key: part of its move is the prices\'', () => {
    const priced = (results: ReturnType<typeof result>[], input_per_mtok: number) => ({ ...baselineOf(results), pricing: { 'gpt-x': { input_per_mtok, output_per_mtok: 10 } } });
    const cheap = [result({ case_id: 'a', cost_usd: 0.01 })];
    const dear = [result({ case_id: 'a', cost_usd: 0.02 })];
    const gate = { cost_per_task: { max_rise_pct: 10 }, success_rate: { max_drop_pp: 0 } };
    expect(baselineLoosening({ base: priced(cheap, 2.5), committed: priced(dear, 5), gate })).toMatchObject({ figures: [{ metric: 'cost_per_task', prices_changed: true }] });
    expect(baselineLoosening({ base: priced(cheap, 2.5), committed: priced(dear, 2.5), gate })).toMatchObject({ figures: [{ metric: 'cost_per_task' }] });
    expect(baselineLoosening({ base: priced(cheap, 2.5), committed: priced(dear, 2.5), gate })).not.toMatchObject({ figures: [{ prices_changed: true }] });
  });

  it('is nothing for an unchanged or tightened baseline; with none in the base, under the default gate, every failing case is accepted', () => {
    const base = baselineOf([result({ case_id: 'a' }), failed('b')]);
    expect(baselineLoosening({ base, committed: base, gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base, committed: baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' })]), gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base: undefined, committed: undefined, gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base: undefined, committed: base, gate: DEFAULT_GATE })).toEqual({ kind: 'loosened', base: 'none', accepted: [{ key: 'support/b', status: 'failed' }], figures: [], lowered: [] });
  });

  it('weighs a baseline deleted or added against the gate without one: the default asks every case to pass, a gate of the config\'s applies its min and max alone', () => {
    const base = baselineOf([result({ case_id: 'a' }), failed('b')]);
    // The default gate with no baseline: success_rate min 1.0, stricter than any baseline.
    expect(baselineLoosening({ base, committed: undefined, gate: DEFAULT_GATE })).toBeUndefined();
    expect(baselineLoosening({ base, committed: undefined, gate: {} })).toBeUndefined();
    // The config's relative limits and newly_failing compare with the baseline: deleted, they apply no more.
    expect(baselineLoosening({ base, committed: undefined, gate: { success_rate: { max_drop_pp: 2 } } })).toEqual({ kind: 'removed' });
    expect(baselineLoosening({ base, committed: undefined, gate: { newly_failing: { max: 0 } } })).toEqual({ kind: 'removed' });
    expect(baselineLoosening({ base, committed: undefined, gate: { slices: { 'tag:refunds': { cost_per_task: { max_rise_pct: 5 } } } } })).toEqual({ kind: 'removed' });
    expect(baselineLoosening({ base, committed: undefined, gate: { success_rate: { min: 0.9 } } })).toBeUndefined();
    // A first baseline under the config's gate only adds what compares with it: nothing its failing cases were judged by before.
    expect(baselineLoosening({ base: undefined, committed: base, gate: { success_rate: { max_drop_pp: 2 } } })).toBeUndefined();
  });

  it('names the cases accepted as failing only to a gate that judges cases by the baseline\'s records (newly_failing)', () => {
    const base = baselineOf([result({ case_id: 'a' }), result({ case_id: 'b' })]);
    const committed = baselineOf([failed('a'), result({ case_id: 'b' })]);
    expect(baselineLoosening({ base, committed, gate: { newly_failing: { max: 0 } } })).toEqual({ kind: 'loosened', base: 'baseline', accepted: [{ key: 'support/a', status: 'failed' }], figures: [], lowered: [] });
    // success_rate's min alone judges the whole run, whatever the baseline records.
    expect(baselineLoosening({ base, committed, gate: { success_rate: { min: 0.5 } } })).toBeUndefined();
    // A relative limit measures from the figure, named as such, not from the case.
    expect(baselineLoosening({ base, committed, gate: { success_rate: { max_drop_pp: 10 } } })).toEqual({
      kind: 'loosened',
      base: 'baseline',
      accepted: [],
      figures: [{ metric: 'success_rate', slice: 'overall', before: 1, after: 0.5, limit: 'max_drop_pp', amount: 10 }],
      lowered: [],
    });
  });

  it('names the cases whose tool scores it records lower to a gate with a max_drop_pp on one, though the overall figure holds (one case\'s drop, another\'s rise)', () => {
    const tools = (f1: number) => [{ check: 'tools' as const, pass: true as const, score: { f1, precision: f1, recall: 1 } }];
    const scored = (scores: Record<string, number>, fingerprint: Record<string, string> = {}) =>
      baselineOf(Object.entries(scores).map(([case_id, f1]) => result({ case_id, checks: tools(f1), ...(fingerprint[case_id] ? { fingerprint: fingerprint[case_id] } : {}) })));
    const base = scored({ a: 1, b: 0.5, c: 1 });
    // a scores lower, b higher (the mean holds at 0.833), c was edited: compared with nothing in the base.
    const committed = scored({ a: 0.5, b: 1, c: 0.4 }, { c: 'edited' });
    const gate = { slices: { 'tag:refunds': { tool_correctness: { max_drop_pp: 2 } } } };
    expect(baselineLoosening({ base, committed, gate })).toEqual({ kind: 'loosened', base: 'baseline', accepted: [], figures: [], lowered: [{ key: 'support/a', metric: 'tool_correctness', before: 1, after: 0.5 }] });
    // Precision moved alike; recall did not move.
    expect(baselineLoosening({ base, committed, gate: { tool_precision: { max_drop_pp: 0 }, tool_recall: { max_drop_pp: 0 } } })).toMatchObject({ lowered: [{ key: 'support/a', metric: 'tool_precision' }] });
    // No gate watches a tool score: the default gate, a max on success_rate, a max_rise_pp.
    for (const other of [DEFAULT_GATE, { success_rate: { max_drop_pp: 2 } }, { tool_correctness: { min: 0.5 } }]) expect(baselineLoosening({ base, committed, gate: other })).toBeUndefined();
  });
});
