// A streamed answer the agent walks away from (its client closes the connection mid-stream), or
// that is still streaming when the case ends: the gateway stops reading it (the upstream request
// is aborted, so an endless stream cannot outlive its case) and still counts the call, with the
// tokens the events so far carried, in the usage and in the cassette.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { listenAsProvider, openCase, startGateway } from './gateway-helpers.js';

/** A provider whose Anthropic stream never ends: message_start (input tokens), then a delta each time the test asks. */
async function endlessProvider() {
  let closed!: () => void;
  const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
  let opened!: (push: () => void) => void;
  const streaming = new Promise<() => void>((resolve) => (opened = resolve));
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.on('close', closed);
      const event = (type: string, value: Record<string, unknown>) => response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`);
      event('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-test', content: [], usage: { input_tokens: 1000, output_tokens: 1 } } });
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      opened(() => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'more ' } }));
    });
  });
  return { ...(await listenAsProvider(server)), upstreamClosed, streaming };
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setUp(mode: 'live' | 'record' = 'live') {
  const provider = await endlessProvider();
  closers.push(provider.close);
  const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
  closers.push(() => rmSync(cassettes, { recursive: true, force: true }));
  const gateway: ModelGateway = await startGateway({ mode, upstream: provider.upstream, cassettes, pricing: { 'claude-test': { input_per_mtok: 1, output_per_mtok: 1 } } });
  closers.push(() => gateway.close());
  return { provider, gateway, cassettes };
}

/** Posts a streamed Messages call and resolves with the request once the first bytes arrived. */
function streamedCall(url: string): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test' } }, (response) => {
      response.once('data', () => resolve(request));
      response.on('error', () => undefined);
    });
    request.on('error', reject);
    request.end(JSON.stringify({ model: 'claude-test', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }));
  });
}

describe('a streamed answer left unfinished', () => {
  it('is aborted upstream when the agent closes its connection, and counted with the tokens seen so far', async () => {
    const { provider, gateway, cassettes } = await setUp('record');
    const c = openCase(gateway, { caps: { max_model_calls: 1 } });
    const request = await streamedCall(c.registration.urls.anthropic_base_url);
    (await provider.streaming)();
    request.destroy();
    await provider.upstreamClosed;
    // The abandoned call is the one model call the cap allows: the next is refused.
    const next = await c.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'again' }] }).catch((e: unknown) => e);
    expect(next).toMatchObject({ status: 429 });
    expect(c.usage[0]).toMatchObject({ model: 'claude-test', input_tokens: 1000, answer: 'model', stream: true });
    expect(c.usage[0]?.message).toMatch(/the agent closed the connection before the answer ended/);
    expect(c.usage[1]).toMatchObject({ answer: 'budget_exhausted' });
    expect(await c.registration.end()).toBeUndefined();
    const cassette = JSON.parse(readFileSync(path.join(cassettes, 'support', 'refund.json'), 'utf8')) as { calls: { response: { events: unknown[] } }[] };
    expect(cassette.calls).toHaveLength(1);
    expect(cassette.calls[0]?.response.events.length).toBeGreaterThanOrEqual(2);
  });

  it('is aborted upstream when the case ends while it streams, and counted before end() returns', async () => {
    const { provider, gateway } = await setUp();
    const c = openCase(gateway);
    const request = await streamedCall(c.registration.urls.anthropic_base_url);
    closers.push(() => void request.destroy());
    expect(c.registration.end()).toBeUndefined();
    expect(c.usage).toEqual([expect.objectContaining({ input_tokens: 1000, answer: 'model', message: expect.stringMatching(/the case ended before the answer did/) })]);
    await provider.upstreamClosed;
    expect(c.usage).toHaveLength(1);
  });
});
