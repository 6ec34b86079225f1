// The run's MCP endpoint, driven by the official SDK client as an MCP agent would drive it.
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolAnswer, ToolHost } from '../../../src/adapters/adapter.js';
import type { Budgets, Case, Tool } from '../../../src/config/schema/index.js';
import { CaseEnvironment } from '../../../src/environment/host.js';
import { McpToolServer } from '../../../src/environment/mcp/server.js';
import { EndedTraces } from '../../../src/environment/ended-traces.js';
import { newTraceId } from '../../../src/run/ids.js';
import { startGateway } from './gateway-helpers.js';
import { MCP_APPROVAL_REASON } from '../../../src/environment/mcp/tools.js';
import { kase, tool } from './fixtures.js';
import { excerpt } from '../../../src/common/shorten.js';

const TOKEN = 'run-token-1234';
const lookup = tool('lookup_order', {
  description: 'Find an order',
  parameters: { type: 'object', required: ['order_id'], properties: { order_id: { type: 'string' } } },
  mock: { result: { status: 'shipped' } },
});
const refund = tool('issue_refund', { tier: 'approve', effects: ['money'], mock: { result: { refund_id: 'r-1' } } });
const draft = tool('draft_reply', { tier: 'suggest', mock: { result: { text: 'hi' } } });
const TOOLS = [lookup, refund, draft];

const servers: McpToolServer[] = [];
const clients: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(): Promise<McpToolServer> {
  const server = new McpToolServer(TOKEN);
  servers.push(server);
  await server.listen();
  return server;
}

function environment(traceId: string, over: Partial<Case> = {}, tools: Tool[] = TOOLS): CaseEnvironment {
  return new CaseEnvironment({
    traceId,
    kase: kase(over),
    tools,
    rules: [],
    mode: 'normal',
    caps: {},
    pricing: {},
    now: () => 0,
    timestamp: () => '2026-01-01T00:00:00.000Z',
    redactText: (text) => text,
  });
}

async function connect(url: string, token = TOKEN): Promise<Client> {
  const client = new Client({ name: 'unit', version: '1.0.0' });
  clients.push(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** A POST of one JSON-RPC message, as a client that skips the SDK would send it. */
function post(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
}

describe('McpToolServer', () => {
  it('serves the case tools through tools/list at a 127.0.0.1 URL of its trace', async () => {
    const server = await serve();
    const { url } = server.register('trace-a', { quote: excerpt, host: environment('trace-a'), tools: TOOLS });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\/trace-a$/);
    const { tools } = await (await connect(url)).listTools();
    expect(tools.map((t) => t.name)).toEqual(['lookup_order', 'issue_refund', 'draft_reply']);
    expect(tools[0]).toMatchObject({ description: 'Find an order', inputSchema: lookup.parameters });
  });

  it('answers tools/call through the ToolHost and records the call', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const result = await client.callTool({ name: 'lookup_order', arguments: { order_id: '1234' } });
    expect(result).toMatchObject({ structuredContent: { status: 'shipped' } });
    expect(result.isError).toBeFalsy();
    expect(env.toolCalls).toMatchObject([{ name: 'lookup_order', arguments: { order_id: '1234' }, answer: 'answer' }]);
  });

  it('gives a tool error as isError with its kind, status and retry_after_ms', async () => {
    const server = await serve();
    const env = environment('trace-a', { faults: [{ tool: 'lookup_order', call: 1, error: 'rate_limit', retry_after_ms: 50 }] });
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const limited = await client.callTool({ name: 'lookup_order', arguments: { order_id: '1' } });
    expect(limited).toMatchObject({ isError: true, structuredContent: { kind: 'rate_limit', status: 429, retry_after_ms: 50 } });
    const invalid = await client.callTool({ name: 'lookup_order', arguments: {} });
    expect(invalid).toMatchObject({ isError: true, structuredContent: { kind: 'invalid_arguments' } });
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown).toMatchObject({ isError: true, structuredContent: { kind: 'tool_not_found' } });
  });

  it('answers arguments that are no object invalid_arguments and records the call, as stdio and http do, in both protocol eras; null reads as none', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const { url } = server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS });
    const legacy = await connect(url);
    const modern = new ModernClient({ name: 'unit', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    clients.push(modern);
    await modern.connect(new ModernTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    // Past the clients' typing, as an agent's model writes them: a string, an array, a number.
    const sent = ['order 1', ['1'], 7];
    for (const [client, args] of [[legacy, sent[0]], [modern, sent[1]], [legacy, sent[2]]] as const) {
      const answer = await client.callTool({ name: 'issue_refund', arguments: args as unknown as Record<string, unknown> });
      expect(answer).toMatchObject({ isError: true, structuredContent: { kind: 'invalid_arguments' } });
    }
    expect(await legacy.callTool({ name: 'draft_reply', arguments: null as unknown as Record<string, unknown> })).toMatchObject({ isError: true, structuredContent: { kind: 'execution_disabled' } });
    expect(env.toolCalls.map((call) => [call.arguments, call.answer])).toEqual([...sent.map((args) => [args, 'invalid_arguments']), [{}, 'execution_disabled']]);
    // Refused before authority: the harness asked no approver.
    expect(env.approvals).toEqual([]);
  });

  it("serves agentready's approval/request and usage for the URL's case, in both protocol eras: recorded as over stdio, another case's trace_id refused", async () => {
    const server = await serve();
    const env = environment('trace-a', { approvals: { default: 'deny', tools: {} } });
    const registered = server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS });
    const legacy = await connect(registered.url);
    const modern = new ModernClient({ name: 'unit', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    clients.push(modern);
    await modern.connect(new ModernTransport(new URL(registered.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    const Approved = z.object({ approved: z.boolean() });
    const ask = (reason: string, traceId?: string) => ({ method: 'approval/request', params: { ...(traceId === undefined ? {} : { trace_id: traceId }), name: 'issue_refund', arguments: { order_id: '1' }, reason } });
    expect(await legacy.request(ask('legacy'), Approved)).toEqual({ approved: false });
    expect(await modern.request(ask('modern', 'trace-a'), Approved)).toEqual({ approved: false });
    await expect(legacy.request(ask('elsewhere', 'trace-b'), Approved)).rejects.toThrow(/trace_id "trace-b" is not the case of this mcp_url/);
    expect(env.approvals).toMatchObject([{ name: 'issue_refund', approved: false, reason: 'legacy' }, { approved: false, reason: 'modern' }]);
    // The refusal stands for the call that follows: approval_denied, not decided again.
    expect(await modern.callTool({ name: 'issue_refund', arguments: { order_id: '1' } })).toMatchObject({ isError: true, structuredContent: { kind: 'approval_denied' } });
    expect(env.approvals).toHaveLength(2);

    await legacy.notification({ method: 'usage', params: { model: 'm', input_tokens: 10, output_tokens: 1 } });
    await modern.notification({ method: 'usage', params: { trace_id: 'trace-a', model: 'm', input_tokens: 20, output_tokens: 2 } });
    await legacy.notification({ method: 'usage', params: { trace_id: 'trace-b', model: 'm', input_tokens: 30, output_tokens: 3 } });
    expect(env.usage.map((u) => u.input_tokens)).toEqual([10, 20]);
    await legacy.notification({ method: 'usage', params: { trace_id: { id: 'trace-a' }, model: 'm', input_tokens: 40, output_tokens: 4 } });
    expect(env.usage.map((u) => u.input_tokens)).toEqual([10, 20]);
    expect(registered.log()).toEqual([
      '[agentready] mcp: a usage report naming trace_id "trace-b", not this case\'s, was not counted',
      '[agentready] mcp: a usage report whose trace_id is no string (object) was not counted',
    ]);
    expect(registered.invalidUsage()).toBeUndefined();
    await modern.notification({ method: 'usage', params: { model: 'm', input_tokens: -1, output_tokens: 1 } });
    expect(registered.invalidUsage()).toMatch(/^input_tokens: expected a whole number of tokens, 0 or more, received -1/);
    expect(env.usage).toHaveLength(2);
  });

  it('plays the approver for an approval-tier call: grant records the approval, then the call runs', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const args = { order_id: '1234', amount: 20 };
    const result = await client.callTool({ name: 'issue_refund', arguments: args });
    expect(result).toMatchObject({ structuredContent: { refund_id: 'r-1' } });
    expect(env.approvals).toMatchObject([{ name: 'issue_refund', arguments: args, approved: true, reason: MCP_APPROVAL_REASON }]);
    expect(env.toolCalls).toMatchObject([{ name: 'issue_refund', answer: 'answer', approved: true }]);
  });

  it('plays the approver for an approval-tier call: deny answers approval_denied and nothing runs', async () => {
    const server = await serve();
    const env = environment('trace-a', { approvals: { default: 'grant', tools: { issue_refund: 'deny' } } });
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const result = await client.callTool({ name: 'issue_refund', arguments: { order_id: '1234' } });
    expect(result).toMatchObject({ isError: true, structuredContent: { kind: 'approval_denied' } });
    expect(env.approvals).toMatchObject([{ name: 'issue_refund', approved: false }]);
    expect(env.toolCalls).toMatchObject([{ name: 'issue_refund', answer: 'approval_denied', approved: false }]);
  });

  it('gives each of two calls at once with the same arguments its own approval: neither is answered approval_missing', async () => {
    const server = await serve();
    const env = environment('trace-a');
    // The second request arrives while the first is answered (as two POSTs made at once do, when both
    // wait for the case's SDK handler): its call is decided before the first call's approval settles.
    let calls = 0;
    let decided: () => void = () => undefined;
    const host = {
      awaitsApproval: (name: string, args: Record<string, unknown>) => env.awaitsApproval(name, args),
      callTool: (name: string, args: Record<string, unknown>) => {
        calls++;
        decided();
        return env.callTool(name, args);
      },
      async requestApproval(request: Parameters<ToolHost['requestApproval']>[0]) {
        const answer = env.requestApproval(request);
        const before = calls;
        await new Promise<void>((resolve) => (decided = () => calls > before && resolve()));
        return answer;
      },
      recordUsage: (usage: Parameters<ToolHost['recordUsage']>[0]) => env.recordUsage(usage),
    };
    const { url } = server.register('trace-a', { quote: excerpt, host, tools: TOOLS });
    const [first, second] = await Promise.all([connect(url), connect(url)]);
    const args = { order_id: '1234' };
    await Promise.all([first!.callTool({ name: 'issue_refund', arguments: args }), second!.callTool({ name: 'issue_refund', arguments: args })]);
    expect(env.toolCalls.map((call) => call.answer)).toEqual(['answer', 'answer']);
    expect(env.approvals).toMatchObject([{ approved: true }, { approved: true }]);
  });

  it('refuses a call to an approve-tier tool whose arguments nest too deep as one error: no promise of it is left rejected', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let deep: Record<string, unknown> = {};
      for (let level = 0; level < 120; level++) deep = { deep };
      // The answer reaches the client turns of the event loop after the server dropped any rejection (reported at the end of its own turn).
      await expect(client.callTool({ name: 'issue_refund', arguments: deep })).rejects.toThrow(/the issue_refund call's arguments nest more than 100 levels deep/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(env.toolCalls).toEqual([]);
    expect(env.approvals).toEqual([]);
  });

  it('uses the approval the agent asked for before the call: nothing is decided twice', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const args = { order_id: '1234', amount: 20 };
    await env.requestApproval({ name: 'issue_refund', args, reason: 'the customer was charged twice' });
    expect(await client.callTool({ name: 'issue_refund', arguments: args })).toMatchObject({ structuredContent: { refund_id: 'r-1' } });
    expect(env.approvals).toMatchObject([{ approved: true, reason: 'the customer was charged twice' }]);
    // That approval is used: a second identical call is decided at call time, as before.
    await client.callTool({ name: 'issue_refund', arguments: args });
    expect(env.approvals).toMatchObject([{ approved: true, reason: 'the customer was charged twice' }, { approved: true, reason: MCP_APPROVAL_REASON }]);
    expect(env.toolCalls).toMatchObject([{ answer: 'answer', approved: true }, { answer: 'answer', approved: true }]);
  });

  it('keeps a refusal the agent was given: the call over MCP is approval_denied, not decided again', async () => {
    const server = await serve();
    const env = environment('trace-a', { approvals: { default: 'deny', tools: {} } });
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    const args = { order_id: '1234', amount: 20 };
    await env.requestApproval({ name: 'issue_refund', args, reason: 'asked first' });
    const result = await client.callTool({ name: 'issue_refund', arguments: args });
    expect(result).toMatchObject({ isError: true, structuredContent: { kind: 'approval_denied' } });
    expect(env.approvals).toMatchObject([{ approved: false, reason: 'asked first' }]);
    // Other arguments were never asked about: decided at call time.
    await client.callTool({ name: 'issue_refund', arguments: { ...args, amount: 5 } });
    expect(env.approvals).toMatchObject([{ reason: 'asked first' }, { approved: false, reason: MCP_APPROVAL_REASON }]);
  });

  it('asks no approval for read and suggest tools', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const client = await connect(server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS }).url);
    await client.callTool({ name: 'lookup_order', arguments: { order_id: '1' } });
    const suggested = await client.callTool({ name: 'draft_reply', arguments: {} });
    expect(suggested).toMatchObject({ isError: true, structuredContent: { kind: 'execution_disabled' } });
    expect(env.approvals).toEqual([]);
  });

  it('asks no approval for a call refused before authority (invalid arguments, a spent budget, the kill switch): its trace records no approval it never needed', async () => {
    const server = await serve();
    const strict = tool('issue_refund', { tier: 'approve', effects: ['money'], parameters: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } }, mock: { result: { refund_id: 'r-1' } } });
    const tools = [lookup, strict];
    const make = (traceId: string, { caps = {}, mode = 'normal' }: { caps?: Budgets; mode?: 'normal' | 'read_only' }) =>
      new CaseEnvironment({ traceId, kase: kase({ approvals: { default: 'deny', tools: {} } }), tools, rules: [], mode, caps, pricing: {}, now: () => 0, timestamp: () => '2026-01-01T00:00:00.000Z', redactText: (text) => text });
    const capped = make('trace-a', { caps: { max_tool_calls: 2 } });
    const client = await connect(server.register('trace-a', { quote: excerpt, host: capped, tools }).url);
    expect(await client.callTool({ name: 'issue_refund', arguments: { amount: 'x' } })).toMatchObject({ isError: true, structuredContent: { kind: 'invalid_arguments' } });
    await client.callTool({ name: 'lookup_order', arguments: { order_id: '1' } });
    expect(await client.callTool({ name: 'issue_refund', arguments: { amount: 5 } })).toMatchObject({ isError: true, structuredContent: { kind: 'budget_exhausted' } });
    // Before: two refused approvals "requested over MCP", for calls the approver was never needed for.
    expect(capped.approvals).toEqual([]);
    const readOnly = make('trace-b', {});
    const other = await connect(server.register('trace-b', { quote: excerpt, host: readOnly, tools }).url);
    const refused = await other.callTool({ name: 'issue_refund', arguments: { amount: 5 } });
    expect(refused).toMatchObject({ isError: true, structuredContent: { kind: 'approval_denied' } });
    expect(readOnly.approvals).toMatchObject([{ name: 'issue_refund', approved: false, reason: MCP_APPROVAL_REASON }]);
    const killed = make('trace-c', { mode: 'read_only' });
    const third = await connect(server.register('trace-c', { quote: excerpt, host: killed, tools }).url);
    expect(await third.callTool({ name: 'issue_refund', arguments: { amount: 5 } })).toMatchObject({ isError: true, structuredContent: { kind: 'execution_disabled' } });
    expect(killed.approvals).toEqual([]);
  });

  it('refuses a request without the run token with 401, counts it, and never reaches a tool', async () => {
    const server = await serve();
    const calls: string[] = [];
    const host: ToolHost & { awaitsApproval(): boolean } = {
      callTool: async (name): Promise<ToolAnswer> => (calls.push(name), { ok: true, result: {} }),
      requestApproval: async () => ({ approved: true }),
      recordUsage: () => undefined,
      awaitsApproval: () => true,
    };
    const registration = server.register('trace-a', { quote: excerpt, host, tools: TOOLS });
    const none = await post(registration.url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(registration.url, { authorization: 'Bearer wrong-token-1234' })).status).toBe(401);
    await expect(connect(registration.url, 'wrong-token-1234')).rejects.toThrow(/unauthorized/);
    expect(server.unauthenticated).toBe(3);
    expect(calls).toEqual([]);
    expect(registration.log()).toHaveLength(3);
    expect(registration.log()[0]).toContain('without the run\'s token (401)');
  });

  it('scopes each URL to its trace: an unknown trace gets 404, an ended one 410', async () => {
    const server = await serve();
    const a = server.register('trace-a', { quote: excerpt, host: environment('trace-a'), tools: [lookup] });
    const b = server.register('trace-b', { quote: excerpt, host: environment('trace-b'), tools: [refund] });
    expect((await (await connect(b.url)).listTools()).tools.map((t) => t.name)).toEqual(['issue_refund']);
    const unknown = a.url.replace('trace-a', 'trace-z');
    expect((await post(unknown, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    a.end();
    const ended = await post(a.url, { authorization: `Bearer ${TOKEN}` });
    expect(ended.status).toBe(410);
    expect(await ended.text()).toContain('has ended');
    expect((await post(b.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('shares one table of ended traces with the model gateway: each says 410 for a case both ended, and serves the one still in flight', async () => {
    const endedTraces = new EndedTraces();
    const server = new McpToolServer(TOKEN, endedTraces);
    servers.push(server);
    await server.listen();
    const gateway = await startGateway({ ended: endedTraces });
    try {
      const [done, running] = [newTraceId(), newTraceId()];
      const open = (traceId: string) => ({
        mcp: server.register(traceId, { quote: excerpt, host: environment(traceId), tools: [lookup] }),
        models: gateway.register(traceId, { suite: 'support', caseId: traceId, caps: {}, faults: [], onCall: () => undefined }),
      });
      const [a, b] = [open(done), open(running)];
      // As a case ends (execute.ts): the gateway first, then the MCP endpoint, one id read once.
      await a.models.end();
      a.mcp.end();
      expect((await post(a.mcp.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(410);
      expect((await fetch(`${a.models.urls.openai_base_url}/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(410);
      expect((await post(b.mcp.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      // The MCP endpoint closing ends its cases in the shared table: the gateway still serves its own.
      await server.close();
      const stillServed = await fetch(`${b.models.urls.openai_base_url}/embeddings`, { method: 'POST', body: '{}' });
      expect(stillServed.status).toBe(404);
      expect(await stillServed.text()).toContain('POST /chat/completions and POST /responses');
      expect(endedTraces.has(running)).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it('speaks the 2026-07-28 revision to a current client: server/discover, then stateless calls', async () => {
    const server = await serve();
    const env = environment('trace-a');
    const { url } = server.register('trace-a', { quote: excerpt, host: env, tools: TOOLS });
    // The official v2 client, pinned to the revision: it must be offered, with no fallback.
    const client = new ModernClient({ name: 'unit', version: '2.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    clients.push(client);
    await client.connect(new ModernTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(client.getDiscoverResult()?.supportedVersions).toContain('2026-07-28');
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['lookup_order', 'issue_refund', 'draft_reply']);
    expect(await client.callTool({ name: 'lookup_order', arguments: { order_id: '1' } })).toMatchObject({ structuredContent: { status: 'shipped' } });
    expect(env.toolCalls).toMatchObject([{ name: 'lookup_order', answer: 'answer' }]);
  });

  it("negotiates with a current client in 'auto' mode and with a 2025 client alike", async () => {
    const server = await serve();
    const { url } = server.register('trace-a', { quote: excerpt, host: environment('trace-a'), tools: TOOLS });
    const auto = new ModernClient({ name: 'unit', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    clients.push(auto);
    await auto.connect(new ModernTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    expect(auto.getProtocolEra()).toBe('modern');
    const legacy = await connect(url);
    expect(legacy.getServerVersion()).toMatchObject({ name: 'agentready' });
    expect((await legacy.listTools()).tools).toHaveLength(3);
  });

  it('has no standalone stream: GET gets 405', async () => {
    const server = await serve();
    const { url } = server.register('trace-a', { quote: excerpt, host: environment('trace-a'), tools: TOOLS });
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } });
    expect(response.status).toBe(405);
  });

  it('close() ends every case and stops listening', async () => {
    const server = await serve();
    const { url } = server.register('trace-a', { quote: excerpt, host: environment('trace-a'), tools: TOOLS });
    await connect(url);
    await server.close();
    await server.close();
    await expect(post(url, { authorization: `Bearer ${TOKEN}` })).rejects.toThrow();
  });
});
