// A case's MCP handler is made on its first request: the cases of a run whose agent never
// connects cost no SDK handler.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { excerpt } from '../../../src/common/shorten.js';

const made = vi.hoisted(() => ({ count: 0 }));
vi.mock('@modelcontextprotocol/server', async (importOriginal) => {
  const original = await importOriginal<typeof import('@modelcontextprotocol/server')>();
  return {
    ...original,
    createMcpHandler: (...args: Parameters<typeof original.createMcpHandler>) => {
      made.count++;
      return original.createMcpHandler(...args);
    },
  };
});

const { McpToolServer } = await import('../../../src/environment/mcp/server.js');
const { CaseEnvironment } = await import('../../../src/environment/host.js');
const { kase, tool } = await import('./fixtures.js');

const TOKEN = 'run-token-1234';
const lookup = tool('lookup_order', { mock: { result: { status: 'shipped' } } });
let server: InstanceType<typeof McpToolServer> | undefined;
afterEach(async () => {
  await server?.close();
  made.count = 0;
});

function host(traceId: string) {
  return new CaseEnvironment({
    traceId, kase: kase({}), tools: [lookup], rules: [], mode: 'normal', caps: {}, pricing: {},
    now: () => 0, timestamp: () => '2026-01-01T00:00:00.000Z', redactText: (text) => text,
  });
}

describe('the MCP endpoint makes a case handler on first use', () => {
  it('makes none for cases that ended without a request, one for the case that was called', async () => {
    server = new McpToolServer(TOKEN);
    await server.listen();
    for (const id of ['a1', 'a2', 'a3']) server.register(id, { quote: excerpt, host: host(id), tools: [lookup] }).end();
    expect(made.count).toBe(0);

    const called = server.register('b1', { quote: excerpt, host: host('b1'), tools: [lookup] });
    const list = () => fetch(called.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    const first = await list();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('lookup_order');
    await (await list()).text();
    expect(made.count).toBe(1);
    called.end();
  });
});
