/**
 * The second phase of an attempt (execute.ts runs the first): what the agent did, turned into a
 * trace and scored into its result, with the case's custom scorers run before. Needs no agent
 * slot; reads nothing but the agent's log.
 */
import type { Budgets, CaseResult, CheckResult, ResultOutcome, Trace, TurnRecord, TurnSummary } from '../config/schema/index.js';
import type { CaseEnvironment } from '../environment/index.js';
import { caseStatus, outputText, scoreTrace, undecidedError, type Printed } from '../score/index.js';
import { judgeReadiness } from '../score/kill-switch.js';
import { measureTrace } from '../score/measures.js';
import { REASON_CHARS, shorten } from '../common/shorten.js';
import { plural } from '../common/plural.js';
import type { CustomOutcome, CustomScorers } from './custom-scorers.js';
import type { Attempt } from './plan.js';
import type { RunMode } from '../config/schema/run-modes.js';

/** Characters of a turn's message and answer kept in a result (the trace has them whole). */
const TURN_SUMMARY_CHARS = 200;

/** What the agent did in one attempt, before it is judged. */
export interface AttemptRun {
  attempt: Attempt;
  traceId: string;
  mode: RunMode;
  environment: CaseEnvironment;
  outcome: ResultOutcome;
  output: unknown;
  error?: { code: string; message: string };
  durationMs: number;
  /** The case's lines of the agent's log, read when the case is judged. */
  readAgentLog: () => string[];
  /** A conversation's turns; absent for a case of one message. */
  turns?: TurnRecord[];
  /** A recorded trace written with redaction on (`agentready score`): judged as common/match.ts reads such a trace. */
  redacted?: boolean;
  /** `replay` of a recording written with redaction on: the state changes it answered with hold placeholders, read as score/redacted.ts says. */
  redactedState?: boolean;
}

/** No custom checks, nothing printed. */
const NO_CUSTOM: CustomOutcome = { checks: [], printed: [] };

/** The case's custom scorers over the attempt's trace; none for a harness error or under the kill switch (readiness judges then). A promise only when a custom scorer runs: most cases have none, and their path makes no promise for it. */
export function customChecks(run: AttemptRun, custom: CustomScorers | undefined): CustomOutcome | Promise<CustomOutcome> {
  if (!custom || run.outcome === 'error' || run.mode === 'read_only' || !run.attempt.kase.expect.custom?.length) return NO_CUSTOM;
  return custom.score(run.attempt, traceOf(run));
}

/** The trace of a finished attempt and its scored result (with its custom checks, run before; `printed`: how its reasons will be, redacted unless --no-redact); reads nothing but the agent's log. */
export function judgeAttempt(run: AttemptRun, { budgets, custom = NO_CUSTOM, printed }: { budgets: Budgets; custom?: CustomOutcome; printed: Printed }): { trace: Trace; result: CaseResult } {
  const { attempt, outcome } = run;
  const { kase, suite } = attempt;
  // What its custom scorers printed ends its agent log.
  const trace = traceOf(run, custom.printed);
  // Under the kill switch a case is judged by the readiness check, not by its expectations (SPEC §11).
  const checks = outcome === 'error' ? []
    : run.mode === 'read_only' ? withShortReasons(judgeReadiness(trace, { tools: kase.tools ?? suite.tools, state: kase.state }))
    : withShortReasons(withCustom(scoreTrace({ trace, kase, budgets, redacted: run.redacted === true, redactedState: run.redactedState === true, printed }), custom.checks));
  const measures = measureTrace(trace);
  const result: CaseResult = {
    suite: suite.name,
    case_id: kase.id,
    attempt: attempt.attempt,
    trace_id: run.traceId,
    fingerprint: kase.fingerprint,
    tags: kase.tags,
    ...(kase.risk ? { risk: kase.risk } : {}),
    ...(kase.description === undefined ? {} : { description: kase.description }),
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
    ...(run.error ? { error: run.error } : undecidedError(checks)),
    ...(trace.turns ? { turns: trace.turns.map(summarizeTurn) } : {}),
  };
  return { trace, result };
}

/** The trace's checks, then the custom scorers' (not copied when there are none). */
function withCustom(scored: CheckResult[], custom: readonly CheckResult[]): CheckResult[] {
  return custom.length === 0 ? scored : [...scored, ...custom];
}

/**
 * The checks with each reason, and each text in what they expected and found, cut at REASON_CHARS
 * (the same check when nothing in it is longer): an argument or an output the agent made megabytes
 * long is in the trace whole, and every report prints these cut shorter still. Every check a
 * result keeps goes through here: an attempt's (judgeAttempt), a production trace's label-free
 * ones (run/production-traces.ts `judgeUnlabeled`).
 */
export function withShortReasons(checks: CheckResult[]): CheckResult[] {
  // Pushed into a new array, not `checks.map`: once Turbofan inlines map into judgeAttempt, the
  // array it makes is holey where the builtin's was packed, and every function already optimized
  // for the packed one (caseStatus, the figures' #write, redaction's walk) deoptimised and was
  // compiled again, judgeAttempt too, some 500 cases into every run.
  const short: CheckResult[] = [];
  for (const check of checks) short.push(shortReasons(check));
  return short;
}

/** The check with its texts cut (withShortReasons), or the same check when nothing in it is longer. */
function shortReasons(check: CheckResult): CheckResult {
  if (check.pass) return check.reason === undefined || check.reason.length <= REASON_CHARS ? check : { ...check, reason: shorten(check.reason, REASON_CHARS) };
  const reason = shortTexts(check.reason) as string;
  const expected = shortTexts(check.expected);
  const found = shortTexts(check.found);
  return reason === check.reason && expected === check.expected && found === check.found ? check : { ...check, reason, expected, found };
}

/**
 * `value` with each string longer than REASON_CHARS cut (key or value), and a list or an object
 * ended once its items' JSON reaches REASON_CHARS, with a text saying how many more it held (a list
 * of a million numbers is no long text); the same value when nothing is cut. Every report shows at
 * most REASON_CHARS of a value's JSON, which the cut keeps as it was.
 */
function shortTexts(value: unknown): unknown {
  if (typeof value === 'string') return value.length > REASON_CHARS ? shorten(value, REASON_CHARS) : value;
  if (value === null || typeof value !== 'object') return value;
  const list = Array.isArray(value);
  const entries: Iterable<[string | number, unknown]> = list ? value.entries() : Object.entries(value);
  const kept: [string | number, unknown][] = [];
  let chars = 0;
  let same = true;
  for (const [key, item] of entries) {
    if (chars >= REASON_CHARS) break;
    const shortKey = typeof key === 'string' && key.length > REASON_CHARS ? shorten(key, REASON_CHARS) : key;
    const shortItem = shortTexts(item);
    same &&= shortKey === key && shortItem === item;
    kept.push([shortKey, shortItem]);
    chars += (JSON.stringify(shortItem)?.length ?? 0) + (typeof shortKey === 'string' ? shortKey.length + 4 : 1);
  }
  const left = (list ? value.length : Object.keys(value).length) - kept.length;
  if (same && left === 0) return value;
  if (list) return [...kept.map(([, item]) => item), ...(left > 0 ? [`… ${plural(left, 'more item')}`] : [])];
  return Object.fromEntries(left > 0 ? [...kept, ['…', plural(left, 'more key')]] : kept);
}

/**
 * A turn as a result keeps it: its message and answer as text, cut for the reports; null, not the
 * text "null", when the agent gave none, so an agent that answered "null" still reads as it did.
 */
function summarizeTurn(turn: TurnRecord): TurnSummary {
  const output = turn.output === null || turn.output === undefined ? null : shorten(outputText(turn.output), TURN_SUMMARY_CHARS);
  return { turn: turn.turn, user: shorten(turn.user, TURN_SUMMARY_CHARS), outcome: turn.outcome, output };
}

/** What happened in the attempt, as the trace records it. */
function traceOf(run: AttemptRun, scorersPrinted: readonly string[] = []): Trace {
  const { attempt, environment, outcome, error } = run;
  const agentLog = scorersPrinted.length === 0 ? run.readAgentLog() : [...run.readAgentLog(), ...scorersPrinted];
  const { kase, suite } = attempt;
  return {
    trace_id: run.traceId,
    suite: suite.name,
    case_id: kase.id,
    attempt: attempt.attempt,
    mode: run.mode,
    ...(run.turns ? {} : { input: kase.input }),
    outcome,
    output: run.output,
    duration_ms: round(run.durationMs),
    tool_calls: environment.toolCalls,
    approvals: environment.approvals,
    usage: environment.usage,
    policy_decisions: environment.decisions,
    ...(error ? { error } : {}),
    ...(agentLog.length > 0 ? { agent_log: agentLog } : {}),
    ...(run.turns ? { turns: run.turns } : {}),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
