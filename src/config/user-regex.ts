/**
 * A user's regular expression (a matcher's `regex`, an output check's `regex`, a reply's `when`):
 * how it compiles at run time, and why it does not, for validate. One owner, so what validate
 * accepts is what the run compiles (with the `u` flag: `\-` or a lone `{` is an error there).
 *
 * It is tested on what an agent sent, so it is bounded in time where V8 can bound it: a pattern
 * that backtracks catastrophically (`^(a+)+$` against 40 `a`s and a `!`) would hold the whole run
 * for ever, one synchronous call no case's time limit reaches. V8 falls back to its linear-time
 * engine once a regex backtracks past a bound, but only for a regex without the `u` flag and
 * without backreferences or lookarounds; so a pattern that reads the same without the flag (ASCII,
 * no `\u{…}` or `\p{…}`) is tested without it on a text that holds no surrogate (where `.` and
 * `[^…]` read alike either way). Backreferences, lookarounds, and a non-ASCII pattern or text
 * are still unbounded (docs/suite-format.md).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** The pattern compiled as the run compiles it; throws a SyntaxError when it does not compile. */
export function userRegex(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** Why the pattern does not compile; undefined when it does. */
export function regexProblem(pattern: string): string | undefined {
  try {
    userRegex(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the `u` flag reads otherwise in a pattern that compiles with it: a character past ASCII, `\u{…}`, `\p{…}`. */
const READS_UNICODE = /[^\0-\x7f]|\\u\{|\\[pP]/;
/** A text where `.`, `[^…]` and `\S` read a pair as one character with the flag and as two without. */
const HOLDS_SURROGATE = /[\ud800-\udfff]/;

/** A pattern compiled: with the `u` flag, and without it when it reads the same there. */
interface Compiled {
  readonly unicode: RegExp;
  readonly plain: RegExp | undefined;
}

const compiled = new Map<string, Compiled | Error>();

function compile(pattern: string): Compiled | Error {
  try {
    const unicode = userRegex(pattern);
    return { unicode, plain: READS_UNICODE.test(pattern) ? undefined : new RegExp(pattern) };
  } catch (error) {
    return error instanceof Error ? error : new SyntaxError(String(error));
  }
}

/** Whether `pattern` matches `text`, as the run matches (the `u` flag's reading), in linear time where V8 can; throws a SyntaxError when it does not compile. */
export function testUserRegex(pattern: string, text: string): boolean {
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    entry = compile(pattern);
    compiled.set(pattern, entry);
  }
  if (entry instanceof Error) throw entry;
  return (entry.plain !== undefined && !HOLDS_SURROGATE.test(text) ? entry.plain : entry.unicode).test(text);
}
