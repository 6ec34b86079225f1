/**
 * The MCP face of one case's tools (SPEC §4 "MCP tools"): a low-level SDK `Server` answering
 * `tools/list` from the suite's tools and `tools/call` through the case's ToolHost, so mocks,
 * faults, policy, budgets and recording are the same as over agentready's own methods.
 *
 * The low-level `Server` (not `McpServer.registerTool`) because the tools are declared at run
 * time with JSON Schema, and their arguments must reach the ToolHost unvalidated: an invalid
 * call is the agent's mistake to record and answer `invalid_arguments`, not a protocol error.
 * The official SDK's v2 line (`@modelcontextprotocol/server`) serves both protocol eras from
 * it: the 2026-07-28 revision (`server/discover`, per-request `_meta`) and the 2025 ones.
 */
import { ProtocolError, ProtocolErrorCode, Server, type CallToolResult, type JSONRPCRequest, type Result, type ServerContext, type Tool as McpTool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolAnswer, ToolHost } from '../../adapters/adapter.js';
import { ApprovalRequestParamsSchema, METHODS, PROTOCOL_VERSION } from '../../adapters/protocol.js';
import { readReportedUsage } from '../../adapters/usage-problem.js';
import type { Quote } from '../../common/shorten.js';
import type { Tool } from '../../config/schema/index.js';
import { needsApproval } from '../authority.js';
import { isPlainObject } from '../../config/json-value.js';

/** The reason recorded with an approval the harness gave (or refused) over MCP. */
export const MCP_APPROVAL_REASON = 'requested over MCP: decided at call time by the case\'s approvals setting';

/** What one trace exposes over MCP. */
export interface McpCase {
  /** The case's host, which records an approval request and decides a call when each is made, before its promise settles (CaseEnvironment). */
  host: ToolHost & { awaitsApproval(name: string, args: Record<string, unknown>): boolean; touch?(): void };
  tools: readonly Tool[];
  /** The trace its URL names: an `approval/request` or `usage` whose `trace_id` names another is refused. */
  traceId?: string;
  /** Keeps a line for the case's agent log (bounded by the endpoint). */
  note?(line: string): void;
  /** How what the agent sent is quoted: the run's quoting (common/shorten.ts `quoting`: redacted, then escaped). */
  quote: Quote;
  /** What was wrong with the first invalid `usage` report sent here: the case's answer becomes a protocol error, as on every transport. */
  invalidUsage?: string;
}

/** `approval/request` over MCP: its `trace_id` may be left out (the URL names the case). */
const McpApprovalParamsSchema = ApprovalRequestParamsSchema.extend({ trace_id: z.string().optional() });
/** `usage` over MCP: read as on every transport (readReportedUsage); its `trace_id` may be left out. */
const McpUsageParamsSchema = z.looseObject({ trace_id: z.unknown().optional() });

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * An SDK Server whose `tools/call` lets arguments that are no object through to the case's host, as
 * stdio and http do: the SDK's own check of the request refuses them with a protocol error (-32602)
 * that no trace records, where the host answers `invalid_arguments` and records the call. The request
 * is checked with no arguments in their place, and the handler reads them back (`argumentsOf`).
 * `null` reads as no arguments, as over stdio and http.
 */
class CaseServer extends Server {
  /** Arguments that were no object, by the id of their request, while it is answered. */
  readonly #unchecked = new Map<string | number, unknown>();

  protected override _wrapHandler(method: string, handler: Handler): Handler {
    const wrapped = super._wrapHandler(method, handler);
    if (method !== 'tools/call') return wrapped;
    return async (request, ctx) => {
      const rawArgs = request.params?.arguments;
      if (rawArgs === undefined || isPlainObject(rawArgs)) return wrapped(request, ctx);
      const { arguments: _, ...params } = request.params ?? {};
      if (rawArgs !== null) this.#unchecked.set(request.id, rawArgs);
      try {
        return await wrapped({ ...request, params }, ctx);
      } finally {
        this.#unchecked.delete(request.id);
      }
    };
  }

  /** The call's arguments as the agent sent them (no object included), `{}` for none. */
  argumentsOf(request: { params: { arguments?: Record<string, unknown> } }, ctx: ServerContext): Record<string, unknown> {
    const id = ctx.mcpReq.id;
    return (this.#unchecked.has(id) ? this.#unchecked.get(id) : request.params.arguments ?? {}) as Record<string, unknown>;
  }
}

/** A fresh SDK server for one HTTP request of one trace (each request stands alone). */
export function createCaseServer(kase: McpCase): Server {
  const server = new CaseServer({ name: 'agentready', version: PROTOCOL_VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: kase.tools.map(describeTool) }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name } = request.params;
    const args = server.argumentsOf(request, ctx);
    const tool = kase.tools.find((t) => t.name === name);
    // A plain MCP client asks no approval: the harness plays the approver for the call it is given, when
    // the call reaches the authority check (not one refused first: budget, arguments, kill switch)
    // and the agent has not asked already (approval/request, ctx.requestApproval) with an answer that stands.
    if (tool !== undefined && tool.tier !== 'suggest' && needsApproval(tool) && kase.host.awaitsApproval(name, args)) {
      // The approval and the call that uses it in one synchronous step (the host records each as it is
      // asked): awaited in between, a call of another request for the same tool and arguments could take
      // this approval first, and this call was then answered approval_missing, a violation no agent made.
      // Both awaited at once: arguments nested too deep reject both, and the one not awaited was an
      // unhandled rejection that ended the run. The call's error, first, is what the agent is answered.
      const approved = kase.host.requestApproval({ name, args, reason: MCP_APPROVAL_REASON });
      const answer = kase.host.callTool(name, args);
      const [answered] = await Promise.all([answer, approved]);
      return toCallToolResult(answered);
    }
    return toCallToolResult(await kase.host.callTool(name, args));
  });
  // agentready's own methods to the agent's tools are served here too, for this case (SPEC §4: the same
  // names on every transport): an agent that talks to agentready over MCP alone asks for its approvals
  // and reports its model calls where it calls its tools, in order with them, and never for another case.
  server.setRequestHandler(METHODS.approvalRequest, { params: McpApprovalParamsSchema }, async (params) => {
    if (params.trace_id !== undefined && kase.traceId !== undefined && params.trace_id !== kase.traceId) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `trace_id "${kase.quote(params.trace_id)}" is not the case of this mcp_url: leave it out, or send the trace_id of its run params`);
    }
    const { approved } = await kase.host.requestApproval({ name: params.name, args: params.arguments ?? {}, reason: params.reason });
    return { approved };
  });
  server.setNotificationHandler(METHODS.usage, { params: McpUsageParamsSchema }, (params) => {
    const named = params.trace_id;
    if (named !== undefined && named !== kase.traceId && kase.traceId !== undefined) {
      // A trace_id that is no string (over stdio: none, so no case's) is said so, not quoted as "[object Object]".
      const naming = typeof named === 'string' ? `naming trace_id "${kase.quote(named)}", not this case's,` : `whose trace_id is no string (${named === null ? 'null' : typeof named})`;
      kase.note?.(`[agentready] mcp: a usage report ${naming} was not counted`);
      return;
    }
    const reading = readReportedUsage(params, kase.quote);
    if (reading.ok) kase.host.recordUsage(reading.usage);
    else kase.invalidUsage ??= reading.problem;
  });
  return server;
}

/** A suite tool as MCP lists it: `inputSchema` is the tool's `parameters`. */
export function describeTool(tool: Tool): McpTool {
  return {
    name: tool.name,
    ...(tool.description === '' ? {} : { description: tool.description }),
    inputSchema: { ...tool.parameters, type: 'object' },
  };
}

/**
 * A ToolHost answer as an MCP tool result. The text is always the JSON of the value, so any
 * result (a truncated-JSON string from a `malformed` fault included) reads back unchanged; an
 * object result is also `structuredContent`. An error is `isError`: its text is the message
 * (which starts with the kind), its `structuredContent` `{kind, status?, retry_after_ms?,
 * rule_id?, message}`, as stdio's error `data` carries.
 */
export function toCallToolResult(answer: ToolAnswer): CallToolResult {
  if (answer.ok) {
    const text = JSON.stringify(answer.result) ?? 'null';
    return isPlainObject(answer.result) ? { content: [{ type: 'text', text }], structuredContent: answer.result } : { content: [{ type: 'text', text }] };
  }
  const { kind, status, retry_after_ms, rule_id, message } = answer.error;
  const payload = { kind, ...defined({ status, retry_after_ms, rule_id, message }) };
  // The text a framework shows its model is the message, which starts with the kind.
  return { isError: true, content: [{ type: 'text', text: message }], structuredContent: payload };
}

/** The object without its undefined values. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
