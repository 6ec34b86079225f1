/**
 * Quarantine in the gate (SPEC §14): a quarantined case runs and is reported, but no gate
 * threshold counts it while its quarantine holds. Pure: today's date is an argument.
 */
import { compareCaseKeys, keyForms, ListedKeys } from '../common/case-keys.js';
import { redact } from '../common/redact.js';
import { isQuarantined } from '../config/quarantine.js';
import type { Suite } from '../config/schema/resolved.js';
import type { Baseline, BaselineCase, MetricsBySlice } from '../config/schema/baseline.js';
import type { CaseResult } from '../config/schema/results.js';
import type { QuarantinedCase } from '../config/schema/weekly.js';
import { caseKey } from './diff.js';
import { computeMetrics } from './metrics.js';
import { asAttempts } from './narrow.js';
import type { Verdict } from './types.js';

// The shape's one owner is the weekly review's schema, which writes it; a type only, so no zod loads here.
export type { QuarantinedCase };

/** The cases whose quarantine holds today, in suite order. */
export function quarantinedCases(suites: readonly Pick<Suite, 'cases'>[], today: string): QuarantinedCase[] {
  return suites.flatMap((suite) =>
    suite.cases.flatMap((kase) =>
      kase.quarantine && isQuarantined(kase, today) ? [{ suite: kase.suite, case_id: kase.id, until: kase.quarantine.until, reason: kase.quarantine.reason }] : [],
    ),
  );
}

/**
 * The keys of the quarantined cases as the suites write them and as a run written redacted does: a
 * case whose id holds PII (`4111111111111111`) is `suite/[card]` in its results (so every case
 * whose id redacts alike is set aside with it: the run cannot tell them apart).
 */
function quarantineKeys(quarantined: readonly QuarantinedCase[]): Set<string> {
  return new Set(quarantined.flatMap((q) => keyForms(caseKey(q))));
}

/** The results the gate counts, and those of quarantined cases (reported, not counted). */
export function splitQuarantined(results: readonly CaseResult[], quarantined: readonly QuarantinedCase[]): { gated: CaseResult[]; quarantined: CaseResult[] } {
  const keys = quarantineKeys(quarantined);
  const split = { gated: [] as CaseResult[], quarantined: [] as CaseResult[] };
  for (const result of results) (keys.has(caseKey(result)) ? split.quarantined : split.gated).push(result);
  return split;
}

/**
 * What the gate judges once quarantined cases are set aside: the other results, their metrics
 * (recomputed only when something was set aside), and the quarantined cases that ran.
 */
export function withoutQuarantined(input: { results: readonly CaseResult[]; metrics: MetricsBySlice; quarantined?: readonly QuarantinedCase[] | undefined; planned?: number | undefined }): {
  results: readonly CaseResult[];
  metrics: MetricsBySlice;
  keys: ReadonlySet<string>;
  ran: QuarantinedCase[];
} {
  const quarantined = input.quarantined ?? [];
  const split = splitQuarantined(input.results, quarantined);
  if (split.quarantined.length === 0) return { results: input.results, metrics: input.metrics, keys: quarantineKeys(quarantined), ran: [] };
  const ranKeys = new ListedKeys(split.quarantined.map(caseKey));
  // Named as the run wrote them: a case matched by its redacted key by its redacted id.
  const ran = quarantined.flatMap((q) => {
    const form = ranKeys.formOf(caseKey(q));
    return form === undefined ? [] : form === caseKey(q) ? [q] : [{ ...q, case_id: redact(q.case_id) }];
  });
  return { results: split.gated, metrics: computeMetrics(split.gated, input.planned), keys: quarantineKeys(quarantined), ran };
}

/** A quarantined case `baseline update` did not record as it ran: `kept`, the previous baseline's record of it (its status), or none (left out). */
export interface HeldCase {
  key: string;
  until: string;
  kept?: BaselineCase['status'];
}

/**
 * The baseline `baseline update` writes with each quarantined case that ran held back: the gate
 * does not count it (SPEC §14), so its result is no known state either — a failure recorded while
 * quarantined would be a "known failure" once its date passes, and `newly_failing` would never
 * catch it. Its record stays as `previous` had it, or it is left out (then it is "added" once its
 * quarantine ends, and a failure of it counts). The metrics are those of the records written: the
 * run's other cases as they ran, and each record kept as its attempts (narrow.ts asAttempts, with
 * the tool scores it keeps), as a baseline's metrics are of its cases. Without the kept records, a case back from
 * quarantine, shared with the baseline so compared by the whole metrics, would count against the
 * baseline's metrics of the other cases: a known failure a drop of the success rate.
 * `results`: the run's (keyed as `next` is).
 */
export function holdQuarantined(input: { next: Baseline; previous: Baseline | undefined; results: readonly CaseResult[]; quarantined: readonly QuarantinedCase[] }): { baseline: Baseline; held: HeldCase[] } {
  const split = splitQuarantined(input.results, input.quarantined);
  if (split.quarantined.length === 0) return { baseline: input.next, held: [] };
  const untilOf = new Map(input.quarantined.flatMap((q) => keyForms(caseKey(q)).map((key) => [key, q.until] as const)));
  const cases = { ...input.next.cases };
  const held: HeldCase[] = [];
  const kept: CaseResult[] = [];
  for (const key of [...new Set(split.quarantined.map(caseKey))].sort(compareCaseKeys)) {
    const before = input.previous?.cases[key];
    if (before) {
      cases[key] = before;
      // Its tags and risk (the record keeps none) from this run's attempt of the same case as written.
      const label = split.quarantined.find((result) => caseKey(result) === key && result.fingerprint === before.fingerprint);
      kept.push(...asAttempts({ key, record: before, label }));
    } else delete cases[key];
    held.push({ key, until: untilOf.get(key) ?? '', ...(before ? { kept: before.status } : {}) });
  }
  return { baseline: { ...input.next, metrics: computeMetrics([...split.gated, ...kept]), cases }, held };
}

/**
 * The verdict with its quarantine reasons (in `quarantined` and in their note) passed through
 * `text`: a reason is the team's own words in a suite and may name a customer, so a run prints and
 * writes it redacted, as a case's description, unless told --no-redact.
 */
export function quarantineReasonsCleaned(verdict: Verdict, text: (reason: string) => string): Verdict {
  if (verdict.quarantined.length === 0) return verdict;
  const quarantined = verdict.quarantined.map((q) => ({ ...q, reason: text(q.reason) }));
  const [written] = quarantineNote(verdict.quarantined);
  const [cleaned] = quarantineNote(quarantined);
  return { ...verdict, quarantined, notes: verdict.notes.map((note) => (note === written ? cleaned! : note)) };
}

/** The verdict's note naming the quarantined cases that ran, so none hides quietly. */
export function quarantineNote(ran: readonly QuarantinedCase[]): string[] {
  if (ran.length === 0) return [];
  const list = ran.map((q) => `${q.suite}/${q.case_id} (until ${q.until}: ${q.reason})`).join('; ');
  return [`${ran.length} quarantined case${ran.length === 1 ? '' : 's'} ran and ${ran.length === 1 ? 'is' : 'are'} reported but not counted by the gate: ${list}.`];
}
