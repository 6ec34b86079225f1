// A provider the run cannot use — unreachable, or refusing the key (a pull request from a fork gets
// no secrets) — is the case's harness error, not the agent's failure: the gate must not read it as
// a regression. A later call the provider answers clears it; a refused key writes no cassette.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../../src/environment/gateway/relay.js';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { startRefusingProvider } from '../../helpers/fake-provider.js';
import { openCase, startGateway, USER_KEY } from './gateway-helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function gatewayTo(upstream: { openaiBaseUrl: string; anthropicBaseUrl: string }, extra: { mode?: 'live' | 'record'; cassettes?: string } = {}): Promise<ModelGateway> {
  const gateway = await startGateway({ upstream, ...extra });
  closers.push(() => gateway.close());
  return gateway;
}

async function refused(status: number, options: { thenAnswer?: boolean } = {}): Promise<{ openaiBaseUrl: string; anthropicBaseUrl: string }> {
  const provider = await startRefusingProvider(status, options);
  closers.push(() => provider.close());
  return provider;
}

/** A provider on 127.0.0.1 answering as `answer` does: its base URLs, closed after the test. */
async function provider(answer: http.RequestListener): Promise<{ openaiBaseUrl: string; anthropicBaseUrl: string }> {
  const server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { openaiBaseUrl: `${base}/v1`, anthropicBaseUrl: base };
}

describe('a provider the run cannot use', () => {
  it('makes an unreachable upstream the case harness error, saying what to check', async () => {
    const gateway = await gatewayTo({ openaiBaseUrl: 'http://127.0.0.1:9/v1', anthropicBaseUrl: 'http://127.0.0.1:9' });
    const c = openCase(gateway);
    const error = await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    const failure = await c.registration.end();
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNREACHABLE' });
    expect(failure?.message).toMatch(/openai upstream http:\/\/127\.0\.0\.1:9\/v1 could not be reached/);
    expect(failure?.message).toContain('--models replay');
  });

  it('says of a provider answering with a body over the cap that it did so, not that it could not be reached', async () => {
    // The body's length says it is past the cap: the gateway reads none of it.
    const c = openCase(await gatewayTo(await provider((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_ANSWER_BYTES + 1) });
      response.write('{"choices":');
    })));
    const error = await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    const failure = await c.registration.end();
    expect(failure?.message).toMatch(/^openai \/chat\/completions: the provider answered with a body over 64 MB, the most the gateway takes of one answer/);
    expect(failure?.message).not.toContain('could not be reached');
    expect(failure?.message).not.toContain('network');
  });

  it('says of a provider whose answer broke off (a reset mid-body) after how many bytes, not that it could not be reached', async () => {
    const c = openCase(await gatewayTo(await provider((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      // Eleven bytes of the thousand, then the connection reset.
      response.write('{"choices":', () => response.socket?.resetAndDestroy());
    })));
    const error = await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    const failure = await c.registration.end();
    expect(failure?.code).toBe('UPSTREAM_UNREACHABLE');
    expect(failure?.message).toMatch(/^openai \/chat\/completions: the provider's answer broke off after 11 bytes \(terminated/);
    expect(failure?.message).toContain('closed the connection mid-answer');
    expect(failure?.message).not.toContain('could not be reached');
  });

  it('makes a streamed answer that broke off mid-stream the case harness error too, as a body that broke off is, not the agent\'s failure', async () => {
    const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { role: 'assistant', content: 'hel' }, finish_reason: null }] };
    const c = openCase(await gatewayTo(await provider((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // One event, then the connection reset.
      response.write(`data: ${JSON.stringify(chunk)}\n\n`, () => response.socket?.resetAndDestroy());
    })));
    // The agent sees its stream fail (at the headers or at the first event, as the reset races them).
    const read = async () => {
      const stream = await c.openai.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 0 });
      for await (const part of stream) void part;
    };
    await expect(read()).rejects.toThrow();
    const failure = await c.registration.end();
    expect(failure?.code).toBe('UPSTREAM_UNREACHABLE');
    expect(failure?.message).toMatch(/^openai \/chat\/completions: the answer broke off: /);
    expect(failure?.message).toContain('closed the connection mid-answer');
  });

  it.each([401, 403])('makes a provider that refuses the key (%i) the case harness error, and records no cassette', async (status) => {
    const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
    closers.push(async () => rmSync(cassettes, { recursive: true, force: true }));
    const gateway = await gatewayTo(await refused(status), { mode: 'record', cassettes });
    const c = openCase(gateway);
    const error = await c.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status });
    const failure = await c.registration.end();
    expect(failure).toMatchObject({ code: 'UPSTREAM_AUTH' });
    expect(failure?.message).toContain(`anthropic answered ${status} to /v1/messages: Incorrect API key provided`);
    expect(failure?.message).toMatch(/no valid API key.*fork.*--models replay/);
    // The provider's refusal is what the agent saw, and still in the trace as the provider's answer.
    expect(c.usage[0]).toMatchObject({ answer: 'model', status });
    expect(existsSync(path.join(cassettes, 'support', 'refund.json'))).toBe(false);
  });

  it('makes a provider that refuses the account\'s bill (OpenAI\'s 429 insufficient_quota, a 402) the case harness error, not a rate limit the agent failed', async () => {
    const billing = await provider((request, response) => {
      request.resume();
      request.on('end', () => {
        const anthropic = (request.url ?? '').includes('/messages');
        const body = anthropic
          ? { type: 'error', error: { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API.' } }
          : { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } };
        response.writeHead(anthropic ? 402 : 429, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    const gateway = await gatewayTo(billing);
    const openai = openCase(gateway);
    expect(await openai.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)).toMatchObject({ status: 429, code: 'insufficient_quota' });
    const failure = await openai.registration.end();
    expect(failure).toMatchObject({ code: 'UPSTREAM_QUOTA' });
    expect(failure?.message).toMatch(/^openai answered 429 to \/chat\/completions: You exceeded your current quota.*; the model provider's account has no credit or quota left for the run.*--models replay/);
    const anthropic = openCase(gateway);
    await anthropic.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(await anthropic.registration.end()).toMatchObject({ code: 'UPSTREAM_QUOTA', message: expect.stringContaining('anthropic answered 402 to /v1/messages') });
  });

  it('makes Anthropic\'s answer to an account out of credit, a 400 invalid_request_error "credit balance is too low", the case harness error; any other 400 stays the agent\'s', async () => {
    const billing = await provider((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const message = body.includes('broke') ? 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' : 'max_tokens: Field required';
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }));
      });
    });
    const gateway = await gatewayTo(billing);
    const broke = openCase(gateway);
    await broke.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'broke' }] }).catch(() => undefined);
    expect(await broke.registration.end()).toMatchObject({ code: 'UPSTREAM_QUOTA', message: expect.stringContaining('anthropic answered 400 to /v1/messages: Your credit balance is too low') });
    const wrong = openCase(gateway);
    await wrong.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(await wrong.registration.end()).toBeUndefined();
  });

  it('leaves a rate limit (429 rate_limit_exceeded) to the agent: its retry is what the case tests', async () => {
    const limited = await provider((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } })));
    });
    const c = openCase(await gatewayTo(limited));
    await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(await c.registration.end()).toBeUndefined();
    expect(c.usage).toMatchObject([{ answer: 'model', status: 429 }]);
  });

  it('leaves the key out of the failure when the provider quotes the one it refused, whatever its shape (a redaction rule knows only some)', async () => {
    // As some providers and proxies do: the refused key in full, after the header's scheme or alone.
    const quoting = await provider((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(401, { 'content-type': 'application/json' });
        const sent = request.headers['x-api-key'] ?? request.headers.authorization ?? '';
        response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${String(sent)}. Key ${String(sent).replace(/^Bearer /, '')} is not valid.`, type: 'invalid_request_error' } }));
      });
    });
    for (const api of ['openai', 'anthropic'] as const) {
      const c = openCase(await gatewayTo(quoting));
      const call = api === 'openai'
        ? c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
        : c.anthropic.messages.create({ model: 'claude-test', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      expect(await call.catch((e: unknown) => e)).toMatchObject({ status: 401 });
      const failure = await c.registration.end();
      expect(failure?.code).toBe('UPSTREAM_AUTH');
      expect(failure?.message).not.toContain(USER_KEY);
      expect(failure?.message).toContain(': Incorrect API key provided: [api key]. Key [api key] is not valid.; the run has no valid API key');
    }
  });

  it('records no key a provider quotes in its answer in the cassette, redaction off (--no-redact) as on', async () => {
    const cassettes = mkdtempSync(path.join(tmpdir(), 'cassettes-'));
    closers.push(async () => rmSync(cassettes, { recursive: true, force: true }));
    const quoting = await provider((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `bad request for ${String(request.headers.authorization)}`, type: 'invalid_request_error' } }));
      });
    });
    const c = openCase(await gatewayTo(quoting, { mode: 'record', cassettes }));
    expect(await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)).toMatchObject({ status: 400 });
    await c.registration.end();
    const cassette = readFileSync(path.join(cassettes, 'support', 'refund.json'), 'utf8');
    expect(cassette).toContain('bad request for [api key]');
    expect(cassette).not.toContain(USER_KEY);
  });

  it('clears the failure when a later call of the case is answered by the provider', async () => {
    const provider = await refused(401, { thenAnswer: true });
    const c = openCase(await gatewayTo(provider));
    await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    expect(c.registration.failure()).toMatchObject({ code: 'UPSTREAM_AUTH' });
    const answer = await c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(answer.choices[0]?.message.content).toBe('fine');
    expect(await c.registration.end()).toBeUndefined();
  });

  it.each([['the first', ['a', 'b']], ['the second', ['b', 'a']]])('reports the failure of the call read first when two calls under way at once fail, %s failing first, and counts the other', async (_name, order) => {
    // Each call is held at the provider until the test lets it answer: 401, naming the call.
    const arrived = new Map<string, () => void>();
    let onArrival!: () => void;
    const c = openCase(await gatewayTo(await provider((request, response) => {
      let body = '';
      request.on('data', (part: Buffer) => (body += part.toString()));
      request.on('end', () => {
        const name = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]!.content;
        arrived.set(name, () => {
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { message: `bad key for call ${name}`, type: 'invalid_request_error' } }));
        });
        onArrival();
      });
    })));
    const call = async (name: string) => {
      const arrival = new Promise<void>((resolve) => (onArrival = resolve));
      const answer = c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: name }] }).catch((error: unknown) => error);
      await arrival;
      return { answer };
    };
    // Call a is read before call b; both are under way when the first answer comes.
    const answers: Record<string, Promise<unknown>> = { a: (await call('a')).answer, b: (await call('b')).answer };
    for (const name of order) {
      arrived.get(name)!();
      expect(await answers[name]).toMatchObject({ status: 401 });
    }
    const failure = await c.registration.end();
    expect(failure?.code).toBe('UPSTREAM_AUTH');
    expect(failure?.message).toContain('bad key for call a');
    expect(failure?.message).not.toContain('bad key for call b');
    expect(failure?.message).toMatch(/; 1 more model call of the case failed too \(the case's agent log says how\)$/);
    // And so it does: each refused call has its line there.
    expect([...c.registration.log()].sort()).toEqual(['a', 'b'].map((name) => `[agentready] models: openai answered 401 to /chat/completions: bad key for call ${name}`));
  });

  it('keeps a stream that broke off the case harness error when a call already under way beside it (not a retry) is answered after', async () => {
    const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { role: 'assistant', content: 'hel' }, finish_reason: null }] };
    const answer = { id: 'c2', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    let streamed: http.ServerResponse | undefined;
    let streamOpened!: () => void;
    const streamOpen = new Promise<void>((resolve) => (streamOpened = resolve));
    let releaseSecond!: () => void;
    const secondMayAnswer = new Promise<void>((resolve) => (releaseSecond = resolve));
    const c = openCase(await gatewayTo(await provider((request, response) => {
      let body = '';
      request.on('data', (part: Buffer) => (body += part.toString()));
      request.on('end', () => {
        if ((JSON.parse(body) as { stream?: boolean }).stream) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(`data: ${JSON.stringify(chunk)}\n\n`);
          streamed = response;
          response.write('', () => streamOpened());
          return;
        }
        // The second call reached the provider while the stream was open: the stream breaks off now, and this call is answered once the agent saw it break.
        streamed?.socket?.resetAndDestroy();
        void secondMayAnswer.then(() => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        });
      });
    })));
    const read = async () => {
      const stream = await c.openai.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 0 });
      for await (const part of stream) void part;
    };
    const first = read();
    const firstFailed = expect(first).rejects.toThrow();
    // Sent once the provider is streaming the first: both calls are under way at once.
    await streamOpen;
    const second = c.openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 0 });
    await firstFailed;
    releaseSecond();
    expect((await second).choices[0]?.message.content).toBe('fine');
    const failure = await c.registration.end();
    expect(failure?.code).toBe('UPSTREAM_UNREACHABLE');
    expect(failure?.message).toMatch(/the answer broke off/);
  });
});
