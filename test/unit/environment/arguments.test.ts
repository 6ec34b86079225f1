import { describe, expect, it } from 'vitest';
import { argumentProblems, prepareArgumentChecks } from '../../../src/environment/arguments.js';
import { tool } from './fixtures.js';

describe('argumentProblems', () => {
  it('a tool without parameters answers as Ajv would for {type: object}, without Ajv', () => {
    const plain = tool('plain', { parameters: { type: 'object' } });
    // Not the bare {type: object}: Ajv compiles it.
    const compiled = tool('compiled', { parameters: { type: 'object', properties: {} } });
    for (const args of [{}, { a: 1 }, [], null, 'x', 3]) expect(argumentProblems(plain, args)).toBe(argumentProblems(compiled, args));
    expect(argumentProblems(plain, [])).toBe('arguments must be object');
  });

  it('a prepared tool answers from its compiled check', () => {
    const lookup = tool('lookup', { parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } });
    prepareArgumentChecks([lookup, lookup]);
    expect(argumentProblems(lookup, { id: '1' })).toBeUndefined();
    expect(argumentProblems(lookup, { id: 1 })).toBe('arguments.id must be string');
  });
});
