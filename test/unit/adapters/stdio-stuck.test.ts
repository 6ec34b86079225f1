// A stdio agent past a run's time limit: one slow case (the process still runs) or a process that
// stopped running (a busy loop), told apart by whether the process writes anything after the timeout.
import { describe, expect, it } from 'vitest';
import { CollateralCrashError, RunTimeoutError } from '../../../src/adapters/adapter.js';
import { fakeHost, nextExit, params, stdio, stopAdaptersAfterEach } from './stdio-fixtures.js';

stopAdaptersAfterEach();

const settled = (run: Promise<unknown>) => run.then((result) => ({ result }), (error: unknown) => ({ error }));

describe('StdioAdapter past a time limit', () => {
  it('a case slow beside a process that still answers others times out, after the next thing the process writes', async () => {
    const adapter = stdio('agent-crash-mid-run.js', { cancelGraceMs: 5000, env: { SLOW_MS: '600' } });
    await adapter.start(new AbortController().signal);
    const slow = settled(adapter.run({ ...params('WAIT forever'), timeout_ms: 200 }, { host: fakeHost().host, signal: new AbortController().signal }));
    const other = adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal });
    let answered = false;
    void other.then(
      () => (answered = true),
      () => undefined,
    );
    const { error } = (await slow) as { error: unknown };
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect(error).not.toBeInstanceOf(CollateralCrashError);
    // It waited for the other case's answer (at 600 ms), the sign that the process runs: by the
    // next turn of the event loop that answer has landed; a timeout charged at 200 ms, before it, fails here.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(true);
    await expect(other).resolves.toMatchObject({ output: 'ok: hello' });
  });

  it('a process stuck in a busy loop: the runs in flight fail as collateral, a fresh process takes the next, and the case alone times out', async () => {
    const adapter = stdio('agent-busy-loop.js', { cancelGraceMs: 1000 });
    await adapter.start(new AbortController().signal);
    const [stuckPid] = adapter.pids;
    const exited = nextExit(adapter);
    const busy = settled(adapter.run({ ...params('go BUSY'), timeout_ms: 300 }, { host: fakeHost().host, signal: new AbortController().signal }));
    const innocent = settled(adapter.run({ ...params('hello'), timeout_ms: 300 }, { host: fakeHost().host, signal: new AbortController().signal }));
    for (const outcome of [await busy, await innocent]) {
      expect(outcome).toMatchObject({ error: expect.any(CollateralCrashError) });
      expect((outcome as { error: CollateralCrashError }).error.inFlight).toBe(2);
    }
    await expect(exited).resolves.toMatchObject({ unexpectedly: false });
    await expect(adapter.run(params('hello again'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: hello again' });
    expect(adapter.pids).not.toContain(stuckPid);
    // Alone in flight, the case that hangs the process is charged at once with its timeout: before
    // the cancel's grace ends and the stuck process is killed, not when it is. It hangs it by
    // Atomics.wait, silent as the busy loop above, without burning a core for the timeout and grace.
    const killed = nextExit(adapter);
    let exitedFirst = false;
    void killed.then(() => (exitedFirst = true));
    const alone = await adapter.run({ ...params('go STUCK'), timeout_ms: 300 }, { host: fakeHost().host, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(alone).toBeInstanceOf(RunTimeoutError);
    expect(alone).not.toBeInstanceOf(CollateralCrashError);
    expect(exitedFirst).toBe(false);
    await expect(killed).resolves.toMatchObject({ unexpectedly: false });
  });

  it('tells the host when a run waiting for a slot reaches the agent, not when it was sent', async () => {
    const adapter = stdio('agent-hang.js', { cancelGraceMs: 300 });
    await adapter.start(new AbortController().signal);
    const first = fakeHost();
    const hanging = adapter.run({ ...params('HANG'), timeout_ms: 200 }, { host: first.host, signal: new AbortController().signal });
    // A free slot: handed over at once.
    expect(first.handedOff).toHaveLength(1);
    const queued = fakeHost();
    const waiting = adapter.run(params('hello'), { host: queued.host, signal: new AbortController().signal });
    expect(queued.handedOff).toEqual([]);
    const handedOffAtExit = nextExit(adapter).then(() => queued.handedOff.length);
    await expect(hanging).rejects.toBeInstanceOf(RunTimeoutError);
    // The agent takes one run at a time: the queued run reached the fresh process after the hung
    // run's timeout and cancel grace, that is after the hung process was stopped.
    expect(queued.handedOff).toEqual([]);
    await expect(handedOffAtExit).resolves.toBe(0);
    await expect(waiting).resolves.toMatchObject({ output: 'ok: hello' });
    expect(queued.handedOff).toHaveLength(1);
  });

  it('a stuck process takes no new run: the next waits for a fresh process instead of timing out beside the hung one', async () => {
    const adapter = stdio('agent-busy-loop.js', { cancelGraceMs: 300 });
    await adapter.start(new AbortController().signal);
    // Blocked by Atomics.wait (STUCK), silent as the busy loop above without burning a core until it is killed.
    const busy = adapter.run({ ...params('go STUCK'), timeout_ms: 200 }, { host: fakeHost().host, signal: new AbortController().signal });
    await expect(busy).rejects.toBeInstanceOf(RunTimeoutError);
    // Sent while the hung run's cancel is unanswered: it runs on the process that replaces it.
    await expect(adapter.run({ ...params('next'), timeout_ms: 2000 }, { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: next' });
  });
});

describe('StdioAdapter: a run cancelled while its timeout waits', () => {
  it('is cancelled once: when the process answers it, no earlier grace restarts the process under the next run', async () => {
    const adapter = stdio('agent-busy-loop.js', { cancelGraceMs: 1200, env: { SLOW_MS: '1000' } });
    await adapter.start(new AbortController().signal);
    const [pid] = adapter.pids;
    const cancelled = new AbortController();
    // Past its 200 ms limit beside another run, its timeout waits for the process to write; it is aborted meanwhile.
    const waiting = settled(adapter.run({ ...params('a'), timeout_ms: 200 }, { host: fakeHost().host, signal: cancelled.signal }));
    const other = adapter.run(params('b'), { host: fakeHost().host, signal: new AbortController().signal });
    setTimeout(() => cancelled.abort(new Error('stopped')), 400);
    expect(await waiting).toMatchObject({ error: { message: 'stopped' } });
    await expect(other).resolves.toMatchObject({ output: 'ok: b' });
    // The process answered both at 1000 ms: it runs, and the run after them (answered at ~2000 ms,
    // past the 1400 ms at which the first cancel's grace ends) finishes on it.
    await expect(adapter.run(params('c'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: c' });
    expect(adapter.pids).toContain(pid);
  });
});
