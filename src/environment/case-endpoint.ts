/**
 * What the run's two case-routed endpoints (the MCP endpoint, `mcp/server.ts`, and the model
 * gateway, `gateway/server.ts`) share: one HTTP server on 127.0.0.1 on a free port, the cases in
 * flight by trace id (each reachable only while it runs), the traces that ended (so a late request
 * hears "ended" rather than "unknown"; one table the run's endpoints share, as they end each case
 * together), the count of requests refused for the run's token, and an
 * idempotent close that ends every case still in flight. What a request means is the subclass's.
 */
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { InFlightMap } from '../common/in-flight-map.js';
import { loopbackOnly } from '../common/loopback-guard.js';
import { EndedTraces } from './ended-traces.js';

export abstract class CaseEndpoint<Live> {
  readonly #server: http.Server;
  readonly #cases = new InFlightMap<string, Live>();
  /** Traces that ended, so a late request gets "ended" rather than "unknown". */
  readonly #ended: EndedTraces;
  #refused = 0;
  #closed: Promise<void> | undefined;

  /** `ended`: the run's table of ended traces, when another endpoint of the run shares it. */
  constructor(ended = new EndedTraces()) {
    this.#ended = ended;
    // process.getBuiltinModule, not an ES import: on Node 22+ `import 'node:http'` also loads undici, tls and http2 (docs/architecture.md).
    this.#server = process.getBuiltinModule('node:http').createServer(loopbackOnly((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // A network boundary: one broken request must not take the run down.
        if (!response.headersSent) this.answerBroken(response, error instanceof Error ? error.message : String(error));
        else response.destroy();
      });
    }));
  }

  /** Serves one request. */
  protected abstract handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
  /** Answers a request whose handling threw before anything was sent. */
  protected abstract answerBroken(response: http.ServerResponse, message: string): void;
  /** Lets go of a case that ended or was still in flight at close. */
  protected abstract endCase(live: Live): Promise<unknown>;

  /** Listens on 127.0.0.1 on a free port; the port. */
  protected async listenOnLoopback(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  /** Calls `listener` with each connection as it is accepted. */
  protected onConnection(listener: (socket: Socket) => void): void {
    this.#server.on('connection', listener);
  }

  /** Serves `live` under `traceId` until `finish`. */
  protected open(traceId: string, live: Live): void {
    this.#cases.set(traceId, live);
  }

  /** The case in flight under `traceId`, if any. */
  protected live(traceId: string): Live | undefined {
    return this.#cases.get(traceId);
  }

  /** Whether the case of `traceId` was served and has ended. */
  protected hasEnded(traceId: string): boolean {
    return this.#ended.has(traceId);
  }

  /** Stops serving `live` under `traceId`; false when it was no longer served (ended, or closed with the run). */
  protected finish(traceId: string, live: Live): boolean {
    if (this.#cases.get(traceId) !== live) return false;
    this.#cases.delete(traceId);
    this.#ended.add(traceId);
    return true;
  }

  /** Counts a request refused for a missing or wrong token. */
  protected countRefused(): void {
    this.#refused++;
  }

  /** Requests refused for a missing or wrong token. */
  get unauthenticated(): number {
    return this.#refused;
  }

  /** Ends every case still in flight and stops listening; idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#closeAll();
    return this.#closed;
  }

  async #closeAll(): Promise<void> {
    const open = [...this.#cases.entries()];
    for (const [traceId] of open) this.#ended.add(traceId);
    this.#cases.clear();
    await Promise.all(open.map(([, live]) => this.endCase(live)));
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }
}
