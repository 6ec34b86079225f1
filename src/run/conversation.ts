/**
 * One case as a conversation (τ²-bench's orchestrator, our way): the loop that owns the turn
 * order between the user (a script or a simulator), the agent and the case's one environment.
 * Every turn is one `run` with the same trace id, `turn` and the `messages` so far; the time
 * limit runs over the whole case, on the environment's clock (case-clock.ts: a turn's wait for a
 * free agent slot does not count). A case written with `input` and no simulator is a
 * conversation of one turn. It ends after the last scripted turn, when the user falls silent or
 * stops, at `run.max_turns` (simulator), or when the agent escalates, refuses or fails. A recorded
 * trace (`agentready score`) is read as its whole conversation by `recordedConversation`: nothing
 * is run.
 */
import { AgentRunError, CollateralCrashError, RunTimeoutError, type Adapter, type PartialRun } from '../adapters/adapter.js';
import type { RunParams } from '../adapters/protocol.js';
import { outputTooDeep } from '../adapters/result-issues.js';
import type { SimulatedReply, UserReplies } from '../adapters/user-simulator.js';
import { TimeLimit } from '../adapters/time-limit.js';
import type { Case, InFlightAttempt, Message, RecordedTrace, ResultOutcome, TurnRecord, UsageRecord } from '../config/schema/index.js';
import { oneOrMany } from '../config/json-value.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { valueNestedPast } from '../config/json-depth.js';
import type { CaseEnvironment } from '../environment/index.js';
import { HarnessError } from '../errors.js';
import { isThenable } from '../common/thenable.js';
import { chooseReply, type ReplyChoice } from '../score/index.js';

/** Outcomes after which the user is not asked anything more. */
const ENDING: ReadonlySet<ResultOutcome> = new Set(['escalated', 'refused', 'timeout', 'agent_error', 'error']);

export interface ConversationOptions {
  adapter: Adapter;
  environment: CaseEnvironment;
  kase: Case;
  /** The run params every turn shares; `case`, `turn`, `messages` and `timeout_ms` are the loop's. */
  params: Omit<RunParams, 'case' | 'turn' | 'messages' | 'timeout_ms'>;
  /** The case's time limit, over all its turns. */
  timeoutMs: number;
  /** The config's user simulator; it continues a case written with `input`. */
  user?: UserReplies;
  maxTurns: number;
  /** Whether calls are recorded with their turn (a conversation), or the case is one message. */
  recordTurns: boolean;
  /** The attempt, for an adapter to name should its agent block agentready's process (`RunContext.attempt`). */
  attempt?: InFlightAttempt;
  /** Aborted on Ctrl-C: the conversation is then abandoned. */
  runSignal: AbortSignal;
  /** The agent's own account of one turn (exec), recorded in the environment. */
  recordReported: (reported: ReportedRun) => void;
}

/** What the agent said it did in a run (exec), or what a recorded trace says it did, approvals included. */
export type ReportedRun = PartialRun & Pick<RecordedTrace, 'approvals'> & {
  /** A recorded trace's model calls the model gateway measured (agentready's own traces): the case's usage as the gateway's. */
  measured?: UsageRecord[];
};

/** How the conversation went; `outcome` and `output` are the last answer's. */
export interface ConversationEnd {
  turns: TurnRecord[];
  outcome: ResultOutcome;
  output: unknown;
  error?: { code: string; message: string };
}

/** Runs the case's turns; undefined when Ctrl-C abandoned it. Throws CollateralCrashError when the agent died under it beside other cases. */
export async function runConversation(options: ConversationOptions): Promise<ConversationEnd | undefined> {
  const { kase, environment } = options;
  const turns: TurnRecord[] = [];
  const messages: Message[] = [];
  let user = kase.input;
  for (let turn = 1; ; turn++) {
    messages.push({ role: 'user', content: user });
    if (options.recordTurns) environment.beginTurn(turn);
    // Until the adapter says the agent has the run (ToolHost.handedOff), the case's clock stands still.
    environment.asking();
    const turnStarted = environment.elapsed();
    const remainingMs = options.timeoutMs - turnStarted;
    const answer = await runTurn({ options, user, turn, messages, remainingMs });
    if (answer === undefined) return undefined;
    // A turn cut at the time limit lasted what it was left, as the case lasts timeout_ms (execute.ts):
    // not until its timeout settled (a stdio process's silence after it is waited out).
    const turnMs = environment.elapsed() - turnStarted;
    const duration = answer.outcome === 'timeout' ? Math.min(turnMs, Math.max(0, remainingMs)) : turnMs;
    turns.push({ turn, user, outcome: answer.outcome, output: answer.output, ...(answer.error ? { error: answer.error } : {}), duration_ms: round(duration) });
    messages.push({ role: 'agent', content: answer.output });
    if (ENDING.has(answer.outcome)) return end(turns);
    // A promise only when the user simulator answers (isThenable): a scripted reply, or none, is at hand.
    const pending = nextUserMessage({ options, turn, answer, messages, remainingMs: options.timeoutMs - environment.elapsed() });
    const next = isThenable(pending) ? await pending : pending;
    if (next === undefined) return options.runSignal.aborted ? undefined : end(turns);
    if (next.kind === 'error') return end(turns, next.error);
    user = next.text;
  }
}

type TurnAnswer = Pick<TurnRecord, 'outcome' | 'output' | 'error'>;

/** One `run` of the agent; undefined when Ctrl-C abandoned it. */
async function runTurn(input: { options: ConversationOptions; user: string; turn: number; messages: Message[]; remainingMs: number }): Promise<TurnAnswer | undefined> {
  const { options, turn } = input;
  if (input.remainingMs < 1) {
    // No run is asked: the turn settles at once, and the case's clock runs again as after any turn.
    options.environment.settled();
    return timedOut(options.timeoutMs, turn);
  }
  const params = turnParams(options.params, {
    case: { id: options.kase.id, input: input.user, context: options.kase.context },
    turn,
    messages: [...input.messages],
    timeout_ms: Math.max(1, Math.floor(input.remainingMs)),
  });
  try {
    const reply = await options.adapter.run(params, { host: options.environment, signal: options.runSignal, ...(options.attempt ? { attempt: options.attempt } : {}) });
    if (valueNestedPast(reply.output, MAX_NESTING_DEPTH)) throw outputTooDeep();
    options.environment.settled();
    options.recordReported(reply);
    return { outcome: reply.outcome, output: reply.output ?? null };
  } catch (thrown) {
    options.environment.settled();
    if (options.runSignal.aborted) return undefined;
    // The case may run again from its start: runAttempt decides.
    if (thrown instanceof CollateralCrashError) throw thrown;
    if (thrown instanceof RunTimeoutError) return timedOut(options.timeoutMs, turn);
    if (thrown instanceof AgentRunError) return agentError(thrown.message);
    return { outcome: 'error', output: null, error: describeError(thrown) };
  }
}

/**
 * One turn's run params: the case's, then the turn's, in the order agents have always seen them.
 * Copied field by field rather than with an object spread: with `{ ...shared, ... }` here, V8
 * promoted ~500 KB per minor GC of a 10,000-case stdio run to the old generation as garbage (the
 * turns' objects survived their young generation); without it ~130 KB (measured with
 * --trace-gc-nvp; why V8 kept them was not pinned down).
 */
function turnParams(shared: ConversationOptions['params'], turn: Pick<RunParams, 'case' | 'turn' | 'messages' | 'timeout_ms'>): RunParams {
  const params: ConversationOptions['params'] = { trace_id: shared.trace_id, tools: shared.tools, mode: shared.mode, budgets: shared.budgets, token: shared.token, models: shared.models };
  if (shared.mcp_url !== undefined) params.mcp_url = shared.mcp_url;
  if (shared.tools_url !== undefined) params.tools_url = shared.tools_url;
  return Object.assign(params, turn);
}

/**
 * A recorded trace (`agentready score`) read as the conversation it was: its own turns when it
 * has them, else one turn answered as recorded. Nothing is run. A recorded failure is what it
 * was live: the agent's or the harness's, its calls and model calls recorded either way (a case
 * a harness error ended had spent its model calls, which the run's cost counts; it is not judged).
 */
export function recordedConversation(input: { trace: RecordedTrace; user: string; timeoutMs: number; recordReported: (reported: ReportedRun) => void }): ConversationEnd {
  const { outcome, output, usage, tool_calls, approvals, duration_ms, error, turns } = input.trace;
  const entries = oneOrMany(usage);
  const measured = entries.filter((entry): entry is UsageRecord => 'via' in entry && entry.via === 'gateway');
  const reported = entries.filter((entry) => !measured.includes(entry as UsageRecord));
  input.recordReported({
    ...(reported.length === 0 ? {} : { usage: reported }),
    ...(measured.length === 0 ? {} : { measured }),
    ...(tool_calls === undefined ? {} : { tool_calls }),
    ...(approvals === undefined ? {} : { approvals }),
    ...(duration_ms === undefined ? {} : { duration_ms }),
  });
  let answer: TurnAnswer;
  if (outcome === 'error') answer = { outcome: 'error', output: null, error: { code: 'RECORDED_ERROR', message: error ?? 'the recorded run ended in a harness error' } };
  else if (outcome === 'timeout') answer = timedOut(input.timeoutMs, 1);
  else if (outcome === 'agent_error') answer = agentError(error ?? 'the recorded run ended in an agent error');
  else answer = { outcome, output: output ?? null };
  const ending = { outcome: answer.outcome, output: answer.output, ...(answer.error ? { error: answer.error } : {}) };
  const whole = outcome !== 'error' && turns !== undefined && turns.length > 0;
  return { turns: whole ? turns : [{ turn: 1, user: input.user, ...ending, duration_ms: round(duration_ms ?? 0) }], ...ending };
}

/** The agent failed the run itself. */
function agentError(message: string): TurnAnswer {
  return { outcome: 'agent_error', output: null, error: { code: 'AGENT_ERROR', message } };
}

/** The case's time limit ran out during `turn`. */
function timedOut(timeoutMs: number, turn: number): TurnAnswer {
  const during = turn > 1 ? ` (during turn ${turn})` : '';
  return { outcome: 'timeout', output: null, error: { code: 'TIMEOUT', message: `the agent did not answer within timeout_ms ${timeoutMs}${during}` } };
}

type NextMessage = { kind: 'say'; text: string } | { kind: 'error'; error: { code: string; message: string } };
type NextMessageInput = { options: ConversationOptions; turn: number; answer: TurnAnswer; messages: Message[]; remainingMs: number };

/**
 * The user's next message: from the script (its next turn, chosen by the agent's answer) or the
 * simulator (until it stops or max_turns). Undefined when the conversation is over.
 */
function nextUserMessage(input: NextMessageInput): NextMessage | undefined | Promise<NextMessage | undefined> {
  const { options, turn, answer } = input;
  const { kase } = options;
  if (kase.turns !== undefined) {
    const next = kase.turns[turn];
    if (next === undefined) return undefined;
    const choice: ReplyChoice = chooseReply(next.user, { outcome: answer.outcome, output: answer.output });
    return choice.kind === 'say' ? choice : undefined;
  }
  if (!options.user || turn >= options.maxTurns) return undefined;
  return simulatedMessage({ ...input, user: options.user });
}

/** The user simulator's next message (nextUserMessage). */
async function simulatedMessage(input: NextMessageInput & { user: UserReplies }): Promise<NextMessage | undefined> {
  const { options } = input;
  const { kase } = options;
  // A TimeLimit, not AbortSignal.any([runSignal, AbortSignal.timeout(ms)]): Node holds such a timeout
  // signal only weakly, so a garbage collection while the simulator was silent took it, it never
  // fired, and the case (and the run) waited forever. The TimeLimit's timer holds it until disposed.
  const limit = new TimeLimit(options.runSignal, Math.max(1, Math.floor(input.remainingMs)));
  let reply: SimulatedReply;
  try {
    reply = await input.user.reply({ trace_id: options.params.trace_id, case: { id: kase.id, input: kase.input, context: kase.context }, messages: [...input.messages] }, limit.signal);
  } catch (thrown) {
    if (options.runSignal.aborted) return undefined;
    if (limit.timedOut) return { kind: 'error', error: { code: 'USER_SIMULATOR', message: `the user simulator did not answer within the case's timeout_ms ${options.timeoutMs}` } };
    return { kind: 'error', error: describeError(thrown) };
  } finally {
    limit.dispose();
  }
  return reply.kind === 'say' ? reply : undefined;
}

/** The conversation's end: the last answer's outcome and output, or a harness error after it. */
function end(turns: TurnRecord[], error?: { code: string; message: string }): ConversationEnd {
  const last = turns[turns.length - 1]!;
  if (error) return { turns, outcome: 'error', output: last.output, error };
  return { turns, outcome: last.outcome, output: last.output, ...(last.error ? { error: last.error } : {}) };
}

/** A harness error keeps its code; anything else unexpected is INTERNAL (a bug of ours). */
function describeError(thrown: unknown): { code: string; message: string } {
  if (thrown instanceof HarnessError) return { code: thrown.code, message: thrown.message };
  return { code: 'INTERNAL', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
