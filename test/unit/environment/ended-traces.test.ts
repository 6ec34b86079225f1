import { describe, expect, it } from 'vitest';
import { EndedTraces } from '../../../src/environment/ended-traces.js';
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
