// A provider that redirects: its answer is passed on as it came, never followed with the agent's key.
// A provider whose answer never ends (an endless stream, an endless body): the gateway keeps each
// answer whole for the usage and the cassette, so past MAX_ANSWER_BYTES it cuts it rather than let
// one case's provider take agentready's memory, and the run, with it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { fromUpstream, MAX_ANSWER_BYTES, relay } from '../../../src/environment/gateway/relay.js';
import type { SseEvent } from '../../../src/config/schema/index.js';
import { redactSecretsDeep } from '../../../src/common/redact-deep.js';
import { openCase, startGateway } from './gateway-helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A response the relay writes to, keeping nothing. */
function sink(): http.ServerResponse {
  const out = new PassThrough();
  out.resume();
  return Object.assign(out, { writeHead: () => out }) as unknown as http.ServerResponse;
}

describe('the gateway caps one answer', () => {
  it('cuts a stream that never ends once its events pass the cap, holding no more than the cap', async () => {
    const seen: SseEvent[] = [];
    let sent = 0;
    async function* endless(): AsyncIterable<SseEvent> {
      const data = JSON.stringify({ choices: [{ delta: { content: 'a'.repeat(64 * 1024) } }] });
      // Endless as far as the cap goes: twice past it (so a relay without a cap ends, and fails the test).
      while (sent * data.length < 2 * MAX_ANSWER_BYTES) {
        sent++;
        yield { data };
      }
    }
    const relayed = relay({ answer: { type: 'sse', status: 200, headers: {}, events: endless() }, response: sink(), api: 'chat_completions', strip: false, truncate: false, seen });
    await expect(relayed).rejects.toThrow(/the provider answered with a stream over 64 MB, the most the gateway takes of one answer/);
    expect(sent).toBeLessThan(MAX_ANSWER_BYTES / (64 * 1024) + 2);
    expect(seen.reduce((bytes, event) => bytes + event.data.length, 0)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  });

  it('stops reading a body past the cap and cancels the request', async () => {
    let closed!: () => void;
    let written = 0;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const server = http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.on('close', closed);
      const pump = () => {
        // Endless as far as the cap goes: ended at twice past it (so a read without a cap ends, and fails the test).
        while (!response.destroyed && written < 2 * MAX_ANSWER_BYTES && response.write(chunk)) written += chunk.length;
        if (written >= 2 * MAX_ANSWER_BYTES) response.end('"');
        else if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
    await expect(fromUpstream({ url, headers: {}, body: '{}', signal: new AbortController().signal })).rejects.toThrow(/the provider answered with a body over 64 MB/);
    await upstreamClosed;
  });

  it('passes a redirect on as the provider\'s answer, and never follows it with the agent\'s key', async () => {
    const elsewhere: http.IncomingHttpHeaders[] = [];
    const other = http.createServer((request, response) => {
      elsewhere.push(request.headers);
      request.resume();
      response.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as AddressInfo).port;
    const provider = http.createServer((request, response) => {
      request.resume();
      response.writeHead(307, { location: `http://localhost:${otherPort}/steal`, 'content-type': 'application/json' });
      response.end('{}');
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    for (const server of [other, provider]) closers.push(() => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
    const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1/messages`;
    const answer = await fromUpstream({ url, headers: { 'x-api-key': 'sk-ant-user-key', 'content-type': 'application/json' }, body: '{}', signal: new AbortController().signal });
    expect(answer.status).toBe(307);
    expect(answer.headers.location).toBe(`http://localhost:${otherPort}/steal`);
    expect(elsewhere).toEqual([]);
  });

  it('counts a call whose answer nests too deep to record, and makes it the case\'s CASSETTE_WRITE error', async () => {
    const deep = `{"id":"c","object":"chat.completion","model":"m","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const provider = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(deep);
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => {
      provider.close(() => resolve());
      provider.closeAllConnections();
    }));
    const origin = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
    closers.push(async () => rmSync(cassettes, { recursive: true, force: true }));
    const gateway = await startGateway({ mode: 'record', upstream: { openaiBaseUrl: `${origin}/v1`, anthropicBaseUrl: origin }, cassettes, redact: redactSecretsDeep });
    closers.push(() => gateway.close());
    const c = openCase(gateway);
    const answer = await fetch(`${c.registration.urls.openai_base_url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m","messages":[]}' });
    expect(answer.status).toBe(200);
    await answer.text();
    expect(c.usage).toMatchObject([{ model: 'm', answer: 'model', input_tokens: 7, output_tokens: 3 }]);
    expect(await c.registration.end()).toMatchObject({ code: 'CASSETTE_WRITE', message: expect.stringContaining('nests more than 100 levels deep') });
  });
});
