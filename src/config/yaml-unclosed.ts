/**
 * Where a YAML string or flow collection that was never closed was opened. The parser reports
 * where it gave up (the end of the file, or the next line); the user wants the quote or bracket
 * that opened what runs on, and words for it.
 */
import type { YAMLError } from 'yaml';

/** The quote or bracket an error is about: its offset, and what the issue expects and found there. */
export interface UnclosedOpening {
  at: number;
  expected: string;
  found: string;
}

/**
 * Where the quote or bracket a "Missing closing quote" or "must end with a ]/}" error is about was
 * opened, or the closer of the other kind that ends it (`{ a: 1 ]`); undefined for other errors, or
 * when none is found.
 */
export function unclosedOpening(source: string, error: YAMLError): UnclosedOpening | undefined {
  const quote = unclosedQuote(source, error);
  if (quote !== undefined) return { at: quote, expected: 'a quoted string closed on the line it opens (or a later one)', found: 'a quote opened here and never closed' };
  const bracket = unclosedBracket(source, error);
  if (bracket === undefined) return undefined;
  // Closed, but by the other kind of bracket ({ … ]): the fix is at that closer.
  const there = source[error.pos[0]];
  if ((there === ']' || there === '}') && there !== bracket.close) {
    const before = source.slice(0, bracket.at).split('\n');
    const opened = `line ${before.length}, column ${before.at(-1)!.length + 1}`;
    return { at: error.pos[0], expected: `${bracket.close} to close the flow ${bracket.what} opened at ${opened}`, found: `a ${there}, which closes a ${there === ']' ? '[' : '{'}` };
  }
  // `{ reason: flaky #12 }`: the " #" starts a comment, which holds the closer the user wrote.
  const comment = commentHidingCloser(source, { from: bracket.at, close: bracket.close });
  if (comment !== undefined) {
    const column = bracket.at - source.lastIndexOf('\n', bracket.at - 1);
    return {
      at: comment,
      expected: `a value holding " #" in quotes ("see #12"), so that the ${bracket.close} after it closes the flow ${bracket.what} opened at column ${column}`,
      found: `a comment: YAML reads " #" as the start of one, to the end of the line, ${bracket.close} included`,
    };
  }
  return {
    at: bracket.at,
    expected: `a flow ${bracket.what} closed with ${bracket.close} (on its line, or on a later one indented past its key)`,
    found: `a ${source[bracket.at]} opened here and never closed`,
  };
}

/**
 * Where the quote a "Missing closing quote" error is about was opened: the parser reports the end
 * of the file, where it gave up. The string ran from its quote to the end, so no quote of its
 * kind that could close it follows: for `"`, the last one before the end that no backslash
 * escapes; for `'`, whose only escape is a doubled `''`, the first of the last run of quotes of
 * odd length (`'it''s` and `'''` open at their first quote; an even run is escapes inside it).
 */
function unclosedQuote(source: string, error: YAMLError): number | undefined {
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
  if (quote === undefined) return undefined;
  for (let at = source.lastIndexOf(quote, error.pos[0]); at >= 0; at = source.lastIndexOf(quote, at - 1)) {
    let before = 0;
    if (quote === '"') {
      while (source[at - 1 - before] === '\\') before++;
      if (before % 2 === 0) return at;
      continue;
    }
    while (source[at - 1 - before] === "'") before++;
    at -= before;
    if (before % 2 === 0) return at;
  }
  return undefined;
}

/**
 * Where the `[` or `{` a "Flow sequence/map … must … end with a ]/}" error is about was opened:
 * the parser reports where it gave up, often the next line. The innermost bracket of that kind
 * still open there, outside quoted strings and comments; undefined when none is found.
 */
function unclosedBracket(source: string, error: YAMLError): { at: number; close: string; what: string } | undefined {
  const close = /end with an? ([\]}])/.exec(error.message)?.[1];
  if (close === undefined) return undefined;
  const open = close === ']' ? '[' : '{';
  const stack: number[] = [];
  for (let at = 0; at < Math.min(error.pos[0], source.length); at++) {
    const char = source[at]!;
    const before = at === 0 ? '\n' : source[at - 1]!;
    if (char === '#' && /\s/.test(before)) {
      while (at < source.length && source[at] !== '\n') at++;
    } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(before)) {
      // A quoted scalar: skip to its end ('' is an escaped quote inside single quotes, \" inside double).
      for (at++; at < source.length; at++) {
        if (char === '"' && source[at] === '\\') at++;
        else if (source[at] === char && !(char === "'" && source[at + 1] === "'")) break;
        else if (char === "'" && source[at] === "'") at++;
      }
    } else if (char === '[' || char === '{') stack.push(at);
    else if ((char === ']' || char === '}') && stack.length > 0) stack.pop();
  }
  const at = stack.findLast((index) => source[index] === open);
  if (at === undefined) return undefined;
  return { at, close, what: close === ']' ? 'list [ ]' : 'mapping { }' };
}

/**
 * The `#` of a comment on the line of `from` (outside quoted strings) whose text holds `close`: a
 * plain value with " #" in it, cut there by YAML, along with the bracket that closed it.
 */
function commentHidingCloser(source: string, { from, close }: { from: number; close: string }): number | undefined {
  const end = endOfLine(source, from);
  let quote: string | undefined;
  for (let at = from; at < end; at++) {
    const char = source[at]!;
    if (quote !== undefined) {
      if (quote === '"' && char === '\\') at++;
      else if (char === quote) quote = undefined;
    } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(source[at - 1] ?? ' ')) quote = char;
    else if (char === '#' && /\s/.test(source[at - 1] ?? '')) return source.slice(at, end).includes(close) ? at : undefined;
  }
  return undefined;
}

/** Where the line holding `from` ends: its newline, or the end of the source. */
export function endOfLine(source: string, from: number): number {
  const newline = source.indexOf('\n', from);
  return newline === -1 ? source.length : newline;
}
