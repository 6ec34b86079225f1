/** The gate section of the terminal report (and `compare`'s): thresholds, moves, case changes, notes, the headline. */
import type { CaseChange, MetricMove, ThresholdCheck, Verdict } from '../gate/types.js';
import { isDefaultGateWithoutBaselineNote, isNoBaselineNote } from '../gate/notes.js';
import { neutralizeLine } from '../common/sanitize.js';
import { unappliedExplanations } from '../gate/explain.js';
import { addedAndRemoved, passedTally } from './failing-cases.js';
import { headlineOf, headlineText, isPlainPass } from './headline.js';
import type { BaselineLoosening, RunEnd } from '../gate/index.js';
import { loosenedText } from './format-loosened.js';
import type { Screen } from './screen.js';
import { plural } from '../common/plural.js';
import { commandHint } from '../config/command-hint.js';

/** Added (or removed) cases named before "and N more". */
const LISTED_ADDED_REMOVED = 10;

/**
 * The gate section: failed thresholds with their evidence, case changes against the
 * baseline, notes, and the final `Gate passed` / `Gate FAILED (N thresholds)`, or `Run incomplete…`
 * when the run ended short (`end`; completed when not given), whatever the thresholds say.
 */
export function formatVerdict(screen: Screen, judged: { verdict: Verdict; end?: RunEnd }): string {
  const { verdict } = judged;
  const c = screen.colors;
  const headline = headlineOf({ end: judged.end ?? { kind: 'completed' } }, verdict);
  // An incomplete run's gate is not decided: what passed passed on the part that ran, as its headline says of what fails.
  const ofPart = headline.kind === 'incomplete' ? ' on the cases that ran' : '';
  const lines: string[] = [c.bold(verdict.has_baseline ? `Gate (baseline ${verdict.baseline_path})` : 'Gate (no baseline)')];
  const failed = verdict.checks.filter((k) => !k.pass);
  const newly = verdict.newly_failing;
  // The case-by-case entry first: it names the cases no baseline accepted failing.
  if (newly?.pass === false) lines.push(c.red(`  ✗ ${neutralizeLine(newly.explanation)}`));
  for (const check of failed) lines.push(c.red(`  ✗ ${formatCheck(check)}`));
  // Past a threshold yet passed because the move is within noise: shown, so nobody mistakes it for no move.
  const noisy = verdict.checks.filter((k) => k.pass && k.within_noise);
  for (const check of noisy) lines.push(c.yellow(`  ~ ${formatCheck(check)}`));
  const notApplied = verdict.checks.filter((k) => k.not_applied).length;
  const notAppliedCases = newly?.kind === 'not_applied' ? 1 : 0;
  const passedCases = newly?.kind === 'judged' && newly.pass ? 1 : 0;
  const passed = verdict.checks.length - failed.length - noisy.length - notApplied + passedCases;
  if (passed > 0) lines.push(c.dim(`  ${plural(passed, 'threshold')} passed${ofPart}`));
  if (notApplied + notAppliedCases > 0) {
    lines.push(c.dim(`  ${plural(notApplied + notAppliedCases, 'threshold')} not applied (no baseline value or no data):`));
    for (const text of unappliedExplanations(verdict)) lines.push(c.dim(`    - ${neutralizeLine(text)}`));
  }

  const shown = new Set([...failed, ...noisy].map((k) => `${k.slice}\0${k.metric}`));
  const moves = movesToList(verdict, shown);
  if (moves.length > 0) {
    lines.push('  moved:');
    // `~` is reserved for moves within noise; a significant move gets `!`.
    for (const move of moves) lines.push(`    ${move.significant ? c.yellow('!') : c.dim('~')} ${neutralizeLine(move.explanation)}`);
  }

  const { diff } = verdict;
  if (diff.newly_failing.length > 0) {
    lines.push(`  ${plural(diff.newly_failing.length, 'case')} newly failing:`);
    for (const change of diff.newly_failing) lines.push(`${c.red(`    ✗ ${neutralizeLine(change.key)}`)}${describeChange(change)}`);
  }
  if (diff.changed.length > 0) {
    lines.push(`  ${plural(diff.changed.length, 'case')} changed since the baseline, not compared:`);
    for (const change of diff.changed) lines.push(`    ~ ${neutralizeLine(change.key)}  now ${change.status ?? 'not run'}${describeChange(change)}`);
  }
  for (const { label, listed, more } of addedAndRemoved(diff, LISTED_ADDED_REMOVED)) {
    lines.push(`  ${plural(listed.length + more, 'case')} ${label} since the baseline:`);
    for (const change of listed) lines.push(`    ${label === 'added' ? '+' : '-'} ${neutralizeLine(change.key)}${change.status ? `  now ${change.status}` : ''}`);
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  if (verdict.has_baseline) {
    lines.push(
      `  ${diff.newly_passing.length} newly passing · ${diff.added.length} added · ${diff.removed.length} removed · ${diff.changed.length} changed`,
    );
  } else if (!verdict.notes.some(isDefaultGateWithoutBaselineNote)) {
    lines.push(
      c.yellow(`  No baseline at ${verdict.baseline_path}: only absolute thresholds (min, max) were applied.`),
      c.yellow(`  Create one with \`${commandHint('baseline update')}\` and commit it.`),
    );
  }
  for (const note of verdict.notes) {
    if (isNoBaselineNote(note)) continue;
    lines.push(c.dim(`  note: ${neutralizeLine(note)}`));
  }
  if (verdict.baseline_loosened) lines.push(...loosenedLines(verdict.baseline_loosened, verdict.baseline_path).map((line) => c.yellow(line)));
  lines.push('');
  const text = headlineText(headline);
  lines.push(isPlainPass(headline) ? c.green(text) : headline.kind === 'failed' ? c.red.bold(text) : c.yellow(text));
  return lines.join('\n');
}

// Returns the lines of a baseline the change loosened against the base branch's (--base-baseline).
function loosenedLines(loosening: BaselineLoosening, baselinePath: string): string[] {
  const text = loosenedText(loosening, baselinePath);
  const lines = [`  ${neutralizeLine(text.heading)}`];
  if (text.accepted) {
    const { lead, keys, more } = text.accepted;
    lines.push(`  ${lead}:`, ...keys.map(({ key, error }) => `    ! ${neutralizeLine(key)}${error ? ' (harness error)' : ''}`), ...(more > 0 ? [`    … and ${more} more`] : []));
  }
  lines.push(...text.figures.map((line) => `  ! ${neutralizeLine(line)}`));
  for (const { lead, cases, more } of text.lowered) {
    lines.push(`  ${lead}:`, ...cases.map(({ key, scores }) => `    ! ${neutralizeLine(key)}  ${scores}`), ...(more > 0 ? [`    … and ${more} more`] : []));
  }
  return lines;
}

// Returns a failed threshold's line: the gate's own explanation, the one wording every reporter shares.
function formatCheck(check: ThresholdCheck): string {
  return neutralizeLine(check.explanation);
}

// Returns "  tools: expected call … (flaky: 2/3 attempts passed)" for a case in the diff; '' when there is nothing to add.
function describeChange(change: CaseChange): string {
  const why = change.first_failure === undefined ? '' : `  ${neutralizeLine(change.first_failure)}`;
  const { attempts, passes } = change;
  const tally = attempts !== undefined && passes !== undefined && attempts > 1 ? ` (${passedTally(passes, attempts)})` : '';
  return `${why}${tally}`;
}

/**
 * The rates that moved which no shown check names (`shown`: `slice\0metric`), less a pass^k or
 * pass@k that moved exactly as the success rate of its slice: with one attempt per case the three
 * are one figure, and the success rate's line says it.
 */
export function movesToList(verdict: Verdict | undefined, shown: ReadonlySet<string>): MetricMove[] {
  const moves = verdict?.moves ?? [];
  const asSuccessRate = (move: MetricMove) =>
    (move.metric === 'pass_hat_k' || move.metric === 'pass_at_k') &&
    moves.some((other) => other.metric === 'success_rate' && other.slice === move.slice && other.baseline === move.baseline && other.current === move.current);
  return moves.filter((move) => !shown.has(`${move.slice}\0${move.metric}`) && !asSuccessRate(move));
}
