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
import { Server, type CallToolResult, type Tool as McpTool } from '@modelcontextprotocol/server';
import type { ToolAnswer, ToolHost } from '../../adapters/adapter.js';
import { PROTOCOL_VERSION } from '../../adapters/protocol.js';
import type { Tool } from '../../config/schema/index.js';
import { needsApproval } from '../authority.js';
import { isPlainObject } from '../../config/json-value.js';

/** The reason recorded with an approval the harness gave (or refused) over MCP. */
export const MCP_APPROVAL_REASON = 'requested over MCP: decided at call time by the case\'s approvals setting';

/** What one trace exposes over MCP. */
export interface McpCase {
  host: ToolHost & { awaitsApproval(name: string, args: Record<string, unknown>): boolean };
  tools: readonly Tool[];
}

/** A fresh SDK server for one HTTP request of one trace (each request stands alone). */
export function createCaseServer(kase: McpCase): Server {
  const server = new Server({ name: 'agentready', version: PROTOCOL_VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: kase.tools.map(describeTool) }));
  server.setRequestHandler('tools/call', async (request) => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    const tool = kase.tools.find((t) => t.name === name);
    // MCP has no approval request: the harness plays the approver for the call it is given, when
    // the call reaches the authority check (not one refused first: budget, arguments, kill switch)
    // and the agent has not asked already (approval/request, ctx.requestApproval) with an answer that stands.
    if (tool !== undefined && tool.tier !== 'suggest' && needsApproval(tool) && kase.host.awaitsApproval(name, args)) {
      await kase.host.requestApproval({ name, args, reason: MCP_APPROVAL_REASON });
    }
    return toCallToolResult(await kase.host.callTool(name, args));
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
