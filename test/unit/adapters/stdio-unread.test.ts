// A stdio agent process that exits by itself with one run in flight that it showed no sign of
// reading, after answering another: the run is sent again to a fresh process, not charged (stdio-flights.ts `unreadOnExit`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollateralCrashError } from '../../../src/adapters/adapter.js';
import { HarnessError } from '../../../src/errors.js';
import { fakeHost, params, stdio, stopAdaptersAfterEach } from './stdio-fixtures.js';

stopAdaptersAfterEach();

/**
 * A raw agent that answers the first run its process gets (or each run for which `answers`, JS over `msg`, holds) and, on
 * any other, does `onLater` (default: exits 0 at once, without a word): a one-shot agent whose exit comes after the next run was handed to it.
 */
const oneShot = (onLater = 'process.exit(0);', answers = '++runs === 1') => ({
  source: `
    import { createInterface } from 'node:readline';
    import { writeSync } from 'node:fs';
    const line = (message) => JSON.stringify({ jsonrpc: '2.0', ...message }) + '\\n';
    let runs = 0;
    createInterface({ input: process.stdin }).on('line', (text) => {
      const msg = JSON.parse(text);
      if (msg.method === 'initialize') writeSync(1, line({ id: msg.id, result: { name: 'one-shot', version: '1' } }));
      else if (msg.method === 'shutdown') { writeSync(1, line({ id: msg.id, result: {} })); setImmediate(() => process.exit(0)); }
      else if (msg.method === 'run' && ${answers}) writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: 'ok: ' + msg.params.case.input } }));
      else if (msg.method === 'run') { const trace_id = msg.params.trace_id; ${onLater} }
    });`,
});

const run = (adapter: ReturnType<typeof stdio>, input: string, host = fakeHost().host) => adapter.run(params(input), { host, signal: new AbortController().signal });

describe('a stdio run its process exited without reading', () => {
  it('is sent again to a fresh process, not charged with the exit, and the run says so once at its end', async () => {
    const adapter = stdio(oneShot());
    await adapter.start(new AbortController().signal);
    const second = params('second');
    expect(await run(adapter, 'first')).toMatchObject({ output: 'ok: first' });
    expect(await adapter.run(second, { host: fakeHost().host, signal: new AbortController().signal })).toMatchObject({ output: 'ok: second' });
    expect(await run(adapter, 'third')).toMatchObject({ output: 'ok: third' });
    expect(adapter.logFor(second.trace_id).join('\n')).toMatch(/^\[agentready\] agent process exited unexpectedly \(code=0, signal=null\): it had answered a run before this one and showed no sign of reading this one, so the case was not charged with the exit but sent again to a fresh process$/m);
    expect(adapter.warnings()).toEqual([expect.stringMatching(/^2 cases went to an agent process that then exited by itself/)]);
  });

  it('is charged when it ends the fresh process too, where it is the first run', async () => {
    // Exits 0 on the input 'stop' in whatever process gets it, first run or not.
    const adapter = stdio(oneShot('process.exit(0);', "msg.params.case.input !== 'stop'"));
    await adapter.start(new AbortController().signal);
    expect(await run(adapter, 'first')).toMatchObject({ output: 'ok: first' });
    const stop = params('stop');
    const error = await adapter.run(stop, { host: fakeHost().host, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).not.toBeInstanceOf(CollateralCrashError);
    expect(error).toMatchObject({ code: 'AGENT_EXITED', message: expect.stringMatching(/^agent process exited unexpectedly \(code=0, signal=null\)/) });
    // It went to a fresh process once, and was charged there.
    expect(adapter.logFor(stop.trace_id).filter((line) => line.includes('sent again to a fresh process'))).toHaveLength(1);
  });

  it('is charged at once when the process crashed (an exit code, a signal): a crash is no deliberate exit', async () => {
    const adapter = stdio(oneShot('process.exit(3);'));
    await adapter.start(new AbortController().signal);
    await run(adapter, 'first');
    const second = params('second');
    await expect(adapter.run(second, { host: fakeHost().host, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringMatching(/^agent process exited unexpectedly \(code=3, signal=null\)/) });
    expect(adapter.logFor(second.trace_id).join('\n')).not.toContain('sent again');
    expect(adapter.warnings()).toEqual([]);
  });

  it('is charged when the agent sent a message for it before exiting: it had read it', async () => {
    const adapter = stdio(oneShot("writeSync(1, line({ method: 'usage', params: { trace_id, model: 'm', input_tokens: 1, output_tokens: 1 } })); process.exit(0);"));
    await adapter.start(new AbortController().signal);
    await run(adapter, 'first');
    const { host, usage } = fakeHost();
    await expect(run(adapter, 'second', host)).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringMatching(/^agent process exited unexpectedly \(code=0/) });
    expect(usage).toHaveLength(1);
    expect(adapter.warnings()).toEqual([]);
  });

  it('is charged when something of it reached agentready another way (a call over MCP, a model call): its host was touched', async () => {
    const adapter = stdio(oneShot());
    await adapter.start(new AbortController().signal);
    await run(adapter, 'first');
    const touched = { ...fakeHost().host, touched: () => true };
    await expect(run(adapter, 'second', touched)).rejects.toMatchObject({ code: 'AGENT_EXITED' });
  });

  it('keeps the error of its exit when the fresh process cannot start: it was sent nowhere else', async () => {
    // The first process marks the folder; a process started after it never answers initialize.
    const marker = join(mkdtempSync(join(tmpdir(), 'agentready-unread-')), 'started');
    const source = oneShot().source.replace("import { writeSync } from 'node:fs';", `import { writeSync, existsSync, writeFileSync } from 'node:fs';
    const again = existsSync(${JSON.stringify(marker)}); writeFileSync(${JSON.stringify(marker)}, '');`).replace("if (msg.method === 'initialize')", "if (msg.method === 'initialize' && again) return; if (msg.method === 'initialize')");
    const adapter = stdio({ source }, { startTimeoutMs: 1000 });
    await adapter.start(new AbortController().signal);
    await run(adapter, 'first');
    await expect(run(adapter, 'second')).rejects.toMatchObject({ code: 'AGENT_EXITED', message: expect.stringMatching(/^agent process exited unexpectedly \(code=0, signal=null\)/) });
  });
});
