export { buildCard, type CardInput } from './build.js';
export { formatCardMarkdown, formatCardText } from './format.js';
export { isKillSwitchRun, parseCardRunSummary, type CardRunSummary } from './summary.js';
export type { Card, CardNoRun } from '../../config/schema/card.js';
