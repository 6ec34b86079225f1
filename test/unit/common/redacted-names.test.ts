import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namesRedactionChanges, type NamedSuite } from '../../../src/common/redacted-names.js';

const at = (line: number) => ({ file: 'evals/s.suite.yaml', line, column: 9 });
const suite = (cases: NamedSuite['cases'], name = 'refunds'): NamedSuite => ({ name, file: '/nowhere/s.suite.yaml', cases });

describe('namesRedactionChanges', () => {
  it('finds nothing in ids, tags and names redaction leaves alone (dates, order numbers, words like password)', () => {
    const cases = ['refund-2024-01-15', 'order-1234567890', 'password-reset', 'case-415', 'v1.2.3'].map((id, i) => ({ id, tags: ['refund', 'api-key-rotation'], location: at(i + 1) }));
    expect(namesRedactionChanges([suite(cases)], (p) => p)).toEqual([]);
  });

  it('refuses a case id written as a placeholder, at the id, without quoting it: two card-number ids would be one case in the baseline', () => {
    const issues = namesRedactionChanges([suite([
      { id: '4111-1111-1111-1111', tags: [], location: at(7) },
      { id: '5555-5555-5555-4444', tags: [], location: at(10) },
      { id: 'plain', tags: [], location: at(13) },
    ])], (p) => p);
    expect(issues.map((i) => [i.file, i.line, i.column, i.path, i.code])).toEqual([
      ['evals/s.suite.yaml', 7, 9, 'cases[].id', 'redacted_name'],
      ['evals/s.suite.yaml', 10, 9, 'cases[].id', 'redacted_name'],
    ]);
    expect(issues[0]!.message).toContain('"[card]"');
    expect(issues[0]!.message).toContain('rename it');
    expect(JSON.stringify(issues)).not.toContain('4111');
  });

  it('says a bad base case once, not again for each of its variants; a variant id is checked whole', () => {
    const variant = { category: 'prompt_injection' };
    const issues = namesRedactionChanges([suite([
      { id: 'sk-live-abcdefghijklmnopqrstuvwx', tags: [], location: at(4) },
      { id: 'sk-live-abcdefghijklmnopqrstuvwx~prompt_injection-1', tags: [], location: at(4), adversarial: variant },
      { id: 'fine', tags: [], location: at(8) },
      { id: 'fine~prompt_injection-1', tags: [], location: at(8), adversarial: variant },
    ])], (p) => p);
    expect(issues.map((i) => [i.line, i.message.includes('"[secret]"')])).toEqual([[4, true]]);
  });

  it('refuses a tag once however many cases carry it, and a suite name at its `suite:` line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redacted-names-'));
    const file = join(dir, 'k.suite.yaml');
    writeFileSync(file, '# keys\nsuite: AKIAIOSFODNN7EXAMPLE\ntools: []\n');
    const issues = namesRedactionChanges([{
      name: 'AKIAIOSFODNN7EXAMPLE',
      file,
      cases: [
        { id: 'a', tags: ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ok'], location: at(5) },
        { id: 'b', tags: ['ghp_abcdefghijklmnopqrstuvwxyz0123456789'], location: at(8) },
      ],
    }], () => 'evals/k.suite.yaml');
    expect(issues.map((i) => [i.file, i.line, i.path])).toEqual([['evals/k.suite.yaml', 2, 'suite'], ['evals/s.suite.yaml', 5, 'cases[].tags']]);
  });
});
