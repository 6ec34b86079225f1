/**
 * The scalars line-yaml.ts reads, as js-yaml reads them: a plain scalar on a block line, a key, a
 * plain scalar in a flow collection, and what a plain scalar resolves to; and `ASIDE`, thrown when
 * a text is not the plainest YAML (line-yaml.ts's readCasesByLines catches it and steps aside).
 */
import { SPACE } from './char-codes.js';
import { resolvePlain } from './core-scalars.js';

/** Thrown to step aside; caught once, in readCasesByLines. */
export const ASIDE = new Error('not the plainest YAML');

/**
 * A plain scalar on a block line as js-yaml reads it, `text` cut before any comment
 * (blockPlainBeforeComment): it starts with no indicator (`-`, `?` and `:` only before a
 * non-space), holds no `: `, and does not end with `:`. Searched for with `includes`, not a
 * regular expression per character, whose backtracking overflows the stack on a line of some
 * millions of characters.
 */
export function isBlockPlain(text: string): boolean {
  return BLOCK_PLAIN_START.test(text) && !text.includes(': ') && !text.endsWith(':');
}

/**
 * The text of a plain scalar on a block line with what follows it: up to a comment (` #`) and
 * the spaces before it. Only spaces are trimmed: YAML counts no other character as white space
 * here (a no-break space ends the scalar's text as any letter does).
 */
export function blockPlainBeforeComment(line: string): string {
  const comment = line.indexOf(' #');
  if (comment === -1) return line;
  let end = comment;
  while (end > 0 && line.charCodeAt(end - 1) === SPACE) end--;
  return line.slice(0, end);
}

const BLOCK_PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|[-?:][^\s,[\]{}])/;

export function plainValue(text: string): unknown {
  const resolved = resolvePlain(text);
  if (resolved === undefined) throw ASIDE;
  return resolved.value;
}

/** A key of letters, digits, `_` and `$`, and its colon. */
export const KEY = /[A-Za-z0-9_$]+:/y;
/**
 * A plain scalar in a flow collection: these characters, single spaces between them (checked
 * after the match: a group repeated per word overflows the regular expression's stack on a
 * line of some millions of words).
 */
export const FLOW_SCALAR = /[A-Za-z0-9_.+/@~$ -]+/y;
