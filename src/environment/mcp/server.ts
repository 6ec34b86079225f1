/**
 * The run's MCP endpoint (SPEC §4 "MCP tools", §11 "Token"): one HTTP server on 127.0.0.1 per
 * run, speaking streamable HTTP through the official SDK's v2 handler: the 2026-07-28 revision
 * (stateless, `server/discover`) and, for older clients, the 2025 revisions statelessly
 * (`initialize` per request, no session, no GET stream). Each case in flight is
 * reachable at `/mcp/<trace_id>` only while it runs; every request must carry
 * `Authorization: Bearer <token>` of the run, else it gets 401, is counted, and never reaches
 * a tool. The server only moves bytes: the case's ToolHost decides every call.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { InFlightMap } from '../../common/in-flight-map.js';
import { EndedTraces } from '../ended-traces.js';
import { InternalError } from '../../errors.js';
import type { McpCase } from './tools.js';
import { shorten } from '../../common/shorten.js';

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
  /** Lines about this trace's refused requests, for the trace's agent log. */
  log(): string[];
}

interface LiveCase extends McpCase {
  notes: string[];
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
  const handler = createMcpHandler(() => createCaseServer(kase), { legacy: 'stateless' });
  return { serve: toNodeHandler(handler), close: () => handler.close() };
}

/** Closes the case's handler, if it was ever made. */
async function closeCase(kase: LiveCase): Promise<void> {
  // A handler that could not be made has nothing to close (its request was answered 500).
  const handler = await kase.handler?.catch(() => undefined);
  await handler?.close();
}

export class McpToolServer {
  readonly #server: http.Server;
  readonly #cases = new InFlightMap<string, LiveCase>();
  /** Traces that ended, so a late request gets "ended" rather than "unknown". */
  readonly #ended = new EndedTraces();
  #refused = 0;
  #base: string | undefined;
  #closed: Promise<void> | undefined;

  constructor(private readonly token: string) {
    this.#server = http.createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        // A network boundary: one broken request must not take the run down.
        if (!response.headersSent) replyError(response, 500, -32603, `internal error: ${error instanceof Error ? error.message : String(error)}`);
        else response.destroy();
      });
    });
  }

  /** Listens on 127.0.0.1 on a free port. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#base = `http://127.0.0.1:${port}${MCP_PATH}`;
  }

  /** Serves the case's tools at its own URL until `end()`. */
  register(traceId: string, kase: McpCase): McpRegistration {
    if (this.#base === undefined) throw new InternalError('the MCP server is not listening');
    const live: LiveCase = { ...kase, notes: [] };
    this.#cases.set(traceId, live);
    return {
      url: `${this.#base}${traceId}`,
      end: () => {
        if (this.#cases.get(traceId) !== live) return;
        this.#cases.delete(traceId);
        this.#ended.add(traceId);
        void closeCase(live);
      },
      log: () => [...live.notes],
    };
  }

  /** Requests refused for a missing or wrong token. */
  get unauthenticated(): number {
    return this.#refused;
  }

  /** Ends every case, closes open exchanges and stops listening; idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#closeAll();
    return this.#closed;
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const traceId = traceIdOf(request.url);
    if (!this.#authorized(request.headers.authorization)) {
      this.#refused++;
      this.#note(traceId, `[agentready] mcp: refused a ${request.method ?? ''} request without the run's token (401)`);
      request.resume();
      replyError(response, 401, -32001, 'unauthorized: send Authorization: Bearer <token> from the run params', { 'www-authenticate': 'Bearer' });
      return;
    }
    const kase = traceId === undefined ? undefined : this.#cases.get(traceId);
    if (kase === undefined) {
      request.resume();
      const ended = traceId !== undefined && this.#ended.has(traceId);
      const message = ended
        ? `the case of trace ${traceId} has ended: its MCP endpoint is closed`
        : `no case in flight at ${shorten(request.url ?? '', 100)}: use the mcp_url of the run params`;
      replyError(response, ended ? 410 : 404, -32001, message);
      return;
    }
    if (request.method !== 'POST') {
      // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE).
      request.resume();
      replyError(response, 405, -32000, 'method not allowed: POST JSON-RPC messages to mcp_url', { allow: 'POST' });
      return;
    }
    kase.handler ??= handlerFor(kase);
    await (await kase.handler).serve(request, response);
  }

  #authorized(header: string | undefined): boolean {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Keeps a note in the named live case's log (bounded). */
  #note(traceId: string | undefined, line: string): void {
    const kase = traceId === undefined ? undefined : this.#cases.get(traceId);
    if (kase !== undefined && kase.notes.length < NOTES_PER_TRACE) kase.notes.push(line);
  }

  async #closeAll(): Promise<void> {
    const live = [...this.#cases.entries()];
    for (const [traceId] of live) this.#ended.add(traceId);
    this.#cases.clear();
    await Promise.all(live.map(([, kase]) => closeCase(kase)));
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
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
function replyError(response: http.ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}
