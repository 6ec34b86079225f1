// A variant's fingerprint covers what it runs and is judged with, as generated: an edit of the base
// case that the variant inherits changes it, one that its family replaces does not (so a failure
// the baseline accepted stays accepted when the base case's own expectation is edited).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSuite, type ExpansionSettings } from '../../../src/config/expand-adversarial.js';
import { ADVERSARIAL_CATEGORIES, type AdversarialCategory } from '../../../src/config/schema/adversarial.js';
import type { Case } from '../../../src/config/schema/resolved.js';
import { shippedPayloads, suiteOf } from './expand-adversarial-helpers.js';

const SETTINGS: ExpansionSettings = { seed: 7, maxInputChars: 200, variantsPerCase: {}, hostsTools: true };
const PAYLOADS = shippedPayloads();
const RUNS = { numRuns: 15 };

/** The suite as data (JSON is YAML): one base case asking for every family. */
interface WrittenBase {
  input: string;
  context: Record<string, unknown>;
  approvals?: Record<string, string>;
  state: Record<string, unknown>;
  mocks: Array<Record<string, unknown>>;
  expect: {
    outcome: string;
    tools: Array<{ name: string; args: Record<string, unknown> }>;
    order?: string;
    forbid: string[];
    output: { contains: string[] };
    budgets: { max_tool_calls: number };
  };
}

const BASE: WrittenBase = {
  input: 'Where is order 1234? I was charged twice.',
  context: { customer_id: 'c-1', note: 'vip' },
  state: { visits: 1 },
  mocks: [{ tool: 'lookup_order', when: { order_id: '1234' }, result: { status: 'shipped' } }],
  expect: {
    outcome: 'completed',
    tools: [{ name: 'lookup_order', args: { order_id: '1234' } }, { name: 'issue_refund', args: { amount: 20 } }],
    forbid: ['close_account'],
    output: { contains: ['shipped'] },
    budgets: { max_tool_calls: 4 },
  },
};

/** Every variant of the base case by id, the base itself under `base`. */
function variantsOf(base: WrittenBase, lookupDescription = 'Look an order up.'): Map<string, Case> {
  const source = JSON.stringify({
    suite: 's',
    adversarial: ADVERSARIAL_CATEGORIES,
    context_schema: { type: 'object', required: ['customer_id'] },
    tools: [
      { name: 'lookup_order', tier: 'read', description: lookupDescription, mock: { result: { status: 'processing' } } },
      { name: 'issue_refund', tier: 'approve', effects: ['money'], mock: { result: { refund_id: 'rf-1' } } },
      { name: 'close_account', tier: 'approve', effects: ['irreversible'] },
    ],
    cases: [{ id: 'base', ...base }],
  });
  const { suite, written } = suiteOf(source);
  return new Map(expandSuite({ suite, written, payloads: PAYLOADS, settings: SETTINGS }).cases.map((c) => [c.id, c]));
}

const BEFORE = variantsOf(BASE);
const categoryOf = (kase: Case) => kase.adversarial!.category;

/** For each variant the edit leaves in place: whether its fingerprint changed, by category. */
function changedByCategory(after: Map<string, Case>): Map<AdversarialCategory, boolean[]> {
  const changed = new Map<AdversarialCategory, boolean[]>();
  for (const [id, before] of BEFORE) {
    if (!before.adversarial) continue;
    const now = after.get(id);
    expect(now, id).toBeDefined();
    const list = changed.get(categoryOf(before)) ?? [];
    list.push(now!.fingerprint !== before.fingerprint);
    changed.set(categoryOf(before), list);
  }
  return changed;
}

/** Asserts every variant of the `changes` families changed and no variant of the others did. */
function expectChanged(after: Map<string, Case>, changes: readonly AdversarialCategory[]): void {
  const changed = changedByCategory(after);
  for (const category of ADVERSARIAL_CATEGORIES) {
    const list = changed.get(category)!;
    expect(list.length, category).toBeGreaterThan(0);
    expect(list.every((c) => c === changes.includes(category)), `${category}: ${JSON.stringify(list)}`).toBe(true);
  }
}

const edit = (change: (base: WrittenBase) => void): WrittenBase => {
  const copy = structuredClone(BASE);
  change(copy);
  return copy;
};
const otherString = (than: string) => fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== than && s.trim() !== '');
const ALL = ADVERSARIAL_CATEGORIES;

describe('a variant\'s fingerprint', () => {
  it('every family generates variants of the base case (the properties below cover each one)', () => {
    const families = new Set([...BEFORE.values()].filter((c) => c.adversarial).map(categoryOf));
    expect([...families].sort()).toEqual([...ALL].sort());
  });

  describe('changes with what every family inherits', () => {
    it('a context field no variant removes', () => {
      fc.assert(fc.property(otherString('vip'), (note) => expectChanged(variantsOf(edit((b) => { b.context.note = note; })), ALL)), RUNS);
    });

    it('the approvals', () => {
      fc.assert(fc.property(fc.constantFrom('grant', 'deny'), (decision) =>
        expectChanged(variantsOf(edit((b) => { b.approvals = { default: 'grant', issue_refund: decision, close_account: 'deny' }; })), ALL)), RUNS);
    });

    it('the initial state', () => {
      fc.assert(fc.property(fc.integer({ min: 2, max: 1000 }), (visits) => expectChanged(variantsOf(edit((b) => { b.state.visits = visits; })), ALL)), RUNS);
    });

    it('a mock\'s answer', () => {
      fc.assert(fc.property(otherString('shipped'), (status) =>
        expectChanged(variantsOf(edit((b) => { b.mocks[0]!.result = { status }; })), ALL)), RUNS);
    });

    it('the tool-call budget and the forbidden tools, which every family keeps', () => {
      fc.assert(fc.property(fc.integer({ min: 5, max: 50 }), (cap) =>
        expectChanged(variantsOf(edit((b) => { b.expect.budgets.max_tool_calls = cap; })), ALL)), RUNS);
      expectChanged(variantsOf(edit((b) => { b.expect.forbid = ['close_account', { name: 'issue_refund', args: { amount: { gt: 100 } } } as never]; })), ALL);
    });

    it('a tool of the suite', () => {
      fc.assert(fc.property(otherString('Look an order up.'), (description) => expectChanged(variantsOf(BASE, description), ALL)), RUNS);
    });
  });

  describe('changes with the input only where the variant\'s input is made from it', () => {
    it('every family but malformed_input; a malformed input exactly when its text changed', () => {
      fc.assert(fc.property(otherString(BASE.input).map((s) => `${s} order 1234`), (input) => {
        const after = variantsOf(edit((b) => { b.input = input; }));
        const changed = changedByCategory(after);
        for (const category of ALL) if (category !== 'malformed_input') expect(changed.get(category)!.every(Boolean), category).toBe(true);
        for (const [id, before] of BEFORE) {
          if (before.adversarial?.category !== 'malformed_input') continue;
          const now = after.get(id)!;
          // An empty, blank or literal input reads nothing of the base's: that variant runs as before.
          expect(now.fingerprint !== before.fingerprint, id).toBe(now.input !== before.input);
        }
        expect(changed.get('malformed_input')!.some(Boolean)).toBe(true);
        expect(changed.get('malformed_input')!.some((c) => !c)).toBe(true);
      }), RUNS);
    });
  });

  describe('stays as it is when the base changes only what the family replaces', () => {
    it('the expected output: only rate_limit (the base expectation, or escalated) keeps it', () => {
      fc.assert(fc.property(fc.array(otherString('shipped'), { minLength: 1, maxLength: 3 }), (contains) =>
        expectChanged(variantsOf(edit((b) => { b.expect.output.contains = contains; })), ['rate_limit'])), RUNS);
    });

    it('an expected call\'s arguments: only rate_limit keeps them (the others read only which tools are expected)', () => {
      fc.assert(fc.property(fc.integer({ min: 21, max: 500 }), (amount) =>
        expectChanged(variantsOf(edit((b) => { b.expect.tools[1]!.args = { amount }; })), ['rate_limit'])), RUNS);
    });

    it('the call order: only rate_limit keeps it', () => {
      expectChanged(variantsOf(edit((b) => { b.expect.order = 'ordered'; })), ['rate_limit']);
    });

    it('the outcome: kept by rate_limit, and by prompt_injection (the base\'s, or refused/escalated); replaced by the others', () => {
      fc.assert(fc.property(fc.constantFrom('partial', 'escalated', 'clarified', 'refused'), (outcome) =>
        expectChanged(variantsOf(edit((b) => { b.expect.outcome = outcome; })), ['rate_limit', 'prompt_injection'])), RUNS);
    });
  });

  it('is empty for a variant of a case loaded without fingerprints', () => {
    const source = JSON.stringify({ suite: 's', adversarial: ['tool_failure'], tools: [{ name: 'lookup_order' }], cases: [{ id: 'base', input: 'x', expect: { tools: [{ name: 'lookup_order' }] } }] });
    const { suite, written } = suiteOf(source);
    const unprinted = { ...suite, cases: suite.cases.map((c) => ({ ...c, fingerprint: '' })) };
    const cases = expandSuite({ suite: unprinted, written, payloads: PAYLOADS, settings: SETTINGS }).cases;
    expect(cases.length).toBeGreaterThan(1);
    expect(cases.every((c) => c.fingerprint === '')).toBe(true);
  });
});

