// Drives the real ModuleAdapter against JS and TypeScript agent modules written to a temp folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shownPath } from '../../../src/config/shown-path.js';
import { afterEach, describe, expect, it } from 'vitest';
import { RunTimeoutError, type ToolHost } from '../../../src/adapters/adapter.js';
import { ModuleAdapter } from '../../../src/adapters/module.js';
import type { RunParams } from '../../../src/adapters/protocol.js';
import { runParams } from '../../helpers/run-params.js';
import { writeError } from '../../../src/cli/print.js';

const dir = mkdtempSync(join(tmpdir(), 'agentready-module-'));
/** Adapters a test started, stopped after it: a started module adapter routes process.stdout and stderr. */
const adapters: ModuleAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.stop()));
});

async function started(file: string, source: string) {
  writeFileSync(join(dir, file), source);
  const adapter = new ModuleAdapter({ adapter: 'module', module: file }, { rootDir: dir, concurrency: 5, workers: 1, startTimeoutMs: 1000 });
  adapters.push(adapter);
  const info = await adapter.start(new AbortController().signal);
  return { adapter, info };
}

function params(input: string, timeoutMs = 5000): RunParams {
  return runParams({ input, id: input, trace_id: `t-${input}`, timeout_ms: timeoutMs, token: 'tok' });
}

const handedOff: string[] = [];
const host: ToolHost = {
  handedOff: () => void handedOff.push('handed off'),
  callTool: async (name) =>
    name === 'lookup_order' ? { ok: true, result: { status: 'shipped' } } : { ok: false, error: { kind: 'rate_limit', message: 'slow down', status: 429, retry_after_ms: 50 } },
  requestApproval: async ({ name }) => ({ approved: name === 'issue_refund' }),
  recordUsage: () => undefined,
};

describe('ModuleAdapter', () => {
  it('warns at the run\'s end of a result\'s key agentready does not read, as over stdio and http, without reading its value', async () => {
    const { adapter } = await started('extra-keys.mjs', `export default async () => ({ outcome: 'completed', output: 'ok', get toolCalls() { throw new Error('read'); } });\n`);
    await expect(adapter.run(params('extra'), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'ok' });
    expect(adapter.warnings()).toEqual([
      'the agent module returned 1 run result with the key "toolCalls" (the first in case extra), which a run result does not have: agentready ignored it (a run result\'s keys: outcome, output, usage)',
    ]);
  });

  it('keeps 100 characters of a name and a version the module gives itself, counting the rest', async () => {
    const { info } = await started('long-name.js', "export const name = 'bot-' + 'x'.repeat(100000);\nexport const version = '1.' + '9'.repeat(500);\nexport default async () => ({ outcome: 'completed', output: '' });\n");
    expect(info).toEqual({ name: `bot-${'x'.repeat(96)}… (99904 more characters)`, version: `1.${'9'.repeat(98)}… (402 more characters)`, concurrency: 5 });
  });

  it('runs a JS module with ctx.callTool, requestApproval and tool errors shaped like the stdio library', async () => {
    const { adapter, info } = await started(
      'agent.mjs',
      `export const name = 'mod-agent';
export default async (task, ctx) => {
  const order = await ctx.callTool('lookup_order', { order_id: '1' });
  const { approved } = await ctx.requestApproval('issue_refund', {}, 'why');
  try { await ctx.callTool('busy', {}); } catch (e) { return { outcome: 'completed', output: [order.status, approved, e.kind, e.status, e.retry_after_ms, e.data.kind, e.message] }; }
};`,
    );
    expect(info).toEqual({ name: 'mod-agent', concurrency: 5 });
    handedOff.length = 0;
    await expect(adapter.run(params('a'), { host, signal: new AbortController().signal })).resolves.toEqual({
      outcome: 'completed',
      output: ['shipped', true, 'rate_limit', 429, 50, 'rate_limit', 'slow down'],
    });
    // Handed off as the agent function is called: the case's time counts from there.
    expect(handedOff).toEqual(['handed off']);
  });

  it('ctx.signal, made on first read, is one signal per run: destructured, spread, read twice; aborted when the run is cut', async () => {
    const { adapter } = await started(
      'signal-agent.mjs',
      `export default async (task, ctx) => {
  const { signal } = ctx;
  const copy = { ...ctx };
  const same = copy.signal === signal && ctx.signal === signal && signal instanceof AbortSignal && Object.keys(ctx).includes('signal');
  if (task.case.input === 'hang') await new Promise((resolve) => signal.addEventListener('abort', resolve));
  return { outcome: 'completed', output: [same, signal.aborted] };
};`,
    );
    await expect(adapter.run(params('quick'), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: [true, false] });
    await expect(adapter.run(params('hang', 50), { host, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
  });

  it('an answer that comes past the time limit, the thread held by a synchronous loop (the timer could not fire), is a timeout, not the answer', async () => {
    const { adapter } = await started(
      'busy-agent.mjs',
      `export default async (task) => {
  const start = Date.now();
  while (Date.now() - start < Number(task.case.input)) {}
  return { outcome: 'completed', output: 'late' };
};`,
    );
    await expect(adapter.run(params('300', 100), { host, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
    await expect(adapter.run(params('0', 1000), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'late' });
  });

  it('a throw that comes past the time limit, the thread held (Atomics.wait, as the loop above holds it without spinning), is a timeout too, not the agent\'s error', async () => {
    const { adapter } = await started(
      'busy-thrower.mjs',
      `export default async (task) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(task.case.input));
  throw new Error('late failure');
};`,
    );
    await expect(adapter.run(params('300', 100), { host, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
    await expect(adapter.run(params('0', 1000), { host, signal: new AbortController().signal })).rejects.toThrow('the agent module threw: late failure');
  });

  it('hands the host a copy of the arguments as the wire would carry them, and the agent a copy of the result: nothing the agent changes after a call reaches what was judged, run or recorded', async () => {
    // Before: the host got the agent's own object, so a call judged {amount: 50} by the policy ran
    // its handler (a microtask later) and was recorded with amount 5000, and a mock's result the
    // agent changed answered the next case changed.
    const { adapter } = await started(
      'mutating-agent.mjs',
      `export default async (task, ctx) => {
  const approval = { amount: 50, to: { email: 'a@example.com' } };
  await ctx.requestApproval('issue_refund', approval, 'why');
  approval.amount = 5000;
  const args = { amount: 50, to: { email: 'a@example.com' } };
  const pending = ctx.callTool('lookup_order', args);
  args.amount = 5000;
  args.to.email = 'x@evil.io';
  const result = await pending;
  result.status = 'POISONED';
  let reads = 0;
  await ctx.callTool('lookup_order', { get amount() { return ++reads === 1 ? 50 : 5000; }, when: new Date(0), n: new Number(3), f() {}, gone: undefined, list: [undefined, () => 1], inf: Infinity });
  const circle = {};
  circle.self = circle;
  const refused = await Promise.all([{ n: 1n }, circle].map((bad) => ctx.callTool('lookup_order', bad).then(() => 'ran', (error) => error.message)));
  return { outcome: 'completed', output: refused };
};`,
    );
    const shared = { status: 'shipped' };
    const received: unknown[] = [];
    const spy: ToolHost = {
      ...host,
      requestApproval: async ({ args }) => (received.push(args), { approved: true }),
      callTool: async (_name, args) => {
        received.push(args);
        await Promise.resolve();
        return { ok: true, result: shared };
      },
    };
    const reply = await adapter.run(params('mutating'), { host: spy, signal: new AbortController().signal });
    expect(reply.output).toEqual([
      'invalid ctx.callTool params: arguments: a BigInt is no JSON value',
      'invalid ctx.callTool params: arguments: it holds itself (a circle JSON cannot write)',
    ]);
    expect(received).toEqual([
      { amount: 50, to: { email: 'a@example.com' } },
      { amount: 50, to: { email: 'a@example.com' } },
      { amount: 50, when: '1970-01-01T00:00:00.000Z', n: 3, list: [null, null], inf: Infinity },
    ]);
    expect(shared).toEqual({ status: 'shipped' });
  });

  it('refuses a ctx call whose name or reason is no string, as over stdio, before the host records it', async () => {
    const { adapter } = await started(
      'odd-ctx.mjs',
      `export default async (task, ctx) => {
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { deep };
  const said = (promise) => promise.then(() => 'went through', (error) => error.message);
  const reason = await said(ctx.requestApproval('issue_refund', {}, deep));
  const name = await said(ctx.requestApproval(deep, {}, 'why'));
  const call = await said(ctx.callTool(Symbol('lookup_order'), {}));
  return { outcome: 'completed', output: [reason, name, call].join('\\n') };
};`,
    );
    const asked: unknown[] = [];
    const spy: ToolHost = { ...host, requestApproval: async (request) => (asked.push(request), { approved: true }), callTool: async (name) => (asked.push(name), { ok: true, result: null }) };
    const reply = await adapter.run(params('odd'), { host: spy, signal: new AbortController().signal });
    expect(String(reply.output).split('\n')).toEqual([
      expect.stringMatching(/^invalid ctx\.requestApproval params: reason/),
      expect.stringMatching(/^invalid ctx\.requestApproval params: name/),
      expect.stringMatching(/^invalid ctx\.callTool params: name/),
    ]);
    expect(asked).toEqual([]);
  });

  it('refuses the tool calls, approvals and usage an agent makes once it held the thread (Atomics.wait) past the time limit, as after it fired', async () => {
    const { adapter } = await started(
      'busy-caller.mjs',
      `export default async (task, ctx) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(task.case.input));
  ctx.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 1 });
  const approval = await ctx.requestApproval('issue_refund', {}, 'late');
  const refused = await ctx.callTool('lookup_order', {}).then(() => 'ran', (error) => error.kind);
  return { outcome: 'completed', output: JSON.stringify({ approval, refused }) };
};`,
    );
    const calls: string[] = [];
    const spy: ToolHost = {
      callTool: async (name) => (calls.push(`tool ${name}`), { ok: true, result: {} }),
      requestApproval: async ({ name }) => (calls.push(`approval ${name}`), { approved: true }),
      recordUsage: () => void calls.push('usage'),
    };
    await expect(adapter.run(params('300', 100), { host: spy, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
    expect(calls).toEqual([]);
    // In time, the same calls reach the host.
    await expect(adapter.run(params('0', 1000), { host: spy, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: JSON.stringify({ approval: { approved: true }, refused: 'ran' }) });
    expect(calls).toEqual(['usage', 'approval issue_refund', 'tool lookup_order']);
  });

  it('ctx.signal can be replaced by the agent, as a plain property could before it was made on first read', async () => {
    const { adapter } = await started(
      'signal-replaced.mjs',
      `export default async (task, ctx) => {
  const own = new AbortController();
  ctx.signal = AbortSignal.any([ctx.signal, own.signal]);
  own.abort('mine');
  return { outcome: 'completed', output: [ctx.signal.aborted, ctx.signal.reason, Object.keys(ctx).includes('signal')] };
};`,
    );
    await expect(adapter.run(params('replace'), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: [true, 'mine', true] });
  });

  it('loads TypeScript through tsx', async () => {
    const { adapter, info } = await started(
      'agent.ts',
      `type Outcome = 'completed';
export const version: string = '2.0.0';
export default async function (task: { case: { input: string } }): Promise<{ outcome: Outcome; output: string }> {
  const shout: string = task.case.input.toUpperCase();
  return { outcome: 'completed', output: shout };
}`,
    );
    expect(info).toEqual({ name: 'agent.ts', version: '2.0.0', concurrency: 5 });
    await expect(adapter.run(params('hello'), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'HELLO' });
  });

  it('a throw is an Error with the message and the stack as the case log; a hang is cut with ctx.signal aborted', async () => {
    const { adapter } = await started(
      'faulty.mjs',
      `export let sawAbort = false;
export default async (task, ctx) => {
  if (task.case.input === 'throw') throw new Error('provider said no');
  ctx.signal.addEventListener('abort', () => { sawAbort = true; });
  return new Promise(() => {});
};`,
    );
    await expect(adapter.run(params('throw'), { host, signal: new AbortController().signal })).rejects.toThrow('the agent module threw: provider said no');
    expect(adapter.logFor('t-throw')[0]).toBe('Error: provider said no');
    await expect(adapter.run(params('hang', 100), { host, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
    const module = (await import(join(dir, 'faulty.mjs'))) as { sawAbort: boolean };
    expect(module.sawAbort).toBe(true);
  });

  it('refuses a module without a default function at start, as bad input (exit 2, as validate and a custom scorer without one), and calls its shutdown on stop', async () => {
    await expect(started('none.mjs', 'export const x = 1;')).rejects.toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('found no default export (its exports: x)'), hint: expect.stringContaining('agentready validate') });
    // The module is named as the other messages name files (shownPath: relative to the current folder, or absolute from one sharing only the root).
    await expect(started('named.mjs', 'export async function agent() {}')).rejects.toMatchObject({ message: `${shownPath(join(dir, 'named.mjs'))} must export a default function async (task, ctx) => ({ outcome, output }); found no default export (its exports: agent)` });
    // A default of another kind: validate, which never runs the module, cannot see it, and the hint does not send the user there.
    const wrongKind = started('number.mjs', 'export default 42;');
    await expect(wrongKind).rejects.toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('found a default export of type number') });
    await expect(wrongKind).rejects.toMatchObject({ hint: expect.stringContaining('cannot tell: it reads the module without running it') });
    const { adapter } = await started('closing.mjs', `export let closed = false;\nexport function shutdown() { closed = true; }\nexport default async () => ({ outcome: 'completed', output: '' });`);
    await adapter.stop();
    expect(((await import(join(dir, 'closing.mjs'))) as { closed: boolean }).closed).toBe(true);
  });

  it("files what the module writes to process.stdout and stderr under the run it wrote in; agentready's own writes pass, and stop gives the streams back", async () => {
    const { seen, recorder, restore } = recordStderr();
    try {
      const { adapter } = await started(
        'printing.mjs',
        `process.stderr.write('loading\\n');
export default async (task) => {
  process.stdout.write('out ' + task.case.id + '\\n');
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.stderr.write(Buffer.from('err ' + task.case.id + ' open'), () => {});
  return { outcome: 'completed', output: '' };
};`,
      );
      const signal = new AbortController().signal;
      const running = Promise.all([adapter.run(params('a'), { host, signal }), adapter.run(params('b'), { host, signal })]);
      // agentready's own printing (its code, by the stack): passes, whether a run is in flight or not.
      writeError('agentready: progress\n');
      await running;
      expect(adapter.logFor('t-a')).toEqual(['out a', 'err a open']);
      expect(adapter.logFor('t-b')).toEqual(['out b', 'err b open']);
      expect(seen).toEqual(['agentready: progress\n']);
      await adapter.stop();
      expect(process.stderr.write).toBe(recorder);
    } finally {
      restore();
    }
  });
});

/** process.stderr.write replaced by a recorder of what reaches it, until `restore`. */
function recordStderr(): { seen: string[]; recorder: typeof process.stderr.write; restore: () => void } {
  const seen: string[] = [];
  const before = process.stderr.write;
  const recorder = ((chunk: string | Uint8Array) => {
    seen.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  process.stderr.write = recorder;
  return { seen, recorder, restore: () => (process.stderr.write = before) };
}
