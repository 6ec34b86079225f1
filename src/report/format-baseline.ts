/**
 * The baseline in words: `baseline show` (provenance, the metrics table, the cases failing when it
 * was written) and what `baseline update` says of the baseline it replaced (the failures it now
 * accepts, the cases now passing).
 */
import { compareCaseKeys } from '../common/case-keys.js';
import { plural } from '../common/plural.js';
import { neutralizeLine } from '../common/sanitize.js';
import type { Baseline } from '../config/schema/baseline.js';
import type { AcceptedFailure, AttemptRange, BaselineChanges, HeldCase } from '../gate/index.js';
import { agentLabel } from '../config/agent-label.js';
import { passedTally } from './failing-cases.js';
import { formatSummaryTable } from './format-summary.js';
import type { Screen } from './screen.js';
import { commandHint } from '../config/command-hint.js';

/** `baseline show`: provenance, the metrics table, then the cases failing when it was written (a flaky one with its passed attempts). */
export function formatBaselineShow({ screen, baseline, shown }: { screen: Screen; baseline: Baseline; shown: string }): string {
  // The file keeps its keys as text sorts them (c10 before c2); shown in case-number order.
  const failing = Object.entries(baseline.cases)
    .filter(([, c]) => c.status !== 'passed')
    .sort(([a], [b]) => compareCaseKeys(a, b));
  const lines = [
    `Baseline ${shown}`,
    // A baseline comes in pull requests: every string of it is shown as text, none acts on the terminal.
    `  agent     ${neutralizeLine(agentLabel(baseline.provenance.agent))} (${neutralizeLine(baseline.provenance.adapter)})`,
    ...(baseline.provenance.commit ? [`  commit    ${neutralizeLine(baseline.provenance.commit)}${baseline.provenance.uncommitted ? ' with changes not committed (the code measured was not this commit\'s)' : ''}`] : []),
    `  suites    fingerprint ${neutralizeLine(baseline.fingerprint)}, ${plural(Object.keys(baseline.cases).length, 'case')}`,
    // The prices its costs were priced at (version 4): eval notes when the run's are others.
    ...(baseline.pricing && Object.keys(baseline.pricing).length > 0
      ? [`  prices    ${Object.entries(baseline.pricing).map(([key, price]) => `${neutralizeLine(key)} $${price.input_per_mtok} in, $${price.output_per_mtok} out`).join('; ')} per million tokens`]
      : []),
    '',
    formatSummaryTable(screen, { metrics: baseline.metrics }),
    '',
    failing.length === 0
      ? 'Every case passed when the baseline was written.'
      : `Failing when the baseline was written (${failing.length}):\n${failing
          .map(([key, c]) => `  ${neutralizeLine(key)}  ${c.failed_checks?.join(', ') ?? c.status}${c.flaky ? ` (${passedTally(c.passes, c.attempts)})` : ''}`)
          .join('\n')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Cases named per line before "and N more". */
const MAX_NAMED = 10;

const SINCE: Record<AcceptedFailure['since'], string> = { passed: 'passed there', added: 'added since', changed: 'edited since' };

/**
 * Lines for the terminal, each ending in a newline: first the failures the new baseline accepts
 * that the previous one did not (a pull request that writes them accepts a regression), then
 * the cases now passing, then how many were added or removed; one line when no verdict changed.
 */
export function formatBaselineChanges(changes: BaselineChanges): string {
  const lines: string[] = [];
  const { accepted_failures: accepted, now_passing: passing } = changes;
  if (accepted.length > 0) {
    const named = accepted.map((f) => `${neutralizeLine(f.key)} (${f.status === 'error' ? 'harness error; ' : ''}${SINCE[f.since]})`);
    lines.push(`Now accepted as failing, which the previous baseline did not accept (${accepted.length}): ${list(named)}`);
  }
  if (passing.length > 0) lines.push(`Now passing, failing in the previous baseline (${passing.length}): ${list(passing.map(neutralizeLine))}`);
  if (changes.added > 0 || changes.removed > 0 || changes.edited > 0) lines.push(`Since the previous baseline: ${plural(changes.added, 'case')} added, ${changes.removed} removed, ${changes.edited} edited.`);
  if (accepted.length === 0 && passing.length === 0) lines.unshift('No case changed its verdict against the previous baseline.');
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The line for the quarantined cases `baseline update` did not record as they ran (gate's
 * holdQuarantined): each kept as the previous baseline had it, or left out; empty when none.
 */
export function formatQuarantineHeld(held: readonly HeldCase[]): string {
  if (held.length === 0) return '';
  const named = held.map((h) => `${neutralizeLine(h.key)} (until ${h.until}; ${h.kept ? `kept as the previous baseline had it: ${h.kept}` : 'left out: no previous record, so it counts as added once its quarantine ends'})`);
  return `Not recorded as ${held.length === 1 ? 'it' : 'they'} ran, since the gate does not count ${held.length === 1 ? 'it' : 'them'} while quarantined (${held.length}): ${list(named)}\n`;
}

/**
 * The line for a baseline whose cases ran unequal numbers of attempts, or fewer than the run
 * planned (`planned`: its --repeat, under --from): a run interrupted before every case ran all of
 * them, recorded with --force. `range`: the attempts the run's cases ran. Each record keeps the
 * attempts that ran; a case that ran fewer than planned and failed none is no pass (SPEC §11
 * Repeats) and is left out (`leftOut` of them), as one skipped at the cost cap is. Empty when every
 * case ran as many as planned.
 */
export function formatUnevenAttempts(input: { range: AttemptRange | undefined; planned: number | undefined; leftOut: number }): string {
  const { range, planned } = input;
  if (range === undefined || (range.least === range.most && (planned === undefined || range.least >= planned))) return '';
  const ran = range.least === range.most ? `${range.most === 1 ? 'once' : `${range.most} times`} each` : `${range.least} to ${range.most} times each`;
  const of = planned === undefined ? '' : `, of the ${planned} attempts the run planned (--repeat ${planned})`;
  const left =
    input.leftOut === 0
      ? ''
      : ` ${plural(input.leftOut, 'case')} that ran fewer attempts than planned and failed none ${input.leftOut === 1 ? 'is' : 'are'} no pass, and left out (a later eval lists ${input.leftOut === 1 ? 'it' : 'them'} as added).`;
  return `Its cases ran ${ran}${of}: each record keeps the attempts that ran, and a later eval's gate notes that figures adding up attempts, and pass_hat_k, pass_at_k and flaky_cases, are not like for like with it.${left}
`;
}

/**
 * What `baseline update` says when every case that ran is quarantined, and it writes nothing: the
 * gate counts none of them and none of their results is a known state, so a baseline would hold no
 * measured case and empty metrics (the previous one, `previous`, is left as it was: one that could
 * not be read too, which the next update that writes replaces).
 */
export function formatAllQuarantined(input: { held: readonly HeldCase[]; shown: string; previous: { kind: 'none' } | { kind: 'read' } | { kind: 'unreadable'; why: string } }): string {
  const named = input.held.map((h) => `${neutralizeLine(h.key)} (until ${h.until})`);
  const { previous } = input;
  const left = previous.kind === 'read' ? `; the baseline there is left as it was` : previous.kind === 'unreadable' ? `; the baseline there, which could not be read (${neutralizeLine(previous.why)}), is left as it was` : '';
  return `Every case that ran is quarantined (${input.held.length}): ${list(named)}. The gate counts none of them and a quarantined case's result is no known state, so ${input.shown} was not written${left}. Write it once cases run that are not quarantined.\n`;
}

/** The line for a previous baseline that could not be read (merge conflicts, not JSON): written anew, compared with nothing. */
export function formatBaselineUnreadable(why: string): string {
  return `The previous baseline could not be read (${neutralizeLine(why)}): it was written anew, and nothing was compared with it.\n`;
}

/**
 * After `baseline update`: the thresholds the gate still fails against the baseline just written.
 * Only an absolute one (`min`, `max`) can, since the baseline is this very run: accepting today's
 * failures does not lift a `policy_compliance: { min: 1.0 }`, so the next eval would exit 1.
 */
export function formatGateStillFails(explanations: readonly string[]): string {
  if (explanations.length === 0) return '';
  return (
    `The gate still fails against this baseline: ${plural(explanations.length, 'threshold')} no baseline can accept (min and max judge every run):\n` +
    explanations.map((line) => `  ✗ ${neutralizeLine(line)}\n`).join('') +
    `\`${commandHint('eval')}\` exits 1 until they hold: fix what fails them, or change \`gate:\` in the config.\n`
  );
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMED).join(', ');
  return names.length > MAX_NAMED ? `${shown} and ${names.length - MAX_NAMED} more` : shown;
}
