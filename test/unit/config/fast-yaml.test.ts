// The fast read (js-yaml events) must mean exactly what the located parse (yaml) means, or step
// aside: every file it accepts gives the same data, no problem the located parse would report, and
// each case's id at the same line and column.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../../../src/config/fast-yaml.js';
import { readCasesByLines } from '../../../src/config/line-yaml.js';
import { deepestNode } from '../../../src/config/locate.js';
import { parseLocated, parseYaml, yamlToJs } from '../../../src/config/parse-yaml.js';
import { validateSuiteSource } from '../../../src/config/validate.js';
import { hostileText, NASTY_YAML_VALUES } from '../fuzz/mutate.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';
import { CONFIG_SEED, PACK_SEEDS, POLICY_SEED, SUITE_SEED } from '../fuzz/seeds.js';

/** What the located parse makes of the text: its data, or that it has problems. */
function located(source: string): { problems: false; value: unknown; caseIdOffsets: (number | undefined)[] } | { problems: true } {
  const { yaml, issues } = parseLocated(source, 'x.yaml');
  if (issues.length > 0) return { problems: true };
  const js = yamlToJs(yaml);
  if (!js.ok) return { problems: true };
  const cases = (js.value as { cases?: unknown } | null)?.cases;
  const count = Array.isArray(cases) ? cases.length : 0;
  const caseIdOffsets = Array.from({ length: count }, (_, i) => deepestNode(yaml, ['cases', i, 'id'])?.range?.[0]);
  return { problems: false, value: js.value, caseIdOffsets };
}

/** The value as text that tells apart everything the data can differ in: key order, -0, NaN, Infinity, undefined. */
function exactly(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number') return `number:${Object.is(item, -0) ? '-0' : String(item)}`;
    if (item === undefined) return 'undefined';
    if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.getPrototypeOf(item) !== Object.prototype) return { prototype: String(Object.getPrototypeOf(item)), ...item };
    return item;
  });
}

/** `chunkChars: 1` reads a `cases:` list one item per parse (see casesRegion in fast-yaml.ts). */
function expectSameMeaning(source: string, chunkChars?: number): 'fast' | 'located' {
  const fast = parseFast(source, { interpolated: false, ...(chunkChars ? { chunkChars } : {}) });
  if (!fast) return 'located';
  const slow = located(source);
  expect(slow.problems, 'the fast read accepted a file the located parse finds problems in').toBe(false);
  if (slow.problems) return 'fast';
  expect(exactly(fast.value)).toBe(exactly(slow.value));
  if (Array.isArray((fast.value as { cases?: unknown } | null)?.cases)) expect(fast.caseIdOffsets).toEqual(slow.caseIdOffsets);
  return 'fast';
}

describe('the fast read', () => {
  it('means what the located parse means on mutated suites, configs, policies and packs', () => {
    const paths = { fast: 0, located: 0 };
    const seeds = [SUITE_SEED, CONFIG_SEED, POLICY_SEED, ...PACK_SEEDS];
    fc.assert(
      fc.property(hostileText(seeds, 'yaml'), (text) => {
        paths[expectSameMeaning(text)]++;
        expectSameMeaning(text, 1);
      }),
      { seed: Number(process.env.FAST_YAML_SEED ?? FUZZ_SEED), numRuns: Number(process.env.FAST_YAML_RUNS ?? 300) },
    );
    // Both paths were exercised: the property would hold vacuously if either never ran.
    expect(paths.fast).toBeGreaterThan(50);
    expect(paths.located).toBeGreaterThan(50);
  });

  it('agrees on each of YAML\'s dark-corner scalars, or steps aside', () => {
    for (const value of NASTY_YAML_VALUES) {
      expectSameMeaning(`k: ${value}\n`);
      expectSameMeaning(`- ${value}\n`);
    }
    // Hex and octal past a double's range: js-yaml reads a string, the located parse Infinity.
    for (const value of [`0x${'F'.repeat(300)}`, `[0o${'7'.repeat(400)}]`]) expectSameMeaning(`k: ${value}\n`);
  });

  it('finds each case id where the located parse does: plain, quoted, block, flow, missing, a scalar item', () => {
    const source = [
      '$schema: ../schemas/suite.json', 'suite: s', 'cases:',
      '  - id: plain', '    input: x',
      '  - input: y', '    id: "double quoted"',
      "  - {input: z, id: 'single'}",
      '  - id: |', '      block', '    input: w',
      '  - input: no id here',
      '  - just a scalar',
      '  - id: >-', '      folded',
      '',
    ].join('\n');
    expect(expectSameMeaning(source)).toBe('fast');
    expect(parseFast(source, { interpolated: false })!.caseIdOffsets).toHaveLength(7);
  });

  it('reads a `cases:` list a few items at a time as the whole file reads it, or steps aside', () => {
    const cases = [
      '  - id: a', '    input: "spans', '  - a line like an item"',
      '# a comment at the left edge', '',
      '  - id: b', '    input: |', '      block', '      - not an item', '',
      '  - {id: c, input: [x,', '  - y]}',
      '  - id: d', '    input: \'single', '   quoted\'',
      '  -', '    id: e', '    input: f',
      '  - - nested list',
    ];
    const files = [
      ['suite: s', 'cases:', ...cases, 'tools: []', ''],
      ['suite: s', 'cases: # the list', ...cases, ''],
      ['suite: s', 'cases:', ...cases.map((line) => line.slice(2))],
      ['description: "quoted', 'cases:', '  - id: a', '"', 'suite: s', ''],
      ['suite: s', 'cases:', '  - id: a', '- id: b', ''],
      ['suite: s', 'cases:', '  - id: a', '---', 'suite: t', ''],
      ['suite: s', 'cases:', '  - id: a', '  tools: []', ''],
      ['suite: s', 'cases:', '  - id: a', '    input: "open', ''],
    ].map((lines) => lines.join('\n'));
    for (const source of [...files, ...files.map((file) => file.replaceAll('\n', '\r\n'))]) {
      for (const chunkChars of [1, 20, undefined]) expectSameMeaning(source, chunkChars);
    }
    // The rest of the file around the list, and each item, read as the whole file reads them.
    const suite = ['suite: s', 'cases:', '  - id: a', '    input: x', '  - id: b', '    input: y', 'tools: []', ''].join('\n');
    expect(expectSameMeaning(suite, 1)).toBe('fast');
    expect(parseFast(suite, { interpolated: false, chunkChars: 1 })).toEqual(parseFast(suite, { interpolated: false }));
  });

  it('steps aside for anchors, aliases, tags, collection keys, several documents, and `$` where references are read', () => {
    const aside = ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '? [a]\n: 1\n', 'a: 1\n---\nb: 2\n', 'a: 1\na: 2\n', '', 'a: [1\n'];
    for (const source of aside) expect(parseFast(source, { interpolated: false }), source).toBeUndefined();
    expect(parseFast('a: ${HOME}\n', { interpolated: true })).toBeUndefined();
    expect(parseFast('$schema: x\n', { interpolated: false })?.value).toEqual({ $schema: 'x' });
  });

  it('reads 100 levels of nesting and leaves the 101st to the located parse, which refuses it', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(expectSameMeaning(nested(100))).toBe('fast');
    expect(parseFast(nested(101), { interpolated: false })).toBeUndefined();
    expect(parseYaml({ source: nested(101), file: 'x.yaml' }).issues.map((issue) => issue.code)).toEqual(['yaml_too_deep']);
    // Inside a case, read apart from the rest of the file: the same limit, counted from the file's top.
    const inCase = (depth: number) => `suite: s\ncases:\n  - ${nested(depth - 2)}`;
    expect(expectSameMeaning(inCase(100), 1)).toBe('fast');
    expect(parseFast(inCase(101), { interpolated: false, chunkChars: 1 })).toBeUndefined();
  });

  it('locates a problem in a file it read: the issue has the located parse\'s line and column', () => {
    const source = 'suite: s\ntools: []\ncases:\n  - id: a\n    input: x\n    expect: { outcome: finished }\n';
    expect(parseFast(source, { interpolated: false })).toBeDefined();
    const result = validateSuiteSource(source, 'evals/s.suite.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ line, column, path }) => ({ line, column, path }))).toEqual([{ line: 6, column: 24, path: 'cases[0].expect.outcome' }]);
  });

  it('locates problems in a suite with comments after values and nested flows as the located parse does: a wrong value in a flow, a comment after no space', () => {
    const lines = [
      'suite: s', 'tools:', '  - name: lookup_order', '    description: d', 'cases:',
      '  - id: a   # the case', '    # a note', '    input: "x # y"  # why',
      '    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1" }, approved: maybe }] }  # c',
      '  - id: b', '    input: "y" # c', '    expect: { outcome: completed }', '',
    ];
    const source = lines.join('\n');
    // The cases were read by lines, and the problem is placed where the located parse places it.
    expect(readCasesByLines(source.slice(source.indexOf('  - id: a')))).toBeDefined();
    const result = validateSuiteSource(source, 'evals/s.suite.yaml');
    expect(result.ok ? [] : result.issues.map(({ line, column, path }) => ({ line, column, path }))).toEqual([
      { line: 9, column: lines[8]!.indexOf('maybe') + 1, path: 'cases[0].expect.tools[0].approved' },
    ]);
    // `#` right after a quote is no comment: the located parse's message, at its place.
    lines[10] = '    input: "y"# c';
    const bad = validateSuiteSource(lines.join('\n'), 'evals/s.suite.yaml');
    expect(bad.ok ? [] : bad.issues.map(({ line, column, code }) => ({ line, column, code }))).toEqual([{ line: 11, column: 15, code: 'yaml_missing_char' }]);
  });
});
