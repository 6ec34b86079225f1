import { describe, expect, it } from 'vitest';
import { validateSuiteSource } from '../../../src/config/index.js';
import { findMockAnswer } from '../../../src/environment/mocks.js';
import { faultAnswer, findFault } from '../../../src/environment/faults.js';
import { findModelFault } from '../../../src/environment/gateway/decide.js';
import type { CaseMock, Fault, ModelFault, Tool } from '../../../src/config/schema/index.js';

const HEAD = `suite: s
tools:
  - name: lookup_order
  - name: issue_refund
cases:
  - id: a
    expect: { outcome: completed }
    input: hi
    mocks:
`;

function warningsOf(mocks: string) {
  const result = validateSuiteSource(`${HEAD}${mocks}`, 's.suite.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.warnings.filter((w) => w.code === 'mock_shadowed');
}

describe('mocks after a catch-all mock of the same tool', () => {
  it('the warning is true: the first matching mock answers, so a mock after one with no `when` never does', () => {
    const tool = { name: 'lookup_order' } as Tool;
    const caseMocks = [{ tool: 'lookup_order', result: 'any' }, { tool: 'lookup_order', when: { id: '1' }, result: 'one' }] as CaseMock[];
    expect(findMockAnswer(tool, { caseMocks, args: { id: '1' } })).toEqual({ kind: 'answer', result: 'any' });
  });

  it('warns at each later mock of that tool, naming the catch-all, with file:line:column', () => {
    const warnings = warningsOf(`      - { tool: lookup_order, when: { id: "0" }, result: zero }
      - { tool: lookup_order, result: any }
      - { tool: issue_refund, result: ok }
      - { tool: lookup_order, when: { id: "1" }, result: one }
      - { tool: lookup_order, when: {}, result: two }
`);
    expect(warnings.map((w) => [w.path, w.line, w.column, w.severity])).toEqual([
      ['cases[0].mocks[3]', 13, 9, 'warning'],
      ['cases[0].mocks[4]', 14, 9, 'warning'],
    ]);
    expect(warnings[0]!.message).toBe('this mock of lookup_order never answers: mocks[1] has no `when` and answers every call of lookup_order first');
    expect(warnings[0]!.found).toBe('a mock of lookup_order after mocks[1], which has no `when` and so answers every call of lookup_order');
    expect(warnings[0]!.expected).toBe('this mock before mocks[1] (the first mock that matches answers a call), or mocks[1] given a `when`');
  });

  it('an empty `when` is a catch-all too; mocks of other tools, and mocks before the catch-all, are not warned of', () => {
    const warnings = warningsOf(`      - { tool: lookup_order, when: {}, result: any }
      - { tool: issue_refund, when: { id: "1" }, result: ok }
      - { tool: issue_refund, result: ok }
      - { tool: lookup_order, result: again }
`);
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      ['cases[0].mocks[3]', 'this mock of lookup_order never answers: mocks[0] has an empty `when` and answers every call of lookup_order first'],
    ]);
    expect(warningsOf(`      - { tool: lookup_order, when: { id: "1" }, result: one }
      - { tool: lookup_order, result: any }
`)).toEqual([]);
  });
});

describe('faults after a fault of the same tool and call', () => {
  const faultWarnings = (faults: string) => {
    const result = validateSuiteSource(`${HEAD.replace('    mocks:\n', '    faults:\n')}${faults}`, 's.suite.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.warnings.filter((w) => w.code === 'fault_shadowed');
  };

  it('the warning is true: the first fault that names the call, or none, fails it', () => {
    const faults = [{ tool: 'lookup_order', call: 1, error: 'malformed' }, { tool: 'lookup_order', call: 1, error: 'timeout' }] as Fault[];
    expect(findFault(faults, { tool: 'lookup_order', callIndex: 1 })?.error).toBe('malformed');
  });

  it('warns at a fault of the same tool and call, or after one on every call, with file:line:column', () => {
    const warnings = faultWarnings(`      - { tool: lookup_order, call: 1, error: malformed }
      - { tool: lookup_order, call: 1, error: timeout }
      - { tool: issue_refund, error: error }
      - { tool: lookup_order, call: 2, error: rate_limit }
      - { tool: issue_refund, call: 3, error: timeout }
`);
    expect(warnings.map((w) => [w.path, w.line, w.column, w.severity, w.message])).toEqual([
      ['cases[0].faults[1]', 11, 9, 'warning', 'this fault of lookup_order never fires: faults[0] fails call 1 of lookup_order first'],
      ['cases[0].faults[4]', 14, 9, 'warning', 'this fault of issue_refund never fires: faults[2] fails every call of issue_refund first'],
    ]);
    expect(warnings[1]!.expected).toBe("another `call` than faults[2] (or faults[2] given one): the first fault whose `call` is the call's, or absent, fails it");
    expect(warnings[1]!.found).toBe('a fault of issue_refund on call 3 after faults[2], which fails every call of issue_refund first: this one never fires');
  });

  it('a fault on every call after one on a single call fires on the others: no warning', () => {
    expect(faultWarnings(`      - { tool: lookup_order, call: 1, error: rate_limit }
      - { tool: lookup_order, error: error }
      - { model: "*", call: 1, error: server_error }
      - { model: gpt-x, call: 1, error: timeout }
`)).toEqual([]);
  });

  it('model faults too, compared as written ("*" counts every model call, a model id its own)', () => {
    expect(faultWarnings(`      - { model: "*", error: rate_limit }
      - { model: "*", call: 2, error: timeout }
`).map((w) => w.message)).toEqual(['this fault of model * never fires: faults[0] fails every call of model * first']);
  });

  it('a model fault after one of "*" on every call never fires either: that one fails every model call first', () => {
    const faults = [{ model: '*', error: 'rate_limit' }, { model: 'gpt-x', call: 1, error: 'timeout' }] as ModelFault[];
    expect(findModelFault(faults, { model: 'gpt-x', index: { overall: 1, ofModel: 1 } })?.model).toBe('*');
    expect(faultWarnings(`      - { model: "*", error: rate_limit }
      - { model: gpt-x, call: 1, error: timeout }
      - { model: gpt-y, error: server_error }
`).map((w) => [w.path, w.message])).toEqual([
      ['cases[0].faults[1]', 'this fault of model gpt-x never fires: faults[0] fails every call of model * first'],
      ['cases[0].faults[2]', 'this fault of model gpt-y never fires: faults[0] fails every call of model * first'],
    ]);
  });
});

describe('fault settings its kind does not use', () => {
  const settingWarnings = (faults: string) => {
    const result = validateSuiteSource(`${HEAD.replace('    mocks:\n', '    faults:\n')}${faults}`, 's.suite.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.warnings.filter((w) => w.code === 'fault_setting_unused');
  };

  it('the warning is true: a tool fault answers with the settings of its kind only', () => {
    expect(faultAnswer({ tool: 'lookup_order', error: 'malformed', status: 503, retry_after_ms: 50 }, { ok: true })).toEqual({ kind: 'malformed', result: '{"ok"' });
    expect(faultAnswer({ tool: 'lookup_order', error: 'timeout', retry_after_ms: 50 }, {})).toEqual({ kind: 'error', error: { kind: 'timeout', status: 504, message: 'tool lookup_order timed out' } });
  });

  it('warns at a status or retry_after_ms that a model timeout or truncated_stream, or a tool malformed, error or timeout, ignores, with file:line:column', () => {
    const warnings = settingWarnings(`      - { model: "*", call: 1, error: timeout, status: 504 }
      - { model: "*", call: 2, error: truncated_stream, retry_after_ms: 50 }
      - { tool: lookup_order, call: 1, error: malformed, status: 500 }
      - { tool: lookup_order, call: 2, error: timeout, retry_after_ms: 10 }
      - { tool: issue_refund, error: error, status: 503, retry_after_ms: 10 }
`);
    expect(warnings.map((w) => [w.path, w.line, w.column, w.severity])).toEqual([
      ['cases[0].faults[0].status', 10, 56, 'warning'],
      ['cases[0].faults[1].retry_after_ms', 11, 73, 'warning'],
      ['cases[0].faults[2].status', 12, 66, 'warning'],
      ['cases[0].faults[3].retry_after_ms', 13, 72, 'warning'],
      ['cases[0].faults[4].retry_after_ms', 14, 74, 'warning'],
    ]);
    expect(warnings[0]!.message).toBe('`status` does nothing on a model fault of kind timeout: it never answers the call');
    expect(warnings[0]!.expected).toBe('no `status` on a timeout fault');
    expect(warnings[4]!.expected).toBe('`retry_after_ms` only on a fault of a kind that uses it (rate_limit)');
  });

  it('says nothing of the settings a kind uses', () => {
    expect(settingWarnings(`      - { model: "*", call: 1, error: rate_limit, status: 429, retry_after_ms: 50 }
      - { model: "*", call: 2, error: server_error, status: 529, retry_after_ms: 50 }
      - { tool: lookup_order, call: 1, error: rate_limit, status: 503, retry_after_ms: 50 }
      - { tool: lookup_order, call: 2, error: error, status: 502 }
      - { tool: issue_refund, error: timeout, status: 408 }
`)).toEqual([]);
  });
});
