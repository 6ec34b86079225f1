/**
 * Tokens from the provider's own response fields, streaming included: Chat Completions
 * `usage.prompt_tokens/completion_tokens` (in a stream, the final chunk that
 * `stream_options.include_usage` asks for), Responses `usage.input_tokens/output_tokens` (in a
 * stream, on `response.completed`), Anthropic `usage` (in a stream, `message_start` then the
 * running output count of `message_delta`). Anthropic's cache reads and writes are input tokens.
 * Pure.
 */
import type { ModelApi, SseEvent } from '../../config/schema/index.js';
import { isPlainObject } from '../../config/json-value.js';

export interface Tokens {
  /** The model the provider says answered, when it says. */
  model?: string;
  input_tokens: number;
  output_tokens: number;
}

/** The tokens of a whole (non-streamed) response body, or undefined when it carries no usage. */
export function usageOfBody(api: ModelApi, rawBody: unknown): Tokens | undefined {
  const body = asRecord(rawBody);
  if (body === undefined) return undefined;
  const usage = asRecord(body['usage']);
  if (usage === undefined) return undefined;
  return { ...modelOf(body), ...tokensOf(api, usage) };
}

/** The tokens of a streamed response, from its events; undefined when no event carried usage. */
export function usageOfEvents(api: ModelApi, events: readonly SseEvent[]): Tokens | undefined {
  let model: string | undefined;
  let tokens: Omit<Tokens, 'model'> | undefined;
  for (const event of events) {
    const data = parseData(event.data);
    if (data === undefined) continue;
    switch (api) {
      case 'chat_completions': {
        model ??= modelOf(data).model;
        const usage = asRecord(data['usage']);
        if (usage !== undefined) tokens = tokensOf(api, usage);
        break;
      }
      case 'responses': {
        const response = asRecord(data['response']);
        if (response === undefined) break;
        model = modelOf(response).model ?? model;
        const usage = asRecord(response['usage']);
        if (usage !== undefined) tokens = tokensOf(api, usage);
        break;
      }
      case 'messages': {
        if (data['type'] === 'message_start') {
          const message = asRecord(data['message']);
          model = (message && modelOf(message).model) ?? model;
          const usage = asRecord(message?.['usage']);
          if (usage !== undefined) tokens = tokensOf(api, usage);
        } else if (data['type'] === 'message_delta') {
          const usage = asRecord(data['usage']);
          // The delta's counts are cumulative; it may restate the input tokens, or leave them out.
          if (usage !== undefined) tokens = mergeDelta(tokens, { delta: tokensOf(api, usage), raw: usage });
        }
        break;
      }
    }
  }
  if (tokens === undefined) return undefined;
  return { ...(model === undefined ? {} : { model }), ...tokens };
}

/**
 * The request body to send upstream. A streamed chat completion that did not ask for usage is
 * sent with `stream_options.include_usage`, so its tokens are measured; `injected` says the
 * agent must not see the extra usage chunk (`withoutInjectedUsage`).
 */
export function upstreamBody(api: ModelApi, body: Record<string, unknown>): { body: Record<string, unknown>; injected: boolean } {
  if (api !== 'chat_completions' || body['stream'] !== true) return { body, injected: false };
  const options = asRecord(body['stream_options']) ?? {};
  if (options['include_usage'] === true) return { body, injected: false };
  return { body: { ...body, stream_options: { ...options, include_usage: true } }, injected: true };
}

/**
 * Whether the provider refused the `stream_options` the gateway added: an OpenAI-compatible
 * provider that takes no field it does not know (Mistral answers 422 "Extra inputs are not
 * permitted" at `stream_options`). The agent's own request is then sent instead, unmeasured.
 */
export function refusedInjection(answer: { status: number; text?: string }): boolean {
  return (answer.status === 400 || answer.status === 422) && answer.text !== undefined && answer.text.includes('stream_options');
}

/** A chat chunk as the agent would have had it without `include_usage`: the usage-only chunk dropped, `usage` keys removed. */
export function withoutInjectedUsage(event: SseEvent): SseEvent | undefined {
  const data = parseData(event.data);
  if (data === undefined || !('usage' in data)) return event;
  const choices = data['choices'];
  if (Array.isArray(choices) && choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = data;
  return { ...event, data: JSON.stringify(rest) };
}

function tokensOf(api: ModelApi, usage: Record<string, unknown>): Omit<Tokens, 'model'> {
  if (api === 'chat_completions') return { input_tokens: tokenCount(usage['prompt_tokens']), output_tokens: tokenCount(usage['completion_tokens']) };
  if (api === 'responses') return { input_tokens: tokenCount(usage['input_tokens']), output_tokens: tokenCount(usage['output_tokens']) };
  return {
    input_tokens: tokenCount(usage['input_tokens']) + tokenCount(usage['cache_creation_input_tokens']) + tokenCount(usage['cache_read_input_tokens']),
    output_tokens: tokenCount(usage['output_tokens']),
  };
}

// Returns the stream's running tokens after a message_delta: its output count, its input count only when it gives one.
function mergeDelta(before: Omit<Tokens, 'model'> | undefined, { delta, raw }: { delta: Omit<Tokens, 'model'>; raw: Record<string, unknown> }): Omit<Tokens, 'model'> {
  const restatesInput = ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'].some((key) => typeof raw[key] === 'number');
  return {
    input_tokens: restatesInput ? Math.max(delta.input_tokens, before?.input_tokens ?? 0) : (before?.input_tokens ?? 0),
    output_tokens: Math.max(delta.output_tokens, before?.output_tokens ?? 0),
  };
}

function modelOf(record: Record<string, unknown>): { model?: string } {
  const model = record['model'];
  return typeof model === 'string' && model.length > 0 ? { model } : {};
}

/**
 * A token count (a provider's answer, a recorded trace's OTLP span): rounded to the nearest whole token,
 * so a float's fraction still bills what the provider said (0 would hide the cost from a budget);
 * a negative, a non-number or a count past 2^53 is 0.
 */
export function tokenCount(value: unknown): number {
  // A count past 2^53 is no provider's bill but a lie: priced, it made the run's cost Infinity.
  const rounded = typeof value === 'number' && value > 0 ? Math.round(value) : 0;
  return Number.isSafeInteger(rounded) ? rounded : 0;
}

/** An event's JSON data as an object, or undefined (`[DONE]`, not JSON, not an object). */
function parseData(data: string): Record<string, unknown> | undefined {
  if (!data.startsWith('{')) return undefined;
  try {
    return asRecord(JSON.parse(data));
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}
