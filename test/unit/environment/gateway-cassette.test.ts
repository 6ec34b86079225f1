// Record then replay: the cassette holds each call (no request header, no key), a replay needs no
// provider and answers the same, and a request that differs is the case's error naming the field.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redactSecretsDeep } from '../../../src/common/redact-deep.js';
import { withoutSplitSecrets } from '../../../src/common/redact-spans.js';
import { CassetteSchema } from '../../../src/config/schema/index.js';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { withoutStreamedSecrets } from '../../../src/environment/gateway/stream-secrets.js';
import { startFakeProvider, type FakeProvider } from '../../helpers/fake-provider.js';
import { collect, openCase, startGateway, USER_KEY } from './gateway-helpers.js';

let folder: string;
let provider: FakeProvider | undefined;
const gateways: ModelGateway[] = [];
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await provider?.close();
  provider = undefined;
  rmSync(folder, { recursive: true, force: true });
});

async function gatewayIn(mode: 'record' | 'replay'): Promise<ModelGateway> {
  const gateway = await startGateway({ mode, ...(provider ? { upstream: provider } : {}), cassettes: folder, redact: redactSecretsDeep, pricing: { gpt: { input_per_mtok: 1, output_per_mtok: 1 } } });
  gateways.push(gateway);
  return gateway;
}

/** One case's model calls through every API: chat, chat streamed, responses streamed, messages streamed. */
async function converse(gateway: ModelGateway, question = 'where is order 1234') {
  const c = openCase(gateway);
  const chat = await c.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: question }] });
  const streamed = await collect(await c.openai.chat.completions.create({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'again' }] }));
  const responses = await collect(await c.openai.responses.create({ model: 'gpt-4', input: 'third', stream: true }));
  const message = await c.anthropic.messages.stream({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'fourth' }] }).finalMessage();
  const failure = await c.registration.end();
  return {
    failure,
    usage: c.usage,
    seen: {
      chat: chat.choices[0]?.message.content,
      streamed: streamed.map((x) => x.choices[0]?.delta.content ?? '').join(''),
      streamedChunks: streamed.length,
      responses: responses.map((e) => e.type),
      message: message.content,
    },
  };
}

describe('record and replay', () => {
  it('records each call in the case cassette without request headers or the key, and replays it with no provider', async () => {
    provider = await startFakeProvider();
    const recorded = await converse(await gatewayIn('record'));
    expect(recorded.failure).toBeUndefined();
    const file = path.join(folder, 'support', 'refund.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(USER_KEY);
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(text).not.toContain('org-secret-name');
    const cassette = CassetteSchema.parse(JSON.parse(text));
    expect(cassette.calls.map((c) => [c.provider, c.path, c.response.type])).toEqual([
      ['openai', '/chat/completions', 'json'],
      ['openai', '/chat/completions', 'sse'],
      ['openai', '/responses', 'sse'],
      ['anthropic', '/v1/messages', 'sse'],
    ]);
    // The request as the agent sent it: the injected include_usage is not part of it.
    expect(cassette.calls[1]!.request).not.toHaveProperty('stream_options');

    await provider.close();
    provider = undefined;
    const replayed = await converse(await gatewayIn('replay'));
    expect(replayed.failure).toBeUndefined();
    expect(replayed.seen).toEqual(recorded.seen);
    const figures = (usage: typeof recorded.usage) => usage.map(({ latency_ms: _l, at_ms: _a, ...rest }) => rest);
    expect(figures(replayed.usage)).toEqual(figures(recorded.usage));
    expect(replayed.usage.every((u) => u.answer === 'model' && u.input_tokens > 0)).toBe(true);
  });

  it('serves Anthropic\'s Messages API at …/messages too, as the AI SDK\'s Anthropic provider calls it, recorded as /v1/messages: the official SDK replays it', async () => {
    provider = await startFakeProvider();
    const recording = openCase(await gatewayIn('record'));
    const ask = { model: 'claude', max_tokens: 10, messages: [{ role: 'user' as const, content: 'where is order 1234' }] };
    // The AI SDK's provider takes a base URL that ends in /v1 and appends /messages: given the case's as it is, it posts here.
    const answer = await fetch(`${recording.registration.urls.anthropic_base_url}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': USER_KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(ask),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ content: [{ type: 'text', text: 'echo: where is order 1234' }] });
    expect(provider.requests.map((r) => r.path)).toEqual(['/v1/messages']);
    expect(recording.usage.map((u) => [u.api, u.answer])).toEqual([['messages', 'model']]);
    expect(await recording.registration.end()).toBeUndefined();
    const cassette = CassetteSchema.parse(JSON.parse(readFileSync(path.join(folder, 'support', 'refund.json'), 'utf8')));
    expect(cassette.calls.map((c) => [c.provider, c.path])).toEqual([['anthropic', '/v1/messages']]);

    await provider.close();
    provider = undefined;
    const replaying = openCase(await gatewayIn('replay'));
    const replayed = await replaying.anthropic.messages.create(ask);
    expect(replayed.content[0]).toMatchObject({ type: 'text', text: 'echo: where is order 1234' });
    expect(await replaying.registration.end()).toBeUndefined();
  });

  it('makes a request that differs from the recording the case error, naming the field', async () => {
    provider = await startFakeProvider();
    await converse(await gatewayIn('record'));
    const c = openCase(await gatewayIn('replay'));
    const error = await c.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'where is order 9999' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'cassette_miss' });
    expect(String((error as Error).message)).toContain('messages[0].content');
    expect(c.registration.failure()).toMatchObject({ code: 'CASSETTE_MISS', message: expect.stringMatching(/recorded call 1 of .*refund\.json at messages\[0\]\.content \(character 16\): recorded "where is order 1234", sent "where is order 9999"/) });
    expect(c.usage[0]).toMatchObject({ answer: 'cassette_miss', status: 400, input_tokens: 0 });
    expect(provider.requests).toHaveLength(4);
  });

  it('misses when the case has no cassette, and when the agent makes more calls than were recorded', async () => {
    const none = openCase(await gatewayIn('replay'), { caseId: 'never-recorded' });
    await none.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(none.registration.failure()?.message).toMatch(/no cassette for case never-recorded at .*never-recorded\.json: record it with --models record/);

    provider = await startFakeProvider();
    const recording = openCase(await gatewayIn('record'));
    await recording.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] });
    await recording.registration.end();
    const replay = openCase(await gatewayIn('replay'));
    await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] });
    await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(replay.registration.failure()?.message).toMatch(/has 1 recorded call, all used; the agent made one more/);
  });

  it('answers concurrent calls by body whatever order they arrive in', async () => {
    provider = await startFakeProvider();
    const recording = openCase(await gatewayIn('record'));
    for (const q of ['first', 'second']) await recording.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: q }] });
    await recording.registration.end();
    const replay = openCase(await gatewayIn('replay'));
    const second = await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'second' }] });
    const first = await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'first' }] });
    expect([first.choices[0]?.message.content, second.choices[0]?.message.content]).toEqual(['echo: first', 'echo: second']);
    expect(replay.registration.failure()).toBeUndefined();
  });

  it('redacts secrets in what it stores and matches a replayed request through the same redaction', async () => {
    provider = await startFakeProvider();
    const secret = 'sk-live-0123456789abcdefghijkl';
    const recording = openCase(await gatewayIn('record'));
    await recording.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: `my key is ${secret}, email a@example.com` }] });
    await recording.registration.end();
    const text = readFileSync(path.join(folder, 'support', 'refund.json'), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).toContain('a@example.com');
    const replay = openCase(await gatewayIn('replay'));
    await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: `my key is ${secret}, email a@example.com` }] });
    expect(replay.registration.failure()).toBeUndefined();
  });

  it('writes no cassette for a case that made no model call', async () => {
    provider = await startFakeProvider();
    const idle = openCase(await gatewayIn('record'), { caseId: 'idle' });
    expect(await idle.registration.end()).toBeUndefined();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('makes a cassette that is not one the case error, saying what is wrong', async () => {
    mkdirSync(path.join(folder, 'support'));
    writeFileSync(path.join(folder, 'support', 'refund.json'), JSON.stringify({ format: 'agentready-cassette/1', suite: 'support', case_id: 'refund', calls: [{ provider: 'google' }] }, null, 2));
    const c = openCase(await gatewayIn('replay'));
    await expect(c.openai.chat.completions.create({ model: 'gpt-4', messages: [] })).rejects.toMatchObject({ status: 400 });
    // At the value's line and column, as every file's problem is placed (it had none).
    expect(c.registration.failure()?.message).toMatch(/refund\.json:7:19 is not a cassette \(agentready-cassette\/1\): calls\[0\]\.provider/);
  });

  it('reads a cassette saved with a byte order mark (an editor\'s, after a hand fix), as the baseline\'s reader does', async () => {
    provider = await startFakeProvider();
    const recording = openCase(await gatewayIn('record'));
    await recording.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
    await recording.registration.end();
    const file = path.join(folder, 'support', 'refund.json');
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8')}`);
    const replay = openCase(await gatewayIn('replay'));
    await replay.openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
    expect(replay.registration.failure()).toBeUndefined();
  });

  it("makes a cassette edited to nest past the limit the case's CASSETTE_MISS at its line and column, not an unreachable upstream's stack overflow", async () => {
    mkdirSync(path.join(folder, 'support'));
    const call = { provider: 'openai', path: '/chat/completions', request: { model: 'gpt-4', messages: [] }, response: { type: 'json', status: 200, headers: {}, body: { deep: 'DEEP' } } };
    const text = JSON.stringify({ format: 'agentready-cassette/1', suite: 'support', case_id: 'refund', calls: [call] }).replace('"DEEP"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    writeFileSync(path.join(folder, 'support', 'refund.json'), `\n${text}`);
    const c = openCase(await gatewayIn('replay'));
    await expect(c.openai.chat.completions.create({ model: 'gpt-4', messages: [] })).rejects.toMatchObject({ status: 400 });
    expect(c.registration.failure()).toMatchObject({ code: 'CASSETTE_MISS', message: expect.stringMatching(/refund\.json:2:\d+ nests more than 100 levels deep in a recorded call$/) });
  });

  it('refuses a cassette that repeats a key (a merge conflict kept both sides), at the repeat: JSON.parse kept the last one, silently', async () => {
    mkdirSync(path.join(folder, 'support'));
    writeFileSync(path.join(folder, 'support', 'refund.json'), '{\n  "format": "agentready-cassette/1",\n  "suite": "support",\n  "case_id": "refund",\n  "calls": [],\n  "calls": []\n}');
    const c = openCase(await gatewayIn('replay'));
    await expect(c.openai.chat.completions.create({ model: 'gpt-4', messages: [] })).rejects.toMatchObject({ status: 400 });
    expect(c.registration.failure()?.message).toMatch(/refund\.json:6:3 is not a cassette \(agentready-cassette\/1\): "calls" a second time in one object/);
  });

  it('places a cassette that is not JSON at its line and column', async () => {
    mkdirSync(path.join(folder, 'support'));
    writeFileSync(path.join(folder, 'support', 'refund.json'), '{\n  "format": "agentready-cassette/1",\n}');
    const c = openCase(await gatewayIn('replay'));
    await expect(c.openai.chat.completions.create({ model: 'gpt-4', messages: [] })).rejects.toMatchObject({ status: 400 });
    expect(c.registration.failure()?.message).toMatch(/refund\.json:3:1 is not JSON: Expected double-quoted property name/);
  });
});

// A secret a model streams is split over its deltas, one SSE event each, and each event is
// redacted on its own: the cassette takes out a secret written across events (stream-secrets.ts),
// through every streaming API.
/** Streamed one word a delta: no delta holds the secret's name with its value. */
const ANSWER = 'the key is api_key: ZX81qwerty77Plmnb so use it';

/** Records one case's streamed calls through the three APIs and gives the cassette's text. */
async function recordStreams(splitSecrets: (pieces: readonly string[]) => string[]): Promise<string> {
  provider = await startFakeProvider(() => ({ text: ANSWER }));
  const gateway = await startGateway({ mode: 'record', upstream: provider, cassettes: folder, redact: redactSecretsDeep, splitSecrets });
  gateways.push(gateway);
  const c = openCase(gateway);
  await collect(await c.openai.chat.completions.create({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'key?' }] }));
  await collect(await c.openai.responses.create({ model: 'gpt-4', input: 'key?', stream: true }));
  await c.anthropic.messages.stream({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'key?' }] }).finalMessage();
  expect(await c.registration.end()).toBeUndefined();
  return readFileSync(path.join(folder, 'support', 'refund.json'), 'utf8');
}

describe('a secret streamed over several events', () => {
  it('is in no event of the cassette, through chat, responses and messages streams', async () => {
    const text = await recordStreams(withoutSplitSecrets);
    expect(text).not.toMatch(/qwerty|ZX81|Plmnb/);
    expect(text).toContain('[secret]');
    expect(text).toContain('so use it');
  });

  it('is kept when nothing takes it out (the check above can fail), as under --no-redact', async () => {
    const text = await recordStreams((pieces) => [...pieces]);
    expect(text).toContain('ZX81qwerty77Plmnb');
  });

  it('leaves events with no split secret as they were, and a place the events do not share alone', () => {
    const events = [{ data: '{"delta":{"text":"api_key: "},"id":"a"}' }, { data: '{"delta":{"text":"ZX81qwerty77Plmnb done"}}' }, { data: '[DONE]' }];
    const clean = withoutStreamedSecrets(events, withoutSplitSecrets);
    expect(clean.map((e) => e.data)).toEqual(['{"delta":{"text":"[secret]"},"id":"a"}', '{"delta":{"text":" done"}}', '[DONE]']);
    const plain = [{ data: '{"delta":{"text":"hello "}}' }, { data: '{"delta":{"text":"world"}}' }];
    expect(withoutStreamedSecrets(plain, withoutSplitSecrets)).toBe(plain);
    expect(withoutSplitSecrets(['mail bob@', 'example.org now'])).toEqual(['mail bob@', 'example.org now']);
    expect(withoutSplitSecrets(['token sk-proj-abcdef', '0123456789abcdef7890 ok'])).toEqual(['token [secret]', ' ok']);
  });
});
