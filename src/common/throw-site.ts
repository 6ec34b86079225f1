/**
 * Where the agent's own code threw, `support.mjs:12:28`, for the message of its case, so that a
 * failing case says where to look as a test runner's does (the whole stack is in the case's log).
 * The first frame of a stack that is a file of the user's: not Node's own (`node:`), not a
 * dependency's (`node_modules/`), not a `data:` or compiled frame (the stdio agent library leaves
 * its own frames out of the `data.stack` it sends: serve-stdio.ts).
 */
import { fileURLToPath } from 'node:url';
import { shownPath } from '../config/shown-path.js';

/**
 * `    at fn (file:///a/b.mjs:12:28)`, `    at async file:///a/b.mjs:3:1`, `    at /a/b.js:3:1`: the location at its end.
 * The function's name holds no `(`; the path may (a Next.js route group, `app/(shop)/page.js`). An
 * `eval` frame (`at eval (eval at run (/a/b.js:3:1), <anonymous>:1:7)`) is none: its caller's is next.
 * No part backtracks over a long line (one `(` at most opens the location).
 */
const FRAME = /^\s+at (?:async )?(?:[^(]*? \()?(?<file>(?:file:\/\/|\/|[A-Za-z]:[\\/]).*?):(?<line>\d+):(?<column>\d+)\)?$/;

export function throwSite(input: { stack: readonly string[]; cwd: string }): string | undefined {
  for (const line of input.stack) {
    const frame = FRAME.exec(line)?.groups;
    if (frame === undefined) continue;
    const file = fileOf(frame.file!);
    if (file === undefined || file.split(/[\\/]/).includes('node_modules')) continue;
    return `${shownPath(file, input.cwd)}:${frame.line}:${frame.column}`;
  }
  return undefined;
}

function fileOf(written: string): string | undefined {
  if (!written.startsWith('file://')) return written;
  try {
    return fileURLToPath(written);
  } catch {
    return undefined;
  }
}
