/**
 * A tool's error answer as the agent sees it: the Error `ctx.callTool` rejects with on every
 * transport (module in process, `serveStdio` over the pipes).
 */
import type { ToolErrorPayload } from '../config/schema/trace.js';

/** What a tool error carries: the `data` of a `tools/call` error answer (its message included). */
export type ToolErrorData = Omit<ToolErrorPayload, 'message'> & { message?: string };

/**
 * What the agent should do after an error of each kind, said in the message because
 * frameworks show the model only an error's message.
 */
const NEXT_STEP: Readonly<Record<string, string>> = {
  error: 'the call may succeed if tried again',
  timeout: 'the call may succeed if tried again',
  policy_denied: 'do not retry this call',
  approval_missing: 'request approval for this call, then call it again',
  approval_denied: 'do not retry this call',
  execution_disabled: 'suggest the call in your answer instead of making it',
  budget_exhausted: 'make no more calls: answer with what you have',
  invalid_arguments: "call again with arguments that match the tool's parameters",
  tool_not_found: 'call only the tools listed',
  // The same call is answered the same way again: the suite (not_mocked) or the recording (replay's not_recorded) has nothing for these arguments.
  not_mocked: 'do not retry this call with these arguments',
  not_recorded: 'do not retry this call with these arguments',
  case_ended: 'stop: the case is over',
};

/** What a tool call made once its case ended is answered (the environment closed, the run past its time limit). */
export const CASE_ENDED: ToolErrorPayload = { kind: 'case_ended', message: 'the case has already ended' };

/**
 * A tool error as the agent is told it (stdio, module, http and MCP alike): the message starts
 * with the kind and says what to do (`rate_limit: retry after 50 ms`), since a framework shows
 * the model only an error's message.
 */
export function errorForAgent(error: ToolErrorPayload): ToolErrorPayload {
  if (error.kind === 'rate_limit' && error.retry_after_ms !== undefined) return { ...error, message: `rate_limit: retry after ${error.retry_after_ms} ms` };
  // A mock's error without a message has its kind as the message (or none at all): the kind alone, not `gone: gone` or `gone: `.
  const words = error.message.trim();
  const said = words === '' || words === error.kind || words.startsWith(`${error.kind}:`) ? words || error.kind : `${error.kind}: ${error.message}`;
  const next = NEXT_STEP[error.kind];
  return { ...error, message: next === undefined ? said : `${said}; ${next}` };
}

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
export function toolCallError(error: ToolErrorPayload): ToolCallError {
  const data = Object.fromEntries(Object.entries(error).filter(([, value]) => value !== undefined)) as ToolErrorData;
  return new ToolCallError(error.message, data);
}
