// Names from user files and agent output read as own keys only: a tool, variable or model named
// `valueOf`, `constructor`, `toString` or `__proto__` is a name like any other.
import { describe, expect, it } from 'vitest';
import { interpolateString } from '../../../src/config/interpolate.js';
import { normalizeApprovals } from '../../../src/config/resolve.js';
import { approvalAnswer } from '../../../src/environment/authority.js';
import { measureModels } from '../../../src/score/measures.js';

const INHERITED = ['valueOf', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];

describe('names that are also inherited property names', () => {
  it('a tool named like an inherited method gets the default approval, not the method (it was refused)', () => {
    const kase = { approvals: normalizeApprovals(undefined, { issue_refund: 'deny' }) };
    for (const toolName of INHERITED) expect(approvalAnswer(kase, { toolName, mode: 'normal' })).toBe(true);
    expect(approvalAnswer({ approvals: normalizeApprovals('deny', undefined) }, { toolName: 'valueOf', mode: 'normal' })).toBe(false);
  });

  it('an approval written for a tool named __proto__ is kept as its own entry (assignment lost it)', () => {
    const approvals = normalizeApprovals(undefined, JSON.parse('{"__proto__": "deny"}') as Record<string, 'deny'>);
    expect(Object.hasOwn(approvals.tools, '__proto__')).toBe(true);
    expect(approvalAnswer({ approvals }, { toolName: '__proto__', mode: 'normal' })).toBe(false);
  });

  it('${toString} names no variable: it is unset, not the text of a function', () => {
    const { value, problems } = interpolateString('a ${toString} b', { HOME: '/h' });
    expect(value).toBe('a ${toString} b');
    expect(problems).toEqual([{ kind: 'unset', name: 'toString' }]);
  });

  it("a model id from the agent's usage is its own key: __proto__ touches no prototype, constructor counts from zero", () => {
    const usage = (model: string) => ({ model, input_tokens: 10, output_tokens: 5, cost_usd: 0.5 });
    const models = measureModels({ usage: [usage('__proto__'), usage('constructor'), usage('constructor')] as never })!;
    expect(Object.getPrototypeOf(models)).toBe(Object.prototype);
    expect(Object.hasOwn(models, '__proto__')).toBe(true);
    expect(models['__proto__' as string]).toEqual({ calls: 1, input_tokens: 10, output_tokens: 5, cost_usd: 0.5 });
    expect(models.constructor).toEqual({ calls: 2, input_tokens: 20, output_tokens: 10, cost_usd: 1 });
    expect(({} as Record<string, unknown>).calls).toBeUndefined();
  });
});
