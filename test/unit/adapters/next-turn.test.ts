// NextTurn: what is added in one turn runs on the next, in order, in groups of NEXT_TURN_GROUP, each
// group's ticks (a stdio agent's pipe write of the runs its answers freed, BatchedWriter) before the
// next group runs: a burst of answers settled at once held every run it freed until the last.
import { describe, expect, it } from 'vitest';
import { NEXT_TURN_GROUP, NextTurn } from '../../../src/adapters/next-turn.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('NextTurn', () => {
  it('runs the callbacks of one turn on the next, in order, each group of NEXT_TURN_GROUP followed by its ticks', async () => {
    const turn = new NextTurn();
    const seen: string[] = [];
    // Groups of several answers, fewer than a burst of 64: the ticks of each group's cascade run before the next group.
    expect(NEXT_TURN_GROUP).toBeGreaterThan(1);
    expect(NEXT_TURN_GROUP).toBeLessThan(64);
    const count = 2 * NEXT_TURN_GROUP + 1;
    for (let i = 0; i < count; i++) {
      turn.add(() => {
        seen.push(`run ${i}`);
        process.nextTick(() => seen.push(`tick ${i}`));
      });
    }
    expect(seen).toEqual([]);
    await nextTurn();
    const groups = Array.from({ length: Math.ceil(count / NEXT_TURN_GROUP) }, (_, g) => Array.from({ length: Math.min(NEXT_TURN_GROUP, count - g * NEXT_TURN_GROUP) }, (_, k) => g * NEXT_TURN_GROUP + k));
    expect(seen).toEqual(groups.flatMap((group) => [...group.map((i) => `run ${i}`), ...group.map((i) => `tick ${i}`)]));
  });

  it('a callback added while the groups run waits for the turn after', async () => {
    const turn = new NextTurn();
    const seen: string[] = [];
    turn.add(() => {
      seen.push('first');
      turn.add(() => seen.push('added by first'));
    });
    await nextTurn();
    expect(seen).toEqual(['first']);
    await nextTurn();
    expect(seen).toEqual(['first', 'added by first']);
  });
});
