import { describe, expect, it } from 'vitest';
import { formatBaselineChanges } from '../../../src/report/format-baseline.js';

describe('formatBaselineChanges', () => {
  it('names the accepted failures first, then the cases now passing, then the counts', () => {
    const text = formatBaselineChanges({
      accepted_failures: [
        { key: 'support/a', status: 'failed', since: 'passed' },
        { key: 'support/b', status: 'error', since: 'added' },
      ],
      now_passing: ['support/c'],
      added: 1,
      removed: 2,
    });
    expect(text).toBe(
      'Now accepted as failing, which the previous baseline did not accept (2): support/a (passed there), support/b (harness error; added since)\n' +
        'Now passing, failing in the previous baseline (1): support/c\n' +
        'Since the previous baseline: 1 case added, 2 removed.\n',
    );
  });

  it('says when no verdict changed, and cuts a long list', () => {
    expect(formatBaselineChanges({ accepted_failures: [], now_passing: [], added: 0, removed: 0 })).toBe('No case changed its verdict against the previous baseline.\n');
    const many = Array.from({ length: 12 }, (_, i) => `s/c${i}`);
    expect(formatBaselineChanges({ accepted_failures: [], now_passing: many, added: 0, removed: 0 })).toContain('s/c9 and 2 more\n');
  });
});
