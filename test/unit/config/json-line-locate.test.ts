// A JSONL line located from its text (json-line-locate.ts) places every problem where yaml's
// located parse places it: compared path by path, over lines written to catch the scanner out
// (spaces everywhere, escaped keys and strings, brackets inside strings, empty collections,
// numeric-looking keys) and a seeded set of random ones. Lines YAML would not read as plain JSON
// are left to yaml's parse.
import { describe, expect, it } from 'vitest';
import { locatedJsonLine } from '../../../src/config/json-line-locate.js';
import { parseLocated } from '../../../src/config/parse-yaml.js';
import { issueAtKey, issueAtPath, type PathKey } from '../../../src/config/locate.js';
import { MAX_NESTING_DEPTH } from '../../../src/config/defaults.js';

const FIELDS = { path: 'x', code: 'custom', message: 'm' } as const;

/** Every path into `value`, each with a step past it and steps yaml finds nothing at. */
function pathsOf(value: unknown, prefix: PathKey[] = []): PathKey[][] {
  const paths: PathKey[][] = [prefix, [...prefix, 'absent'], [...prefix, 0], [...prefix, '0']];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index]), [...prefix, String(index)]));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function expectLocatedAsYaml(line: string): void {
  const fast = locatedJsonLine(line, 't.jsonl');
  const slow = parseLocated(line, 't.jsonl');
  expect(slow.issues).toEqual([]);
  expect(fast).toBeDefined();
  for (const path of pathsOf(JSON.parse(line))) {
    expect(issueAtPath({ yaml: fast!, path }, FIELDS), JSON.stringify(path)).toEqual(issueAtPath({ yaml: slow.yaml, path }, FIELDS));
    expect(issueAtKey({ yaml: fast!, path }, FIELDS), JSON.stringify(path)).toEqual(issueAtKey({ yaml: slow.yaml, path }, FIELDS));
  }
}

/** A random JSON value, written with random spaces, from a seeded generator. */
function randomLine(next: () => number): string {
  const spaces = () => ' '.repeat(next() < 0.7 ? 0 : Math.floor(next() * 3));
  const text = () => ['a', 'b"q', 'c\\d', '0', '1', '{[', ']}', ',:', 'é😀', '\u0001', ''][Math.floor(next() * 11)]!;
  const value = (depth: number): string => {
    const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
    if (kind === 0) return JSON.stringify(text());
    if (kind === 1) return ['1', '-2.5e3', '0', '1E+2'][Math.floor(next() * 4)]!;
    if (kind === 2) return ['true', 'false', 'null'][Math.floor(next() * 3)]!;
    if (kind === 3) return JSON.stringify(text() + text());
    const count = Math.floor(next() * 4);
    if (kind === 4) return `[${spaces()}${Array.from({ length: count }, () => `${value(depth + 1)}${spaces()}`).join(`,${spaces()}`)}]`;
    const keys = [...new Set(Array.from({ length: count }, text))];
    return object(keys.map((key) => `${JSON.stringify(key)}${spaces()}:${spaces()}${value(depth + 1)}${spaces()}`), spaces);
  };
  const keys = [...new Set(['case_id', ...Array.from({ length: 4 }, text)])];
  return `${spaces()}${object(keys.map((key) => `${JSON.stringify(key)}${spaces()}:${spaces()}${value(1)}`), spaces)}${spaces()}`;
}

const object = (entries: string[], spaces: () => string) => `{${spaces()}${entries.join(`,${spaces()}`)}}`;

describe('locatedJsonLine', () => {
  it('places a problem at every path where yaml places it', () => {
    for (const line of [
      '{"case_id":"a","outcome":"done","tool_calls":[{"name":"t","arguments":{"q":"x"},"result":{"a":[1,2,{"b":null}]}},{"name":"u"}]}',
      '  { "case_id" : "a" , "output" : { "x}" : "[{\\"" , "y" : [ ] , "z" : { } } , "n" : -1.5e3 ,"t":true}  ',
      '{"\\u0063ase_id":"a","k\\"ey":{"0":1,"1":[true,false,null]},"":"empty","é😀":"\\ud83d\\ude00"}',
      '{}',
      '{"a":[[],[[]],[{}]],"b":{"c":{"d":{"e":"f"}}}}',
    ]) expectLocatedAsYaml(line);
  });

  it('places a problem where yaml does on random lines', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 80; i++) expectLocatedAsYaml(randomLine(next));
  });

  it('leaves to yaml a line it would not read as plain JSON: a key twice, a tab, a carriage return, a long key, deep nesting, no object', () => {
    const deep = `{"a":${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}}`;
    for (const line of ['{"a":1,"a":2}', '{"o":{"a":1,"\\u0061":2}}', '{"a":\t1}', '{"a":\r1}', `{"${'k'.repeat(1001)}":1}`, deep, '[1]', '"s"'])
      expect(locatedJsonLine(line, 't.jsonl'), line).toBeUndefined();
  });
});
