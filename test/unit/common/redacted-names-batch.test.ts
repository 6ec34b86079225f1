// namesRedactionChanges tests every name of the suites joined by newlines at once (`mayRedact`) and looks at each name only when
// that join may change: these properties hold it to the answer of redacting each name alone, over ids that read as PII or secrets
// and ids that only look like them, glued by '-', '_', '.', '~'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACT_RULES, mayRedact, redact } from '../../../src/common/redact.js';
import { namesRedactionChanges, type NamedSuite } from '../../../src/common/redacted-names.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const PII = [
  '4111-1111-1111-1111', '4111111111111111', '5555 5555 5555 4444', 'jane.doe@example.com', 'ops@[127.0.0.1]', 'DE89370400440532013000',
  'DE89 3704 0044 0532 0130 00', 'GB82-WEST-1234-5698-7654-32', '123-45-6789', '123.45.6789', 'ssn 123456789', 'AB123456C', 'AB 12 34 56 C',
  'sk-live-abcdefghijklmnopqrstuvwx', 'sk-proj-Abc123Def456Ghi789Jkl0', 'AKIAIOSFODNN7EXAMPLE', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '+1 415 555 0132', '+44 20 7946 0958',
  '(415) 555-0132', '415-555-0132', '06 12 34 56 78', 'password=hunter2', 'token: abc123def456', 'Bearer abcdef123456',
  'https://user:pass@host.example', 'leak%40example.com', 'account number 12345678', 'passport X1234567',
  // Hidden from every hint, found through the evasion view only (mayRedact's mayReveal half): fullwidth figures, zero-width spaces.
  '４１１１１１１１１１１１１１１１', '4111\u200b1111\u200b1111\u200b1111', 'AB\u200b123456C',
];
/** Look-alikes and plain words. */
const PLAIN = [
  'case', 'refund', 'order', 'v1.2.3', '1.10.0-rc.1', '2024-01-15', '2024-01-15T10:00:00Z', '12345', '1234567', 'ORD-2024-000123',
  'trace-9f86d081884c7d65', '550e8400-e29b-41d4-a716-446655440000', 'key', 'password-reset', 'api-key-rotation', 'sk', 'ak', 'x', '',
];
const SEPARATORS = ['-', '_', '.', '~', '', ' ', '/', ':'];
/** Mostly plain pieces: a suite whose names are all plain but one is where the join alone answers. */
const PIECE = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PLAIN) }, { weight: 1, arbitrary: fc.constantFrom(...PII) });
/** An id: pieces joined by one of SEPARATORS each. */
const ID = fc.array(fc.tuple(PIECE, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([piece, separator], index) => (index === 0 ? piece : separator + piece)).join(''));
/** Mostly ids as above, some any text (line breaks, controls, other scripts). */
const NAME = fc.oneof({ weight: 4, arbitrary: ID }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) });

const at = (line: number) => ({ file: 'evals/s.suite.yaml', line, column: 9 });
const changes = (name: string) => redact(name) !== name;

describe('namesRedactionChanges over many names at once', () => {
  it('finds a name redaction would change in the newline join of names wherever it is among them', () => {
    fc.assert(
      fc.property(fc.array(NAME, { minLength: 1, maxLength: 12 }), (names) => {
        if (names.some(changes)) expect(mayRedact(names.join('\n'))).toBe(true);
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });

  it('gives the answer of redacting each suite name, case id and tag alone', () => {
    const kase = fc.record({ id: NAME, tags: fc.array(NAME, { maxLength: 2 }), variant: fc.boolean() });
    fc.assert(
      fc.property(NAME, fc.array(kase, { maxLength: 10 }), (name, drawn) => {
        // A variant's id is its base's with `~<category>-<n>`: said only when its base is not.
        const cases = drawn.map((c, i) => ({ id: c.variant ? `${c.id}~prompt_injection-1` : c.id, tags: c.tags, location: at(i + 1), ...(c.variant ? { adversarial: {} } : {}) }));
        const suite: NamedSuite = { name, file: '/nowhere/s.suite.yaml', cases };
        const found = namesRedactionChanges([suite], (p) => p).map((issue) => `${issue.path}:${issue.line}`);
        const expected: string[] = [];
        if (changes(name)) expected.push('suite:1');
        const tagsSeen = new Set<string>();
        for (const c of cases) {
          if (changes(c.id) && !(c.adversarial && changes(c.id.slice(0, c.id.lastIndexOf('~'))))) expected.push(`cases[].id:${c.location.line}`);
          for (const tag of c.tags) {
            if (!tagsSeen.has(tag) && changes(tag)) expected.push(`cases[].tags:${c.location.line}`);
            tagsSeen.add(tag);
          }
        }
        expect(found).toEqual(expected);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });

  it('finds none in ten thousand plain case ids, and each PII id among them', () => {
    const cases = Array.from({ length: 10_000 }, (_, i) => ({ id: `case-${i}`, tags: ['smoke'], location: at(i + 1) }));
    expect(namesRedactionChanges([{ name: 'bench', file: '/nowhere/s.suite.yaml', cases }], (p) => p)).toEqual([]);
    cases[6_000] = { id: 'case-4111111111111111', tags: ['smoke'], location: at(6_001) };
    // Only the NINO rule's hint sees a spaced one, and only with no letter or figure after it: the name after it in the join must not be one.
    cases[7_000] = { id: 'AB 12 34 56 C', tags: [], location: at(7_001) };
    expect(namesRedactionChanges([{ name: 'bench', file: '/nowhere/s.suite.yaml', cases }], (p) => p).map((i) => i.line)).toEqual([6_001, 7_001]);
    cases[6_000] = { id: 'case-6000', tags: ['smoke'], location: at(6_001) };
    expect(namesRedactionChanges([{ name: 'bench', file: '/nowhere/s.suite.yaml', cases }], (p) => p).map((i) => i.line)).toEqual([7_001]);
  });

  // A newline stands for a text's ends only to hints that look around or anchor as these do: one with another lookaround, `$`
  // or `\b` may see a newline otherwise, and must be added here once shown to hold at one.
  it('has no hint that looks around or anchors but those that a newline satisfies as a text end does', () => {
    const anchored = [...new Set(REDACT_RULES.map((rule) => rule.hint.source))].filter((source) => /\(\?<?[!=]|\$|\\[bB]|\^/.test(source));
    expect(anchored).toEqual([
      String.raw`(?:^|[^A-Za-z0-9])[A-Za-z]{2}\d{2}[ \u00a0\u2007\u2009\u202f.-]?[A-Za-z0-9]{4}`,
      String.raw`[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])`,
      String.raw`(?<!\d)(?!\d{4}-\d\d-\d\d)\d(?:[ ().\u00a0\u2007\u2009\u202f\/-]{0,3}\d){6}`,
    ]);
  });
});
