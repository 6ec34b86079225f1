// A suite shorter than one slice is read by parts (line-yaml.ts, a case at a time; d33d4fee): on
// generated small suites, valid or not, it checks to what the whole file's located parse and check
// give: the same value in the same key order, or the same problems at the same line and column.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSuiteSource } from '../../../src/config/index.js';
import { WrittenSuiteSchema } from '../../../src/config/schema/suite.js';
import { checkSource } from '../../../src/config/validate.js';
import { NASTY_YAML_VALUES } from '../fuzz/mutate.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const scalars = ['plain words', '7', 'true', 'null', '~', 'a: b', '- x', '[x, y]', '{ outcome: completed }', '{ outcome: done }', '&a x', '*a', '!!str 12', "''", ''];
const value = fc.constantFrom(...scalars, ...NASTY_YAML_VALUES.filter((nasty) => !nasty.includes('\n') && nasty.length < 100));
const input = fc.constantFrom('plain words', '"double \\"quoted\\" # not a comment"', "'single ''quoted'''", '"\u00e9 \u00fc \u{1F600}"', '"\\u0061"', 'x: y', '>-\n      folded\n      text');
const key = fc.constantFrom('tags', 'expect', 'description', 'id', 'inptu', '"input"', '? id');
const comment = fc.constantFrom('', '', ' # note', '  #x');
// A case that checks (an id, an input, maybe an expect), and now and then a field that may not.
const item = fc.record({
  // Now and then the first case's id again: a problem placed at a case's id.
  sameId: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  input,
  note: comment,
  expect: fc.constantFrom('', '    expect: { outcome: completed }\n', '    expect:\n      outcome: completed\n'),
  extra: fc.oneof(
    { weight: 6, arbitrary: fc.constant<Array<[string, string, string]>>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(key, value, comment), { minLength: 1, maxLength: 1 }) as fc.Arbitrary<Array<[string, string, string]>> },
  ),
});
const suite = fc.record({
  items: fc.array(item, { minLength: 1, maxLength: 6 }),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  between: fc.constantFrom('', '\n', '  # comment line\n'),
  casesFirst: fc.boolean(),
});

/** `source` with a first comment line holding a tab: the fast read refuses the file, so the located parse and the whole check read it. */
function whole(source: string): string {
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  return `${bom}# read\twhole${newline}${source.slice(bom.length)}`;
}

describe('a suite shorter than one slice', () => {
  it('checks to what the whole file checks to, value or problems, on generated suites', () => {
    const outcomes = { ok: 0, failed: 0, byParts: 0 };
    fc.assert(
      fc.property(suite, ({ items, bom, crlf, between, casesFirst }) => {
        const cases = items.map(({ sameId, input: text, note, expect: expected, extra }, i) => {
          const fields = extra.map(([name, written, after]) => `    ${name}: ${written}${after}\n`).join('');
          return `  - id: c${sameId ? 0 : i}${note}\n    input: ${text}\n${expected}${fields}`;
        });
        const list = `cases:\n${cases.join(between)}`;
        const written = casesFirst ? `${list}suite: small\ntools: []\n` : `suite: small\ntools: []\n${list}`;
        const source = `${bom ? '\uFEFF' : ''}${crlf ? written.replace(/\n/g, '\r\n') : written}`;
        const parts = validateSuiteSource(source, 's.suite.yaml');
        const located = validateSuiteSource(whole(source), 's.suite.yaml');
        outcomes[parts.ok ? 'ok' : 'failed']++;
        if (checkSource({ source, file: 's.suite.yaml', schema: WrittenSuiteSchema }).yaml.fast?.casesMapped) outcomes.byParts++;
        expect(parts.ok).toBe(located.ok);
        if (parts.ok && located.ok) {
          expect(JSON.stringify(parts.value)).toBe(JSON.stringify(located.value));
          expect(parts.warnings).toEqual(located.warnings.map((issue) => ({ ...issue, line: issue.line - 1 })));
        } else if (!parts.ok && !located.ok) {
          // The whole file's lines are one down, the line a duplicate key names its first at too.
          const up = (found: string | undefined) => found?.replace(/\(first at line (\d+)/, (_, line: string) => `(first at line ${Number(line) - 1}`);
          expect(parts.issues).toEqual(located.issues.map((issue) => ({ ...issue, line: issue.line - 1, found: up(issue.found) })));
        }
      }),
      { seed: FUZZ_SEED, numRuns: 120 },
    );
    // Both outcomes were exercised: the property would hold vacuously on one alone.
    expect(outcomes.ok).toBeGreaterThan(5);
    expect(outcomes.failed).toBeGreaterThan(10);
    expect(outcomes.byParts).toBeGreaterThan(10);
  });
});
