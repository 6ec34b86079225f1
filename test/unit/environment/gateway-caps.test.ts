// Caps and faults at the model gateway, as the official SDKs meet them: the call past a cap is an
// exhausted quota (429 naming budget_exhausted, not retried), and injected faults look like the
// provider's own 429s, 500s, silences and cut streams.
import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../../src/config/schema/index.js';
import { scoreBudget } from '../../../src/score/budget.js';
import { trace } from '../score/trace-builder.js';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { startFakeProvider, type FakeProvider } from '../../helpers/fake-provider.js';
import { MODEL_ID_CHARS } from '../../../src/common/shorten.js';
import { collect, openCase, startGateway } from './gateway-helpers.js';

const ask = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'hello' }] };

let provider: FakeProvider;
let gateway: ModelGateway;
beforeEach(async () => {
  provider = await startFakeProvider();
  gateway = await startGateway({ upstream: provider, pricing: { 'gpt-test': { input_per_mtok: 1_000_000, output_per_mtok: 0 } } });
});
afterEach(async () => {
  await gateway.close();
  await provider.close();
});

describe('caps at the gateway', () => {
  it('refuses the call past max_model_calls with a 429 naming budget_exhausted that the SDK does not retry', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 1 }, maxRetries: 2 });
    await c.openai.chat.completions.create(ask);
    const error = await c.openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'budget_exhausted', type: 'insufficient_quota' });
    expect(String((error as Error).message)).toContain('budget_exhausted: max_model_calls 1 reached');
    expect(provider.requests).toHaveLength(1);
    expect(c.usage.map((u) => u.answer)).toEqual(['model', 'budget_exhausted']);
    expect(c.usage[1]).toMatchObject({ status: 429, input_tokens: 0, cost_usd: 0 });
  });

  it('refuses the call after the spend reached max_cost_usd, in the Anthropic error shape for Anthropic', async () => {
    const c = openCase(gateway, { caps: { max_cost_usd: 0.5 } });
    await c.openai.chat.completions.create(ask);
    expect(c.usage[0]!.cost_usd).toBeGreaterThan(0.5);
    const error = await c.anthropic.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, error: { type: 'error', error: { type: 'budget_exhausted', message: expect.stringMatching(/^budget_exhausted: max_cost_usd 0\.5 reached/) } } });
  });

  it('records a refused call under the model id the agent asked for, cut at MODEL_ID_CHARS', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 0 } });
    await c.openai.chat.completions.create({ ...ask, model: 'm'.repeat(100_000) }).catch(() => undefined);
    expect(c.usage.map((u) => u.answer)).toEqual(['budget_exhausted']);
    expect(c.usage[0]!.model).toBe(`${'m'.repeat(MODEL_ID_CHARS - 1)}…`);
  });

  it('counts a call in flight against max_model_calls', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 1 } });
    const results = await Promise.allSettled([c.openai.chat.completions.create(ask), c.openai.chat.completions.create(ask)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(provider.requests).toHaveLength(1);
  });
});

describe('model faults', () => {
  it('answers call 1 with a rate limit carrying Retry-After; the SDK waits and its retry goes through', async () => {
    const c = openCase(gateway, { faults: [{ model: '*', call: 1, error: 'rate_limit', retry_after_ms: 20 }], maxRetries: 2 });
    const answer = await c.openai.chat.completions.create(ask);
    expect(answer.choices[0]?.message.content).toBe('echo: hello');
    expect(c.usage.map((u) => [u.answer, u.status])).toEqual([['rate_limit', 429], ['model', 200]]);
    expect(c.usage[0]!.message).toBe('rate_limit: retry after 20 ms (injected fault)');
  });

  it('fails every call to the named model with a server error and leaves other models alone', async () => {
    const c = openCase(gateway, { faults: [{ model: 'gpt-test', error: 'server_error', status: 503 }] });
    await expect(c.openai.chat.completions.create(ask)).rejects.toMatchObject({ status: 503 });
    await expect(c.openai.chat.completions.create({ ...ask, model: 'other' })).resolves.toBeDefined();
    await expect(c.anthropic.messages.create({ model: 'gpt-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 503 });
    expect(c.usage.map((u) => u.answer)).toEqual(['server_error', 'model', 'server_error']);
    expect(provider.requests).toHaveLength(1);
  });

  it('counts calls per model for a named model and overall for "*"', async () => {
    const c = openCase(gateway, { faults: [{ model: 'gpt-test', call: 2, error: 'server_error' }, { model: '*', call: 4, error: 'server_error' }] });
    const outcomes: string[] = [];
    for (const model of ['other', 'gpt-test', 'gpt-test', 'other']) {
      outcomes.push(await c.openai.chat.completions.create({ ...ask, model }).then(() => 'ok', () => 'fault'));
    }
    expect(outcomes).toEqual(['ok', 'ok', 'fault', 'fault']);
  });

  it('never answers a timed-out call: the client gives up on its own', async () => {
    // The client's own time limit: long enough that the gateway has read the call under a loaded
    // machine (at 300 ms, a full test run at load 8 once gave up before the call arrived).
    const c = openCase(gateway, { faults: [{ model: '*', call: 1, error: 'timeout' }], timeout: 1000 });
    const error = await c.openai.chat.completions.create(ask).catch((e: unknown) => e);
    expect((error as Error).constructor.name).toBe('APIConnectionTimeoutError');
    expect(c.usage[0]).toMatchObject({ answer: 'timeout' });
    expect(provider.requests).toHaveLength(0);
  });

  it('cuts a truncated stream halfway: the agent sees a broken stream, the call is measured in full', async () => {
    const c = openCase(gateway, { faults: [{ model: '*', call: 1, error: 'truncated_stream' }] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of await c.openai.chat.completions.create({ ...ask, stream: true, messages: [{ role: 'user', content: 'one two three four five six' }] })) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen.join('')).not.toBe('echo: one two three four five six');
    expect(seen.length).toBeGreaterThan(0);
    expect(c.usage[0]).toMatchObject({ answer: 'truncated_stream', output_tokens: 7 });
  });

  it('cuts a truncated non-streamed answer too', async () => {
    const c = openCase(gateway, { faults: [{ model: '*', call: 1, error: 'truncated_stream' }] });
    await expect(c.openai.chat.completions.create(ask)).rejects.toBeInstanceOf(Error);
    expect(c.usage[0]).toMatchObject({ answer: 'truncated_stream' });
    const streamed = await collect(await c.openai.chat.completions.create({ ...ask, stream: true }));
    expect(streamed.length).toBeGreaterThan(0);
  });
});

describe('an upstream that cannot be reached', () => {
  it('answers 502 in the provider shape, counts no model call and notes it in the case log', async () => {
    const down = await startGateway({ upstream: { openaiBaseUrl: 'http://127.0.0.1:9/v1', anthropicBaseUrl: 'http://127.0.0.1:9' } });
    try {
      const c = openCase(down, { caps: { max_model_calls: 1 } });
      await expect(c.openai.chat.completions.create(ask)).rejects.toMatchObject({ status: 502, code: 'upstream_unreachable' });
      expect(c.usage[0]).toMatchObject({ answer: 'upstream_unreachable', status: 502 });
      expect(c.registration.log().join('\n')).toContain('openai upstream http://127.0.0.1:9/v1 could not be reached');
      // Not a model call spent: the next call is not refused for budget.
      await expect(c.openai.chat.completions.create(ask)).rejects.toMatchObject({ status: 502 });
      // The case's harness error, not the agent's failure (gateway-upstream.test.ts).
      expect(c.registration.failure()).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    } finally {
      await down.close();
    }
  });
});


describe('calls made at once with a budget refusal', () => {
  /** Sends one chat call (`ask`, or `asked`) on `socket` (a connection made beforehand, or undefined: through `agent`) and waits for its whole answer. */
  function post(c: { urls: { openai_base_url: string } }, via: { socket?: net.Socket; agent?: http.Agent; asked?: typeof ask }): Promise<number> {
    const url = new URL(`${c.urls.openai_base_url}/chat/completions`);
    const body = JSON.stringify(via.asked ?? ask);
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        ...(via.socket === undefined ? { agent: via.agent } : { createConnection: () => via.socket! }),
      }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end(body);
    });
  }
  /** Sends one chat call (`ask`, or `asked`) on a kept-alive `socket` and waits for its whole answer (its status). */
  function rawPost(c: { urls: { openai_base_url: string } }, socket: net.Socket, asked: typeof ask = ask): Promise<number> {
    const url = new URL(`${c.urls.openai_base_url}/chat/completions`);
    const body = JSON.stringify(asked);
    return new Promise((resolve) => {
      let received = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = received.subarray(0, end).toString();
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (received.length < end + 4 + length) return;
        socket.off('data', onData);
        resolve(Number(head.split(' ')[1]));
      };
      socket.on('data', onData);
      socket.write(`POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }
  function connect(port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  }
  /** The agent's next step: its conversation goes on, so its request differs from the refused one. */
  const next = { ...ask, messages: [...ask.messages, { role: 'user' as const, content: 'and now?' }] };
  const verdict = (usage: UsageRecord[]) => scoreBudget({ ...trace().build(), usage }, { run: { max_model_calls: 0 } });

  it('does not count a call whose connection opened before the refusal was answered as ignoring it, though the gateway read it later', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 0 } });
    const port = Number(new URL(c.registration.urls.openai_base_url).port);
    // Two calls made at once, as fetch makes them (a connection each); the gateway reads the second after answering the first.
    const [first, second] = await Promise.all([connect(port), connect(port)]);
    expect(await post(c.registration, { socket: first })).toBe(429);
    expect(await post(c.registration, { socket: second })).toBe(429);
    expect(c.usage.map((u) => u.answer)).toEqual(['budget_exhausted', 'budget_exhausted']);
    expect(verdict(c.usage)).toEqual({ check: 'budget', pass: true });
  });

  it('does not count a call on a kept-alive connection, idle since before the refusal was answered, that the gateway read after answering it', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 2 } });
    const port = Number(new URL(c.registration.urls.openai_base_url).port);
    const [a, b] = await Promise.all([connect(port), connect(port)]);
    expect(await rawPost(c.registration, a)).toBe(200);
    expect(await rawPost(c.registration, b)).toBe(200);
    // Sent at once on both (as a pool of kept-alive connections sends parallel calls): the gateway reads one after answering the other.
    expect((await Promise.all([rawPost(c.registration, a), rawPost(c.registration, b)])).sort()).toEqual([429, 429]);
    expect(c.usage.map((u) => u.answer)).toEqual(['model', 'model', 'budget_exhausted', 'budget_exhausted']);
    expect(scoreBudget({ ...trace().build(), usage: c.usage }, { run: { max_model_calls: 2 } })).toEqual({ check: 'budget', pass: true });
    a.destroy();
    b.destroy();
  });

  it('counts a call sent after the refusal came back on another kept-alive connection, idle since before it (a pool after parallel calls)', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 2 } });
    const port = Number(new URL(c.registration.urls.openai_base_url).port);
    const [a, b] = await Promise.all([connect(port), connect(port)]);
    expect(await Promise.all([rawPost(c.registration, a), rawPost(c.registration, b)])).toEqual([200, 200]);
    expect(await rawPost(c.registration, a)).toBe(429);
    // The agent saw the refusal and called again; its pool handed it the other idle connection.
    expect(await rawPost(c.registration, b, next)).toBe(429);
    expect(scoreBudget({ ...trace().build(), usage: c.usage }, { run: { max_model_calls: 2 } })).toMatchObject({ pass: false, reason: expect.stringContaining('1 model call after budget_exhausted') });
    a.destroy();
    b.destroy();
  });

  it('counts a call sent after the refusal came back, on the same kept-alive connection or on a new one', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const kept = openCase(gateway, { caps: { max_model_calls: 0 } });
      expect(await post(kept.registration, { agent })).toBe(429);
      expect(await post(kept.registration, { agent, asked: next })).toBe(429);
      expect(verdict(kept.usage)).toMatchObject({ pass: false, reason: expect.stringContaining('1 model call after budget_exhausted') });
    } finally {
      agent.destroy();
    }
    const fresh = openCase(gateway, { caps: { max_model_calls: 0 } });
    const port = Number(new URL(fresh.registration.urls.openai_base_url).port);
    expect(await post(fresh.registration, { socket: await connect(port) })).toBe(429);
    expect(await post(fresh.registration, { socket: await connect(port), asked: next })).toBe(429);
    expect(verdict(fresh.usage)).toMatchObject({ pass: false, reason: expect.stringContaining('1 model call after budget_exhausted') });
  });

  it('does not count a client\'s retry of the refused request as it was (the AI SDK retries every 429), but a new request after it', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 0 } });
    const port = Number(new URL(c.registration.urls.openai_base_url).port);
    expect(await post(c.registration, { socket: await connect(port) })).toBe(429);
    // The client's retries, each once the refusal came back: the same endpoint and body.
    expect(await post(c.registration, { socket: await connect(port) })).toBe(429);
    expect(await post(c.registration, { socket: await connect(port) })).toBe(429);
    expect(c.usage.map((u) => [u.answer, u.retry_of_refused])).toEqual([['budget_exhausted', undefined], ['budget_exhausted', true], ['budget_exhausted', true]]);
    expect(verdict(c.usage)).toEqual({ check: 'budget', pass: true });
    // Then the agent goes on to a new request: that one ignored the stop.
    expect(await post(c.registration, { socket: await connect(port), asked: next })).toBe(429);
    expect(c.usage.at(-1)!.retry_of_refused).toBeUndefined();
    expect(verdict(c.usage)).toMatchObject({ pass: false, reason: expect.stringContaining('1 model call after budget_exhausted') });
  });

  it("counts the same refused request sent again past the SDKs' two retries: the agent's own loop went on after the stop", async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 0 } });
    const port = Number(new URL(c.registration.urls.openai_base_url).port);
    for (let sent = 0; sent < 4; sent++) expect(await post(c.registration, { socket: await connect(port) })).toBe(429);
    expect(c.usage.map((u) => u.retry_of_refused)).toEqual([undefined, true, true, undefined]);
    expect(verdict(c.usage)).toMatchObject({ pass: false, reason: expect.stringContaining('1 model call after budget_exhausted') });
  });
});
