import { describe, expect, it } from 'vitest';
import { headlineOf, headlineText } from '../../../src/report/headline.js';
import { formatHtml } from '../../../src/report/html/page.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { formatVerdict } from '../../../src/report/format-summary.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { runSummary, thresholdCheck, verdict } from './fixtures.js';

const tooManyErrors = { kind: 'too_many_errors', errors: 3, counted: 4, maxErrorRate: 0.1 } as const;

describe('headlineOf', () => {
  it('reads a completed run by its verdict, and none as ungated', () => {
    expect(headlineOf({ kind: 'completed' }, verdict())).toEqual({ kind: 'passed' });
    expect(headlineOf({ kind: 'completed' }, verdict({ pass: false, checks: [thresholdCheck(), thresholdCheck({ pass: true })] }))).toEqual({ kind: 'failed', thresholds: 1 });
    expect(headlineOf({ kind: 'completed' }, undefined)).toEqual({ kind: 'ungated' });
  });

  it('lets an incomplete or interrupted run override a passing verdict', () => {
    expect(headlineOf(tooManyErrors, verdict())).toEqual({ kind: 'incomplete', reason: '3 of 4 attempts ended in harness errors (75%), above run.max_error_rate 0.1' });
    expect(headlineOf({ kind: 'skipped_for_cost', skipped: 5 }, verdict())).toEqual({ kind: 'incomplete', reason: '5 attempts skipped after the run reached budgets.max_run_cost_usd' });
    expect(headlineOf({ kind: 'interrupted', started: true }, verdict())).toEqual({ kind: 'interrupted' });
  });

  it('words each headline', () => {
    expect(headlineText({ kind: 'failed', thresholds: 2 })).toBe('Gate FAILED (2 thresholds)');
    expect(headlineText({ kind: 'failed', thresholds: 0 })).toBe('Gate FAILED');
    expect(headlineText({ kind: 'incomplete', reason: 'why' })).toBe('Run incomplete, gate not decided: why');
  });
});

describe('an incomplete run with a passing verdict', () => {
  const summary = runSummary([], { end: tooManyErrors });
  const reason = '3 of 4 attempts ended in harness errors (75%), above run.max_error_rate 0.1';

  it('is not "Gate passed" on the terminal, in markdown or in HTML', () => {
    const terminal = formatVerdict(PLAIN_SCREEN, { verdict: verdict(), end: tooManyErrors });
    expect(terminal.split('\n').at(-1)).toBe(`Run incomplete, gate not decided: ${reason}`);
    expect(formatMarkdown(summary, verdict()).split('\n')[0]).toBe(`## ⚠️ agentready: run incomplete, gate not decided: ${reason.replaceAll('_', '\\_')}`);
    const html = formatHtml({ summary, verdict: verdict(), traces: new Map() });
    expect(html).toContain(`<div id="verdict" class="verdict none">Run incomplete, gate not decided: ${reason}</div>`);
    expect(html).not.toContain('Gate passed');
  });
});
