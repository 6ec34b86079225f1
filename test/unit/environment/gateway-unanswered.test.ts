// A model call the provider sent nothing to before the agent gave up on it (its client's own
// timeout): recorded as unanswered, so that a replay holds it unanswered the same way and the
// agent's fallback meets the recording, instead of a CASSETTE_MISS for a case that passed when it
// was recorded.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenAsProvider, openCase, startGateway, type TestCase } from './gateway-helpers.js';

/** An OpenAI-compatible provider that never answers a request asking for `slow-model`, and answers any other. */
async function hangingProvider() {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { model } = JSON.parse(body) as { model: string };
      if (model === 'slow-model') return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: 'fallback answer' }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } }));
    });
  });
  return listenAsProvider(server);
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The agent: asks the slow model with a short client timeout, then falls back to another model. */
async function agent(c: TestCase): Promise<string> {
  const ask = (model: string) => c.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'where is order 1234?' }] });
  const first = await ask('slow-model').then(() => 'answered', (error: unknown) => (error as Error).constructor.name);
  const fallback = await ask('fast-model');
  return `${first} then ${fallback.choices[0]?.message.content ?? ''}`;
}

describe('a model call the provider never answered', () => {
  it('is recorded as unanswered, and a replay holds it so until the agent gives up, then answers its fallback from the recording', async () => {
    const provider = await hangingProvider();
    closers.push(provider.close);
    const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
    closers.push(() => rmSync(cassettes, { recursive: true, force: true }));

    const recording = await startGateway({ mode: 'record', upstream: provider.upstream, cassettes });
    closers.push(() => recording.close());
    const recorded = openCase(recording, { timeout: 300 });
    expect(await agent(recorded)).toBe('APIConnectionTimeoutError then fallback answer');
    expect(await recorded.registration.end()).toBeUndefined();
    const cassette = JSON.parse(readFileSync(path.join(cassettes, 'support', 'refund.json'), 'utf8')) as { calls: { request: { model: string }; response: { type: string } }[] };
    expect(cassette.calls.map((call) => [call.request.model, call.response.type])).toEqual([['slow-model', 'unanswered'], ['fast-model', 'json']]);

    // No provider at all: the replay answers from the cassette alone.
    const replaying = await startGateway({ mode: 'replay', cassettes });
    closers.push(() => replaying.close());
    const replayed = openCase(replaying, { timeout: 300 });
    expect(await agent(replayed)).toBe('APIConnectionTimeoutError then fallback answer');
    expect(await replayed.registration.end()).toBeUndefined();
    const shape = (usage: TestCase['usage']) => usage.map((u) => [u.model, u.answer, u.status, u.input_tokens, u.output_tokens]);
    expect(shape(replayed.usage)).toEqual(shape(recorded.usage));
    expect(shape(replayed.usage)).toEqual([['slow-model', 'model', undefined, 0, 0], ['fast-model', 'model', 200, 10, 2]]);
  });
});
