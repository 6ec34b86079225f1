/** `agentready report`: the weekly review model and its formats. */
export { buildWeeklyReview } from './build.js';
export { formatWeeklyHtml } from './format-html.js';
export { formatWeeklyMarkdown } from './format-markdown.js';
export { formatWeeklyText } from './format-text.js';
export { FLIP_WINDOW } from './trends.js';
export { normalizeReason } from './reasons.js';
export { checkWeeklyOutputs, checkWeeklySpareInputs, formatWeekly, formatWeeklyJson, parseWeeklyOutput, type WeeklyFormat } from './outputs.js';
export type * from './types.js';
