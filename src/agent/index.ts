/**
 * The package's main entry (`import type { … } from 'agentready-cli'`): the types an agent
 * written in JS or TypeScript needs, and a custom check's (`expect.custom`), derived from the zod protocol schemas the harness itself
 * parses with. Types only; the stdio server is `agentready-cli/agent`.
 */
import type { ModuleContext } from '../adapters/module.js';
import type { CustomScorerFn, CustomVerdict } from '../config/schema/custom-verdict.js';
import type { Trace } from '../config/schema/trace.js';
import type { HandlerFn, HandlerWorld } from '../config/schema/tool-handler.js';
import type { RunParams, RunResult, ToolDescriptor, UsageParams } from '../adapters/protocol.js';

/** The `run` params: one case, its tools, budgets, time limit, `mcp_url` and token. */
export type AgentTask = RunParams;
/** What the agent gets besides the task: `callTool`, `requestApproval`, `recordUsage`, `signal`, `models`. */
export type AgentContext = ModuleContext;
/** The run's answer: `{outcome, output, usage?}`. */
export type AgentResult = RunResult;
/** One tool of the case, as listed in `task.tools`. */
export type AgentTool = ToolDescriptor;
/** One model call, as `ctx.recordUsage` takes it. */
export type AgentUsage = Omit<UsageParams, 'trace_id'>;
/** A module agent's default export, and the handler `serveStdio` takes. */
export type AgentHandler = (task: AgentTask, ctx: AgentContext) => Promise<AgentResult> | AgentResult;

/** A case's trace, as a custom check (`expect.custom`) gets it: outcome, output, tool calls, usage, turns. */
export type AgentTrace = Trace;
/** A custom check module's default export: `(trace) => ({pass, score?, reason?})`, or a promise of it. */
export type CustomCheck = CustomScorerFn;
/** What a custom check returns. */
export type CustomCheckVerdict = CustomVerdict;

/** What a tool handler (`handler: ./tools/orders.ts#cancelOrder`) gets besides the arguments: `state` (the attempt's own copy), `case` ({id, context}), `call`. */
export type ToolWorld<State = Record<string, unknown>> = HandlerWorld<State>;
/** A tool handler: `(args, world) => result`, or a promise of it; throwing `{kind, message}` answers a domain error. */
export type ToolHandler<Args = Record<string, unknown>, State = Record<string, unknown>, Result = unknown> = HandlerFn<Args, State, Result>;

export type { ToolCallError, ToolErrorData } from '../adapters/tool-call-error.js';
