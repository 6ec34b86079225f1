/**
 * JSON-RPC 2.0's messages as lines: their types, one written as a line (`encode`), and what
 * `JsonRpcPeer` reads a parsed line with before routing it: the plain checks of the messages every
 * case gets (`plainResult`, `plainNotification`; the schema reads the rest) and the wording of
 * what is wrong with one (`versionFlaw`, `SPLIT_MESSAGE`).
 */
import { withoutBom } from '../config/bom.js';

export type JsonRpcId = string | number;

export type JsonRpcMessage =
  | { jsonrpc: '2.0'; id: JsonRpcId; method: string; params?: unknown }
  | { jsonrpc: '2.0'; method: string; params?: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId | null; error: { code: number; message: string; data?: unknown } };

/**
 * What is wrong with a message's `"jsonrpc"` member, as a suffix of the problem, or nothing when it
 * is "2.0": the member a hand-written agent most often leaves out, which "invalid JSON-RPC
 * response" alone did not name (the value itself is not echoed: the quoted line shows it).
 */
export function versionFlaw(rawMessage: object): string {
  if (!('jsonrpc' in rawMessage)) return ': no "jsonrpc": "2.0" member (every message carries it)';
  return rawMessage.jsonrpc === '2.0' ? '' : ': its "jsonrpc" member is not the string "2.0"';
}

/**
 * The fast path of the envelope's check, for the messages a run reads once or twice a case (each
 * run's result, its usage notification): a JSON-parsed object read as the schema reads it, or
 * undefined to ask the schema (JsonRpcResponseSchema, JsonRpcNotificationSchema: zod's union and
 * objects, a copy of each message). A result: `jsonrpc` 2.0, a string or finite number `id`, an
 * own `result` and no `error` (the union's first branch, which a message with both matches too).
 */
export function plainResult(rawMessage: object): { jsonrpc: '2.0'; id: JsonRpcId; result: unknown } | undefined {
  const raw = rawMessage as Record<string, unknown>;
  const id = raw.id;
  if (raw.jsonrpc !== '2.0' || !(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) || !Object.hasOwn(raw, 'result') || 'error' in raw) return undefined;
  return { jsonrpc: '2.0', id, result: raw.result };
}

/** The response without its `result`, for one that holds an `error` too. */
export function withoutResult(rawMessage: object): object {
  const { result: _result, ...rest } = rawMessage as Record<string, unknown>;
  return rest;
}

/** A notification (`JsonRpcPeer.receiveCall` read no id in it), as `plainResult` reads a result: `jsonrpc` 2.0 and a string `method`. */
export function plainNotification(rawMessage: object): { jsonrpc: '2.0'; method: string; params?: unknown } | undefined {
  const raw = rawMessage as Record<string, unknown>;
  const method = raw.method;
  if (raw.jsonrpc !== '2.0' || typeof method !== 'string') return undefined;
  return Object.hasOwn(raw, 'params') && raw.params !== undefined ? { jsonrpc: '2.0', method, params: raw.params } : { jsonrpc: '2.0', method };
}

/** What is said of the first line of a message written over several (pretty-printed JSON). */
export const SPLIT_MESSAGE = 'not a JSON line: the start of a message written over several lines; write each message on one line, as JSON.stringify(message) and json.dumps(message) do without an indent';

/**
 * Whether a line that is no JSON is the first line of a pretty-printed message (`JSON.stringify(m, null, 2)`,
 * `json.dumps(m, indent=2)`, a serializer's indented mode): a lone `{` (or `[`). Such a line was said to be only
 * "not a JSON line", with the advice to log to stderr, which does not fit.
 */
export function splitMessage(rawLine: string): boolean {
  const line = withoutBom(rawLine).trim();
  return line === '{' || line === '[';
}

/** One JSON-RPC message as a line (JSON.stringify never emits a raw newline). */
export function encode(message: JsonRpcMessage): string {
  return `${JSON.stringify(message)}\n`;
}
