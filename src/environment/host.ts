/**
 * CaseEnvironment: the tools agentready hosts for one attempt of one case. It implements the
 * adapters' ToolHost, asks decideToolCall for every call, and records what happened. Time
 * comes from an injected clock so the decisions stay pure; the case's time (`elapsed`, the calls'
 * `at_ms`) is its CaseClock's, which does not count a wait for a free agent slot.
 */
import type { ApprovalRequest, ToolAnswer, ToolHost } from '../adapters/adapter.js';
import { CASE_ENDED, errorForAgent } from '../adapters/tool-call-error.js';
import type { ApprovalRecord, JsonPatchOperation, PolicyDecision, RecordedApproval, Tool, ReportedToolCall, ToolCallRecord, UsageRecord } from '../config/schema/index.js';
import { reachedModel } from '../config/schema/index.js';
import { approvalAnswer, checkAuthority } from './authority.js';
import { decideToolCall, refusalBeforeAuthority } from './decide.js';
import type { Spend } from './budgets.js';
import type { ModelUsage } from './pricing.js';
import { CaseUsage } from './case-usage.js';
import { judgeReportedCall, reportedAnswer, reportedCallRecord, reportedSteps } from './reported.js';
import { DecisionLog } from './decision-log.js';
import { CaseClock } from './case-clock.js';
import type { CaseEnvironmentOptions } from './host-options.js';
import { runHandler, type Answered, type WorldError } from './tool-handler.js';
import { RunningHandlers } from './running-handlers.js';
import { refuseTooDeep } from './too-deep.js';

export type { CaseEnvironmentOptions } from './host-options.js';

/** What a case that used no approval, or called no tool, reads (never written: each case makes its own at its first entry). */
const NONE_USED: ReadonlySet<number> = new Set();
const NO_CALLS: ReadonlyMap<string, number> = new Map();
/** The tools by name, one Map per tools list (a suite's, a case's own): every case of a suite reads the same. */
const byNameOf = new WeakMap<readonly Tool[], ReadonlyMap<string, Tool>>();
function toolsByName(tools: readonly Tool[]): ReadonlyMap<string, Tool> {
  let byName = byNameOf.get(tools);
  if (byName === undefined) byNameOf.set(tools, (byName = new Map(tools.map((tool) => [tool.name, tool]))));
  return byName;
}

export class CaseEnvironment extends CaseClock implements ToolHost {
  readonly toolCalls: ToolCallRecord[] = [];
  readonly approvals: ApprovalRecord[] = [];
  readonly #usage: CaseUsage;
  readonly #decisions: DecisionLog;
  /** Handlers that crashed, in order. */
  readonly worldErrors: WorldError[] = [];
  readonly #tools: ReadonlyMap<string, Tool>;
  /** The conversation's turn now (from 1); recorded on each call. */
  #turn: number | undefined;
  // The collections below are made at their first entry: most cases call no tool, and each empty
  // Map or Set is ~150 bytes that would live as long as the case (young-generation GC work).
  #usedApprovals: Set<number> | undefined;
  #callsByTool: Map<string, number> | undefined;
  /** Tools whose calls answered a result (not an error), in order: what require_prior counts. */
  // Stryker disable next-line ArrayDeclaration: ["Stryker was here"] only matters to a rule requiring a tool of that name
  readonly #ran: string[] = [];
  /** Handlers called and not yet returned (made at the first handler call). */
  #handlers: RunningHandlers | undefined;
  #closed = false;
  /** Something of the run reached agentready (`touched`). */
  #touched = false;
  /**
   * The hard stop as the agent could know it. `leaving`: the first budget_exhausted answer is not
   * yet handed back; a call arriving before the microtask queued with it runs was made in the
   * same synchronous run as the refused one (calls made at once, `Promise.all`, or the lines of
   * one read of a stdio agent's output), before the agent could see the refusal (the agent's own
   * code after the refusal runs after that microtask). `seen`: it was handed back, so every later
   * call, at once with a later refusal or not, was made once the agent could know of the stop.
   */
  #stop: 'none' | 'leaving' | 'seen' = 'none';

  constructor(private readonly options: CaseEnvironmentOptions) {
    super(options.now);
    this.#tools = toolsByName(options.tools);
    this.#usage = new CaseUsage({ pricing: options.pricing, redactText: options.redactText });
    this.#decisions = new DecisionLog(options);
  }

  /** The policy decisions made so far, in order. */
  get decisions(): PolicyDecision[] {
    return this.#decisions.decisions;
  }

  /** Calls from now on belong to turn `turn` of a conversation. */
  beginTurn(turn: number): void {
    this.#turn = turn;
  }

  /**
   * Stops recording: calls arriving after the case ended (a late agent) are refused. A handler
   * still running keeps the world open until `handlersReturned`.
   */
  close(): void {
    this.#closed = true;
    if (this.handlersRunning === 0) this.options.world?.end();
  }

  /** How many handlers were called and have not returned (calls the agent did not await before it answered). */
  get handlersRunning(): number {
    return this.#handlers?.size ?? 0;
  }

  /**
   * Waits, `ms` at most, for the handlers still running after the case closed: what they change
   * is the case's world, and their answers its trace. Then ends the world (what a handler prints
   * from then on is late). True when none is still running.
   */
  async handlersReturned(ms: number): Promise<boolean> {
    const none = (await this.#handlers?.returned(ms)) ?? true;
    this.options.world?.end();
    return none;
  }

  /**
   * Keeps each handler still running as a world error, saying `why` it should have returned
   * (the case's time limit ran out): a handler that never returns is a bug in the world, not
   * the agent's timeout.
   */
  reportRunningHandlers(why: string): void {
    for (const name of this.#handlers?.tools() ?? []) {
      this.worldErrors.push({ tool: name, message: `${this.#tools.get(name)?.handler?.spec ?? name} had not returned ${why}`, stack: [] });
    }
  }

  /** Whether a tool call, approval request, usage report or model call of the case has reached agentready. */
  touched(): boolean {
    return this.#touched;
  }

  /** Something else of the case reached agentready: a request to its mcp_url (a `tools/list` too shows the agent read the run). */
  touch(): void {
    this.#touched = true;
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
    this.#touched = true;
    if (this.#closed) return { ok: false, error: errorForAgent(CASE_ENDED) };
    refuseTooDeep(args, `the ${name} call's arguments`);
    const started = this.options.now();
    const beforeStopSeen = this.#stop === 'leaving';
    const decided = decideToolCall({
        tools: this.#tools,
        kase: this.options.kase,
        rules: this.options.rules,
        mode: this.options.mode,
        caps: this.options.caps,
        spent: this.#spent(),
        callsByTool: this.#callsByTool ?? NO_CALLS,
        ran: this.#ran,
        approvals: this.approvals,
        usedApprovals: this.#usedApprovals ?? NONE_USED,
      }, { name, args });
    const decision = this.options.recording ? this.options.recording.answer({ decided, name, args }) : decided;
    // It ran when the tool answered (a result or its own domain error): a fault, a missing mock or
    // recording, a refusal ran nothing.
    const ran = decision.answer === 'answer' || decision.answer === 'error' || decision.answer === 'handler';
    // An approval is spent by the call that ran on it: one that ran nothing (a 429 the agent retries
    // after retry_after_ms, say) leaves it to the retry, as a reported call does (reported.ts).
    // Equivalent mutants: each of the next two tests' second half as `true` (an undefined in the set
    // answers no has(i); faults are looked up only for known tools, so counting unknown ones changes nothing).
    if (ran && decision.consumeApproval !== undefined) (this.#usedApprovals ??= new Set()).add(decision.consumeApproval);
    if (this.#tools.has(name)) (this.#callsByTool ??= new Map()).set(name, (this.#callsByTool.get(name) ?? 0) + 1);
    // require_prior counts a call that answered a result: one that failed (its own error, a crashed handler) verified nothing.
    if (decision.answer === 'answer') this.#ran.push(name);
    if (decision.policy) this.#decisions.record({ tool: name, args, ruleId: decision.policy.rule_id, outcome: decision.policy.outcome });

    // The call's place is taken now: a handler is awaited, and calls made meanwhile come after it.
    const seq = this.toolCalls.length;
    const turn = this.#turn;
    this.toolCalls.push({ seq, name, arguments: args, answer: 'answer', at_ms: 0, latency_ms: 0 });
    let answered: Answered;
    if (decision.answer === 'handler') {
      const handlers = (this.#handlers ??= new RunningHandlers());
      handlers.started({ seq, tool: name });
      answered = await runHandler({ name, args, tool: this.#tools.get(name), call: this.#callsByTool?.get(name) ?? 1, options: this.options }, (error) => this.worldErrors.push(error));
      // Its call is recorded below, in this same turn: a waiter resumes after that.
      handlers.finished(seq);
      if (answered.answer === 'answer') this.#ran.push(name);
    } else {
      // A replayed call keeps the recorded change to the world (no handler runs in a replay).
      const recorded = 'state_change' in decision ? (decision.state_change as JsonPatchOperation[] | undefined) : undefined;
      answered = { ...decision, answer: decision.answer, ...(recorded ? { stateChange: recorded } : {}) };
    }
    const finished = this.options.now();
    this.toolCalls[seq] = {
      seq,
      name,
      arguments: args,
      answer: answered.answer,
      ...('result' in answered ? { result: answered.result } : {}),
      ...(answered.error ? { error: answered.error } : {}),
      ...(decision.approved === undefined ? {} : { approved: decision.approved }),
      at_ms: Math.max(0, this.elapsed(started)),
      latency_ms: Math.max(0, finished - started),
      ...(turn === undefined ? {} : { turn }),
      ...(beforeStopSeen ? { before_stop_seen: true } : {}),
      ...(answered.stateChange && answered.stateChange.length > 0 ? { state_change: answered.stateChange } : {}),
    };
    if (answered.answer === 'budget_exhausted' && this.#stop === 'none') {
      this.#stop = 'leaving';
      queueMicrotask(() => (this.#stop = 'seen'));
    }
    // The trace keeps the decision's own words; the agent is told the kind and what to do.
    return answered.error ? { ok: false, error: errorForAgent(answered.error) } : { ok: true, result: answered.result ?? null };
  }

  /**
   * Whether a call with these arguments, made now, would reach the authority check with no approval
   * decided for it: no refusal comes first (unknown tool, kill switch, budget, invalid arguments),
   * and neither a granted approval/request no call has used yet nor a refused one stands. Over MCP
   * the harness plays the approver for such a call only: nothing is decided twice, and a call
   * refused before authority asks no one (its trace would show an approval never needed).
   */
  awaitsApproval(name: string, args: Record<string, unknown>): boolean {
    const state = { tools: this.#tools, mode: this.options.mode, caps: this.options.caps, spent: this.#spent() };
    const tool = this.#tools.get(name);
    if (tool === undefined || refusalBeforeAuthority(state, { name, args })) return false;
    return checkAuthority({ tool, args, approvals: this.approvals, used: this.#usedApprovals ?? NONE_USED }).kind === 'approval_missing';
  }

  /** What the case has spent so far, as the budget caps count it. */
  #spent(): Spend {
    return { toolCalls: this.toolCalls.length, modelCalls: this.usage.filter(reachedModel).length, costUsd: this.#usage.costUsd() };
  }

  async requestApproval({ name, args, reason }: ApprovalRequest): Promise<{ approved: boolean }> {
    this.#touched = true;
    refuseTooDeep(args, `the ${name} approval request's arguments`);
    const approved = !this.#closed && approvalAnswer(this.options.kase, { toolName: name, mode: this.options.mode });
    this.approvals.push({
      name,
      arguments: args,
      ...(reason === undefined ? {} : { reason }),
      approved,
      at_ms: Math.max(0, this.elapsed()),
      // A conversation's: replay compares it with the recording after the turns before it.
      ...(this.#turn === undefined ? {} : { turn: this.#turn }),
    });
    return { approved };
  }

  /** Records the calls an agent made against its own tools (exec, recorded traces), with its approvals, in the order `reportedSteps` gives: each call judged by authority and policy. */
  recordReported(calls: readonly ReportedToolCall[], approvals?: readonly RecordedApproval[]): void {
    for (const step of reportedSteps(calls, approvals)) {
      if (step.kind === 'approval') {
        this.approvals.push(this.#turn === undefined ? step.approval : { ...step.approval, turn: this.#turn });
        continue;
      }
      const { call, at } = step;
      const args = call.arguments ?? {};
      const judged = judgeReportedCall(
        {
          tools: this.#tools,
          rules: this.options.rules,
          context: this.options.kase.context,
          ran: this.#ran,
          approvals: this.approvals,
          usedApprovals: this.#usedApprovals ?? NONE_USED,
          redacted: this.options.redactedRecording === true,
        },
        call,
      );
      // Equivalent mutant: this test as `true`, as in callTool.
      if (judged.consumeApproval !== undefined) (this.#usedApprovals ??= new Set()).add(judged.consumeApproval);
      if (judged.ran && reportedAnswer(call) === 'answer') this.#ran.push(call.name);
      for (const policy of [...(judged.policy ? [judged.policy] : []), ...(judged.alsoDenied ?? [])]) this.#decisions.record({ tool: call.name, args, ruleId: policy.rule_id, outcome: policy.outcome });
      this.toolCalls.push(reportedCallRecord({ call, judged, seq: this.toolCalls.length, at, turn: this.#turn }));
    }
  }

  recordUsage(usage: ModelUsage): void {
    this.#touched = true;
    if (this.#closed) return;
    this.#usage.reported(usage);
  }

  /** A model call the gateway measured (priced there), refused and faulted calls included. */
  recordGatewayCall(usage: UsageRecord): void {
    this.#touched = true;
    if (this.#closed) return;
    // Timed by the gateway from its registration beside this environment: made the case's time.
    if (usage.at_ms !== undefined) usage.at_ms = this.caseTime(usage.at_ms);
    this.#usage.measured(usage);
  }

  /** The case's model calls (case-usage.ts: the gateway's records, else the agent's reports). */
  get usage(): UsageRecord[] {
    return this.#usage.records;
  }

  /** What the case's model calls have cost so far: a running case's spend, which the run-wide cap counts. */
  costUsd(): number {
    return this.#usage.costUsd();
  }

  /** Lines for the case's agent log: what its tool handlers printed, handlers that crashed, and reports left out because the gateway measured the case. */
  log(): string[] {
    const leftOut = this.#usage.leftOutNote();
    const printed = this.options.world?.printed;
    // Most cases have nothing here: no list made for them.
    if (leftOut === undefined && this.worldErrors.length === 0 && (printed === undefined || printed.length === 0)) return [];
    const handlers = [...(printed ?? []), ...this.worldErrors.flatMap((e) => [`[agentready] handler of ${e.tool}: ${e.message}`, ...e.stack])];
    return leftOut === undefined ? handlers : [...handlers, leftOut];
  }
}
