// The model gateway in live mode, driven by the official OpenAI and Anthropic SDKs against a fake
// provider on 127.0.0.1: every API, streamed and not, usage from the provider's own fields.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { startFakeProvider, type FakeProvider } from '../../helpers/fake-provider.js';
import { scoreBudget } from '../../../src/score/budget.js';
import { trace } from '../score/trace-builder.js';
import { collect, openCase, startGateway, TOKEN, USER_KEY } from './gateway-helpers.js';

const PRICING = { 'gpt-test': { input_per_mtok: 1, output_per_mtok: 2 }, 'claude-test': { input_per_mtok: 3, output_per_mtok: 15 } };

let provider: FakeProvider;
let gateway: ModelGateway;
beforeEach(async () => {
  provider = await startFakeProvider();
  gateway = await startGateway({ upstream: provider, pricing: PRICING });
});
afterEach(async () => {
  await gateway.close();
  await provider.close();
});

describe('ModelGateway live', () => {
  it('gives each case its own base URLs on 127.0.0.1 carrying the run token', () => {
    const { registration } = openCase(gateway);
    expect(registration.urls.openai_base_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/models/${TOKEN}/trace\\d+/openai$`));
    expect(registration.urls.anthropic_base_url).toMatch(/\/anthropic$/);
  });

  it('forwards a chat completion with the agent key and records its usage, priced by the longest prefix key', async () => {
    const { openai, usage } = openCase(gateway);
    const answer = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'where is order 1234' }] });
    expect(answer.choices[0]?.message.content).toBe('echo: where is order 1234');
    expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    const { prompt_tokens: input, completion_tokens: output } = answer.usage!;
    expect(usage).toEqual([
      expect.objectContaining({ model: 'gpt-test-2026-01-01', input_tokens: input, output_tokens: output, via: 'gateway', api: 'chat_completions', stream: false, answer: 'model', status: 200, priced: true }),
    ]);
    expect(usage[0]!.cost_usd).toBeCloseTo((input * 1 + output * 2) / 1e6, 12);
  });

  it('measures a streamed chat completion that did not ask for usage, without showing the agent the usage chunk', async () => {
    const { openai, usage } = openCase(gateway);
    const chunks = await collect(await openai.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'a b c' }] }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('echo: a b c');
    expect(chunks.every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
    expect(provider.requests[0]?.body['stream_options']).toEqual({ include_usage: true });
    expect(usage[0]).toMatchObject({ model: 'gpt-test-2026-01-01', output_tokens: 4, stream: true, answer: 'model' });
    expect(usage[0]!.input_tokens).toBeGreaterThan(0);
  });

  it('sends the agent\'s own streamed request again to a provider that refuses the stream_options the gateway added (Mistral answers 422)', async () => {
    const strict = await startFakeProvider(undefined, { strict: true });
    const strictGateway = await startGateway({ upstream: strict });
    try {
      const { openai, usage, registration } = openCase(strictGateway);
      const chunks = await collect(await openai.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'a b c' }] }));
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('echo: a b c');
      expect(strict.requests.map((r) => r.body['stream_options'])).toEqual([{ include_usage: true }, undefined]);
      expect(usage).toMatchObject([{ answer: 'model', status: 200, stream: true }]);
      expect(registration.log()).toEqual(['[agentready] models: openai /chat/completions answered without usage: counted as 0 tokens']);
      // A request the agent sent with stream_options itself is the provider's to refuse.
      const refused = await openai.chat.completions.create({ model: 'gpt-test', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 422 });
      expect(strict.requests).toHaveLength(3);
    } finally {
      await strictGateway.close();
      await strict.close();
    }
  });

  it('marks a priced model\'s call answered without usage unmeasured: under max_cost_usd the budget check fails, its $0 unverifiable', async () => {
    const strict = await startFakeProvider(undefined, { strict: true });
    const priced = await startGateway({ upstream: strict, pricing: { ...PRICING, free: { input_per_mtok: 0, output_per_mtok: 0 } } });
    try {
      const c = openCase(priced);
      await collect(await c.openai.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'a b c' }] }));
      // A model priced at nothing costs nothing, usage or not.
      await collect(await c.openai.chat.completions.create({ model: 'free', stream: true, messages: [{ role: 'user', content: 'd' }] }));
      expect(c.usage.map((u) => [u.model, u.cost_usd, u.unmeasured])).toEqual([['gpt-test', 0, true], ['free', 0, undefined]]);
      const t = { ...trace().build(), usage: c.usage };
      expect(scoreBudget(t, { run: { max_cost_usd: 1 } })).toMatchObject({
        pass: false,
        reason: 'max_cost_usd 1 cannot be checked: the provider answered model "gpt-test" (1 call) without usage, so it counted as $0 (a provider that streams no usage; the case\'s agent log names the calls)',
        found: expect.objectContaining({ unmeasured_models: ['gpt-test'] }),
      });
      expect(scoreBudget(t, { run: { max_model_calls: 5 } })).toEqual({ check: 'budget', pass: true });
    } finally {
      await priced.close();
      await strict.close();
    }
  });

  it('passes the usage chunk on to an agent that asked for it', async () => {
    const { openai, usage } = openCase(gateway);
    const chunks = await collect(await openai.chat.completions.create({ model: 'gpt-test', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] }));
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: usage[0]!.output_tokens, prompt_tokens: usage[0]!.input_tokens });
  });

  it('speaks the Responses API, streamed and not', async () => {
    const { openai, usage } = openCase(gateway);
    const whole = await openai.responses.create({ model: 'gpt-test', input: 'one two' });
    expect(whole.output_text).toBe('echo: one two');
    const events = await collect(await openai.responses.create({ model: 'gpt-test', input: 'three', stream: true }));
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(usage.map((u) => [u.api, u.stream, u.output_tokens])).toEqual([['responses', false, whole.usage!.output_tokens], ['responses', true, 2]]);
    expect(usage[1]!.input_tokens).toBeGreaterThan(0);
  });

  it('speaks the Anthropic Messages API, streamed and not, with the agent key passed on', async () => {
    const { anthropic, usage } = openCase(gateway);
    const message = await anthropic.messages.create({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'hello there' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: hello there' });
    const { authorization, 'x-api-key': apiKey } = provider.requests[0]!.headers;
    expect(apiKey ?? authorization).toContain(USER_KEY);
    expect(provider.requests[0]?.headers['anthropic-version']).toBeDefined();
    const stream = anthropic.messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'x y' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ text: 'echo: x y' });
    expect(usage.map((u) => [u.model, u.api, u.stream, u.input_tokens, u.output_tokens])).toEqual([
      ['claude-test-2026-01-01', 'messages', false, message.usage.input_tokens, message.usage.output_tokens],
      ['claude-test-2026-01-01', 'messages', true, final.usage.input_tokens, final.usage.output_tokens],
    ]);
    expect(usage[1]!.cost_usd).toBeCloseTo((final.usage.input_tokens * 3 + final.usage.output_tokens * 15) / 1e6, 12);
  });

  it('records an unpriced model as unpriced and a tool call answer untouched', async () => {
    const provider2 = await startFakeProvider(() => ({ toolCall: { name: 'lookup_order', arguments: { order_id: '1234' } } }));
    const gateway2 = await startGateway({ upstream: provider2 });
    try {
      const { openai, usage } = openCase(gateway2);
      const answer = await openai.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object' } } }] });
      expect(answer.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'lookup_order', arguments: '{"order_id":"1234"}' } });
      expect(usage[0]).toMatchObject({ model: 'other-2026-01-01', priced: false, cost_usd: 0 });
    } finally {
      await gateway2.close();
      await provider2.close();
    }
  });
});

describe('ModelGateway refuses what is not a case call', () => {
  it('answers 401 to a path with another token and counts it; nothing reaches the provider', async () => {
    const { registration } = openCase(gateway);
    const url = registration.urls.openai_base_url.replace(TOKEN, 'x'.repeat(TOKEN.length));
    const response = await fetch(`${url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-test', messages: [] }) });
    expect(response.status).toBe(401);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_api_key');
    // An agent may echo the message in its output, which is redacted: nothing in it reads as a secret.
    expect(error.message).toContain('token');
    expect(redact(error.message)).toBe(error.message);
    expect(gateway.unauthenticated).toBe(1);
    expect(provider.requests).toEqual([]);
  });

  it('answers 404 to an unknown path, an unknown trace and an endpoint it does not serve, and 410 once the case ended', async () => {
    const { registration } = openCase(gateway);
    const origin = new URL(registration.urls.openai_base_url).origin;
    expect((await fetch(`${origin}/v1/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(404);
    const other = registration.urls.openai_base_url.replace(/trace\d+/, 'trace-unknown');
    expect((await fetch(`${other}/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(404);
    const embeddings = await fetch(`${registration.urls.openai_base_url}/embeddings`, { method: 'POST', body: '{}' });
    expect(embeddings.status).toBe(404);
    expect(await embeddings.text()).toContain('POST /chat/completions and POST /responses');
    await registration.end();
    expect((await fetch(`${registration.urls.openai_base_url}/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(410);
    expect(gateway.unauthenticated).toBe(0);
    expect(provider.requests).toEqual([]);
  });

  it('answers 400 to a body that is not JSON, and says so in the case\'s log', async () => {
    const { registration, usage } = openCase(gateway);
    const response = await fetch(`${registration.urls.openai_base_url}/chat/completions`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
    expect(usage).toEqual([]);
    expect(registration.log()).toEqual(['[agentready] models: refused POST /chat/completions (400): the request body is not JSON']);
  });

  it('answers 400 at once to a body whose content-length is over 64 MB, before reading it, and says so in the case\'s log', async () => {
    const { registration, usage } = openCase(gateway);
    // Only 2 bytes of the announced 100 MB are ever sent: an answer proves the gateway did not wait for the rest.
    const sent = httpRequest(`${registration.urls.openai_base_url}/chat/completions`, { method: 'POST', headers: { 'content-length': String(100 * 1024 * 1024) } });
    const answered = new Promise<IncomingMessage>((resolve, reject) => sent.once('response', resolve).once('error', reject));
    sent.write('{}');
    const response = await answered;
    const text = await new Promise<string>((resolve) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).once('end', () => resolve(body));
    });
    sent.destroy();
    expect(response.statusCode).toBe(400);
    expect(response.headers.connection).toBe('close');
    expect(text).toContain(`invalid_request: the request body is larger than ${64 * 1024 * 1024} bytes`);
    expect(usage).toEqual([]);
    expect(registration.log()).toEqual([`[agentready] models: refused POST /chat/completions (400): the request body is larger than ${64 * 1024 * 1024} bytes`]);
    expect(provider.requests).toEqual([]);
  });

  it('answers 400 to a body nested more than 100 levels deep: the agent\'s bad request, not an unreachable provider', async () => {
    const { registration, usage } = openCase(gateway);
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const response = await fetch(`${registration.urls.openai_base_url}/chat/completions`, { method: 'POST', body: `{"model":"gpt-4o","messages":[],"metadata":${deep}}` });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request: the request body nests more than 100 levels deep');
    expect(usage).toEqual([]);
    expect(provider.requests).toEqual([]);
  });
});
