/**
 * What a change to the committed baseline loosens against the base branch's copy of it (`eval` and
 * `merge` `--base-baseline`): a pull request that rewrites the baseline passes its own gate by
 * construction, so its summary names what the new file now accepts — cases that passed in the
 * base's baseline and are recorded failing (known failures from now on), and the figures relative
 * thresholds measure from that moved the way that lets more through, and the cases whose tool scores
 * (baseline version 3) it records lower, from which a comparison narrowed to some cases measures. Pure.
 */
import type { Baseline } from '../config/schema/baseline.js';
import { TOOL_SCORE_KEYS } from '../config/tool-score-keys.js';
import { compareCaseKeys } from '../common/case-keys.js';
import { GATE_METRIC_UNITS, GATE_METRICS, RELATIVE_LIMITS, type GateConfig, type GateMetric } from '../config/schema/gate.js';
import { changedPrices } from '../config/price-keys.js';
import { DEFAULT_GATE } from '../config/defaults.js';
import { baselineChanges } from './baseline-changes.js';
import { comparedValueOf, pick } from './metric-values.js';
import { gateEntries, usesDefaultGate } from './verdict.js';

/** A figure of the baseline a relative threshold measures from, moved the way that loosens it. */
export interface LoosenedFigure {
  metric: GateMetric;
  slice: string;
  /** In the base branch's baseline, and in the one committed now. */
  before: number;
  after: number;
  /** The relative limit that now measures from `after` (max_drop_pp 2). */
  limit: (typeof RELATIVE_LIMITS)[number];
  amount: number;
  /** A cost whose prices the two baselines record differently under one key: part of its move is theirs, not the agent's. */
  prices_changed?: true;
}

/** A tool score of a case (same fingerprint in both) the new baseline records lower than the base branch's did. */
export interface LoweredScore {
  key: string;
  metric: (typeof TOOL_SCORE_KEYS)[number];
  before: number;
  after: number;
}

export type BaselineLoosening =
  /** The change deletes the baseline that thresholds of the config's gate compare with (a relative limit, newly_failing): only its `min` and `max` apply from now on. */
  | { kind: 'removed' }
  /**
   * `accepted` (to a gate that judges cases by the baseline's records: newly_failing, the default
   * gate's or the config's): case keys the new baseline records failing (or errored) that passed in the base's
   * (same fingerprint), or, with no baseline in the base (where the default gate asked every case
   * to pass), every case it records failing.
   * `figures`: the moved figures.
   * `lowered`: to a gate with a max_drop_pp on a tool score, the cases' scores the new baseline records
   * lower (a comparison narrowed to the cases a run shares with it, or a filtered run, measures from
   * them, and the case-by-case names of a failed tool score too), in `compareCaseKeys` order; one
   * case's drop may hide behind another's rise in the overall figure. Never all three empty.
   */
  | { kind: 'loosened'; base: 'baseline' | 'none'; accepted: { key: string; status: 'failed' | 'error' }[]; figures: LoosenedFigure[]; lowered: LoweredScore[] };

/** What `committed` loosens against `base` (undefined: the base has no baseline); undefined when nothing. */
export function baselineLoosening(input: { base: Baseline | undefined; committed: Baseline | undefined; gate: GateConfig }): BaselineLoosening | undefined {
  const { base, committed } = input;
  // Without a baseline the default gate asks every case to pass (DEFAULT_GATE_WITHOUT_BASELINE), and a
  // gate of the config's applies its min and max alone: a baseline loosens the first, it tightens the second.
  if (committed === undefined) return base !== undefined && comparesWithBaseline(input.gate) ? { kind: 'removed' } : undefined;
  if (base === undefined && !usesDefaultGate(input.gate)) return undefined;
  // The baseline's case records are what newly_failing (the default gate's, or the config's) judges by: without it, no case is accepted or refused by them.
  const judgesCases = usesDefaultGate(input.gate) || input.gate.newly_failing !== undefined;
  const changes = baselineChanges(base ?? { ...committed, cases: {} }, committed);
  // A case added or edited since the base's baseline is compared with nothing there: only a verdict that flipped is loosened.
  const accepted = !judgesCases ? [] : changes.accepted_failures.filter((f) => base === undefined || f.since === 'passed').map(({ key, status }) => ({ key, status }));
  const figures = base === undefined ? [] : loosenedFigures({ base, committed, gate: input.gate });
  const lowered = base === undefined ? [] : loweredScores({ base, committed, gate: input.gate });
  if (accepted.length === 0 && figures.length === 0 && lowered.length === 0) return undefined;
  return { kind: 'loosened', base: base === undefined ? 'none' : 'baseline', accepted, figures, lowered };
}

// Whether the config's gate has a threshold that compares with the baseline (a relative limit, newly_failing), which a deleted one leaves unapplied.
function comparesWithBaseline(gate: GateConfig): boolean {
  if (usesDefaultGate(gate)) return false;
  return gate.newly_failing !== undefined || gateEntries(gate).some(([, thresholds]) => GATE_METRICS.some((metric) => RELATIVE_LIMITS.some((limit) => thresholds[metric]?.[limit] !== undefined)));
}

// The relative thresholds of the gate in force whose reference figure moved their loose way: down under max_drop_pp, up under a max_rise.
function loosenedFigures(input: { base: Baseline; committed: Baseline; gate: GateConfig }): LoosenedFigure[] {
  const gate = usesDefaultGate(input.gate) ? DEFAULT_GATE : input.gate;
  const pricesMoved = changedPrices(input.base.pricing ?? {}, input.committed.pricing ?? {}).length > 0;
  const figures: LoosenedFigure[] = [];
  for (const [slice, thresholds] of gateEntries(gate)) {
    for (const metric of GATE_METRICS) {
      const threshold = thresholds[metric];
      if (threshold === undefined) continue;
      const before = comparedValueOf(pick(input.base.metrics, slice), metric);
      const after = comparedValueOf(pick(input.committed.metrics, slice), metric);
      if (before === null || after === null || before === after) continue;
      const limit = RELATIVE_LIMITS.find((name) => threshold[name] !== undefined && (name === 'max_drop_pp' ? after < before : after > before));
      if (limit !== undefined) figures.push({ metric, slice, before, after, limit, amount: threshold[limit]!, ...(GATE_METRIC_UNITS[metric] === 'usd' && pricesMoved ? { prices_changed: true as const } : {}) });
    }
  }
  return figures;
}

// The tool scores of cases both baselines hold alike (same fingerprint) recorded lower now, for the tool scores a max_drop_pp of the gate watches (overall or in any slice: a record keeps no tags).
function loweredScores(input: { base: Baseline; committed: Baseline; gate: GateConfig }): LoweredScore[] {
  const gate = usesDefaultGate(input.gate) ? DEFAULT_GATE : input.gate;
  const watched = TOOL_SCORE_KEYS.filter((metric) => gateEntries(gate).some(([, thresholds]) => thresholds[metric]?.max_drop_pp !== undefined));
  const lowered: LoweredScore[] = [];
  if (watched.length === 0) return lowered;
  for (const key of Object.keys(input.committed.cases).sort(compareCaseKeys)) {
    const now = input.committed.cases[key]!;
    const before = input.base.cases[key];
    if (before === undefined || before.fingerprint !== now.fingerprint) continue;
    for (const metric of watched) {
      const [was, is] = [before[metric], now[metric]];
      if (was !== undefined && is !== undefined && is < was) lowered.push({ key, metric, before: was, after: is });
    }
  }
  return lowered;
}
