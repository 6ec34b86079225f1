/**
 * Moving one model answer to the agent: from the provider (as it streams) or from a cassette,
 * keeping a copy for the cassette and the usage. Server-sent events are parsed and written
 * back event by event, so a stream reaches the agent as it arrives; a chunk the agent did not
 * ask for (the injected usage chunk) is left out; a truncated answer stops halfway and the
 * connection is cut.
 */
import type http from 'node:http';
import type { CassetteResponse, ModelApi, SseEvent } from '../../config/schema/index.js';
import { usageOfBody, usageOfEvents, withoutInjectedUsage, type Tokens } from './usage.js';

/** An answer before it reaches the agent: buffered, or events as they come. */
export type SourceAnswer =
  | { type: 'json'; status: number; headers: Record<string, string>; body: unknown; text: string }
  | { type: 'text'; status: number; headers: Record<string, string>; text: string }
  | { type: 'sse'; status: number; headers: Record<string, string>; events: AsyncIterable<SseEvent> };

/** What was relayed: the whole answer as the provider gave it (for the cassette) and its tokens. */
export interface Relayed {
  stored: CassetteResponse;
  tokens: Tokens | undefined;
}

/** Response headers a cassette keeps: what SDKs read. Nothing that names an account or a request. */
const STORED_HEADERS = new Set(['content-type', 'retry-after', 'retry-after-ms', 'x-should-retry']);
/**
 * The most the gateway takes of one answer: a provider's answer (or its stream's events, each
 * counted with EVENT_OVERHEAD_BYTES for what holding it costs) past it is cut, since it is kept
 * whole for the usage and the cassette, and an endless stream would take agentready's memory
 * and with it the run (a real answer is a few MB at most).
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const EVENT_OVERHEAD_BYTES = 100;
/** The provider's answer went past MAX_ANSWER_BYTES: the gateway stopped reading it. */
export class AnswerTooLarge extends Error {
  constructor(what: 'a body' | 'a stream') {
    super(`the provider answered with ${what} over ${MAX_ANSWER_BYTES / (1024 * 1024)} MB, the most the gateway takes of one answer: cut`);
    this.name = 'AnswerTooLarge';
  }
}

/** The provider's answer (a body) ended before it was whole, its connection reset, say: the provider was reached, and `bytes` of its answer came. */
export class AnswerBrokeOff extends Error {
  constructor(readonly bytes: number, cause: unknown) {
    super(`the provider's answer broke off after ${bytes} byte${bytes === 1 ? '' : 's'} (${brokenBy(cause)})`, { cause });
    this.name = 'AnswerBrokeOff';
  }
}

// What ended a body's read, as fetch tells it: "terminated", and below it the socket's own word ("other side closed", ECONNRESET).
function brokenBy(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const below = cause.cause instanceof Error ? cause.cause.message : undefined;
  return below === undefined || below === cause.message ? cause.message : `${cause.message}: ${below}`;
}

/** Upstream response headers not passed on: hop-by-hop, and framing the gateway redoes. */
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'proxy-connection', 'upgrade', 'trailer', 'te']);

/** The provider's answer to a POST of `body` to `url`; throws when it cannot be reached. */
export async function fromUpstream(input: { url: string; headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<SourceAnswer> {
  // A redirect is the provider's answer, passed to the agent as it came: followed here it would take
  // the agent's key to another origin (fetch drops Authorization there, not Anthropic's x-api-key).
  const response = await fetch(input.url, { method: 'POST', headers: input.headers, body: input.body, signal: input.signal, redirect: 'manual' });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (!DROPPED_HEADERS.has(key)) headers[key] = value;
  });
  const type = headers['content-type'] ?? '';
  if (type.includes('text/event-stream') && response.body !== null) {
    // Loaded here: its class extends TransformStream, and evaluating it made every eval load Node's
    // web streams (five internal modules compiled at start-up) for answers only a streamed model call has.
    const { EventSourceParserStream } = await import('eventsource-parser/stream');
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    return { type: 'sse', status: response.status, headers, events: sseEvents(events) };
  }
  const text = await cappedText(response);
  const body = type.includes('json') ? parseJson(text) : undefined;
  return body === undefined ? { type: 'text', status: response.status, headers, text } : { type: 'json', status: response.status, headers, body: body.value, text };
}

/** A recorded answer, to be played back; a stream recorded unfinished is held open after its events until `signal` aborts. */
export function fromRecorded(recorded: CassetteResponse, signal: AbortSignal): SourceAnswer {
  switch (recorded.type) {
    case 'json':
      return { ...recorded, text: JSON.stringify(recorded.body) };
    case 'text':
      return recorded;
    case 'sse': {
      const { unfinished, ...answer } = recorded;
      return { ...answer, events: fromArray(recorded.events, unfinished === true ? signal : undefined) };
    }
  }
}

/**
 * Writes `answer` to the agent. `strip` leaves out the injected usage chunk; `truncate` writes
 * the first half and cuts the connection. Resolves once the whole answer has been read.
 */
export async function relay(input: { answer: SourceAnswer; response: http.ServerResponse; api: ModelApi; strip: boolean; truncate: boolean; seen?: SseEvent[] }): Promise<Relayed> {
  const { answer, response, api } = input;
  const stored = storedHeaders(answer.headers);
  if (answer.type !== 'sse') {
    const bytes = Buffer.from(answer.text);
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(bytes.length) });
    if (input.truncate) cut(response, bytes.subarray(0, Math.floor(bytes.length / 2)));
    else response.end(bytes);
    return answer.type === 'json'
      ? { stored: { type: 'json', status: answer.status, headers: stored, body: answer.body }, tokens: usageOfBody(api, answer.body) }
      : { stored: { type: 'text', status: answer.status, headers: stored, text: answer.text }, tokens: undefined };
  }
  response.writeHead(answer.status, { ...answer.headers, 'cache-control': 'no-cache' });
  // Kept where the caller can read them while the stream lasts (a call left unfinished is counted with them).
  const all = input.seen ?? [];
  const shown: SseEvent[] = [];
  let held = 0;
  for await (const event of answer.events) {
    held += event.data.length + (event.event?.length ?? 0) + EVENT_OVERHEAD_BYTES;
    if (held > MAX_ANSWER_BYTES) throw new AnswerTooLarge('a stream');
    all.push(event);
    const visible = input.strip ? withoutInjectedUsage(event) : event;
    if (visible === undefined) continue;
    // A truncated answer is held until its length is known.
    if (input.truncate) shown.push(visible);
    else if (!response.destroyed) response.write(formatEvent(visible));
  }
  if (input.truncate) cut(response, formatEvents(shown.slice(0, Math.max(1, Math.floor(shown.length / 2)))));
  else response.end();
  return { stored: { type: 'sse', status: answer.status, headers: stored, events: all }, tokens: usageOfEvents(api, all) };
}

/** The body as text, read up to MAX_ANSWER_BYTES; throws past it, or at once when its content-length says so (the rest is not read: the request is cancelled), and AnswerBrokeOff when it stops short. */
async function cappedText(response: Response): Promise<string> {
  if (response.body === null) return '';
  if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await response.body.cancel();
    throw new AnswerTooLarge('a body');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) throw new AnswerTooLarge('a body');
      chunks.push(chunk);
    }
  } catch (error) {
    // The provider answered, then its answer stopped short: no "could not be reached".
    throw error instanceof AnswerTooLarge ? error : new AnswerBrokeOff(size, error);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One event as the SSE wire format has it. */
export function formatEvent(event: SseEvent): string {
  const data = event.data.split('\n').map((line) => `data: ${line}`).join('\n');
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}${data}\n\n`;
}

function formatEvents(events: readonly SseEvent[]): string {
  return events.map(formatEvent).join('');
}

/** Writes `part` and cuts the connection, as a provider connection dropped mid-answer would. */
function cut(response: http.ServerResponse, part: string | Buffer): void {
  response.write(part, () => response.destroy());
}

/** The response headers a cassette keeps. */
export function storedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => STORED_HEADERS.has(key)));
}

// Yields the parser's events as cassette events (name only when the provider sent one).
async function* sseEvents(stream: ReadableStream<{ event?: string | undefined; data: string }>): AsyncIterable<SseEvent> {
  for await (const message of stream as unknown as AsyncIterable<{ event?: string | undefined; data: string }>) {
    yield message.event === undefined ? { data: message.data } : { event: message.event, data: message.data };
  }
}

// Yields recorded events; with `holdUntil`, then waits for it to abort and throws, as a stream the provider never ended.
async function* fromArray(events: readonly SseEvent[], holdUntil?: AbortSignal): AsyncIterable<SseEvent> {
  yield* events;
  if (holdUntil === undefined) return;
  await untilAborted(holdUntil);
  throw new Error('the recorded stream was left unfinished');
}

/** Resolves when `signal` aborts (at once when it has): a replayed call held as the provider held it. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
