/**
 * What every report says of a baseline the change loosened (the verdict's `baseline_loosened`,
 * under `--base-baseline`): the terminal, markdown and HTML reporters word the same lines, each
 * escaping the case keys its own way. The headline's tail is `headline.ts`'s.
 */
import type { BaselineLoosening, LoosenedFigure, LoweredScore } from '../gate/index.js';
import { formatValue } from '../gate/explain.js';
import { plural } from '../common/plural.js';

/** Cases named before "and N more". */
export const MAX_LOOSENED_NAMED = 20;

export interface LoosenedText {
  /** One sentence. */
  heading: string;
  /** The cases now accepted as failing: the line's lead, the keys (escaped by the caller) and how many more. */
  accepted?: { lead: string; keys: { key: string; error: boolean }[]; more: number };
  /** One line per figure a relative threshold now measures from. */
  figures: string[];
  /** Per tool score, the cases recorded lower: the line's lead, each key (escaped by the caller) with its scores, and how many more. */
  lowered: { lead: string; cases: { key: string; scores: string }[]; more: number }[];
}

export function loosenedText(loosening: BaselineLoosening, baselinePath: string): LoosenedText {
  if (loosening.kind === 'removed') {
    return { heading: `This change deletes the baseline ${baselinePath} that the base branch has: the gate compared with nothing, only absolute thresholds (min, max) applied.`, figures: [], lowered: [] };
  }
  const { accepted } = loosening;
  const keys = accepted.slice(0, MAX_LOOSENED_NAMED).map((f) => ({ key: f.key, error: f.status === 'error' }));
  const lead =
    loosening.base === 'none'
      ? `The base branch has no baseline; this one accepts ${plural(accepted.length, 'failing case')}`
      : `Passing in the base branch's baseline, now recorded as failing (known failures the gate no longer counts) (${accepted.length})`;
  return {
    heading: `This change loosens the baseline ${baselinePath} against the base branch's: the gate passed against the loosened one.`,
    ...(accepted.length > 0 ? { accepted: { lead, keys, more: accepted.length - keys.length } } : {}),
    figures: loosening.figures.map(figureLine),
    lowered: loweredGroups(loosening.lowered),
  };
}

// One group per tool score, in TOOL_SCORE_KEYS's order as the gate found them: "tool_correctness recorded lower …": `shop/a` 1.000 → 0.500.
function loweredGroups(lowered: readonly LoweredScore[]): LoosenedText['lowered'] {
  const metrics = [...new Set(lowered.map((score) => score.metric))];
  return metrics.map((metric) => {
    const scores = lowered.filter((score) => score.metric === metric);
    const cases = scores.slice(0, MAX_LOOSENED_NAMED).map((score) => ({ key: score.key, scores: `${formatValue(metric, score.before)} → ${formatValue(metric, score.after)}` }));
    return {
      lead: `${metric} recorded lower than in the base branch's baseline (a comparison of these cases, filtered or with the case set changed, measures from the lower score) (${scores.length})`,
      cases,
      more: scores.length - cases.length,
    };
  });
}

// "success_rate: 0.950 in the base branch's baseline, 0.800 in this one: max_drop_pp 2 now measures from the lower figure".
function figureLine(figure: LoosenedFigure): string {
  const where = figure.slice === 'overall' ? figure.metric : `${figure.metric} (slice ${figure.slice})`;
  const side = figure.limit === 'max_drop_pp' ? 'lower' : 'higher';
  const prices = figure.prices_changed ? ' (the two record other prices under one model key: part of the move is the prices\', not the agent\'s)' : '';
  return `${where}: ${formatValue(figure.metric, figure.before)} in the base branch's baseline, ${formatValue(figure.metric, figure.after)} in this one${prices}: ${figure.limit} ${figure.amount} now measures from the ${side} figure`;
}
