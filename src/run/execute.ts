/**
 * One attempt of one case, in two phases. `runAttempt` holds an agent slot: host the case's
 * tools and run it through the adapter under its time limit. `judgeAttempt` needs no slot:
 * turn what happened into a trace and score it. The queue frees the slot between the two, so
 * the next case reaches the agent before this one is scored and written.
 */
import { AgentRunError, RunTimeoutError, type Adapter, type PartialRun } from '../adapters/adapter.js';
import type { RunParams } from '../adapters/protocol.js';
import type { Budgets, CaseResult, CheckResult, PolicyDecision, PolicyRule, Price, ResultOutcome, ToolCallRecord, Trace } from '../config/schema/index.js';
import type { CustomScorers } from './custom-scorers.js';
import { CaseEnvironment, RecordedAnswers, stricterCaps } from '../environment/index.js';
import type { GatewayFailure, ModelGateway } from '../environment/gateway/server.js';
import type { McpToolServer } from '../environment/mcp/server.js';
import { HarnessError } from '../errors.js';
import { caseStatus, scoreTrace } from '../score/index.js';
import { measureTrace } from '../score/measures.js';
import type { Attempt } from './plan.js';
import { judgeReadiness } from '../score/kill-switch.js';

export interface ExecuteOptions {
  adapter: Adapter;
  attempt: Attempt;
  traceId: string;
  token: string;
  /** The run's MCP endpoint: the case is served there while it runs (SPEC §4). */
  mcp?: McpToolServer;
  /** The run's model gateway: the case's model calls go there while it runs (SPEC §16). */
  gateway?: ModelGateway;
  mode: 'normal' | 'read_only';
  timeoutMs: number;
  budgets: Budgets;
  pricing: Readonly<Record<string, Price>>;
  rules: readonly PolicyRule[];
  /** Aborted on Ctrl-C: the attempt is then abandoned, not recorded. */
  runSignal: AbortSignal;
  summarize: (text: string) => string;
  onDecision: (decision: PolicyDecision) => void;
  /** `replay`: the recorded calls that answer this attempt's tool calls. */
  recording?: readonly ToolCallRecord[] | undefined;
}

/** What the agent did in one attempt, before it is judged. */
export interface AttemptRun {
  attempt: Attempt;
  traceId: string;
  mode: 'normal' | 'read_only';
  environment: CaseEnvironment;
  outcome: ResultOutcome;
  output: unknown;
  error?: { code: string; message: string };
  durationMs: number;
  /** The case's lines of the agent's log, read when the case is judged. */
  readAgentLog: () => string[];
}

export type AttemptOutcome = { kind: 'finished'; trace: Trace; result: CaseResult } | { kind: 'interrupted' };

/** Both phases at once, for callers with no slot to free. */
export async function executeAttempt(options: ExecuteOptions & { custom?: CustomScorers }): Promise<AttemptOutcome> {
  const run = await runAttempt(options);
  if (run === undefined) return { kind: 'interrupted' };
  return { kind: 'finished', ...judgeAttempt(run, options.budgets, await customChecks(run, options.custom)) };
}

/** The case's custom scorers over the attempt's trace; none for a harness error or under the kill switch (readiness judges then). */
export async function customChecks(run: AttemptRun, custom: CustomScorers | undefined): Promise<CheckResult[]> {
  if (!custom || run.outcome === 'error' || run.mode === 'read_only' || !run.attempt.kase.expect.custom?.length) return [];
  return custom.score(run.attempt, traceOf(run));
}

/** Runs the attempt through the adapter; undefined when Ctrl-C abandoned it. */
export async function runAttempt(options: ExecuteOptions): Promise<AttemptRun | undefined> {
  const { attempt, adapter } = options;
  const { kase, suite } = attempt;
  const tools = kase.tools ?? suite.tools;
  const caps = stricterCaps(options.budgets, kase.expect.budgets);
  const environment = new CaseEnvironment({
    traceId: options.traceId,
    kase,
    tools,
    rules: options.rules,
    mode: options.mode,
    caps,
    pricing: options.pricing,
    now: () => performance.now(),
    timestamp: () => new Date().toISOString(),
    summarize: options.summarize,
    onDecision: options.onDecision,
    ...(options.recording ? { recording: new RecordedAnswers(options.recording) } : {}),
  });
  const mcp = options.mcp?.register(options.traceId, { host: environment, tools });
  const models = options.gateway?.register(options.traceId, {
    suite: suite.name,
    caseId: kase.id,
    caps,
    faults: kase.model_faults ?? [],
    onCall: (usage) => environment.recordGatewayCall(usage),
  });
  const params: RunParams = {
    trace_id: options.traceId,
    case: { id: kase.id, input: kase.input, context: kase.context },
    tools: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
    mode: options.mode,
    budgets: caps,
    timeout_ms: options.timeoutMs,
    token: options.token,
    ...(mcp ? { mcp_url: mcp.url } : {}),
    ...(models ? { models: models.urls } : {}),
  };

  const started = performance.now();
  let outcome: ResultOutcome;
  let output: unknown = null;
  let error: { code: string; message: string } | undefined;
  let reportedDuration: number | undefined;
  let ended: Promise<GatewayFailure | undefined> | undefined;
  // The agent's own account of a run, when it gave one (exec, recorded traces): its model calls, tool calls and time.
  const recordReported = (reported: PartialRun): void => {
    const usage = reported.usage === undefined ? [] : Array.isArray(reported.usage) ? reported.usage : [reported.usage];
    for (const u of usage) environment.recordUsage(u);
    if (reported.tool_calls) environment.recordReported(reported.tool_calls);
    reportedDuration = reported.duration_ms;
  };
  try {
    const reply = await adapter.run(params, environment, options.runSignal);
    outcome = reply.outcome;
    output = reply.output ?? null;
    recordReported(reply);
  } catch (thrown) {
    if (options.runSignal.aborted) return undefined;
    if (thrown instanceof RunTimeoutError) {
      outcome = 'timeout';
      error = { code: 'TIMEOUT', message: thrown.message };
      if (thrown.partial) recordReported(thrown.partial);
    } else if (thrown instanceof AgentRunError) {
      outcome = 'agent_error';
      error = { code: 'AGENT_ERROR', message: thrown.message };
      if (thrown.partial) recordReported(thrown.partial);
    } else {
      outcome = 'error';
      error = describeError(thrown);
    }
  } finally {
    environment.close();
    mcp?.end();
    // Also when Ctrl-C abandons the attempt: held calls are let go, calls upstream aborted.
    ended = models?.end();
  }
  // A replay that missed its cassette (or a cassette that could not be written) is the harness's error.
  const gatewayFailure = await ended;
  if (gatewayFailure !== undefined) {
    outcome = 'error';
    error = { code: gatewayFailure.code, message: gatewayFailure.message };
  }
  return {
    attempt,
    traceId: options.traceId,
    mode: options.mode,
    environment,
    outcome,
    output,
    ...(error ? { error } : {}),
    durationMs: reportedDuration ?? performance.now() - started,
    readAgentLog: () => [...(adapter.logFor?.(options.traceId) ?? []), ...(mcp?.log() ?? []), ...(models?.log() ?? []), ...environment.log()],
  };
}

/** The trace of a finished attempt and its scored result (with its custom checks, run before); reads nothing but the agent's log. */
export function judgeAttempt(run: AttemptRun, budgets: Budgets, custom: readonly CheckResult[] = []): { trace: Trace; result: CaseResult } {
  const { attempt, outcome } = run;
  const { kase, suite } = attempt;
  const trace = traceOf(run);
  // Under the kill switch a case is judged by the readiness check, not by its expectations (SPEC §11).
  const checks = outcome === 'error' ? []
    : run.mode === 'read_only' ? judgeReadiness(trace, kase.tools ?? suite.tools)
    : [...scoreTrace({ trace, kase, budgets }), ...custom];
  const measures = measureTrace(trace);
  const result: CaseResult = {
    suite: suite.name,
    case_id: kase.id,
    attempt: attempt.attempt,
    trace_id: run.traceId,
    fingerprint: kase.fingerprint,
    tags: kase.tags,
    ...(kase.risk ? { risk: kase.risk } : {}),
    status: caseStatus(trace, checks),
    outcome,
    duration_ms: trace.duration_ms,
    cost_usd: measures.cost_usd,
    model_calls: measures.model_calls,
    ...(measures.models === undefined ? {} : { models: measures.models }),
    tool_calls: measures.tool_calls,
    tool_errors: measures.tool_errors,
    retries: measures.retries,
    policy_violations: measures.policy_violations,
    approval_missing: measures.approval_missing,
    checks,
    ...(run.error ? { error: run.error } : {}),
  };
  return { trace, result };
}

/** What happened in the attempt, as the trace records it. */
function traceOf(run: AttemptRun): Trace {
  const { attempt, environment, outcome, error } = run;
  const agentLog = run.readAgentLog();
  const { kase, suite } = attempt;
  return {
    trace_id: run.traceId,
    suite: suite.name,
    case_id: kase.id,
    attempt: attempt.attempt,
    mode: run.mode,
    outcome,
    output: run.output,
    duration_ms: round(run.durationMs),
    tool_calls: environment.toolCalls,
    approvals: environment.approvals,
    usage: environment.usage,
    policy_decisions: environment.decisions,
    ...(error ? { error } : {}),
    ...(agentLog.length > 0 ? { agent_log: agentLog } : {}),
  };
}

/** A harness error keeps its code; anything else unexpected is INTERNAL (a bug of ours). */
function describeError(thrown: unknown): { code: string; message: string } {
  if (thrown instanceof HarnessError) return { code: thrown.code, message: thrown.message };
  return { code: 'INTERNAL', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
