/**
 * A tool's error answer as the agent sees it: the Error `ctx.callTool` rejects with on every
 * transport (module in process, `serveStdio` over the pipes).
 */
import type { ToolErrorPayload } from '../config/schema/trace.js';

/** What a tool error carries besides its message: the `data` of a `tools/call` error answer. */
export type ToolErrorData = Omit<ToolErrorPayload, 'message'>;

export class ToolCallError extends Error {
  readonly kind: string;
  readonly status: number | undefined;
  readonly retry_after_ms: number | undefined;
  readonly data: ToolErrorData;

  constructor(message: string, data: ToolErrorData) {
    super(message);
    this.name = 'ToolCallError';
    this.kind = data.kind;
    this.status = data.status;
    this.retry_after_ms = data.retry_after_ms;
    this.data = data;
  }
}

/** The error a tool answered, as the Error the agent's `callTool` rejects with. */
export function toolCallError({ message, ...fields }: ToolErrorPayload): ToolCallError {
  const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as ToolErrorData;
  return new ToolCallError(message, data);
}
