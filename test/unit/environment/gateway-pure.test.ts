// The gateway's pure parts: usage from each provider's fields, the call decision, the cassette
// difference, and pricing by exact key else the longest prefix.
import { describe, expect, it } from 'vitest';
import { firstDifference } from '../../../src/environment/gateway/cassette.js';
import { decideModelCall, findModelFault } from '../../../src/environment/gateway/decide.js';
import { upstreamBody, usageOfBody, usageOfEvents, withoutInjectedUsage } from '../../../src/environment/gateway/usage.js';
import { priceOf, pricedUsage } from '../../../src/environment/pricing.js';
import { MODEL_ID_CHARS } from '../../../src/common/shorten.js';

const data = (value: unknown, event?: string) => ({ ...(event ? { event } : {}), data: JSON.stringify(value) });

describe('usage from the provider', () => {
  it('reads each API\'s whole-response fields; Anthropic cache tokens are input', () => {
    expect(usageOfBody('chat_completions', { model: 'm', usage: { prompt_tokens: 3, completion_tokens: 4 } })).toEqual({ model: 'm', input_tokens: 3, output_tokens: 4 });
    expect(usageOfBody('responses', { model: 'm', usage: { input_tokens: 5, output_tokens: 6 } })).toEqual({ model: 'm', input_tokens: 5, output_tokens: 6 });
    expect(usageOfBody('messages', { usage: { input_tokens: 1, cache_read_input_tokens: 10, cache_creation_input_tokens: 100, output_tokens: 2 } })).toEqual({ input_tokens: 111, output_tokens: 2 });
    expect(usageOfBody('chat_completions', { error: { message: 'x' } })).toBeUndefined();
    expect(usageOfBody('chat_completions', 'text')).toBeUndefined();
  });

  it('reads a count that is no whole number of tokens a provider could bill (negative, NaN-ish, past 2^53) as 0, so no cost becomes Infinity', () => {
    expect(usageOfBody('chat_completions', { usage: { prompt_tokens: 1e300, completion_tokens: 1e308 } })).toEqual({ input_tokens: 0, output_tokens: 0 });
    expect(usageOfBody('responses', { usage: { input_tokens: Number.MAX_SAFE_INTEGER + 2, output_tokens: -3 } })).toEqual({ input_tokens: 0, output_tokens: 0 });
    expect(usageOfBody('messages', { usage: { input_tokens: 'NaN', output_tokens: Number.MAX_SAFE_INTEGER } })).toEqual({ input_tokens: 0, output_tokens: Number.MAX_SAFE_INTEGER });
  });

  it('rounds a count with a fraction to the nearest whole token, as docs/models.md says: the provider\'s bill, not 0', () => {
    expect(usageOfBody('chat_completions', { usage: { prompt_tokens: 12.000001, completion_tokens: 4.6 } })).toEqual({ input_tokens: 12, output_tokens: 5 });
    expect(usageOfBody('messages', { usage: { input_tokens: 0.4, cache_read_input_tokens: 9.5, output_tokens: 2.49 } })).toEqual({ input_tokens: 10, output_tokens: 2 });
  });

  it('reads the final usage chunk of a chat stream and skips [DONE]', () => {
    const events = [data({ model: 'm-1', choices: [{ delta: { content: 'a' } }], usage: null }), data({ model: 'm-1', choices: [], usage: { prompt_tokens: 7, completion_tokens: 1 } }), { data: '[DONE]' }];
    expect(usageOfEvents('chat_completions', events)).toEqual({ model: 'm-1', input_tokens: 7, output_tokens: 1 });
    expect(usageOfEvents('chat_completions', events.slice(0, 1))).toBeUndefined();
  });

  it('reads response.completed (or incomplete) of a Responses stream', () => {
    const created = data({ type: 'response.created', response: { model: 'm', usage: null } }, 'response.created');
    const incomplete = data({ type: 'response.incomplete', response: { model: 'm', usage: { input_tokens: 9, output_tokens: 3 } } }, 'response.incomplete');
    expect(usageOfEvents('responses', [created, incomplete])).toEqual({ model: 'm', input_tokens: 9, output_tokens: 3 });
  });

  it('reads message_start then the running output count of message_delta, keeping input unless the delta restates it', () => {
    const start = data({ type: 'message_start', message: { model: 'c', usage: { input_tokens: 20, cache_read_input_tokens: 5, output_tokens: 1 } } });
    expect(usageOfEvents('messages', [start, data({ type: 'message_delta', usage: { output_tokens: 15 } })])).toEqual({ model: 'c', input_tokens: 25, output_tokens: 15 });
    expect(usageOfEvents('messages', [start, data({ type: 'message_delta', usage: { input_tokens: 30, output_tokens: 15 } })])).toEqual({ model: 'c', input_tokens: 30, output_tokens: 15 });
  });

  it('asks a streamed chat for usage only when the agent did not, and hides the injected chunk', () => {
    expect(upstreamBody('chat_completions', { stream: true, stream_options: { x: 1 } })).toEqual({ body: { stream: true, stream_options: { x: 1, include_usage: true } }, injected: true });
    expect(upstreamBody('chat_completions', { stream: true, stream_options: { include_usage: true } }).injected).toBe(false);
    expect(upstreamBody('chat_completions', { stream: false }).injected).toBe(false);
    expect(upstreamBody('responses', { stream: true }).injected).toBe(false);
    expect(withoutInjectedUsage(data({ choices: [], usage: { prompt_tokens: 1 } }))).toBeUndefined();
    expect(JSON.parse(withoutInjectedUsage(data({ choices: [{ delta: {} }], usage: null }))!.data)).toEqual({ choices: [{ delta: {} }] });
    expect(withoutInjectedUsage({ data: '[DONE]' })).toEqual({ data: '[DONE]' });
  });
});

describe('decideModelCall', () => {
  const index = { overall: 1, ofModel: 1 };
  it('refuses at max_model_calls, then at a spend that reached max_cost_usd, before any fault', () => {
    const faults = [{ model: '*', error: 'rate_limit' as const }];
    expect(decideModelCall({ caps: { max_model_calls: 2 }, spent: { modelCalls: 2, costUsd: 0 }, faults, model: 'm', index })).toMatchObject({ kind: 'budget_exhausted', message: expect.stringContaining('max_model_calls 2 reached') });
    expect(decideModelCall({ caps: { max_cost_usd: 0.01 }, spent: { modelCalls: 1, costUsd: 0.01 }, faults: [], model: 'm', index })).toMatchObject({ kind: 'budget_exhausted' });
    // Eight calls of $0.1 sum to 0.7999999999999999: the cap of 0.8 is reached, a ninth call would pass it.
    expect(decideModelCall({ caps: { max_cost_usd: 0.8 }, spent: { modelCalls: 8, costUsd: 0.7 + 0.1 }, faults: [], model: 'm', index })).toMatchObject({ kind: 'budget_exhausted' });
    expect(decideModelCall({ caps: { max_cost_usd: 0.8 }, spent: { modelCalls: 7, costUsd: 0.7 }, faults: [], model: 'm', index })).toEqual({ kind: 'forward', truncate: false });
    expect(decideModelCall({ caps: { max_model_calls: 2, max_cost_usd: 0.01 }, spent: { modelCalls: 1, costUsd: 0.005 }, faults, model: 'm', index })).toMatchObject({ kind: 'fault', fault: { error: 'rate_limit' } });
  });

  it('forwards a truncated_stream fault to be cut, and everything else as is', () => {
    expect(decideModelCall({ caps: {}, spent: { modelCalls: 0, costUsd: 0 }, faults: [{ model: 'm', error: 'truncated_stream' }], model: 'm', index })).toEqual({ kind: 'forward', truncate: true });
    expect(decideModelCall({ caps: {}, spent: { modelCalls: 0, costUsd: 0 }, faults: [{ model: 'other', error: 'timeout' }], model: 'm', index })).toEqual({ kind: 'forward', truncate: false });
  });

  it('counts "*" over every call and a model id over its own calls', () => {
    const faults = [{ model: '*', call: 3, error: 'timeout' as const }, { model: 'm', call: 2, error: 'server_error' as const }];
    expect(findModelFault(faults, { model: 'm', index: { overall: 2, ofModel: 2 } })?.error).toBe('server_error');
    expect(findModelFault(faults, { model: 'n', index: { overall: 3, ofModel: 1 } })?.error).toBe('timeout');
    expect(findModelFault(faults, { model: 'n', index: { overall: 2, ofModel: 2 } })).toBeUndefined();
  });
});

describe('firstDifference', () => {
  it('is undefined for equal values whatever their key order', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBeUndefined();
  });

  it('names the first differing field, an added or missing key, and a longer list', () => {
    expect(firstDifference({ messages: [{ content: 'a' }] }, { messages: [{ content: 'b' }] })).toEqual({ path: 'messages[0].content (character 1)', expected: '"a"', found: '"b"' });
    expect(firstDifference({ a: 1 }, { a: 1, temperature: 0 })).toEqual({ path: 'temperature', expected: '(absent)', found: '0' });
    expect(firstDifference({ a: [1] }, { a: [1, 2] })).toEqual({ path: 'a[1]', expected: '(nothing)', found: '2' });
    expect(firstDifference({ a: 'x'.repeat(100) }, { a: 'y' })!.expected).toHaveLength(60);
  });

  it('quotes two long texts from a little before their first difference, which a brief of their starts hid', () => {
    const prompt = 'You are a helpful support assistant for ACME. Answer briefly and politely. Customer says: ';
    const difference = firstDifference({ content: `${prompt}hello again` }, { content: `${prompt}hello there` })!;
    expect(difference.path).toBe(`content (character ${prompt.length + 7})`);
    expect(difference.expected).toBe('"…ustomer says: hello again"');
    expect(difference.found).toBe('"…ustomer says: hello there"');
  });

  it('never starts the quote inside an address, and names the character where two addresses differ', () => {
    const prompt = `${'Context for the assistant. '.repeat(3)}Reply to bob.smith@example.com`;
    const difference = firstDifference({ content: prompt }, { content: prompt.replace('bob.smith', 'bob.smyth') })!;
    expect(difference.path).toBe(`content (character ${prompt.indexOf('smith') + 3})`);
    expect(difference.expected).toBe('"…ant. Reply to bob.smith@example.com"');
    const inAddress = firstDifference({ content: `${'x'.repeat(80)} a.very.long.local.part.of.an.address.here@example.com` }, { content: `${'x'.repeat(80)} a.very.long.local.part.of.an.address.hers@example.com` })!;
    expect(inAddress.expected).toBe('"…a.very.long.local.part.of.an.address.here@example.com"');
  });
});

describe('pricing', () => {
  const pricing = { gpt: { input_per_mtok: 1, output_per_mtok: 1 }, 'gpt-x': { input_per_mtok: 2, output_per_mtok: 4 }, 'gpt-x-2026-01-01': { input_per_mtok: 3, output_per_mtok: 3 } };
  it('prices a model by its exact key, else the longest key of which it is a dated snapshot', () => {
    expect(priceOf(pricing, 'gpt-x-2026-01-01')?.input_per_mtok).toBe(3);
    expect(priceOf(pricing, 'gpt-x-2027-01-01')?.input_per_mtok).toBe(2);
    expect(priceOf(pricing, 'claude')).toBeUndefined();
    // The suffixes providers put after a model's name for its snapshots.
    for (const id of ['gpt-x-20241022', 'gpt-x-0613', 'gpt-x-001', 'gpt-x@20250929', 'gpt-x-20240229-v1:0', 'gpt-x-latest', 'gpt-x@001']) {
      expect(priceOf(pricing, id)?.input_per_mtok, id).toBe(2);
    }
  });

  it('does not price another model whose id only begins with a key (it charged gpt-4o-mini at gpt-4o)', () => {
    const real = { 'gpt-4o': { input_per_mtok: 2.5, output_per_mtok: 10 }, 'claude-sonnet-4': { input_per_mtok: 3, output_per_mtok: 15 } };
    for (const id of ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini', 'gpt-4o.1', 'gpt-4o-turbo', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929']) {
      expect(priceOf(real, id), id).toBeUndefined();
    }
    expect(priceOf(real, 'gpt-4o-2024-08-06')?.input_per_mtok).toBe(2.5);
    expect(priceOf(pricing, 'gpt-4o')).toBeUndefined();
  });

  it('keeps a reported cost over the priced one and marks an unpriced call', () => {
    expect(pricedUsage(pricing, { model: 'gpt-x-2027-01-01', input_tokens: 1_000_000, output_tokens: 500_000 })).toEqual({ model: 'gpt-x-2027-01-01', input_tokens: 1_000_000, output_tokens: 500_000, cost_usd: 4, priced: true });
    expect(pricedUsage(pricing, { model: 'gpt-x', input_tokens: 1, output_tokens: 1, cost_usd: 0.5 }).cost_usd).toBe(0.5);
    expect(pricedUsage(pricing, { model: 'claude', input_tokens: 1, output_tokens: 1 })).toMatchObject({ cost_usd: 0, priced: false });
  });

  it('keeps a model id the agent or provider made megabytes long cut at MODEL_ID_CHARS, as every output prints it', () => {
    const record = pricedUsage(pricing, { model: `gpt-x${'-'.repeat(1_000_000)}`, input_tokens: 1, output_tokens: 1 });
    expect(record.model).toHaveLength(MODEL_ID_CHARS);
    expect(record.model.endsWith('…')).toBe(true);
    expect(pricedUsage(pricing, { model: record.model, input_tokens: 1, output_tokens: 1 }).model).toBe(record.model);
  });
});
