// The run's scheduler: order, the concurrency limit, onNext, clear and the waits.
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/run/scheduler.js';

/** A task that runs until `finish()` is called, noting when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
  };
  return { task, finish: () => finish(), fail: (error: unknown) => fail(error) };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
/** onError for tasks that must not fail: the failure surfaces as the test's. */
const unexpected = (error: unknown) => {
  throw error;
};

describe('Scheduler', () => {
  it('runs tasks in the order added, never more than the concurrency at once', async () => {
    const log: string[] = [];
    const scheduler = new Scheduler({ concurrency: 2 });
    const tasks = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    for (const { task } of tasks) scheduler.add(task, unexpected);
    expect(log).toEqual(['start a', 'start b']);
    expect(scheduler.size).toBe(2);
    expect(scheduler.pending).toBe(2);
    tasks[1]!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    tasks[0]!.finish();
    tasks[2]!.finish();
    tasks[3]!.finish();
    await scheduler.onIdle();
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
    expect(scheduler.size).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  it('calls onNext after a finished task, once its slot went to the next task', async () => {
    const log: string[] = [];
    const scheduler = new Scheduler({ concurrency: 1, onNext: () => log.push('next') });
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    scheduler.add(a.task, unexpected);
    scheduler.add(b.task, unexpected);
    a.finish();
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'next']);
  });

  it("hands a task's failure to onError once its slot went to the next task, and goes on", async () => {
    const log: string[] = [];
    const failures: string[] = [];
    const scheduler = new Scheduler({ concurrency: 1 });
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    scheduler.add(a.task, (error) => failures.push(`${(error as Error).message} (running: ${log.at(-1)})`));
    scheduler.add(b.task, unexpected);
    a.fail(new Error('boom'));
    await settle();
    expect(failures).toEqual(['boom (running: start b)']);
    b.finish();
    // A task that throws before its first await fails the same way.
    scheduler.add(
      () => {
        throw new Error('at once');
      },
      (error) => failures.push((error as Error).message),
    );
    await scheduler.onIdle();
    await settle();
    expect(failures).toEqual(['boom (running: start b)', 'at once']);
    expect(log).toEqual(['start a', 'start b', 'end b']);
  });

  it('onSizeLessThan waits until fewer tasks wait; clear drops the waiting ones', async () => {
    const log: string[] = [];
    const scheduler = new Scheduler({ concurrency: 1 });
    const tasks = ['a', 'b', 'c'].map((name) => gate(log, name));
    for (const { task } of tasks) scheduler.add(task, unexpected);
    let below = false;
    void scheduler.onSizeLessThan(2).then(() => (below = true));
    await settle();
    expect(below).toBe(false);
    tasks[0]!.finish();
    await settle();
    expect(below).toBe(true);
    expect(log).toEqual(['start a', 'end a', 'start b']);
    scheduler.clear();
    expect(scheduler.size).toBe(0);
    tasks[1]!.finish();
    await scheduler.onIdle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('starts waiting tasks at once when the concurrency rises', () => {
    const log: string[] = [];
    const scheduler = new Scheduler({ concurrency: 1 });
    for (const name of ['a', 'b', 'c']) scheduler.add(gate(log, name).task, unexpected);
    scheduler.concurrency = 3;
    expect(log).toEqual(['start a', 'start b', 'start c']);
    expect(scheduler.concurrency).toBe(3);
  });

  it('is idle at once with nothing added, and refuses a concurrency below 1', async () => {
    await new Scheduler({ concurrency: Infinity }).onIdle();
    expect(() => new Scheduler({ concurrency: 0 })).toThrow(RangeError);
  });
});
