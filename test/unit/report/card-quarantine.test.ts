// The readiness card lists quarantined cases, so none hides quietly.
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/config/schema/index.js';
import { buildCard, formatCardMarkdown, formatCardText } from '../../../src/report/card/index.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { resolvedConfig } from '../../helpers/resolved-config.js';

const kase = (id: string, over: Partial<Case> = {}): Case => ({
  id, suite: 'shop', input: 'hi', context: {}, tags: [], approvals: { default: 'grant', tools: {} }, mocks: [], faults: [], expect: {}, fingerprint: 'f',
  location: { file: '/p/shop.suite.yaml', line: 1, column: 1 }, ...over,
});

const CONFIG = resolvedConfig({
  suites: [{
    name: 'shop', file: '/p/shop.suite.yaml', tools: [], fingerprint: 'f',
    cases: [
      kase('steady'),
      kase('flaky', { quarantine: { until: '2026-03-31', reason: 'mock of the refund API is flaky' } }),
      kase('flaky~prompt_injection-1', { quarantine: { until: '2026-03-31', reason: 'mock of the refund API is flaky' }, adversarial: { category: 'prompt_injection', base_case: 'flaky', payload: 'p' } }),
      kase('old', { quarantine: { until: '2026-02-01', reason: 'fixed in #12?' } }),
    ],
  }],
});

describe('the card and quarantine', () => {
  const card = buildCard({ config: CONFIG, relativePath: (p) => p.replace('/p/', ''), baseline: 'committed', ciWorkflow: true, today: '2026-03-01' });

  it('lists each quarantined case once, and which quarantines have ended', () => {
    expect(card.quarantined).toEqual([
      { case: 'shop/flaky', until: '2026-03-31', reason: 'mock of the refund API is flaky', ended: false },
      { case: 'shop/old', until: '2026-02-01', reason: 'fixed in #12?', ended: true },
    ]);
  });

  it('prints them in the text and markdown cards', () => {
    expect(formatCardText(PLAIN_SCREEN, card)).toContain('QUARANTINED\n  run and reported, not counted by the gate\n  shop/flaky until 2026-03-31: mock of the refund API is flaky\n  shop/old ended 2026-02-01: gates again: fixed in #12?\n');
    expect(formatCardMarkdown(card)).toContain('### Quarantined\n\nRun and reported, not counted by the gate.\n\n- `shop/flaky` until 2026-03-31: mock of the refund API is flaky\n- `shop/old` **ended 2026-02-01: gates again**: fixed in #<!-- -->12?\n');
  });

  it('has no section when no case is quarantined', () => {
    const none = buildCard({ config: { ...CONFIG, suites: [{ ...CONFIG.suites[0]!, cases: [kase('steady')] }] }, relativePath: (p) => p, baseline: 'committed', ciWorkflow: true });
    expect(none.quarantined).toEqual([]);
    expect(formatCardText(PLAIN_SCREEN, none)).not.toContain('QUARANTINED');
  });
});
