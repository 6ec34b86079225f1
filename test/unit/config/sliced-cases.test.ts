// A suite large enough to be read a slice of its `cases:` list at a time has its cases checked as
// each slice is read: the value and every problem are what checking the whole file gives.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml, releaseData } from '../../../src/config/parse-yaml.js';
import { checkSource } from '../../../src/config/validate.js';
import { WrittenSuiteSchema } from '../../../src/config/schema/suite.js';

// 600 cases, about 40 kB: more than one slice.
function suite(caseAt: (i: number) => string): string {
  const cases = Array.from({ length: 600 }, (_, i) => caseAt(i)).join('');
  return `suite: big\ndescription: many cases\ntools: []\ncases:\n${cases}`;
}
const plain = (i: number) => `  - id: case-${i}\n    input: "question ${i}"\n    tags: [t${i % 3}]\n    expect: { outcome: completed }\n`;
// A tab in a comment: the fast read refuses the file, so the located parse reads it whole.
const whole = (source: string) => `# read\twhole\n${source}`;
// Case `at` with two schema errors, the others plain.
const badAt = (at: number) => (i: number) => (i === at ? `  - id: case-${i}\n    input: 7\n    expect: { outcome: done }\n` : plain(i));

/** `source` read by parts (casesMapped) checks to what the whole file checks to: its value, in the same key order, and no issue. */
function expectReadByParts(source: string): void {
  const sliced = checkSource({ source, file: 's.suite.yaml', schema: WrittenSuiteSchema });
  expect(sliced.yaml.fast?.casesMapped).toBe(true);
  const located = checkSource({ source: whole(source), file: 's.suite.yaml', schema: WrittenSuiteSchema });
  expect(located.yaml.fast).toBeUndefined();
  expect(sliced.issues).toEqual([]);
  expect(sliced.value).toEqual(located.value);
  expect(Object.keys(sliced.value!)).toEqual(Object.keys(located.value!));
}

/** `bad` fails with the problems at `paths`, worded and placed as the whole file's check words them. */
function expectWordedAsWhole(bad: string, paths: string[]): void {
  const sliced = validateSuiteSource(bad, 's.suite.yaml');
  const located = validateSuiteSource(whole(bad), 's.suite.yaml');
  if (sliced.ok || located.ok) throw new Error('both must fail');
  expect(sliced.issues.map((issue) => issue.path)).toEqual(paths);
  // The located file has one line more at the top.
  expect(sliced.issues).toEqual(located.issues.map((issue) => ({ ...issue, line: issue.line - 1 })));
}

describe('a suite read in slices', () => {
  it('checks to the value the whole file checks to, and the list is read in slices', () => {
    expectReadByParts(suite(plain));
  });

  it('words a bad case deep in the list as the whole check does, at the same line', () => {
    expectWordedAsWhole(suite(badAt(450)), ['cases[450].input', 'cases[450].expect.outcome']);
  });

  it('words a bad key outside the list with every case checked', () => {
    const bad = suite(plain).replace('description: many cases\n', 'descripton: many cases\n');
    const sliced = validateSuiteSource(bad, 's.suite.yaml');
    const located = validateSuiteSource(whole(bad), 's.suite.yaml');
    if (sliced.ok || located.ok) throw new Error('both must fail');
    expect(sliced.issues.map((issue) => issue.code)).toEqual(located.issues.map((issue) => issue.code));
    expect(sliced.issues.map((issue) => issue.line)).toEqual(located.issues.map((issue) => issue.line - 1));
  });
});

describe('a suite shorter than one slice', () => {
  // 20 cases, under 2 kB: one slice, read by lines and checked a case at a time as a long list is.
  const small = (caseAt: (i: number) => string) => `suite: small\ntools: []\ncases:\n${Array.from({ length: 20 }, (_, i) => caseAt(i)).join('')}`;

  it('is read by parts, to the value and key order the whole file checks to', () => {
    expectReadByParts(small(plain));
  });

  it('words a bad case as the whole check does, at the same line and column', () => {
    expectWordedAsWhole(small(badAt(12)), ['cases[12].input', 'cases[12].expect.outcome']);
  });
});

describe('releaseData', () => {
  it('lets the data read the fast way be collected (nothing else holds it)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { yaml } = parseYaml({ source: suite(plain), file: 's.suite.yaml' });
    const data = new WeakRef(yaml.fast!.value as object);
    releaseData(yaml);
    // A WeakRef keeps its target until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(data.deref()).toBeUndefined();
    expect(yaml.fast?.caseIdOffsets).toHaveLength(600);
  });
});
