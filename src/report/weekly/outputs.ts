/**
 * `agentready report --reporter name[:path]`: the review's formats, the file each writes by
 * default (the terminal prints), and the text of each.
 */
import { UsageError } from '../../errors.js';
import { splitSpec } from '../registry.js';
import type { Screen } from '../screen.js';
import { formatWeeklyHtml } from './format-html.js';
import { formatWeeklyMarkdown } from './format-markdown.js';
import { formatWeeklyText } from './format-text.js';
import type { WeeklyReview } from './types.js';

const FORMATS = {
  terminal: undefined,
  markdown: 'agentready-weekly.md',
  html: 'agentready-weekly.html',
  json: 'agentready-weekly.json',
} as const;
export type WeeklyFormat = keyof typeof FORMATS;

/** A format and its file (none for the terminal); an unknown format or a stray path is a usage error. */
export function parseWeeklyOutput(spec: string): { format: WeeklyFormat; path: string | undefined } {
  const { name, path } = splitSpec(spec);
  if (!Object.hasOwn(FORMATS, name)) throw new UsageError(`unknown report format "${name}"`, `known formats: ${Object.keys(FORMATS).join(', ')}`);
  const format = name as WeeklyFormat;
  if (format === 'terminal' && path !== undefined) throw new UsageError('format "terminal" takes no path; it prints');
  if (path === '') throw new UsageError(`format "${format}" needs a path after the colon, as in ${format}:out/weekly`);
  return { format, path: path ?? FORMATS[format] };
}

/** The review in one format (`screen` sets the terminal's colour and width). */
export function formatWeekly(format: WeeklyFormat, review: WeeklyReview, screen: Screen): string {
  if (format === 'terminal') return formatWeeklyText(screen, review);
  if (format === 'markdown') return formatWeeklyMarkdown(review);
  if (format === 'html') return formatWeeklyHtml(review);
  return formatWeeklyJson(review);
}

/** The review as JSON: the model itself, stable key order as built. */
export function formatWeeklyJson(review: WeeklyReview): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
