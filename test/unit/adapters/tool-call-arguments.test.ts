// A tools/call whose `arguments` are no object, over stdio and http (hostHandlers): the agent's
// mistake about its arguments, answered invalid_arguments and recorded, as a module agent's is.
// Refused as malformed params (-32602) before, it was in no trace: the check said only that the
// expected call was not found.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolHost } from '../../../src/adapters/adapter.js';
import { ModuleAdapter } from '../../../src/adapters/module.js';
import { runParams } from '../../helpers/run-params.js';
import { redact } from '../../../src/common/redact.js';
import { hostHandlers } from '../../../src/adapters/stdio-host.js';
import { JsonRpcError } from '../../../src/adapters/jsonrpc-errors.js';
import { CaseEnvironment } from '../../../src/environment/host.js';
import { kase, tool } from '../environment/fixtures.js';
import { excerpt } from '../../../src/common/shorten.js';

function handlersAndHost() {
  let clock = 0;
  const host = new CaseEnvironment({
    traceId: 'tr-1',
    kase: kase(),
    tools: [tool('lookup_order', { mock: { result: { status: 'shipped' } } })],
    rules: [],
    mode: 'normal',
    caps: {},
    pricing: {},
    now: () => clock++,
    timestamp: () => '2026-01-01T00:00:00.000Z',
    redactText: redact,
    onDecision: () => undefined,
  });
  const handlers = hostHandlers({ runFor: (traceId) => (traceId === 'tr-1' ? { host, settled: false } : undefined), noise: () => undefined, quote: excerpt, onLateUsage: () => undefined, onStrayUsage: () => undefined });
  const call = (params: Record<string, unknown>) => Promise.resolve(handlers.requests['tools/call']!({ trace_id: 'tr-1', name: 'lookup_order', ...params }));
  return { host, call };
}

describe('tools/call arguments that are no object', () => {
  it('are answered invalid_arguments and recorded with the arguments as sent: a JSON text, a list, a number', async () => {
    const { host, call } = handlersAndHost();
    for (const rawArguments of ['{"order_id":"1234"}', [1], 5]) {
      const error = await call({ arguments: rawArguments }).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(JsonRpcError);
      expect((error as JsonRpcError).data).toMatchObject({ kind: 'invalid_arguments', message: expect.stringContaining('invalid arguments for lookup_order: arguments must be object') });
    }
    expect(host.toolCalls.map((c) => [c.arguments, c.answer])).toEqual([['{"order_id":"1234"}', 'invalid_arguments'], [[1], 'invalid_arguments'], [5, 'invalid_arguments']]);
  });

  it('reads null as no arguments, as an absent key', async () => {
    const { host, call } = handlersAndHost();
    await expect(call({ arguments: null })).resolves.toEqual({ status: 'shipped' });
    await expect(call({})).resolves.toEqual({ status: 'shipped' });
    expect(host.toolCalls.map((c) => [c.arguments, c.answer])).toEqual([[{}, 'answer'], [{}, 'answer']]);
  });

  it('still refuses params that are no tools/call (no name) as malformed, recording nothing', async () => {
    const { host, call } = handlersAndHost();
    await expect(call({ name: 5, arguments: {} })).rejects.toThrow(/invalid tools\/call params/);
    expect(host.toolCalls).toEqual([]);
  });
});

describe('ctx.callTool arguments of a module agent', () => {
  it('reads null as no arguments, as stdio and http do, and hands any other value to the host as sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-arguments-'));
    writeFileSync(join(dir, 'agent.mjs'), "export default async (task, ctx) => { await ctx.callTool('lookup_order', null); await ctx.callTool('lookup_order', '{\"order_id\":\"1\"}'); return { outcome: 'completed', output: '' }; };\n");
    const adapter = new ModuleAdapter({ adapter: 'module', module: 'agent.mjs' }, { rootDir: dir, concurrency: 1, workers: 1, startTimeoutMs: 1000 });
    const received: unknown[] = [];
    const host: ToolHost = {
      callTool: async (_name, args) => (received.push(args), { ok: true, result: null }),
      requestApproval: async () => ({ approved: true }),
      recordUsage: () => undefined,
    };
    try {
      await adapter.start(new AbortController().signal);
      await adapter.run(runParams({ input: 'x', id: 'x', trace_id: 't-x', timeout_ms: 5000, token: 'tok' }), { host, signal: new AbortController().signal });
    } finally {
      await adapter.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(received).toEqual([{}, '{"order_id":"1"}']);
  });
});
