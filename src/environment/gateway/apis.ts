/**
 * The provider APIs the model gateway speaks, and the error answers it gives in each
 * provider's own shape, so an SDK reads a gateway refusal the way it reads the provider's:
 * OpenAI `{error: {message, type, param, code}}`, Anthropic `{type: 'error', error: {type, message}}`.
 * Every message starts with its kind and says what to do, since frameworks show a model only
 * an error's message.
 */
import type http from 'node:http';
import type { ModelApi } from '../../config/schema/index.js';

export type Provider = 'openai' | 'anthropic';
export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic'];

/**
 * The API at `path` under a provider's SDK base URL, and the path to call upstream (and record) for it;
 * undefined for an endpoint the gateway does not serve. Anthropic's own SDK appends `/v1/messages` to
 * its base URL; the Vercel AI SDK's Anthropic provider takes a base URL that ends in `/v1` and appends
 * `/messages`: given the case's base URL as it is, it is served as the same `/v1/messages`.
 */
export function apiOf(provider: Provider, path: string): { api: ModelApi; path: string } | undefined {
  const clean = path.replace(/\/+$/, '');
  if (provider === 'openai') return clean === '/chat/completions' ? { api: 'chat_completions', path } : clean === '/responses' ? { api: 'responses', path } : undefined;
  if (clean === '/v1/messages') return { api: 'messages', path };
  return clean === '/messages' ? { api: 'messages', path: '/v1/messages' } : undefined;
}

/** The endpoints served, for the message of a request to any other. */
export const SERVED = Object.freeze({ openai: 'POST /chat/completions and POST /responses', anthropic: 'POST /v1/messages (or /messages)' });

export type GatewayErrorKind =
  | 'rate_limit'
  | 'server_error'
  | 'budget_exhausted'
  | 'cassette_miss'
  | 'upstream_unreachable'
  | 'not_found'
  | 'invalid_request'
  | 'unauthorized'
  | 'case_ended';

/** An HTTP answer the gateway writes itself. */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Per kind: the default status, OpenAI's `type`/`code`, Anthropic's `type`, and whether an SDK may retry. */
const KINDS: Readonly<Record<GatewayErrorKind, { status: number; openai: [string, string | null]; anthropic: string; retry: boolean }>> = {
  rate_limit: { status: 429, openai: ['requests', 'rate_limit_exceeded'], anthropic: 'rate_limit_error', retry: true },
  server_error: { status: 500, openai: ['server_error', null], anthropic: 'api_error', retry: true },
  // An exhausted quota: an SDK must not retry it (x-should-retry: false), as with the provider's own.
  budget_exhausted: { status: 429, openai: ['insufficient_quota', 'budget_exhausted'], anthropic: 'budget_exhausted', retry: false },
  cassette_miss: { status: 400, openai: ['invalid_request_error', 'cassette_miss'], anthropic: 'invalid_request_error', retry: false },
  upstream_unreachable: { status: 502, openai: ['server_error', 'upstream_unreachable'], anthropic: 'api_error', retry: true },
  not_found: { status: 404, openai: ['invalid_request_error', 'unknown_url'], anthropic: 'not_found_error', retry: false },
  invalid_request: { status: 400, openai: ['invalid_request_error', null], anthropic: 'invalid_request_error', retry: false },
  unauthorized: { status: 401, openai: ['invalid_request_error', 'invalid_api_key'], anthropic: 'authentication_error', retry: false },
  case_ended: { status: 410, openai: ['invalid_request_error', 'case_ended'], anthropic: 'invalid_request_error', retry: false },
};

/** The error answer of `kind` in `provider`'s shape; `status` overrides the kind's default. */
export function errorAnswer(input: {
  provider: Provider;
  kind: GatewayErrorKind;
  message: string;
  status?: number | undefined;
  retryAfterMs?: number | undefined;
}): GatewayAnswer {
  const spec = KINDS[input.kind];
  const status = input.status ?? spec.status;
  const message = `${input.kind}: ${input.message}`;
  const body = input.provider === 'openai'
    ? { error: { message, type: spec.openai[0], param: null, code: spec.openai[1] } }
    : { type: 'error', error: { type: status === 529 ? 'overloaded_error' : spec.anthropic, message } };
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-should-retry': String(spec.retry),
  };
  if (input.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(input.retryAfterMs);
    headers['retry-after'] = String(Math.ceil(input.retryAfterMs / 1000));
  }
  return { status, headers, body: text };
}

/** Writes `answer` on `response`; a response whose head went already (a stream cut short) is destroyed instead. */
export function send(response: http.ServerResponse, answer: GatewayAnswer): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}
