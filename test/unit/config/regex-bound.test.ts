import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longestWithin, stepBound } from '../../../src/config/regex-bound.js';
import { regexItems, type RegexItem } from '../../../src/config/regex-items.js';

/**
 * A plain backtracking matcher over the items, counting its steps as the bound does: one per
 * start, one per item entered, one per character tested. Greedy counts are tried from the most
 * down, lazy ones from the least up, as Irregexp tries them. It stops past `cap` steps.
 */
function backtrack(input: { items: readonly RegexItem[]; text: string; cap: number }): { matched: boolean; steps: number } {
  const { items, text, cap } = input;
  const n = text.length;
  let steps = 0;
  const step = () => {
    if (++steps > cap) throw new Error(`more than ${cap} steps`);
  };
  const isWord = (pos: number) => pos >= 0 && pos < n && /\w/.test(text[pos]!);
  const take = (set: readonly (readonly [number, number])[], pos: number): number | undefined => {
    step();
    if (pos >= n) return undefined;
    const code = text.codePointAt(pos)!;
    return set.some(([low, high]) => low <= code && code <= high) ? pos + (code > 0xffff ? 2 : 1) : undefined;
  };
  const run = (j: number, pos: number): boolean => {
    step();
    const item = items[j];
    if (item === undefined) return true;
    if (item.kind === 'assert') {
      const holds = { '^': pos === 0, $: pos === n, '\\b': isWord(pos - 1) !== isWord(pos), '\\B': isWord(pos - 1) === isWord(pos) }[item.what];
      return holds && run(j + 1, pos);
    }
    if (item.kind === 'words') {
      for (const word of item.words) {
        let at: number | undefined = pos;
        for (const set of word) if (at !== undefined) at = take(set, at);
        if (at !== undefined && run(j + 1, at)) return true;
      }
      return false;
    }
    if (!item.lazy) {
      const ends = [pos];
      while (ends.length - 1 < item.max) {
        const next = take(item.set, ends.at(-1)!);
        if (next === undefined) break;
        ends.push(next);
      }
      for (let count = ends.length - 1; count >= item.min; count--) if (run(j + 1, ends[count]!)) return true;
      return false;
    }
    let at: number | undefined = pos;
    for (let count = 0; ; count++) {
      if (count >= item.min && run(j + 1, at)) return true;
      if (count >= item.max) return false;
      at = take(item.set, at);
      if (at === undefined) return false;
    }
  };
  for (let start = 0; start <= n; start++) {
    step();
    // The u flag starts no match inside a surrogate pair.
    const inPair = start > 0 && /[\uD800-\uDBFF]/.test(text[start - 1]!) && /[\uDC00-\uDFFF]/.test(text[start] ?? '');
    if (!inPair && run(0, start)) return { matched: true, steps };
  }
  return { matched: false, steps };
}

const atom = fc.constantFrom('a', 'b', ' ', '1', ',', '.', '\\d', '\\s', '\\w', '\\W', '\\S', '[^,]', '[a-c]', '[^a]', '[\\s,]', '\\u{1F600}', '\\uD83D\\uDE00', '[\\uD83D\\uDE00a]', '\\p{L}', '[^\\p{L}]', '[\\b\\-a]', '\\x61', '[]', '[^]');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '??', '{0,2}?');
const group = fc.constantFrom('(?:ab|a)', '(x|\\d )', '(a\\d*)', '(a)', '(?:(?:a|b)c)', '(a|[^a]b|\\d\\d)', '(,|\\s)', '(?:1|1 |11)');
const item = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q) },
  { weight: 1, arbitrary: fc.constantFrom('\\b', '\\B') },
  { weight: 2, arbitrary: group },
);
const pattern = fc
  .tuple(fc.constantFrom('', '', '^', 'a', 'ab', 'aa', 'aba', 'order ', '(?:aa|a)', '(ab|b)', '(order |1)'), fc.array(item, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([head, body, end]) => `${head}${body.join('')}${end ? '$' : ''}`);
const char = fc.constantFrom('a', 'b', ' ', '1', ',', 'x', '\n', 'é', '😀', 'order ');
const text = fc.oneof(
  fc.array(char, { maxLength: 24 }).map((chars) => chars.join('')),
  fc.tuple(fc.array(char, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('', '!', 'b')).map(([chars, times, tail]) => chars.join('').repeat(times) + tail),
);

describe('stepBound', () => {
  it('is never below the steps a backtracking matcher takes, which matches as the u-flag RegExp does', () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const items = regexItems(p);
        expect(items).toBeDefined();
        const bound = stepBound(items!, t.length);
        // Measurable: cases whose bound a test walks through in well under a second.
        fc.pre(bound <= 2_000_000);
        const { matched, steps } = backtrack({ items: items!, text: t, cap: bound });
        // A property is read as any character: the bound holds for it (a larger class only ever multiplies more), the match differs.
        if (!p.includes('\\p')) expect(matched).toBe(new RegExp(p, 'u').test(t));
        expect(steps).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 400 },
    );
  });

  it('comes within the bound on texts made to backtrack, and grows with the text', () => {
    const cases: [string, string][] = [
      ['\\d+ ', '1'.repeat(300)],
      ['[^,]*,', 'x'.repeat(300)],
      ['order \\d+ .*shipped', `order 1 ${'order 12 '.repeat(30)}`],
      ['^\\s*\\d+\\s*$', `${' '.repeat(100)}1${' '.repeat(100)}x`],
      ['.*a.*b', 'a'.repeat(60)],
      ['\\s?\\s?\\s?\\s?\\s?\\s?x', ' '.repeat(30)],
      ['a*?a*?b', 'a'.repeat(80)],
      ['\\d*(?:1|11)\\d*x', '1'.repeat(60)],
      ['[ab]*(?:a|ab)[ab]*c', 'ab'.repeat(30)],
      ['\\d+ ?,?;?:?x', '1'.repeat(200)],
      ['aa.*x', 'a'.repeat(200)],
      [`${'(?:a|aa)'.repeat(8)}x`, 'a'.repeat(40)],
      [`${'(?:a|b)'.repeat(8)}x`, 'ab'.repeat(20)],
    ];
    for (const [p, t] of cases) {
      const items = regexItems(p)!;
      const bound = stepBound(items, t.length);
      expect(backtrack({ items, text: t, cap: bound }).steps, p).toBeLessThanOrEqual(bound);
      expect(stepBound(items, t.length + 1)).toBeGreaterThanOrEqual(bound);
    }
    fc.assert(fc.property(pattern, fc.nat(5000), (p, n) => stepBound(regexItems(p)!, n + 1) >= stepBound(regexItems(p)!, n)));
  });

  it('counts a quantifier followed by what it cannot match once (`\\d+ `), and one followed by what it can as a factor of the length (`.*s`)', () => {
    // order \d+ .*shipped: degree 2 in the length (the start, .*), not 3.
    const guarded = regexItems('order \\d+ .*shipped')!;
    expect(stepBound(guarded, 2000) / stepBound(guarded, 1000)).toBeLessThan(4.5);
    const multiplying = regexItems('order \\d+.*shipped')!;
    expect(stepBound(multiplying, 2000) / stepBound(multiplying, 1000)).toBeGreaterThan(7);
    // ^ runs once: \d+ guarded by $, linear.
    const anchored = regexItems('^\\s*\\d+\\s*$')!;
    expect(stepBound(anchored, 2000) / stepBound(anchored, 1000)).toBeLessThan(2.5);
    // An optional quantifier that may take what follows doubles (\s? twenty times before x: 2^20).
    expect(stepBound(regexItems(`${'\\s?'.repeat(20)}x`)!, 60)).toBeGreaterThan(2 ** 20 * 60);
    expect(stepBound(regexItems(`${'\\d?x'.repeat(20)}`)!, 60)).toBeLessThan(61 * 200);
  });

  it('reads sequences of characters, classes, assertions, groups of one alternative and of fixed words: not repeated groups, other alternatives, back-references nor look-arounds', () => {
    for (const p of ['(a+)+$', '(?:ab)*', '(a)?', '(a|b){2}', '^a|b', 'a|b+', '(a|b*)', '(a|)', '(?:a|^b)', '(a)\\1', '(?=a)b', '(?<!a)b', '(?i:a)', '\\k<x>']) expect(regexItems(p), p).toBeUndefined();
    // A group of one alternative is its items; one of fixed words, a words item.
    expect(regexItems('a(?<x>b+)')).toEqual(regexItems('ab+'));
    expect(regexItems('(?:(a)(b\\d))')).toEqual(regexItems('ab\\d'));
    expect(regexItems('refund|return')).toEqual(regexItems('(?:refund|return)'));
    expect(regexItems('\\uD83D\\uDE00\\uD83D[\\uD83D\\uDE00]')).toEqual(regexItems('\\u{1F600}\\uD83D\\u{1F600}'));
    expect(regexItems('(ok|[Nn]o)')).toEqual([{ kind: 'words', words: [[[[0x6f, 0x6f]], [[0x6b, 0x6b]]], [[[0x4e, 0x4e], [0x6e, 0x6e]], [[0x6f, 0x6f]]]] }]);
    expect(regexItems('[\\d,]+\\u{1F600}\\/\\.\\-x')).toBeUndefined();
    expect(regexItems('[\\d,-]+\\u{1F600}\\/\\.x*?')).toEqual([
      { kind: 'chars', set: [[0x2c, 0x2d], [0x30, 0x39]], min: 1, max: Infinity, lazy: false },
      { kind: 'chars', set: [[0x1f600, 0x1f600]], min: 1, max: 1, lazy: false },
      { kind: 'chars', set: [[0x2f, 0x2f]], min: 1, max: 1, lazy: false },
      { kind: 'chars', set: [[0x2e, 0x2e]], min: 1, max: 1, lazy: false },
      { kind: 'chars', set: [[0x78, 0x78]], min: 0, max: Infinity, lazy: true },
    ]);
  });

  it('reads \\s, \\w, \\d and . as the u-flag RegExp does, on every BMP character', () => {
    for (const escape of ['\\s', '\\S', '\\w', '\\W', '\\d', '\\D', '.', '[^\\s\\d]']) {
      const [item] = regexItems(escape)! as [RegexItem & { kind: 'chars' }];
      const regex = new RegExp(`^${escape}$`, 'u');
      for (let code = 0; code <= 0xffff; code++) {
        const inSet = item.set.some(([low, high]) => low <= code && code <= high);
        if (inSet !== regex.test(String.fromCharCode(code))) expect.fail(`${escape} on U+${code.toString(16)}`);
      }
    }
  });

  it('finds the longest text within a number of steps', () => {
    const items = regexItems('.*x')!;
    const longest = longestWithin({ items, steps: 1e7 });
    expect(stepBound(items, longest)).toBeLessThanOrEqual(1e7);
    expect(stepBound(items, longest + 1)).toBeGreaterThan(1e7);
    // A list of words, past the 64 whose pairs are compared: each place still starts at most one run.
    const list = regexItems(Array.from({ length: 100 }, (_, i) => `word${i}x`).join('|'))!;
    expect(longestWithin({ items: list, steps: 3e7 })).toBeGreaterThan(3000);
    // A pattern without quantifiers takes a few steps a character.
    expect(longestWithin({ items: regexItems('^abc$')!, steps: 1e7 })).toBeGreaterThan(4_000_000);
  });
});
