// Finishing: when the cases that left their slots are recorded, and in what order reporters hear.
import { describe, expect, it } from 'vitest';
import { Finishing } from '../../../src/run/finishing.js';
import type { CaseFinished } from '../../../src/run/queue.js';

const finished = (id: string) => ({ kind: 'not_run', result: { case_id: id } }) as unknown as CaseFinished;

describe('Finishing', () => {
  it('records after the ticks the cascade queued (the pipe write of the runs started), in one batch, then tells reporters in order', async () => {
    const log: string[] = [];
    const finishing = new Finishing({
      notify: (each) => void log.push(`notify ${each.result.case_id}`),
      batch: (recordAll) => {
        log.push('batch');
        recordAll();
        log.push('written');
      },
      maxWaiting: 10,
    });
    await Promise.resolve().then(() => {
      finishing.add(() => (log.push('record c1'), finished('c1')));
      finishing.flushSoon();
      // A later microtask of the same cascade starts a run: its line goes out on a tick.
      return Promise.resolve().then(() => {
        process.nextTick(() => log.push('pipe write'));
        finishing.add(() => (log.push('record c2'), finished('c2')));
        finishing.flushSoon();
      });
    });
    // Not yet: the microtasks after the cascade run before any tick.
    expect(log).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await finishing.drained();
    expect(log).toEqual(['pipe write', 'batch', 'record c1', 'record c2', 'written', 'notify c1', 'notify c2']);
  });

  it('records the cases that end in timer callbacks of one turn in one batch (a module agent answers from its own timers)', async () => {
    const batches: string[][] = [];
    let current: string[] = [];
    const finishing = new Finishing({
      notify: () => undefined,
      batch: (recordAll) => {
        current = [];
        recordAll();
        batches.push(current);
      },
      maxWaiting: 10,
    });
    const end = (id: string) => {
      finishing.add(() => (current.push(id), finished(id)));
      finishing.flushSoon();
    };
    // Three timers due at once fire in one timers phase, each callback alone with its ticks after it.
    await new Promise<void>((resolve) => {
      setTimeout(() => end('c1'), 1);
      setTimeout(() => end('c2'), 1);
      setTimeout(() => {
        end('c3');
        setImmediate(resolve);
      }, 1);
    });
    await finishing.drained();
    expect(batches).toEqual([['c1', 'c2', 'c3']]);
  });

  it('records at once when maxWaiting cases wait, so cases that end in microtasks only still reach the disk', () => {
    const recorded: string[] = [];
    const finishing = new Finishing({ notify: () => undefined, maxWaiting: 2 });
    finishing.add(() => (recorded.push('c1'), finished('c1')));
    finishing.flushSoon();
    expect(recorded).toEqual([]);
    finishing.add(() => (recorded.push('c2'), finished('c2')));
    finishing.flushSoon();
    expect(recorded).toEqual(['c1', 'c2']);
  });

  it('does not report the cases of a batch whose write failed, and keeps that error', async () => {
    const notified: string[] = [];
    let stopped: unknown;
    const finishing = new Finishing({
      notify: (each) => void notified.push(each.result.case_id),
      onFailure: (error) => (stopped = error),
      batch: (recordAll) => {
        recordAll();
        throw new Error('ENOSPC: no space left on device');
      },
    });
    finishing.add(() => finished('c1'));
    await expect(finishing.drained()).rejects.toThrow('ENOSPC');
    expect(notified).toEqual([]);
    expect(String(stopped)).toContain('ENOSPC');
  });

  it('tells reporters that answer at once as the batch is written, making no promise for them', () => {
    const log: string[] = [];
    const finishing = new Finishing({
      notify: (each) => void log.push(`notify ${each.result.case_id}`),
      batch: (recordAll) => {
        recordAll();
        log.push('written');
      },
    });
    finishing.add(() => finished('c1'));
    finishing.add(() => finished('c2'));
    finishing.flush();
    expect(log).toEqual(['written', 'notify c1', 'notify c2']);
  });

  it('tells the cases after a reporter that answered with a promise once it settled, later flushes too, in order', async () => {
    const log: string[] = [];
    let release = (): void => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const finishing = new Finishing({
      notify: (each) => {
        log.push(`notify ${each.result.case_id}`);
        return each.result.case_id === 'c1' ? slow.then(() => void log.push('c1 settled')) : undefined;
      },
    });
    finishing.add(() => finished('c1'));
    finishing.add(() => finished('c2'));
    finishing.flush();
    finishing.add(() => finished('c3'));
    finishing.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['notify c1']);
    release();
    await finishing.drained();
    expect(log).toEqual(['notify c1', 'c1 settled', 'notify c2', 'notify c3']);
    // The chain is empty again: the next flush is told at once.
    finishing.add(() => finished('c4'));
    finishing.flush();
    expect(log.at(-1)).toBe('notify c4');
  });

  it('keeps the first error of a reporter, told at once or on the chain, and still tells the rest', async () => {
    const notified: string[] = [];
    const errors: unknown[] = [];
    const finishing = new Finishing({
      notify: (each) => {
        const id = each.result.case_id;
        notified.push(id);
        if (id === 'c1') throw new Error('reporter c1 failed');
        if (id === 'c2') return Promise.reject(new Error('reporter c2 failed'));
        return undefined;
      },
      onFailure: (error) => errors.push(error),
    });
    for (const id of ['c1', 'c2', 'c3']) finishing.add(() => finished(id));
    finishing.flush();
    await expect(finishing.drained()).rejects.toThrow('reporter c1 failed');
    expect(notified).toEqual(['c1', 'c2', 'c3']);
    expect(errors.map(String)).toEqual(['Error: reporter c1 failed']);
  });
});
