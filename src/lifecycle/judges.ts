/**
 * How a command judges a run that completed: against the committed baseline (eval, score),
 * against another run (compare), by the kill switch's readiness check, or not at all (--no-gate).
 */
import { relative } from 'node:path';
import { plural } from '../common/plural.js';
import { utcDay } from '../config/index.js';
import { isProductionResult } from '../config/production-case.js';
import type { Baseline, GateConfig, Suite } from '../config/schema/index.js';
import { adoptPriorFingerprints, compareRuns, decideVerdict, narrowBaseline, quarantinedCases, type Comparison } from '../gate/index.js';
import type { RunRecord } from '../run/index.js';
import type { Judgement } from './exit.js';
import type { Judge } from './lifecycle.js';

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
}): Judge {
  // A baseline from before variants' fingerprints stopped hashing their base's pairs with them as they are.
  const committed = input.baseline && adoptPriorFingerprints(input.baseline, input.suites.flatMap((suite) => suite.cases));
  return ({ session, metrics }): Judgement => {
    // The cases the traces name; production traces (score --unlabeled) name none of the suites'.
    const selected = new Set(session.figures.filter((r) => !isProductionResult(r)).map((r) => `${r.suite}/${r.case_id}`));
    // The case-by-case diff reads every result whole.
    const results = [...session.results];
    // Traces of some of the cases are compared as a filtered run is: the cases they leave out were not removed.
    const partial = input.selection === 'filtered' || (input.selection === 'traces' && committed !== undefined && Object.keys(committed.cases).some((key) => !selected.has(key)));
    const baseline = partial && committed ? narrowBaseline({ baseline: committed, keys: selected, labels: results }) : committed;
    const verdict = decideVerdict({
      metrics,
      results,
      gate: input.gate,
      baselinePath: relative(input.cwd, input.baselinePath),
      quarantined: quarantinedCases(input.suites, utcDay(new Date())),
      ...(baseline ? { baseline } : {}),
    });
    if (partial && baseline && selected.size > 0) {
      const which = input.selection === 'traces' ? `Traces of ${plural(selected.size, 'case')}` : 'Filtered run';
      const kept = Object.keys(baseline.cases).length;
      // Traces were not selected by a filter: they name their cases.
      const noun = input.selection === 'traces' ? 'case' : 'selected case';
      const records = kept === selected.size ? `the ${plural(kept, noun)}` : `the ${kept} of the ${plural(selected.size, noun)} it has`;
      verdict.notes.push(`${which}: compared with the baseline's records of ${records} (metrics recomputed from them, tag and risk slices by the cases' tags and risk in this run; the records keep no tool scores, so tool correctness is not compared).`);
    }
    return { kind: 'gate', verdict };
  };
}

/** compare: run A stands in for the baseline; `onComparison` gets the side-by-side figures first. */
export function runJudge(input: { before: RunRecord; gate: GateConfig; onComparison: (comparison: Comparison) => void }): Judge {
  return ({ session }): Judgement => {
    const { before } = input;
    const comparison = compareRuns({
      before: { results: before.results, fingerprint: before.header.fingerprint, ...(before.agent ? { agent: before.agent } : {}), ...(before.adapter ? { adapter: before.adapter } : {}) },
      after: [...session.results],
      gate: input.gate,
      label: `run ${before.header.run_id}`,
    });
    input.onComparison(comparison);
    return { kind: 'gate', verdict: comparison.verdict };
  };
}

/** How `eval` and `merge` judge: not at all under --no-gate, by readiness under the kill switch, else against the baseline. */
export function evalJudge(input: {
  gate: boolean;
  killSwitch: boolean;
  config: { gate: GateConfig; baselinePath: string; suites: readonly Suite[] };
  baseline: Baseline | undefined;
  filtered: boolean;
  cwd: string;
}): Judge {
  if (!input.gate) return ungated;
  if (input.killSwitch) return readinessJudge;
  return baselineJudge({ gate: input.config.gate, baseline: input.baseline, baselinePath: input.config.baselinePath, selection: input.filtered ? 'filtered' : 'whole', cwd: input.cwd, suites: input.config.suites });
}
