// A fake model provider on 127.0.0.1 that answers like OpenAI (Chat Completions, Responses) and
// Anthropic (Messages), streamed (SSE) and not, with the providers' own usage fields. What it
// says is decided by a `brain` the test gives (default: echo the last user text); every request
// it receives is kept, headers included, so a test can see what the gateway passed on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Api = 'chat' | 'responses' | 'messages';
export type Reply = { text: string } | { toolCall: { name: string; arguments: Record<string, unknown> } };
export type Brain = (request: { api: Api; body: Record<string, unknown> }) => Reply;

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeProvider {
  /** http://127.0.0.1:port */
  origin: string;
  /** SDK base URLs: OpenAI's ends in /v1, Anthropic's is the origin. */
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  requests: ReceivedRequest[];
  /** The dated model id the provider answers with for `model`. */
  answeredModel(model: string): string;
  close(): Promise<void>;
}

/** The provider answers with a dated id, as real ones do (`gpt-x` → `gpt-x-2026-01-01`). */
const dated = (model: string) => `${model}-2026-01-01`;

/**
 * `strict`: the provider refuses a request with a field it does not know, `stream_options` among
 * them, with a 422 as Mistral's OpenAI-compatible API does (and streams no usage then).
 */
export async function startFakeProvider(brain: Brain = echo, options: { strict?: boolean } = {}): Promise<FakeProvider> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const path = (request.url ?? '').split('?')[0]!;
      requests.push({ path, headers: request.headers, body });
      const api: Api | undefined = path === '/v1/chat/completions' ? 'chat' : path === '/v1/responses' ? 'responses' : path === '/v1/messages' ? 'messages' : undefined;
      if (api === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no ${path}` } }));
        return;
      }
      if (options.strict === true && 'stream_options' in body) {
        const detail = [{ type: 'extra_forbidden', loc: ['body', 'stream_options'], msg: 'Extra inputs are not permitted' }];
        response.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'error', message: { detail }, type: 'invalid_request_error' }));
        return;
      }
      const reply = brain({ api, body });
      const model = dated(String(body['model']));
      const usage = { input: Math.ceil(JSON.stringify(body['messages'] ?? body['input'] ?? '').length / 4), output: outputTokens(reply) };
      if (body['stream'] === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_fake' });
        for (const event of streamOf(api, { body, reply, model, usage })) response.write(event);
        response.end();
        return;
      }
      const json = JSON.stringify(bodyOf(api, { reply, model, usage }));
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_fake', 'openai-organization': 'org-secret-name' }).end(json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    openaiBaseUrl: `${origin}/v1`,
    anthropicBaseUrl: origin,
    requests,
    answeredModel: dated,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The default brain: echoes the last user text. */
export function echo({ body }: { body: Record<string, unknown> }): Reply {
  return { text: `echo: ${lastUserText(body)}` };
}

/**
 * A brain for tool-calling agents: asks for `lookup_order` with the order number in the user's
 * text while no tool result is in the conversation, then answers with that result.
 */
export function orderBrain({ body }: { body: Record<string, unknown> }): Reply {
  const tools = ((body['tools'] ?? []) as { name?: string; function?: { name?: string } }[]).map((t) => t.name ?? t.function?.name);
  const result = toolResult(body);
  if (result === undefined && tools.includes('lookup_order')) {
    return { toolCall: { name: 'lookup_order', arguments: { order_id: /\d+/.exec(lastUserText(body))?.[0] ?? 'unknown' } } };
  }
  return { text: `order status: ${result ?? 'unknown'}` };
}

/** The content of the conversation's tool result (chat `tool` message, Responses `function_call_output`, Anthropic `tool_result`). */
function toolResult(body: Record<string, unknown>): string | undefined {
  const items = (body['messages'] ?? body['input'] ?? []) as Record<string, unknown>[];
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    if (item['role'] === 'tool') return String(item['content']);
    if (item['type'] === 'function_call_output') return String(item['output']);
    const content = item['content'];
    if (Array.isArray(content)) {
      const block = (content as Record<string, unknown>[]).find((part) => part['type'] === 'tool_result');
      if (block) return typeof block['content'] === 'string' ? block['content'] : JSON.stringify(block['content']);
    }
  }
  return undefined;
}

/** The text of the last user message (chat, messages) or of `input` (responses). */
export function lastUserText(body: Record<string, unknown>): string {
  if (typeof body['input'] === 'string') return body['input'];
  const list = (body['messages'] ?? body['input']) as { role?: string; content?: unknown }[] | undefined;
  const user = [...(list ?? [])].reverse().find((m) => m.role === 'user');
  const content = user?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  if (content === undefined && user === undefined) return '';
  return '';
}

function outputTokens(reply: Reply): number {
  return 'text' in reply ? reply.text.split(/\s+/).filter(Boolean).length : 5;
}

type Usage = { input: number; output: number };

function bodyOf(api: Api, { reply, model, usage }: { reply: Reply; model: string; usage: Usage }): unknown {
  switch (api) {
    case 'chat':
      return {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1_700_000_000, model,
        choices: [{ index: 0, message: chatMessage(reply), finish_reason: 'text' in reply ? 'stop' : 'tool_calls', logprobs: null }],
        usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      };
    case 'responses':
      return { ...responseObject(model, 'completed'), output: [responseItem(reply)], usage: responsesUsage(usage) };
    case 'messages':
      return {
        id: 'msg_1', type: 'message', role: 'assistant', model, content: [messagesBlock(reply)],
        stop_reason: 'text' in reply ? 'end_turn' : 'tool_use', stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      };
  }
}

function* streamOf(api: Api, input: { body: Record<string, unknown>; reply: Reply; model: string; usage: Usage }): Generator<string> {
  const { reply, model, usage } = input;
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  const named = (event: string, value: Record<string, unknown>) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...value })}\n\n`;
  const pieces = 'text' in reply ? reply.text.split(/(?<= )/) : [];
  if (api === 'chat') {
    const withUsage = (input.body['stream_options'] as { include_usage?: boolean } | undefined)?.include_usage === true;
    const chunk = (delta: unknown, finish: string | null) => ({
      id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(withUsage ? { usage: null } : {}),
    });
    yield data(chunk({ role: 'assistant', content: '' }, null));
    if ('text' in reply) for (const piece of pieces) yield data(chunk({ content: piece }, null));
    else yield data(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } }] }, null));
    yield data(chunk({}, 'text' in reply ? 'stop' : 'tool_calls'));
    if (withUsage) {
      yield data({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } });
    }
    yield 'data: [DONE]\n\n';
    return;
  }
  if (api === 'responses') {
    let seq = 0;
    const item = responseItem(reply);
    yield named('response.created', { sequence_number: seq++, response: responseObject(model, 'in_progress') });
    yield named('response.output_item.added', { sequence_number: seq++, output_index: 0, item: { ...item, ...('text' in reply ? { content: [] } : { arguments: '' }), status: 'in_progress' } });
    if ('text' in reply) {
      yield named('response.content_part.added', { sequence_number: seq++, item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const piece of pieces) yield named('response.output_text.delta', { sequence_number: seq++, item_id: 'msg_1', output_index: 0, content_index: 0, delta: piece, logprobs: [] });
      yield named('response.output_text.done', { sequence_number: seq++, item_id: 'msg_1', output_index: 0, content_index: 0, text: reply.text, logprobs: [] });
      yield named('response.content_part.done', { sequence_number: seq++, item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: reply.text, annotations: [] } });
    } else {
      yield named('response.function_call_arguments.delta', { sequence_number: seq++, item_id: 'fc_1', output_index: 0, delta: JSON.stringify(reply.toolCall.arguments) });
      yield named('response.function_call_arguments.done', { sequence_number: seq++, item_id: 'fc_1', output_index: 0, arguments: JSON.stringify(reply.toolCall.arguments) });
    }
    yield named('response.output_item.done', { sequence_number: seq++, output_index: 0, item });
    yield named('response.completed', { sequence_number: seq++, response: { ...responseObject(model, 'completed'), output: [item], usage: responsesUsage(usage) } });
    return;
  }
  yield named('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } } });
  if ('text' in reply) {
    yield named('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const piece of pieces) yield named('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
  } else {
    yield named('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: reply.toolCall.name, input: {} } });
    yield named('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.toolCall.arguments) } });
  }
  yield named('content_block_stop', { index: 0 });
  yield named('message_delta', { delta: { stop_reason: 'text' in reply ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: usage.output } });
  yield named('message_stop', {});
}

function chatMessage(reply: Reply): Record<string, unknown> {
  if ('text' in reply) return { role: 'assistant', content: reply.text, refusal: null };
  return { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } }] };
}

function responseObject(model: string, status: string): Record<string, unknown> {
  return { id: 'resp_1', object: 'response', created_at: 1_700_000_000, status, model, output: [], usage: null, error: null, incomplete_details: null };
}

function responseItem(reply: Reply): Record<string, unknown> {
  if ('text' in reply) return { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply.text, annotations: [] }] };
  return { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments), status: 'completed' };
}

function responsesUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.input, output_tokens: usage.output, total_tokens: usage.input + usage.output,
    input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 },
  };
}

function messagesBlock(reply: Reply): Record<string, unknown> {
  if ('text' in reply) return { type: 'text', text: reply.text };
  return { type: 'tool_use', id: 'toolu_1', name: reply.toolCall.name, input: reply.toolCall.arguments };
}

/**
 * A provider that refuses the key with `status` (401 a missing or wrong key, as OpenAI and
 * Anthropic answer it; 403 a key without access), the way a pull request from a fork meets it;
 * with `thenAnswer`, only the first request, answering later ones with a chat completion "fine".
 */
export async function startRefusingProvider(status: number, options: { thenAnswer?: boolean } = {}): Promise<Pick<FakeProvider, 'openaiBaseUrl' | 'anthropicBaseUrl' | 'close'>> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (options.thenAnswer && ++requests > 1) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'c', object: 'chat.completion', model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Incorrect API key provided: sk-user***mnop.', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openaiBaseUrl: `${origin}/v1`,
    anthropicBaseUrl: origin,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
