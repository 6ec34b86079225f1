import { describe, expect, it } from 'vitest';
import { formatBaselineChanges, formatBaselineShow } from '../../../src/report/format-baseline.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { baselineOf } from '../gate/fixtures.js';
import { failing, result } from '../gate/results-builder.js';

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
      edited: 3,
    });
    expect(text).toBe(
      'Now accepted as failing, which the previous baseline did not accept (2): support/a (passed there), support/b (harness error; added since)\n' +
        'Now passing, failing in the previous baseline (1): support/c\n' +
        'Since the previous baseline: 1 case added, 2 removed, 3 edited.\n',
    );
  });

  it('says when no verdict changed, and cuts a long list', () => {
    expect(formatBaselineChanges({ accepted_failures: [], now_passing: [], added: 0, removed: 0, edited: 0 })).toBe('No case changed its verdict against the previous baseline.\n');
    const many = Array.from({ length: 12 }, (_, i) => `s/c${i}`);
    expect(formatBaselineChanges({ accepted_failures: [], now_passing: many, added: 0, removed: 0, edited: 0 })).toContain('s/c9 and 2 more\n');
    // An edited case that passes before and after changes no verdict, but is counted: its fingerprint is all the diff shows of it.
    expect(formatBaselineChanges({ accepted_failures: [], now_passing: [], added: 0, removed: 0, edited: 1 })).toBe(
      'No case changed its verdict against the previous baseline.\nSince the previous baseline: 0 cases added, 0 removed, 1 edited.\n',
    );
  });
});

describe('formatBaselineShow', () => {
  it('marks a flaky failing case with its passed attempts, and leaves a line between the table and the cases', () => {
    const results = [
      ...[1, 2, 3].map((attempt) => result({ case_id: 'flaky', attempt, ...(attempt === 3 ? { status: 'failed' as const, checks: [failing('outcome', 'no')] } : {}) })),
      result({ case_id: 'steady' }),
    ];
    const baseline = baselineOf(results);
    const text = formatBaselineShow({ screen: PLAIN_SCREEN, baseline, shown: 'agentready.baseline.json' });
    expect(text).toMatch(/\n\nFailing when the baseline was written \(1\):\n {2}support\/flaky {2}outcome \(flaky: 2\/3 attempts passed\)\n$/);
    expect(text.startsWith('Baseline agentready.baseline.json\n  agent     support-agent 1.2.0 (stdio)\n')).toBe(true);
  });

  it('shows the prices its costs were priced at, when it records them', () => {
    const baseline = baselineOf([result({ case_id: 'steady' })]);
    const priced = { ...baseline, pricing: { 'gpt-x': { input_per_mtok: 2.5, output_per_mtok: 10 }, 'small\u001b[2J': { input_per_mtok: 0.15, output_per_mtok: 0.6 } } };
    expect(formatBaselineShow({ screen: PLAIN_SCREEN, baseline: priced, shown: 'b.json' })).toContain('\n  prices    gpt-x $2.5 in, $10 out; small\\x1b[2J $0.15 in, $0.6 out per million tokens\n');
    expect(formatBaselineShow({ screen: PLAIN_SCREEN, baseline, shown: 'b.json' })).not.toContain('prices');
  });

  it("shows a hand-edited baseline's commit, adapter and fingerprint as text: their terminal escapes do not act", () => {
    const baseline = baselineOf([result({ case_id: 'steady' })]);
    const edited = { ...baseline, fingerprint: 'f\u001b]0;PWNED\u0007', provenance: { ...baseline.provenance, adapter: 'stdio\u001b[2J', commit: '\u001b[31mabc' } };
    const text = formatBaselineShow({ screen: PLAIN_SCREEN, baseline: edited, shown: 'agentready.baseline.json' });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('  commit    \\x1b[31mabc\n');
    expect(text).toContain('(stdio\\x1b[2J)');
    expect(text).toContain('fingerprint f\\x1b]0;PWNED\\x07,');
  });

  it('lists the failing cases in case-number order (c2 before c10), not in the file\'s text order', () => {
    // The file keeps its keys as text sorts them (gate/serialize.ts): c1, c10, c11, c2.
    const baseline = baselineOf(['c1', 'c10', 'c11', 'c2'].map((case_id) => result({ case_id, status: 'failed', checks: [failing('outcome', 'no')] })));
    const text = formatBaselineShow({ screen: PLAIN_SCREEN, baseline, shown: 'agentready.baseline.json' });
    expect(text).toContain('(4):\n  support/c1  outcome\n  support/c2  outcome\n  support/c10  outcome\n  support/c11  outcome\n');
  });

  it('counts one case in the singular', () => {
    const text = formatBaselineShow({ screen: PLAIN_SCREEN, baseline: baselineOf([result({ case_id: 'steady' })]), shown: 'agentready.baseline.json' });
    expect(text).toMatch(/\n {2}suites {4}fingerprint \S+, 1 case\n/);
  });
});
