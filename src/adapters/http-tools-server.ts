/**
 * The http agent's way back to agentready: a server on 127.0.0.1 that takes one JSON-RPC 2.0
 * message per POST (`tools/call`, `approval/request`, `usage`) and routes it by `trace_id` to
 * the case's ToolHost, with the same handlers as stdio. Every request must carry
 * `Authorization: Bearer <token>` of the run it names; anything else gets 401, is counted, and
 * never reaches a tool (SPEC §11).
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolHost } from './adapter.js';
import { excerpt, type Quote } from '../common/shorten.js';
import { bearerToken, sameToken, UNAUTHORIZED_MESSAGE } from '../common/token.js';
import { loopbackOnly } from '../common/loopback-guard.js';
import { handlerFor, JSONRPC_ERRORS, JsonRpcError, methodNotFound, unknownNotification } from './jsonrpc-errors.js';
import { LogRing } from './log-ring.js';
import { MAX_HTTP_BODY_BYTES } from './http-post.js';
import { JsonRpcNotificationSchema, JsonRpcRequestSchema } from './protocol.js';
import { ENDED_HOST, hostHandlers, StrayUsage, type RoutedRun } from './stdio-host.js';

/** Path of the endpoint; the full URL goes to the agent as `tools_url`. */
export const TOOLS_PATH = '/agentready/rpc';

interface RegisteredRun extends RoutedRun {
  token: string;
}

export class ToolsServer {
  private readonly server: http.Server;
  /** Every run handed out, by trace id; kept after it ends so late calls get a clear answer. */
  private readonly runs = new Map<string, RegisteredRun>();
  private readonly tokens = new Set<string>();
  private readonly log = new LogRing();
  private refused = 0;
  private url: string | undefined;

  /** `quote`: how what the agent sent is quoted in the log (adapter.ts `AdapterContext.quote`). */
  constructor(private readonly quote: Quote = excerpt) {
    this.server = process.getBuiltinModule('node:http').createServer(loopbackOnly((request, response) => void this.handle(request, response)));
  }

  /** Listens on 127.0.0.1 on a free port; resolves with the `tools_url`. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}${TOOLS_PATH}`;
    return this.url;
  }

  /** Routes calls naming `traceId` with `token` to `host` until `settle()`. */
  register(traceId: string, { token, host }: { token: string; host: ToolHost }): { settle(): void; invalidUsage(): string | undefined } {
    const run: RegisteredRun = { host, token, settled: false };
    this.runs.set(traceId, run);
    this.tokens.add(token);
    return {
      invalidUsage: () => run.invalidUsage,
      settle: () => {
        run.settled = true;
        // The entry stays so a late call is told the run ended; the case's environment may go.
        run.host = ENDED_HOST;
      },
    };
  }

  /** Usage reports that came after their run had ended (not counted). */
  lateUsage = 0;
  /** Usage reports that named no run (not counted). */
  readonly strayUsage = new StrayUsage();

  /** Requests refused for a missing or wrong token. */
  get unauthenticated(): number {
    return this.refused;
  }

  logFor(traceId: string): string[] {
    return this.log.linesFor(traceId);
  }

  /** Files a line of agentready's own in the log of `traceId`'s case. */
  noteFor(traceId: string, line: string): void {
    this.log.push(line, [traceId]);
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !this.knows(token)) {
      this.refused++;
      // Filed in the log of the case the request names (its `trace_id`), as the MCP endpoint files
      // its refusals under the case of its URL, so the case's trace says why its call never came.
      const traceId = traceOf(await readBody(request));
      const named = traceId !== undefined && this.runs.get(traceId)?.settled === false ? [traceId] : [];
      this.log.note(`[agentready] tools_url: refused a ${request.method ?? ''} request without the run's token (401)`, named);
      reply(response, { status: 401, body: { error: UNAUTHORIZED_MESSAGE }, headers: { 'www-authenticate': 'Bearer' } });
      return;
    }
    if (request.method !== 'POST' || (request.url ?? '').split('?')[0] !== TOOLS_PATH) {
      request.resume();
      reply(response, { status: request.method === 'POST' ? 404 : 405, body: { error: `POST JSON-RPC 2.0 messages to ${TOOLS_PATH}` } });
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      reply(response, { status: 413, body: rpcError(null, { code: JSONRPC_ERRORS.INVALID_REQUEST, message: `body larger than ${MAX_HTTP_BODY_BYTES} bytes` }) });
      return;
    }
    const answer = await this.dispatch(body, token);
    if (answer === undefined) {
      response.writeHead(204).end();
      return;
    }
    reply(response, { status: answer.status, body: answer.body });
  }

  /** One JSON-RPC message in, its answer out (undefined for a notification). */
  private async dispatch(raw: string, token: string): Promise<{ status: number; body: unknown } | undefined> {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return { status: 400, body: rpcError(null, { code: JSONRPC_ERRORS.PARSE_ERROR, message: `not JSON: "${excerpt(raw)}"` }) };
    }
    const traceOf = (params: unknown) =>
      typeof params === 'object' && params !== null && 'trace_id' in params ? String(params.trace_id) : undefined;
    const handlers = hostHandlers({
      runFor: (traceId) => {
        const run = traceId === undefined ? undefined : this.runs.get(traceId);
        return run?.token === token ? run : undefined;
      },
      noise: (text) => {
        const traceId = traceOf((message as { params?: unknown }).params);
        this.log.push(text, traceId === undefined ? [] : [traceId]);
      },
      quote: this.quote,
      onLateUsage: () => this.lateUsage++,
      onStrayUsage: (traceId) => this.strayUsage.add(traceId),
    });
    const request = JsonRpcRequestSchema.safeParse(message);
    if (request.success) {
      const { id, method, params } = request.data;
      const handler = handlerFor(handlers.requests, method);
      if (!handler) {
        const notFound = methodNotFound(method, handlers.notifications);
        return { status: 200, body: rpcError(id, notFound) };
      }
      try {
        return { status: 200, body: { jsonrpc: '2.0', id, result: (await handler(params)) ?? null } };
      } catch (error) {
        const rpc = error instanceof JsonRpcError ? error : new JsonRpcError({ code: JSONRPC_ERRORS.INTERNAL_ERROR, message: String(error) });
        return { status: 200, body: rpcError(id, rpc) };
      }
    }
    const notification = JsonRpcNotificationSchema.safeParse(message);
    if (!notification.success) {
      return { status: 400, body: rpcError(null, { code: JSONRPC_ERRORS.INVALID_REQUEST, message: 'not a JSON-RPC 2.0 request or notification (batches are not supported)' }) };
    }
    const handler = handlerFor(handlers.notifications, notification.data.method);
    if (handler) handler(notification.data.params);
    else this.log.push(unknownNotification(this.quote(notification.data.method), handlers.requests), []);
    return undefined;
  }

  private knows(token: string): boolean {
    for (const known of this.tokens) if (sameToken(token, known)) return true;
    return false;
  }
}

/** The `params.trace_id` a JSON-RPC body names, if any (the body is untrusted: anything else is undefined). */
function traceOf(rawBody: string | undefined): string | undefined {
  if (rawBody === undefined) return undefined;
  try {
    const traceId: unknown = (JSON.parse(rawBody) as { params?: { trace_id?: unknown } } | null)?.params?.trace_id;
    return typeof traceId === 'string' ? traceId : undefined;
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined when it passes the cap (the rest is drained). */
export function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_HTTP_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_HTTP_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
  });
}

function rpcError(id: string | number | null, { code, message, data }: { code: number; message: string; data?: unknown }): unknown {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

function reply(response: http.ServerResponse, { status, body, headers = {} }: { status: number; body: unknown; headers?: Record<string, string> }): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}
