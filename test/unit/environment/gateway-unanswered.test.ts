// A model call the provider sent nothing to before the agent gave up on it (its client's own
// deadline; here an abort once the gateway has the call in flight, an event rather than a time, as
// a short client timeout fired on a loaded machine before the gateway had read the call): recorded as unanswered, so that a replay holds it unanswered the same way and the
// agent's fallback meets the recording, instead of a CASSETTE_MISS for a case that passed when it
// was recorded.
// A stream the provider began and left hanging: recorded with its events as unfinished, so that a
// replay sends them and holds the stream open (it ended the stream cleanly: the agent saw a short,
// finished answer, and a case that escalated when recorded completed in replay).
import { EventEmitter } from 'node:events';
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

/** Emits each call's model once the gateway has the call in flight. */
type InFlight = EventEmitter<Record<string, []>>;

/** The agent: asks the slow model, gives up on it once the gateway has it in flight, then falls back to another model. */
async function agent(c: TestCase, inFlight: InFlight): Promise<string> {
  const ask = (model: string, signal?: AbortSignal) => c.openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'where is order 1234?' }] }, signal ? { signal } : {});
  const giveUp = new AbortController();
  inFlight.once('slow-model', () => giveUp.abort());
  const first = await ask('slow-model', giveUp.signal).then(() => 'answered', (error: unknown) => (error as Error).constructor.name);
  const fallback = await ask('fast-model');
  return `${first} then ${fallback.choices[0]?.message.content ?? ''}`;
}

/** Runs `agent` on a case recorded from `upstream`, then on its replay with no provider: what each said, the cassette's calls, and the usage of each. */
async function recordThenReplay<T>(upstream: { openaiBaseUrl: string; anthropicBaseUrl: string }, run: { agent: (c: TestCase, inFlight: InFlight) => Promise<T>; timeout?: number }) {
  const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
  closers.push(() => rmSync(cassettes, { recursive: true, force: true }));
  const once = async (settings: { mode: 'record'; upstream: typeof upstream } | { mode: 'replay' }) => {
    const inFlight: InFlight = new EventEmitter();
    const gateway = await startGateway({ ...settings, cassettes, onCallInFlight: (call) => inFlight.emit(String(call.body['model'])) });
    closers.push(() => gateway.close());
    const c = openCase(gateway, run.timeout === undefined ? {} : { timeout: run.timeout });
    const said = await run.agent(c, inFlight);
    return { said, ended: await c.registration.end(), usage: c.usage };
  };
  const recorded = await once({ mode: 'record', upstream });
  const cassette = JSON.parse(readFileSync(path.join(cassettes, 'support', 'refund.json'), 'utf8')) as { calls: { request: { model: string }; response: { type: string; unfinished?: boolean; events?: unknown[] } }[] };
  // No provider at all: the replay answers from the cassette alone.
  const replayed = await once({ mode: 'replay' });
  return { recorded, replayed, calls: cassette.calls };
}

describe('a model call the provider never answered', () => {
  it('is recorded as unanswered, and a replay holds it so until the agent gives up, then answers its fallback from the recording', async () => {
    const provider = await hangingProvider();
    closers.push(provider.close);
    const { recorded, replayed, calls } = await recordThenReplay(provider.upstream, { agent });
    expect(recorded).toMatchObject({ said: 'APIUserAbortError then fallback answer', ended: undefined });
    expect(calls.map((call) => [call.request.model, call.response.type])).toEqual([['slow-model', 'unanswered'], ['fast-model', 'json']]);
    expect(replayed).toMatchObject({ said: 'APIUserAbortError then fallback answer', ended: undefined });
    const shape = (usage: TestCase['usage']) => usage.map((u) => [u.model, u.answer, u.status, u.input_tokens, u.output_tokens]);
    expect(shape(replayed.usage)).toEqual(shape(recorded.usage));
    expect(shape(replayed.usage)).toEqual([['slow-model', 'model', undefined, 0, 0], ['fast-model', 'model', 200, 10, 2]]);
  });
});

/** An OpenAI-compatible provider that streams one chunk and then sends nothing more, never ending the stream. */
async function stallingProvider() {
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'stall-model', choices: [{ index: 0, delta: { role: 'assistant', content: 'Your ord' }, finish_reason: null }] })}\n\n`);
      open.add(response);
    });
  });
  const listening = await listenAsProvider(server);
  return {
    ...listening,
    close: async () => {
      for (const response of open) response.destroy();
      await listening.close();
    },
  };
}

/** The agent: reads the stream with a deadline of its own; what it got, and whether it gave up or the stream ended. */
async function streamingAgent(c: TestCase): Promise<string> {
  const deadline = new AbortController();
  const stream = await c.openai.chat.completions.create({ model: 'stall-model', stream: true, messages: [{ role: 'user', content: 'where is order 1234?' }] }, { signal: deadline.signal });
  let text = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    // The SDK ends the iteration quietly when its signal aborts: the deadline tells which it was. It starts
    // at the first chunk, so a loaded machine's slow first chunk is no give-up before any text came.
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      timer ??= setTimeout(() => deadline.abort(), 300);
    }
  } catch {
    // The same as an abort the SDK did not swallow.
  } finally {
    clearTimeout(timer);
  }
  return `${deadline.signal.aborted ? 'gave up' : 'ended'}: ${text}`;
}

describe('a stream the provider left hanging', () => {
  it('is recorded with its events as unfinished, and a replay holds it open after them until the agent gives up', async () => {
    const provider = await stallingProvider();
    closers.push(provider.close);
    const { recorded, replayed, calls } = await recordThenReplay(provider.upstream, { agent: streamingAgent, timeout: 5000 });
    expect(recorded).toMatchObject({ said: 'gave up: Your ord', ended: undefined });
    expect(calls.map(({ response }) => [response.type, response.unfinished, response.events?.length])).toEqual([['sse', true, 1]]);
    expect(replayed).toMatchObject({ said: 'gave up: Your ord', ended: undefined });
    const shape = (usage: TestCase['usage']) => usage.map((u) => [u.model, u.answer, u.status]);
    expect(shape(replayed.usage)).toEqual(shape(recorded.usage));
  });
});
