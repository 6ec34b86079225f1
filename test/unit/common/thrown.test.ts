// What an agent module, a tool handler or a scorer threw, as the case's message says it. Frameworks
// throw more than Errors with messages: a provider's streamed error event as it came, a
// `fetch failed` whose reason is its cause.
import { describe, expect, it } from 'vitest';
import { describeThrown, isInstance } from '../../../src/common/thrown.js';

describe('describeThrown', () => {
  it('says an Error by its message, and a cause the message does not already hold', () => {
    expect(describeThrown(new Error('boom'))).toBe('boom');
    expect(describeThrown(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toBe(
      'fetch failed (cause: connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(describeThrown(new Error('Failed after 3 attempts. Last error: Overloaded', { cause: new Error('Overloaded') }))).toBe(
      'Failed after 3 attempts. Last error: Overloaded',
    );
  });

  it('says an Error with no message by its name', () => {
    expect(describeThrown(new Error(''))).toBe('Error');
    expect(describeThrown(Object.assign(new Error(''), { name: 'AI_NoOutputGeneratedError' }))).toBe('AI_NoOutputGeneratedError');
    expect(describeThrown(new Error('', { cause: new Error('socket hang up') }))).toBe('Error (cause: socket hang up)');
  });

  it('says an object by its message, its error\'s message, or its JSON', () => {
    expect(describeThrown({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toBe('Overloaded');
    expect(describeThrown({ message: 'rate limited', status: 429 })).toBe('rate limited');
    expect(describeThrown({ code: 'E42', status: 500 })).toBe('{"code":"E42","status":500}');
  });

  it('says what cannot be written as JSON as String() does, and never throws', () => {
    const circle: Record<string, unknown> = {};
    circle.self = circle;
    expect(describeThrown(circle)).toBe('[object Object]');
    expect(describeThrown(10n)).toBe('10');
    expect(describeThrown('plain')).toBe('plain');
    expect(describeThrown(Object.create(null))).toBe('a value that cannot be shown');
    const looped = new Error('a');
    looped.cause = looped;
    expect(describeThrown(looped)).toBe('a');
  });
});

describe('isInstance', () => {
  it('answers as instanceof does, and false for a Proxy whose getPrototypeOf trap throws, where instanceof throws', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const unreadable = new Proxy({}, { getPrototypeOf: trap, get: trap });
    expect(() => unreadable instanceof Error).toThrow('trap');
    expect(isInstance(unreadable, Error)).toBe(false);
    expect(isInstance(new TypeError('x'), Error)).toBe(true);
    expect(isInstance({ message: 'x' }, Error)).toBe(false);
    expect(describeThrown(unreadable)).toBe('a value that cannot be shown');
  });
});
