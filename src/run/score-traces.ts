/**
 * Shadow mode (`agentready score <traces>`, SPEC §9, §10): traces an agent recorded itself —
 * production traffic, or exec results — scored against the suites' expectations exactly like an
 * eval. Each trace becomes an attempt through `recordedAttempt` (its calls recorded and judged by
 * the case's environment, nothing run) and is judged by `judgeAttempt`, so recording, policy
 * judgement, scoring and the run folder are the eval's own.
 */
import path from 'node:path';
import type { CaseResult, ResolvedConfig, Suite, Trace } from '../config/schema/index.js';
import { plural } from '../common/plural.js';
import { hasPlaceholder } from '../common/redact.js';
import { redactions } from '../common/redact-deep.js';
import { recordedAttempt } from './execute.js';
import { customChecks, judgeAttempt } from './judge-attempt.js';
import { newRunId, newTraceId } from './ids.js';
import { readEvalRun } from './eval-verdicts.js';
import type { Attempt } from './plan.js';
import type { CaseFinished } from './queue.js';
import type { MatchedTrace } from './recorded-traces.js';
import { CustomScorers } from './custom-scorers.js';
import { isProduction, judgeUnlabeled, productionRecord } from './production-traces.js';
import { RECORDED_ADAPTER, recordedConfig } from './run-record.js';
import { RunFolder } from './run-folder.js';
import type { SessionResult, SessionStart } from './session.js';
import { policyFingerprint, suitesFingerprint } from './suite-fingerprints.js';
import { caseStatus, carriedCount, carryVerdicts, isUndecidable, RESCORE, undecidedError, UNDECIDABLE } from '../score/index.js';

export interface ScoreTracesOptions {
  config: ResolvedConfig;
  traces: readonly MatchedTrace[];
  /** The traces file, for the run's provenance. */
  file: string;
  redact: boolean;
  runsRoot: string;
  /** Said at the end of the run (a redacted traces file, say). */
  warnings?: string[];
  signal: AbortSignal;
  onStart?: (start: SessionStart) => void | Promise<void>;
  onCaseEnd?: (finished: CaseFinished) => void | Promise<void>;
}

export async function scoreTraces(options: ScoreTracesOptions): Promise<SessionResult> {
  const { config } = options;
  const startedAt = new Date();
  const startClock = performance.now();
  const runId = newRunId(startedAt);
  const fingerprint = suitesFingerprint(config.suites);
  // A run folder's own traces say how they were written (a --no-redact run's placeholders are the
  // agent's own text), and its results what the eval judged on the raw values.
  // A resumed run's traces of attempts it ran again were left out as the file was read (traces-file.ts).
  const evalRun = readEvalRun(options.file);
  const planned = plan(options.traces);
  const custom = await CustomScorers.load(planned.map(({ attempt }) => attempt), { timeoutMs: config.run.timeout_ms });
  const policy = policyFingerprint(config.policy);
  const writtenRaw = evalRun?.header.redacted === false;
  const recordedRedacted = (trace: MatchedTrace) => !writtenRaw && hasPlaceholder(JSON.stringify(trace.trace));
  // Under --no-redact the folder holds the traces as recorded: when those hold placeholders it is no folder of text
  // as written, which its readers (score of it again, replay) would take them for.
  const redacted = options.redact || planned.some(({ trace }) => recordedRedacted(trace));
  // Its prices are the config's: they price every recorded call that came without a cost (environment/pricing.ts).
  const folder = RunFolder.create(options.runsRoot, { format: 'agentready-results', version: 1, run_id: runId, fingerprint, policy_fingerprint: policy, started_at: startedAt.toISOString(), ...recordedConfig(config.file), redacted, pricing: config.pricing });
  const start: SessionStart = {
    run_id: runId,
    run_dir: folder.dir,
    agent: { name: RECORDED_ADAPTER, version: path.basename(options.file), concurrency: 1 },
    adapter: RECORDED_ADAPTER,
    suites: summarizeSuites(planned),
    total: planned.length,
    concurrency: 1,
  };
  const redaction = redactions(options.redact);
  const clean = redaction.deep;
  let carried = 0;
  const results: CaseResult[] = [];
  try {
    await options.onStart?.(start);
    // 1. One attempt per trace, in file order; scoring is pure and fast, so one at a time.
    for (const { attempt, trace } of planned) {
      if (options.signal.aborted) break;
      const traceId = trace.trace.trace_id ?? newTraceId();
      const run = recordedAttempt({
        attempt,
        traceId,
        recorded: trace.trace,
        // Written with redaction on: its values are compared as such (common/match.ts).
        redactedRecording: recordedRedacted(trace),
        mode: 'normal',
        timeoutMs: config.run.timeout_ms,
        budgets: config.budgets,
        pricing: config.pricing,
        rules: config.policy.rules,
        redactText: redaction.text,
        // A recorded trace id is the recording's (a JSONL line's may hold an email): redacted as the trace written beside it.
        onDecision: (decision) => folder.appendDecision(clean(decision)),
      });
      const judgedNow = judgeAttempt(run, { budgets: config.budgets, custom: await customChecks(run, custom), printed: options.redact ? 'redacted' : 'as written' });
      // A check the redacted trace could not decide takes the eval's verdict, its case unchanged since.
      const recorded = evalRun?.verdictsOf({ trace_id: trace.trace.trace_id, suite: attempt.suite.name, case_id: attempt.kase.id });
      const checks = carryVerdicts({ checks: judgedNow.result.checks, recorded, now: { caseFingerprint: attempt.kase.fingerprint, policyFingerprint: policy } });
      const outcome = checks === judgedNow.result.checks ? judgedNow : { trace: judgedNow.trace, result: rejudged(judgedNow, checks) };
      carried += carriedCount(checks);
      // 2. Written to the run folder before anyone hears of it, as an eval does.
      // A production trace has no expectation: the label-free checks judge it (shadow mode).
      const judged = isProduction(trace) ? judgeUnlabeled({ ...outcome, tools: trace.suite.tools, budgets: config.budgets }) : outcome.result;
      const written = isProduction(trace) ? productionRecord(outcome.trace, trace) : withRecordedInput(outcome.trace, trace.input);
      const finished = { kind: 'ran' as const, result: clean(judged), trace: clean(written), attempt };
      results.push(finished.result);
      folder.appendResult(finished.result);
      folder.appendTrace(finished.trace);
      await options.onCaseEnd?.(finished);
    }
  } finally {
    folder.close();
  }
  const finishedAt = new Date();
  const { total: _total, ...rest } = start;
  return {
    ...rest,
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_ms: finishedAt.getTime() - startedAt.getTime(),
    results,
    figures: results,
    interrupted: options.signal.aborted,
    skipped_for_cost: 0,
    fingerprint,
    timings: { agent_start_ms: 0, cases_ms: Math.round(performance.now() - startClock) },
    unauthenticated_requests: 0,
    warnings: [
      ...(options.warnings ?? []),
      ...openChecksWarnings({ carried, results }),
    ],
    redacted,
  };
}

/**
 * A labeled trace's attempt as written: with the input its recording says the agent was given
 * (SPEC §14: `review` shows each item's input), not the case's as the suite reads now; a
 * conversation's keeps its turns instead.
 */
function withRecordedInput(trace: Trace, recorded: string | undefined): Trace {
  return recorded === undefined || trace.input === undefined ? trace : { ...trace, input: recorded };
}

/** A result whose undecidable checks took the eval's verdicts: its status and error as those checks make them. */
function rejudged(judged: { trace: Trace; result: CaseResult }, checks: CaseResult['checks']): CaseResult {
  const { error, ...rest } = judged.result;
  const kept = error === undefined || error.code === UNDECIDABLE ? undecidedError(checks) : { error };
  return { ...rest, checks, status: caseStatus(judged.trace, checks), ...kept };
}

/** Said once per run: how many checks a placeholder left open took the eval's verdicts, and how many stayed unjudged. */
export function openChecksWarnings(input: { carried: number; results: readonly CaseResult[] }): string[] {
  let open = 0;
  for (const result of input.results) for (const check of result.checks) if (isUndecidable(check)) open++;
  const warnings: string[] = [];
  if (input.carried > 0) {
    warnings.push(`${plural(input.carried, 'check')} a placeholder leaves open (a regex, a number, a domain) took the eval's ${input.carried === 1 ? 'verdict' : 'verdicts'}: the case and the policy are unchanged since the eval that wrote the traces`);
  }
  if (open > 0) {
    warnings.push(`${plural(open, 'check')} a placeholder leaves open (a regex, a number, a domain) ${open === 1 ? 'was' : 'were'} not judged: ${open === 1 ? 'its case ends' : 'their cases end'} in an error (${UNDECIDABLE}); ${RESCORE} to judge ${open === 1 ? 'it' : 'them'}`);
  }
  return warnings;
}

/** Attempts numbered per case in file order (a case's second trace is its attempt 2). */
function plan(traces: readonly MatchedTrace[]): { attempt: Attempt; trace: MatchedTrace }[] {
  const seen = new Map<string, number>();
  return traces.map((trace) => {
    const key = `${trace.suite.name}\u0000${trace.kase.id}`;
    const number = (seen.get(key) ?? 0) + 1;
    seen.set(key, number);
    return { attempt: { suite: trace.suite, kase: trace.kase, attempt: number }, trace };
  });
}

/** Each suite the traces name, with how many of its cases they hold (several traces of one case are its attempts). */
function summarizeSuites(planned: readonly { attempt: Attempt }[]): SessionStart['suites'] {
  const cases = new Map<Suite, Set<string>>();
  for (const { attempt } of planned) {
    const ids = cases.get(attempt.suite) ?? new Set<string>();
    ids.add(attempt.kase.id);
    cases.set(attempt.suite, ids);
  }
  return [...cases].map(([suite, ids]) => ({ name: suite.name, file: suite.file, cases: ids.size }));
}
