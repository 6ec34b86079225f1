/**
 * How a command judges a run that completed: against the committed baseline (eval, score),
 * against another run (compare), by the kill switch's readiness check, or not at all (--no-gate).
 */
import { plural } from '../common/plural.js';
import { utcDay } from '../config/index.js';
import { isProductionResult } from '../config/production-case.js';
import type { Baseline, GateConfig, Price, Suite, Target } from '../config/schema/index.js';
import { adoptPriorFingerprints, baselineLoosening, caseKey, decideVerdict, narrowBaseline, quarantinedCases, sameAgentError, unrecordedWords, type Comparison } from '../gate/index.js';
import { isFiltered, plannedRepeat, ranFingerprint, type RunRecord, type SessionResult } from '../run/index.js';
import type { Judgement } from './exit.js';
import type { Judge } from './lifecycle.js';
import { shownPath } from '../config/shown-path.js';
import { envFileWords, unreadEnvFile } from './env-file.js';
import { otherAgentNote } from './other-agent.js';
import { priceChangeNote } from './price-changes.js';

/** No judgement: exit 0 when the run completed. */
export const ungated: Judge = () => ({ kind: 'ungated' });

/** The kill switch: the readiness check is the gate. */
export const readinessJudge: Judge = ({ readiness }) => (readiness ? { kind: 'readiness', readiness } : { kind: 'ungated' });

/**
 * The gate against the committed baseline (read before any case runs, so a corrupt one is exit 2
 * first). A filtered run is compared with the baseline's records of the selected cases only. The
 * cases of `suites` whose quarantine holds on the day the run is judged (UTC) are reported but
 * not counted; the verdict's notes name those that ran.
 */
export function baselineJudge(input: {
  gate: GateConfig;
  baseline: Baseline | undefined;
  baselinePath: string;
  /**
   * Which cases the run judged: `whole` (every case of the suites), `filtered` (flags selected
   * some), `traces` (score: the cases the traces name, which may be all of them or a few).
   */
  selection: 'whole' | 'filtered' | 'traces';
  cwd: string;
  suites: readonly Suite[];
  /** `--base-baseline`: the base branch's baseline (undefined: it has none), to name what the committed one loosens. */
  base?: { baseline: Baseline | undefined };
  /** The config's `pricing:`, which priced the run's calls: its note when the baseline was priced otherwise. */
  pricing: Readonly<Record<string, Price>>;
  /** A `.env` file beside the config (as shown), which agentready does not load: named when every case ended in one agent error. */
  envFile?: string | undefined;
}): Judge {
  // A baseline from before variants' fingerprints stopped hashing their base's pairs with them as they are.
  const cases = input.suites.flatMap((suite) => suite.cases);
  const committed = input.baseline && adoptPriorFingerprints(input.baseline, cases);
  const base = input.base?.baseline && adoptPriorFingerprints(input.base.baseline, cases);
  const loosened = input.base && baselineLoosening({ base, committed, gate: input.gate });
  return ({ session, metrics }): Judgement => {
    const selected = selectedKeys(session);
    // The case-by-case diff reads every result whole.
    const results = [...session.results];
    // Traces of some of the cases are compared as a filtered run is: the cases they leave out were not removed.
    const partial = input.selection === 'filtered' || (input.selection === 'traces' && committed !== undefined && Object.keys(committed.cases).some((key) => !selected.has(key)));
    const baseline = partial && committed ? narrowBaseline({ baseline: committed, keys: selected, labels: results }) : committed;
    const verdict = decideVerdict({
      metrics,
      results,
      gate: input.gate,
      baselinePath: shownPath(input.baselinePath, input.cwd),
      quarantined: quarantinedCases(input.suites, utcDay(new Date())),
      planned: session.repeat,
      ...(baseline ? { baseline } : {}),
    });
    if (partial && baseline && selected.size > 0) {
      const which = input.selection === 'traces' ? `Traces of ${plural(selected.size, 'case')}` : 'Filtered run';
      // Traces were not selected by a filter: they name their cases.
      const records = recordsOf({ kept: Object.keys(baseline.cases).length, selected: selected.size, noun: input.selection === 'traces' ? 'case' : 'selected case' });
      verdict.notes.push(`${which}: compared with the baseline's records of ${records} (metrics recomputed from them, tag and risk slices by the cases' tags and risk in this run; ${unrecordedWords({ baseline, results })}).`);
    }
    // Named by the committed baseline (not one narrowed to the run's cases): it is the file the run was compared with.
    if (committed) {
      verdict.notes.push(...otherAgentNote({ baseline: committed, run: session, baselinePath: verdict.baseline_path }));
      verdict.notes.push(...priceChangeNote({ baseline: committed, pricing: input.pricing, results }));
    }
    if (input.envFile !== undefined && sameAgentError(results) !== undefined) verdict.notes.push(`${envFileWords(input.envFile)}.`);
    if (loosened) verdict.baseline_loosened = loosened;
    return { kind: 'gate', verdict };
  };
}

/** A run B that holds only some cases, filtered or unfinished, in compare's note: what it is, what it holds, what it lacks. */
const PARTIAL_RUN = {
  filtered: { run: 'Filtered run', noun: 'selected case', left: 'the cases the filter left out' },
  unfinished: { run: 'Unfinished run', noun: 'case', left: 'the cases it did not reach' },
} as const;

/**
 * compare: run A stands in for the baseline; `onComparison` gets the side-by-side figures first.
 * A filtered run B is compared with A's attempts of the cases B selected, as eval narrows the
 * baseline: the cases its filter left out were not removed. The cases of `suites` (the config's)
 * whose quarantine holds today are reported but not counted, as eval counts them.
 */
export function runJudge(input: { before: RunRecord; after: Pick<RunRecord, 'header'> & { incomplete?: boolean }; gate: GateConfig; suites: readonly Suite[]; onComparison: (comparison: Comparison) => void }): Judge {
  return async ({ session }): Promise<Judgement> => {
    // Imported here: it builds a baseline of run A (gate/baseline.ts and its schema), which no other judge loads.
    const { compareRuns } = await import('../gate/compare.js');
    const { before } = input;
    const filtered = input.after.header.selection !== undefined && isFiltered(input.after.header.selection);
    // A run B that did not finish (interrupted, killed) holds the cases it reached: those it did not were not removed either.
    const part = filtered ? PARTIAL_RUN.filtered : input.after.incomplete === true ? PARTIAL_RUN.unfinished : undefined;
    const selected = selectedKeys(session);
    const results = part !== undefined ? before.results.filter((r) => selected.has(caseKey(r))) : before.results;
    const comparison = compareRuns({
      before: { results, fingerprint: ranFingerprint(before), ...(before.agent ? { agent: before.agent } : {}), ...(before.adapter ? { adapter: before.adapter } : {}) },
      after: [...session.results],
      gate: input.gate,
      label: `run ${before.header.run_id}`,
      planned: { before: plannedRepeat(before), after: plannedRepeat(input.after) },
      // The config's quarantine, as eval's gate applies it: a quarantined case that fails in B is not newly failing.
      quarantined: quarantinedCases(input.suites, utcDay(new Date())),
    });
    if (part !== undefined && selected.size > 0) {
      const records = recordsOf({ kept: new Set(results.map(caseKey)).size, selected: selected.size, noun: part.noun });
      comparison.verdict.notes.push(`${part.run}: compared with run ${before.header.run_id}'s attempts of ${records}; ${part.left} are not counted as removed.`);
    }
    input.onComparison(comparison);
    return { kind: 'gate', verdict: comparison.verdict };
  };
}

// Returns the keys of the suites' cases a run judged; production traces (score --unlabeled) name none of them.
function selectedKeys(session: Pick<SessionResult, 'figures'>): Set<string> {
  return new Set(session.figures.filter((r) => !isProductionResult(r)).map(caseKey));
}

// Returns which of a narrowed run's selected cases the other side had: "the 3 selected cases", "the 2 of the 3 selected cases it has".
function recordsOf({ kept, selected, noun }: { kept: number; selected: number; noun: string }): string {
  return kept === selected ? `the ${plural(kept, noun)}` : `the ${kept} of the ${plural(selected, noun)} it has`;
}

/** How `eval` and `merge` judge: not at all under --no-gate, by readiness under the kill switch, else against the baseline. */
export function evalJudge(input: {
  gate: boolean;
  killSwitch: boolean;
  config: { gate: GateConfig; baselinePath: string; suites: readonly Suite[]; pricing: Readonly<Record<string, Price>>; rootDir: string; target: Target };
  baseline: Baseline | undefined;
  /** `--base-baseline`, read. */
  base?: { baseline: Baseline | undefined } | undefined;
  filtered: boolean;
  cwd: string;
}): Judge {
  if (!input.gate) return ungated;
  if (input.killSwitch) return readinessJudge;
  const base = input.base ? { base: input.base } : {};
  const envFile = unreadEnvFile({ rootDir: input.config.rootDir, cwd: input.cwd, target: input.config.target });
  return baselineJudge({ gate: input.config.gate, baseline: input.baseline, baselinePath: input.config.baselinePath, selection: input.filtered ? 'filtered' : 'whole', cwd: input.cwd, suites: input.config.suites, pricing: input.config.pricing, envFile, ...base });
}
