/**
 * The most backtracking steps a user's pattern can take on a text of n characters, for the
 * patterns whose shape is read exactly: a sequence of characters, classes (`[^,]`, `\d`, `.`,
 * `\p{…}` as any character), each quantified or not, and the assertions `^`, `$`, `\b`, `\B`.
 * A group, an alternation, a back-reference or a look-around is not read (`regexItems` answers
 * undefined, and user-regex.ts keeps its coarser count of quantifiers).
 *
 * The steps are those of a plain backtracking matcher (Irregexp is one, with shortcuts that only
 * skip steps): one per start in the text, one per item entered, one per character tested. Each
 * quantifier tries its counts in turn and runs what follows for each, so quantifiers in a row
 * multiply (`.*a.*b.*c`: n^4). One does not multiply when the first character what follows it
 * must (or may) take is one it cannot match (`\d+ `, `[^,]*,`, `\s*x`, `\d+$`): giving back a
 * character leaves one of its own next, on which what follows fails at once, so what follows is
 * run through once and the other counts cost a few steps each. A pattern starting at `^` runs
 * through once, and one starting with a literal word (`order `) runs past it only where the word
 * is, at most every p-th place (p the word's shortest period).
 * test/unit/config/regex-bound.test.ts checks the bound against a backtracking matcher's count.
 */

/** Code point ranges, sorted, disjoint, inclusive. */
type CharSet = readonly (readonly [number, number])[];

/** One item of a pattern read exactly: characters from a set repeated min to max times (lazily or not), or an assertion. */
export type RegexItem = { kind: 'chars'; set: CharSet; min: number; max: number; lazy: boolean } | { kind: 'assert'; what: '^' | '$' | '\\b' | '\\B' };

/** The pattern's items, or undefined when it holds what this reading does not follow (a group, `|`, a back-reference, a look-around). */
export function regexItems(pattern: string): RegexItem[] | undefined {
  const items: RegexItem[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === '(' || char === ')' || char === '|') return undefined;
    if (char === '^' || char === '$') {
      items.push({ kind: 'assert', what: char });
      i++;
    } else if ('*+?{'.includes(char)) {
      const quantifier = readQuantifier(pattern, i);
      const last = items.at(-1);
      if (quantifier === undefined || last?.kind !== 'chars' || last.min !== 1 || last.max !== 1 || last.lazy) return undefined;
      items[items.length - 1] = { ...last, min: quantifier.min, max: quantifier.max, lazy: quantifier.lazy };
      i = quantifier.end;
    } else {
      const atom = char === '[' ? readClass(pattern, i) : char === '\\' ? readEscape(pattern, i) : readLiteral(pattern, i);
      if (atom === undefined) return undefined;
      items.push(atom.set === 'boundary' ? { kind: 'assert', what: pattern.slice(i, atom.end) as '\\b' | '\\B' } : { kind: 'chars', set: atom.set, min: 1, max: 1, lazy: false });
      i = atom.end;
    }
  }
  return items;
}

/** The most steps testing the items on any text of `length` code units takes (see the module comment). */
export function stepBound(items: readonly RegexItem[], length: number): number {
  const n = length;
  // From the end back: run[j], the most steps from entering item j; failFast[j], those when the
  // character there is none of first[j] (only one way through, to the first item that must take one).
  const run: number[] = new Array<number>(items.length + 1);
  const failFast: number[] = new Array<number>(items.length + 1);
  let first: CharSet = [];
  run[items.length] = 1;
  failFast[items.length] = 1;
  for (let j = items.length - 1; j >= 0; j--) {
    const item = items[j]!;
    if (item.kind === 'assert') {
      run[j] = 1 + run[j + 1]!;
      failFast[j] = 1 + failFast[j + 1]!;
      continue;
    }
    const most = Math.min(item.max, n);
    const counts = Math.max(1, most - item.min + 1);
    const tests = most + 1;
    const disjoint = !intersects(item.set, first);
    run[j] = 1 + tests + (disjoint ? (counts - 1) * failFast[j + 1]! + run[j + 1]! : counts * run[j + 1]!);
    failFast[j] = item.min > 0 ? 2 : 2 + failFast[j + 1]!;
    first = item.min > 0 ? item.set : union(item.set, first);
  }
  const starts = n + 1;
  if (items[0]?.kind === 'assert' && items[0].what === '^') return starts * 2 + run[0]!;
  const word = literalPrefix(items);
  if (word === '') return starts * (1 + run[0]!);
  const occurrences = n < word.length ? 0 : Math.floor((n - word.length) / shortestPeriod(word)) + 1;
  return starts * (1 + 2 * [...word].length) + occurrences * run[0]!;
}

/** The longest text (in code units) on which the items take at most `steps`: Infinity past 2^40. */
export function longestWithin(input: { items: readonly RegexItem[]; steps: number }): number {
  const { items, steps } = input;
  if (stepBound(items, 0) > steps) return -1;
  let low = 0;
  let high = 1;
  while (stepBound(items, high) <= steps) {
    low = high;
    high *= 2;
    if (high > 2 ** 40) return Infinity;
  }
  // stepBound grows with the length: the longest within lies in [low, high).
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (stepBound(items, middle) <= steps) low = middle;
    else high = middle;
  }
  return low;
}

/** The literal word the pattern starts with: its leading single characters, each taken once. */
function literalPrefix(items: readonly RegexItem[]): string {
  let word = '';
  for (const item of items) {
    if (item.kind !== 'chars' || item.min !== 1 || item.max !== 1 || item.set.length !== 1 || item.set[0]![0] !== item.set[0]![1]) break;
    word += String.fromCodePoint(item.set[0]![0]);
  }
  return word;
}

/** The word's shortest period in code units: two places it starts at are at least that far apart. */
function shortestPeriod(word: string): number {
  for (let p = 1; p < word.length; p++) {
    if (word.slice(p) === word.slice(0, word.length - p)) return p;
  }
  return word.length;
}

const MAX_CODE_POINT = 0x10ffff;
const ANY: CharSet = [[0, MAX_CODE_POINT]];
const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// ECMAScript's WhiteSpace and LineTerminator, as `\s` reads them.
const SPACE: CharSet = normalize([[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]]);
const LINE_TERMINATORS: CharSet = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];
const CLASS_ESCAPES: Record<string, CharSet> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };
const CONTROL_ESCAPES: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b, 0: 0 };
/** The characters `\` makes literal under the u flag (`/` too); `-` only in a class. */
const SYNTAX = '^$\\.*+?()[]{}|/';

type Atom = { set: CharSet | 'boundary'; end: number };

/** A literal character (`.` any but a line terminator), a code point under the u flag. */
function readLiteral(pattern: string, i: number): Atom {
  const code = pattern.codePointAt(i)!;
  if (code === 0x2e) return { set: complement(LINE_TERMINATORS), end: i + 1 };
  return { set: [[code, code]], end: i + String.fromCodePoint(code).length };
}

/** An escape's characters outside a class (`boundary` for `\b`, `\B`), or undefined for one not read (a back-reference, `\k<…>`). */
function readEscape(pattern: string, i: number): Atom | undefined {
  const letter = pattern[i + 1];
  if (letter === undefined) return undefined;
  const end = i + 2;
  if (letter in CLASS_ESCAPES) return { set: CLASS_ESCAPES[letter]!, end };
  if (letter in CONTROL_ESCAPES) return letter === '0' && /\d/.test(pattern[end] ?? '') ? undefined : single(CONTROL_ESCAPES[letter]!, end);
  if (letter === 'b' || letter === 'B') return { set: 'boundary', end };
  if (letter === 'p' || letter === 'P') {
    // A Unicode property: read as any character, which only ever makes a quantifier count as one that multiplies.
    const close = pattern.indexOf('}', end);
    return pattern[end] === '{' && close > 0 ? { set: ANY, end: close + 1 } : undefined;
  }
  const hex = /^(?:x([\da-fA-F]{2})|u([\da-fA-F]{4})|u\{([\da-fA-F]+)\}|c([a-zA-Z]))/.exec(pattern.slice(i + 1));
  if (hex) {
    const code = hex[4] ? hex[4].charCodeAt(0) % 32 : Number.parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
    return single(code, i + 1 + hex[0].length);
  }
  if (SYNTAX.includes(letter)) return single(letter.charCodeAt(0), end);
  return undefined;
}

/** A character class `[…]`, `[^…]`; undefined for what is not read (a class escape in a range, which the u flag refuses anyway). */
function readClass(pattern: string, start: number): Atom | undefined {
  let i = start + 1;
  const negated = pattern[i] === '^';
  if (negated) i++;
  const ranges: (readonly [number, number])[] = [];
  let unknown = false;
  while (i < pattern.length && pattern[i] !== ']') {
    const low = classAtom(pattern, i);
    if (low === undefined) return undefined;
    i = low.end;
    if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
      const high = classAtom(pattern, i + 1);
      if (high === undefined || !isSingle(low.set) || !isSingle(high.set)) return undefined;
      ranges.push([low.set[0]![0], high.set[0]![0]]);
      i = high.end;
    } else {
      if (low.set === ANY) unknown = true;
      ranges.push(...low.set);
    }
  }
  if (pattern[i] !== ']') return undefined;
  // A property's characters are not known: the class is read as any character, negated or not.
  if (unknown) return { set: ANY, end: i + 1 };
  const set = normalize(ranges);
  return { set: negated ? complement(set) : set, end: i + 1 };
}

/** One member of a class: a character, or an escape's characters. */
function classAtom(pattern: string, i: number): { set: CharSet; end: number } | undefined {
  if (pattern[i] !== '\\') {
    const code = pattern.codePointAt(i)!;
    return single(code, i + String.fromCodePoint(code).length);
  }
  // In a class `\b` is a backspace and `\-` a hyphen; `\B` is refused.
  const letter = pattern[i + 1];
  if (letter === 'b' || letter === '-') return single(letter === 'b' ? 0x08 : 0x2d, i + 2);
  const atom = readEscape(pattern, i);
  return atom === undefined || atom.set === 'boundary' ? undefined : { set: atom.set, end: atom.end };
}

/** A quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), or undefined when none is there. */
function readQuantifier(pattern: string, i: number): { min: number; max: number; lazy: boolean; end: number } | undefined {
  const char = pattern[i];
  let min: number;
  let max: number;
  let end = i + 1;
  if (char === '*') [min, max] = [0, Infinity];
  else if (char === '+') [min, max] = [1, Infinity];
  else if (char === '?') [min, max] = [0, 1];
  else {
    const counted = /^\{(\d+)(,?)(\d*)\}/.exec(pattern.slice(i));
    if (!counted) return undefined;
    min = Number(counted[1]);
    max = counted[2] ? (counted[3] ? Number(counted[3]) : Infinity) : min;
    end = i + counted[0].length;
  }
  const lazy = pattern[end] === '?';
  return { min, max, lazy, end: lazy ? end + 1 : end };
}

function single(code: number, end: number): { set: CharSet; end: number } {
  return { set: [[code, code]], end };
}

function isSingle(set: CharSet | 'boundary'): set is CharSet {
  return set !== 'boundary' && set.length === 1 && set[0]![0] === set[0]![1];
}

/** The ranges sorted and merged. */
function normalize(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged.at(-1);
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/** The code points not in the set. */
function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) out.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function union(a: CharSet, b: CharSet): CharSet {
  return normalize([...a, ...b]);
}

function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([low, high]) => b.some(([otherLow, otherHigh]) => low <= otherHigh && otherLow <= high));
}
