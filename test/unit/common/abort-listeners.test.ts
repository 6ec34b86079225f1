import { describe, expect, it, vi } from 'vitest';
import { listenForAbort } from '../../../src/common/abort-listeners.js';

describe('listenForAbort', () => {
  it('calls the listeners still added, once each, in the order they were added', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    listenForAbort(controller.signal, () => calls.push('a'));
    const removeB = listenForAbort(controller.signal, () => calls.push('b'));
    listenForAbort(controller.signal, () => calls.push('c'));
    removeB();
    controller.abort();
    controller.abort();
    expect(calls).toEqual(['a', 'c']);
  });

  it('keeps one listener on the signal however many are added', () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const removers = Array.from({ length: 100 }, () => listenForAbort(controller.signal, () => undefined));
    for (const remove of removers) remove();
    expect(add).toHaveBeenCalledTimes(1);
  });

  it('treats the same function added twice as two listeners, each removed by its own remover', () => {
    const controller = new AbortController();
    const listener = vi.fn();
    const first = listenForAbort(controller.signal, listener);
    listenForAbort(controller.signal, listener);
    first();
    controller.abort();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('still calls the others when one throws, and reports the error as uncaught', async () => {
    const controller = new AbortController();
    const after = vi.fn();
    listenForAbort(controller.signal, () => {
      throw new Error('boom');
    });
    listenForAbort(controller.signal, after);
    const uncaught = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of listeners) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    controller.abort();
    expect(after).toHaveBeenCalledTimes(1);
    expect(((await uncaught) as Error).message).toBe('boom');
  });

  it('keeps separate lists for separate signals', () => {
    const one = new AbortController();
    const two = new AbortController();
    const a = vi.fn();
    const b = vi.fn();
    listenForAbort(one.signal, a);
    listenForAbort(two.signal, b);
    one.abort();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
  });
});

describe('listenForAbort while the signal aborts', () => {
  it('skips a listener another one removed, and does not call one added meanwhile', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    let removeC = (): void => undefined;
    listenForAbort(controller.signal, () => {
      calls.push('a');
      removeC();
      listenForAbort(controller.signal, () => calls.push('late'));
    });
    listenForAbort(controller.signal, () => calls.push('b'));
    removeC = listenForAbort(controller.signal, () => calls.push('c'));
    controller.abort();
    expect(calls).toEqual(['a', 'b']);
  });
});
