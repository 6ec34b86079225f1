// Regression examples the fuzz tests found (test/unit/config/fuzz-loaders.test.ts): YAML that
// crashed the loader (exit 3) or the whole process is a located problem instead.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validatePolicySource, validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml, yamlToJs } from '../../../src/config/parse-yaml.js';
import type { ConfigIssue } from '../../../src/errors.js';

/** What the loader reports for a file: YAML problems first, then alias and nesting problems. */
function problems(source: string): ConfigIssue[] {
  const { yaml, issues } = parseYaml({ source, file: 'f.yaml' });
  if (issues.length > 0) return issues;
  const js = yamlToJs(yaml);
  return js.ok ? [] : [js.issue];
}

const located = (issues: ConfigIssue[]) => issues.map((i) => `${i.line}:${i.column} ${i.code}`);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('aliases', () => {
  it('an alias inside the node it names is a problem at the alias, not "Converting circular structure to JSON"', () => {
    expect(located(problems('a: &x [*x]\n'))).toEqual(['1:8 yaml_circular_alias']);
    expect(located(problems('a: 1\nb: &a {b: *a}\n'))).toEqual(['2:11 yaml_circular_alias']);
    expect(located(problems('a: &outer\n  list:\n    - [1, *outer]\n'))).toEqual(['3:11 yaml_circular_alias']);
    expect(problems('a: &x [*x]\n')[0]).toMatchObject({ expected: 'an alias outside the node anchored &x', found: '*x inside &x' });
  });

  it('a suite whose valid field holds a circular alias is reported, with the schema never seeing it', () => {
    const result = validateSuiteSource('suite: s\ntools: []\ncases:\n  - { id: a, input: x, context: &c { self: *c }, expect: { outcome: completed } }\n', 's.yaml');
    expect(result).toMatchObject({ ok: false, issues: [{ file: 's.yaml', line: 4, column: 44, code: 'yaml_circular_alias' }] });
  });

  it('an anchor used again after its node is fine; a redefined anchor counts from its new node', () => {
    expect(problems('a: &x [1]\nb: [*x, *x]\n')).toEqual([]);
    expect(located(problems('a: &x 1\nb: &x [*x]\n'))).toEqual(['2:8 yaml_circular_alias']);
  });

  it('an alias with no anchor before it is a problem at the alias, not the alias limit', () => {
    expect(located(problems('a: *nowhere\nb: &nowhere 1\n'))).toEqual(['1:4 yaml_unknown_alias']);
  });
});

describe('nesting', () => {
  const flow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('100 levels are fine, 101 are a problem at the collection that opens level 101', () => {
    expect(problems(flow(100))).toEqual([]);
    expect(located(problems(flow(101)))).toEqual(['1:101 yaml_too_deep']);
    expect(located(problems(`a:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i + 1)}b${i}:`).join('\n')} 1\n`))).toEqual(['101:101 yaml_too_deep']);
  });

  it('a flow list 20000 deep, parsed again and again, is a problem (yaml ran out of stack, at times aborting the process)', () => {
    for (let i = 0; i < 5; i++) expect(located(problems(flow(20_000)))).toEqual(['1:101 yaml_too_deep']);
  });

  it('a block list 3000 deep followed by another line is a problem (yaml\'s parser ran out of stack closing it)', () => {
    const dashes = `${'- '.repeat(3000)}x`;
    expect(located(problems(`${dashes}\n${dashes}\n`))).toEqual(['1:201 yaml_too_deep']);
  });

  it('nesting past 100 levels through aliases is a problem at the alias that goes past', () => {
    // l<i> nests 30 lists around l<i-1>, under the top mapping: l2 reaches 91 levels, l3 121.
    const levels = Array.from({ length: 4 }, (_, i) => `l${i}: &l${i} ${'['.repeat(30)}${i === 0 ? 'x' : `*l${i - 1}`}${']'.repeat(30)}`);
    expect(problems(levels.slice(0, 3).join('\n'))).toEqual([]);
    expect(located(problems(levels.join('\n')))).toEqual(['4:39 yaml_too_deep']);
  });
});

describe('yaml warnings', () => {
  it('a mapping used as a key is not written to stderr by yaml', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const result = validatePolicySource('? [a, b]\n: 1\nrules: []\n', 'policy.yaml');
    expect(result.ok).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('unclosed flow collections', () => {
  it('a [ or { never closed is a problem where it opened, not where the parser gave up (the next line)', () => {
    const suite = (input: string) => `cases:\n  - id: a\n    input: ${input}\n    expect: {outcome: completed}\n`;
    expect(problems(suite('[unclosed'))[0]).toMatchObject({ line: 3, column: 12, found: 'a [ opened here and never closed', expected: 'a flow list [ ] closed with ] (on its line, or on a later one indented past its key)' });
    expect(problems(suite('{ a: 1'))[0]).toMatchObject({ line: 3, column: 12, found: 'a { opened here and never closed' });
    // Brackets inside quotes, a closed inner collection, and an apostrophe in a plain word do not mislead it.
    expect(located(problems(suite('[a, "b]", {c: d}')))).toEqual(['3:12 yaml_bad_indent']);
    expect(problems(suite("[it's, x"))[0]).toMatchObject({ line: 3, column: 12 });
  });

  it('a [ or { closed by the other kind of bracket is a problem at that closer, naming where it opened', () => {
    const suite = (input: string) => `cases:\n  - id: a\n    input: ${input}\n    expect: {outcome: completed}\n`;
    expect(problems(suite('{ a: 1 ]'))[0]).toMatchObject({ line: 3, column: 19, expected: '} to close the flow mapping { } opened at line 3, column 12', found: 'a ], which closes a [' });
    expect(problems(suite('[1, 2 }'))[0]).toMatchObject({ line: 3, column: 18, expected: '] to close the flow list [ ] opened at line 3, column 12', found: 'a }, which closes a {' });
  });
});

describe('a " #" that hides the closing bracket in a comment', () => {
  it('is a problem at the #, saying to quote the value, not "a { opened here and never closed"', () => {
    const source = 'cases:\n  - id: a\n    quarantine: { until: 2027-01-31, reason: flaky #12 }\n    expect: {}\n';
    expect(problems(source).map((i) => [`${i.line}:${i.column}`, i.expected, i.found])).toEqual([
      ['3:52', 'a value holding " #" in quotes ("see #12"), so that the } after it closes the flow mapping { } opened at column 17', 'a comment: YAML reads " #" as the start of one, to the end of the line, } included'],
    ]);
    expect(problems('a: [1, 2 #x]\n')[0]).toMatchObject({ line: 1, column: 10, found: 'a comment: YAML reads " #" as the start of one, to the end of the line, ] included' });
    // A # inside quotes is text, and a comment without the closer leaves the unclosed bracket's words.
    expect(problems('a: { b: "x #y", c: 1 }\n')).toEqual([]);
    expect(problems('a: { b: 1  # no closer here\n')[0]).toMatchObject({ line: 1, column: 4, found: 'a { opened here and never closed' });
  });
});

describe('a list item dedented out of its list', () => {
  it('is a problem at its "- ", not the advice to quote a value holding a second ": "', () => {
    for (const source of ['tools:\n  - name: a\n - name: b\ncases: []\n', 'tags:\n  - a\n - b\nx: 1\n']) {
      expect(problems(source)[0]).toMatchObject({
        line: 3,
        column: 2,
        expected: 'each "- " item of a list at the column of the items before it',
        found: 'a "- " list item at column 2, where no list open above it has its items',
      });
    }
    // Indented past its list's items, it is yaml's "All sequence items must start at the same column": an item, no key.
    expect(problems('steps:\n  - run: a\n    with: b\n   - run: c\n')[0]).toMatchObject({ line: 4, column: 4, found: 'a "- " list item at column 4, where no list open above it has its items' });
  });
});

describe('a tab in the indentation', () => {
  it('after spaces is the tab, at the tab, not a key at the wrong column (an editor shows the line aligned)', () => {
    const tab = { expected: 'spaces for indentation', found: 'a tab' };
    expect(problems('suite: s\ncases:\n  - id: a\n  \tinput: hi\n')[0]).toMatchObject({ line: 4, column: 3, ...tab });
    expect(problems('tags:\n    \t- refund\n')[0]).toMatchObject({ line: 2, column: 5, ...tab });
    // A tab alone, as yaml says; one after the indentation (`key:\tvalue`) is no problem.
    expect(problems('a:\n\tb: 1\n')[0]).toMatchObject({ line: 2, column: 1, ...tab });
    expect(problems('a:\tb\nc: { d:\t1 }\n')).toEqual([]);
  });
});

describe('a key indented past the key above it', () => {
  it('is a problem at that key, saying keys of one mapping start at one column, not yaml\'s "Nested mappings are not allowed in compact mappings" at the value above', () => {
    const [issue, ...rest] = problems('suite: s\ncases:\n  - id: a\n     input: hi\n');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      line: 4,
      column: 6,
      expected: 'the keys of one mapping at one column (here 5, as "id:" on line 3); a mapping nested under a key starts on the line after it',
      found: 'a key indented past the key above it',
    });
  });

  it('says to quote a value holding a second ": " (a: b: c), at its place, not yaml\'s "Nested mappings are not allowed in compact mappings"', () => {
    const [issue] = problems('a: b: c\n');
    expect(issue).toMatchObject({ line: 1, column: 4, found: 'a second ": " in the value, which YAML reads as a mapping inside it' });
    expect(issue?.expected).toMatch(/^a value with YAML's special characters in quotes/);
  });
});

describe('text values YAML refuses unquoted', () => {
  const QUOTE_IT = /^a value with YAML's special characters in quotes, the whole of it/;

  it.each([
    ['cases:\n  - id: a\n    input: Note: it arrived broken\n', 3, 12, 'a second ": " in the value, which YAML reads as a mapping inside it'],
    ['input: @bob wants a refund\n', 1, 8, 'a value starting with @, which YAML reserves'],
    ['input: `ls` output\n', 1, 8, 'a value starting with `, which YAML reserves'],
    ['input: %20 off\n', 1, 8, 'a value starting with %, which YAML reserves'],
    ['input: "Refund" now please\n', 1, 17, 'more of the value after its closing "'],
    ["input: 'it's broken'\n", 1, 12, "more of the value after its closing '"],
  ])('%j is a problem at the value saying to quote it, not "expected valid YAML"', (source, line, column, found) => {
    const [issue, ...rest] = problems(source);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ line, column, found });
    expect(issue?.expected).toMatch(QUOTE_IT);
  });
});

describe('a key at a column no open mapping has its keys at', () => {
  it('is a problem at that key, not at the line\'s first column in yaml\'s "All mapping items must start at the same column"', () => {
    const [issue, ...rest] = problems('cases:\n  - id: a\n    expect:\n      outcome: completed\n    tags: [x]\n      output: { contains: [y] }\n');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      line: 6,
      column: 7,
      expected: 'each key of a mapping at the column of the keys before it (a mapping nested under a key starts on the line after it, indented past it)',
      found: 'a key at column 7, where no mapping open above it has its keys',
    });
  });

  it('between a list item\'s "- " and its keys, at that key, not yaml\'s "Sequence item without - indicator" at the line\'s first column', () => {
    const [issue] = problems('cases:\n  - id: a\n    input: hi\n   expect: {outcome: completed}\n');
    expect(issue).toMatchObject({ line: 4, column: 4, found: 'a key at column 4, where no mapping open above it has its keys' });
  });
});

describe('tags', () => {
  it('YAML 1.1 tags (!!binary, !!set, !!omap, !!timestamp) are a warning at the tag and keep the JSON data, not a Uint8Array, Set, Map or Date that reaches the agent as {}', () => {
    const source = 'a: !!set {x, y}\nt: !!timestamp 2001-12-14\no: !!omap [{k: 1}]\nb: !!binary aGVsbG8=\n';
    const { yaml, issues } = parseYaml({ source, file: 'f.yaml' });
    expect(issues.map((i) => `${i.line}:${i.column} ${i.severity}`)).toEqual(['1:4 warning', '2:4 warning', '3:4 warning', '4:4 warning']);
    const js = yamlToJs(yaml);
    expect(js.ok && JSON.parse(JSON.stringify(js.value))).toEqual({ a: { x: null, y: null }, t: '2001-12-14', o: [{ k: 1 }], b: 'aGVsbG8=' });
  });
});

describe('a block list on the line of its key', () => {
  it('says the list goes on the lines after its key (tools: - name: x), not yaml\'s "Unexpected block-seq-ind on same line with key"', () => {
    const [issue, ...rest] = problems('suite: s\ntools: - name: x\n');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ line: 2, column: 8, found: 'a "- " list item on the line of its key' });
    expect(issue?.expected).toMatch(/^a list on the lines after its key/);
  });
});

describe('merge conflicts', () => {
  it('a suite a merge left with conflict markers is one problem at the first marker saying so, not yaml\'s words at it', () => {
    const source = 'suite: s\ncases:\n<<<<<<< HEAD\n  - id: a\n    input: hi\n=======\n  - id: a\n    input: hello\n>>>>>>> feature\n';
    expect(problems(source)).toMatchObject([{ line: 3, column: 1, code: 'merge_conflict', found: 'unresolved merge conflicts (a <<<<<<< marker)' }]);
    expect(problems(source)[0]?.expected).toMatch(/^a file without merge conflicts: resolve each one/);
  });

  it('leaves a file that parses alone, a marker-like line in a block scalar included', () => {
    expect(problems('input: |\n  <<<<<<< HEAD\n')).toEqual([]);
  });
});
