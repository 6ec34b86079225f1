import { describe, expect, it, vi } from 'vitest';
import { argumentProblems, prepareArgumentChecks, recordedArgumentProblems } from '../../../src/environment/arguments.js';
import { tool } from './fixtures.js';
import { SyncWorker } from '../../../src/config/sync-worker.js';
import { regexTimedOut } from '../../../src/config/user-regex.js';

describe('argumentProblems', () => {
  it('a tool without parameters answers as Ajv would for {type: object}, without Ajv', () => {
    const plain = tool('plain', { parameters: { type: 'object' } });
    // Not the bare {type: object}: Ajv compiles it.
    const compiled = tool('compiled', { parameters: { type: 'object', properties: {} } });
    for (const args of [{}, { a: 1 }, [], null, 'x', 3]) expect(argumentProblems(plain, args)).toBe(argumentProblems(compiled, args));
    expect(argumentProblems(plain, [])).toBe('arguments must be object');
  });

  it('tests a parameter\'s `pattern` as every user regex, bounded in time: Ajv\'s own `^(a+)+$` on an agent\'s argument hung the whole run', () => {
    // The worker's answer stubbed as a test past its limit: a text that backtracks for ever would hang this test on Ajv's own engine.
    const ask = vi.spyOn(SyncWorker.prototype, 'ask').mockReturnValue(undefined);
    try {
      const search = tool('search', { parameters: { type: 'object', properties: { q: { type: 'string', pattern: '^(a+)+$' } } } });
      // The agent is told the test ran out of time, not that its value fails the pattern.
      expect(argumentProblems(search, { q: 'aaaa' })).toBe(`arguments.q ${regexTimedOut('^(a+)+$')}`);
      expect(ask.mock.calls).toEqual([[{ pattern: '^(a+)+$', text: 'aaaa' }, expect.any(Number)]]);
      // Only the test that ran out of time says so: the same pattern on another value, and another pattern, fail as mismatches.
      const both = tool('both', { parameters: { type: 'object', properties: { q: { type: 'string', pattern: '^(a+)+$' }, r: { type: 'string', pattern: '^(a+)+$' }, id: { type: 'string', pattern: '^[A-Z]+$' } } } });
      // The first test runs out of time, the second answers no match (the worker's 2).
      ask.mockReturnValueOnce(undefined).mockReturnValueOnce(2);
      expect(argumentProblems(both, { q: 'aaaa', r: 'b', id: 'x' })).toBe(`arguments.q ${regexTimedOut('^(a+)+$')}; arguments.r must match pattern "^(a+)+$"; arguments.id must match pattern "^[A-Z]+$"`);
      // Under propertyNames, the text tested is the property's name.
      const names = tool('names', { parameters: { type: 'object', propertyNames: { pattern: '^(a|b)+$' } } });
      expect(argumentProblems(names, { ab: 1 })).toBe(`arguments ${regexTimedOut('^(a|b)+$')}; arguments property name must be valid`);
      // Under patternProperties, a key whose test ran out of time is not taken as one the pattern does not match (its value then went unchecked): it fails, saying why.
      const keyed = tool('keyed', { parameters: { type: 'object', patternProperties: { '^(a+)+$': { type: 'number' } } } });
      expect(argumentProblems(keyed, { aaaa: 'not a number' })).toBe(`arguments ${regexTimedOut('^(a+)+$')}`);
    } finally {
      ask.mockRestore();
    }
    const code = tool('code', { parameters: { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Z]{2}-\\d+$' } }, patternProperties: { '^x-': { type: 'number' } } } });
    expect(argumentProblems(code, { id: 'AB-12', 'x-a': 1 })).toBeUndefined();
    expect(argumentProblems(code, { id: 'ab-12', 'x-a': 'one' })).toBe('arguments.id must match pattern "^[A-Z]{2}-\\d+$"; arguments.x-a must be number');
  });

  it('a prepared tool answers from its compiled check', () => {
    const lookup = tool('lookup', { parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } });
    prepareArgumentChecks([lookup, lookup]);
    expect(argumentProblems(lookup, { id: '1' })).toBeUndefined();
    expect(argumentProblems(lookup, { id: 1 })).toBe('arguments.id must be string');
  });

  it('checks JSON Schema formats: a call whose email, date-time, uri or uuid is not one is refused', () => {
    const send = tool('send', {
      parameters: {
        type: 'object',
        properties: { to: { type: 'string', format: 'email' }, at: { type: 'string', format: 'date-time' }, link: { type: 'string', format: 'uri' }, id: { type: 'string', format: 'uuid' } },
      },
    });
    expect(argumentProblems(send, { to: 'ops@example.com', at: '2026-01-02T03:04:05Z', link: 'https://example.com/a', id: '123e4567-e89b-12d3-a456-426614174000' })).toBeUndefined();
    expect(argumentProblems(send, { to: 'not an email', at: 'tomorrow', link: 'no uri', id: '42' })).toBe(
      'arguments.to must match format "email"; arguments.at must match format "date-time"; arguments.link must match format "uri"; arguments.id must match format "uuid"',
    );
  });

  it('takes any value for a format no check knows (an OpenAPI tool\'s decimal), saying nothing on the console: validate warns of it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const pay = tool('pay', { parameters: { type: 'object', properties: { amount: { type: 'string', format: 'decimal' } } } });
      expect(argumentProblems(pay, { amount: 'twelve' })).toBeUndefined();
      expect(argumentProblems(pay, { amount: 12 })).toBe('arguments.amount must be string');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('a recorded call\'s value that holds a redaction placeholder is not judged (score --unlabeled): [email] is no address, but the agent\'s was', () => {
    const send = tool('send', {
      parameters: {
        type: 'object',
        properties: { to: { type: 'string', format: 'email' }, card: { type: 'integer' }, items: { type: 'array', items: { type: 'string', pattern: '^SKU-' } }, n: { type: 'integer' } },
        required: ['to'],
      },
    });
    const redacted = { to: '[email]', card: '[card]', items: ['SKU-1', 'for [email]'] };
    expect(argumentProblems(send, redacted)).toBe('arguments.to must match format "email"; arguments.card must be integer; arguments.items.1 must match pattern "^SKU-"');
    expect(recordedArgumentProblems(send, redacted)).toBeUndefined();
    // What no placeholder stands in for is judged as before.
    expect(recordedArgumentProblems(send, { ...redacted, n: 'x' })).toBe('arguments.n must be integer');
    expect(recordedArgumentProblems(send, { card: '[card]' })).toBe("arguments must have required property 'to'");
    expect(recordedArgumentProblems(send, { to: 'not an email' })).toBe('arguments.to must match format "email"');
  });
});
