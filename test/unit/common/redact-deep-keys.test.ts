// redactDeep and copyJson walk an object's own enumerable keys only, in Object.keys' order:
// never a key it inherits (a polluted Object.prototype, a class's prototype), whatever changes.
import { afterEach, describe, expect, it } from 'vitest';
import { copyJson } from '../../../src/config/own-key.js';
import { redactDeep, redactRunRecord } from '../../../src/common/redact-deep.js';

const POLLUTED = 'agentreadyPolluted';
afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)[POLLUTED];
});
/** Object.prototype with an enumerable key, as a careless dependency might leave it. */
function pollute(): void {
  (Object.prototype as Record<string, unknown>)[POLLUTED] = 'leak@example.com';
}

describe('own keys of a walked value', () => {
  it('redacts a copy with the own keys only, in their order, when Object.prototype has an enumerable key', () => {
    pollute();
    const value = { b: 1, 2: 'two', email: 'me@example.com', nested: { ok: 'fine', card: '4111 1111 1111 1111' } };
    const redacted = redactDeep(value);
    expect(Object.keys(redacted)).toEqual(['2', 'b', 'email', 'nested']);
    expect(Object.hasOwn(redacted, POLLUTED)).toBe(false);
    expect(Object.hasOwn(redacted.nested, POLLUTED)).toBe(false);
    expect(JSON.stringify(redacted)).toBe('{"2":"two","b":1,"email":"[email]","nested":{"ok":"fine","card":"[card]"}}');
    // Nothing to change: the value itself.
    const clean = { a: 'fine', n: 3 };
    expect(redactDeep(clean)).toBe(clean);
    expect(redactRunRecord({ trace_id: '4111111111111111', note: 'fine' })).toEqual({ trace_id: '4111111111111111', note: 'fine' });
  });

  it('copies a class instance as its own keys, not what its prototype holds', () => {
    const proto = { inherited: 'me@example.com' };
    const instance = Object.create(proto) as Record<string, unknown>;
    instance.own = 'fine';
    const redacted = redactDeep(instance);
    expect(redacted).not.toBe(instance);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.keys(redacted)).toEqual(['own']);
    expect(JSON.stringify(redacted)).toBe('{"own":"fine"}');
  });

  it('copyJson copies own keys only, __proto__ included, in their order', () => {
    pollute();
    const value = JSON.parse('{"z":1,"__proto__":{"x":2},"1":["a",{"b":null}]}') as Record<string, unknown>;
    const copy = copyJson(value);
    expect(copy).not.toBe(value);
    expect(Object.keys(copy)).toEqual(['1', 'z', '__proto__']);
    expect(Object.hasOwn(copy, POLLUTED)).toBe(false);
    expect(Object.hasOwn(copy.__proto__ as object, POLLUTED)).toBe(false);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });
});
