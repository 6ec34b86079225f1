import { describe, expect, it } from 'vitest';
import type { CaseChange } from '../../../src/gate/types.js';
import { formatVerdict } from '../../../src/report/format-verdict.js';
import { formatHtml } from '../../../src/report/html/page.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { runSummary, verdict } from './fixtures.js';

const change = (key: string, status?: CaseChange['status']): CaseChange => {
  const [suite, case_id] = key.split('/') as [string, string];
  return { key, suite, case_id, ...(status ? { status } : {}) };
};

describe('cases added and removed since the baseline', () => {
  const judged = verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [], changed: [], added: [change('billing/new-one', 'passed'), change('billing/new-two', 'failed')], removed: [change('billing/gone')] } });

  it('are named in the terminal, markdown and HTML, not only counted', () => {
    const terminal = formatVerdict(PLAIN_SCREEN, { verdict: judged });
    expect(terminal).toContain('  2 cases added since the baseline:\n    + billing/new-two  now failed\n    + billing/new-one  now passed\n  1 case removed since the baseline:\n    - billing/gone\n');
    const markdown = formatMarkdown(runSummary([]), judged);
    expect(markdown).toContain('- Added since the baseline: `billing/new-two` (failed), `billing/new-one` (passed)\n- Removed since the baseline: `billing/gone`');
    const html = formatHtml({ summary: runSummary([]), verdict: judged, traces: new Map() });
    expect(html).toContain('<h3>Added since the baseline (2)</h3><ul id="added"><li><code>billing/new-two</code> (failed)</li><li><code>billing/new-one</code> (passed)</li></ul>');
    expect(html).toContain('<h3>Removed since the baseline (1)</h3><ul id="removed"><li><code>billing/gone</code></li></ul>');
  });

  it('a case changed since the baseline (not compared) is named in the markdown and HTML too, as the terminal names it', () => {
    const edited = verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [], added: [], removed: [], changed: [change('support/order-status', 'failed')] } });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: edited })).toContain('  1 case changed since the baseline, not compared:\n    ~ support/order-status  now failed');
    expect(formatMarkdown(runSummary([]), edited)).toContain('- Changed since the baseline, not compared: `support/order-status` (failed)');
    const html = formatHtml({ summary: runSummary([]), verdict: edited, traces: new Map() });
    expect(html).toContain('<h3>Changed since the baseline, not compared (1)</h3><ul id="changed"><li><code>support/order-status</code> (failed)</li></ul>');
  });

  it('those failing or erroring now come first, so the bounded list names what counts against newly_failing', () => {
    const added = Array.from({ length: 30 }, (_, i) => change(`s/c${i}`, i === 25 ? 'failed' : i === 23 ? 'error' : 'passed'));
    const mixed = verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [], changed: [], removed: [], added } });
    // A failure (newly_failing counts it) before an error (it does not), though the error comes first in the suite.
    expect(formatVerdict(PLAIN_SCREEN, { verdict: mixed })).toContain('  30 cases added since the baseline:\n    + s/c25  now failed\n    + s/c23  now error\n    + s/c0  now passed\n');
  });

  it('are bounded, the rest counted', () => {
    const many = verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [], changed: [], removed: [], added: Array.from({ length: 63 }, (_, i) => change(`s/c${i}`)) } });
    const terminal = formatVerdict(PLAIN_SCREEN, { verdict: many });
    expect(terminal).toContain('    + s/c9\n    … and 53 more\n');
    expect(terminal).not.toContain('s/c10');
    expect(formatMarkdown(runSummary([]), many)).toMatch(/`s\/c49` … and 13 more\n/);
    expect(formatHtml({ summary: runSummary([]), verdict: many, traces: new Map() })).toContain('<li><code>s/c49</code></li><li>… and 13 more</li></ul>');
  });
});
