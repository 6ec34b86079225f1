/**
 * A user's pattern read as a sequence of items, for regex-bound.ts to count its backtracking
 * steps: characters and classes (`[^,]`, `\d`, `.`, `\p{…}` read as any character) with their
 * quantifiers, the assertions `^`, `$`, `\b`, `\B`, a group of one alternative as its items and
 * one of fixed words (`(refund|return)`) as such. What it does not read (a repeated or optional
 * group, other alternatives, a back-reference, a look-around) makes `regexItems` answer undefined.
 * The character sets are the u flag's (test/unit/config/regex-bound.test.ts checks them on every
 * BMP character); a pattern is read only once it compiled.
 */

/** Code point ranges, sorted, disjoint, inclusive. */
export type CharSet = readonly (readonly [number, number])[];

/**
 * One item of a pattern read exactly: characters from a set repeated min to max times (lazily or
 * not); an assertion; or a group of alternatives each a fixed word of single characters
 * (`(?:refund|return)`, each place of a word a set), tried in turn.
 */
export type RegexItem =
  | { kind: 'chars'; set: CharSet; min: number; max: number; lazy: boolean }
  | { kind: 'assert'; what: '^' | '$' | '\\b' | '\\B' }
  | { kind: 'words'; words: CharSet[][] };

/**
 * The pattern's items, or undefined when it holds what this reading does not follow: a repeated
 * or optional group, alternatives other than fixed words, a back-reference, a look-around, a
 * modifier group. A group of one alternative is read as its items (its capture does not change
 * what matches).
 */
export function regexItems(pattern: string): RegexItem[] | undefined {
  // The pattern as a group: alternatives at its top (`refund|return`) are read as a group's.
  const whole = `(?:${pattern})`;
  const read = readGroup(whole, 0);
  return read === undefined || read.end !== whole.length ? undefined : read.items;
}

/** The items from `start` to the first `)` or `|` of this level (`end` is there), or undefined. */
function readSequence(pattern: string, start: number): { items: RegexItem[]; end: number } | undefined {
  const items: RegexItem[] = [];
  let i = start;
  while (i < pattern.length && pattern[i] !== ')' && pattern[i] !== '|') {
    const char = pattern[i]!;
    if (char === '(') {
      const group = readGroup(pattern, i);
      if (group === undefined) return undefined;
      items.push(...group.items);
      i = group.end;
    } else if (char === '^' || char === '$') {
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
  return { items, end: i };
}

/** A group at `start` not quantified: its one alternative's items, or a `words` item; `end` past its `)`. */
function readGroup(pattern: string, start: number): { items: RegexItem[]; end: number } | undefined {
  // `(`, `(?:`, `(?<name>`; not a look-around (`(?=`, `(?!`, `(?<=`, `(?<!`) nor a modifier group (`(?i:`).
  const opening = /^\((?:\?:|\?<[\p{L}$_][\p{L}\p{N}$_]*>|(?!\?))/u.exec(pattern.slice(start, start + 256));
  if (!opening) return undefined;
  const alternatives: RegexItem[][] = [];
  let i = start + opening[0].length;
  for (;;) {
    const read = readSequence(pattern, i);
    if (read === undefined) return undefined;
    alternatives.push(read.items);
    i = read.end + 1;
    if (pattern[read.end] !== '|') break;
  }
  // A quantifier on the group: its counts are no longer those of one set.
  if (pattern[i - 1] !== ')' || /^[*+?{]/.test(pattern.slice(i, i + 1))) return undefined;
  if (alternatives.length === 1) return { items: alternatives[0]!, end: i };
  const words = alternatives.map((items) => (items.length > 0 && items.every(isOnce) ? items.map((item) => item.set) : undefined));
  return words.every((word) => word !== undefined) ? { items: [{ kind: 'words', words }], end: i } : undefined;
}

/** Whether the item is a set taken exactly once. */
function isOnce(item: RegexItem): item is RegexItem & { kind: 'chars' } {
  return item.kind === 'chars' && item.min === 1 && item.max === 1;
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
    const next = i + 1 + hex[0].length;
    // Under the u flag `\uD83D\uDE00` is one character, U+1F600, as the pair in a text is.
    const trail = hex[2] && code >= 0xd800 && code <= 0xdbff ? /^\\u(d[c-f][\da-f]{2})/i.exec(pattern.slice(next)) : null;
    if (trail) return single(0x10000 + ((code - 0xd800) << 10) + (Number.parseInt(trail[1]!, 16) - 0xdc00), next + trail[0].length);
    return single(code, next);
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
      if (high === undefined || !isOneCharacter(low.set) || !isOneCharacter(high.set)) return undefined;
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

export function union(...sets: CharSet[]): CharSet {
  return normalize(sets.flat());
}

export function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([low, high]) => b.some(([otherLow, otherHigh]) => low <= otherHigh && otherLow <= high));
}

export function isOneCharacter(set: CharSet): boolean {
  return set.length === 1 && set[0]![0] === set[0]![1];
}
