// EarlyAgent: a stdio agent spawned while the files load is sent `initialize` once the suites are
// known (the session takes that start); other transports, or a run already interrupted, begin nothing.
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectSettings } from '../../../src/config/index.js';
import type { StdioAdapter } from '../../../src/adapters/stdio.js';
import { EarlyAgent } from '../../../src/lifecycle/early-agent.js';
import { AGENTS } from '../adapters/stdio-fixtures.js';

const SUITES = { suites: [{ name: 'billing' }, { name: 'refunds' }], selectsAll: true };

/** The settings runAdapter reads, for a target. */
function settings(target: ProjectSettings['target']): ProjectSettings {
  return { rootDir: AGENTS, target, run: { concurrency: 2, workers: 1, start_timeout_ms: 10_000 } } as unknown as ProjectSettings;
}
const STDIO = settings({ adapter: 'stdio', command: [process.execPath, 'agent-ok.js'] });

const made: EarlyAgent[] = [];
function early(): EarlyAgent {
  const agent = new EarlyAgent({ concurrency: undefined, redact: true });
  made.push(agent);
  return agent;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((agent) => agent.discard()));
});

describe('EarlyAgent', () => {
  it('starts a spawned stdio agent once, telling it the first suite, and hands that start to the session', async () => {
    const agent = early();
    await agent.spawn(STDIO);
    const signal = new AbortController().signal;
    expect(agent.started).toBe(false);
    agent.start(signal, SUITES);
    agent.start(signal, { suites: [{ name: 'other' }], selectsAll: true });
    expect(agent.started).toBe(true);
    const taken = agent.take();
    expect(agent.started).toBe(false);
    expect(taken?.starting).toMatchObject({ signal, suite: 'billing' });
    await expect(taken?.starting?.info).resolves.toMatchObject({ concurrency: expect.any(Number) });
    expect(agent.take()).toBeUndefined();
    await taken?.adapter.stop();
  });

  it('leaves the start to the session when filters may leave the first of several suites out, and starts a lone suite early all the same', async () => {
    const filtered = early();
    await filtered.spawn(STDIO);
    const signal = new AbortController().signal;
    filtered.start(signal, { ...SUITES, selectsAll: false });
    expect(filtered.started).toBe(false);
    const lone = early();
    await lone.spawn(STDIO);
    lone.start(signal, { suites: [{ name: 'billing' }], selectsAll: false });
    const taken = lone.take();
    expect(taken?.starting).toMatchObject({ suite: 'billing' });
    await taken?.starting?.info;
    await taken?.adapter.stop();
  });

  it('begins nothing for a run already interrupted, a transport other than stdio, or no adapter', async () => {
    const interrupted = early();
    await interrupted.spawn(STDIO);
    const controller = new AbortController();
    controller.abort();
    interrupted.start(controller.signal, SUITES);
    expect(interrupted.started).toBe(false);
    expect(interrupted.take()?.starting).toBeUndefined();

    const module = early();
    await module.spawn(settings({ adapter: 'module', module: `${AGENTS}/module-agent-echo-context.js` }));
    module.start(new AbortController().signal, SUITES);
    const taken = module.take();
    expect(taken?.adapter).toBeDefined();
    expect(taken?.starting).toBeUndefined();
    await taken?.adapter.stop();

    const none = early();
    none.start(new AbortController().signal, SUITES);
    expect(none.take()).toBeUndefined();
  });

  it("starts a module agent's watchdog thread once the suites are loaded, and stops it with a run that never starts", async () => {
    const module = early();
    await module.spawn(settings({ adapter: 'module', module: `${AGENTS}/module-agent-echo-context.js` }));
    // Node tells of a new thread on a later tick: what earlier tests started is told first.
    await new Promise((resolve) => setImmediate(resolve));
    const workers: Worker[] = [];
    const onWorker = (worker: Worker) => workers.push(worker);
    process.on('worker', onWorker);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      expect(workers).toEqual([]);
      module.start(new AbortController().signal, SUITES);
      await new Promise((resolve) => setImmediate(resolve));
      expect(workers).toHaveLength(1);
      const exited = new Promise((resolve) => workers[0]!.once('exit', resolve));
      await module.discard();
      await exited;
    } finally {
      process.off('worker', onWorker);
    }
  });

  it('a start that fails is no unhandled rejection: the run that never takes it just stops the agent', async () => {
    const agent = early();
    await agent.spawn(settings({ adapter: 'stdio', command: [process.execPath, 'agent-exit-at-start.js'] }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      agent.start(new AbortController().signal, SUITES);
      const taken = agent.take()!;
      // The start fails once the process exited: its stop() (the one stop of the adapter) ends before it rejects.
      await new Promise((resolve) => (taken.adapter as StdioAdapter).onExit(resolve));
      await taken.adapter.stop();
      // A turn for a rejection no one handled to be reported.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(taken.starting?.info).rejects.toMatchObject({ code: 'AGENT_START' });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
