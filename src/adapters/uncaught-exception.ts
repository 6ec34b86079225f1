/**
 * The exception a process died of, read from the end of its stderr: Node's line naming it
 * (`TypeError: Cannot read properties of undefined (reading 'id')`) and where the agent's own code
 * threw it, the first frame of its stack in a file of the user's (`(at support.mjs:12:28)`), so a
 * message that quotes the process's last lines says what and where, however deep the stack.
 */
import type { Quote } from '../common/shorten.js';
import { throwSite } from '../common/throw-site.js';

/** Lines at the end of a process's stderr searched for the exception it died of: far enough back for a code frame and Node's ten stack frames, not as far as an old, caught error. */
export const EXCEPTION_LOOKBACK_LINES = 30;
/** Characters quoted of the exception's line. */
const QUOTE_CHARS = 500;
/** Node's last words after an uncaught exception: `Node.js v20.19.0`. */
export const NODE_BANNER = /^Node\.js v\d+\.\d+\.\d+$/;
/** The line naming an uncaught exception: `ReferenceError: …`, `Uncaught TypeError: …`, `Error [ERR_X]: …`. */
const EXCEPTION_LINE = /^\s*(?:Uncaught\s+)?(?:[A-Z]\w*)?(?:Error|Exception)(?:\s\[[A-Z_]+\])?:\s/;
const FRAME_LINE = /^\s+at /;

/** The last exception line among `lines` (quoted by `quote`), with the site of its stack's first frame in the user's code; undefined when none names one. */
export function uncaughtException(lines: readonly string[], quote: Quote): string | undefined {
  const at = lines.findLastIndex((line) => EXCEPTION_LINE.test(line));
  if (at === -1) return undefined;
  // A message of several lines (an assertion's diff, a PEM in it) goes on before its stack's first frame.
  const first = lines.findIndex((line, index) => index > at && FRAME_LINE.test(line));
  const after = first === -1 ? [] : lines.slice(first);
  const end = after.findIndex((line) => !FRAME_LINE.test(line));
  const site = throwSite({ stack: end === -1 ? after : after.slice(0, end), cwd: process.cwd() });
  return `${quote(lines[at]!.trim(), QUOTE_CHARS)}${site === undefined ? '' : ` (at ${site})`}`;
}
