/**
 * Renders ConfigIssues the way STYLE.md "How a bad-input error looks" shows: a header, then per
 * problem `file:line:col  path`, `expected`, `found` and a code frame with carets, then how to fix.
 */
import { plural } from '../common/plural.js';
import { shorten } from '../common/shorten.js';
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ConfigIssue } from '../errors.js';
import { redactSecrets } from '../common/redact.js';
import { neutralizeLine, safeJsonText, UNSAFE_IN_LINE } from '../common/sanitize.js';
import { fixThenValidate } from '../config/command-hint.js';
import { shownPath } from '../config/shown-path.js';

export interface FormatIssuesOptions {
  color: boolean;
  /** Absolute file paths are shown relative to this folder. */
  cwd: string;
  /** The last line, when fixing is not checked with `agentready validate`. */
  hint?: string | undefined;
}

/** Source columns shown around the offending spot, like yaml's own code frame. */
const FRAME_WIDTH = 80;
/** How far into the window the offending column sits when a long line is cut. */
const FRAME_LEAD = 40;

/**
 * Problems printed in full; the rest are counted per file on one line (10,000 cases sharing one
 * id were 9,999 blocks, ~60,000 lines). The header counts them all, the exit code is the same.
 */
export const SHOWN_ISSUES = 50;

/** The whole message, ending with a newline; empty for no issues. */
export function formatConfigIssues(issues: readonly ConfigIssue[], options: FormatIssuesOptions): string {
  if (issues.length === 0) return '';
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const shown = issues.map((issue) => ({ ...issue, file: displayFile(issue.file, options.cwd) }));
  const errors = shown.filter((issue) => issue.severity !== 'warning').length;
  const files = new Set(shown.map((issue) => issue.file));
  // One gutter width for the whole message, so the code frames line up.
  const gutter = Math.max(...shown.map((issue) => String(issue.line).length));
  const blocks = shown.slice(0, SHOWN_ISSUES).map((issue) => formatIssue(issue, { c, gutter }));
  const lines = [header({ errors, warnings: shown.length - errors, files: [...files] }, c), '', blocks.join('\n\n')];
  if (shown.length > SHOWN_ISSUES) lines.push('', moreLine(shown.slice(SHOWN_ISSUES)));
  if (errors > 0 && options.hint) lines.push('', options.hint);
  else if (errors > 0) lines.push('', fixLine(shown, options.cwd));
  return `${lines.join('\n')}\n`;
}

/**
 * `Fix the file, then run \`agentready validate\`…`; the files named when a problem is fixed in
 * another file than the one it is reported in (an agent module that does not parse, reported at
 * the config's `target.module`).
 */
function fixLine(issues: readonly ConfigIssue[], cwd: string): string {
  const toFix = [...new Set(issues.map((issue) => (issue.fixIn === undefined ? issue.file : displayFile(issue.fixIn, cwd))))];
  const what = issues.some((issue) => issue.fixIn !== undefined) ? toFix.map(neutralizeLine).join(', ') : toFix.length === 1 ? 'the file' : 'the files';
  return fixThenValidate({ what, many: toFix.length > 1 });
}

/** `agentready: <file> has N problems` or `agentready: N problems in K files`. */
function header(counts: { errors: number; warnings: number; files: string[] }, c: ChalkInstance): string {
  const parts = [];
  if (counts.errors > 0 || counts.warnings === 0) parts.push(plural(counts.errors, 'problem'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  const what = parts.join(' and ');
  const text = counts.files.length === 1 ? `${counts.files[0]} has ${what}` : `${what} in ${counts.files.length} files`;
  return `${c.bold('agentready:')} ${text}`;
}

/** `… and 9,949 more problems not shown (9,949 in evals/a.suite.yaml)`: what the cap left out, by file (the three with most). */
function moreLine(rest: readonly ConfigIssue[]): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const warnings = rest.filter((issue) => issue.severity === 'warning').length;
  const parts = [];
  if (rest.length > warnings) parts.push(`${count(rest.length - warnings)} more problem${rest.length - warnings === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${count(warnings)} more warning${warnings === 1 ? '' : 's'}`);
  const byFile = new Map<string, number>();
  for (const issue of rest) byFile.set(issue.file, (byFile.get(issue.file) ?? 0) + 1);
  const files = [...byFile].sort((a, b) => b[1] - a[1]);
  const where = files.slice(0, 3).map(([file, n]) => `${count(n)} in ${neutralizeLine(file)}`);
  if (files.length > 3) where.push(`${count(files.slice(3).reduce((sum, [, n]) => sum + n, 0))} in ${files.length - 3} more files`);
  return `… and ${parts.join(' and ')} not shown (${where.join(', ')})`;
}

/** The longest path a problem's first line shows. */
const PATH_SHOWN_CHARS = 200;

/** One problem: location line, expected, found, code frame. */
function formatIssue(issue: ConfigIssue, { c, gutter }: { c: ChalkInstance; gutter: number }): string {
  const warning = issue.severity === 'warning';
  const location = c.bold(`${issue.file}:${issue.line}:${issue.column}`);
  // A path holds the keys as written: one a whole pasted line long is cut, as `found` is.
  const head = [location, ...(warning ? [c.yellow('warning')] : []), ...(issue.path ? [c.cyan(shorten(issue.path, PATH_SHOWN_CHARS))] : [])].join('  ');
  const lines = [head];
  if (issue.expected !== undefined) lines.push(`  ${c.dim('expected')}  ${issue.expected}`);
  else lines.push(`  ${c.dim('problem ')}  ${issue.message}`);
  if (issue.found !== undefined) {
    const found = foundShown(issue.found);
    lines.push(`  ${c.dim('found   ')}  ${warning ? c.yellow(found) : c.red(found)}`);
  }
  if (issue.sourceLine !== undefined) lines.push(...codeFrame({ issue, c, mark: warning ? c.yellow : c.red, gutter }));
  return lines.join('\n');
}

/**
 * What a problem found, as printed: secrets taken out. A value may come from the environment
 * (`timeout_ms: ${AGENT_KEY}` holds the key once read), and a CI log keeps what is printed; the
 * code frame shows the file as written, `${AGENT_KEY}`. The github annotation prints it so too.
 * A quoted value is JSON, which leaves C1 controls, line separators and bidi overrides raw: they
 * are written as `\u` escapes (`safeJsonText`), and any other control character made visible.
 */
export function foundShown(found: string): string {
  return neutralizeLine(safeJsonText(redactSecrets(found)));
}

/**
 * The numbered source line and a caret line under the offending span, windowed to FRAME_WIDTH.
 * The line is printed neutralised (`printedLine`: a control character or a bidi override as its
 * visible escape, several characters), so the issue's columns are placed in the printed line
 * first. Columns count UTF-16 units, a terminal counts cells: the carets are placed by the width
 * of what the line shows before and under them (a CJK character or an emoji takes two cells, a
 * combining mark none), and a window never cuts a character or an escape in two.
 */
function codeFrame(input: { issue: ConfigIssue; c: ChalkInstance; mark: ChalkInstance; gutter: number }): string[] {
  const { issue, c, mark } = input;
  const line = issue.sourceLine ?? '';
  const printed = printedLine(line);
  const source = printed.text;
  const number = String(issue.line).padStart(input.gutter);
  const { column: lineColumn, endColumn: lineEnd } = issue.caret ?? issue;
  const printedColumn = (col: number) => printed.at(Math.max(0, Math.min(col - 1, line.length))) + 1;
  const column = printedColumn(lineColumn);
  const endColumn = lineEnd !== undefined && lineEnd > lineColumn ? printedColumn(lineEnd) : undefined;
  let start = 0;
  if (source.length > FRAME_WIDTH && column > FRAME_WIDTH - 20) {
    start = Math.min(column - 1 - FRAME_LEAD, source.length - FRAME_WIDTH);
  }
  let end = Math.min(source.length, start + FRAME_WIDTH);
  while (start > 0 && (isLowSurrogate(source.charCodeAt(start)) || printed.insideEscape(start))) start++;
  while (end < source.length && (isLowSurrogate(source.charCodeAt(end)) || printed.insideEscape(end))) end--;
  const cutLeft = start > 0;
  const cutRight = end < source.length;
  const shown = source.slice(start, end);
  const text = `${cutLeft ? '…' : ''}${shown}${cutRight ? '…' : ''}`;
  const at = Math.max(0, Math.min(column - 1 - start, shown.length));
  const span = endColumn !== undefined && endColumn > column ? endColumn - column : 1;
  const offset = (cutLeft ? 1 : 0) + cellWidth(shown.slice(0, at));
  const visible = Math.max(1, cellWidth(shown.slice(at, at + span)));
  const gutter = ' '.repeat(number.length);
  return [
    `    ${c.dim(`${number} |`)} ${text}`,
    `    ${c.dim(`${gutter} |`)} ${' '.repeat(offset)}${mark('^'.repeat(visible))}`,
  ];
}

/** A user's line as the frame prints it, and where a column of the line as written stands in it. */
interface PrintedLine {
  text: string;
  /** The index in `text` of the line's UTF-16 index `index` (its length for the end). */
  at(index: number): number;
  /** Whether `index` of `text` falls inside an escape, where a window may not cut. */
  insideEscape(index: number): boolean;
}

/**
 * A tab as one space, and every other character `neutralizeLine` escapes (a control character, a
 * line separator, a bidi override) as its visible escape (`\x1b`, `\u202e`): several characters.
 */
function printedLine(line: string): PrintedLine {
  /** Each escaped character: its index in the line, and where its escape starts and ends in the text. */
  const escapes: { index: number; from: number; to: number }[] = [];
  let grown = 0;
  const text = line.replace(UNSAFE_IN_LINE, (unit: string, index: number) => {
    const shown = unit === '\t' ? ' ' : neutralizeLine(unit);
    escapes.push({ index, from: index + grown, to: index + grown + shown.length });
    grown += shown.length - 1;
    return shown;
  });
  return {
    text,
    at: (index) => index + escapes.reduce((sum, e) => (e.index < index ? sum + e.to - e.from - 1 : sum), 0),
    insideEscape: (index) => escapes.some((e) => index > e.from && index < e.to),
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Marks and format characters (a combining accent, a zero-width joiner, a bidi mark) take no cell. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
/** East Asian wide and fullwidth blocks: Hangul Jamo, CJK, Hiragana to Yi, Hangul syllables, compatibility ideographs, fullwidth forms, planes 2-3. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x20000, 0x3fffd],
];

/** How many terminal cells a text takes: two for a wide character or an emoji, none for a mark, else one. */
function cellWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (ZERO_WIDTH.test(char)) continue;
    const code = char.codePointAt(0)!;
    width += EMOJI.test(char) || WIDE.some(([low, high]) => code >= low && code <= high) ? 2 : 1;
  }
  return width;
}

/** The file as shown: as config/shown-path shows it when it is absolute. */
function displayFile(file: string, cwd: string): string {
  return path.isAbsolute(file) ? shownPath(file, cwd) : file;
}

