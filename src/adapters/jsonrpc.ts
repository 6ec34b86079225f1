/**
 * JSON-RPC 2.0 over newline-delimited JSON: one message per line, both directions.
 *
 * We frame it ourselves instead of using vscode-jsonrpc because that library frames messages
 * with LSP-style `Content-Length` headers, and agentready/1 agents write one JSON object per line.
 * Nothing here throws out of a stream handler: every problem with the peer's bytes is reported
 * through `onProblem`, with the first 200 characters of the raw line, escaped.
 */
import { withoutBom } from '../config/bom.js';
import { InFlightMap } from '../common/in-flight-map.js';
import { describeThrown, isInstance } from '../common/thrown.js';
import { LineSplitter, MAX_LINE_BYTES } from './line-splitter.js';
import { handlerFor, JSONRPC_ERRORS, JsonRpcError, methodNotFound, OversizedMessageError, unknownNotification } from './jsonrpc-errors.js';
import { JsonRpcRequestSchema, JsonRpcNotificationSchema, JsonRpcResponseSchema } from './agent-messages.js';
import { encode, plainNotification, plainResult, SPLIT_MESSAGE, splitMessage, versionFlaw, withoutResult, type JsonRpcId } from './jsonrpc-envelope.js';

export { LineSplitter, MAX_LINE_BYTES, type LineSplitterOptions } from './line-splitter.js';

/**
 * A problem with what the peer wrote; `excerpt` is the start of the raw line, as the peer's `excerpt` option quotes it.
 * `partial_line`: the stream ended in the middle of a line that is not a message (a writer that
 * died mid-write). `oversized_request`: a request past the line limit, already answered with an error.
 * `answered_id`: a response to a request of ours that was answered already (a second answer), as
 * opposed to `unknown_id`, an id we never sent.
 */
export interface ProtocolProblem {
  kind: 'not_json' | 'invalid_envelope' | 'unknown_id' | 'answered_id' | 'oversized_line' | 'oversized_request' | 'partial_line' | 'unknown_notification';
  message: string;
  excerpt: string;
}

/**
 * The head of an over-long line that names its id before anything else (as JSON.stringify of
 * `{jsonrpc, id, result}` does): the id, and whether the line is an answer or a request.
 */
const OVERSIZED_ENVELOPE = /^\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*,\s*"(result|error|method)"/;

export type RequestHandler = (params: unknown) => unknown;
export type NotificationHandler = (params: unknown) => void;

export interface JsonRpcPeerOptions {
  /** Writes one encoded line to the peer; must not throw. */
  write: (line: string) => void;
  requests?: Record<string, RequestHandler>;
  notifications?: Record<string, NotificationHandler>;
  onProblem: (problem: ProtocolProblem) => void;
  /**
   * How a raw line the peer wrote is quoted in a problem: escaped to one line and shortened. The
   * harness quotes an agent with common/shorten.ts's `excerpt`, whose cut leaves no part of a
   * secret for redaction to miss.
   */
  excerpt: (rawLine: string) => string;
  maxLineBytes?: number;
  /** What a request of ours that was answered already was (`the run of case refund-1`), named in the problem of a second answer to it; undefined when not known. */
  answeredRequest?: (id: number) => string | undefined;
}

/** One side of a JSON-RPC connection: our requests by id, and handlers for the peer's messages. */
export class JsonRpcPeer {
  private nextId = 1;
  private readonly pending = new InFlightMap<JsonRpcId, { resolve: (result: unknown) => void; reject: (error: unknown) => void }>();
  private readonly splitter: LineSplitter;

  constructor(private readonly options: JsonRpcPeerOptions) {
    this.splitter = new LineSplitter({
      onLine: (line) => this.receive(line),
      onOversized: (head) => this.oversized(head),
      onPartial: (line) => this.partial(line),
      maxLineBytes: options.maxLineBytes,
    });
  }

  /** Feeds bytes read from the peer. */
  feed(chunk: Buffer | string): void {
    this.splitter.push(chunk);
  }

  /** The peer's stream ended: a trailing line without newline is still a message. */
  end(): void {
    this.splitter.end();
  }

  /** Sends a request; `response` settles with the result, or rejects with a JsonRpcError. */
  request(method: string, params: unknown): { id: number; response: Promise<unknown> } {
    const id = this.nextId++;
    const response = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.options.write(encode({ jsonrpc: '2.0', id, method, params }));
    return { id, response };
  }

  notify(method: string, params: unknown): void {
    this.options.write(encode({ jsonrpc: '2.0', method, params }));
  }

  /** Whether request `id` still waits for an answer (its answer, once read, settles it a microtask later). */
  isPending(id: JsonRpcId): boolean {
    return this.pending.has(id);
  }

  /** Requests still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Rejects every pending request (the connection is gone). */
  rejectAll(error: unknown): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }

  /**
   * A line past the limit was dropped. When its head shows it answers one of our requests, that
   * request fails now (not at its time limit); a request of the peer's gets an error answer.
   */
  private oversized(head: string): void {
    const quoted = this.options.excerpt(head);
    const limit = this.options.maxLineBytes ?? MAX_LINE_BYTES;
    const envelope = OVERSIZED_ENVELOPE.exec(head);
    const id = envelope?.[1] === undefined ? undefined : (JSON.parse(envelope[1]) as JsonRpcId);
    if (id !== undefined && envelope?.[2] === 'method') {
      this.answerError(id, new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_REQUEST, message: `request longer than ${limit} bytes (the limit of one message) dropped` }));
      this.options.onProblem({ kind: 'oversized_request', message: `request longer than ${limit} bytes dropped and answered with an error`, excerpt: quoted });
      return;
    }
    const waiting = id === undefined ? undefined : this.pending.get(id);
    if (id !== undefined && waiting) {
      this.pending.delete(id);
      waiting.reject(new OversizedMessageError(limit, quoted));
      return;
    }
    this.options.onProblem({ kind: 'oversized_line', message: `line longer than ${limit} bytes dropped`, excerpt: quoted });
  }

  /** The stream ended mid-line: still a message if it parses, else the trace of a writer that died. */
  private partial(rawLine: string): void {
    try {
      JSON.parse(withoutBom(rawLine));
    } catch {
      this.problem({ kind: 'partial_line', message: 'the stream ended in the middle of a line' }, rawLine);
      return;
    }
    this.receive(rawLine);
  }

  /**
   * Parses one line and routes it; reports instead of throwing. A byte order mark the line starts with (what .NET's
   * UTF-8 encoding, PowerShell's too, writes before a stream's first bytes) is no part of it: left out, as an exec
   * result's reading leaves it (it read as "not a JSON line", quoting what looked like a valid message).
   */
  private receive(rawLine: string): void {
    let rawMessage: unknown;
    try {
      rawMessage = JSON.parse(withoutBom(rawLine));
    } catch {
      this.problem({ kind: 'not_json', message: splitMessage(rawLine) ? SPLIT_MESSAGE : 'not a JSON line' }, rawLine);
      return;
    }
    if (typeof rawMessage !== 'object' || rawMessage === null || Array.isArray(rawMessage)) {
      this.problem({ kind: 'invalid_envelope', message: 'not a JSON-RPC 2.0 object (batches are not supported)' }, rawLine);
    } else if ('method' in rawMessage) {
      this.receiveCall(rawMessage, rawLine);
    } else if ('result' in rawMessage || 'error' in rawMessage) {
      this.receiveResponse(rawMessage, rawLine);
    } else {
      this.problem({ kind: 'invalid_envelope', message: 'neither a request, a notification nor a response' }, rawLine);
    }
  }

  /** Dispatches a request (answered, even on error) or a notification (never answered). */
  private receiveCall(rawMessage: object, rawLine: string): void {
    if ('id' in rawMessage && rawMessage.id !== undefined) {
      const parsed = JsonRpcRequestSchema.safeParse(rawMessage);
      if (!parsed.success) {
        this.problem({ kind: 'invalid_envelope', message: `invalid JSON-RPC request${versionFlaw(rawMessage)}` }, rawLine);
        const id = JsonRpcRequestSchema.shape.id.safeParse(rawMessage.id);
        this.answerError(id.success ? id.data : null, new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_REQUEST, message: 'invalid JSON-RPC 2.0 request' }));
        return;
      }
      void this.answer(parsed.data);
      return;
    }
    const notification = plainNotification(rawMessage) ?? JsonRpcNotificationSchema.safeParse(rawMessage).data;
    if (notification === undefined) {
      this.problem({ kind: 'invalid_envelope', message: `invalid JSON-RPC notification${versionFlaw(rawMessage)}` }, rawLine);
      return;
    }
    const handler = handlerFor(this.options.notifications, notification.method);
    if (!handler) {
      this.problem({ kind: 'unknown_notification', message: unknownNotification(notification.method, this.options.requests) }, rawLine);
      return;
    }
    try {
      handler(notification.params);
    } catch (error) {
      this.problem({ kind: 'invalid_envelope', message: `notification "${notification.method}" failed: ${describeThrown(error)}` }, rawLine);
    }
  }

  /** Runs the handler and writes its result, or its error as a JSON-RPC error. */
  private async answer({ id, method, params }: { id: JsonRpcId; method: string; params?: unknown }): Promise<void> {
    const handler = handlerFor(this.options.requests, method);
    if (!handler) {
      this.answerError(id, methodNotFound(method, this.options.notifications));
      return;
    }
    try {
      const result = await handler(params);
      this.options.write(encode({ jsonrpc: '2.0', id, result: result ?? null }));
    } catch (error) {
      this.answerError(id, error);
    }
  }

  private answerError(id: JsonRpcId | null, error: unknown): void {
    // Asked safely: a handler (serveStdio's agent) may throw a Proxy whose traps throw, which ended the agent's process here.
    const rpcError = isInstance(error, JsonRpcError) ? error : new JsonRpcError({ code: JSONRPC_ERRORS.INTERNAL_ERROR, message: describeThrown(error) });
    const body = { code: rpcError.code, message: rpcError.message, ...(rpcError.data === undefined ? {} : { data: rpcError.data }) };
    this.options.write(encode({ jsonrpc: '2.0', id, error: body }));
  }

  /** Settles the pending request the response names. */
  private receiveResponse(rawMessage: object, rawLine: string): void {
    // One with both (JSON-RPC 2.0 allows one) is read as its error: the schema's union took its result, and an answer that says it failed passed its case.
    const response = plainResult(rawMessage) ?? JsonRpcResponseSchema.safeParse('result' in rawMessage && 'error' in rawMessage ? withoutResult(rawMessage) : rawMessage).data;
    if (response === undefined) {
      this.problem({ kind: 'invalid_envelope', message: `invalid JSON-RPC response${versionFlaw(rawMessage)}` }, rawLine);
      return;
    }
    const waiting = response.id === null ? undefined : this.pending.get(response.id);
    if (!waiting || response.id === null) {
      const what = 'error' in response ? `an error (${response.error.message})` : 'a response';
      // Our ids count up from 1: one below the next was sent, and its answer has come already.
      const answered = typeof response.id === 'number' && Number.isInteger(response.id) && response.id >= 1 && response.id < this.nextId;
      if (answered) {
        const request = this.options.answeredRequest?.(response.id as number);
        this.problem({ kind: 'answered_id', message: `${what} for request id ${response.id}${request === undefined ? '' : ` (${request})`}, which was answered already` }, rawLine);
      }
      else this.problem({ kind: 'unknown_id', message: `${what} for unknown request id ${JSON.stringify(response.id)}` }, rawLine);
      return;
    }
    this.pending.delete(response.id);
    if ('error' in response) waiting.reject(new JsonRpcError({ code: response.error.code, message: response.error.message, data: response.error.data }));
    else waiting.resolve(response.result);
  }

  private problem({ kind, message }: Pick<ProtocolProblem, 'kind' | 'message'>, rawLine: string): void {
    this.options.onProblem({ kind, message, excerpt: this.options.excerpt(rawLine) });
  }
}
