import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/config/schema/results.js';
import type { CaseResult, CheckResult } from '../../../src/config/schema/index.js';
import { FigureStore, type CaseFigures } from '../../../src/score/index.js';
import { figureChecks, listedChecks } from '../../../src/score/figures.js';
import { failing } from '../gate/results-builder.js';

function result(checks: CaseResult['checks'], caseId = 'c1', more: Partial<CaseResult> = {}): CaseResult {
  return {
    suite: 's',
    case_id: caseId,
    attempt: 1,
    trace_id: `t-${caseId}`,
    fingerprint: 'f',
    tags: [],
    status: 'passed',
    outcome: 'completed',
    duration_ms: 1,
    cost_usd: 0,
    model_calls: 0,
    tool_calls: 0,
    tool_errors: 0,
    retries: 0,
    policy_violations: 0,
    checks,
    ...more,
  };
}

/** The figures of one result, through a store of one. */
function figuresOf(one: CaseResult): CaseFigures {
  const store = new FigureStore(1);
  store.record(0, one);
  return store.list()[0]!;
}

/** Every member a reader can read of a view, as a plain object (absent members left out). */
function plain(figures: CaseFigures): Record<string, unknown> {
  const keys = ['suite', 'case_id', 'attempt', 'fingerprint', 'tags', 'risk', 'status', 'outcome', 'duration_ms', 'cost_usd', 'models', 'retries', 'tool_errors', 'policy_violations', 'approval_missing', 'checks'] as const;
  return Object.fromEntries(keys.flatMap((key) => (figures[key] === undefined ? [] : [[key, figures[key]]])));
}

describe('figures of an attempt', () => {
  it('keeps only the tools, policy and budget checks, with their score when they have one', () => {
    const figures = figuresOf(
      result([
        { check: 'outcome', pass: true },
        { check: 'tools', pass: false, reason: 'missing lookup', expected: ['lookup'], found: [], score: { precision: 1, recall: 0.5, f1: 0.67 } },
        { check: 'policy', pass: true },
        { check: 'budget', pass: false, reason: 'over', expected: 1, found: 2 },
      ]),
    );
    expect(figures.checks).toEqual([
      { check: 'tools', pass: false, score: { precision: 1, recall: 0.5, f1: 0.67 } },
      { check: 'policy', pass: true },
      { check: 'budget', pass: false },
    ]);
  });

  it('shares one list between attempts whose checks read the same, none of them scored', () => {
    const passed = [
      { check: 'outcome', pass: true },
      { check: 'policy', pass: true },
      { check: 'budget', pass: true },
    ] as const;
    const a = figuresOf(result([...passed], 'a'));
    const b = figuresOf(result([...passed], 'b'));
    const failedBudget = figuresOf(result([{ check: 'policy', pass: true }, { check: 'budget', pass: false, reason: 'over', expected: 1, found: 2 }], 'c'));
    expect(a.checks).toBe(b.checks);
    expect(a.checks).toEqual([
      { check: 'policy', pass: true },
      { check: 'budget', pass: true },
    ]);
    expect(failedBudget.checks).not.toBe(a.checks);
    expect(failedBudget.checks).toEqual([
      { check: 'policy', pass: true },
      { check: 'budget', pass: false },
    ]);
  });
});

describe('FigureStore', () => {
  const tags = ['billing', 'adversarial:injection'];
  const fullMembers = {
    suite: 'refunds',
    attempt: 3,
    fingerprint: 'abcdef0123456789',
    tags,
    risk: 'high',
    status: 'failed',
    outcome: 'escalated',
    duration_ms: 123.4,
    cost_usd: 0.000125,
    models: { 'small-model': { calls: 2, input_tokens: 300, output_tokens: 40, cost_usd: 0.000125 } },
    tool_errors: 1,
    retries: 2,
    policy_violations: 3,
    approval_missing: 1,
  } as const satisfies Partial<CaseResult>;
  const full = result([failing('policy', 'denied')], 'full', { ...fullMembers, tags });
  const several = result([], 'several', {
    status: 'error',
    outcome: 'error',
    models: { a: { calls: 1, input_tokens: 1, output_tokens: 1, cost_usd: 0.5 }, b: { calls: 2, input_tokens: 2, output_tokens: 2, cost_usd: 0 } },
  });
  const bare = result([], 'bare', { status: 'skipped' });
  delete bare.outcome;

  it('gives back every member of each result recorded, in index order', () => {
    const store = new FigureStore(3);
    store.record(2, bare);
    store.record(0, full);
    store.record(1, several);
    const [a, b, c] = store.list();
    expect(plain(a!)).toEqual({ ...fullMembers, case_id: 'full', checks: [{ check: 'policy', pass: false }] });
    // The result's own list of tags, not a copy.
    expect(a!.tags).toBe(tags);
    expect(b!.models).toEqual(several.models);
    expect(plain(b!)).toMatchObject({ case_id: 'several', status: 'error', outcome: 'error' });
    expect(plain(c!)).toEqual({ suite: 's', case_id: 'bare', attempt: 1, fingerprint: 'f', tags: [], status: 'skipped', duration_ms: 1, cost_usd: 0, retries: 0, tool_errors: 0, policy_violations: 0, checks: [] });
    expect(c!.risk).toBeUndefined();
    expect(c!.outcome).toBeUndefined();
    expect(c!.models).toBeUndefined();
    expect(c!.approval_missing).toBeUndefined();
  });

  it('keeps how many calls of an attempt\'s one model had their cost reported by the agent (the gate counts only prices that priced a call)', () => {
    const store = new FigureStore(1);
    const models = { m: { calls: 3, input_tokens: 3, output_tokens: 3, cost_usd: 0.5, reported_calls: 2 } };
    store.record(0, result([], 'reported', { models }));
    expect(store.list()[0]!.models).toEqual(models);
  });

  it('lists only the indices recorded until all are, then its own list', () => {
    const store = new FigureStore(3);
    store.record(1, full);
    expect(store.list().map((f) => f.case_id)).toEqual(['full']);
    store.record(0, bare);
    store.record(2, several);
    expect(store.list()).toBe(store.list());
    expect(store.list().map((f) => f.case_id)).toEqual(['bare', 'full', 'several']);
  });

  it('records an index again over what it held, from one model to several and back', () => {
    const store = new FigureStore(1);
    store.record(0, several);
    store.record(0, full);
    expect(store.list()).toHaveLength(1);
    expect(plain(store.list()[0]!)).toMatchObject({ case_id: 'full', models: full.models, approval_missing: 1 });
    store.record(0, bare);
    expect(store.list()[0]!.models).toBeUndefined();
  });

  it('refuses an index outside its capacity', () => {
    expect(() => new FigureStore(2).record(2, bare)).toThrow(RangeError);
    expect(() => new FigureStore(2).record(-1, bare)).toThrow(RangeError);
  });
});

describe('figureChecks', () => {
  const score = fc.record({ precision: fc.double({ noNaN: true }), recall: fc.double({ noNaN: true }), f1: fc.double({ noNaN: true }) });
  const check: fc.Arbitrary<CheckResult> = fc
    .record({ check: fc.constantFrom(...CHECKS), pass: fc.boolean(), score: fc.option(score, { nil: undefined }) })
    .map(({ check, pass, score }) => ({
      ...(pass ? { check, pass: true as const } : { check, pass: false as const, reason: 'why', expected: 1, found: 2 }),
      ...(score ? { score } : {}),
    }));
  const failed = (check: CheckResult['check']): CheckResult => ({ check, pass: false, reason: 'why', expected: 1, found: 2 });

  it('reads what the general listing reads, and one shared list for the same checks without a score', () => {
    fc.assert(
      fc.property(fc.array(check, { maxLength: 6 }), (checks) => {
        const read = figureChecks(checks);
        expect(read).toEqual(listedChecks(checks));
        const scored = checks.some((c) => c.score !== undefined && (c.check === 'tools' || c.check === 'policy' || c.check === 'budget'));
        // The same checks again, as another attempt's new objects: the list read before when none has a score.
        const again = figureChecks(checks.map((c) => ({ ...c })));
        if (scored) expect(again).not.toBe(read);
        else {
          expect(again).toBe(read);
          expect(Object.isFrozen(read) && read.every((c) => Object.isFrozen(c))).toBe(true);
        }
      }),
    );
  });

  it('tells apart lists that differ in a verdict or in the order of their checks', () => {
    const policyThenBudget = figureChecks([{ check: 'policy', pass: true }, { check: 'budget', pass: true }]);
    expect(figureChecks([{ check: 'budget', pass: true }, { check: 'policy', pass: true }])).not.toBe(policyThenBudget);
    expect(figureChecks([{ check: 'policy', pass: true }, failed('budget')])).toEqual([{ check: 'policy', pass: true }, { check: 'budget', pass: false }]);
    expect(figureChecks([failed('outcome'), { check: 'policy', pass: true }, { check: 'budget', pass: true }])).toBe(policyThenBudget);
  });
});
