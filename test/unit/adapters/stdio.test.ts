// Drives the real StdioAdapter against the fixture agents in fixtures/agents/.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Duplex } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_AGENT_VERSION } from '../../../src/agent/serve-stdio.js';
import { CollateralCrashError, RunTimeoutError, type AgentExit } from '../../../src/adapters/adapter.js';
import { StdioAdapter } from '../../../src/adapters/stdio.js';
import { HarnessError } from '../../../src/errors.js';
import { AGENTS, fakeHost, LIB_URL, nextExit, params, START_TIMEOUT_MS, stdio, stopAdaptersAfterEach, stoppedAfterTest } from './stdio-fixtures.js';
import { runParams } from '../../helpers/run-params.js';

stopAdaptersAfterEach();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tool = (name: string) => ({ name, description: '', parameters: { type: 'object' } });

/** The source of a raw agent (writeSync, no SDK) that answers initialize and shutdown; `onRun` is an `else if` branch for the rest. */
const rawAgent = (onRun: string) => `
        import { createInterface } from 'node:readline';
        import { writeSync } from 'node:fs';
        const line = (message) => JSON.stringify({ jsonrpc: '2.0', ...message }) + '\\n';
        createInterface({ input: process.stdin }).on('line', (text) => {
          const msg = JSON.parse(text);
          if (msg.method === 'initialize') writeSync(1, line({ id: msg.id, result: { name: 'raw', version: '1' } }));
          else if (msg.method === 'shutdown') { writeSync(1, line({ id: msg.id, result: {} })); setImmediate(() => process.exit(0)); }
          ${onRun}
        });`;

describe('StdioAdapter', () => {
  it('starts the agent and runs a case, keeping its stderr per trace', async () => {
    const adapter = stdio('agent-ok.js');
    await expect(adapter.start(new AbortController().signal)).resolves.toEqual({ name: 'agent-ok', version: '1.0.0', concurrency: 1 });
    const run = params('hello');
    await expect(adapter.run(run, { host: fakeHost().host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'ok: hello' });
    const [pid] = adapter.pids;
    // Once stopped, all of stderr has been read.
    await adapter.stop();
    expect(adapter.logFor(run.trace_id)).toEqual([`[agent-ok pid=${pid}] run ${run.case.id}`]);
  });

  it("writes initialize into the agent's stdin as the start begins: a caller going on in microtasks (eval loading and planning the run) does not hold it to a later tick", async () => {
    const adapter = stdio('agent-ok.js');
    await adapter.prepare();
    const write = vi.spyOn(Duplex.prototype, 'write');
    try {
      const started = adapter.start(new AbortController().signal);
      // Microtasks only: no tick, and no turn of the event loop, runs meanwhile.
      for (let i = 0; i < 100; i++) await null;
      expect(write.mock.calls.some(([chunk]) => String(chunk).includes('"initialize"'))).toBe(true);
      await started;
    } finally {
      write.mockRestore();
    }
  });

  it('serveStdio without a version reports DEFAULT_AGENT_VERSION, since initialize requires one, as gate.md and transports.md say', async () => {
    const adapter = stdio({ source: `import { serveStdio } from ${JSON.stringify(LIB_URL)};\nserveStdio(async () => ({ outcome: 'completed', output: '' }), { name: 'unversioned' });` });
    await expect(adapter.start(new AbortController().signal)).resolves.toEqual({ name: 'unversioned', version: DEFAULT_AGENT_VERSION, concurrency: 1 });
    for (const doc of ['docs/gate.md', 'docs/transports.md']) {
      const text = readFileSync(resolve(import.meta.dirname, '../../..', doc), 'utf8').replace(/\s+/g, ' ');
      expect(new RegExp(`without \`version\`[^.;]* reports \`${DEFAULT_AGENT_VERSION}\``).test(text), `${doc} says what serveStdio reports without a version`).toBe(true);
    }
  });

  it('routes tools/call to the ToolHost, tool errors included', async () => {
    const adapter = stdio('agent-calls-forbidden-tool.js');
    await adapter.start(new AbortController().signal);
    const { host, calls } = fakeHost({
      close_account: { ok: true, result: { closed: true } },
      delete_user: { ok: false, error: { kind: 'policy_denied', message: 'denied by refund-cap', rule_id: 'refund-cap' } },
    });
    const result = await adapter.run(params('go', [tool('close_account'), tool('lookup_order'), tool('delete_user')]), { host, signal: new AbortController().signal });
    expect(calls).toEqual([
      { name: 'close_account', args: {} },
      { name: 'delete_user', args: {} },
    ]);
    expect(JSON.parse(String(result.output))).toEqual([
      { tool: 'close_account', result: { closed: true } },
      { tool: 'delete_user', error: 'policy_denied' },
    ]);
  });

  it('routes approval/request and usage, and answers an unknown trace_id with an error', async () => {
    const adapter = stdio({
      source: `
        import { writeSync } from 'node:fs';
        import { serveStdio } from ${JSON.stringify(LIB_URL)};
        serveStdio(async (task, ctx) => {
          const granted = await ctx.requestApproval('issue_refund', { amount: 5 }, 'double charge');
          const refused = await ctx.requestApproval('wire_money', {}, undefined);
          ctx.recordUsage({ model: 'small-model', input_tokens: 10, output_tokens: 2, cost_usd: 0.001 });
          const stray = await new Promise((answer) => {
            writeSync(1, JSON.stringify({ jsonrpc: '2.0', id: 'stray', method: 'tools/call', params: { trace_id: 'nobody', name: 'x' } }) + '\\n');
            process.stdin.on('data', (chunk) => { if (String(chunk).includes('"stray"')) answer(JSON.parse(String(chunk).split('\\n').find((l) => l.includes('"stray"')))); });
          });
          return { outcome: 'completed', output: { granted: granted.approved, refused: refused.approved, stray: stray.error.message } };
        }, { name: 'inline', version: '0.0.1' });`,
    });
    await adapter.start(new AbortController().signal);
    const { host, approvals, usage } = fakeHost();
    const run = params('refund');
    const result = await adapter.run(run, { host, signal: new AbortController().signal });
    expect(result.output).toEqual({ granted: true, refused: false, stray: 'unknown trace_id "nobody": no run with that id is in flight' });
    expect(approvals).toEqual([
      { name: 'issue_refund', reason: 'double charge' },
      { name: 'wire_money', reason: undefined },
    ]);
    expect(usage).toEqual([{ model: 'small-model', input_tokens: 10, output_tokens: 2, cost_usd: 0.001 }]);
    expect(adapter.logFor(run.trace_id)).toContain('[agentready] protocol: tools/call for unknown trace_id "nobody"');
  });

  it('fails a case the agent answers with an error or an invalid result, and carries on', async () => {
    const adapter = stdio({
      source: `
        import { serveStdio } from ${JSON.stringify(LIB_URL)};
        serveStdio(async (task) => {
          if (task.case.input === 'throw') throw new Error('model unavailable');
          if (task.case.input === 'invalid') return { outcome: 'finished', output: 1 };
          return { outcome: 'completed', output: 'fine' };
        }, { name: 'inline', version: '0.0.1' });`,
    });
    await adapter.start(new AbortController().signal);
    const signal = new AbortController().signal;
    // The agent failing its own run is an agent failure, not a broken transport.
    // With where the handler threw (serveStdio's answer): the inline agent's file, line 4.
    await expect(adapter.run(params('throw'), { host: fakeHost().host, signal })).rejects.toMatchObject({
      name: 'AgentRunError',
      message: expect.stringMatching(/^agent answered run with an error \(code -32603\): model unavailable \(at \S+:4:\d+\)$/),
    });
    const invalid = await adapter.run(params('invalid'), { host: fakeHost().host, signal }).catch((caught: unknown) => caught);
    expect(invalid).toMatchObject({ code: 'AGENT_PROTOCOL' });
    expect((invalid as Error).message).toMatch(/^agent answered run with an invalid result: outcome: /);
    await expect(adapter.run(params('ok'), { host: fakeHost().host, signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
  });

  it('reads a bad line written right after an answer, in the same chunk, as after that run: the run stands, the line is warned of with none in flight', async () => {
    const adapter = stdio({
      source: `
        import { createInterface } from 'node:readline';
        import { writeSync } from 'node:fs';
        const answer = (id, result) => JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n';
        createInterface({ input: process.stdin }).on('line', (line) => {
          const msg = JSON.parse(line);
          if (msg.method === 'initialize') writeSync(1, answer(msg.id, { name: 'raw', version: '1' }));
          else if (msg.method === 'shutdown') { writeSync(1, answer(msg.id, {})); setImmediate(() => process.exit(0)); }
          // The answer and a stray line in one write: the harness reads them in one chunk.
          else if (msg.method === 'run') writeSync(1, answer(msg.id, { outcome: 'completed', output: 'fine' }) + 'this is not JSON\\n');
        });`,
    });
    await adapter.start(new AbortController().signal);
    await expect(adapter.run(params('ok'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
    // Read in the chunk that held the answer, so before the run settled.
    expect(adapter.warnings()).toHaveLength(1);
    expect(adapter.warnings()[0]).toMatch(/^the agent \(pid \d+\) wrote an invalid message on stdout while 0 cases were in flight \(not a JSON line\): "this is not JSON"/);
  });

  it('refuses a tool call written right after the answer, in the same chunk, as one written later: the run had ended, the tool is not called', async () => {
    const adapter = stdio({
      source: rawAgent(`
          // The answer, then a call of the same trace, in one write: the harness reads them in one chunk.
          else if (msg.method === 'run') {
            const call = { id: 'late', method: 'tools/call', params: { trace_id: msg.params.trace_id, name: 'add', arguments: {} } };
            writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: 'fine' } }) + line(call));
          }`),
    });
    await adapter.start(new AbortController().signal);
    const { host, calls } = fakeHost();
    await expect(adapter.run(params('ok', [tool('add')]), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
    // Read in the chunk that held the answer, so before the run settled: a later chunk's call was refused already.
    expect(calls).toEqual([]);
  });

  it('does not count a usage report written right after the answer, in the same chunk, as one written later is not', async () => {
    const adapter = stdio({
      source: rawAgent(`
          else if (msg.method === 'run') {
            const usage = { method: 'usage', params: { trace_id: msg.params.trace_id, model: 'm', input_tokens: 1, output_tokens: 1 } };
            writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: 'fine' } }) + line(usage));
          }`),
    });
    await adapter.start(new AbortController().signal);
    const { host, usage } = fakeHost();
    await expect(adapter.run(params('ok'), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
    expect(usage).toEqual([]);
  });

  it('warns at the run\'s end of a run result\'s key agentready does not read (a misspelt outcme, exec\'s tool_calls), as http and exec do', async () => {
    const adapter = stdio({
      source: rawAgent(`
          else if (msg.method === 'run') writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: 'fine', tool_calls: [], usage: [] } }));`),
    });
    await adapter.start(new AbortController().signal);
    const run = params('ok');
    await expect(adapter.run(run, { host: fakeHost().host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine', usage: [] });
    expect(adapter.warnings()).toEqual([
      `the agent answered 1 run result with the key "tool_calls" (the first in case ${run.case.id}), which a run result does not have: agentready ignored it (a run result's keys: outcome, output, usage)`,
    ]);
  });

  it('names the case of a run answered twice in one write (read before the run lands), and says to answer once', async () => {
    const adapter = stdio({
      source: rawAgent(`
          else if (msg.method === 'run') {
            const answer = line({ id: msg.id, result: { outcome: 'completed', output: 'fine' } });
            writeSync(1, answer + answer);
          }`),
    });
    await adapter.start(new AbortController().signal);
    const run = params('ok');
    await expect(adapter.run(run, { host: fakeHost().host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
    expect(adapter.warnings()).toEqual([
      expect.stringMatching(new RegExp(`^the agent \\(pid \\d+\\) answered a request twice \\(a response for request id \\d+ \\(the run of case ${run.case.id}\\), which was answered already\\): .*\\(the second answer was ignored: answer each run once\\)$`)),
    ]);
  });

  it('warns at the run\'s end of usage reports that named no case (the case id for its trace_id), which were not counted', async () => {
    const adapter = stdio({
      source: rawAgent(`
          else if (msg.method === 'run') {
            const usage = { method: 'usage', params: { trace_id: msg.params.case.id, model: 'm', input_tokens: 1, output_tokens: 1 } };
            writeSync(1, line(usage) + line(usage) + line({ id: msg.id, result: { outcome: 'completed', output: 'fine' } }));
          }`),
    });
    await adapter.start(new AbortController().signal);
    const { host, usage } = fakeHost();
    const run = params('ok');
    await expect(adapter.run(run, { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'fine' });
    expect(usage).toEqual([]);
    expect(adapter.warnings()).toEqual([
      `2 usage reports named no case in flight (the first: trace_id "${run.case.id}") and were not counted: costs and tokens are missing from the figures and from the cases' budgets; send each with the trace_id of the run params of its case`,
    ]);
  });

  it('reads the stderr written just before an error answer before failing the run, as after a result: the stack is in its log', async () => {
    const adapter = stdio({
      source: rawAgent(`
          // Its stack on stderr, then the error answer: two pipes, both readable when agentready wakes, read in
          // either order. (Written the other way round, the stack may come a turn late on a loaded machine.)
          else if (msg.method === 'run') {
            writeSync(2, 'Error: boom ' + msg.params.trace_id + '\\n');
            writeSync(1, line({ id: msg.id, error: { code: -32603, message: 'boom' } }));
          }`),
    });
    await adapter.start(new AbortController().signal);
    const run = params('x');
    await expect(adapter.run(run, { host: fakeHost().host, signal: new AbortController().signal })).rejects.toMatchObject({ name: 'AgentRunError' });
    // Read when the run failed, not later: the case is judged, and its log kept, at once.
    expect(adapter.logFor(run.trace_id)).toEqual([`Error: boom ${run.trace_id}`]);
  });

  it("runs a conversation's later turn on the process that ran its first (an agent may keep state per trace_id), waiting for its slot while another worker is free", async () => {
    const release = join(mkdtempSync(join(tmpdir(), 'agentready-turns-')), 'release');
    const adapter = stdio({
      source: rawAgent(`
          // Answers with its pid; 'hold' answers once the test writes the release file.
          else if (msg.method === 'run') {
            const answer = () => writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: process.pid } }));
            if (msg.params.case.input !== 'hold') answer();
            else { const poll = setInterval(() => { if (existsSync(${JSON.stringify(release)})) { clearInterval(poll); answer(); } }, 5); }
          }`).replace("import { writeSync } from 'node:fs';", "import { existsSync, writeSync } from 'node:fs';"),
    }, { workers: 2 });
    await adapter.start(new AbortController().signal);
    const signal = new AbortController().signal;
    const first = runParams({ input: 'hello', id: 'talk' });
    const home = (await adapter.run(first, { host: fakeHost().host, signal })).output;
    // The same (first free) process takes a case that holds it; the other worker is free.
    const held = adapter.run(params('hold'), { host: fakeHost().host, signal });
    const second = { ...first, turn: 2, messages: [...first.messages, { role: 'agent' as const, content: home }, { role: 'user' as const, content: 'more' }] };
    const later = adapter.run(second, { host: fakeHost().host, signal });
    writeFileSync(release, '');
    await expect(held).resolves.toEqual({ outcome: 'completed', output: home });
    await expect(later).resolves.toEqual({ outcome: 'completed', output: home });
  });

  it("runs a conversation's later turn on another process when the one that ran its first has crashed since, without waiting for it", async () => {
    const adapter = stdio({
      source: rawAgent(`
          // Answers with its pid; 'crash' exits without answering.
          else if (msg.method === 'run') {
            if (msg.params.case.input === 'crash') process.exit(3);
            writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: process.pid } }));
          }`),
    }, { workers: 2 });
    await adapter.start(new AbortController().signal);
    const signal = new AbortController().signal;
    const first = runParams({ input: 'hello', id: 'talk' });
    const home = (await adapter.run(first, { host: fakeHost().host, signal })).output;
    // The first free process, the conversation's, takes the crashing case and dies with it.
    const exited = nextExit(adapter);
    await expect(adapter.run(params('crash'), { host: fakeHost().host, signal })).rejects.toThrow();
    await exited;
    expect(adapter.pids).not.toContain(home);
    const second = { ...first, turn: 2, messages: [...first.messages, { role: 'agent' as const, content: home }, { role: 'user' as const, content: 'more' }] };
    const answer = await adapter.run(second, { host: fakeHost().host, signal });
    expect(answer.outcome).toBe('completed');
    expect(answer.output).not.toBe(home);
  });

  it("runs a conversation's later turn on another process once the one that ran its first, hung, is restarted: it waits for it no longer", async () => {
    const adapter = stdio({
      source: rawAgent(`
          // Answers with its pid; 'hang' never answers, nor its cancel.
          else if (msg.method === 'run' && msg.params.case.input !== 'hang') writeSync(1, line({ id: msg.id, result: { outcome: 'completed', output: process.pid } }));`),
    }, { workers: 2, cancelGraceMs: 100 });
    await adapter.start(new AbortController().signal);
    const signal = new AbortController().signal;
    const first = runParams({ input: 'hello', id: 'talk' });
    const home = (await adapter.run(first, { host: fakeHost().host, signal })).output;
    // The conversation's process takes a case that hangs: the later turn waits for its slot, until the process is restarted.
    const hung = adapter.run({ ...params('hang'), timeout_ms: 100 }, { host: fakeHost().host, signal });
    const second = { ...first, turn: 2, messages: [...first.messages, { role: 'agent' as const, content: home }, { role: 'user' as const, content: 'more' }] };
    const later = adapter.run(second, { host: fakeHost().host, signal });
    await expect(hung).rejects.toBeInstanceOf(RunTimeoutError);
    const answer = await later;
    expect(answer.outcome).toBe('completed');
    expect(answer.output).not.toBe(home);
    expect(adapter.pids).not.toContain(home);
  });

  it('spreads runs over two workers', async () => {
    const adapter = stdio('agent-hang.js', { workers: 2, cancelGraceMs: 200 });
    await adapter.start(new AbortController().signal);
    expect(adapter.pids).toHaveLength(2);
    const hung = new AbortController();
    const hanging = adapter.run(params('HANG'), { host: fakeHost().host, signal: hung.signal });
    // With one worker of concurrency 1 this would wait behind the hung case.
    await expect(adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: hello' });
    hung.abort(new Error('case timed out'));
    await expect(hanging).rejects.toThrow('case timed out');
  });

  it('fails the cases in flight when the process crashes (as collateral when several), then runs the next case on a fresh process', async () => {
    const adapter = stdio('agent-crash-mid-run.js');
    const info = await adapter.start(new AbortController().signal);
    expect(info.concurrency).toBe(4);
    const [firstPid] = adapter.pids;
    const exited = nextExit(adapter);
    const waiting = adapter.run(params('WAIT for it'), { host: fakeHost().host, signal: new AbortController().signal });
    const crashing = adapter.run(params('please CRASH'), { host: fakeHost().host, signal: new AbortController().signal });
    for (const run of [waiting, crashing]) {
      const error = await run.catch((caught: unknown) => caught);
      // Two were in flight: either may have been the cause.
      expect(error).toBeInstanceOf(CollateralCrashError);
      expect(error).toMatchObject({ code: 'AGENT_EXITED', inFlight: 2 });
      expect((error as Error).message).toMatch(/^agent process exited unexpectedly \(code=1, signal=null\)/);
      expect((error as Error).message).toContain('crashing on purpose');
    }
    await expect(exited).resolves.toEqual({ unexpectedly: true, code: 1, signal: null });
    await expect(adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: hello' });
    expect(adapter.pids).toHaveLength(1);
    expect(adapter.pids[0]).not.toBe(firstPid);
    // Alone in flight, the crash is the case's own: a plain AGENT_EXITED.
    const alone = await adapter.run(params('please CRASH'), { host: fakeHost().host, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(alone).toBeInstanceOf(HarnessError);
    expect(alone).not.toBeInstanceOf(CollateralCrashError);
    expect(alone).toMatchObject({ code: 'AGENT_EXITED', message: expect.stringContaining('crashing on purpose') });
  });

  it('fails only the case that got a garbage line on stdout', async () => {
    const adapter = stdio('agent-garbage-stdout.js', { cancelGraceMs: 200 });
    await adapter.start(new AbortController().signal);
    const garbage = adapter.run(params('GARBAGE please'), { host: fakeHost().host, signal: new AbortController().signal });
    const next = adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal });
    const error = await garbage.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_PROTOCOL' });
    expect((error as Error).message).toContain('"this is not JSON \\u001b[31m at all"');
    // The usual cause is a console.log in the agent: the error says where logs go.
    expect((error as Error).message).toMatch(/ \(stdout carries only the protocol's messages: log to stderr\)$/);
    await expect(next).resolves.toMatchObject({ output: 'ok: hello' });
  });

  it('on abort sends cancel and rejects at once; a hung agent is restarted after the grace', async () => {
    const adapter = stdio('agent-hang.js', { cancelGraceMs: 300 });
    await adapter.start(new AbortController().signal);
    const controller = new AbortController();
    const run = params('HANG');
    const hanging = adapter.run(run, { host: fakeHost().host, signal: controller.signal });
    const exited = nextExit(adapter);
    const reason = new Error('case timed out');
    // At once: with the clock stopped, no timer (the grace, a restart) can be what ends the run.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      controller.abort(reason);
      await expect(hanging).rejects.toBe(reason);
      await expect.poll(() => adapter.logFor(run.trace_id)).toContain(`agent-hang: cancel received for ${run.trace_id}, ignoring it`);
      await vi.advanceTimersByTimeAsync(300); // the grace ends
    } finally {
      vi.useRealTimers();
    }
    await expect(exited).resolves.toMatchObject({ unexpectedly: false });
    await expect(adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'ok: hello' });
  });

  it('times a run from when the agent has it: RunTimeoutError after timeout_ms, then cancel', async () => {
    const adapter = stdio('agent-hang.js', { cancelGraceMs: 5000 });
    await adapter.start(new AbortController().signal);
    const signal = new AbortController().signal;
    const run = { ...params('HANG'), timeout_ms: 300 };
    // A fake clock for the limit: not a moment early, and on time however loaded the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let error: unknown;
    try {
      const running = adapter.run(run, { host: fakeHost().host, signal }).catch((caught: unknown) => (error = caught));
      await vi.advanceTimersByTimeAsync(299);
      expect(error).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await running;
    } finally {
      vi.useRealTimers();
    }
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect((error as RunTimeoutError).timeoutMs).toBe(300);
    // The agent was told to cancel.
    await expect.poll(() => adapter.logFor(run.trace_id)).toContain(`agent-hang: cancel received for ${run.trace_id}, ignoring it`);
  });

  it('a crash is the case\'s at once though a process the agent started detached (a session of its own) holds stdout and stderr', async () => {
    const adapter = stdio({
      source: `import { spawn } from 'node:child_process';
import { serveStdio } from ${JSON.stringify(LIB_URL)};
spawn('sleep', ['8'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }).unref();
serveStdio(async () => { process.stderr.write('crashing now\\n'); setTimeout(() => process.exit(4), 20); return new Promise(() => {}); }, { name: 'daemonizing', version: '1.0.0' });`,
    });
    await adapter.start(new AbortController().signal);
    const run = params('crash');
    // Without the pipes let go, the exit is seen only when the detached process ends them (8 s): the
    // case times out first (at 6 s), a RunTimeoutError. So the code is "at once", with no clock read.
    await expect(adapter.run({ ...run, timeout_ms: 6000 }, { host: fakeHost().host, signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'AGENT_EXITED',
      message: expect.stringContaining('code=4'),
    });
    expect(adapter.logFor(run.trace_id)).toEqual(['crashing now', expect.stringMatching(/stdout and stderr stayed open after the process exited/)]);
  });

  it('an agent that closes its stdout and keeps running fails its run as the harness\'s error, not at its time limit, and is started again', async () => {
    const adapter = stdio({
      source: `import { closeSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(LIB_URL)};
serveStdio(async (task) => {
  if (task.case.input !== 'close') return { outcome: 'completed', output: 'fine' };
  closeSync(1);
  setInterval(() => {}, 1000);
  return new Promise(() => {});
}, { name: 'closes-stdout', version: '1.0.0' });`,
    });
    await adapter.start(new AbortController().signal);
    // Its time limit is past vitest's: a run left to time out fails the test.
    await expect(adapter.run({ ...params('close'), timeout_ms: 120_000 }, { host: fakeHost().host, signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'AGENT_EXITED',
      message: expect.stringContaining('the agent closed its stdout, where its answers go, but kept running, so it was stopped'),
    });
    await expect(adapter.run(params('hello'), { host: fakeHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ output: 'fine' });
    // With another run in flight, nothing shows which closed it: both are collateral, run again apart, as in a crash.
    const wide = stdio({
      source: `import { closeSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(LIB_URL)};
serveStdio(async (task) => {
  if (task.case.input === 'close') setTimeout(() => closeSync(1), 50);
  setInterval(() => {}, 1000);
  return new Promise(() => {});
}, { name: 'closes-stdout', version: '1.0.0', concurrency: 2 });`,
    });
    await wide.start(new AbortController().signal);
    const both = [params('close'), params('wait')].map((run) => wide.run({ ...run, timeout_ms: 120_000 }, { host: fakeHost().host, signal: new AbortController().signal }).catch((error: unknown) => error));
    for (const error of await Promise.all(both)) expect(error).toBeInstanceOf(CollateralCrashError);
  });

  it('keeps stderr a run wrote just before its answer with that run', async () => {
    const adapter = stdio({
      source: `import { serveStdio } from ${JSON.stringify(LIB_URL)};
serveStdio(async (task) => {
  // Logged and answered in one go: stderr and stdout are separate pipes, so the log line may be read after the answer.
  process.stderr.write('last words of ' + task.case.id + '\\n');
  return { outcome: 'completed', output: 'done' };
}, { name: 'chatty', version: '1.0.0' });`,
    });
    await adapter.start(new AbortController().signal);
    const runs = [params('a'), params('b'), params('c')];
    // Read as the answer arrives, as the queue does when it judges the case.
    const logs = await Promise.all(runs.map((run) => adapter.run(run, { host: fakeHost().host, signal: new AbortController().signal }).then(() => adapter.logFor(run.trace_id))));
    runs.forEach((run, i) => expect(logs[i]).toContain(`last words of ${run.case.id}`));
  });

  it('rejects a run that is still waiting for a slot when aborted', async () => {
    const adapter = stdio('agent-hang.js', { cancelGraceMs: 300 });
    await adapter.start(new AbortController().signal);
    const first = new AbortController();
    const hanging = adapter.run(params('HANG'), { host: fakeHost().host, signal: first.signal });
    const queued = new AbortController();
    const waiting = adapter.run(params('hello'), { host: fakeHost().host, signal: queued.signal });
    queued.abort(new Error('gave up waiting'));
    await expect(waiting).rejects.toThrow('gave up waiting');
    first.abort(new Error('done'));
    await expect(hanging).rejects.toThrow('done');
  });

  it('prepare() spawns the agent; start() initializes that same process, telling it the suite', async () => {
    // Answers initialize with the suite it was told and its own pid.
    const adapter = stdio({
      source: `
        import { createInterface } from 'node:readline';
        createInterface({ input: process.stdin }).on('line', (line) => {
          const { id, method, params } = JSON.parse(line);
          if (method === 'initialize') process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result: { name: params.suite, version: String(process.pid), concurrency: 1 } }) + '\\n');
          if (method === 'shutdown') process.exit(0);
        });`,
    });
    expect(adapter.pids).toEqual([]);
    await adapter.prepare();
    const [pid] = adapter.pids;
    expect(pid).toBeTypeOf('number');
    await expect(adapter.start(new AbortController().signal, { suite: 'billing' })).resolves.toEqual({ name: 'billing', version: String(pid), concurrency: 1 });
    expect(adapter.pids).toEqual([pid]);
  });

  it('stop() ends the processes prepare() spawned when start() never came', async () => {
    const adapter = stdio('agent-no-init.js', { workers: 2 });
    await adapter.prepare();
    const pids = adapter.pids;
    expect(pids).toHaveLength(2);
    await adapter.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('reports how a prepared process that died before start() ended', async () => {
    const adapter = stdio('agent-exit-at-start.js');
    const exited = new Promise<AgentExit>((resolve) => adapter.onExit(resolve));
    await adapter.prepare();
    await expect(exited).resolves.toMatchObject({ code: 3, unexpectedly: true });
    const error = await adapter.start(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_START' });
    expect((error as Error).message).toMatch(/^agent exited with code 3 during start-up\n/);
    expect(adapter.pids).toEqual([]);
  });

  it('gives up on an agent that never answers initialize', async () => {
    const adapter = stdio('agent-no-init.js', { startTimeoutMs: 1500 });
    // The message naming 1500 ms is that limit firing (the agent never exits by itself); one that
    // never fired would hang into vitest's test timeout.
    const error = await adapter.start(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_START' });
    expect((error as Error).message).toMatch(/^agent did not answer initialize within 1500 ms/);
    expect((error as Error).message).toContain('agent-no-init: waiting forever');
    expect(adapter.pids).toEqual([]);
  });

  it('names the exit code of an agent that exits at start-up', async () => {
    const adapter = stdio('agent-exit-at-start.js');
    const error = await adapter.start(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_START' });
    expect((error as Error).message).toMatch(/^agent exited with code 3 during start-up\n/);
    expect((error as Error).message).toContain('agent-exit-at-start: missing configuration, giving up');
  });

  it('tells how to run a TypeScript agent that node cannot run by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-ts-agent-'));
    // An enum: no Node runs it without a loader (one that strips types refuses it too).
    writeFileSync(join(dir, 'agent.ts'), "enum Kind { A = 'a' }\nconsole.log(Kind.A);\n");
    const adapter = stoppedAfterTest(
      new StdioAdapter({ adapter: 'stdio', command: ['node', 'agent.ts'] }, { rootDir: dir, concurrency: 1, workers: 1, startTimeoutMs: START_TIMEOUT_MS }),
    );
    const error = await adapter.start(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_START' });
    const [why] = (error as Error).message.split('\n');
    expect(why).toMatch(/^agent exited with code 1 during start-up/);
    if ((process.features as { typescript?: unknown }).typescript) return;
    // Node's own error first (ERR_UNKNOWN_FILE_EXTENSION in a module package, a SyntaxError outside one), then the fix.
    expect(why).toMatch(/ during start-up: \w*Error\b.*; agent\.ts is TypeScript, which Node /);
    expect(why).toContain('(npm i -D tsx, then command: [node, --import, tsx, agent.ts])');
  });

  it('names a command that cannot be spawned, as a shell would run it', async () => {
    const adapter = stoppedAfterTest(
      new StdioAdapter({ adapter: 'stdio', command: ['./no-such-agent-binary', 'my agent.js'] }, { rootDir: AGENTS, concurrency: 1, workers: 1, startTimeoutMs: START_TIMEOUT_MS }),
    );
    const error = await adapter.start(new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AGENT_START' });
    expect((error as Error).message).toBe(`the agent (./no-such-agent-binary 'my agent.js') could not be started (spawn ./no-such-agent-binary ENOENT): no such program on the PATH, or file or folder from ${AGENTS}`);
  });

  it('stop() shuts every process down, fails runs in flight, and is idempotent', async () => {
    const adapter = stdio('agent-hang.js', { workers: 2 });
    await adapter.start(new AbortController().signal);
    const pids = adapter.pids;
    expect(pids).toHaveLength(2);
    const exits: AgentExit[] = [];
    adapter.onExit((exit) => exits.push(exit));
    const hanging = adapter.run(params('HANG'), { host: fakeHost().host, signal: new AbortController().signal }).catch((caught: unknown) => caught);
    await Promise.all([adapter.stop(), adapter.stop()]);
    expect(await hanging).toMatchObject({ code: 'AGENT_EXITED', message: 'agentready stopped the agent (code=0, signal=null)' });
    expect(exits).toEqual([
      { unexpectedly: false, code: 0, signal: null },
      { unexpectedly: false, code: 0, signal: null },
    ]);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(adapter.run(params('late'), { host: fakeHost().host, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'AGENT_EXITED' });
  });

  it('stop() escalates to SIGTERM then SIGKILL for an agent that ignores shutdown', async () => {
    // startTimeoutMs is both the time to answer initialize (long: a node start on a loaded machine
    // can take seconds) and, read again by stop(), the time stop() waits for the shutdown answer
    // before SIGTERM, which this agent never gives: shortened once it started, so the test does
    // not wait out a start-up limit (5 s here before).
    const ctx = { rootDir: AGENTS, concurrency: 4, workers: 1, startTimeoutMs: START_TIMEOUT_MS };
    const source = `
      process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\\n'));
      process.stdin.on('data', (chunk) => {
        for (const line of String(chunk).split('\\n').filter(Boolean)) {
          const message = JSON.parse(line);
          if (message.method === 'initialize') process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { name: 'stubborn', version: '1' } }) + '\\n');
        }
      });`;
    const adapter = stoppedAfterTest(new StdioAdapter({ adapter: 'stdio', command: [process.execPath, '--input-type=module', '-e', source] }, ctx));
    await adapter.start(new AbortController().signal);
    const [pid] = adapter.pids;
    const exited = nextExit(adapter);
    ctx.startTimeoutMs = 200;
    await adapter.stop();
    await expect(exited).resolves.toEqual({ unexpectedly: false, code: null, signal: 'SIGKILL' });
    expect(isAlive(pid!)).toBe(false);
  });
});
