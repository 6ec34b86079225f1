/** The gate: metrics, intervals, baseline diff and verdict (pure), plus reading the baseline. */
import type { MetricsBySlice } from '../config/schema/baseline.js';
import type { GateConfig } from '../config/schema/gate.js';
import type { CaseResult } from '../config/schema/results.js';
import { readBaseline } from './baseline.js';
import type { Verdict } from './types.js';
import { decideVerdict } from './verdict.js';

export type { CaseChange, CaseDiff, MetricMove, NewlyFailingCheck, PairedCounts, ThresholdCheck, UnacceptedFailure, Verdict } from './types.js';
export { baselineLoosening, type BaselineLoosening, type LoosenedFigure, type LoweredScore } from './loosened.js';
export { baselineChanges, type AcceptedFailure, type BaselineChanges } from './baseline-changes.js';
export { baselineState, type BaselineState } from './baseline-file.js';
export { buildBaseline, parseBaseline, readBaseline, serializeBaseline, type BuildBaselineInput } from './baseline.js';
export { COMPARED_METRICS, compareRuns, type ComparedMetric, type Comparison, type ComparisonRow } from './compare.js';
export { caseKey, diffCases, foldCases, foldStatus, sharedKeys, type CaseVerdict } from './diff.js';
export { explain, failedExplanations, formatDelta, formatP, formatValue, FRACTION_METRICS, gateFailure } from './explain.js';
export { checkNewlyFailing, unacceptedFailures } from './newly-failing.js';
export { mcnemarExact, wilson, Z_95 } from './intervals.js';
export { computeMetrics, computeRunMetrics, rate, slicesOf } from './metrics.js';
export { computeModelUsage, modelShares } from './models.js';
export { RunFiguresTally } from './run-figures.js';
export { narrowBaseline, unrecordedWords } from './narrow.js';
export { errorShape, mayBeSameAgentError, sameAgentError } from './same-agent-error.js';
export { adoptPriorFingerprints } from './prior-fingerprints.js';
export { minDiscordantFor, pairedTest, type PairedTest } from './paired.js';
export { percentile } from './percentile.js';
export { runAttempts, type AttemptRange } from './notes.js';
export { holdQuarantined, quarantinedCases, quarantineReasonsCleaned, splitQuarantined, type HeldCase, type QuarantinedCase } from './quarantine.js';
export { repeatCounts, type RepeatCounts } from './repeats.js';
export { keepSteadyFigures, STEADY_TOLERANCE, type SteadyResult } from './steady.js';
export { RATE_METRICS, decideVerdict, gatedMetrics, type VerdictInput } from './verdict.js';
export { DEFAULT_SIGNIFICANCE } from './threshold-check.js';
export { pick as pickSlice, valueOf as metricValue } from './metric-values.js';

/** Reads the baseline at `baselinePath` (absent is fine) and decides the gate. */
export async function runGate(input: {
  results: readonly CaseResult[];
  metrics: MetricsBySlice;
  gate: GateConfig;
  baselinePath: string;
}): Promise<Verdict> {
  const baseline = await readBaseline(input.baselinePath);
  return decideVerdict({ ...input, ...(baseline ? { baseline } : {}) });
}
export { KillSwitchTally } from './kill-switch.js';
export { runCostCap, runEndOf, type RunEnd } from './run-end.js';
