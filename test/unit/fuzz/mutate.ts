/**
 * fast-check arbitraries of hostile file text: valid seeds mutated in the ways real files go
 * wrong (keys dropped or doubled, types swapped, truncation, encodings, YAML's dark corners),
 * plus text from nowhere. Each arbitrary yields the final text, so a failure prints the input.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseYaml, yamlToJs } from '../../../src/config/parse-yaml.js';

export type Format = 'yaml' | 'json' | 'jsonl';

/** The seed's text after one to three mutations, or arbitrary text; mostly the former. */
export function hostileText(seeds: readonly string[], format: Format): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation(format), { minLength: 1, maxLength: 3 }))
    .map(([seed, steps]) => steps.reduce((text, step) => step(text), seed));
  return fc.oneof(
    { weight: 12, arbitrary: mutated },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...SYNTAX_SOUP), maxLength: 120 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => (format === 'yaml' ? stringify(value) : JSON.stringify(value))) },
  );
}

type Step = (text: string) => string;

/** Characters that mean something to YAML or JSON, and ones that trip decoders. */
const SYNTAX_SOUP = [...'-:?[]{},&*!|>\'"#%@`\\ \n\t\r\0\uFEFF\u2028aZ09.e+$'];

/** Scalars and small collections that hit the edges of YAML's types and of the schemas. */
export const NASTY_YAML_VALUES = [
  '&loop [*loop]', '&self { a: *self }', '&m { <<: *m }', '*nowhere', '[*nowhere]',
  '!!binary aGVsbG8=', '!!set { a, b }', '!!omap [{ a: 1 }, { b: 2 }]', '!!pairs [{ a: 1 }]',
  '!!timestamp 2001-12-14t21:59:43.10-05:00', '2001-12-14', '!!float .nan', '.nan', '.inf', '-.inf',
  '1e400', '-1e400', '123456789012345678901234567890', '0x7fffffffffffffffffff', '0o17', '-0', '4.9e-324',
  '~', 'null', '[]', '{}', '""', "''", '"\\0\\a\\e"', '"\\uD800"', '"\\U0001F600 \u202Ertl \u200B"', '!!str 12', '!!int 1.5',
  '!!bool maybe', '!!map [1]', '!!seq { a: 1 }', '!custom x', '!<tag:example.com,2000:x> y', '!!null x',
  '{ "json": [1, 2.5, { "a": null }], "b": true }', '[a, [b, [c, { d: e }]]]', '"${UNSET}"', '${UNSET}', '$${literal}',
  '${A:-}', '${', '|\n  block\n  text', '>-\n  folded', '? complex\n: key', 'yes', 'on', 'Off', '0777', '1_000', '+.5',
  '"a\\u0000b"', "'it''s'", '"\uFFFF\uFFFE"', 'x'.repeat(5000), '"(((("', '"[z-a]"', '"\\\\"',
];

const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', '<<', '', ' ', '?', '-', 'a.b', '${X}', '\u00e9', '0'];

function mutation(format: Format): fc.Arbitrary<Step> {
  // Counts, sizes and timeouts are where huge values bite, so these come twice as often as the others.
  const numbers = fc.tuple(fc.nat(), fc.constantFrom(...EDGE_NUMBERS)).map(([i, value]): Step => (text) => restructure({ text, format, pick: i, value, op: 'number' }));
  const steps: Array<fc.Arbitrary<Step>> = [
    fc.nat().map((n): Step => (text) => text.slice(0, n % (text.length + 1))),
    fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]): Step => (text) => cut(text, at, n)),
    fc.tuple(fc.nat(), fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...SYNTAX_SOUP))).map(
      ([at, insert]): Step => (text) => splice(text, at, insert),
    ),
    fc.nat().map((i): Step => (text) => lines(text, (all, k) => all.toSpliced(k(i), 1))),
    fc.nat().map((i): Step => (text) => lines(text, (all, k) => all.toSpliced(k(i), 0, all[k(i)]!))),
    fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Step => (text) => lines(text, (all, k) => all.with(k(i), all[k(j)]!).with(k(j), all[k(i)]!))),
    fc.constantFrom<Step>(
      (text) => `\uFEFF${text}`,
      (text) => text.replace(/\n/g, '\r\n'),
      (text) => text.replace(/\n/g, '\r'),
      (text) => `${text}\0`,
      (text) => text.replace(/^( +)/gm, (indent) => '\t'.repeat(indent.length / 2)),
    ),
    fc.nat().map((n): Step => () => deepNesting(n % (format === 'yaml' ? 3000 : 30_000), format)),
    fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('delete', 'replace', 'wrap', 'rename', 'copy', 'nest', 'dup', 'retype')).map(
      ([i, value, op]): Step => (text) => restructure({ text, format, pick: i, value, op }),
    ),
    fc.tuple(fc.nat(), fc.constantFrom(...HUGE_VALUES)).map(([i, value]): Step => (text) => restructure({ text, format, pick: i, value, op: 'replace' })),
  ];
  if (format === 'yaml') {
    steps.push(
      fc.tuple(fc.nat(), fc.constantFrom(...NASTY_YAML_VALUES)).map(([i, value]): Step => (text) => lines(text, (all, k) => all.with(k(i), withValue(all[k(i)]!, value)))),
      fc.tuple(fc.nat(), fc.constantFrom(...NASTY_KEYS), fc.constantFrom(...NASTY_YAML_VALUES)).map(
        ([i, key, value]): Step => (text) => lines(text, (all, k) => all.toSpliced(k(i), 0, `${indentOf(all[k(i)]!)}${JSON.stringify(key)}: ${value}`)),
      ),
      fc.constantFrom<Step>(
        (text) => `%YAML 1.1\n---\n${text}`,
        (text) => `${text}\n---\n${text}`,
        (text) => `${text}\n...\n`,
        (text) => `--- !!map\n${text}`,
        (text) => `${aliasBomb(9)}${text}`,
        (text) => toJsonInYaml(text),
      ),
    );
  }
  if (format === 'jsonl') {
    steps.push(fc.nat().map((i): Step => (text) => lines(text, (all, k) => all.with(k(i), '['.repeat(5000) + ']'.repeat(5000)))));
  }
  return fc.oneof(...steps, numbers, numbers);
}

/** Numbers where sizes, counts and timers break: each replaces a number of the file. */
const EDGE_NUMBERS = [0, -1, 0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e9, 2 ** 53 - 1, 1e15, 1e308, -1e308, 5e-324];

/** Numbers and strings at the edges: past float range once re-parsed, long, astral, control. */
const HUGE_VALUES: unknown[] = [
  1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -0, 2 ** 31, -(2 ** 31) - 1, 0.1 + 0.2,
  'x'.repeat(20_000), '\u{1F600}'.repeat(1000), '\0\u0007\u001b[2J', '\uD800', '\u202E\u200B', ' ', '',
  [], {}, [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]], { a: { b: { c: { d: { e: { f: {} } } } } } }, true, null,
];

function splice(text: string, at: number, insert: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + insert + text.slice(i);
}

function cut(text: string, at: number, n: number): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + text.slice(i + n);
}

/** Applies `edit` to the text's lines; `k` maps any number to a valid line index. */
function lines(text: string, edit: (all: string[], k: (i: number) => number) => string[]): string {
  const all = text.split('\n');
  return edit(all, (i) => i % all.length).join('\n');
}

function indentOf(line: string): string {
  return /^[ -]*/.exec(line)![0].replace(/-/g, ' ');
}

/** The line with its value (after `key: ` or `- `) replaced, or the value appended. */
function withValue(line: string, value: string): string {
  const colon = line.indexOf(': ');
  if (colon >= 0) return `${line.slice(0, colon + 2)}${value}`;
  const dash = /^(\s*- )/.exec(line);
  if (dash) return `${dash[1]}${value}`;
  return `${line} ${value}`;
}

/** Collections nested `depth` deep, in one of the ways the format allows. */
function deepNesting(depth: number, format: Format): string {
  const key = format === 'yaml' ? 'a' : '"a"';
  if (depth % 3 === 0) return '['.repeat(depth) + ']'.repeat(depth);
  if (depth % 3 === 1 || format !== 'yaml') return `{${key}: `.repeat(depth) + `1${'}'.repeat(depth)}`;
  return `${'- '.repeat(depth)}x`;
}

/** Anchors that double at each level: `levels` levels expand to 2^levels leaves. */
export function aliasBomb(levels: number): string {
  const out = ['bomb0: &b0 [lol, lol]'];
  for (let i = 1; i < levels; i++) out.push(`bomb${i}: &b${i} [*b${i - 1}, *b${i - 1}]`);
  return `${out.join('\n')}\n`;
}

function toJsonInYaml(text: string): string {
  const value = yamlValue(text);
  if (value === undefined) return text;
  try {
    return JSON.stringify(value, null, 1) ?? text;
  } catch {
    return text;
  }
}

/**
 * The YAML text's value, through agentready's own parse: yaml's parse on a file nested thousands
 * deep can abort the process (see parseYaml), and the mutations make such files on purpose.
 */
function yamlValue(text: string): unknown {
  const { yaml, issues } = parseYaml({ source: text, file: 'fuzz.yaml' });
  if (issues.some((issue) => issue.severity !== 'warning')) return undefined;
  const js = yamlToJs(yaml);
  return js.ok ? js.value : undefined;
}

type Container = Record<string, unknown> | unknown[];

/** The value as another JSON type that still says much the same: "20" for 20, [v] for {k: v}, … */
function retyped(value: unknown): unknown {
  if (typeof value === 'string') return Number.isNaN(Number(value)) ? value.length : Number(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, i) => [String(i), item]));
  if (value && typeof value === 'object') return Object.values(value);
  return 'null';
}

/**
 * The document parsed, one of its values (the `pick`-th, in depth-first order) changed by `op`,
 * and written back in the same format; text that does not parse comes back unchanged.
 */
function restructure(input: { text: string; format: Format; pick: number; value: unknown; op: string }): string {
  const { text, format } = input;
  if (format === 'jsonl') {
    return lines(text, (all, k) => all.with(k(input.pick), restructure({ ...input, text: all[k(input.pick)]!, format: 'json' })));
  }
  let root: unknown;
  try {
    root = format === 'yaml' ? yamlValue(text) : JSON.parse(text);
  } catch {
    return text;
  }
  // A value nested thousands deep can overflow the stack here too (cloning, writing): then no change.
  try {
    if (!changeOneSlot(root, input)) return text;
    return format === 'yaml' ? stringify(root) : (JSON.stringify(root) ?? text);
  } catch {
    return text;
  }
}

/** Changes one value of `root` in place as `input.op` says; false when it has no value to change. */
function changeOneSlot(root: unknown, input: { pick: number; value: unknown; op: string }): boolean {
  const all = slotsOf(root);
  // 'number' aims at the file's numbers: counts, sizes and timeouts are where huge values bite.
  const numbers = all.filter(([parent, key]) => typeof (parent as Record<string, unknown>)[key as string] === 'number');
  const slots = input.op === 'number' && numbers.length > 0 ? numbers : all;
  if (slots.length === 0) return false;
  const [parent, key] = slots[input.pick % slots.length]!;
  const current = (parent as Record<string, unknown>)[key as string];
  const set = (value: unknown) => ((parent as Record<string, unknown>)[key as string] = value);
  switch (input.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'replace':
    case 'number':
      set(input.value);
      break;
    case 'wrap':
      set([current]);
      break;
    case 'nest':
      set({ [String(key)]: current });
      break;
    case 'copy': {
      // Another slot's value here, possibly the same object twice (an anchor and alias in YAML).
      const [other, otherKey] = slots[(input.pick * 7 + 3) % slots.length]!;
      set((other as Record<string, unknown>)[otherKey as string]);
      break;
    }
    case 'dup':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(current));
      break;
    case 'retype':
      set(retyped(current));
      break;
    case 'rename':
      if (!Array.isArray(parent)) {
        delete parent[key as string];
        parent[NASTY_KEYS[input.pick % NASTY_KEYS.length]!] = current;
      }
      break;
  }
  return true;
}

/** Every (container, key) pair of the value, depth first; at most 400. */
function slotsOf(root: unknown): Array<[Container, string | number]> {
  const slots: Array<[Container, string | number]> = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node) || slots.length >= 400) return;
    seen.add(node);
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      slots.push([node as Container, key]);
      walk((node as Record<string, unknown>)[key as string]);
    }
  };
  walk(root);
  return slots;
}
