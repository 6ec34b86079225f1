import { describe, expect, it } from 'vitest';
import type { Case, Suite } from '../../../src/config/schema/index.js';
import { planAttempts, selectCases } from '../../../src/run/plan.js';
import { kase } from '../environment/fixtures.js';

const suite = (name: string, cases: Partial<Case>[]): Suite => ({
  name,
  file: `/p/evals/${name}.suite.yaml`,
  tools: [],
  fingerprint: name,
  cases: cases.map((c) => kase({ suite: name, ...c })),
});

const suites = [
  suite('refunds', [{ id: 'refund-1', tags: ['refund'] }, { id: 'refund-2', tags: ['refund', 'adversarial'] }]),
  suite('lookups', [{ id: 'lookup-1', tags: ['lookup'] }]),
];
const ids = (selected: { kase: Case }[]) => selected.map((s) => s.kase.id);

describe('selectCases', () => {
  it('keeps every case without filters, in suite order', () => {
    expect(ids(selectCases(suites, {}))).toEqual(['refund-1', 'refund-2', 'lookup-1']);
  });
  it('filters by suite name or file, grep and tag', () => {
    expect(ids(selectCases(suites, { suites: ['lookups'] }))).toEqual(['lookup-1']);
    expect(ids(selectCases(suites, { suites: ['evals/refunds.suite.yaml'] }))).toEqual(['refund-1', 'refund-2']);
    expect(ids(selectCases(suites, { grep: '-2$' }))).toEqual(['refund-2']);
    expect(ids(selectCases(suites, { tags: ['adversarial', 'lookup'] }))).toEqual(['refund-2', 'lookup-1']);
  });
  it('matches a suite file by whole path segments, and a folder by the suites under it', () => {
    const nested = [...suites, { ...suite('brefunds', [{ id: 'b-1' }]), file: '/p/evals/billing/brefunds.suite.yaml' }];
    // `refunds.suite.yaml` is not the end of `brefunds.suite.yaml`'s name.
    expect(ids(selectCases(nested, { suites: ['refunds.suite.yaml'] }))).toEqual(['refund-1', 'refund-2']);
    expect(ids(selectCases(nested, { suites: ['./evals/billing/'] }))).toEqual(['b-1']);
    expect(ids(selectCases(nested, { suites: ['evals'] }))).toEqual(['refund-1', 'refund-2', 'lookup-1', 'b-1']);
    expect(ids(selectCases(nested, { suites: ['/p/evals/lookups.suite.yaml'] }))).toEqual(['lookup-1']);
    expect(ids(selectCases(nested, { suites: ['vals/'] }))).toEqual([]);
  });
  it('reads a relative suite path within the project, and an absolute one (Windows\' too) as the file or a folder above it', () => {
    const inTmp = [{ ...suite('refunds', [{ id: 'refund-1' }]), file: '/tmp/shop/evals/refunds.suite.yaml' }];
    // `tmp` and `shop` are folders above the project (/tmp/shop), not folders of its suites.
    expect(ids(selectCases(inTmp, { suites: ['tmp'], rootDir: '/tmp/shop' }))).toEqual([]);
    expect(ids(selectCases(inTmp, { suites: ['shop/evals'], rootDir: '/tmp/shop' }))).toEqual([]);
    expect(ids(selectCases(inTmp, { suites: ['evals'], rootDir: '/tmp/shop' }))).toEqual(['refund-1']);
    expect(ids(selectCases(inTmp, { suites: ['/tmp/shop/'], rootDir: '/tmp/shop' }))).toEqual(['refund-1']);
    expect(ids(selectCases(inTmp, { suites: ['/tmp/sho'], rootDir: '/tmp/shop' }))).toEqual([]);
    const windows = [{ ...suite('refunds', [{ id: 'refund-1' }]), file: 'C:\\shop\\evals\\refunds.suite.yaml' }];
    expect(ids(selectCases(windows, { suites: ['C:\\shop\\evals\\refunds.suite.yaml'] }))).toEqual(['refund-1']);
    expect(ids(selectCases(windows, { suites: ['C:\\shop\\evals'] }))).toEqual(['refund-1']);
  });
  it('takes a suite\'s name for that suite alone, not also for a folder of that name', () => {
    const folder = [...suites, { ...suite('inner', [{ id: 'i-1' }]), file: '/p/evals/lookups/inner.suite.yaml' }];
    expect(ids(selectCases(folder, { suites: ['lookups'] }))).toEqual(['lookup-1']);
    expect(ids(selectCases(folder, { suites: ['evals/lookups/'] }))).toEqual(['i-1']);
  });
  it('greps by id or by the name the reports print, <suite>/<id>', () => {
    expect(ids(selectCases(suites, { grep: '^lookups/lookup-1$' }))).toEqual(['lookup-1']);
    expect(ids(selectCases(suites, { grep: '^refund-1$' }))).toEqual(['refund-1']);
    expect(ids(selectCases(suites, { grep: '^refunds/' }))).toEqual(['refund-1', 'refund-2']);
    expect(ids(selectCases(suites, { grep: 'lookups/refund' }))).toEqual([]);
  });
  it('takes several --grep patterns as vitest and Playwright do: a case matching any of them', () => {
    expect(ids(selectCases(suites, { grep: ['^refund-1$', '^lookups/'] }))).toEqual(['refund-1', 'lookup-1']);
    expect(ids(selectCases(suites, { grep: ['-2$'] }))).toEqual(['refund-2']);
  });
  it('selects the cases --last-failed lists, a case whose id holds PII also by the key a redacted run wrote for it', () => {
    const withPii = [suite('s', [{ id: '4111111111111111' }, { id: '123-45-6789' }, { id: 'plain' }])];
    expect(ids(selectCases(withPii, { cases: ['s/[card]', 's/plain'] }))).toEqual(['4111111111111111', 'plain']);
    expect(ids(selectCases(withPii, { cases: ['s/123-45-6789'] }))).toEqual(['123-45-6789']);
    expect(ids(selectCases(withPii, { cases: ['s/[ssn]'] }))).toEqual(['123-45-6789']);
  });
});

describe('planAttempts', () => {
  it('repeats every case k times, round by round', () => {
    const plan = planAttempts(selectCases(suites, { suites: ['refunds'] }), 2);
    expect(plan.map((a) => `${a.kase.id}#${a.attempt}`)).toEqual(['refund-1#1', 'refund-2#1', 'refund-1#2', 'refund-2#2']);
  });

  it('keeps the selected cases as the first round: the list itself without repeats, the same attempts with them', () => {
    const selected = selectCases(suites, { suites: ['refunds'] });
    expect(selected.map((a) => a.attempt)).toEqual([1, 1]);
    expect(planAttempts(selected, 1)).toBe(selected);
    const plan = planAttempts(selected, 3);
    expect(plan.slice(0, 2)).toEqual(selected);
    expect(plan[0]).toBe(selected[0]);
    expect(plan[2]).not.toBe(selected[0]);
    expect(plan).toHaveLength(6);
  });
});
