// The server an http target starts (`target.start`) exiting during the run: the HttpAdapter
// charges the one case alone on it, marks several as collateral (run/ runs them again), and
// starts it again once for all the cases waiting (fixtures/agents/http-started-server.js).
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollateralCrashError } from '../../../src/adapters/adapter.js';
import { HttpAdapter } from '../../../src/adapters/http.js';
import { HarnessError } from '../../../src/errors.js';
import { AGENTS, fakeHost, params } from './stdio-fixtures.js';
import { alive } from '../../e2e/helpers/processes.js';

// The port probes as they are, counted: a start again must not ask acceptsNow, which holds the thread until its worker answers.
vi.mock('../../../src/adapters/port-probe.js', async (actual) => {
  const probe = await actual<typeof import('../../../src/adapters/port-probe.js')>();
  return { ...probe, acceptsNow: vi.fn(probe.acceptsNow) };
});
const { acceptsNow } = await import('../../../src/adapters/port-probe.js');

const adapters: HttpAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.stop()));
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A started HttpAdapter whose server crashes on the input `crash` and never answers `hold` (`extraEnv`: more of the fixture's options); `starts()` counts its starts, `startPids()` lists their pids. */
async function started(extraEnv: Record<string, string> = {}): Promise<{ adapter: HttpAdapter; starts: () => number; startPids: () => number[]; serverPid: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-http-restart-'));
  const env = { PORT: String(await freePort()), PIDS_FILE: join(dir, 'pids'), STARTS_FILE: join(dir, 'starts'), EXIT_ON_INPUT: 'crash', HANG_ON_INPUT: 'hold', ...extraEnv };
  const adapter = new HttpAdapter(
    { adapter: 'http', url: `http://127.0.0.1:${env.PORT}/run`, start: { command: ['node', join(AGENTS, 'http-started-server.js')], env } },
    { rootDir: '.', concurrency: 6, workers: 1, startTimeoutMs: 10_000 },
  );
  adapters.push(adapter);
  await adapter.start(new AbortController().signal);
  return {
    adapter,
    starts: () => readFileSync(env.STARTS_FILE, 'utf8').split('\n').filter(Boolean).length,
    startPids: () => readFileSync(env.STARTS_FILE, 'utf8').split('\n').filter(Boolean).map(Number),
    serverPid: () => Number(readFileSync(env.PIDS_FILE, 'utf8').split(' ')[0]),
  };
}

const run = (adapter: HttpAdapter, input: string) => adapter.run(params(input), { host: fakeHost().host, signal: new AbortController().signal });

describe('HttpAdapter: a started server that exits during the run', () => {
  it('charges the case alone on it, and starts it once again for all the cases waiting', async () => {
    vi.mocked(acceptsNow).mockClear();
    const { adapter, starts, serverPid } = await started();
    const crashed = await run(adapter, 'crash').catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(HarnessError);
    expect(crashed).not.toBeInstanceOf(CollateralCrashError);
    expect(crashed).toMatchObject({ code: 'AGENT_EXITED', message: expect.stringContaining('exited with code 4 during the run; it is started again for the cases that follow') });
    // Three at once after the crash: one start serves them all.
    const answers = await Promise.all(['one', 'two', 'three'].map((input) => run(adapter, input)));
    expect(answers.map((answer) => answer.output)).toEqual(['ok: one', 'ok: two', 'ok: three']);
    expect(starts()).toBe(2);
    // The first start's port check is synchronous (an early agent spawns while the files load); the start again's waits, the event loop running.
    expect(vi.mocked(acceptsNow)).toHaveBeenCalledTimes(1);
    // The server started again is the one the adapter stops.
    const again = serverPid();
    await adapter.stop();
    expect(alive(again)).toBe(false);
  });

  it('is not started again when what exited was a launcher and its url still answers: the server it left serves the next cases', async () => {
    // The launcher (the process agentready started) exits once its server, a child, answered the first case.
    const { adapter, starts, startPids } = await started({ START_MODE: 'launcher' });
    const [launcher, server] = startPids();
    expect((await run(adapter, 'one')).output).toBe('ok: one');
    await expect.poll(() => alive(launcher!)).toBe(false);
    await expect.poll(() => (adapter as unknown as { server: { exited: boolean } }).server.exited).toBe(true);
    const answers = await Promise.all(['two', 'three'].map((input) => run(adapter, input)));
    expect(answers.map((answer) => answer.output)).toEqual(['ok: two', 'ok: three']);
    // No start again: the launcher and its server started once, and the server still runs.
    expect(starts()).toBe(2);
    expect(alive(server!)).toBe(true);
  });

  it('sends a case whose POST its dying server refused, before its exit was told, again to the server started again: the case is not charged with the exit', async () => {
    // The server answers `last`, stops listening at once and exits 50 ms later: `next` goes out while it is still running, and is refused.
    const { adapter, starts } = await started({ CLOSE_ON_INPUT: 'last', EXIT_AFTER_CLOSE_MS: '50' });
    expect((await run(adapter, 'last')).output).toBe('ok: last');
    expect((await run(adapter, 'next')).output).toBe('ok: next');
    expect(starts()).toBe(2);
  });

  it('sends a case its server exited 0 under, after answering the case before, again to the server started again: the case is not charged', async () => {
    // Each server answers one run and exits 0 at the next, without answering it.
    const { adapter, starts } = await started({ ONE_SHOT: '1' });
    const second = params('second');
    expect((await run(adapter, 'first')).output).toBe('ok: first');
    expect((await adapter.run(second, { host: fakeHost().host, signal: new AbortController().signal })).output).toBe('ok: second');
    expect(starts()).toBe(2);
    expect(adapter.logFor(second.trace_id).join('\n')).toMatch(/^\[agentready\] the agent at .* closed the connection before answering \(ECONNRESET\): the server of target\.start \(.*\) exited with code 0 during the run; .*: it had answered a case before this one and showed no sign of reading this one, so the case was not charged with the exit but sent again to the server started again$/m);
  });

  it('charges the case its server exited 0 under when something of it reached agentready (a tool call): the server had read it', async () => {
    const { adapter } = await started({ ONE_SHOT: '1' });
    await run(adapter, 'first');
    const touched = { ...fakeHost().host, touched: () => true };
    await expect(adapter.run(params('second'), { host: touched, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringContaining('exited with code 0 during the run') });
  });

  it('charges the case its server crashed under (exit 4) though the server had answered the case before: a crash is no deliberate exit', async () => {
    const { adapter } = await started();
    await run(adapter, 'first');
    await expect(run(adapter, 'crash')).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringContaining('exited with code 4 during the run') });
  });

  it('fails each case in flight on it as collateral, counting them, so run/ runs them again', async () => {
    const { adapter } = await started();
    const held = run(adapter, 'hold').catch((error: unknown) => error);
    const crashed = await run(adapter, 'crash').catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(CollateralCrashError);
    expect(crashed).toMatchObject({ inFlight: 2, code: 'AGENT_EXITED' });
    expect(await held).toBeInstanceOf(CollateralCrashError);
  });

  it('gives up waiting on the start again when the case is aborted (an interrupted run): the case ends with its abort, not the start', async () => {
    // Started again, the server takes a minute to listen: far past this test's time, so only the abort can end the case.
    const dir = mkdtempSync(join(tmpdir(), 'agentready-http-restart-slow-'));
    const { adapter, starts } = await started({ CRASHED_FILE: join(dir, 'crashed'), LISTEN_AFTER_CRASH_MS: '60000' });
    await run(adapter, 'crash').catch(() => undefined);
    const controller = new AbortController();
    const waiting = adapter.run(params('after'), { host: fakeHost().host, signal: controller.signal }).catch((error: unknown) => error);
    // The start again has begun (its line written) while the case waits on it.
    await expect.poll(starts).toBe(2);
    const reason = new HarnessError('TRANSPORT', 'the run was interrupted');
    controller.abort(reason);
    expect(await waiting).toBe(reason);
  });

  it('stop() during the start again ends it: the case waiting on it fails, and the new server is not left running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-http-restart-stop-'));
    const { adapter, starts, startPids } = await started({ CRASHED_FILE: join(dir, 'crashed'), LISTEN_AFTER_CRASH_MS: '60000' });
    await run(adapter, 'crash').catch(() => undefined);
    const waiting = run(adapter, 'after').catch((error: unknown) => error);
    await expect.poll(starts).toBe(2);
    await adapter.stop();
    expect(await waiting).toMatchObject({ code: 'TRANSPORT', message: 'the http adapter was stopped' });
    expect(alive(startPids()[1]!)).toBe(false);
  });
});
