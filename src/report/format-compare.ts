/**
 * `agentready compare <runA> <runB>` for the terminal: the two runs side by side, metric by
 * metric (with each paired test) and case by case. The verdict itself is `formatVerdict`'s.
 * Pure: takes a Screen and data, returns text.
 */
import { plainTable } from './plain-table.js';
import { neutralizeLine } from '../common/sanitize.js';
import { significantUsd } from '../common/usd.js';
import type { Rate } from '../config/schema/index.js';
import { comparedUnit, type ComparedMetric, type Comparison, type ComparisonRow } from '../gate/compare.js';
import { formatDeltaIn, formatP } from '../gate/explain.js';
import type { CaseChange } from '../gate/types.js';
import { formatCounts } from './format-summary.js';
import { formatMs, formatPartlyReplayed, formatRate, formatUsd, REPLAYED_COST, REPLAYED_WHY } from './format-figures.js';
import type { Screen } from './screen.js';
import { agentLabel } from '../config/agent-label.js';
import type { AgentName } from '../config/schema/agent.js';
import { plural } from '../common/plural.js';

/** Cases listed per group before "+N more". */
const MAX_CASES = 20;

export interface ComparedRun {
  label: string;
  agent?: AgentName;
  /** Answered its model calls from cassettes (--models replay): its dollars are the recording's, not spent. */
  replayed?: boolean;
  /** Only part of it did (a --resume or merge of sessions under different --models): that part's dollars. */
  replayedUsd?: number;
}

/** Header, the metric table, success per slice, and the case lists that are not the verdict's. */
export function formatComparison(screen: Screen, input: { a: ComparedRun; b: ComparedRun; comparison: Comparison }): string {
  const c = screen.colors;
  const { comparison } = input;
  const overall = comparison.rows.filter((r) => r.slice === 'overall');
  const slices = comparison.rows.filter((r) => r.slice !== 'overall');
  const sections = [
    [
      c.bold(`Compare A ${neutralizeLine(input.a.label)} → B ${neutralizeLine(input.b.label)}`),
      `  A: ${describeRun(input.a)} · ${formatCounts(comparison.before.overall)}${replayedNote(input.a, comparison.before.overall.cost_total)}`,
      `  B: ${describeRun(input.b)} · ${formatCounts(comparison.after.overall)}${replayedNote(input.b, comparison.after.overall.cost_total)}`,
    ].join('\n'),
    table(screen, { head: ['metric', 'A', 'B', 'change', 'paired test'], rows: overall.map((r) => cells(r, r.metric)) }),
  ];
  if (slices.length > 0) sections.push(table(screen, { head: ['success_rate by slice', 'A', 'B', 'change', 'paired test'], rows: slices.map((r) => cells(r, r.slice)) }));
  const cases = formatCaseLists(screen, comparison.verdict.diff);
  if (cases !== '') sections.push(cases);
  return sections.join('\n\n');
}

// Returns "agent 1.2.0" or "unknown agent".
function describeRun(run: ComparedRun): string {
  return run.agent ? neutralizeLine(agentLabel(run.agent)) : 'agent unknown';
}

// Returns " · $ replayed, not spent (…)" for a --models replay run, " · $ total $x ($y of it replayed, not spent): …" for one partly so, else "".
function replayedNote(run: ComparedRun, costTotal: number | null): string {
  if (run.replayedUsd !== undefined && run.replayed !== true) return ` · ${formatPartlyReplayed(costTotal, run.replayedUsd)}`;
  return run.replayed === true ? ` · $ ${REPLAYED_COST} (--models replay: ${REPLAYED_WHY})` : '';
}

// Returns one table as text, its header bold and rows left-aligned then right-aligned figures.
function table(screen: Screen, { head, rows }: { head: string[]; rows: string[][] }): string {
  const t = plainTable({ head: head.map((h) => screen.colors.bold(h)), colAligns: ['left', 'right', 'right', 'right', 'left'], gap: 2 });
  for (const row of rows) t.push(row);
  return t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

// Returns [name, A, B, change, paired test] for one row.
function cells(row: ComparisonRow, name: string): string[] {
  const a = value(row.before);
  const b = value(row.after);
  const [before, after] = comparedUnit(row.metric) === 'usd' && a !== null && b !== null ? costsApart(a, b) : [figure(row.metric, row.before), figure(row.metric, row.after)];
  const change = a === null || b === null ? '' : Math.abs(b - a) < 1e-12 ? '=' : formatDeltaIn(comparedUnit(row.metric), { baseline: a, current: b });
  const test = row.paired ? `p=${formatP(row.paired.p)} (${row.paired.down}↓ ${row.paired.up}↑ of ${row.paired.n})` : '';
  return [neutralizeLine(name), before, after, change, test];
}

// Returns two costs as the summary table prints them, or, when they differ but print alike
// ($0.00045 and $0.00036 are both "$0.0004"), with the significant digits that tell them apart:
// the change beside them is worked out from the values, and the figures must not contradict it.
function costsApart(a: number, b: number): [string, string] {
  const printed: [string, string] = [formatUsd(a), formatUsd(b)];
  if (printed[0] !== printed[1] || Math.abs(b - a) < 1e-12) return printed;
  for (let digits = 2; digits <= 6; digits++) {
    const apart: [string, string] = [significantUsd(a, digits), significantUsd(b, digits)];
    if (apart[0] !== apart[1]) return apart;
  }
  return printed;
}

// Returns a figure as the summary table shows it, by its unit.
function figure(metric: ComparedMetric, v: ComparisonRow['before']): string {
  if (v === undefined || v === null) return '–';
  if (Array.isArray(v)) return String(v.length);
  if (typeof v === 'object') return formatRate(v as Rate, true);
  switch (comparedUnit(metric)) {
    case 'usd':
      return formatUsd(v);
    case 'ms':
      return formatMs(v);
    case 'rate':
    case 'fraction':
      return v.toFixed(3);
    case 'count':
      return String(v);
  }
}

// Returns the number a figure stands for, null when there is none.
function value(v: ComparisonRow['before']): number | null {
  if (v === undefined || v === null || Array.isArray(v)) return null;
  return typeof v === 'number' ? v : v.value;
}

// Returns the case lists the verdict does not print: newly passing, added, removed.
function formatCaseLists(screen: Screen, diff: Comparison['verdict']['diff']): string {
  const groups: [string, CaseChange[], string][] = [
    ['newly passing in B', diff.newly_passing, screen.colors.green('✓')],
    ['only in B (added)', diff.added, '+'],
    ['only in A (removed)', diff.removed, '-'],
  ];
  const lines: string[] = [];
  for (const [title, changes, mark] of groups) {
    if (changes.length === 0) continue;
    lines.push(`${plural(changes.length, 'case')} ${title}:`);
    for (const change of changes.slice(0, MAX_CASES)) lines.push(`  ${mark} ${neutralizeLine(change.key)}${change.status ? `  ${change.status}` : ''}`);
    if (changes.length > MAX_CASES) lines.push(`  … ${changes.length - MAX_CASES} more`);
  }
  return lines.join('\n');
}
