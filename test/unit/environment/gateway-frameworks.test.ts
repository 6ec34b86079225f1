// Agent frameworks through the gateway, with nothing changed but the base URL: the Vercel AI SDK's
// OpenAI provider (Responses API, tool calls) runs a whole tool loop, every model call measured.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModuleAgent, ModuleContext } from '../../../src/adapters/module.js';
import type { ModelGateway } from '../../../src/environment/gateway/server.js';
import { orderBrain, startFakeProvider, type FakeProvider } from '../../helpers/fake-provider.js';
import { runParams } from '../../helpers/run-params.js';
import { scoreBudget } from '../../../src/score/budget.js';
import { trace } from '../score/trace-builder.js';
import { openCase, startGateway } from './gateway-helpers.js';

// A plain JavaScript fixture, taken as ModuleAdapter takes a module agent: its default export is a ModuleAgent.
const { default: aiSdkAgent } = (await import(new URL('../../../fixtures/agents/module-agent-ai-sdk.js', import.meta.url).href)) as { default: ModuleAgent };

let provider: FakeProvider;
let gateway: ModelGateway;
beforeEach(async () => {
  provider = await startFakeProvider(orderBrain);
  gateway = await startGateway({ upstream: provider, pricing: { 'gpt-test': { input_per_mtok: 1, output_per_mtok: 1 } } });
});
afterEach(async () => {
  await gateway.close();
  await provider.close();
});

describe('the AI SDK through the gateway', () => {
  it('runs a tool loop on the Responses API; each step is one measured model call', async () => {
    const c = openCase(gateway);
    const calls: unknown[] = [];
    const task = runParams({
      input: 'where is order 1234?', id: 'refund', trace_id: 't', timeout_ms: 10_000, token: 'x',
      tools: [{ name: 'lookup_order', description: 'Find an order', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }],
      models: c.registration.urls,
    });
    const ctx: ModuleContext = {
      models: c.registration.urls,
      signal: new AbortController().signal,
      callTool: async <T>(name: string, args?: Record<string, unknown>) => { calls.push([name, args]); return { status: 'shipped' } as T; },
      requestApproval: async () => { throw new Error('the agent asks for no approval'); },
      recordUsage: () => { throw new Error('the gateway measures the usage: the agent reports none'); },
    };
    const result = await aiSdkAgent(task, ctx);
    expect(result).toEqual({ outcome: 'completed', output: 'order status: {"status":"shipped"}' });
    expect(calls).toEqual([['lookup_order', { order_id: '1234' }]]);
    expect(provider.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
    expect(c.usage.map((u) => [u.api, u.answer, u.model])).toEqual([['responses', 'model', 'gpt-test-2026-01-01'], ['responses', 'model', 'gpt-test-2026-01-01']]);
    expect(c.usage.every((u) => u.input_tokens > 0 && u.output_tokens > 0 && u.priced)).toBe(true);
  });

  it('streams with streamText, on the Responses and the Chat Completions APIs, tokens measured from the stream', async () => {
    const c = openCase(gateway);
    const openai = createOpenAI({ baseURL: c.registration.urls.openai_base_url, apiKey: 'sk-test-0000000000000000' });
    const viaResponses = streamText({ model: openai('gpt-test'), prompt: 'hello there' });
    expect(await viaResponses.text).toBe('order status: unknown');
    const viaChat = streamText({ model: openai.chat('gpt-test'), prompt: 'hello again' });
    expect(await viaChat.text).toBe('order status: unknown');
    const reported = [await viaResponses.usage, await viaChat.usage];
    expect(c.usage.map((u) => [u.api, u.stream, u.input_tokens, u.output_tokens])).toEqual([
      ['responses', true, reported[0]!.inputTokens, reported[0]!.outputTokens],
      ['chat_completions', true, reported[1]!.inputTokens, reported[1]!.outputTokens],
    ]);
  });

  it('stops at max_model_calls though the SDK retries the 429 (it ignores x-should-retry): its retry is refused again and is no call past the stop', async () => {
    const c = openCase(gateway, { caps: { max_model_calls: 1 } });
    const openai = createOpenAI({ baseURL: c.registration.urls.openai_base_url, apiKey: 'sk-test-0000000000000000' });
    const lookup = tool({ inputSchema: jsonSchema({ type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] }), execute: async () => ({ status: 'shipped' }) });
    // One retry, after the SDK's first backoff (2 s): its default makes two.
    const error = await generateText({ model: openai('gpt-test'), prompt: 'where is order 1234?', tools: { lookup_order: lookup }, stopWhen: stepCountIs(4), maxRetries: 1 }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('budget_exhausted: max_model_calls 1 reached');
    expect(provider.requests).toHaveLength(1);
    expect(c.usage.map((u) => [u.answer, u.retry_of_refused])).toEqual([['model', undefined], ['budget_exhausted', undefined], ['budget_exhausted', true]]);
    expect(scoreBudget({ ...trace().build(), usage: c.usage }, { run: { max_model_calls: 1 } })).toEqual({ check: 'budget', pass: true });
  });
});
