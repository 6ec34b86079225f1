/**
 * The scheduler: attempts through a Scheduler (scheduler.ts) at the run's concurrency, fed as slots free up (a
 * queued attempt holds a closure and promises: 100,000 of them at once would be most of the
 * memory). Each finished attempt is written to the run folder before anyone else hears of it,
 * so nothing finished is lost; the queue keeps only where it was written. Attempts lost to a
 * crash of an agent process that held other cases too are run again once the others are done,
 * in rounds of falling concurrency, until the one that crashes is alone (crash-rounds.ts).
 */
import type { Adapter } from '../adapters/adapter.js';
import { blockedCode, type Budgets, type CaseResult, type PolicyRule, type Price, type ToolCallRecord, type Trace } from '../config/schema/index.js';
import type { ModelGateway } from '../environment/gateway/server.js';
import type { McpToolServer } from '../environment/mcp/server.js';
import type { CustomScorers } from './custom-scorers.js';
import type { Printed } from '../score/index.js';
import { runAttempt, type AttemptEnd, type ExecuteOptions } from './execute.js';
import type { CaseEnvironment } from '../environment/index.js';
import { customChecks, judgeAttempt } from './judge-attempt.js';
import { InternalError } from '../errors.js';
import { isThenable } from '../common/thenable.js';
import { chargesCrash, nextCrashRound } from './crash-rounds.js';
import { Finishing } from './finishing.js';
import { newTraceId } from './ids.js';
import { Scheduler } from './scheduler.js';
import type { Attempt } from './plan.js';
import type { RunFolder } from './run-folder.js';
import { formatCapUsd, reachedCap } from '../common/usd.js';
import type { RunMode } from '../config/schema/run-modes.js';

/** A finished attempt: one that ran, with its trace, or one never started, which has no trace. */
export type CaseFinished =
  | { kind: 'ran'; result: CaseResult; trace: Trace; attempt: Attempt }
  /**
   * No trace: never started (the run had reached max_run_cost_usd), its result of status `skipped`;
   * or its agent, tool handler or custom scorer blocked agentready's process and the watchdog ended it (`--resume` records it, an error of code AGENT_BLOCKED, HANDLER_BLOCKED or SCORER_BLOCKED).
   */
  | { kind: 'not_run'; result: CaseResult; attempt: Attempt };

/** An attempt read back from a run folder: a skipped one never ran; one that ran needs its trace (undefined when lost). */
export function storedAttempt({ result, trace }: { result: CaseResult; trace: Trace | undefined }, attempt: Attempt): CaseFinished | undefined {
  if (result.status === 'skipped' || blockedCode(result.error?.code)) return { kind: 'not_run', result, attempt };
  return trace ? { kind: 'ran', result, trace, attempt } : undefined;
}

export interface RunQueueOptions {
  adapter: Adapter;
  /** The run's time so far (earlier sessions' included), stamped on each result as it is recorded (`run_ms`). */
  runMs: () => number;
  attempts: readonly Attempt[];
  /** The first `alone` attempts run first, one at a time (`--resume`: those in flight when a module agent blocked the process, one of them the cause). */
  alone?: number;
  concurrency: number;
  folder: RunFolder;
  token: string;
  /** The run's MCP endpoint, where each case is served while it runs. */
  mcp?: McpToolServer;
  /** The run's model gateway, where each case's model calls go while it runs. */
  gateway: ModelGateway;
  mode: RunMode;
  timeoutMs: number;
  budgets: Budgets;
  /** Stop starting cases once the run has spent this (SPEC §3). */
  maxRunCostUsd?: number;
  /** What the run spent before this session (`--resume`: its kept attempts), counted against the cap. */
  spentUsd?: number;
  pricing: Readonly<Record<string, Price>>;
  rules: readonly PolicyRule[];
  /** The `expect.custom` scorers, loaded. */
  custom?: CustomScorers;
  /** What every attempt's conversation and world need: the handlers (and where they print after their case), the user simulator, max_turns. */
  conversation?: Pick<ExecuteOptions, 'handlers' | 'latePrints' | 'user' | 'maxTurns'>;
  signal: AbortSignal;
  /** Redacts a result or a trace before it is written and reported (the trace id and fingerprint it issued kept: `Redactions.runRecord`); identity under --no-redact. */
  redact: <T>(value: T) => T;
  /** How the checks' reasons will be printed: as written under --no-redact. */
  printed: Printed;
  redactText: (text: string) => string;
  onCaseEnd: (finished: CaseFinished) => void | Promise<void>;
  /** The attempt at `index` of `attempts` was written at this place of results.jsonl. */
  onRecorded?: (index: number, recorded: { at: { offset: number; length: number }; result: CaseResult }) => void;
  /** `replay`: tool calls answered from these recorded calls. */
  recording?: readonly ToolCallRecord[] | undefined;
}

export interface RunQueueResult {
  interrupted: boolean;
  /** Attempts not started because the run-wide cost cap was reached. */
  skippedForCost: number;
}

export async function runQueue(options: RunQueueOptions): Promise<RunQueueResult> {
  // Once a finished task's slot went to the next case (already handed to the agent), judging and
  // writing the finished one does not keep the agent waiting.
  const queue = new Scheduler({ concurrency: options.concurrency, onNext: () => finishing.flushSoon() });
  let spent = options.spentUsd ?? 0;
  let skippedForCost = 0;
  // Under a run-wide cap, the cases in flight: what they have spent already counts before another starts.
  const running = new Set<CaseEnvironment>();
  const runningSpend = (): number => {
    let sum = 0;
    for (const environment of running) sum += environment.costUsd();
    return sum;
  };
  // Set on Ctrl-C and on a failure to record: no more attempts are queued or started.
  let stopped = false;
  const stop = () => {
    stopped = true;
    queue.clear();
  };
  options.signal.addEventListener('abort', stop, { once: true });

  const record = (index: number, done: CaseFinished): CaseFinished => {
    // Stamped with the run's time, so a resume after a kill knows how long this session had run.
    const finished = stamped(done, options.runMs());
    const at = options.folder.appendResult(finished.result);
    if (finished.kind === 'ran') options.folder.appendTrace(finished.trace);
    options.onRecorded?.(index, { at, result: finished.result });
    return finished;
  };
  // A failure to record (a full disk, say) stops the run: no more cases are started.
  const finishing = new Finishing({
    notify: options.onCaseEnd,
    onFailure: stop,
    batch: (recordAll) => options.folder.batch(recordAll),
    maxWaiting: options.concurrency,
  });

  const fail = (error: unknown): void => finishing.fail(error);

  /** Attempts lost in this round to a crash that may be another case's, to run again in the next. */
  let lost: { index: number; attempt: Attempt; inFlight: number }[] = [];
  // `charge`: the last round, so a lost attempt is recorded with the crash instead of run again.
  const runOne = ({ index, attempt, charge }: { index: number; attempt: Attempt; charge: boolean }): void => {
    queue.add(async () => {
      // Checked as the attempt starts: Ctrl-C may have come while it waited.
      if (options.signal.aborted) return;
      const cap = options.maxRunCostUsd;
      if (cap !== undefined && reachedCap(spent + runningSpend(), cap)) {
        skippedForCost++;
        const reason = `the run reached max_run_cost_usd ${formatCapUsd(cap)}`;
        finishing.add(() => record(index, skipped(attempt, reason)));
        return;
      }
      let live: CaseEnvironment | undefined;
      let end: AttemptEnd;
      // The disk's refusal of one of its policy decisions (policy-decisions.jsonl): the run stops on it
      // (exit 3, naming the file) and the attempt is not recorded, so `eval --resume` runs it again.
      let unwritten = false;
      try {
        end = await runAttempt({
          ...(cap === undefined ? {} : { onEnvironment: (environment: CaseEnvironment) => void running.add((live = environment)) }),
          adapter: options.adapter,
          attempt,
          traceId: newTraceId(),
          token: options.token,
          ...(options.mcp ? { mcp: options.mcp } : {}),
          gateway: options.gateway,
          mode: options.mode,
          timeoutMs: options.timeoutMs,
          budgets: options.budgets,
          pricing: options.pricing,
          rules: options.rules,
          runSignal: options.signal,
          redactText: options.redactText,
          onDecision: (decision) => {
            try {
              options.folder.appendDecision(decision);
            } catch (error) {
              unwritten = true;
              fail(error);
              throw error;
            }
          },
          ...options.conversation,
          recording: options.recording,
        });
      } finally {
        // In the same turn as its spend is added below: no case starts in between seeing neither.
        if (live) running.delete(live);
      }
      // Abandoned by Ctrl-C, or a decision of it the disk refused: not recorded. A run that ended before it is still written.
      if (end.kind === 'interrupted' || unwritten) return;
      const { run } = end;
      for (const usage of run.environment.usage) spent += usage.cost_usd;
      // Lost to a crash beside other cases: not finished, so not recorded (a resume runs it again).
      if (end.kind === 'lost' && !charge) {
        lost.push({ index, attempt, inFlight: end.inFlight });
        return;
      }
      // Custom scorers may be slow (an LLM judge): they run before the slot is freed, the rest of judging after.
      // A promise only when a custom scorer runs (isThenable).
      const checks = customChecks(run, options.custom);
      const custom = isThenable(checks) ? await checks : checks;
      finishing.add(() => {
        const { trace, result } = judgeAttempt(run, { budgets: options.budgets, custom, printed: options.printed });
        return record(index, { kind: 'ran', result: options.redact(result), trace: options.redact(trace), attempt });
      });
    }, fail);
  };

  const feed = async (round: Iterable<readonly [number, Attempt]>, concurrency: number): Promise<void> => {
    queue.concurrency = concurrency;
    for (const [index, attempt] of round) {
      // Keep up to a slot's worth of attempts waiting, so a freed slot never waits for the feeding;
      // topped up once about half of them started (one wait per half a slot's worth of cases, not one per case).
      if (queue.size >= concurrency) await queue.onSizeLessThan(Math.floor(concurrency / 2) + 1);
      if (stopped || options.signal.aborted) break;
      runOne({ index, attempt, charge: chargesCrash(concurrency) });
    }
    await queue.onIdle();
  };
  const alone = Math.min(options.alone ?? 0, options.attempts.length);
  if (alone > 0) await feed(entriesFrom(options.attempts, { from: 0, to: alone }), 1);
  await feed(alone > 0 ? entriesFrom(options.attempts, { from: alone, to: options.attempts.length }) : options.attempts.entries(), options.concurrency);
  // Rounds of the attempts lost to crashes, fewer at once each time, in plan order (crash-rounds.ts).
  // A round at concurrency 1 charges what it loses, so none is left over after the last.
  for (let concurrency = options.concurrency; lost.length > 0 && !stopped && !options.signal.aborted; ) {
    const round = nextCrashRound({ concurrency, inFlight: lost.map((entry) => entry.inFlight) });
    if (round.kind === 'charge') throw new InternalError(`${lost.length} attempts lost to a crash at concurrency ${concurrency} were not charged`);
    concurrency = round.concurrency;
    const again = lost.sort((a, b) => a.index - b.index).map(({ index, attempt }) => [index, attempt] as const);
    lost = [];
    await feed(again, concurrency);
  }
  await finishing.drained();
  options.signal.removeEventListener('abort', stop);
  return { interrupted: options.signal.aborted, skippedForCost };
}

/**
 * The finished attempt with its result stamped with the run's time (`run_ms`, its last key). In
 * place: the result is the queue's own, judged (and redacted) or made for a skipped attempt just
 * before it is recorded, and nothing else holds it. A copy cost ~1-2 µs a case (an Object.assign),
 * and `{ ...result, run_ms }` far more: V8 (Node 20) builds it through its slow path, and every
 * later read of the copy was slow too (FigureStore's column writes ~3-16 µs a case, against
 * ~0.4 µs; 10,000-case stdio profiles, old and new interleaved).
 */
function stamped(done: CaseFinished, runMs: number): CaseFinished {
  done.result.run_ms = runMs;
  return done;
}

/** `attempts`' entries from `from` up to `to`, with their indices (no array of them made). */
function* entriesFrom(attempts: readonly Attempt[], { from, to }: { from: number; to: number }): Generator<readonly [number, Attempt]> {
  for (let index = from; index < to; index++) yield [index, attempts[index]!];
}

/** The result of an attempt that was never started; it has no trace, as nothing ran. */
function skipped(attempt: Attempt, reason: string): CaseFinished {
  return { kind: 'not_run', attempt, result: untracedResult(attempt, { status: 'skipped', duration_ms: 0, error: { code: 'SKIPPED', message: reason } }) };
}

/** The result of an attempt with no trace: skipped, or one whose agent, tool handler or custom scorer blocked the process (blocked.json). */
export function untracedResult(attempt: Attempt, ended: Pick<CaseResult, 'status' | 'duration_ms'> & { error: NonNullable<CaseResult['error']> }): CaseResult {
  const { kase, suite } = attempt;
  return {
    suite: suite.name,
    case_id: kase.id,
    attempt: attempt.attempt,
    trace_id: newTraceId(),
    fingerprint: kase.fingerprint,
    tags: kase.tags,
    ...(kase.risk ? { risk: kase.risk } : {}),
    ...(kase.description === undefined ? {} : { description: kase.description }),
    status: ended.status,
    ...(ended.status === 'error' ? { outcome: 'error' as const } : {}),
    duration_ms: ended.duration_ms,
    cost_usd: 0,
    model_calls: 0,
    tool_calls: 0,
    tool_errors: 0,
    retries: 0,
    policy_violations: 0,
    checks: [],
    error: ended.error,
  };
}
