// A live run returns while its agent is being stopped (its session's `stopped`): the lifecycle
// computes the figures meanwhile, and decides how the run ended only once the agent is gone.
import { describe, expect, it } from 'vitest';
import { StopRequest } from '../../../src/errors.js';
import { runLifecycle, type CaseSource } from '../../../src/lifecycle/index.js';
import { endedSession } from './ended-session.js';

/** A session of no attempts that ended, its agent stopping until `stop` settles. */
function stoppingSource(): { source: CaseSource; stop: { resolve: () => void; reject: (error: Error) => void } } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const stopped = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const session = endedSession({ stopped });
  return { source: { writesRunFolder: false, redact: true, run: () => Promise.resolve(session) }, stop: { resolve, reject } };
}

const options = (source: CaseSource, signal: AbortSignal, judged: () => void) => ({
  source,
  reporters: [],
  judge: () => {
    judged();
    return { kind: 'ungated' as const };
  },
  signal,
  maxErrorRate: 0,
  killSwitch: false,
  cwd: '/nowhere',
});

describe('a run whose agent is still stopping', () => {
  it('is judged only once the agent is gone', async () => {
    const { source, stop } = stoppingSource();
    let stoppedYet = false;
    let judgedAfterStop: boolean | undefined;
    const running = runLifecycle(options(source, new AbortController().signal, () => (judgedAfterStop = stoppedYet)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(judgedAfterStop, 'not judged while the agent stops').toBeUndefined();
    stoppedYet = true;
    stop.resolve();
    const outcome = await running;
    expect(judgedAfterStop).toBe(true);
    expect(outcome.end).toEqual({ kind: 'completed' });
  });

  it('Ctrl-C while the agent is being stopped, after the last case ended: an interrupted run', async () => {
    const { source, stop } = stoppingSource();
    const controller = new AbortController();
    const running = runLifecycle(options(source, controller.signal, () => undefined));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new StopRequest('SIGINT'));
    stop.resolve();
    const outcome = await running;
    expect(outcome.end).toEqual({ kind: 'interrupted', started: true, signal: 'SIGINT' });
  });

  it('an agent that could not be stopped fails the run with that error', async () => {
    const { source, stop } = stoppingSource();
    const running = runLifecycle(options(source, new AbortController().signal, () => undefined));
    stop.reject(new Error('the agent would not stop'));
    await expect(running).rejects.toThrow('the agent would not stop');
  });
});
