/**
 * The run summary the card reads: summary.json read leniently through the run reader's own view
 * of it (`RunSummaryReadSchema`, derived from the file's schema), so a card still shows what it
 * can from an older or newer run. Only the run id is required.
 */
import { RunSummaryReadSchema, type RunSummaryRead } from '../../config/schema/index.js';

export type CardRunSummary = RunSummaryRead & { run_id: string };

/** The summary, or undefined when the file is not one (a crashed run, another tool's JSON). */
export function parseCardRunSummary(raw: unknown): CardRunSummary | undefined {
  const parsed = RunSummaryReadSchema.safeParse(raw);
  if (!parsed.success || parsed.data.run_id === undefined) return undefined;
  return { ...parsed.data, run_id: parsed.data.run_id };
}

/** Whether the run was a kill-switch run: its summary carries kill-switch figures. */
export function isKillSwitchRun(summary: CardRunSummary): boolean {
  return summary.kill_switch !== undefined && summary.kill_switch !== null && summary.kill_switch !== false;
}
