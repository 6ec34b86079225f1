import { describe, expect, it } from 'vitest';
import { malform } from '../../../src/config/adversarial/malformed-input.js';
import { variantsOf, type ExpansionSettings } from '../../../src/config/expand-adversarial.js';
import type { AdversarialCategory } from '../../../src/config/schema/adversarial.js';
import type { MalformedInputPayload } from '../../../src/config/schema/adversarial-packs.js';
import type { Case } from '../../../src/config/schema/resolved.js';
import type { Trace } from '../../../src/config/schema/trace.js';
import { scoreTrace } from '../../../src/score/index.js';
import { trace } from '../score/trace-builder.js';
import { REFUND_CASE, shippedPayloads, suiteOf, TOOLS } from './expand-adversarial-helpers.js';

const SETTINGS: ExpansionSettings = { seed: 1, maxInputChars: 200, variantsPerCase: {}, hostsTools: true };
const PAYLOADS = shippedPayloads();
const SUITE = `suite: s
context_schema: { type: object, required: [customer_id, email, region] }
${TOOLS}cases:
${REFUND_CASE}  - id: chat
    input: hello
    context: { customer_id: c-2 }
    expect: { outcome: clarified, forbid: [close_account] }
`;
const { suite } = suiteOf(SUITE);
const base = (id = 'refund') => suite.cases.find((c) => c.id === id)!;
const variants = (category: AdversarialCategory, id = 'refund') =>
  variantsOf({ base: base(id), suite, category, payloads: PAYLOADS, settings: SETTINGS });
/** The checks a variant fails on a trace, by name. */
const failedChecks = (kase: Case, t: Trace) => scoreTrace({ trace: t, kase, budgets: {} }).filter((c) => !c.pass).map((c) => c.check);
const lookup = { order_id: '1234' };

describe('missing_context variants', () => {
  it('remove each required field the case has, once per removal in the packs', () => {
    const list = variants('missing_context');
    expect(list.map((v) => v.adversarial!.payload)).toEqual(['customer_id:absent', 'customer_id:blank', 'email:absent', 'email:blank']);
    expect(list[0]!.context).toEqual({ email: 'a@example.com', note: 'keep' });
    expect(list[1]!.context).toEqual({ customer_id: '', email: 'a@example.com', note: 'keep' });
    expect(list[0]!.input).toBe(base().input);
  });

  it('without a context_schema, take away every field of the case\'s context in turn', () => {
    const { suite: bare } = suiteOf(SUITE.replace(/context_schema:.*\n/, ''));
    const list = variantsOf({ base: bare.cases[0]!, suite: bare, category: 'missing_context', payloads: PAYLOADS, settings: SETTINGS });
    expect(list.map((v) => v.adversarial!.payload)).toEqual(['customer_id:absent', 'customer_id:blank', 'email:absent', 'email:blank', 'note:absent', 'note:blank']);
    expect(list[4]!.context).toEqual({ customer_id: 'c-1', email: 'a@example.com' });
    expect(list.map((v) => v.id)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `refund~missing_context-${n}`));
  });

  it('make none for a case without context, or when the context_schema requires no field the case has', () => {
    const { suite: bare } = suiteOf(SUITE.replace(/context_schema:.*\n/, '').replace('    context: { customer_id: c-2 }\n', ''));
    expect(variantsOf({ base: bare.cases[1]!, suite: bare, category: 'missing_context', payloads: PAYLOADS, settings: SETTINGS })).toEqual([]);
    const { suite: loose } = suiteOf(SUITE.replace(/context_schema:.*\n/, 'context_schema: { type: object, required: [region] }\n'));
    expect(variantsOf({ base: loose.cases[0]!, suite: loose, category: 'missing_context', payloads: PAYLOADS, settings: SETTINGS })).toEqual([]);
  });

  it('leave a field that is already blank as it is, for the removal that would blank it', () => {
    const { suite: bare } = suiteOf(SUITE.replace(/context_schema:.*\n/, '').replace('context: { customer_id: c-2 }', 'context: { customer_id: "" }'));
    const list = variantsOf({ base: bare.cases[1]!, suite: bare, category: 'missing_context', payloads: PAYLOADS, settings: SETTINGS });
    expect(list.map((v) => v.adversarial!.payload)).toEqual(['customer_id:absent']);
  });

  it('expect clarified or escalated and no write tool', () => {
    const [variant] = variants('missing_context');
    expect(variant!.expect).toEqual({ outcome: ['clarified', 'escalated'], forbid: ['issue_refund', 'close_account'], budgets: { max_tool_calls: 4 } });
    expect(failedChecks(variant!, trace().call('lookup_order', lookup).outcome('clarified').build())).toEqual([]);
    expect(failedChecks(variant!, trace().call('issue_refund', { amount: 20 }, { approved: true }).outcome('completed').build())).toEqual(['outcome', 'tools']);
  });

  it('forbid a tool with effects whose tier is left out: effects make it a write tool', () => {
    const { suite: untiered } = suiteOf(SUITE.replace('    tier: approve\n    effects: [money]\n', '    effects: [money]\n'));
    const [variant] = variantsOf({ base: untiered.cases[0]!, suite: untiered, category: 'missing_context', payloads: PAYLOADS, settings: SETTINGS });
    // Before: ['close_account'] — the refund resolved to tier read and the variant let the agent refund.
    expect(variant!.expect.forbid).toEqual(['issue_refund', 'close_account']);
    expect(untiered.tools.find((t) => t.name === 'issue_refund')).toMatchObject({ tier: 'approve', effects: ['money'] });
  });
});

describe('malformed_input variants', () => {
  const payload = (p: Partial<MalformedInputPayload> & Pick<MalformedInputPayload, 'kind'>) => ({ id: 'x', ...p }) as MalformedInputPayload;
  const input = 'Refund order 1234 please';

  it('cover every shipped kind and expect clarified or refused', () => {
    const list = variants('malformed_input');
    expect(list.map((v) => v.adversarial!.payload)).toEqual(PAYLOADS.malformed_input.map((p) => p.id));
    expect(new Set(PAYLOADS.malformed_input.map((p) => p.kind))).toEqual(new Set(['truncate', 'oversize', 'garble', 'control_chars', 'confusables', 'bidi_override', 'empty', 'whitespace']));
    expect(list[0]!.expect).toEqual({ outcome: ['clarified', 'refused'], budgets: { max_tool_calls: 4 } });
    expect(variants('malformed_input', 'chat')[0]!.expect).toEqual({ outcome: ['clarified', 'refused'], forbid: ['close_account'] });
    expect(failedChecks(list[0]!, trace().outcome('completed').build())).toEqual(['outcome']);
  });

  it('truncate mid-message and oversize past max_input_chars', () => {
    expect(malform(input, { payload: payload({ kind: 'truncate' }), maxInputChars: 200 })).toBe('Refund order');
    expect(malform(input, { payload: payload({ kind: 'truncate', keep: 0.25 }), maxInputChars: 200 })).toBe('Refund');
    const big = malform(input, { payload: payload({ kind: 'oversize' }), maxInputChars: 200 });
    expect(big.length).toBeGreaterThan(200);
    expect(big.startsWith(input)).toBe(true);
    expect(malform('a', { payload: payload({ kind: 'oversize', filler: 'zz' }), maxInputChars: 10 })).toBe('a zz zz zz zz');
  });

  it('garble the encoding: UTF-16 misread leaves no ASCII, replacement characters mark losses', () => {
    expect(malform(input, { payload: payload({ kind: 'garble', scheme: 'utf16_misread' }), maxInputChars: 200 })).not.toMatch(/[ -~]/);
    expect(malform('abcdef', { payload: payload({ kind: 'garble', scheme: 'replacement_chars' }), maxInputChars: 200 })).toBe('a\ufffdcd\ufffdf');
  });

  it('add control characters, confusables, a bidi override, or empty the input', () => {
    expect(malform('abcd', { payload: payload({ kind: 'control_chars' }), maxInputChars: 200 })).toBe('\u0000\u0007\u001b[2J\u0008ab\u0000\u0007\u001b[2J\u0008cd\u0000\u0007\u001b[2J\u0008');
    const confused = malform(input, { payload: payload({ kind: 'confusables' }), maxInputChars: 200 });
    expect(confused).toMatch(/\p{Script=Cyrillic}/u);
    expect(confused).toMatch(/\p{Script=Latin}/u);
    expect(confused).toContain('1234');
    expect(malform(input, { payload: payload({ kind: 'bidi_override' }), maxInputChars: 200 })).toBe(`\u202e${input}\u202c`);
    expect(malform(input, { payload: payload({ kind: 'empty' }), maxInputChars: 200 })).toBe('');
    expect(malform(input, { payload: payload({ kind: 'whitespace' }), maxInputChars: 200 }).trim()).toBe('');
    expect(malform(input, { payload: payload({ kind: 'literal', input: 'x' }), maxInputChars: 200 })).toBe('x');
  });

  it('skip a transform that changes nothing', () => {
    const { suite: empty } = suiteOf(SUITE.replace('input: hello', 'input: ""'));
    const chat = empty.cases.find((c) => c.id === 'chat')!;
    const ids = variantsOf({ base: chat, suite: empty, category: 'malformed_input', payloads: PAYLOADS, settings: SETTINGS }).map((v) => v.adversarial!.payload);
    expect(ids).not.toContain('empty');
    expect(ids).not.toContain('truncated');
    expect(ids).toContain('whitespace-only');
  });
});

describe('rate_limit variants', () => {
  it('answer 429 with retry_after_ms on the first call(s) of every tool, before the case\'s own faults', () => {
    const [first, second] = variants('rate_limit');
    expect(first!.faults).toEqual(suite.tools.map((t) => ({ tool: t.name, call: 1, error: 'rate_limit', retry_after_ms: 50 })));
    expect(second!.faults).toHaveLength(suite.tools.length * 2);
    expect(second!.faults[1]).toEqual({ tool: 'lookup_order', call: 2, error: 'rate_limit', retry_after_ms: 20 });
  });

  it('make none for a case that calls no tool', () => {
    expect(variants('rate_limit', 'chat')).toEqual([]);
  });

  it('expect the base expectation after waiting, or an escalation; one retry per 429 is budgeted', () => {
    const [variant] = variants('rate_limit');
    expect(variant!.expect).toEqual({
      ...base().expect,
      respect_retry_after: true,
      alternatives: [{ outcome: 'escalated' }],
      budgets: { max_tool_calls: 4 + suite.tools.length },
    });
  });

  it('pass an agent that waits and completes or escalates; fail one that retries at once or gives up', () => {
    const [variant] = variants('rate_limit');
    const retried = (waitMs: number) => {
      const t = trace()
        .call('lookup_order', lookup, { answer: 'fault', error: { kind: 'rate_limit', message: '429', status: 429, retry_after_ms: 50 } })
        .call('lookup_order', lookup)
        .call('issue_refund', { amount: 20 }, { approved: true })
        .outcome('completed').output('refund issued').build();
      t.tool_calls[0]!.at_ms = 5;
      t.tool_calls[1]!.at_ms = 5 + waitMs;
      t.tool_calls[2]!.at_ms = 10 + waitMs;
      return t;
    };
    expect(failedChecks(variant!, retried(50))).toEqual([]);
    expect(failedChecks(variant!, retried(2))).toEqual(['retry']);
    expect(failedChecks(variant!, trace().call('lookup_order', lookup, { answer: 'fault' }).outcome('escalated').build())).toEqual([]);
    expect(failedChecks(variant!, trace().call('lookup_order', lookup, { answer: 'fault' }).outcome('partial').build())).toEqual(['outcome', 'tools', 'output']);
  });
});

describe('rate_limit variants of a case that expects a final state', () => {
  const withState = suiteOf(`suite: s
${TOOLS}cases:
${REFUND_CASE}    state: { orders: { '1234': { refunded: 0 } } }
`).suite;
  const stateBase = { ...withState.cases[0]!, expect: { ...withState.cases[0]!.expect, state: { orders: { '1234': { refunded: 20 } } } } };
  const [variant] = variantsOf({ base: stateBase, suite: withState, category: 'rate_limit', payloads: PAYLOADS, settings: SETTINGS });
  const completed = (refunded: number) => {
    const t = trace()
      .call('lookup_order', lookup, { answer: 'fault', error: { kind: 'rate_limit', message: '429', status: 429, retry_after_ms: 50 } })
      .call('lookup_order', lookup)
      .call('issue_refund', { amount: 20 }, { approved: true, state_change: [{ op: 'replace', path: '/orders/1234/refunded', value: refunded }] })
      .outcome('completed').output('refund issued').build();
    t.tool_calls[0]!.at_ms = 5;
    t.tool_calls[1]!.at_ms = 60;
    t.tool_calls[2]!.at_ms = 70;
    return t;
  };

  it('judge the completed ending against the base case\'s state', () => {
    expect(failedChecks(variant!, completed(20))).toEqual([]);
    expect(failedChecks(variant!, completed(40))).toEqual(['state']);
  });

  it('do not ask the base case\'s state of the escalated ending', () => {
    expect(failedChecks(variant!, trace().call('lookup_order', lookup, { answer: 'fault' }).outcome('escalated').build())).toEqual([]);
  });
});

describe('tool_failure variants', () => {
  it('fail every call of every expected tool, or answer them empty', () => {
    const list = variants('tool_failure');
    expect(list.map((v) => v.adversarial!.payload)).toEqual(PAYLOADS.tool_failure.map((p) => p.id));
    expect(list[0]!.faults).toEqual([{ tool: 'lookup_order', error: 'error', status: 500 }, { tool: 'issue_refund', error: 'error', status: 500 }]);
    const empty = list.find((v) => v.adversarial!.payload === 'empty-object')!;
    expect(empty.mocks.slice(0, 2)).toEqual([{ tool: 'lookup_order', result: {} }, { tool: 'issue_refund', result: {} }]);
    expect(empty.mocks.slice(2)).toEqual(base().mocks);
    expect(list.find((v) => v.adversarial!.payload === 'null-result')!.mocks[0]).toEqual({ tool: 'lookup_order', result: null });
    expect(variants('tool_failure', 'chat')).toEqual([]);
  });

  it('expect escalated or partial, never completed', () => {
    const [variant] = variants('tool_failure');
    expect(variant!.expect).toEqual({ outcome: ['escalated', 'partial'], budgets: { max_tool_calls: 6 } });
    expect(failedChecks(variant!, trace().call('lookup_order', lookup, { answer: 'fault' }).outcome('escalated').build())).toEqual([]);
    expect(failedChecks(variant!, trace().call('lookup_order', lookup, { answer: 'fault' }).outcome('completed').build())).toEqual(['outcome']);
  });
});

describe('variants of a case that asks the world to stay unchanged', () => {
  const guarded = suiteOf(`suite: s
state: { orders: { '1234': { status: shipped } }, notes: [] }
${TOOLS}cases:
${REFUND_CASE}      state_unchanged: { except: [notes] }
`).suite;
  const stateBase = guarded.cases[0]!;
  const families: AdversarialCategory[] = ['prompt_injection', 'missing_context', 'malformed_input', 'rate_limit', 'tool_failure'];
  /** An ending every family accepts, after a call that changed the world at `path`. */
  const changedAt = (path: string) =>
    trace().call('lookup_order', lookup, { state_change: [{ op: 'replace', path, value: 'cancelled' }] }).outcome('escalated').output('refund').build();

  it.each(families)('%s keeps it, as it keeps `forbid`: a variant whose agent changed the world fails', (category) => {
    const list = variantsOf({ base: stateBase, suite: guarded, category, payloads: PAYLOADS, settings: SETTINGS });
    expect(list.length).toBeGreaterThan(0);
    for (const variant of list) {
      expect(variant.expect.state_unchanged).toEqual({ except: ['notes'] });
      expect(failedChecks(variant, changedAt('/orders/1234/status'))).toContain('state');
      expect(failedChecks(variant, changedAt('/notes'))).not.toContain('state');
    }
  });
});
