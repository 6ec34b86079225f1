// Drives the real HttpAdapter against small agents served by this test on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RunTimeoutError, type ToolHost } from '../../../src/adapters/adapter.js';
import { HttpAdapter } from '../../../src/adapters/http.js';
import { postJson } from '../../../src/adapters/http-post.js';
import type { RunParams } from '../../../src/adapters/protocol.js';
import { runParams } from '../../helpers/run-params.js';
import { HarnessError } from '../../../src/errors.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** An "agent" on 127.0.0.1 answering each run POST with `handle`. */
async function agent(handle: (task: RunParams & { tools_url: string }, request: IncomingMessage, response: ServerResponse) => void | Promise<void>) {
  const seen: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  const server: Server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = JSON.parse(text) as RunParams & { tools_url: string };
    seen.push({ headers: request.headers, body });
    await handle(body, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/run`, seen };
}

async function adapterFor(url: string, extra: { headers?: Record<string, string>; concurrency?: number } = {}) {
  const adapter = new HttpAdapter({ adapter: 'http', url, ...extra }, { rootDir: '.', concurrency: 6, workers: 1, startTimeoutMs: 1000 });
  cleanups.push(() => adapter.stop());
  const info = await adapter.start(new AbortController().signal);
  return { adapter, info };
}

function params(timeoutMs = 5000): RunParams {
  return runParams({ input: 'hi', id: 'c1', trace_id: 'trace-1', timeout_ms: timeoutMs });
}

function recordingHost() {
  const calls: string[] = [];
  const usage: unknown[] = [];
  const host: ToolHost = {
    handedOff: () => void calls.push('(handed off)'),
    callTool: async (name) => (calls.push(name), name === 'boom' ? { ok: false, error: { kind: 'rate_limit', message: 'slow down', status: 429, retry_after_ms: 50 } } : { ok: true, result: { status: 'shipped' } }),
    requestApproval: async () => ({ approved: true }),
    recordUsage: (u) => void usage.push(u),
  };
  return { host, calls, usage };
}

const rpc = (toolsUrl: string, body: unknown, authorization?: string) =>
  fetch(toolsUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });

describe('HttpAdapter', () => {
  it("warns once of a run result's key agentready does not read, and not of its own optional `usage`", async () => {
    const { url } = await agent((task, _request, response) => {
      response.end(JSON.stringify(task.case.id === 'c1' ? { outcome: 'completed', output: 'a', usage: [] } : { outcome: 'completed', output: 'b', error: 'x' }));
    });
    const { adapter } = await adapterFor(url);
    const { host } = recordingHost();
    await adapter.run(params(), { host, signal: new AbortController().signal });
    expect(adapter.warnings()).toEqual([]);
    await expect(adapter.run(runParams({ input: 'hi', id: 'c2' }), { host, signal: new AbortController().signal })).resolves.toEqual({ outcome: 'completed', output: 'b' });
    expect(adapter.warnings()).toEqual([`the agent at ${url} answered 1 run result with the key "error" (the first in case c2), which a run result does not have: agentready ignored it (a run result's keys: outcome, output, usage)`]);
  });

  it('POSTs the plain run params with tools_url and the target headers; routes tool calls that carry the token', async () => {
    const { url, seen } = await agent(async (task, _request, response) => {
      const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { trace_id: task.trace_id, name: 'lookup_order', arguments: {} } };
      const refused = await rpc(task.tools_url, call);
      const wrong = await rpc(task.tools_url, call, 'Bearer nope');
      const order = (await (await rpc(task.tools_url, call, `Bearer ${task.token}`)).json()) as { result: unknown };
      const limited = (await (await rpc(task.tools_url, { ...call, params: { ...call.params, name: 'boom' } }, `Bearer ${task.token}`)).json()) as { error: unknown };
      const usage = await rpc(task.tools_url, { jsonrpc: '2.0', method: 'usage', params: { trace_id: task.trace_id, model: 'm', input_tokens: 3, output_tokens: 4 } }, `Bearer ${task.token}`);
      const unknown = (await (await rpc(task.tools_url, { ...call, params: { ...call.params, trace_id: 'other' } }, `Bearer ${task.token}`)).json()) as { error: { message: string } };
      response.end(JSON.stringify({ outcome: 'completed', output: { refused: refused.status, wrong: wrong.status, order: order.result, limited: limited.error, usage: usage.status, unknown: unknown.error.message } }));
    });
    const { adapter, info } = await adapterFor(url, { headers: { 'x-api-key': 'k1' }, concurrency: 3 });
    expect(info).toEqual({ name: new URL(url).host, concurrency: 3 });
    const { host, calls, usage } = recordingHost();
    const reply = await adapter.run(params(), { host, signal: new AbortController().signal });
    expect(reply).toEqual({
      outcome: 'completed',
      output: {
        refused: 401,
        wrong: 401,
        order: { status: 'shipped' },
        limited: { code: -32000, message: 'slow down', data: { kind: 'rate_limit', status: 429, retry_after_ms: 50, message: 'slow down' } },
        usage: 204,
        unknown: 'unknown trace_id "other": no run with that id is in flight',
      },
    });
    // Handed off as the POST goes out: the case's time counts from there.
    expect(calls).toEqual(['(handed off)', 'lookup_order', 'boom']);
    expect(usage).toEqual([{ model: 'm', input_tokens: 3, output_tokens: 4 }]);
    expect(adapter.unauthenticatedRequests()).toBe(2);
    expect(seen[0]!.headers['x-api-key']).toBe('k1');
    expect(seen[0]!.body).toMatchObject({ ...params(), tools_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/agentready\/rpc$/) });
  });

  it('answers a usage notification sent with an id by saying it is a notification', async () => {
    const { url } = await agent(async (task, _request, response) => {
      const asRequest = { jsonrpc: '2.0', id: 9, method: 'usage', params: { trace_id: task.trace_id, model: 'm', input_tokens: 1, output_tokens: 1 } };
      const answer = (await (await rpc(task.tools_url, asRequest, `Bearer ${task.token}`)).json()) as { error: { message: string } };
      response.end(JSON.stringify({ outcome: 'completed', output: answer.error.message }));
    });
    const { adapter } = await adapterFor(url);
    const reply = await adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal });
    expect(reply.output).toBe('method not found: usage is a notification: send it without an "id" (it gets no answer)');
  });

  it('warns at the run\'s end of a usage report that named no case (no trace_id), which was not counted: its 204 tells the agent nothing', async () => {
    const { url } = await agent(async (task, _request, response) => {
      const noTrace = await rpc(task.tools_url, { jsonrpc: '2.0', method: 'usage', params: { model: 'm', input_tokens: 1, output_tokens: 1 } }, `Bearer ${task.token}`);
      response.end(JSON.stringify({ outcome: 'completed', output: String(noTrace.status) }));
    });
    const { adapter } = await adapterFor(url);
    const { host, usage } = recordingHost();
    const reply = await adapter.run(params(), { host, signal: new AbortController().signal });
    expect(reply.output).toBe('204');
    expect(usage).toEqual([]);
    expect(adapter.warnings()).toEqual([
      "1 usage report named no case in flight (the first: no trace_id) and was not counted: costs and tokens are missing from the figures and from the cases' budgets; send each with the trace_id of the run params of its case",
    ]);
  });

  it('answers a method named after Object.prototype\'s keys (__proto__, toString) as not found', async () => {
    const { url } = await agent(async (task, _request, response) => {
      const answers = [];
      for (const method of ['__proto__', 'toString']) {
        const request = { jsonrpc: '2.0', id: 1, method, params: { trace_id: task.trace_id } };
        answers.push(((await (await rpc(task.tools_url, request, `Bearer ${task.token}`)).json()) as { error: { message: string } }).error.message);
      }
      response.end(JSON.stringify({ outcome: 'completed', output: answers.join(' | ') }));
    });
    const { adapter } = await adapterFor(url);
    const reply = await adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal });
    expect(reply.output).toBe('method not found: __proto__ | method not found: toString');
  });

  it('cuts a run at timeout_ms with RunTimeoutError and aborts the POST (the cancel)', async () => {
    let aborted: () => void = () => undefined;
    const cancelled = new Promise<void>((resolve) => (aborted = resolve));
    const { url } = await agent((_task, request) => void request.socket.on('close', aborted));
    const { adapter } = await adapterFor(url);
    await expect(adapter.run(params(200), { host: recordingHost().host, signal: new AbortController().signal })).rejects.toBeInstanceOf(RunTimeoutError);
    await cancelled;
  });

  it('reads an answer whose body starts with a byte order mark as the JSON after it, as stdio and exec do', async () => {
    const { url } = await agent((_task, _request, response) => void response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(`\ufeff${JSON.stringify({ outcome: 'completed', output: 'ok' })}`));
    const { adapter } = await adapterFor(url);
    await expect(adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal })).resolves.toMatchObject({ outcome: 'completed', output: 'ok' });
  });

  it('names where a redirect points, resolved against target.url, and that it is not followed (FastAPI sends /run to /run/)', async () => {
    const answers = [
      (r: ServerResponse) => r.writeHead(307, { location: '/run/' }).end(),
      (r: ServerResponse) => r.writeHead(302, { location: 'http://[::1' }).end('Found'),
      (r: ServerResponse) => r.writeHead(300).end(),
    ];
    const { url } = await agent((_task, _request, response) => void answers.shift()!(response));
    const { adapter } = await adapterFor(url);
    const run = () => adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal });
    const notFollowed = 'which agentready does not follow (a POST does not stay one through every redirect): set target.url to the URL that answers the run';
    await expect(run()).rejects.toMatchObject({ code: 'TRANSPORT', message: `the agent at ${url} answered HTTP 307 Temporary Redirect with an empty body: a redirect to ${new URL('/run/', url).href}, ${notFollowed}` });
    // A Location that is no URL is quoted as sent.
    await expect(run()).rejects.toMatchObject({ message: `the agent at ${url} answered HTTP 302 Found with "Found": a redirect to http://[::1, ${notFollowed}` });
    // No Location: nothing to say of where.
    await expect(run()).rejects.toMatchObject({ message: `the agent at ${url} answered HTTP 300 Multiple Choices with an empty body` });
  });

  it('turns a 5xx (but 500, the agent\'s own throw), a non-JSON body, an empty one and an invalid result into HarnessErrors that say what came', async () => {
    const answers = [
      (r: ServerResponse) => r.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded'),
      (r: ServerResponse) => r.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"TypeError: x is undefined"}'),
      (r: ServerResponse) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
      (r: ServerResponse) => r.writeHead(204).end(),
      (r: ServerResponse) => r.end(JSON.stringify({ outcome: 'done' })),
    ];
    const { url } = await agent((_task, _request, response) => void answers.shift()!(response));
    const { adapter } = await adapterFor(url);
    const run = () => adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal });
    await expect(run()).rejects.toMatchObject({ code: 'TRANSPORT', message: `the agent at ${url} answered HTTP 503 Service Unavailable with "overloaded"` });
    // A 500 is the handler's own throw, as a server's framework answers it: the agent failed the case, as a stdio error answer does.
    await expect(run()).rejects.toMatchObject({ name: 'AgentRunError', message: `the agent at ${url} answered HTTP 500 Internal Server Error with "{"error":"TypeError: x is undefined"}"` });
    await expect(run()).rejects.toMatchObject({ code: 'AGENT_PROTOCOL', message: `the agent at ${url} answered the run with a body that is not JSON (text/html): "<html>"` });
    // Nothing at all is said as such, not quoted as "".
    await expect(run()).rejects.toMatchObject({ code: 'AGENT_PROTOCOL', message: `the agent at ${url} answered the run with an empty body (HTTP 204 No Content): the answer is the run result { outcome, output } as JSON` });
    await expect(run()).rejects.toThrow(/answered the run with an invalid result: outcome: Invalid option: expected one of .*, found "done"; output: missing \(a required key\)$/);
  });

  it('POSTs to an https URL over TLS: a plain-http server there is a failed POST, not an answer', async () => {
    const { url } = await agent((_task, _request, response) => void response.end('{}'));
    const httpsUrl = new URL(url.replace('http:', 'https:'));
    const error = await postJson({ url: httpsUrl, headers: {}, body: {}, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toContain(`the agent at ${httpsUrl.href}`);
    // The same server over http answers.
    await expect(postJson({ url: new URL(url), headers: {}, body: {}, signal: new AbortController().signal })).resolves.toMatchObject({ status: 200, text: '{}' });
  });

  it('reports connection refused during the run as a HarnessError of the case', async () => {
    const { url } = await agent(() => undefined);
    const { adapter } = await adapterFor(url);
    await cleanups.shift()!(); // the agent is gone after the start
    const error = await adapter.run(params(), { host: recordingHost().host, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toBe(`could not connect to the agent at ${url}: connection refused (is it listening?)`);
  });

  it('will not start when nothing listens at the URL and the target has no start: one AGENT_START error, naming the URL and what to do', async () => {
    const { url } = await agent(() => undefined);
    await cleanups.shift()!(); // nothing listens there now
    const adapter = new HttpAdapter({ adapter: 'http', url }, { rootDir: '.', concurrency: 6, workers: 1, startTimeoutMs: 1000 });
    cleanups.push(() => adapter.stop());
    const error = await adapter.start(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).toMatchObject({
      code: 'AGENT_START',
      message: `nothing answers at ${url}: the connection to ${new URL(url).host} was refused, so no case could run; start the agent's server first, or add \`start: { command: [node, server.js] }\` to the target and agentready starts it and waits until it answers`,
    });
  });
});
