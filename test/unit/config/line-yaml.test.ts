// The read by lines of a `cases:` slice must mean exactly what the located parse means, or step
// aside: same data, key order and kinds of scalars, and each case's id at the same offset.
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readCasesByLines } from '../../../src/config/line-yaml.js';
import { deepestNode } from '../../../src/config/locate.js';
import { parseLocated, yamlToJs } from '../../../src/config/parse-yaml.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const PREFIX = 'suite: s\ncases:\n';

/** What the located parse makes of the slice as a suite's `cases:` list, or that it has problems. */
function located(slice: string): { value: unknown[]; caseIdOffsets: (number | undefined)[] } | undefined {
  const { yaml, issues } = parseLocated(PREFIX + slice, 'x.yaml');
  if (issues.length > 0) return undefined;
  const js = yamlToJs(yaml);
  const cases = js.ok ? (js.value as { cases?: unknown }).cases : undefined;
  if (!Array.isArray(cases)) return undefined;
  const caseIdOffsets = cases.map((_, i) => {
    const at = deepestNode(yaml, ['cases', i, 'id'])?.range?.[0];
    return at === undefined ? undefined : at - PREFIX.length;
  });
  return { value: cases, caseIdOffsets };
}

/** Kinds of numbers told apart (-0, NaN, Infinity), key order kept. */
const exactly = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? `number:${Object.is(item, -0) ? '-0' : String(item)}` : item));

function expectSameMeaning(slice: string): boolean {
  const read = readCasesByLines(slice);
  if (!read) return false;
  const slow = located(slice);
  expect(slow, `the read by lines accepted a slice the located parse finds problems in:\n${slice}`).toBeDefined();
  expect(exactly(read.value)).toBe(exactly(slow!.value));
  // And what js-yaml's own load makes of it (the event read the line reader stands in for).
  expect(exactly(read.value)).toBe(exactly((load(PREFIX + slice, { schema: CORE_SCHEMA }) as { cases: unknown }).cases));
  // A case without a scalar `id` is found at its mapping (as js-yaml's read finds it), which the located parse does not say.
  read.caseIdOffsets.forEach((offset, i) => {
    const item = read.value[i] as Record<string, unknown>;
    if (Object.hasOwn(item, 'id') && (item.id === null || typeof item.id !== 'object')) expect(offset, slice).toBe(slow!.caseIdOffsets[i]);
  });
  return true;
}

// Scalars and keys as written: plain ones of every core kind and their look-alikes, quoted ones
// (mostly read by lines), and odd ones that make the read step aside.
const SCALARS = [
  'case-1', 'hello world', 'true', 'False', 'null', '~', 'NULL', '0', '-0', '+1', '0x1F', '0o17', '1e3', '.5', '-.inf', '.NaN',
  'a:b', 'a#b', 'yes', 'no', '-x', ':x', '"double"', "'single'", "'it''s'", '"a # b"', "''", '""', 'é', 'a  b', 'x.y/z@w',
  '"a: b"', "'[x, {y}]'", 'x#', 'a\u00a0',
  // Escapes in double quotes (a backslash in a plain or a single-quoted scalar is itself).
  '"a\\\\b"', '"tab\\there"', '"say \\"hi\\""', '"\\/x\\r\\n"', 'a\\b', "'a\\b'", '"\\\\"',
];
// Near-misses too: `: ` and `,` that a flow reads as an implicit key or an entry's end, text after a quote.
const ODD_SCALARS = [
  '1e999', '@x', '`x', '%x', '- x', '? x', 'x:', 'a: b', 'a #b', '*x', '&x', '!x', '|', '>', '[a]', '{a: b}', '"with \\"escape"', 'tab\there', 'x ', '"" ',
  'x,', '"x"y', "'x' y", 'a:', '[a, ]', '{a: b,}', '[a: b]', '{"q": 1}', '{a:b}', '[[a], {b: [c, d]}]', '{"q":1}', '{"q" : 1}',
  '"\\x41"', '"\\u00e9"', '"a\\.b"', '"\\ "', '"\\0"', '"\\e"', '"a\\"', '"\\\\\\"',
];
const KEYS = ['id', 'input', 'expect', 'tags', 'outcome', 'state', '$schema', 'a_b', 'n1'];
// Quoted keys: read in a flow mapping, stepped aside from in a block one.
const ODD_KEYS = ['null', '1', 'a-b', 'x y', '"q"', '__proto__', '"null"', "'a b'", '"1"', '"__proto__"', '"a\\"b"'];
const scalarText = fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...SCALARS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_SCALARS) });
const keyText = fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) });

type Node = { kind: 'scalar'; text: string } | { kind: 'map'; entries: Array<[string, Node]>; flow: boolean } | { kind: 'list'; items: Node[]; flow: boolean; sameIndent: boolean };

const node: fc.Memo<Node> = fc.memo((depth) =>
  depth <= 1
    ? scalarText.map((text): Node => ({ kind: 'scalar', text }))
    : fc.oneof(
      { weight: 3, arbitrary: scalarText.map((text): Node => ({ kind: 'scalar', text })) },
      fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.tuple(keyText, node(depth - 1)), { maxLength: 3 }), flow: fc.boolean() }),
      fc.record({ kind: fc.constant('list' as const), items: fc.array(node(depth - 1), { maxLength: 3 }), flow: fc.boolean(), sameIndent: fc.boolean() }),
    ),
);

/** A value in flow style, collections in it too (a flow holds no block). */
function flowText(value: Node): string {
  if (value.kind === 'scalar') return value.text;
  if (value.kind === 'map') return `{ ${value.entries.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')} }`;
  return `[${value.items.map(flowText).join(', ')}]`;
}

/** The value of `key:` (or of an item) at `indent`: on the same line, or as a block below. */
function render(value: Node, indent: number): { inline: string } | { block: string[] } {
  if (value.kind === 'scalar') return { inline: value.text };
  if (value.flow || (value.kind === 'map' ? value.entries.length === 0 : value.items.length === 0)) return { inline: flowText(value) };
  const pad = ' '.repeat(indent);
  if (value.kind === 'map') {
    return { block: value.entries.flatMap(([k, v]) => {
      const inner = render(v, indent + 2);
      return 'inline' in inner ? [`${pad}${k}: ${inner.inline}`] : [`${pad}${k}:`, ...inner.block];
    }) };
  }
  const at = value.sameIndent ? Math.max(indent - 2, 0) : indent;
  return { block: value.items.flatMap((v) => {
    const inner = render(v, at + 2);
    if ('inline' in inner) return [`${' '.repeat(at)}- ${inner.inline}`];
    const [first, ...rest] = inner.block;
    return [`${' '.repeat(at)}- ${first!.trimStart()}`, ...rest];
  }) };
}

const caseArb = fc.array(fc.tuple(keyText, node(4)), { minLength: 1, maxLength: 4 });

// What a line may get after it, or before it: nothing (mostly), a comment after spaces, and
// near-misses: `#` after no space (part of a plain scalar, an error after a quote or a flow), a
// comment holding YAML's indicators; or a comment line of its own before it, at its indentation or
// at the left edge.
const AFTER = ['  # why', ' #c', '# c', ' # a: b, [c] {d}', ' #', '   # "q" \'s\''];
const decoration = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom(...AFTER), fc.constantFrom('line', 'edge'));

function decorate(lines: string[], decorations: string[]): string[] {
  if (decorations.length === 0) return lines;
  return lines.flatMap((line, i) => {
    const extra = decorations[i % decorations.length]!;
    if (extra === 'line') return [`${line.slice(0, line.length - line.trimStart().length)}# a note`, line];
    if (extra === 'edge') return ['# a note', line];
    return [line + extra];
  });
}

function renderCases(cases: Array<Array<[string, Node]>>, decorations: string[] = []): string {
  return decorate(cases.flatMap((entries) => {
    const block = render({ kind: 'map', entries, flow: false }, 4);
    const lines = 'block' in block ? block.block : [block.inline];
    return [`  - ${lines[0]!.trimStart()}`, ...lines.slice(1)];
  }), decorations).join('\n') + '\n';
}

describe('the read by lines of a cases slice', () => {
  it('reads a plain suite\'s cases, ids where the located parse finds them', () => {
    const slice = [
      '  - id: case-0', '    input: "question 0"', '    expect: { outcome: completed }',
      '  - input: \'it\'\'s\'', '    id: "case 1"', '    tags: [a, b c, 3]',
      '    state:', '      n: 1.5', '      list:', '      - x', '      - true', '    expect:', '      outcome: [escalated, refused]',
      '# a comment', '',
      '  - id: case-2', '    expect: {}',
      // A list of mappings inside a case, after its id: the id stays where it was found.
      '  - id: case-3', '    mocks:', '      - tool: t', '        result: { ok: true }',
      '',
    ].join('\n');
    expect(expectSameMeaning(slice)).toBe(true);
    expect(readCasesByLines(slice)!.caseIdOffsets).toEqual(['case-0', '"case 1"', 'case-2', 'case-3'].map((id) => slice.indexOf(id)));
  });

  it('finds its lines as it reads: blank, spaces-only and comment lines anywhere, no final newline; a trailing space on any later line steps aside', () => {
    for (const slice of ['# c \n\n  - id: a\n   \n    input: b\n  # c \n  - id: c', '\n  - id: a\n    expect: { outcome: completed }\n\n# end\n']) {
      expect(expectSameMeaning(slice), slice).toBe(true);
    }
    expect(readCasesByLines('  - id: a\n  - id: b')!.caseIdOffsets).toEqual([8, 18]);
    for (const slice of ['', '\n# only a comment\n', '  - id: a\n  - id: b \n', '  - id: a\n    input: b\n    tags: [x] \n', '  - id: a\nrest: 1\n']) {
      expect(readCasesByLines(slice), slice).toBeUndefined();
    }
  });

  it('steps aside for what it does not read: block scalars, escapes, anchors, tabs, CR, continued scalars', () => {
    const aside = [
      '  - id: a\n    input: |\n      x\n', '  - id: "a\\x41"\n', '  - id: "a\\.b"\n', '  - id: "a\\u00e9"\n', '  - id: &x a\n', '  - id: a\n\tinput: b\n',
      '  - id: a\r\n', '  - id: a\n    input: one\n      two\n', '  - id: a\n  - b\n', '  - id:\n    input: x\n', '  - id: a \n',
      '  - id: a\n    id: b\n', '  - null: a\n', '  - id: a\n    expect: { outcome: }\n', '  - id: 1e999\n', '  - id: a\n - id: b\n',
      // Hex past a double's range: js-yaml reads a string, the located parse Infinity.
      `  - id: a\n    x: 0x${'F'.repeat(300)}\n`, `  - id: a\n    x: [0o${'7'.repeat(400)}]\n`,
    ];
    for (const slice of aside) expect(readCasesByLines(slice), slice).toBeUndefined();
  });

  it('reads comments after values, flow collections inside flow collections, quoted flow keys and common escapes, as real suites write them', () => {
    const slice = [
      '  - id: refund-1   # the usual case',
      '    # why this case exists',
      '    input: "Refund order 1234 # twice"  # a # inside quotes is text',
      '    tags: [refund, "a, b", \'c: d\']  # quotes in a flow',
      '    mocks: # one per tool',
      '      lookup_order: { result: { status: delivered, charged: [20.0, 20.0], note: ~ } }',
      '    expect:',
      '      outcome: completed # or a list',
      '      tools: [{ name: lookup_order, args: { order_id: "1234" } }, { name: issue_refund, args: { amount: 20, approved: true } }]',
      '      output: { contains: [[nested, list], {}], regex: "refund of \\\\$?20\\\\.00 \\"now\\"" }',
      '    world: { orders: { "5678": { status: cancelled }, \'6120\': { status: shipped } } }',
      '  # between cases',
      '  - id: a#b',
      '    input: x\u00a0 # a no-break space is text, not white space',
      '    expect: {outcome: [escalated,refused]}',
      '',
    ].join('\n');
    expect(expectSameMeaning(slice)).toBe(true);
    expect(readCasesByLines(slice)!.value[0]).toMatchObject({
      id: 'refund-1', input: 'Refund order 1234 # twice', mocks: { lookup_order: { result: { note: null } } },
      expect: { output: { regex: 'refund of \\$?20\\.00 "now"' } }, world: { orders: { 5678: { status: 'cancelled' } } },
    });
    expect(readCasesByLines(slice)!.caseIdOffsets).toEqual([slice.indexOf('refund-1'), slice.indexOf('a#b')]);
  });

  it('steps aside for the near-misses of comments and flows: no space before `#`, a comment inside a flow, an implicit key, a quoted key with its colon apart, a trailing comma, a flow over lines', () => {
    const aside = [
      '  - id: "a"# c\n', '  - id: a\n    tags: [x]# c\n', '  - id: a\n    tags: [x # c ]\n', '  - id: a\n    tags: { a: b # c }\n',
      '  - id: a\n    tags: [a: b]\n', '  - id: a\n    tags: [{ a: b }, c: d]\n', '  - id: a\n    m: { "5678" : x }\n', '  - id: a\n    m: {"a":b}\n', '  - id: a\n    m: { "a": b, \'a\': c }\n', '  - id: a\n    m: { a: [b, ] }\n',
      '  - id: a\n    m: [{ a: b },]\n', '  - id: a\n    m: { a: { b: c }x }\n', '  - id: a\n    m: [a, [b,\n      c]]\n', '  - id: a\n    m: {a:b}\n',
      '  - id: # c\n    input: x\n', '  - # c\n    id: a\n', '  - id: a\n    input: b # c\n      more\n', '  - id: a\n    input: "b" c # d\n',
      `  - id: a\n    m: ${'['.repeat(40)}${']'.repeat(40)}\n`,
    ];
    for (const slice of aside) expect(readCasesByLines(slice), slice).toBeUndefined();
    // A key with only a comment after it holds what is below it, as with nothing after it.
    expect(expectSameMeaning('  - id: a\n    expect: # c\n      outcome: completed\n    tags: #\n      - x\n    after: # c\n')).toBe(true);
  });

  it('reads a plain scalar of millions of characters or words on one line, with a comment after it or not, without overflowing the stack', () => {
    const long = 'a'.repeat(20_000_000);
    expect(readCasesByLines(`  - id: a\n    input: ${long}\n`)!.value).toEqual([{ id: 'a', input: long }]);
    expect(readCasesByLines(`  - id: a\n    input: ${long}   #c\n`)!.value).toEqual([{ id: 'a', input: long }]);
    expect(readCasesByLines(`  - id: a\n    input: ${long}: b\n`)).toBeUndefined();
    expect(readCasesByLines(`  - id: a\n    input: ${long}:\n`)).toBeUndefined();
    const words = 'a '.repeat(5_000_000) + 'b';
    expect(readCasesByLines(`  - id: a\n    tags: [${words}, c]\n`)!.value).toEqual([{ id: 'a', tags: [words, 'c'] }]);
  });

  it('means what the located parse means on generated slices, and reads most of them', () => {
    let read = 0;
    let runs = 0;
    // Of those read: with a comment after a value, and with a flow collection in a flow collection.
    let commented = 0;
    let nested = 0;
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 4 }), fc.array(decoration, { maxLength: 12 }), (cases, decorations) => {
        runs++;
        const slice = renderCases(cases, decorations);
        if (!expectSameMeaning(slice)) return;
        read++;
        if (/[^ \n] +#/.test(slice)) commented++;
        if (/[[{][^\n\]}]*[[{]/.test(slice)) nested++;
      }),
      { seed: Number(process.env.LINE_YAML_SEED ?? FUZZ_SEED), numRuns: Number(process.env.LINE_YAML_RUNS ?? 400) },
    );
    // Not vacuous: a fair share of slices was read by lines and compared.
    expect(read).toBeGreaterThan(runs / 10);
    expect(commented).toBeGreaterThan(runs / 40);
    expect(nested).toBeGreaterThan(runs / 40);
  });
});
