/** `agentready report`: the weekly review model and its formats. */
export { buildWeeklyReview } from './build.js';
export { formatWeeklyHtml } from './format-html.js';
export { formatWeeklyMarkdown } from './format-markdown.js';
export { formatWeeklyText } from './format-text.js';
export { FLIP_WINDOW } from './trends.js';
export { normalizeReason } from './reasons.js';
export type * from './types.js';

/** The review as JSON: the model itself, stable key order as built. */
export function formatWeeklyJson(review: import('./types.js').WeeklyReview): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
