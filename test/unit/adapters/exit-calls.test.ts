import { afterEach, describe, expect, it } from 'vitest';
import { trapOwnExits } from '../../../src/adapters/exit-calls.js';

const original = { exit: process.exit, abort: process.abort, kill: process.kill };
const undos: (() => void)[] = [];
afterEach(() => undos.splice(0).forEach((undo) => undo()));

/** A trap whose claim throws `name` for every call while `on()` says so, recording what it was asked. */
function trap(name: string, on: () => boolean = () => true) {
  const asked: string[] = [];
  const undo = trapOwnExits((call) => {
    asked.push(call);
    return on() ? new Error(name) : undefined;
  });
  undos.push(undo);
  return { asked, undo };
}

describe('trapOwnExits', () => {
  it('gives the originals back when traps are released in another order than they were made', () => {
    const a = trap('a');
    const b = trap('b');
    a.undo();
    b.undo();
    expect(process.exit).toBe(original.exit);
    expect(process.abort).toBe(original.abort);
    expect(process.kill).toBe(original.kill);
  });

  it('passes an unclaimed process.exit() on with no argument: Node 20 reads exit(undefined) as exit 0, not process.exitCode', () => {
    const calls: unknown[][] = [];
    process.exit = ((...args: unknown[]) => calls.push(args)) as typeof process.exit;
    try {
      trap('a', () => false);
      process.exit();
      process.exit(4);
    } finally {
      undos.splice(0).forEach((undo) => undo());
      process.exit = original.exit;
    }
    expect(calls).toEqual([[], [4]]);
  });

  it('asks the latest trap first, then the earlier ones; a released one is no longer asked', () => {
    let bClaims = false;
    const a = trap('a');
    const b = trap('b', () => bClaims);
    expect(() => process.exit(3)).toThrow('a');
    expect(b.asked).toEqual(['process.exit(3)']);
    expect(a.asked).toEqual(['process.exit(3)']);
    bClaims = true;
    expect(() => process.exit(4)).toThrow('b');
    expect(a.asked).toEqual(['process.exit(3)']);
    b.undo();
    expect(() => process.exit(5)).toThrow('a');
    a.undo();
    expect(a.asked).toEqual(['process.exit(3)', 'process.exit(5)']);
  });

  it('lets a harmless signal to itself through unasked, and keeps a wrapper someone put on after it', () => {
    const a = trap('a');
    expect(process.kill(process.pid, 0)).toBe(true);
    expect(a.asked).toEqual([]);
    const theirs = ((code?: number) => original.exit(code)) as typeof process.exit;
    process.exit = theirs;
    a.undo();
    expect(process.exit).toBe(theirs);
    process.exit = original.exit;
  });
});
