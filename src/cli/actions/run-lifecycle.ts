/**
 * What every command that runs cases shares (eval, score): the baseline read before any case
 * runs, the reporters, Ctrl-C, and the ending — metrics, gate, summary.json, the exit code and
 * the one line that says why a run did not pass.
 */
import { relative } from 'node:path';
import type { Baseline } from '../../config/schema/index.js';
import type { ResolvedConfig } from '../../config/index.js';
import { EXIT } from '../../errors.js';
import { computeMetrics, decideVerdict, gateFailure, narrowBaseline, readBaseline } from '../../gate/index.js';
import type { Verdict } from '../../gate/types.js';
import { ReporterHub } from '../../report/hub.js';
import { createReporters } from '../../report/registry.js';
import type { RunSummary } from '../../report/reporter.js';
import type { KillSwitchSummary, KillSwitchTally } from '../../run/readiness.js';
import { writeSummaryFile, type CaseFinished, type SessionResult, type SessionStart } from '../../run/index.js';
import { watchInterrupts } from '../interrupt.js';
import { writeError, writeOut } from '../print.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { formatReadiness, readinessExitCode } from './kill-switch.js';

export interface RunHooks {
  signal: AbortSignal;
  onStart: (start: SessionStart) => Promise<void>;
  onCaseEnd: (finished: CaseFinished) => Promise<void>;
}

export interface LifecycleOptions {
  config: ResolvedConfig;
  reporters: string[];
  gate: boolean;
  /** True when --grep, --tag or --suite chose some of the cases: compare with those only. */
  filtered?: boolean;
  killSwitch?: KillSwitchTally;
  interruptMessage: string;
  run: (hooks: RunHooks) => Promise<SessionResult>;
}

/** Why the command exits as it does: the code and, unless the gate simply passed, one sentence. */
export interface ExitDecision {
  code: number;
  reason?: string;
}

export async function runWithLifecycle(options: LifecycleOptions): Promise<number> {
  const { config, killSwitch } = options;
  const gated = options.gate && killSwitch === undefined;
  // Read first: a corrupt baseline is exit 2 before a single case (or dollar) is spent.
  const baseline = gated ? await readBaseline(config.baselinePath) : undefined;
  const hub = new ReporterHub(
    createReporters(options.reporters, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env }),
  );
  const interrupts = watchInterrupts(() => writeError(options.interruptMessage));
  let decision: ExitDecision = { code: EXIT.HARNESS };
  let warnings: string[] = [];
  const unpriced = new Set<string>();
  try {
    const session = await options
      .run({
        signal: interrupts.signal,
        onStart: (start) => hub.onRunStart(toPlan(start, killSwitch !== undefined)),
        onCaseEnd: ({ result, trace, attempt }) => {
          killSwitch?.add(result, trace, attempt.kase.tools ?? attempt.suite.tools);
          for (const usage of trace.usage) if (!usage.priced) unpriced.add(usage.model);
          return hub.onCaseEnd({ result, trace, location: attempt.kase.location });
        },
      })
      .catch((error: unknown) => {
        // Ctrl-C while the agent was starting: no case ran and there is no run folder.
        if (interrupts.signal.aborted) return undefined;
        throw error;
      });
    if (session === undefined) {
      decision = { code: EXIT.INTERRUPTED, reason: 'interrupted while the agent was starting: no case ran' };
    } else {
      // Ctrl-C after the last case ended, while the agent was being stopped: still an interrupted run.
      if (interrupts.signal.aborted) session.interrupted = true;
      // A model with no price costs $0 in every figure, which blinds the cost gate: say so.
      warnings = [
        ...session.warnings,
        ...[...unpriced].map((model) => `model "${model}" has no price under \`pricing:\` and reported no cost_usd: its calls were counted as $0`),
      ];
      session.warnings = warnings;
      decision = await conclude({ session, config, hub, gated, baseline, killSwitch, filtered: options.filtered ?? false });
    }
  } finally {
    interrupts.dispose();
    await hub.onExit();
  }
  return finalExit(decision, hub, warnings);
}

/** Metrics, the verdict, summary.json and onRunEnd; returns the exit decision. */
async function conclude(input: {
  session: SessionResult;
  config: ResolvedConfig;
  hub: ReporterHub;
  gated: boolean;
  baseline: Baseline | undefined;
  killSwitch: KillSwitchTally | undefined;
  filtered: boolean;
}): Promise<ExitDecision> {
  const { session, config, hub } = input;
  const metrics = computeMetrics(session.results);
  const selected = new Set(session.results.map((r) => `${r.suite}/${r.case_id}`));
  const baseline = input.filtered && input.baseline ? narrowBaseline(input.baseline, selected) : input.baseline;
  const verdict =
    input.gated && !session.interrupted
      ? decideVerdict({
          metrics,
          results: session.results,
          gate: config.gate,
          baselinePath: relative(process.cwd(), config.baselinePath),
          ...(baseline ? { baseline } : {}),
        })
      : undefined;
  if (verdict && input.filtered && baseline) {
    verdict.notes.push(
      `Filtered run: compared with the baseline's records of the ${selected.size} selected cases (metrics recomputed from them; tag and risk slices and tool correctness have no baseline value there).`,
    );
  }
  const readiness = input.killSwitch?.summary();
  const decision = decideExit({ session, maxErrorRate: config.run.max_error_rate, verdict, readiness });
  const summary = toRunSummary(session, metrics);
  writeRunSummary({ session, summary, verdict, readiness, decision });
  await hub.onRunEnd(summary, verdict);
  if (readiness) writeOut(`\n${formatReadiness(readiness)}`);
  return decision;
}

/** 130 interrupted; 3 when the run could not complete; else the gate's (or readiness') verdict. */
export function decideExit(input: {
  session: Pick<SessionResult, 'interrupted' | 'skipped_for_cost' | 'results'>;
  maxErrorRate: number;
  verdict: Verdict | undefined;
  readiness?: KillSwitchSummary | undefined;
}): ExitDecision {
  const { session } = input;
  if (session.interrupted) return { code: EXIT.INTERRUPTED, reason: 'interrupted: the cases that finished are in the run folder' };
  if (session.skipped_for_cost > 0) {
    return { code: EXIT.HARNESS, reason: `run incomplete: ${session.skipped_for_cost} attempts skipped after the run reached budgets.max_run_cost_usd` };
  }
  const counted = session.results.filter((r) => r.status !== 'skipped');
  const errors = counted.filter((r) => r.status === 'error').length;
  if (counted.length > 0 && errors / counted.length > input.maxErrorRate) {
    const share = ((100 * errors) / counted.length).toFixed(0);
    return {
      code: EXIT.HARNESS,
      reason: `run incomplete: ${errors} of ${counted.length} attempts ended in harness errors (${share}%), above run.max_error_rate ${input.maxErrorRate}`,
    };
  }
  if (input.readiness) {
    const code = readinessExitCode(EXIT.PASSED, input.readiness);
    return code === EXIT.PASSED ? { code } : { code, reason: 'the kill-switch readiness check failed' };
  }
  if (input.verdict === undefined || input.verdict.pass) return { code: EXIT.PASSED };
  return { code: EXIT.GATE_FAILED, reason: gateFailure(input.verdict) };
}

/** A reporter that failed to write its output fails a run that would otherwise pass (exit 3). */
function finalExit(decision: ExitDecision, hub: ReporterHub, warnings: readonly string[]): number {
  for (const warning of warnings) writeError(`agentready: warning: ${neutralizeLine(warning)}\n`);
  for (const failure of hub.errors) {
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
    writeError(`agentready: the ${failure.reporter} failed (${failure.hook}): ${message}\n`);
  }
  if (decision.reason) writeError(`agentready: ${neutralizeLine(decision.reason)} (exit ${decision.code})\n`);
  if (hub.errors.length > 0 && decision.code === EXIT.PASSED) {
    writeError(`agentready: a reporter failed, so its output is missing (exit ${EXIT.HARNESS})\n`);
    return EXIT.HARNESS;
  }
  return decision.code;
}

function toPlan(start: SessionStart, killSwitch: boolean) {
  return {
    run_id: start.run_id,
    run_dir: start.run_dir,
    agent: { name: start.agent.name, version: start.agent.version },
    adapter: start.adapter,
    suites: start.suites,
    total: start.total,
    concurrency: start.concurrency,
    kill_switch: killSwitch,
  };
}

function toRunSummary(session: SessionResult, metrics: RunSummary['metrics']): RunSummary {
  return {
    run_id: session.run_id,
    run_dir: relative(process.cwd(), session.run_dir) || '.',
    agent: { name: session.agent.name, version: session.agent.version },
    adapter: session.adapter,
    started_at: session.started_at,
    finished_at: session.finished_at,
    duration_ms: session.duration_ms,
    interrupted: session.interrupted,
    results: session.results,
    metrics,
    unauthenticated_requests: session.unauthenticated_requests,
  };
}

/** summary.json: the run's figures, verdict and exit (results stay in results.jsonl). */
function writeRunSummary(input: {
  session: SessionResult;
  summary: RunSummary;
  verdict: Verdict | undefined;
  readiness: KillSwitchSummary | undefined;
  decision: ExitDecision;
}): void {
  const { session, summary, verdict, readiness, decision } = input;
  const { results, ...rest } = summary;
  writeSummaryFile(session.run_dir, {
    format: 'agentready-summary',
    version: 1,
    ...rest,
    run_dir: session.run_dir,
    fingerprint: session.fingerprint,
    counts: {
      attempts: results.length,
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      errors: results.filter((r) => r.status === 'error').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    },
    skipped_for_cost: session.skipped_for_cost,
    timings: session.timings,
    verdict: verdict ?? null,
    exit: { code: decision.code, ...(decision.reason ? { reason: decision.reason } : {}) },
    warnings: session.warnings,
    ...(readiness ? { kill_switch: readiness } : {}),
  });
}
