import { describe, expect, it } from 'vitest';
import { InFlightMap } from '../../../src/common/in-flight-map.js';

describe('InFlightMap', () => {
  it('reads, replaces and removes entries as a Map does, in insertion order', () => {
    const map = new InFlightMap<string, { n: number }>();
    const a = { n: 1 };
    map.set('a', a).set('b', { n: 2 }).set('c', { n: 3 });
    map.set('b', { n: 20 });
    expect(map.size).toBe(3);
    expect(map.get('a')).toBe(a);
    expect(map.has('b')).toBe(true);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.get('a')).toBeUndefined();
    expect(map.has('a')).toBe(false);
    expect([...map.keys()]).toEqual(['b', 'c']);
    expect([...map.values()]).toEqual([{ n: 20 }, { n: 3 }]);
    expect([...map.entries()]).toEqual([
      ['b', { n: 20 }],
      ['c', { n: 3 }],
    ]);
  });

  it('forgets every entry on clear, and takes new ones after', () => {
    const map = new InFlightMap<number, string>();
    for (let id = 0; id < 1000; id++) map.set(id, `run ${id}`);
    for (let id = 0; id < 990; id++) map.delete(id);
    expect([...map.values()]).toEqual(Array.from({ length: 10 }, (_, i) => `run ${990 + i}`));
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get(995)).toBeUndefined();
    map.set(1, 'again');
    expect([...map.entries()]).toEqual([[1, 'again']]);
  });

});
