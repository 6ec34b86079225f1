// A module agent's result is any JavaScript value, not JSON: what its invalid result names of it
// must not itself throw (a BigInt, a circular object), or the case ends INTERNAL, as if a bug of
// agentready's, instead of AGENT_PROTOCOL naming the agent's mistake.
import { describe, expect, it } from 'vitest';
import { readModuleResult } from '../../../src/adapters/module-result.js';

describe('readModuleResult', () => {
  const circular: Record<string, unknown> = { kind: 'done' };
  circular.self = circular;

  it.each([
    ['a BigInt', 10n],
    ['a circular object', circular],
  ])('turns an outcome that is %s into AGENT_PROTOCOL naming it', (_, outcome) => {
    expect(() => readModuleResult({ outcome, output: 'hi' }, undefined)).toThrow(
      expect.objectContaining({ code: 'AGENT_PROTOCOL', message: expect.stringMatching(/^the agent module returned an invalid result: outcome: .*, found a (bigint|object) JSON cannot write$/) }),
    );
  });

  it('turns an output nested deeper than JSON.stringify can go into AGENT_PROTOCOL saying so', () => {
    let output: unknown = 'x';
    for (let i = 0; i < 50_000; i++) output = [output];
    expect(() => readModuleResult({ outcome: 'completed', output }, undefined)).toThrow(
      expect.objectContaining({ code: 'AGENT_PROTOCOL', message: 'the agent answered with an output nested more than 100 levels deep' }),
    );
  });

  it('still quotes what JSON can write', () => {
    expect(() => readModuleResult({ outcome: 'great', output: 'hi' }, undefined)).toThrow(/outcome: Invalid option: expected one of .*, found "great"$/);
  });
});
