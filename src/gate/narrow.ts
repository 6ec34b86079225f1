/**
 * A baseline narrowed to some of its cases — those a filtered run (--grep, --tag, --suite)
 * selected, or those a run shares with it when the case set changed — its case records limited
 * to those keys and its metrics recomputed from them, so a run of three cases is compared with
 * the baseline's record of the same three cases, not with the whole suite.
 */
import type { Baseline, BaselineCase, MetricsBySlice, RunMetrics } from '../config/schema/baseline.js';
import type { GateMetric } from '../config/schema/gate.js';
import type { CaseResult, CheckResult } from '../config/schema/results.js';
import { baselineCase } from './case-record.js';
import { caseKey, type CaseVerdict } from './diff.js';
import { computeMetrics } from './metrics.js';

/**
 * The counts a case record does not keep: its attempts are rebuilt with none (`asAttempts`), so the
 * figures recomputed from them read 0 whatever the baseline's run counted. A relative threshold on
 * them (`tool_errors: { max_rise_pct: 10 }`) would fail an unchanged agent as soon as a case was added.
 */
const UNRECORDED: ReadonlySet<GateMetric> = new Set(['retries', 'tool_errors', 'approval_missing']);

/** The metrics narrowBaseline recomputed from case records (each slice's), whose UNRECORDED counts are no baseline value. */
const REBUILT = new WeakSet<RunMetrics>();

/** Whether `metrics` were recomputed from a baseline's case records that do not keep `metric` (it has no baseline value there). */
export function unrecordedIn(metrics: RunMetrics, metric: GateMetric): boolean {
  return UNRECORDED.has(metric) && REBUILT.has(metrics);
}

/** Whether a baseline's metrics were recomputed from its case records (a filtered run's, narrowed by lifecycle/judges.ts): the run's side is then folded alike. */
export function rebuiltFromRecords(metrics: RunMetrics): boolean {
  return REBUILT.has(metrics);
}

// Returns the metrics recomputed from case records, each slice's marked as rebuilt.
function rebuilt(attempts: readonly CaseResult[]): MetricsBySlice {
  const metrics = computeMetrics(attempts);
  REBUILT.add(metrics.overall);
  for (const slice of Object.values(metrics.slices)) REBUILT.add(slice);
  return metrics;
}

/**
 * `baseline` limited to `keys`. `labels`: the run's results, whose tags and risk a case the run
 * shares with the baseline (same key, same fingerprint, so the same definition) lends to the
 * baseline's record of it, which keeps none: with them the tag and risk slices are recomputed too.
 */
export function narrowBaseline(input: { baseline: Baseline; keys: ReadonlySet<string>; labels?: readonly CaseResult[] }): Baseline {
  const cases = Object.fromEntries(Object.entries(input.baseline.cases).filter(([key]) => input.keys.has(key)));
  const labelOf = new Map<string, Pick<CaseResult, 'tags' | 'risk'>>();
  for (const result of input.labels ?? []) {
    const key = caseKey(result);
    if (!labelOf.has(key) && cases[key]?.fingerprint === result.fingerprint) labelOf.set(key, result);
  }
  const attempts = Object.entries(cases).flatMap(([key, record]) => asAttempts({ key, record, label: labelOf.get(key) }));
  return { ...input.baseline, cases, metrics: rebuilt(attempts) };
}

/**
 * The figures a case record keeps none of: the run's side of a narrowed comparison has them as
 * measured. Tool scores are not among them: a record keeps its case's means (version 3), so both
 * sides fold them alike; a baseline written before keeps none, and its side has no value for them.
 */
const MEASURED_ONLY = ['retries', 'tool_errors', 'approval_missing'] as const;

/** Whether a baseline's case records keep tool scores (written since version 3), so a narrowed comparison still judges tool correctness. */
function recordsKeepToolScores(baseline: Baseline): boolean {
  return Object.values(baseline.cases).some((record) => record.tool_correctness !== undefined);
}

/**
 * The words of a narrowed comparison's note on what the baseline's case records keep no value of,
 * so no threshold on them is compared. Tool scores are named only when the run scored tool calls
 * and the records (written before they were kept) have none of them.
 */
export function unrecordedWords({ baseline, results }: { baseline: Baseline; results: readonly CaseResult[] }): string {
  const runScoredTools = results.some((result) => result.checks.some((check) => check.check === 'tools' && check.score !== undefined));
  return !runScoredTools || recordsKeepToolScores(baseline)
    ? 'the records keep no retries, tool_errors or approval_missing counts, so those are not compared'
    : 'the records keep no tool scores (a baseline written before agentready kept them: `baseline update` writes them), so tool correctness is not compared, nor retries, tool_errors and approval_missing counts';
}

/**
 * The run's side of a comparison with a narrowed baseline (the cases `keys` both have), folded as
 * the baseline's side is: each case as its record would keep it, rebuilt by asAttempts. The
 * baseline's side gives every attempt of a case the case's mean duration and cost and its failed
 * checks, so the run's attempts as measured were no like for like: under --repeat a p95 over single
 * attempts against one over case means failed an unchanged agent (+94%, 156 → 302 ms) as soon as a
 * case was added, and one policy violation in k attempts weighed k times in the baseline, once in
 * the run. The figures records keep none of are the run's as measured (the baseline has no value
 * for them here: threshold-check.ts leaves their relative rules unapplied). A case not judged yet
 * (fewer attempts than planned) has no record: its attempts stay as they ran.
 */
export function recordedRunMetrics(input: { verdicts: ReadonlyMap<string, CaseVerdict>; keys: ReadonlySet<string>; results: readonly CaseResult[]; planned?: number | undefined }): MetricsBySlice {
  const { verdicts, keys, planned } = input;
  const ran = input.results.filter((result) => keys.has(caseKey(result)));
  const attempts = [...verdicts.values()]
    .filter((verdict) => keys.has(verdict.key))
    .flatMap((verdict) => {
      if (verdict.status === 'skipped') return verdict.attempts.filter((a) => a.status !== 'skipped');
      const label = verdict.attempts[0];
      return asAttempts({ key: verdict.key, record: baselineCase(verdict), label });
    });
  const recorded = computeMetrics(attempts, planned);
  const measured = computeMetrics(ran, planned);
  const withMeasured = (metrics: RunMetrics, slice: RunMetrics | undefined): RunMetrics =>
    slice === undefined ? metrics : { ...metrics, ...Object.fromEntries(MEASURED_ONLY.map((metric) => [metric, slice[metric]])) };
  return {
    overall: withMeasured(recorded.overall, measured.overall),
    slices: Object.fromEntries(Object.entries(recorded.slices).map(([key, slice]) => [key, withMeasured(slice, measured.slices[key])])),
  };
}

/**
 * A baseline case record as the attempts it folds: `passes` passed, the rest failed (errored
 * when the case did), `escalations` of the judged ones escalated, each with the record's mean
 * duration and cost — so a baseline made with --repeat k counts k attempts a case, as the run
 * does; each judged one with the record's mean tool scores, when it keeps them (a record written
 * before version 3 keeps none: tool correctness then has no baseline value).
 */
export function asAttempts({ key, record, label }: { key: string; record: BaselineCase; label: Pick<CaseResult, 'tags' | 'risk'> | undefined }): CaseResult[] {
  const slash = key.indexOf('/');
  // Stryker disable next-line ArrayDeclaration: ["Stryker was here"] holds neither 'policy' nor 'budget'
  const failed = new Set(record.failed_checks ?? []);
  // Equivalent mutants on the next line: the reason's text, and a passing check as `{}` (computeMetrics
  // then falls back to the same answer: no policy violation, budget complied).
  const checks: CheckResult[] = (['policy', 'budget'] as const).map((check) =>
    failed.has(check) ? { check, pass: false, reason: 'failed in the baseline', expected: null, found: null } : { check, pass: true },
  );
  // The case's mean tool scores, given to each judged attempt as the record kept them over its judged attempts.
  const tools: CheckResult[] = toolCheck(record);
  const notPassed: CaseResult['status'] = record.status === 'error' ? 'error' : 'failed';
  let escalations = record.escalations ?? 0;
  return Array.from({ length: record.attempts }, (_, index): CaseResult => {
    const status = index < record.passes ? 'passed' : notPassed;
    const escalated = status !== 'error' && escalations > 0;
    if (escalated) escalations--;
    const outcome = escalated ? 'escalated' : status === 'error' ? 'error' : record.outcome;
    return {
      suite: key.slice(0, slash),
      // Equivalent mutants: any case id that keeps keys distinct (only counts are recomputed from it).
      case_id: key.slice(slash + 1),
      attempt: index + 1,
      // Stryker disable next-line StringLiteral: computeMetrics never reads a trace id
      trace_id: '',
      fingerprint: record.fingerprint,
      tags: label?.tags ?? [],
      ...(label?.risk ? { risk: label.risk } : {}),
      status,
      ...(outcome ? { outcome: outcome as CaseResult['outcome'] } : {}),
      duration_ms: record.duration_ms,
      cost_usd: record.cost_usd,
      model_calls: 0,
      tool_calls: 0,
      tool_errors: 0,
      retries: 0,
      policy_violations: failed.has('policy') ? 1 : 0,
      checks: status === 'error' ? checks : [...checks, ...tools],
    };
  });
}

// Returns the tools check a record's attempts carry: its mean scores, none when it keeps none.
function toolCheck(record: BaselineCase): CheckResult[] {
  const { tool_correctness: f1, tool_precision: precision, tool_recall: recall } = record;
  if (f1 === undefined || precision === undefined || recall === undefined) return [];
  return [failedTools(record) ? { check: 'tools', pass: false, reason: 'failed in the baseline', expected: null, found: null, score: { f1, precision, recall } } : { check: 'tools', pass: true, score: { f1, precision, recall } }];
}

// Whether an attempt of the record failed its tools check.
function failedTools(record: BaselineCase): boolean {
  return (record.failed_checks ?? []).includes('tools');
}
