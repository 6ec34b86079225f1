/**
 * The run's MCP endpoint (SPEC §4 "MCP tools", §11 "Token"): one HTTP server on 127.0.0.1 per
 * run, speaking streamable HTTP through the official SDK's v2 handler: the 2026-07-28 revision
 * (stateless, `server/discover`) and, for older clients, the 2025 revisions statelessly
 * (`initialize` per request, no session, no GET stream). Each case in flight is
 * reachable at `/mcp/<trace_id>` only while it runs; every request must carry
 * `Authorization: Bearer <token>` of the run, else it gets 401, is counted, and never reaches
 * a tool. The server only moves bytes: the case's ToolHost decides every call.
 */
import type http from 'node:http';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { bearerToken, sameToken, UNAUTHORIZED_MESSAGE } from '../../common/token.js';
import { CaseEndpoint } from '../case-endpoint.js';
import type { EndedTraces } from '../ended-traces.js';
import { InternalError } from '../../errors.js';
import type { McpCase } from './tools.js';
import { shorten } from '../../common/shorten.js';
import { MAX_HTTP_BODY_BYTES } from '../../adapters/http-post.js';
import { lateUsageWarning } from '../../adapters/stdio-host.js';
import { readBody } from '../../adapters/http-tools-server.js';

/** The path prefix of every case's endpoint; the full URL is `mcp_url`. */
export const MCP_PATH = '/mcp/';
/** Notes kept per trace about requests that were refused or misrouted. */
const NOTES_PER_TRACE = 20;

/** A case registered with the endpoint, until `end()`. */
export interface McpRegistration {
  /** The `mcp_url` to hand to the agent. */
  url: string;
  /** The case has ended: later requests for it get an error, its host is let go. */
  end(): void;
  /** Lines about this trace's refused requests, for the trace's agent log (the case's own list: read, not kept). */
  log(): readonly string[];
  /** What was wrong with the first invalid `usage` report the agent sent here, if any. */
  invalidUsage(): string | undefined;
}

interface LiveCase extends McpCase {
  notes: string[];
  note(line: string): void;
  /**
   * The SDK handler serving this case's requests (one fresh Server per request), made on the
   * case's first request: most agents of a run never connect, and a handler per case in flight
   * costs CPU and memory.
   */
  handler?: Promise<CaseHandler>;
}

interface CaseHandler {
  serve: NodeMcpRequestHandler;
  close(): Promise<void>;
}

/**
 * The SDK handler of one case. The SDK (about a third of an eval's code) is loaded on the first
 * request of the run: a run whose agent never connects does not compile it.
 */
async function handlerFor(kase: McpCase): Promise<CaseHandler> {
  const [{ toNodeHandler }, { createMcpHandler }, { createCaseServer }] = await Promise.all([
    import('@modelcontextprotocol/node'),
    import('@modelcontextprotocol/server'),
    import('./tools.js'),
  ]);
  // A body as long as tools_url and a stdio line take (10 MB): the SDK's own bound (4 MiB) refused a call that
  // stdio and http record, before any tool or trace saw it.
  const handler = createMcpHandler(() => createCaseServer(kase), { legacy: 'stateless', maxRequestBodySize: MAX_HTTP_BODY_BYTES });
  return { serve: toNodeHandler(handler, { maxRequestBodySize: MAX_HTTP_BODY_BYTES }), close: () => handler.close() };
}

/** Closes the case's handler, if it was ever made. */
async function closeCase(kase: LiveCase): Promise<void> {
  // A handler that could not be made has nothing to close (its request was answered 500).
  const handler = await kase.handler?.catch(() => undefined);
  await handler?.close();
}

export class McpToolServer extends CaseEndpoint<LiveCase> {
  #base: string | undefined;
  #lateUsage = 0;

  /** The run's warning of `usage` reports sent here once their case had ended (not counted), as the agent's transport warns of its own. */
  warnings(): string[] {
    const late = lateUsageWarning(this.#lateUsage);
    return late === undefined ? [] : [`mcp_url: ${late}`];
  }

  /** `ended`: the run's table of ended traces, shared with its model gateway. */
  constructor(private readonly token: string, ended?: EndedTraces) {
    super(ended);
  }

  /** Listens on 127.0.0.1 on a free port. */
  async listen(): Promise<void> {
    const port = await this.listenOnLoopback();
    this.#base = `http://127.0.0.1:${port}${MCP_PATH}`;
  }

  /** Serves the case's tools at its own URL until `end()`. */
  register(traceId: string, kase: McpCase): McpRegistration {
    if (this.#base === undefined) throw new InternalError('the MCP server is not listening');
    // Not `{ ...kase, notes: [] }`: a spread with a key after it takes V8's slow path (~0.6 µs a case).
    const live: LiveCase = { host: kase.host, tools: kase.tools, quote: kase.quote, traceId, notes: [], note: keepNote };
    this.open(traceId, live);
    return {
      url: `${this.#base}${traceId}`,
      end: () => {
        // Most cases never connect: no handler to close, and no promise spent finding that out.
        if (this.finish(traceId, live) && live.handler !== undefined) void closeCase(live);
      },
      log: () => live.notes,
      invalidUsage: () => live.invalidUsage,
    };
  }

  protected answerBroken(response: http.ServerResponse, message: string): void {
    replyError(response, { status: 500, code: -32603, message: `internal error: ${message}` });
  }

  protected endCase(live: LiveCase): Promise<void> {
    return closeCase(live);
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const traceId = traceIdOf(request.url);
    if (!this.#authorized(request.headers.authorization)) {
      this.countRefused();
      this.#note(traceId, `[agentready] mcp: refused a ${request.method ?? ''} request without the run's token (401)`);
      request.resume();
      replyError(response, { status: 401, code: -32001, message: UNAUTHORIZED_MESSAGE, headers: { 'www-authenticate': 'Bearer' } });
      return;
    }
    const kase = traceId === undefined ? undefined : this.live(traceId);
    if (kase === undefined) {
      const ended = traceId !== undefined && this.hasEnded(traceId);
      // A usage report for a case that has ended is counted, for the run's warning, as over the agent's transport.
      if (ended && request.method === 'POST' && (await isUsageNotification(request))) this.#lateUsage++;
      else request.resume();
      const message = ended
        ? `the case of trace ${traceId} has ended: its MCP endpoint is closed`
        : `no case in flight at ${shorten(request.url ?? '', 100)}: use the mcp_url of the run params`;
      replyError(response, { status: ended ? 410 : 404, code: -32001, message });
      return;
    }
    // Any request at the case's own URL, with the run's token, shows the agent read its run (stdio-flights.ts unreadOnExit).
    kase.host.touch?.();
    if (request.method !== 'POST') {
      // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE).
      request.resume();
      replyError(response, { status: 405, code: -32000, message: 'method not allowed: POST JSON-RPC messages to mcp_url', headers: { allow: 'POST' } });
      return;
    }
    kase.handler ??= handlerFor(kase);
    await (await kase.handler).serve(request, response);
  }

  #authorized(header: string | undefined): boolean {
    const given = bearerToken(header);
    return given !== undefined && sameToken(given, this.token);
  }

  /** Keeps a note in the named live case's log (bounded). */
  #note(traceId: string | undefined, line: string): void {
    (traceId === undefined ? undefined : this.live(traceId))?.note(line);
  }
}

/** A live case's `note`: one function for every case (a closure a case would be an object a case). */
function keepNote(this: LiveCase, line: string): void {
  if (this.notes.length < NOTES_PER_TRACE) this.notes.push(line);
}

/** Whether the body is a JSON-RPC `usage` notification (read as tools_url reads a body, up to its cap). */
async function isUsageNotification(request: http.IncomingMessage): Promise<boolean> {
  const body = await readBody(request);
  if (body === undefined) return false;
  try {
    const message = JSON.parse(body) as unknown;
    return typeof message === 'object' && message !== null && !Array.isArray(message) && (message as { method?: unknown }).method === 'usage' && !('id' in message);
  } catch {
    return false;
  }
}

/** The trace id in `/mcp/<trace_id>`, or undefined for any other path. */
function traceIdOf(url: string | undefined): string | undefined {
  const path = (url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(MCP_PATH)) return undefined;
  const id = path.slice(MCP_PATH.length);
  return /^[A-Za-z0-9_-]{1,128}$/.test(id) ? id : undefined;
}

/** A JSON-RPC error body with an HTTP status, as the MCP transport itself answers. */
function replyError(response: http.ServerResponse, { status, code, message, headers = {} }: { status: number; code: number; message: string; headers?: Record<string, string> }): void {
  const text = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}
