/**
 * One case of a run as the baseline records it (SPEC §7): its folded status, attempts and passes
 * (flaky when both kinds), its outcome, escalations, failed checks and mean figures. The baseline
 * writes it, and a comparison narrowed to the cases a run shares with the baseline folds the run's
 * side the same way (narrow.ts), so both sides are figures of the same kind. Pure.
 */
import type { BaselineCase } from '../config/schema/baseline.js';
import type { CaseResult } from '../config/schema/results.js';
import type { CaseVerdict } from './diff.js';
import { roundFigure } from './serialize.js';

/** One case's record: its folded status, attempts and passes (flaky when both kinds), its figures. */
export function baselineCase(verdict: CaseVerdict): BaselineCase {
  const attempts = verdict.attempts.filter((a) => a.status !== 'skipped');
  const judged = attempts.filter((a) => a.status === 'passed' || a.status === 'failed');
  const failedChecks = [...new Set(attempts.flatMap((a) => a.checks.filter((c) => !c.pass).map((c) => c.check)))].sort();
  const passes = attempts.filter((a) => a.status === 'passed').length;
  const escalations = judged.filter((a) => a.outcome === 'escalated').length;
  const outcome = caseOutcome(attempts, judged);
  return {
    fingerprint: verdict.fingerprint,
    status: verdict.status as BaselineCase['status'],
    attempts: attempts.length,
    passes,
    ...(passes > 0 && judged.some((a) => a.status === 'failed') ? { flaky: true as const } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(escalations > 0 ? { escalations } : {}),
    // At the file's precision, as toolScores' are: the run's side of a narrowed comparison is folded here too.
    duration_ms: roundFigure('duration_ms', mean(attempts.map((a) => a.duration_ms))),
    cost_usd: roundFigure('cost_usd', mean(attempts.map((a) => a.cost_usd))),
    ...(failedChecks.length > 0 ? { failed_checks: failedChecks } : {}),
    ...toolScores(judged),
  };
}

/**
 * The case's mean tool-call scores over its judged attempts that scored tool calls, none when no
 * attempt did (it expects no calls). Kept so a comparison narrowed to the cases a run shares with
 * the baseline (a case added, a filter, a quarantined case) still has a baseline value for
 * tool_correctness, tool_precision and tool_recall: without them, any such run left those
 * thresholds unapplied and a tool-call regression passed the gate.
 */
function toolScores(judged: readonly CaseResult[]): Pick<BaselineCase, 'tool_correctness' | 'tool_precision' | 'tool_recall'> {
  const scores = judged.flatMap((a) => a.checks.flatMap((c) => (c.check === 'tools' && c.score ? [c.score] : [])));
  if (scores.length === 0) return {};
  // As the file keeps them (4 decimals): the run's side of a narrowed comparison is folded by this
  // function too, and its unrounded means against the file's rounded ones moved an unchanged agent
  // (1/3, 1/7, 1/7: 0.2063 against 0.2064, past max_drop_pp 0; a case's cost and duration alike).
  return {
    tool_correctness: roundFigure('tool_correctness', mean(scores.map((score) => score.f1))),
    tool_precision: roundFigure('tool_precision', mean(scores.map((score) => score.precision))),
    tool_recall: roundFigure('tool_recall', mean(scores.map((score) => score.recall))),
  };
}

/**
 * The case's one outcome: the most frequent among its judged attempts that did not escalate (the
 * record's `escalations` counts those), the earliest of equals; with none (every attempt escalated
 * or in error), its first attempt's. Not the first attempt's under --repeat: narrow.ts gives this
 * outcome to each attempt of the record but the escalated ones, so a first attempt that escalated
 * made every attempt of the baseline's case escalated (3 in 3 where the run had 1 in 3).
 */
function caseOutcome(attempts: readonly CaseResult[], judged: readonly CaseResult[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { outcome } of judged) if (outcome !== undefined && outcome !== 'escalated') counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  let most: { outcome: string; count: number } | undefined;
  // In the attempts' order: a later outcome takes the place only with more attempts.
  for (const [outcome, count] of counts) if (most === undefined || count > most.count) most = { outcome, count };
  // Stryker disable next-line OptionalChaining: a recorded case has at least one attempt
  return most?.outcome ?? attempts[0]?.outcome;
}

function mean(values: readonly number[]): number {
  // Equivalent mutant: the empty test as `false` (only called with a case's attempts, never none).
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}
