/**
 * One attempt of one case, in two phases. `runAttempt` holds an agent slot: host the case's
 * tools (and its world) and run its conversation through the adapter under its time limit.
 * `judgeAttempt` (judge-attempt.ts) needs no slot: turn what happened into a trace and score
 * it. The queue frees the slot between the two, so the next case reaches the agent before this
 * one is scored and written. `recordedAttempt` stands in for `runAttempt` when the agent
 * recorded the attempt itself (`agentready score`): the same environment judges its calls, and
 * nothing runs.
 */
import { CollateralCrashError, type Adapter } from '../adapters/adapter.js';
import type { UserReplies } from '../adapters/user-simulator.js';
import { invalidUsageError } from '../adapters/usage-problem.js';
import type { Budgets, PolicyDecision, PolicyRule, Price, RecordedTrace, ToolCallRecord } from '../config/schema/index.js';
import { oneOrMany } from '../config/json-value.js';
import { isThenable } from '../common/thenable.js';
import { hasPlaceholder } from '../common/redact.js';
import { quoting } from '../common/shorten.js';
import type { AttemptRun } from './judge-attempt.js';
import { CaseEnvironment, RecordedAnswers, stricterCaps, World, type Handlers, type LatePrints } from '../environment/index.js';
import type { GatewayRegistration, ModelGateway } from '../environment/gateway/server.js';
import type { McpToolServer } from '../environment/mcp/server.js';
import { recordedConversation, runConversation, type ConversationOptions, type ReportedRun } from './conversation.js';
import type { Attempt } from './plan.js';
import type { RunMode } from '../config/schema/run-modes.js';

export interface ExecuteOptions {
  adapter: Adapter;
  attempt: Attempt;
  traceId: string;
  token: string;
  /** The run's MCP endpoint: the case is served there while it runs (SPEC §4). */
  mcp?: McpToolServer;
  /** The run's model gateway: the case's model calls go there while it runs (SPEC §16). */
  gateway: ModelGateway;
  mode: RunMode;
  timeoutMs: number;
  budgets: Budgets;
  pricing: Readonly<Record<string, Price>>;
  rules: readonly PolicyRule[];
  /** Aborted on Ctrl-C: the attempt is then abandoned, not recorded. */
  runSignal: AbortSignal;
  redactText: (text: string) => string;
  onDecision: (decision: PolicyDecision) => void;
  /** Told the case's environment as soon as it is made: the queue counts what a running case has spent against `max_run_cost_usd`. */
  onEnvironment?: (environment: CaseEnvironment) => void;
  /** The tools' handlers, loaded once for the run. */
  handlers?: Handlers;
  /** Where what the handlers print after their case ended goes: the run's warnings. */
  latePrints?: LatePrints;
  /** The config's user simulator: every case with `input` becomes a conversation it continues. */
  user?: UserReplies;
  /** With a user simulator, the most turns of one conversation. */
  maxTurns?: number;
  /** `replay`: the recorded calls that answer this attempt's tool calls. */
  recording?: readonly ToolCallRecord[] | undefined;
  /** `agentready score`: the recorded trace was written with redaction on. */
  redactedRecording?: boolean;
}

/**
 * How the run of an attempt ended: it ran, to be judged; it was lost to a crash of the agent
 * process that held other cases too, so it may be another case's (`run` is the attempt charged
 * with AGENT_EXITED, for a caller that will not run it again; `inFlight` counts the cases the
 * process held); or Ctrl-C abandoned it.
 */
export type AttemptEnd = { kind: 'ran'; run: AttemptRun } | { kind: 'lost'; run: AttemptRun; inFlight: number } | { kind: 'interrupted' };

const monotonicNow = (): number => performance.now();
const isoNow = (): string => new Date().toISOString();

/** What an attempt is judged in: the case's environment (tools, policy, budgets, its world), before anything answers. */
function caseEnvironment(options: Omit<ExecuteOptions, 'adapter' | 'token' | 'mcp' | 'gateway' | 'runSignal'>) {
  const { kase, suite } = options.attempt;
  const tools = kase.tools ?? suite.tools;
  const caps = stricterCaps(options.budgets, kase.expect.budgets);
  // Every attempt, repeat and variant starts from its own copy of the case's state.
  const world = kase.state !== undefined || tools.some((tool) => tool.handler) ? new World(kase.state, options.latePrints) : undefined;
  const environment = new CaseEnvironment({
    traceId: options.traceId,
    kase,
    tools,
    rules: options.rules,
    mode: options.mode,
    caps,
    pricing: options.pricing,
    now: monotonicNow,
    timestamp: isoNow,
    redactText: options.redactText,
    handlerTimeoutMs: options.timeoutMs,
    attempt: { suite: suite.name, case_id: kase.id, attempt: options.attempt.attempt, fingerprint: kase.fingerprint },
    onDecision: options.onDecision,
    ...(world ? { world } : {}),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.recording ? { recording: new RecordedAnswers(options.recording) } : {}),
    ...(options.redactedRecording ? { redactedRecording: true } : {}),
  });
  const conversational = kase.turns !== undefined || options.user !== undefined;
  return { environment, tools, caps, conversational };
}

/** The agent's own account of a run (exec, recorded traces), recorded in the environment: its model calls, tool calls and (a recorded trace's) approvals; returns its time, when it said. */
function recordReported(environment: CaseEnvironment, reported: ReportedRun): number | undefined {
  const usage = oneOrMany(reported.usage);
  for (const u of usage) environment.recordUsage(u);
  for (const u of reported.measured ?? []) environment.recordGatewayCall(u);
  if (reported.tool_calls || reported.approvals) environment.recordReported(reported.tool_calls ?? [], reported.approvals);
  return reported.duration_ms;
}

/**
 * A trace the agent recorded itself (`agentready score`) as an attempt: its calls go through the
 * case's environment (policy, budgets, approvals) exactly as a live run's would; nothing is run.
 */
export function recordedAttempt(options: Omit<ExecuteOptions, 'adapter' | 'token' | 'mcp' | 'gateway' | 'runSignal'> & { recorded: RecordedTrace }): AttemptRun {
  const { attempt } = options;
  const { environment, conversational } = caseEnvironment(options);
  if (conversational) environment.beginTurn(1);
  let reportedDuration: number | undefined;
  const conversation = recordedConversation({
    trace: options.recorded,
    user: attempt.kase.input,
    timeoutMs: options.timeoutMs,
    recordReported: (reported) => void (reportedDuration = recordReported(environment, reported) ?? reportedDuration),
  });
  environment.close();
  return {
    attempt,
    traceId: options.traceId,
    mode: options.mode,
    environment,
    outcome: conversation.outcome,
    output: conversation.output,
    ...(conversation.error ? { error: conversation.error } : {}),
    durationMs: reportedDuration ?? 0,
    readAgentLog: () => environment.log(),
    ...(conversational ? { turns: conversation.turns } : {}),
    ...(options.redactedRecording ? { redacted: true } : {}),
  };
}

/** The lists one after another, in a list of their own; most cases' agent log is empty, and makes no copies. */
function joinedLines(lists: readonly (readonly string[] | undefined)[]): string[] {
  const joined: string[] = [];
  for (const list of lists) if (list !== undefined) for (const line of list) joined.push(line);
  return joined;
}

/** Whether a replay's recording changed the world with placeholders (`[email]`): written with redaction on, its state is judged as a redacted trace's. */
function recordedStateRedacted(recording: ExecuteOptions['recording']): boolean {
  return recording !== undefined && recording.some((call) => call.state_change !== undefined && hasPlaceholder(JSON.stringify(call.state_change)));
}

/** Runs the attempt through the adapter. */
export async function runAttempt(options: ExecuteOptions): Promise<AttemptEnd> {
  const { attempt, adapter } = options;
  const { kase, suite } = attempt;
  const { environment, tools, caps, conversational } = caseEnvironment(options);
  options.onEnvironment?.(environment);
  const mcp = options.mcp?.register(options.traceId, { host: environment, tools, quote: quoting(options.redactText) });
  const models = options.gateway.register(options.traceId, {
    suite: suite.name,
    caseId: kase.id,
    caps,
    faults: kase.model_faults ?? [],
    onCall: (usage) => environment.recordGatewayCall(usage),
  });

  // Built by assignment, not by spreading conditional literals: one object a case, the keys in the order agents have always seen them.
  const params: ConversationOptions['params'] = {
    trace_id: options.traceId,
    tools: tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
    mode: options.mode,
    budgets: caps,
    token: options.token,
    models: models.urls,
  };
  if (mcp) params.mcp_url = mcp.url;
  let reportedDuration: number | undefined;
  let ended: ReturnType<GatewayRegistration['end']> | undefined;
  let conversation;
  let lost: CollateralCrashError | undefined;
  let agentMs = 0;
  try {
    conversation = await runConversation({
      adapter,
      environment,
      kase,
      params,
      timeoutMs: options.timeoutMs,
      ...(options.user ? { user: options.user } : {}),
      maxTurns: options.maxTurns ?? Infinity,
      recordTurns: conversational,
      attempt: { suite: suite.name, case_id: kase.id, attempt: attempt.attempt, fingerprint: kase.fingerprint },
      runSignal: options.runSignal,
      recordReported: (reported) => void (reportedDuration = recordReported(environment, reported) ?? reportedDuration),
    });
  } catch (thrown) {
    if (!(thrown instanceof CollateralCrashError)) throw thrown;
    lost = thrown;
    conversation = { turns: [], outcome: 'error' as const, output: null, error: { code: thrown.code, message: thrown.message } };
  } finally {
    // The agent's time, from the first hand-off: not a wait for a free agent slot (CaseEnvironment.elapsed).
    agentMs = environment.elapsed();
    // Also when Ctrl-C abandons the attempt: held calls are let go, calls upstream aborted — and
    // counted, before the environment closes to records.
    ended = models.end();
    environment.close();
    mcp?.end();
  }
  if (conversation === undefined) {
    // Nothing is judged: a handler still running prints to the run's warnings from now on.
    void environment.handlersReturned(0);
    return { kind: 'interrupted' };
  }
  let { outcome, error, output } = conversation;
  // An invalid usage report sent over MCP makes the answer a protocol error, as over the agent's own transport (a case cut at its limit has no answer to make one).
  const reportedInvalid = outcome === 'error' || outcome === 'timeout' ? undefined : mcp?.invalidUsage();
  const invalidUsage = reportedInvalid === undefined ? undefined : invalidUsageError(undefined, { reported: reportedInvalid, quote: quoting(options.redactText) });
  if (invalidUsage !== undefined) {
    outcome = 'error';
    error = { code: invalidUsage.code, message: invalidUsage.message };
    output = null;
  }
  // A handler still running (a call the agent did not await before it answered) is waited for within the
  // case's time limit: its change is the world's. One still running then is a world that never returns.
  if (environment.handlersRunning > 0 && !(await environment.handlersReturned(outcome === 'timeout' ? 0 : options.timeoutMs - agentMs))) {
    environment.reportRunningHandlers(`when the case's time limit (${options.timeoutMs} ms) ran out`);
  }
  // A handler that crashed (or hung) is a bug in the world: the case cannot be judged, whatever the agent did.
  const crash = environment.worldErrors[0];
  if (crash) {
    if (outcome !== 'error') error = { code: 'HANDLER_ERROR', message: `the handler of ${crash.tool} failed: ${crash.message}` };
    outcome = 'error';
  }
  // A replay that missed its cassette (or a cassette that could not be written) is the harness's error.
  // A promise only while a cassette is written (isThenable).
  const gatewayFailure = isThenable(ended) ? await ended : ended;
  if (gatewayFailure !== undefined) {
    outcome = 'error';
    error = { code: gatewayFailure.code, message: gatewayFailure.message };
  }
  // By assignment, not by spreading conditional literals: one object an attempt.
  const run: AttemptRun = {
    attempt,
    traceId: options.traceId,
    mode: options.mode,
    environment,
    outcome,
    output,
    // A case cut at its time limit lasted that limit, not until its timeout was settled (a stdio
    // process's silence after it is waited out to tell a stuck process from a slow case).
    durationMs: reportedDuration ?? (outcome === 'timeout' ? Math.min(agentMs, options.timeoutMs) : agentMs),
    readAgentLog: () => joinedLines([adapter.logFor?.(options.traceId), mcp?.log(), models.log(), environment.log()]),
  };
  if (error) run.error = error;
  if (conversational) run.turns = conversation.turns;
  if (recordedStateRedacted(options.recording)) run.redactedState = true;
  return lost ? { kind: 'lost', run, inFlight: lost.inFlight } : { kind: 'ran', run };
}
