/**
 * The most backtracking steps a user's pattern can take on a text of n characters, for the
 * patterns regex-items.ts reads (characters, classes, quantifiers, assertions, plain groups, groups
 * of fixed words); user-regex.ts keeps its coarser count of quantifiers for the others.
 *
 * The steps are those of a plain backtracking matcher (Irregexp is one, with shortcuts that only
 * skip steps): one per start in the text, one per item entered, one per character tested. Each
 * quantifier tries its counts in turn and runs what follows for each, so quantifiers in a row
 * multiply (`.*a.*b.*c`: n^4). One does not multiply when the first character what follows it
 * must (or may) take is one it cannot match (`\d+ `, `[^,]*,`, `\s*x`, `\d+$`): giving back a
 * character leaves one of its own next, on which what follows fails at once, so what follows is
 * run through once and the other counts cost a few steps each. A pattern starting at `^` runs
 * through once, and one starting with a literal word (`order `, or one of `(refund|return)`)
 * runs past it only where the word is, at most every p-th place (p the word's shortest period).
 * test/unit/config/regex-bound.test.ts checks the bound against a backtracking matcher's count.
 */
import { intersects, isOneCharacter, union, type CharSet, type RegexItem } from './regex-items.js';

/** The most steps testing the items on any text of `length` code units takes (see the module comment). */
export function stepBound(items: readonly RegexItem[], length: number): number {
  const n = length;
  const { apart, leading: words } = analysisOf(items);
  // From the end back: run[j], the most steps from entering item j; failFast[j], those when the
  // character there is none of first[j] (only one way through, to the first item that must take one).
  const run: number[] = new Array<number>(items.length + 1);
  const failFast: number[] = new Array<number>(items.length + 1);
  run[items.length] = 1;
  failFast[items.length] = 1;
  for (let j = items.length - 1; j >= 0; j--) {
    const item = items[j]!;
    if (item.kind === 'assert') {
      run[j] = 1 + run[j + 1]!;
      failFast[j] = 1 + failFast[j + 1]!;
      continue;
    }
    if (item.kind === 'words') {
      // Each word tested in turn, and what follows run after each that matches: one at most when no word can match where another does.
      const letters = item.words.reduce((sum, word) => sum + word.length, 0);
      run[j] = 1 + letters + (apart[j] ? 1 : item.words.length) * run[j + 1]!;
      failFast[j] = 1 + item.words.length;
      continue;
    }
    const most = Math.min(item.max, n);
    const counts = Math.max(1, most - item.min + 1);
    const tests = most + 1;
    run[j] = 1 + tests + (apart[j] ? (counts - 1) * failFast[j + 1]! + run[j + 1]! : counts * run[j + 1]!);
    failFast[j] = item.min > 0 ? 2 : 2 + failFast[j + 1]!;
  }
  const starts = n + 1;
  if (items[0]?.kind === 'assert' && items[0].what === '^') return starts * 2 + run[0]!;
  if (words.length === 0) return starts * (1 + run[0]!);
  // Where none of them is, a few steps each; where one is, the whole run.
  const letters = words.reduce((sum, word) => sum + word.letters, 0);
  const occurrences = Math.min(starts, words.reduce((sum, word) => sum + (n < word.units ? 0 : Math.floor((n - word.units) / word.period) + 1), 0));
  return starts * (2 + 2 * letters) + occurrences * run[0]!;
}

/**
 * What stepBound needs of a pattern whatever the text's length, worked out once (stepBound runs
 * some 60 times on one pattern): per item, `apart`, for a set whether none of the characters what
 * follows it must (or may) take first is one it matches, for words whether no two can match at one
 * place; and its leading words, their length in code units and characters and their shortest period.
 */
interface Analysis {
  apart: boolean[];
  leading: { units: number; letters: number; period: number }[];
}

const analyses = new WeakMap<readonly RegexItem[], Analysis>();

function analysisOf(items: readonly RegexItem[]): Analysis {
  let analysis = analyses.get(items);
  if (analysis !== undefined) return analysis;
  const apart = new Array<boolean>(items.length).fill(false);
  // The characters what follows item j must (or may) take first, from the end back.
  let first: CharSet = [];
  for (let j = items.length - 1; j >= 0; j--) {
    const item = items[j]!;
    if (item.kind === 'assert') continue;
    if (item.kind === 'words') {
      apart[j] = exclusive(item.words);
      first = union(...item.words.map((word) => word[0]!));
    } else {
      apart[j] = !intersects(item.set, first);
      first = item.min > 0 ? item.set : union(item.set, first);
    }
  }
  const leading = leadingWords(items).map((word) => ({ units: word.length, letters: [...word].length, period: shortestPeriod(word) }));
  analysis = { apart, leading };
  analyses.set(items, analysis);
  return analysis;
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

/**
 * The literal words the pattern starts with, one of which a match starts with: its leading single
 * characters each taken once (`order `), or a first group of literal words (`(refund|return)`);
 * none otherwise.
 */
function leadingWords(items: readonly RegexItem[]): string[] {
  const first = items[0];
  if (first?.kind === 'words') {
    const literal = first.words.every((word) => word.every(isOneCharacter));
    return literal ? first.words.map((word) => String.fromCodePoint(...word.map((set) => set[0]![0]))) : [];
  }
  let word = '';
  for (const item of items) {
    if (item.kind !== 'chars' || item.min !== 1 || item.max !== 1 || !isOneCharacter(item.set)) break;
    word += String.fromCodePoint(item.set[0]![0]);
  }
  return word === '' ? [] : [word];
}


/** Whether no two words can match at one place: each pair differs at a place both have by sets with no character in common. */
function exclusive(words: readonly (readonly CharSet[])[]): boolean {
  // Past 64 words the pairs are not compared (a thousand words took ~100 ms): each word counts.
  return words.length <= 64 && words.every((word, i) => words.slice(i + 1).every((other) => word.some((set, at) => at < other.length && !intersects(set, other[at]!))));
}

/** The word's shortest period in code units: two places it starts at are at least that far apart. */
function shortestPeriod(word: string): number {
  for (let p = 1; p < word.length; p++) {
    if (word.slice(p) === word.slice(0, word.length - p)) return p;
  }
  return word.length;
}
