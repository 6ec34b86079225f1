/**
 * The model gateway: one HTTP server on 127.0.0.1 per run, between the agent and its model
 * provider. Each case in flight has its own SDK base URLs,
 * `/models/<run token>/<trace id>/openai` and `…/anthropic`: since the SDK's Authorization
 * header carries the agent's own API key (passed upstream, never written), the run's token
 * travels in the path. A request with another token is refused (401, counted), one for no
 * case in flight gets 404 (410 once the case ended). The server only moves bytes; each case's
 * LiveCase decides and answers its calls.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { ModelUrls } from '../../adapters/protocol.js';
import { sameToken } from '../../common/token.js';
import { isPlainObject } from '../../config/json-value.js';
import { MAX_NESTING_DEPTH } from '../../config/defaults.js';
import { jsonNestedPast } from '../../config/json-depth.js';
import { CaseEndpoint } from '../case-endpoint.js';
import type { EndedTraces } from '../ended-traces.js';
import { InternalError } from '../../errors.js';
import { apiOf, errorAnswer, PROVIDERS, send, SERVED, type GatewayErrorKind, type Provider } from './apis.js';
import { LiveCase, type GatewayCase, type GatewayFailure, type GatewaySettings, type ModelCall } from './case.js';

export type { GatewayCase, GatewayFailure, GatewaySettings } from './case.js';

/** The path prefix of every case's base URLs. */
export const MODELS_PATH = '/models/';
/** The largest request body accepted (images in prompts are large; a runaway agent is not). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Request headers not passed upstream: hop-by-hop, and framing fetch redoes. */
const HOP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding', 'te', 'upgrade', 'expect', 'proxy-authorization', 'proxy-connection', 'trailer']);

/** A case registered with the gateway, until `end()`. */
export interface GatewayRegistration {
  /** The `models` of the case's run params. */
  urls: ModelUrls;
  /** The case's harness error so far (a cassette miss), if any. */
  failure(): GatewayFailure | undefined;
  /** The case has ended: held calls are let go, calls upstream aborted, the cassette written (record; only then a promise). */
  end(): GatewayFailure | undefined | Promise<GatewayFailure | undefined>;
  /** Lines about this case's refused or failed model calls, for the trace's agent log (the case's own list: read, not kept). */
  log(): readonly string[];
}

export class ModelGateway extends CaseEndpoint<LiveCase> {
  #base: string | undefined;
  /** Each connection's readiness: when it could next send a request (its opening, then each answer's end on it), and whether a request was read on it yet. */
  readonly #connections = new WeakMap<Socket, { readyAt: number; used: boolean }>();

  /** `ended`: the run's table of ended traces, shared with its MCP endpoint. */
  constructor(private readonly options: GatewaySettings & { token: string; cassettes: string; ended?: EndedTraces }) {
    super(options.ended);
    this.onConnection((socket) => this.#connections.set(socket, { readyAt: options.now(), used: false }));
  }

  /**
   * When the agent made the call, as far as the gateway can tell (`arrived`): a client opens a
   * connection to send a call, so a new connection's first request was made when it was accepted
   * (calls made at once, a connection each, are read one after another, later still when the run
   * is busy); a kept-alive connection's next request when its headers were read. And the earliest
   * its connection could have sent it (`sendable`): its opening, or the end of the answer before
   * it on that connection. A call read after the gateway answered one refused for budget, that its
   * connection could have sent before then, was made at once with the refusal when read in the
   * event loop's next turn (case.ts `#madeWithStop`).
   */
  #timing(request: http.IncomingMessage, response: http.ServerResponse): Pick<ModelCall, 'arrived' | 'sendable' | 'read'> {
    const now = this.options.now();
    const connection = this.#connections.get(request.socket);
    if (connection === undefined) return { arrived: now, sendable: now, read: now };
    const timing = { arrived: connection.used ? now : connection.readyAt, sendable: connection.readyAt, read: now };
    connection.used = true;
    response.once('finish', () => {
      connection.readyAt = this.options.now();
    });
    return timing;
  }

  /** Listens on 127.0.0.1 on a free port. */
  async listen(): Promise<void> {
    const port = await this.listenOnLoopback();
    this.#base = `http://127.0.0.1:${port}${MODELS_PATH}${this.options.token}/`;
  }

  /** Serves the case's model calls at its own base URLs until `end()`. */
  register(traceId: string, kase: GatewayCase): GatewayRegistration {
    if (this.#base === undefined) throw new InternalError('the model gateway is not listening');
    const live = new LiveCase(kase, this.options);
    this.open(traceId, live);
    return {
      urls: { openai_base_url: `${this.#base}${traceId}/openai`, anthropic_base_url: `${this.#base}${traceId}/anthropic` },
      failure: () => live.failure,
      end: () => {
        this.finish(traceId, live);
        return live.end();
      },
      log: () => live.notes,
    };
  }

  protected answerBroken(response: http.ServerResponse, message: string): void {
    send(response, errorAnswer({ provider: 'openai', kind: 'server_error', message: `agentready gateway: ${message}` }));
  }

  protected async endCase(live: LiveCase): Promise<unknown> {
    return live.end();
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const timing = this.#timing(request, response);
    const route = routeOf(request.url);
    const provider = route?.provider ?? 'openai';
    const refuse = ({ kind, message, note }: { kind: GatewayErrorKind; message: string; note?: string }) => {
      request.resume();
      if (note !== undefined && route !== undefined) this.live(route.traceId)?.note(note);
      send(response, errorAnswer({ provider, kind, message }));
    };
    if (route === undefined || !sameToken(route.token, this.options.token)) {
      if (route !== undefined) this.countRefused();
      refuse({ kind: route === undefined ? 'not_found' : 'unauthorized', message: route === undefined
        ? 'no such endpoint: use run.models.openai_base_url or anthropic_base_url from the run params'
        : 'the path does not carry this run\'s token; use the base URLs from the run params', note: route === undefined ? undefined : '[agentready] models: refused a request without the run\'s token (401)' });
      return;
    }
    const live = this.live(route.traceId);
    if (live === undefined) {
      const ended = this.hasEnded(route.traceId);
      refuse({ kind: ended ? 'case_ended' : 'not_found', message: ended ? `the case of trace ${route.traceId} has ended: its model endpoint is closed` : 'no case in flight at this base URL: use the one from the run params' });
      return;
    }
    const served = apiOf(route.provider, route.path);
    if (served === undefined || request.method !== 'POST') {
      refuse({ kind: 'not_found', message: `${request.method ?? ''} ${route.path} is not served: the gateway serves ${SERVED[route.provider]}`, note: `[agentready] models: refused ${request.method ?? ''} ${route.path} (not served)` });
      return;
    }
    const body = declaredTooLarge(request) ? TOO_LARGE : await readJsonBody(request);
    if (typeof body === 'string') {
      // A body said to be over the cap is not read, nor drained: the connection closes after the answer.
      if (body === TOO_LARGE) response.setHeader('connection', 'close');
      // The agent's SDK got a 400 it may only log: the case's log says why.
      refuse({ kind: 'invalid_request', message: body, note: `[agentready] models: refused POST ${route.path} (400): ${body}` });
      return;
    }
    const call: ModelCall = { provider: route.provider, api: served.api, path: served.path, query: route.query, body, headers: upstreamHeaders(request.headers), ...timing };
    await live.handle(call, response);
  }
}

/** `/models/<token>/<trace id>/<provider><path>?<query>`, or undefined for any other URL. */
function routeOf(url: string | undefined): { token: string; traceId: string; provider: Provider; path: string; query: string } | undefined {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const pathname = q === -1 ? raw : raw.slice(0, q);
  const match = /^\/models\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9_-]{1,128})\/([a-z]+)(\/.*)?$/.exec(pathname);
  if (match === null) return undefined;
  const provider = PROVIDERS.find((p) => p === match[3]);
  if (provider === undefined) return undefined;
  return { token: match[1]!, traceId: match[2]!, provider, path: match[4] ?? '/', query: q === -1 ? '' : raw.slice(q) };
}

/** The agent's headers to pass upstream (its API key among them), hop-by-hop ones left out. */
function upstreamHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || HOP_HEADERS.has(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TOO_LARGE = `the request body is larger than ${MAX_BODY_BYTES} bytes`;

/** Whether the request's `content-length` header already says its body is over the cap. */
function declaredTooLarge(request: http.IncomingMessage): boolean {
  return Number(request.headers['content-length']) > MAX_BODY_BYTES;
}

/** The request's JSON object body, or a message saying why there is none. */
async function readJsonBody(request: http.IncomingMessage): Promise<Record<string, unknown> | string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return TOO_LARGE;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // Before anything walks it (the recording's redaction, the relay): deeper ran them out of stack, told as an unreachable provider.
  if (jsonNestedPast(text, MAX_NESTING_DEPTH) !== undefined) return `the request body nests more than ${MAX_NESTING_DEPTH} levels deep`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'the request body is not JSON';
  }
  return isPlainObject(raw) ? raw : 'the request body is not a JSON object';
}
