/**
 * Calls, tokens and cost per model, per run and slice (SPEC §16), for every output: the rows
 * the terminal, markdown and HTML show, the one-line mix the card gives, and the warnings for
 * the models with no price. Pure.
 */
import { plainTable } from './plain-table.js';
import type { ModelShare, ModelUsageBySlice } from '../config/schema/index.js';
import { formatShare } from '../common/percent.js';
import { plural } from '../common/plural.js';
import { neutralizeLine } from '../common/sanitize.js';
import { shorten } from '../common/shorten.js';
import { formatUsd } from './format-figures.js';
import type { Screen } from './screen.js';
import type { CassetteMode } from '../config/schema/model-modes.js';

/** Slices the terminal shows besides `overall`; the reports show them all. */
const TERMINAL_SLICES = 6;
/** Models the terminal lists per slice (the most called first); the reports list them all. */
const TERMINAL_MODELS = 10;
/** The model column's width in the terminal: an id may be MODEL_ID_CHARS long, which made every row of the table 260 columns wide; the reports show it whole. */
const TERMINAL_MODEL_CHARS = 48;
/** A slice whose mix moves a model's call share by less than this is not worth a terminal row. */
const SHARE_CHANGE = 0.005;

export interface ModelRow extends ModelShare {
  slice: string;
}

/** Every (slice, model) row: overall first, then each slice in key order. */
export function modelRows(usage: ModelUsageBySlice, slices: readonly string[] = Object.keys(usage.slices)): ModelRow[] {
  return [
    ...usage.overall.map((share) => ({ slice: 'overall', ...share })),
    ...slices.flatMap((slice) => (usage.slices[slice] ?? []).map((share) => ({ slice, ...share }))),
  ];
}

/**
 * The terminal's model table, '' for a run with no model call: overall, then the slices whose
 * mix differs from it (the routing made visible), at most TERMINAL_SLICES of them.
 */
export function formatModelTable(screen: Screen, usage: ModelUsageBySlice): string {
  if (usage.overall.length === 0) return '';
  const c = screen.colors;
  const differing = Object.keys(usage.slices).filter((slice) => mixDiffers(usage.overall, usage.slices[slice] ?? []));
  const shown = differing.slice(0, TERMINAL_SLICES);
  const table = plainTable({ head: ['model', 'calls', 'tokens in/out', '$ total'].map((h) => c.bold(h)), colAligns: ['left', 'right', 'right', 'right'], gap: 1 });
  for (const slice of ['overall', ...shown]) {
    const shares = slice === 'overall' ? usage.overall : usage.slices[slice] ?? [];
    if (shares.length === 0) continue;
    table.push([{ colSpan: 4, content: c.dim(neutralizeLine(slice)) }]);
    // The ids are the agent's to report, as many as it likes: the terminal names the first few.
    for (const share of shares.slice(0, TERMINAL_MODELS)) {
      table.push([`  ${shorten(neutralizeLine(share.model), TERMINAL_MODEL_CHARS)}`, `${share.calls} (${formatShare(share.call_share)})`, `${formatTokens(share.input_tokens)}/${formatTokens(share.output_tokens)}`, `${formatUsd(share.cost_usd)}${share.cost_share === null ? '' : ` (${formatShare(share.cost_share)})`}`]);
    }
    if (shares.length > TERMINAL_MODELS) table.push([{ colSpan: 4, content: c.dim(`  (+${plural(shares.length - TERMINAL_MODELS, 'more model')} in the reports)`) }]);
  }
  const more = differing.length - shown.length;
  const lines = table.toString().split('\n').map((line) => line.trimEnd());
  return [...lines, ...(more > 0 ? [c.dim(`(+${more} more slice${more === 1 ? '' : 's'} in the reports)`)] : [])].join('\n');
}

/** The card's line: "small 80% of calls, 20% of cost · large 20% of calls, 80% of cost". */
export function formatModelMix(shares: readonly ModelShare[]): string {
  return shares
    .map((share) => `${neutralizeLine(share.model)} ${formatShare(share.call_share)} of calls${share.cost_share === null ? '' : `, ${formatShare(share.cost_share)} of cost`}`)
    .join(' · ');
}

/** The units token counts are shown in, smallest first. */
const TOKEN_UNITS = [
  { suffix: 'k', size: 1e3 },
  { suffix: 'M', size: 1e6 },
  { suffix: 'B', size: 1e9 },
] as const;

/**
 * Token counts as "950", "12.3k", "4.1M", "1.2B": a count that rounds to 1000 of a unit is shown
 * in the next one (999,999 is "1M", not "1000k").
 */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  const shownIn = (unit: (typeof TOKEN_UNITS)[number]) => Number((n / unit.size).toFixed(1));
  const unit = TOKEN_UNITS.find((u) => shownIn(u) < 1000) ?? TOKEN_UNITS.at(-1)!;
  return `${shownIn(unit)}${unit.suffix}`;
}

// Returns whether a slice uses other models, or the same ones in other proportions, than the run.
function mixDiffers(overall: readonly ModelShare[], slice: readonly ModelShare[]): boolean {
  if (slice.length !== overall.length) return true;
  const shares = new Map(overall.map((share) => [share.model, share.call_share]));
  return slice.some((share) => !shares.has(share.model) || Math.abs(shares.get(share.model)! - share.call_share) >= SHARE_CHANGE);
}

/** Unpriced models named one warning each, at most this many: the ids are the agent's to report, as many as it likes. */
const UNPRICED_NAMED = 10;

/** The words after a model's id in its no-price warning, and after the count of the models not named. */
const NO_PRICE = 'has no price under `pricing:` and no cost_usd was reported';
const MORE_NO_PRICE = 'with no price under `pricing:` and no cost_usd reported';

/** The warnings for models with no price: one each for the first UNPRICED_NAMED, then one line counting the rest. */
export function unpricedWarnings(unpriced: ReadonlySet<string>): string[] {
  const models = [...unpriced];
  const named = models.slice(0, UNPRICED_NAMED).map((model) => `model "${model}" ${NO_PRICE}: its calls were counted as $0 (a key prices its own id and that model's dated snapshots, e.g. \`-2024-08-06\`, not another model whose id begins alike)`);
  const more = models.length - named.length;
  return more > 0 ? [...named, `${plural(more, 'more model')} ${MORE_NO_PRICE}: their calls were counted as $0 (summary.json's \`models\` names each)`] : named;
}

/** The budgets' dollar caps as the no-usage warning names them: a case's (the config's or a case's own) and the run's. */
export function costCapNames(caps: { perCase: boolean; perRun: boolean }): string[] {
  return [...(caps.perCase ? ['budgets max_cost_usd'] : []), ...(caps.perRun ? ['budgets max_run_cost_usd'] : [])];
}

/** The warning of a run in which no case reported any usage while cost thresholds are set: every cost was $0, so none of them could trip. */
export function noUsageWarning(thresholds: readonly string[]): string {
  return `${NO_USAGE} and ${thresholds.join(', ')} could not trip (does the agent call its model through the gateway, or report usage?)`;
}

const NO_USAGE = 'no case reported any model usage, so the run cost $0';

/**
 * The warning of a `--models record|replay` run whose agent reported its model usage itself while
 * no model call went through the gateway: its SDK calls the provider directly, so `record` wrote no
 * cassette and `replay` answered nothing (the calls went out live, with a key CI may not have).
 */
export function gatewayBypassedWarning({ mode, cases }: { mode: CassetteMode; cases: number }): string {
  const what = mode === 'record' ? 'recorded no model call (no cassette was written)' : 'answered no model call from the cassettes (the calls went to the provider live)';
  return `--models ${mode} ${what}, as the agent reported the model usage of ${plural(cases, 'case')} itself and none of their model calls went through the model gateway; build the model SDK's client on the case's \`models.openai_base_url\` (or \`anthropic_base_url\`: \`ctx.models\` in a module agent, the run's \`models\` over stdio, http and exec) to record and replay them (docs/models.md)`;
}

/**
 * Whether a warning is one of the model warnings the lifecycle makes at a run's end from all its
 * attempts (a model with no price, no usage at all): a resumed run's earlier session, or a shard,
 * said it of its part, and the whole run says it again, or no longer, of the whole.
 */
export function isModelUsageWarning(warning: string): boolean {
  return warning.startsWith(NO_USAGE) || (warning.startsWith('model "') && warning.includes(`" ${NO_PRICE}: `)) || (/^\d+ more models? /.test(warning) && warning.includes(` ${MORE_NO_PRICE}: `));
}
