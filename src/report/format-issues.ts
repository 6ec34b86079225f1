/**
 * Renders ConfigIssues the way STYLE.md "How a bad-input error looks" shows: a header, then per
 * problem `file:line:col  path`, `expected`, `found` and a code frame with carets, then how to fix.
 */
import { plural } from './plural.js';
import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ConfigIssue } from '../errors.js';

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

/** The whole message, ending with a newline; empty for no issues. */
export function formatConfigIssues(issues: readonly ConfigIssue[], options: FormatIssuesOptions): string {
  if (issues.length === 0) return '';
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const shown = issues.map((issue) => ({ ...issue, file: displayFile(issue.file, options.cwd) }));
  const errors = shown.filter((issue) => issue.severity !== 'warning').length;
  const files = new Set(shown.map((issue) => issue.file));
  // One gutter width for the whole message, so the code frames line up.
  const gutter = Math.max(...shown.map((issue) => String(issue.line).length));
  const blocks = shown.map((issue) => formatIssue(issue, c, gutter));
  const lines = [header({ errors, warnings: shown.length - errors, files: [...files] }, c), '', blocks.join('\n\n')];
  if (errors > 0 && options.hint) lines.push('', options.hint);
  else if (errors > 0) {
    const [noun, pronoun] = files.size === 1 ? ['file', 'it'] : ['files', 'them'];
    lines.push('', `Fix the ${noun}, then run \`agentready validate\` to check ${pronoun} without running the agent.`);
  }
  return `${lines.join('\n')}\n`;
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

/** One problem: location line, expected, found, code frame. */
function formatIssue(issue: ConfigIssue, c: ChalkInstance, gutter: number): string {
  const warning = issue.severity === 'warning';
  const location = c.bold(`${issue.file}:${issue.line}:${issue.column}`);
  const head = [location, ...(warning ? [c.yellow('warning')] : []), ...(issue.path ? [c.cyan(issue.path)] : [])].join('  ');
  const lines = [head];
  if (issue.expected !== undefined) lines.push(`  ${c.dim('expected')}  ${issue.expected}`);
  else lines.push(`  ${c.dim('problem ')}  ${issue.message}`);
  if (issue.found !== undefined) lines.push(`  ${c.dim('found   ')}  ${warning ? c.yellow(issue.found) : c.red(issue.found)}`);
  if (issue.sourceLine !== undefined) lines.push(...codeFrame({ issue, c, mark: warning ? c.yellow : c.red, gutter }));
  return lines.join('\n');
}

/** The numbered source line and a caret line under the offending span, windowed to FRAME_WIDTH. */
function codeFrame(input: { issue: ConfigIssue; c: ChalkInstance; mark: ChalkInstance; gutter: number }): string[] {
  const { issue, c, mark } = input;
  const source = neutralize(issue.sourceLine ?? '');
  const number = String(issue.line).padStart(input.gutter);
  let start = 0;
  if (source.length > FRAME_WIDTH && issue.column > FRAME_WIDTH - 20) {
    start = Math.min(issue.column - 1 - FRAME_LEAD, source.length - FRAME_WIDTH);
  }
  const cutLeft = start > 0;
  const cutRight = start + FRAME_WIDTH < source.length;
  const text = `${cutLeft ? '…' : ''}${source.slice(start, start + FRAME_WIDTH)}${cutRight ? '…' : ''}`;
  const offset = issue.column - 1 - start + (cutLeft ? 1 : 0);
  const span = issue.endColumn !== undefined && issue.endColumn > issue.column ? issue.endColumn - issue.column : 1;
  const visible = Math.max(1, Math.min(span, text.length - offset));
  const gutter = ' '.repeat(number.length);
  return [
    `    ${c.dim(`${number} |`)} ${text}`,
    `    ${c.dim(`${gutter} |`)} ${' '.repeat(Math.max(0, offset))}${mark('^'.repeat(visible))}`,
  ];
}

/** The file as shown: relative to cwd when it is absolute. */
function displayFile(file: string, cwd: string): string {
  return path.isAbsolute(file) ? path.relative(cwd, file) || file : file;
}

/** Control characters (terminal escapes) in a user's line become `?`; tabs become one space to keep carets aligned. */
function neutralize(text: string): string {
   
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

