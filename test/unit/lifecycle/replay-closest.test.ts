// The ids `replay` suggests for an unknown one: the most alike first, and none that is not alike.
import { describe, expect, it } from 'vitest';
import { closestMatches } from '../../../src/lifecycle/replay.js';

describe('closestMatches', () => {
  const ids = ['4bf92f3577b34da6a3ce929d0e0e4736', 'run-1/where-is-1234', 'run-1/refund-42', 'run-1/where-is-1235'];

  it('names a typo’s intended id first, then the next most alike', () => {
    expect(closestMatches('run-1/where-is-12345', ids)).toEqual(['run-1/where-is-1234', 'run-1/where-is-1235']);
    expect(closestMatches('4bf92f3577b34da6a3ce929d0e0e47zz', ids)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
  });

  it('names nothing for an id like none of them', () => {
    expect(closestMatches('xyz', ids)).toEqual([]);
    expect(closestMatches('0123456789abcdef0123456789abcdef', ids)).toEqual([]);
  });

  it('names each id once and at most five', () => {
    const many = Array.from({ length: 9 }, (_, i) => `case-${i}`);
    expect(closestMatches('case-', [...many, ...many])).toEqual(['case-0', 'case-1', 'case-2', 'case-3', 'case-4']);
  });
});
