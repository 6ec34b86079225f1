/**
 * What goes wrong in JSON-RPC, as errors and words: the error codes, the error an answer carries
 * (thrown by a handler or received from the peer), an answer dropped for its length, and what is
 * said to a peer that calls a method nothing handles or sends a request as a notification. The
 * connection itself is jsonrpc.ts's.
 */

/** Standard JSON-RPC error codes, plus -32000 which agentready/1 uses for tool errors. */
export const JSONRPC_ERRORS = Object.freeze({
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
});

/**
 * The answer to a request for a method there is no request handler for. A method that is a
 * notification here (`usage`) sent with an `id` says so: a hand-written agent that sends every
 * message as a request otherwise reads only "method not found: usage" and loses the report.
 */
export function methodNotFound(method: string, notifications: Readonly<Record<string, unknown>> | undefined): JsonRpcError {
  const isNotification = notifications !== undefined && Object.hasOwn(notifications, method);
  return new JsonRpcError({ code: JSONRPC_ERRORS.METHOD_NOT_FOUND, message: isNotification ? `method not found: ${method} is a notification: send it without an "id" (it gets no answer)` : `method not found: ${method}` });
}

/**
 * The handler `handlers` holds for `method`, its own key only: a peer's method named
 * `__proto__`, `constructor` or `toString` would otherwise find Object.prototype's (code run, or
 * an INTERNAL error) instead of "method not found".
 */
export function handlerFor<H>(handlers: Readonly<Record<string, H>> | undefined, method: string): H | undefined {
  return handlers !== undefined && Object.hasOwn(handlers, method) ? handlers[method] : undefined;
}

/** What is said of a notification nothing handles: a request method sent without an `id` is told to carry one. */
export function unknownNotification(method: string, requests: Readonly<Record<string, unknown>> | undefined): string {
  const isRequest = requests !== undefined && Object.hasOwn(requests, method);
  return isRequest ? `"${method}" sent as a notification (no "id"): it is a request, and only a request with an "id" gets its answer` : `unknown notification "${method}"`;
}

/** An error answer: thrown by a handler to choose the code and data, or received from the peer. */
export class JsonRpcError extends Error {
  readonly code: number;
  readonly data?: unknown;
  constructor({ code, message, data }: { code: number; message: string; data?: unknown }) {
    super(message);
    this.name = 'JsonRpcError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }
}

/** Our request's answer came on a line past the limit; the line was dropped. */
export class OversizedMessageError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The start of the dropped line, escaped. */
    readonly excerpt: string,
  ) {
    super(`the answer is a line longer than ${limitBytes} bytes (the limit of one message), so it was dropped: "${excerpt}"`);
    this.name = 'OversizedMessageError';
  }
}
