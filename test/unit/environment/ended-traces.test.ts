import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EndedTraces, keyOf } from '../../../src/environment/ended-traces.js';
import { newTraceId } from '../../../src/run/ids.js';

describe('EndedTraces', () => {
  it('knows every trace id added, through its growth, and no other', () => {
    const ended = new EndedTraces();
    const added = Array.from({ length: 5000 }, () => newTraceId());
    for (const id of added) ended.add(id);
    ended.add(added[0]!);
    expect(added.every((id) => ended.has(id))).toBe(true);
    const others = Array.from({ length: 5000 }, () => newTraceId());
    expect(others.filter((id) => ended.has(id))).toEqual([]);
  });

  it('adds an id again, right after itself or later, as once', () => {
    const ended = new EndedTraces();
    const [a, b] = [newTraceId(), newTraceId()];
    ended.add(a);
    ended.add(a);
    ended.add(b);
    ended.add(a);
    ended.add('my-trace');
    ended.add('my-trace');
    expect([ended.has(a), ended.has(b), ended.has('my-trace'), ended.has(newTraceId())]).toEqual([true, true, true, false]);
  });

  it('keeps ids agentready did not issue as they are', () => {
    const ended = new EndedTraces();
    ended.add('my-trace-1');
    ended.add('0'.repeat(32));
    expect(ended.has('my-trace-1')).toBe(true);
    expect(ended.has('0'.repeat(32))).toBe(true);
    expect(ended.has('my-trace-2')).toBe(false);
    expect(ended.has('ABCDEF0123456789ABCDEF0123456789')).toBe(false);
  });
});

describe('keyOf', () => {
  /** The general reading: a regex for the form, the first 16 hex digits parsed as two numbers. */
  function generalKey(traceId: string): { hi: number; lo: number } | undefined {
    if (!/^[0-9a-f]{32}$/.test(traceId)) return undefined;
    const hi = Number.parseInt(traceId.slice(0, 8), 16);
    const lo = Number.parseInt(traceId.slice(8, 16), 16);
    return hi === 0 && lo === 0 ? undefined : { hi, lo };
  }
  const hex = fc.constantFrom(...'0123456789abcdef');
  const near = fc.constantFrom(...'0123456789abcdefABCDEFgxz/:`@G \n', '\u0660', '\uff10');
  const ids = fc.oneof(
    fc.array(hex, { minLength: 32, maxLength: 32 }).map((chars) => chars.join('')),
    fc.array(fc.oneof(hex, hex, hex, near), { minLength: 30, maxLength: 34 }).map((chars) => chars.join('')),
    fc.array(fc.constantFrom('0', '0', '0', '1', 'f'), { minLength: 32, maxLength: 32 }).map((chars) => chars.join('')),
    fc.string({ maxLength: 40 }),
  );

  it('reads every id as the regex and parseInt do', () => {
    fc.assert(
      fc.property(ids, (id) => {
        expect(keyOf(id)).toEqual(generalKey(id));
      }),
      { numRuns: 5000 },
    );
    expect(keyOf(newTraceId())).toBeDefined();
    expect(keyOf(`${'f'.repeat(16)}${'0'.repeat(16)}`)).toEqual({ hi: 0xffffffff, lo: 0xffffffff });
  });
});
