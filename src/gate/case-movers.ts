/**
 * Which cases moved a failed figure the gate cannot pair case by case — a cost, a latency
 * percentile, a tool score — so its line names them beside the metric's move, as
 * `newly_failing` names the cases behind a drop of the success rate: a reviewer reads
 * `cost_per_task … +20%` and then the cases that cost more, from the baseline's case records
 * and the run's cases folded the same way (case-record.ts). Pure.
 */
import type { Baseline, BaselineCase } from '../config/schema/baseline.js';
import type { GateMetric } from '../config/schema/gate.js';
import { baselineCase } from './case-record.js';
import type { CaseVerdict } from './diff.js';
import { formatValue } from './explain.js';
import { slicesOf } from './metrics.js';
import { roundFigure } from './serialize.js';
import type { ThresholdCheck } from './types.js';
import { plural } from '../common/plural.js';

/** Cases named on a line before "and N more": enough to start looking, short enough for one line. */
const NAMED_CASES = 3;

/** The per-case figure behind each such metric, and the way it moves against the gate. */
const CASE_FIGURES: Partial<Record<GateMetric, { figure: keyof BaselineCase; worse: 'up' | 'down' }>> = {
  cost_per_task: { figure: 'cost_usd', worse: 'up' },
  p50_latency_ms: { figure: 'duration_ms', worse: 'up' },
  p95_latency_ms: { figure: 'duration_ms', worse: 'up' },
  tool_correctness: { figure: 'tool_correctness', worse: 'down' },
  tool_precision: { figure: 'tool_precision', worse: 'down' },
  tool_recall: { figure: 'tool_recall', worse: 'down' },
};

/**
 * `check` with its explanation naming the cases that moved its figure most the way it failed
 * (`; 1 case scored lower than in the baseline: shop/c05 1.000 → 0.667`); as it was when it did not fail on a move from the
 * baseline, or no shared case moved that way.
 */
export function withCaseMovers(check: ThresholdCheck, input: { current: ReadonlyMap<string, CaseVerdict>; baseline: Baseline; shared: ReadonlySet<string> }): ThresholdCheck {
  const kind = CASE_FIGURES[check.metric];
  if (kind === undefined || check.pass || check.rule === 'min' || check.rule === 'max') return check;
  const moved: { key: string; before: number; now: number; by: number }[] = [];
  for (const key of input.shared) {
    const verdict = input.current.get(key);
    const record = input.baseline.cases[key];
    if (verdict === undefined || record === undefined || verdict.status === 'skipped') continue;
    if (check.slice !== 'overall' && !slicesOf(verdict.attempts[0]!).includes(check.slice)) continue;
    const before = record[kind.figure];
    const now = baselineCase(verdict)[kind.figure];
    if (typeof before !== 'number' || typeof now !== 'number') continue;
    // As the baseline file keeps figures: a move it would not print is none.
    const by = (kind.worse === 'up' ? 1 : -1) * (roundFigure(kind.figure, now) - before);
    if (by > 0) moved.push({ key, before, now, by });
  }
  if (moved.length === 0) return check;
  moved.sort((a, b) => b.by - a.by || (a.key < b.key ? -1 : 1));
  const named = moved.slice(0, NAMED_CASES).map((m) => `${m.key} ${formatValue(check.metric, m.before)} → ${formatValue(check.metric, m.now)}`);
  const more = moved.length > NAMED_CASES ? ` and ${moved.length - NAMED_CASES} more` : '';
  const how = kind.figure === 'duration_ms' ? 'ran slower (mean duration)' : kind.figure === 'cost_usd' ? 'cost more a task' : 'scored lower';
  const most = moved.length > NAMED_CASES ? ', most: ' : ': ';
  return { ...check, explanation: `${check.explanation}; ${plural(moved.length, 'case')} ${how} than in the baseline${most}${named.join(', ')}${more}` };
}
