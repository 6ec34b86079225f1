/**
 * The verdict's notes: how to create a baseline, the default gate, and the warnings a small
 * suite deserves (one case worth more than the threshold; a significance level no move of
 * this many cases can reach), plus what changed in the suites since the baseline. Pure.
 */
import { plural } from '../common/plural.js';
import type { Baseline, MetricsBySlice, RunMetrics } from '../config/schema/baseline.js';
import type { CaseResult } from '../config/schema/results.js';
import { isPaired, LIMITS, type GateConfig, type GateMetric, type Threshold } from '../config/schema/gate.js';
import { FRACTION_METRICS } from './explain.js';
import { minDiscordantFor } from './paired.js';
import type { CaseDiff, ThresholdCheck } from './types.js';
import type { AttemptLoss } from './attempt-losses.js';
import type { CaseVerdict } from './diff.js';
import { sameAgentError } from './same-agent-error.js';
import { commandHint } from '../config/command-hint.js';

/** Below this many paired cases, say how many must move before a significant threshold can fail. */
const FEW_PAIRED = 50;

/** The "No baseline at …" note, which the reporters word in their own lines. */
export function isNoBaselineNote(note: string): boolean {
  return note.startsWith('No baseline at ');
}

const DEFAULT_GATE_WITHOUT_BASELINE = 'No gate thresholds configured and no baseline at ';

/**
 * The default gate's note without a baseline, which says there is none and how to write one:
 * a reporter that shows it leaves out its own "No baseline at …" lines, which would say it again.
 */
export function isDefaultGateWithoutBaselineNote(note: string): boolean {
  return note.startsWith(DEFAULT_GATE_WITHOUT_BASELINE);
}

export function notesFor(args: {
  gate: GateConfig;
  usedDefault: boolean;
  metrics: MetricsBySlice;
  baselinePath: string;
  /** The baseline is an earlier run (`compare`): `baseline update` would not change what it holds. */
  baselineIsRun: boolean;
  hasBaseline: boolean;
  checks: readonly ThresholdCheck[];
  diff: CaseDiff;
  /** Cases in a slice paired with the baseline (same key and fingerprint). */
  sharedIn: (slice: string) => number;
  /** Cases in a slice that failed in the baseline and fail now, passing a smaller share of their attempts. */
  fewerPassedIn?: (slice: string) => AttemptLoss[];
  /** Every attempt ended in one and the same agent error (sameAgentError): `baseline update` refuses such a run, so the note does not send there to accept it. */
  agentCouldNotRun?: boolean;
  /** Every case that ran is quarantined: the thresholds had none to count, and `baseline update` writes no baseline of it (lifecycle/baseline-update.ts). */
  allQuarantined?: boolean;
}): string[] {
  const notes: string[] = [];
  if (args.usedDefault && args.hasBaseline) {
    const significance = args.gate.success_rate?.significance;
    notes.push(
      `No gate thresholds configured: the default gate applied (${appliedThresholds(args.gate, true)}).${significance === undefined ? '' : ' With repeats the success rate counts attempts, which a flaky case moves from run to run: newly_failing judges every case, and the rate\'s drop fails only when it is distinguishable from noise.'}`,
    );
  }
  if (args.usedDefault && !args.hasBaseline) {
    notes.push(
      `${DEFAULT_GATE_WITHOUT_BASELINE}${args.baselinePath}: with nothing to compare with every failing case is new, so the default gate asked every case to pass (${appliedThresholds(args.gate, false)}). ${baselineAdvice(args)}`,
    );
  } else if (!args.hasBaseline) {
    notes.push(`No baseline at ${args.baselinePath}: only absolute thresholds (min, max) were applied. Create one with \`${commandHint('baseline update')}\`.`);
  }
  for (const check of args.checks) {
    const metrics = check.slice === 'overall' ? args.metrics.overall : args.metrics.slices[check.slice];
    const unitNote = metrics && oneUnitNote(check, metrics);
    if (unitNote) notes.push(unitNote);
    const attemptNote = metrics && attemptDropNote({ check, metrics, lossesIn: args.fewerPassedIn });
    if (attemptNote) notes.push(attemptNote);
    if (args.hasBaseline) {
      const significanceNote = significanceReach(check, args.sharedIn(check.slice));
      if (significanceNote) notes.push(significanceNote);
    }
  }
  notes.push(...suiteChanges(args));
  return notes;
}

/** What the default gate's note without a baseline says to do: write one, unless nothing was judged or the agent could not run, runs `baseline update` refuses. */
function baselineAdvice(args: { checks: readonly ThresholdCheck[]; agentCouldNotRun?: boolean; allQuarantined?: boolean }): string {
  // The quarantine set every case aside: nothing for a threshold, nor for a baseline (a quarantined case's result is no known state).
  if (args.allQuarantined === true) return `Every case that ran is quarantined, so no threshold had a case to count, and a baseline would record none of them: write it (\`${commandHint('baseline update')}\`) once cases run that are not quarantined.`;
  // Rates over no judged attempt: every threshold went unapplied, and `baseline update` refuses harness errors.
  if (args.checks.every((check) => check.not_applied)) return 'No case ended with a verdict (harness errors or skipped cases only): there is nothing to write a baseline from yet.';
  if (args.checks.every((check) => check.pass)) return `To compare later runs with this one, write the baseline: \`${commandHint('baseline update')}\`.`;
  if (args.agentCouldNotRun) return `Every case ended in the same agent error (below): fix that first, then write the baseline with \`${commandHint('baseline update')}\`, which refuses a run whose agent could not run at all.`;
  return `To accept the current failures, write the baseline: \`${commandHint('baseline update')}\`.`;
}

/**
 * The gate's thresholds as the default gate's note names them, from the gate itself so the note
 * cannot drift from config/defaults.ts: "newly_failing max 0, success_rate max_drop_pp 0 at
 * significance 0.05, policy_compliance min 1.0" (a rate's or fraction's whole bound with a decimal).
 * Without a baseline only the absolute limits (min, max) apply, and only they are named.
 */
export function appliedThresholds(gate: GateConfig, hasBaseline: boolean): string {
  const parts: string[] = [];
  if (hasBaseline && gate.newly_failing) parts.push(`newly_failing max ${gate.newly_failing.max}`);
  for (const [metric, threshold] of Object.entries(gate) as [string, Threshold | undefined][]) {
    if (metric === 'newly_failing' || metric === 'slices' || threshold === undefined) continue;
    for (const limit of LIMITS) {
      const value = threshold[limit];
      const absolute = limit === 'min' || limit === 'max';
      if (value === undefined || (!hasBaseline && !absolute)) continue;
      const shown = absolute && Number.isInteger(value) && FRACTION_METRICS.has(metric as GateMetric) ? value.toFixed(1) : String(value);
      const significance = !absolute && threshold.significance !== undefined ? ` at significance ${threshold.significance}` : '';
      parts.push(`${metric} ${limit} ${shown}${significance}`);
    }
  }
  return parts.join(', ');
}

/**
 * "with 20 cases, one case is 5.0 pp: a max_drop_pp of 2 fails on any single newly failing case":
 * a percentage-point threshold finer than one case (or attempt) of the slice.
 */
function oneUnitNote(check: ThresholdCheck, metrics: RunMetrics): string | undefined {
  // With `significance` the paired test, not one case, decides: significanceReach speaks then.
  if (!FRACTION_METRICS.has(check.metric) || check.threshold.significance !== undefined) return undefined;
  const rate = metrics[check.metric as keyof RunMetrics];
  // Equivalent mutants in the next four lines: `Array.isArray(rate)` and `!('n' in rate)` as false (a
  // rate is never an array and always has n); the max_rise_pp test as `true` and the rule test of
  // `pp` as `false` (pp is then undefined either way); and in the third line, dropping either of
  // `rule === undefined` and `pp === undefined` (pp is undefined exactly when rule is).
  if (rate === null || typeof rate !== 'object' || Array.isArray(rate) || !('n' in rate) || rate.n === 0) return undefined;
  const rule = check.threshold.max_drop_pp !== undefined ? 'max_drop_pp' : check.threshold.max_rise_pp !== undefined ? 'max_rise_pp' : undefined;
  const pp = rule === undefined ? undefined : check.threshold[rule];
  if (rule === undefined || pp === undefined || pp <= 0) return undefined;
  const onePp = 100 / rate.n;
  if (onePp <= pp) return undefined;
  const perCase = check.metric === 'pass_hat_k' || check.metric === 'pass_at_k';
  const unit = !perCase && metrics.attempts > metrics.cases ? 'attempt' : 'case';
  const where = check.slice === 'overall' ? '' : `${check.slice}: `;
  const what = check.metric === 'success_rate' && rule === 'max_drop_pp' ? `any single newly failing ${unit}` : `a change in a single ${unit} (${check.metric})`;
  return `${where}with ${plural(rate.n, unit)}, one ${unit} is ${onePp.toFixed(1)} pp: a ${rule} of ${pp} fails on ${what}`;
}

/** Cases named in the note before "and N more". */
const MAX_LOSSES_NAMED = 3;

/**
 * Why the success rate failed, or dropped past its threshold within noise (the gate shows that move
 * too), with no case newly failing: with repeats it counts attempts, so a case failing in the
 * baseline too (a flaky one, say) that passed fewer of its attempts lowers it while every case
 * keeps its verdict. Names those cases, and, when it failed, what judges cases instead.
 */
function attemptDropNote({ check, metrics, lossesIn }: { check: ThresholdCheck; metrics: RunMetrics; lossesIn: ((slice: string) => AttemptLoss[]) | undefined }): string | undefined {
  if ((check.pass && !check.within_noise) || check.metric !== 'success_rate' || check.rule !== 'max_drop_pp' || check.paired?.down !== 0) return undefined;
  if (metrics.attempts <= metrics.cases) return undefined;
  // Looked for only now: every check of every slice comes here, and few fail this way.
  const losses = lossesIn?.(check.slice) ?? [];
  const named = losses
    .slice(0, MAX_LOSSES_NAMED)
    .map((loss) => `${loss.key} (${loss.passes}/${loss.attempts} attempts passed, ${loss.before.passes}/${loss.before.attempts} in the baseline)`);
  const more = losses.length > MAX_LOSSES_NAMED ? ` and ${losses.length - MAX_LOSSES_NAMED} more` : '';
  const which = named.length > 0 ? `: ${named.join(', ')}${more}` : '';
  const why = `with repeats it counts attempts, and cases that failed in the baseline too passed fewer of theirs${which}`;
  if (check.pass) return `success_rate (${check.slice}) dropped within noise with no case newly failing: ${why}.`;
  return `success_rate (${check.slice}) dropped with no case newly failing: ${why}. A flaky case moves it from run to run; to judge cases rather than attempts, gate newly_failing and pass_hat_k, or give success_rate a significance.`;
}

/**
 * With `significance`, the exact test needs k cases all moving one way (6 at 0.05): say so for
 * a small slice, and warn when fewer cases are paired than that, since the threshold then cannot fail.
 */
function significanceReach(check: ThresholdCheck, paired: number): string | undefined {
  const level = check.threshold.significance;
  // A significance beside a `min` or `max` alone is refused by the config's schema (config.ts withSomeLimit): it has a relative rule here.
  if (level === undefined || !isPaired(check.metric)) return undefined;
  const needed = minDiscordantFor(level);
  const where = `${check.metric} (${check.slice})`;
  if (paired < needed) {
    return `${where}: significance ${level} needs at least ${needed} cases moving the same way, and only ${paired} ${paired === 1 ? 'is' : 'are'} paired with the baseline: this threshold cannot fail on its relative rule`;
  }
  if (paired < FEW_PAIRED) return `${where}: with ${paired} paired cases, a move is significant at ${level} only when at least ${needed} cases move the same way`;
  return undefined;
}

/** What differs between the run's cases and the baseline's (how the metrics then compare is verdict.ts' note). */
function suiteChanges({ diff, gate, baselineIsRun }: { diff: CaseDiff; gate: GateConfig; baselineIsRun: boolean }): string[] {
  const n = diff.changed.length;
  if (n === 0) return [];
  const advice = baselineIsRun ? '' : `; run \`${commandHint('baseline update')}\` once the change is intended`;
  return [
    `${plural(n, 'case')} changed since the baseline (input or expectation differs): listed as changed, not as newly failing or passing, and left out of the comparison${gate.newly_failing ? ` of rates (one that fails counts against newly_failing max ${gate.newly_failing.max})` : ''}${advice}.`,
  ];
}

/** The fewest and the most attempts that ran (skipped ones aside) of any one case. */
export interface AttemptRange {
  least: number;
  most: number;
}

/** The range of a baseline's case records (they hold no skipped attempt); undefined with none. */
export function baselineAttempts(baseline: Pick<Baseline, 'cases'>): AttemptRange | undefined {
  return rangeOf(Object.values(baseline.cases).map((record) => record.attempts));
}

/** The range of a run's cases, its skipped attempts aside (as a baseline records it); undefined when none ran. */
export function runAttempts(cases: ReadonlyMap<string, CaseVerdict>): AttemptRange | undefined {
  const counts: number[] = [];
  for (const verdict of cases.values()) {
    const ran = verdict.attempts.filter((attempt) => attempt.status !== 'skipped').length;
    if (ran > 0) counts.push(ran);
  }
  return rangeOf(counts);
}

function rangeOf(counts: readonly number[]): AttemptRange | undefined {
  if (counts.length === 0) return undefined;
  let least = counts[0]!;
  let most = least;
  for (const count of counts) {
    least = Math.min(least, count);
    most = Math.max(most, count);
  }
  return { least, most };
}

/**
 * A run and a baseline whose cases ran other numbers of attempts (another --repeat, or a run
 * interrupted before every case ran all of its, as `baseline update --from <run> --force`
 * records one): what counts attempts (cost_total, counts) is not like for like, and with cases
 * of unequal attempts neither is what judges a case over its attempts (pass_hat_k, pass_at_k, flaky_cases).
 */
export function repeatNote(before: AttemptRange | undefined, now: AttemptRange | undefined): string[] {
  if (before === undefined || now === undefined || (before.least === now.least && before.most === now.most)) return [];
  const uneven = before.least !== before.most || now.least !== now.most;
  return [
    `The baseline ran ${timesOf(before, 'each case ')} and this run ${timesOf(now, '')} (--repeat): figures that add up attempts (cost_total, policy_denials) are not like for like; ${
      uneven
        ? 'nor, with cases run unequal numbers of times (a run interrupted before every case ran all its attempts), are pass_hat_k, pass_at_k and flaky_cases, which judge a case over its attempts; success_rate and per-task figures are.'
        : 'rates and per-task figures are.'
    }`,
  ];
}

/** `each`: what a range of one count is said of ('each case ' for the baseline, nothing for the run). */
function timesOf({ least, most }: AttemptRange, each: string): string {
  if (least !== most) return `its cases ${least} to ${most} times each`;
  return `${each}${most === 1 ? 'once' : `${most} times`}`;
}

/**
 * The note of a run with production traces (`score --unlabeled`) judged against a baseline: they
 * are no cases of the suites, so the baseline holds none of them and the gate compares them with
 * nothing case by case; `shared`: the cases the run and the baseline both have.
 */
export function productionNote(count: number, shared: number): string[] {
  if (count === 0) return [];
  const they = count === 1 ? 'it is' : 'they are';
  return [
    `${plural(count, 'production trace')} (\`score --unlabeled\`): no case of the suites, so the baseline has no record of ${count === 1 ? 'it' : 'them'}; ${they} not compared case by case (not added, not counted by newly_failing), relative thresholds compare the ${plural(shared, 'case')} both have, and min and max judge the whole run, production traces included.`,
  ];
}

/**
 * Every attempt (two or more) ended in `agent_error` with one and the same message (`sameAgentError`:
 * the case, ids, times, ports and temp paths aside): the agent could
 * not run at all, which a setup problem (a missing API key: a pull request from a fork gets no
 * secrets) causes more often than a change does. The cases still fail (the agent answered with an
 * error, SPEC §6); the note says where to look. It quotes nothing the agent wrote: that message
 * is untrusted, and each case shows it redacted.
 */
export function sameAgentErrorNote(results: readonly CaseResult[]): string[] {
  const judged = sameAgentError(results);
  if (judged === undefined) return [];
  return [
    `Every case (${plural(judged.attempts, 'attempt')}) ended in agent_error with one and the same message: the agent could not run at all, which a setup problem causes more often than a change to the agent does — a missing API key or secret (a pull request from a fork gets no secrets; \`--models replay\` needs none), a service the agent needs that is down. The message is at each case.`,
  ];
}
