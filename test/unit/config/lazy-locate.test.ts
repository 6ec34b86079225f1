// A well-formed suite is read the fast way and located only when something is wrong: no rule may
// ask the located document (the yaml package) a question the fast read's data answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const located = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/config/yaml-lib.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/config/yaml-lib.js')>();
  return { yamlLib: () => { located.count++; return original.yamlLib(); } };
});

const { loadConfig } = await import('../../../src/config/index.js');
const { hasIn, itemHasIn, parseLocated, parseYaml, releaseData, yamlToJs } = await import('../../../src/config/parse-yaml.js');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  located.count = 0;
});

function project(suite: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-lazy-'));
  dirs.push(root);
  writeFileSync(path.join(root, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\n');
  writeFileSync(path.join(root, 'agent.js'), '');
  writeFileSync(path.join(root, 's.suite.yaml'), suite);
  return root;
}

describe('a well-formed suite is never located', () => {
  it('loads cases with input and with turns without the yaml package', async () => {
    const cwd = project(
      'suite: s\ntools: []\ncases:\n'
      + '  - id: one\n    input: hi\n    expect: { outcome: completed }\n'
      + '  - id: two\n    turns:\n      - user: hi\n      - user: [{ say: bye }]\n    expect: { outcome: completed }\n',
    );
    const config = await loadConfig({ names: namesRedactionChanges, cwd, env: {} });
    expect(config.suites[0]!.cases.map((c) => c.id)).toEqual(['one', 'two']);
    expect(located.count).toBe(0);
  });

  it('locates the file once a case gives both input and turns', async () => {
    const cwd = project('suite: s\ntools: []\ncases:\n  - id: one\n    input: hi\n    turns: [{ user: hi }]\n    expect: { outcome: completed }\n');
    await expect(loadConfig({ names: namesRedactionChanges, cwd, env: {} })).rejects.toMatchObject({ issues: [{ code: 'input_and_turns', line: 6 }] });
    expect(located.count).toBeGreaterThan(0);
  });
});

describe('hasIn', () => {
  const source = 'a:\n  b: null\n  c: [x, { d: 1 }]\n"e.f": 2\n';
  const paths: Array<Array<string | number>> = [
    ['a'], ['a', 'b'], ['a', 'c', 0], ['a', 'c', 1, 'd'], ['a', 'c', 2], ['a', 'b', 'z'], ['a', 'c', 0, 'length'],
    ['e.f'], ['e'], ['z'], ['a', 'toString'], ['a', 'c', 'length'],
  ];

  it('answers from the fast read as the located document does', () => {
    const fast = parseYaml({ source, file: 'f.yaml' }).yaml;
    expect(fast.fast).toBeDefined();
    const slow = parseLocated(source, 'f.yaml').yaml;
    expect(slow.fast).toBeUndefined();
    expect(paths.map((p) => hasIn(fast, p))).toEqual(paths.map((p) => slow.doc.hasIn(p)));
    expect(paths.map((p) => hasIn(fast, p))).toEqual([true, true, true, true, false, false, false, true, false, false, false, false]);
  });

  it('answers for each item of a list as hasIn does, the list found once, fast or located', () => {
    const lists = [['a', 'c'], ['a'], ['a', 'b'], ['z'], ['a', 'c', 1], []];
    for (const yaml of [parseYaml({ source, file: 'f.yaml' }).yaml, parseLocated(source, 'f.yaml').yaml]) {
      for (const list of lists) {
        const has = itemHasIn(yaml, list);
        for (const index of [0, 1, 2, -1]) {
          for (const key of ['d', 'length', 'toString', 'b']) expect(has(index, key)).toBe(hasIn(yaml, [...list, index, key]));
        }
      }
    }
    expect(itemHasIn(parseYaml({ source, file: 'f.yaml' }).yaml, ['a', 'c'])(1, 'd')).toBe(true);
  });

  it('answers from the located document once the fast read\'s data is let go, the case ids still known', () => {
    const fast = parseYaml({ source, file: 'f.yaml' }).yaml;
    const offsets = fast.fast!.caseIdOffsets;
    const value = yamlToJs(fast);
    releaseData(fast);
    expect(fast.fast!.value).toBeUndefined();
    expect(fast.fast!.caseIdOffsets).toBe(offsets);
    expect(paths.map((p) => hasIn(fast, p))).toEqual([true, true, true, true, false, false, false, true, false, false, false, false]);
    expect(yamlToJs(fast)).toEqual(value);
    expect(located.count).toBeGreaterThan(0);
  });
});
