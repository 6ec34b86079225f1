import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeLimit } from '../../../src/adapters/time-limit.js';

describe('TimeLimit', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts when the time runs out, and says so', () => {
    const limit = new TimeLimit(new AbortController().signal, 500);
    vi.advanceTimersByTime(499);
    expect(limit.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(limit.signal.aborted).toBe(true);
    expect(limit.timedOut).toBe(true);
    expect((limit.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it("follows the caller's abort with the caller's reason; that is not a timeout", () => {
    const outer = new AbortController();
    const limit = new TimeLimit(outer.signal, 500);
    const reason = new Error('interrupted');
    outer.abort(reason);
    expect(limit.signal.reason).toBe(reason);
    expect(limit.timedOut).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(limit.timedOut).toBe(false);
  });

  it('starts aborted under an aborted caller', () => {
    const outer = new AbortController();
    outer.abort(new Error('already'));
    expect(new TimeLimit(outer.signal, 500).signal.aborted).toBe(true);
  });

  it('after dispose, neither the timer nor the caller aborts it', () => {
    const outer = new AbortController();
    const limit = new TimeLimit(outer.signal, 500);
    limit.dispose();
    vi.advanceTimersByTime(1000);
    outer.abort(new Error('late'));
    expect(limit.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells onAbort once it ends, after its signal aborted; a signal asked for later comes aborted with the reason', () => {
    const outer = new AbortController();
    const limit = new TimeLimit(outer.signal, 500);
    const signal = limit.signal;
    const told: unknown[] = [];
    limit.onAbort((reason) => told.push([reason, signal.aborted]));
    vi.advanceTimersByTime(500);
    expect(told).toEqual([[signal.reason, true]]);
    expect(limit.aborted).toBe(true);
    outer.abort(new Error('late'));
    expect(told).toHaveLength(1);
    const late = new TimeLimit(outer.signal, 500);
    late.onAbort((reason) => told.push(reason));
    expect(told[1]).toBe(outer.signal.reason);
    expect(late.signal.reason).toBe(outer.signal.reason);
    expect(late.timedOut).toBe(false);
  });

  it('after dispose, onAbort is never called', () => {
    const limit = new TimeLimit(new AbortController().signal, 500);
    let told = false;
    limit.onAbort(() => (told = true));
    limit.dispose();
    vi.advanceTimersByTime(1000);
    expect(told).toBe(false);
    expect(limit.aborted).toBe(false);
  });
});
