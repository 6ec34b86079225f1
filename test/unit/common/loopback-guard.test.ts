// Every endpoint agentready opens answers only the agent on this machine: a request that carries
// the run's token but names another Host (DNS rebinding) or comes from a page of another Origin is
// refused (403) before anything reads it, on tools_url, mcp_url and the model gateway alike.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolAnswer, ToolHost } from '../../../src/adapters/adapter.js';
import { ToolsServer } from '../../../src/adapters/http-tools-server.js';
import { McpToolServer } from '../../../src/environment/mcp/server.js';
import { foreignRequest } from '../../../src/common/loopback-guard.js';
import { tool } from '../environment/fixtures.js';
import { openCase, startGateway, TOKEN as GATEWAY_TOKEN } from '../environment/gateway-helpers.js';
import { excerpt } from '../../../src/common/shorten.js';

const TOKEN = 'run-token-1234';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function recordingHost(): { host: ToolHost & { awaitsApproval(): boolean }; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    host: {
      callTool: async (name): Promise<ToolAnswer> => (calls.push(name), { ok: true, result: { status: 'shipped' } }),
      requestApproval: async () => ({ approved: true }),
      recordUsage: () => undefined,
      awaitsApproval: () => true,
    },
  };
}

/** POSTs `body` to `url` with `headers` as given, Host included (fetch would set its own). */
function post(url: string, { headers, body }: { headers: Record<string, string>; body: unknown }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

const FOREIGN = [
  ['a Host that names another host', { host: 'attacker.example' }],
  ['a Host that names another host with the port', { host: 'attacker.example:8080' }],
  ['an Origin of another site', { origin: 'https://attacker.example' }],
  ['the null Origin of a sandboxed page', { origin: 'null' }],
] as const;

describe('tools_url (http adapter)', () => {
  async function served() {
    const server = new ToolsServer();
    closers.push(() => server.close());
    const url = await server.listen();
    const { host, calls } = recordingHost();
    server.register('trace-1', { token: TOKEN, host });
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { trace_id: 'trace-1', name: 'lookup_order', arguments: {} } };
    return { url, calls, send: (headers: Record<string, string>) => post(url, { headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body: call }) };
  }

  it.each(FOREIGN)('refuses %s with 403 though it carries the token; no tool is called', async (_what, headers) => {
    const { send, calls } = await served();
    const answer = await send(headers);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('forbidden');
    expect(calls).toEqual([]);
  });

  it('serves an HTTP/1.0 client that sends no Host', async () => {
    const { url, calls } = await served();
    const { port, pathname } = new URL(url);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { trace_id: 'trace-1', name: 'lookup_order', arguments: {} } });
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.end(`POST ${pathname} HTTP/1.0\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    expect(head).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(calls).toEqual(['lookup_order']);
  });

  it('serves the agent at 127.0.0.1 or localhost, and a page on loopback', async () => {
    const { url, send, calls } = await served();
    const port = new URL(url).port;
    expect((await send({})).status).toBe(200);
    expect((await send({ host: `localhost:${port}` })).status).toBe(200);
    expect((await send({ origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect(calls).toEqual(['lookup_order', 'lookup_order', 'lookup_order']);
  });
});

describe('mcp_url', () => {
  it.each(FOREIGN)('refuses %s with 403 though it carries the token; no tool is called', async (_what, headers) => {
    const server = new McpToolServer(TOKEN);
    closers.push(() => server.close());
    await server.listen();
    const { host, calls } = recordingHost();
    const { url } = server.register('trace-a', { quote: excerpt, host, tools: [tool('lookup_order', { mock: { result: {} } })] });
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'lookup_order', arguments: {} } };
    const answer = await post(url, { headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body: call });
    expect(answer.status).toBe(403);
    expect(calls).toEqual([]);
    expect((await post(url, { headers: { authorization: `Bearer ${TOKEN}` }, body: call })).status).toBe(200);
    expect(calls).toEqual(['lookup_order']);
  });
});

describe('the model gateway', () => {
  it.each(FOREIGN)('refuses %s with 403 though its path carries the token', async (_what, headers) => {
    const gateway = await startGateway({});
    closers.push(() => gateway.close());
    const { registration } = openCase(gateway);
    expect(registration.urls.openai_base_url).toContain(GATEWAY_TOKEN);
    const answer = await post(`${registration.urls.openai_base_url}/chat/completions`, { headers, body: { model: 'gpt-test', messages: [] } });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('forbidden');
  });
});

describe('what the guard lets through', () => {
  /** A request with `headers` only: the guard reads nothing else. */
  const requestWith = (headers: Record<string, string>) => ({ headers }) as IncomingMessage;

  it.each([
    ['no Host (HTTP/1.0)', {}],
    ['127.0.0.1 without a port', { host: '127.0.0.1' }],
    ['localhost in capitals with the port', { host: 'LOCALHOST:8123' }],
    ['IPv6 loopback with the port', { host: '[::1]:8123' }],
    ['a page on localhost of another port', { host: '127.0.0.1:8123', origin: 'http://localhost:5173' }],
    ['a page on https loopback', { host: '127.0.0.1:8123', origin: 'https://127.0.0.1' }],
  ])('%s', (_what, headers: Record<string, string>) => {
    expect(foreignRequest(requestWith(headers))).toBeUndefined();
  });
});
