/**
 * A user's regular expression (a matcher's `regex`, an output check's `regex`, a reply's `when`):
 * how it compiles at run time, and why it does not, for validate. One owner, so what validate
 * accepts is what the run compiles (with the `u` flag: `\-` or a lone `{` is an error there).
 *
 * It is tested on what an agent sent, and a pattern that repeats a group (`(a+)+$`, `(a|aa)*`)
 * can backtrack catastrophically on a text made for it: one synchronous call that held the whole
 * run at full CPU for ever, deaf to SIGTERM. Such a pattern is tested in a worker thread while
 * this one waits at most `USER_REGEX_MS` (`config/sync-worker.ts`): past it the worker is ended and the answer
 * is `timed out` (the output check fails saying so, `regexTimedOut`; a matcher counts it as not
 * matching, and a policy rule that tests it denies the call: an undecided `MatchAnswer`, common/operators.ts). (V8's linear-time engine is no way out: its `--enable-experimental-regexp-engine…`
 * flags are process-wide, and redaction's own scans of long texts fell back to it too, 40×
 * slower and out of memory.) A pattern that repeats no group backtracks polynomially instead:
 * with q quantifiers (`.*refund.*issued.*confirmed`, q = 3) a text of n characters may take
 * n^(q+1) steps, for ever on an agent's 40 KB output, and each optional quantifier (`?`) or `|`
 * doubles that. It is tested here while that bound stays under `HERE_STEPS` (always for a pattern with no
 * quantifier nor `|`), else in the worker too. A pattern of characters, classes, plain groups and groups
 * of fixed words is read closer (`config/regex-bound.ts`): a quantifier followed by what it cannot
 * match (`order \d+ .*shipped`, `[^,]*,`) does not multiply, so such a pattern stays here on
 * longer texts.
 */
import { longestWithin } from './regex-bound.js';
import { regexItems } from './regex-items.js';
import { HANDLER_THREW, SyncWorker } from './sync-worker.js';

/** How long a pattern that repeats a group may take on one text before its test is given up. */
export const USER_REGEX_MS = 1000;

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

/** A group repeated (`(…)+`, `(…)*`, `(…){n,}`): what backtracks catastrophically when the group can match in several ways. */
const REPEATED_GROUP = /\)[*+{]/;

/** The most backtracking steps (the text's length to the power of the pattern's quantifiers plus one, twice for each optional one) a test here may take: a few ms. */
const HERE_STEPS = 1e7;

/**
 * The most steps regex-bound.ts counts (constants included: each start, item entered, character
 * tested) a test here may take. At the limits `HERE_STEPS` sets, its count reads 3-6e7 (`.*x` on
 * 3,162 characters, 5e7: 12.8 ms in V8); at this one the slowest text tried, `\d+ ` on 3,160
 * digits, took 10.6 ms.
 */
const HERE_COUNTED_STEPS = 3e7;

/**
 * How many quantifiers a pattern holds: those that repeat more than once (`*`, `+`, `{n,}`,
 * `{n,m}`), and the optional ones (`?`: each doubles the ways to match, `\s?` twenty times before
 * an `x` took 1.2 s on 60 spaces, 31 s with 24), each `|` with them (k alternatives try at most
 * 2^(k-1) ways: `(?:a|aa)` 26 times before an `x`, no quantifier at all, took 18 s on 60 `a`s).
 * A back-reference (`\1`, `\k<name>`) counts as one that repeats: each try compares up to the
 * whole text (`(.*)\1\1\1\1\1\1\1x`, one quantifier, took 2 s on 3,162 `a`s).
 * Escaped characters, those inside a character class, a group's `(?` and a lazy quantifier's `?`
 * are not counted. An overcount only sends a test to the worker.
 */
export function quantifierCounts(pattern: string): { repeating: number; optional: number } {
  let repeating = 0;
  let optional = 0;
  let inClass = false;
  // What the last character was: a `?` after an atom is a quantifier, after `(` or a quantifier it is not.
  let after: 'atom' | 'group' | 'quantifier' = 'atom';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      // A back-reference compares up to the whole text each time it is tried, as a quantifier that repeats.
      if (!inClass && /[1-9k]/.test(pattern[i + 1] ?? '')) repeating++;
      i++;
      after = 'atom';
    } else if (inClass) inClass = char !== ']';
    else if (char === '[') {
      inClass = true;
      after = 'atom';
    } else if (char === '(') after = 'group';
    else if (char === '*' || char === '+') {
      repeating++;
      after = 'quantifier';
    } else if (char === '|') {
      optional++;
      after = 'group';
    } else if (char === '?') {
      if (after === 'atom') optional++;
      after = after === 'atom' ? 'quantifier' : 'atom';
    } else if (char === '{') {
      const counted = /^\{\d*(,?)\d*\}/.exec(pattern.slice(i, i + 24));
      if (counted?.[1]) repeating++;
      if (counted) i += counted[0].length - 1;
      after = counted ? 'quantifier' : 'atom';
    } else after = 'atom';
  }
  return { repeating, optional };
}

/**
 * The longest text a test here takes at most `HERE_STEPS` on: n^(repeating + 1) × 2^optional
 * steps, any text for a pattern with no quantifier nor `|`; or, when regex-bound.ts reads the
 * pattern and finds it longer, the longest on which the steps it counts stay within `HERE_COUNTED_STEPS`.
 */
function longestHere(pattern: string): number {
  const { repeating, optional } = quantifierCounts(pattern);
  if (repeating === 0 && optional === 0) return Infinity;
  const counted = Math.floor((HERE_STEPS / 2 ** optional) ** (1 / (repeating + 1)));
  const items = regexItems(pattern);
  return items === undefined ? counted : Math.max(counted, longestWithin({ items, steps: HERE_COUNTED_STEPS }));
}

/** A pattern compiled, and where it is tested: in the worker (it repeats a group), or here on texts up to `maxHere` characters and in the worker beyond. */
type Compiled = { kind: 'here'; regex: RegExp; maxHere: number } | { kind: 'worker' } | { kind: 'invalid'; error: Error };

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  try {
    const regex = userRegex(pattern);
    if (REPEATED_GROUP.test(pattern)) return { kind: 'worker' };
    return { kind: 'here', regex, maxHere: longestHere(pattern) };
  } catch (error) {
    return { kind: 'invalid', error: error instanceof Error ? error : new SyntaxError(String(error)) };
  }
}

/** What testing a pattern on a text gave: `timed out` when it ran past `USER_REGEX_MS`. */
export type RegexAnswer = 'match' | 'no match' | 'timed out';

/** Whether `pattern` matches `text`, as the run matches (flag `u`), bounded in time when it repeats a group; throws a SyntaxError when it does not compile. */
export function testUserRegex(pattern: string, text: string): RegexAnswer {
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    entry = compile(pattern);
    compiled.set(pattern, entry);
  }
  if (entry.kind === 'invalid') throw entry.error;
  if (entry.kind === 'worker' || text.length > entry.maxHere) return testInWorker(pattern, text);
  return entry.regex.test(text) ? 'match' : 'no match';
}

/** What is said of a pattern whose test on a text timed out. */
export function regexTimedOut(pattern: string): string {
  return `/${pattern}/ could not be tested in time: it ran past its ${USER_REGEX_MS} ms limit (a group repeated, or quantifiers in a row such as .*a.*b, that can match the same text in several ways backtracks without end on a long text; rewrite the pattern)`;
}

const MATCHED = 1;
const NOT_MATCHED = 2;

/** The worker that tests a pattern that repeats a group: each message a `{pattern, text}`. */
const regexWorker = new SyncWorker(`({ pattern, text }, answer) => answer(new RegExp(pattern, 'u').test(text) ? ${MATCHED} : ${NOT_MATCHED})`);

/** The test in the worker, this thread waiting for it; past `USER_REGEX_MS` the worker is ended (the next test starts another). */
function testInWorker(pattern: string, text: string): RegexAnswer {
  const answer = regexWorker.ask({ pattern, text }, USER_REGEX_MS);
  if (answer === undefined) return 'timed out';
  // A test that threw (out of backtracking stack, on a text of a few MB) did not match, as one run here does for its callers.
  if (answer === HANDLER_THREW) return 'no match';
  return answer === MATCHED ? 'match' : 'no match';
}
