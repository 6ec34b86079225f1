/**
 * `agentready report --reporter name[:path]`: the review's formats, the file each writes by
 * default (the terminal prints), and the text of each.
 */
import { resolve } from 'node:path';
import { keyMeant } from '../../config/allowed-keys.js';
import { UsageError } from '../../errors.js';
import type { ProjectInput } from '../../config/project-inputs.js';
import { checkFilesSpareInputs, checkOutputs, type Destination } from '../destinations.js';
import { splitSpec } from '../specs.js';
import type { Screen } from '../screen.js';
import { formatWeeklyHtml } from './format-html.js';
import { formatWeeklyMarkdown } from './format-markdown.js';
import { formatWeeklyText } from './format-text.js';
import type { WeeklyReview } from './types.js';
import { jsonText } from '../../common/sanitize.js';

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
  if (!Object.hasOwn(FORMATS, name)) {
    const meant = keyMeant(name, Object.keys(FORMATS));
    throw new UsageError(`unknown report format "${name}"${meant === undefined ? '' : ` (did you mean ${meant}?)`}`, `known formats: ${Object.keys(FORMATS).join(', ')}`);
  }
  const format = name as WeeklyFormat;
  if (format === 'terminal' && path !== undefined) throw new UsageError('format "terminal" takes no path; it prints');
  const file = FORMATS[format];
  if (path === '' && file !== undefined) {
    throw new UsageError(`format "${format}" needs a path after the colon, as in ${format}:out/${file}`, `or give --reporter ${format} alone: it writes ${file} in the current folder`);
  }
  return { format, path: path ?? FORMATS[format] };
}

/**
 * Throws a UsageError, before the review is built, when a format's file cannot be written there,
 * two formats would write one file, or the terminal is given twice (destinations.ts says why).
 */
export function checkWeeklyOutputs(outputs: readonly WeeklyOutput[], cwd: string): void {
  checkOutputs(weeklyDestinations(outputs, cwd));
}

/** Throws a UsageError, once the config is loaded, when a format's file is one the project reads (the config, a suite, the policy, the baseline). */
export function checkWeeklySpareInputs(outputs: readonly WeeklyOutput[], { cwd, inputs }: { cwd: string; inputs: readonly ProjectInput[] }): void {
  checkFilesSpareInputs({ files: weeklyDestinations(outputs, cwd).files, inputs });
}

type WeeklyOutput = { format: WeeklyFormat; path: string | undefined };

// Returns the formats that print, by name, and the files written.
function weeklyDestinations(outputs: readonly WeeklyOutput[], cwd: string): { printers: string[]; files: Destination[] } {
  const printers: string[] = [];
  const files: Destination[] = [];
  for (const { format, path } of outputs) {
    if (path === undefined) printers.push(format);
    else files.push({ subject: `reporter ${format}`, path, file: resolve(cwd, path), cwd, spell: (p) => `--reporter ${format}:${p}`, defaultName: FORMATS[format] ?? 'review' });
  }
  return { printers, files };
}

/** The review in one format (`screen` sets the terminal's colour and width). */
export function formatWeekly(review: WeeklyReview, { format, screen }: { format: WeeklyFormat; screen: Screen }): string {
  if (format === 'terminal') return formatWeeklyText(screen, review);
  if (format === 'markdown') return formatWeeklyMarkdown(review);
  if (format === 'html') return formatWeeklyHtml(review);
  return formatWeeklyJson(review);
}

/** The review as JSON: named and versioned first, as the run report and the card are, then the model itself, stable key order as built. */
export function formatWeeklyJson(review: WeeklyReview): string {
  return `${jsonText({ format: 'agentready-weekly', version: 1, ...review }, 2)}\n`;
}
