/**
 * The markdown summary's sections about failing cases: the kill switch's failing attempts, the
 * cases newly failing against the baseline, and the table of every failing case with its reason.
 */
import type { CaseResult } from '../config/schema/index.js';
import type { Verdict } from '../gate/types.js';
import { attemptTally, descriptionLine, failingCases as failingGroups, repeatsCases, uncountedFailure, type AttemptStatus } from './failing-cases.js';
import type { RunSummary } from './reporter.js';
import { conversationLines } from './turns.js';
import { readinessFailures, readinessLine } from './kill-switch.js';
import { fitted, MAX_CASES_LISTED } from './comment-budget.js';
import { reason } from './failure-reason.js';
import { code, md } from './markdown-escape.js';

/** Lines of text as one table cell: each escaped, `<br>` between them (the only line break a cell holds). */
function cellLines(text: string): string {
  return text.split('\n').map(md).join('<br>');
}

// Returns the kill switch's readiness result with its figures and the failing attempts; empty for a normal run.
export function killSwitch(summary: RunSummary): string {
  if (summary.readiness === undefined) return '';
  const { listed, more } = readinessFailures(summary.readiness.tally, { repeated: repeatsCases(summary) });
  const lines = listed.map((f) => `- ❌ \`${code(f.key)}\`${md(f.attempt)} — ${fitted(f.reason, md)}`);
  if (more > 0) lines.push(`- … and ${more} more`);
  return ['### Kill switch', '', md(readinessLine(summary.readiness.tally)), ...(lines.length > 0 ? ['', ...lines] : [])].join('\n');
}

// Returns the list of cases that passed in the baseline and fail now.
export function newlyFailing(verdict: Verdict | undefined): string {
  const cases = verdict?.diff.newly_failing ?? [];
  if (cases.length === 0) return '';
  const lines = cases.slice(0, MAX_CASES_LISTED).map((c) => `- \`${code(c.key)}\`${c.first_failure ? ` — ${fitted(c.first_failure, md)}` : ''}`);
  if (cases.length > MAX_CASES_LISTED) lines.push(`- … and ${cases.length - MAX_CASES_LISTED} more`);
  return [`### Newly failing (${cases.length})`, '', ...lines].join('\n');
}

// Returns every failing or error case with its first reason and trace id, in a table.
export function failingCases(input: { results: Iterable<CaseResult>; statuses: Iterable<AttemptStatus> | undefined; verdict: Verdict | undefined }): string {
  const bad = failingGroups(input.results, input.statuses);
  const uncounted = uncountedFailure(input.verdict);
  if (bad.length === 0) return '';
  const rows = bad.slice(0, MAX_CASES_LISTED).map((attempts) => {
    const first = attempts.find((r) => r.status === 'failed' || r.status === 'error')!;
    const counted = attemptTally(attempts);
    const tally = counted ? ` (${counted.text})` : '';
    // A crash's stderr lines and a conversation's turns follow the reason in the cell, one per line.
    const why = fitted([reason(first, { statusShown: true }), ...conversationLines(first)].join('\n'), cellLines);
    const standing = uncounted(`${first.suite}/${first.case_id}`);
    const about = first.description === undefined ? '' : `<br>${md(descriptionLine(first.description))}`;
    return `| \`${code(`${first.suite}/${first.case_id}`)}\`${about} | ${first.status}${tally}${standing ? ` (${standing})` : ''} | ${why} | \`${code(first.trace_id)}\` |`;
  });
  if (bad.length > MAX_CASES_LISTED) rows.push(`| … and ${bad.length - MAX_CASES_LISTED} more | | | |`);
  return [`### Failing cases (${bad.length})`, '', '| case | status | why | trace |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
