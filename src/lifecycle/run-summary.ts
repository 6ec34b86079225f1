/**
 * What the reporters and summary.json see of a run: its plan as it starts (`toPlan`), its summary
 * as it ends (`toRunSummary`), and summary.json (`summaryFile`), with the run's cost cap when it had one.
 */
import { relative } from 'node:path';
import { agentName, type KillSwitchSummary, type MetricsBySlice, type ModelUsageBySlice, type RunCostCap, type RunSummaryFile } from '../config/schema/index.js';
import { runCostCap, type RunEnd } from '../gate/index.js';
import type { CaseOrigin, RunPlan, RunSummary } from '../report/reporter.js';
import type { SessionResult, SessionStart } from '../run/index.js';
import type { ExitDecision, Judgement } from './exit.js';
import { isModelUsageWarning } from '../report/format-models.js';
import { isCapOvershoot } from '../report/headline.js';

export function toPlan({ start, killSwitch, origin }: { start: SessionStart; killSwitch: boolean; origin: CaseOrigin }): RunPlan {
  return {
    run_id: start.run_id,
    run_dir: start.run_dir,
    agent: agentName(start.agent),
    adapter: start.adapter,
    suites: start.suites,
    total: start.total,
    concurrency: start.concurrency,
    ...(start.concurrency_asked === undefined ? {} : { concurrency_asked: start.concurrency_asked }),
    ...(start.resumed === undefined ? {} : { resumed: start.resumed, rerun: start.rerun ?? 0, ...(start.blocked ? { blocked: start.blocked } : {}), ...(start.errored ? { errored: start.errored } : {}), ...(start.removed ? { removed: start.removed } : {}) }),
    kill_switch: killSwitch,
    origin,
    ...(start.shard ? { shard: start.shard } : {}),
  };
}

export function toRunSummary(input: { session: SessionResult; metrics: MetricsBySlice; models: ModelUsageBySlice; end: RunEnd; cwd: string }): RunSummary {
  const { session, metrics, models, end, cwd } = input;
  return {
    run_id: session.run_id,
    run_dir: relative(cwd, session.run_dir) || '.',
    agent: agentName(session.agent),
    adapter: session.adapter,
    started_at: session.started_at,
    finished_at: session.finished_at,
    duration_ms: session.duration_ms,
    interrupted: session.interrupted,
    end,
    results: session.results,
    figures: session.figures,
    metrics,
    models,
    unauthenticated_requests: session.unauthenticated_requests,
    warnings: session.warnings,
    ...(session.repeat === undefined ? {} : { repeat: session.repeat }),
    ...(session.suite_started_at === undefined ? {} : { suite_started_at: session.suite_started_at }),
    ...(session.replayed ? { replayed: true as const } : {}),
    ...(session.replayed_usd === undefined ? {} : { replayed_usd: session.replayed_usd }),
  };
}

/** summary.json: the run's figures, verdict and exit (results stay in results.jsonl). */
export function summaryFile(input: {
  session: SessionResult;
  metrics: MetricsBySlice;
  models: ModelUsageBySlice;
  end: RunEnd;
  readiness?: KillSwitchSummary;
  judgement?: Judgement;
  exit: ExitDecision;
}): RunSummaryFile {
  const { session, readiness, judgement, exit } = input;
  // How it ended is in `exit` (its code and reason) and `interrupted`.
  const { results: _results, figures: _figures, end: _end, repeat: _repeat, suite_started_at: _starts, ...summary } = toRunSummary({ session, metrics: input.metrics, models: input.models, end: input.end, cwd: session.run_dir });
  // Every status as the run's overall metrics counted them: no other pass over the attempts.
  const counts = input.metrics.overall;
  return {
    format: 'agentready-summary',
    version: 1,
    ...summary,
    run_dir: session.run_dir,
    fingerprint: session.fingerprint,
    counts: { attempts: counts.attempts, passed: counts.passed, failed: counts.failed, errors: counts.errors, skipped: counts.skipped },
    skipped_for_cost: session.skipped_for_cost,
    ...withCostCap(runCostCap({ ...session, spentUsd: counts.cost_total })),
    timings: session.timings,
    verdict: judgement?.kind === 'gate' ? { ...judgement.verdict } : null,
    exit,
    warnings: session.warnings,
    redacted: session.redacted,
    ...(session.left_out ? { left_out: session.left_out } : {}),
    ...(session.replay_of ? { replay_of: session.replay_of } : {}),
    ...(readiness ? { kill_switch: readiness } : {}),
  };
}

function withCostCap(cap: RunCostCap | undefined): { run_cost_cap?: RunCostCap } {
  return cap ? { run_cost_cap: cap } : {};
}

/**
 * What a run's earlier session (`--resume`) or its shards (`merge`) warned of that the whole run
 * still says: an agent's stray stdout, usage that came late, a tool handler's late print. The
 * warnings the lifecycle makes at the end from the whole run's figures (models with no price, no
 * usage at all, the cost cap's overshoot) are left out: it says them again of the whole run, or
 * no longer (the resumed part reported usage).
 */
export function carriedWarnings(warnings: readonly string[] | undefined): string[] {
  return (warnings ?? []).filter((warning) => !isModelUsageWarning(warning) && !isCapOvershoot(warning));
}
