// Every reporter shows a failed newly_failing entry in the gate's own wording, and counts it as a failed threshold.
import { describe, expect, it } from 'vitest';
import type { NewlyFailingCheck } from '../../../src/gate/types.js';
import { formatVerdict } from '../../../src/report/format-verdict.js';
import { formatAnnotations } from '../../../src/report/github.js';
import { headlineOf, headlineText } from '../../../src/report/headline.js';
import { formatHtml } from '../../../src/report/html/page.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { runSummary, thresholdCheck, verdict } from './fixtures.js';

const EXPLANATION = 'newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: s/edited (changed since the baseline)';
const failed: NewlyFailingCheck = {
  kind: 'judged',
  max: 0,
  cases: [{ key: 's/edited', suite: 's', case_id: 'edited', status: 'failed', since: 'changed' }],
  pass: false,
  explanation: EXPLANATION,
};
const gate = verdict({ pass: false, checks: [thresholdCheck({ pass: true })], newly_failing: failed });

describe('a failed newly_failing entry', () => {
  it('is a ✗ line on the terminal, counted in the headline', () => {
    const text = formatVerdict(PLAIN_SCREEN, { verdict: gate });
    expect(text).toContain(`  ✗ ${EXPLANATION}\n  1 threshold passed`);
    expect(text).toMatch(/Gate FAILED \(1 threshold\)$/);
    expect(headlineText(headlineOf({ end: { kind: 'completed' } }, gate))).toBe('Gate FAILED (1 threshold)');
  });

  it('is a failed threshold in markdown, a GitHub error annotation and a failed row in HTML', () => {
    // Markdown escapes the underscore.
    expect(formatMarkdown(runSummary([]), gate)).toContain(`### Failed thresholds\n\n- ❌ ${EXPLANATION.replace('newly_failing', 'newly\\_failing')}`);
    expect(formatAnnotations({ results: [], verdict: gate, locations: new Map(), cwd: '/repo' })).toEqual([
      `::error title=agentready gate%3A newly_failing::${EXPLANATION}`,
    ]);
    expect(formatHtml({ summary: runSummary([]), verdict: gate, traces: new Map() })).toContain(`<tr class="failed"><td>✘</td><td>${EXPLANATION}</td></tr>`);
  });

  it('passed, is counted among the passed thresholds; not applied, among those not applied', () => {
    const passed = verdict({ checks: [thresholdCheck({ pass: true })], newly_failing: { ...failed, cases: [], pass: true, explanation: 'newly_failing: 0 cases …' } });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: passed })).toContain('  2 thresholds passed');
    const none = verdict({ has_baseline: false, checks: [], newly_failing: { kind: 'not_applied', max: 0, pass: true, explanation: 'newly_failing: max 0 not applied (no baseline)' } });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: none })).toContain('  1 threshold not applied (no baseline value or no data):\n    - newly_failing: max 0 not applied (no baseline)');
    // Which threshold, in the terminal and in the pull request's markdown: a count alone left the reviewer guessing.
    const unapplied = thresholdCheck({ pass: true, not_applied: true, metric: 'tool_correctness', explanation: 'tool_correctness (overall): 1.000, max_drop_pp 0 not applied (no baseline value)' });
    const some = verdict({ checks: [thresholdCheck({ pass: true }), unapplied] });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: some })).toContain('  1 threshold not applied (no baseline value or no data):\n    - tool_correctness (overall): 1.000, max_drop_pp 0 not applied (no baseline value)');
    expect(formatMarkdown(runSummary([]), some)).toContain('### Not applied (1)\n\n- ⚠️ tool\\_correctness (overall): 1.000, max\\_drop\\_pp 0 not applied (no baseline value)');
  });
});
