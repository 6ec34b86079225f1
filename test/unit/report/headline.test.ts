import { describe, expect, it } from 'vitest';
import { headlineOf, headlineText } from '../../../src/report/headline.js';
import { formatHtml } from '../../../src/report/html/page.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { formatJsonReport } from '../../../src/report/json.js';
import type { KillSwitchSummary } from '../../../src/config/schema/index.js';
import { formatVerdict } from '../../../src/report/format-verdict.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { formatReadiness, readinessLine } from '../../../src/report/kill-switch.js';
import { metricsBySlice, runSummary, thresholdCheck, verdict } from './fixtures.js';

const tooManyErrors = { kind: 'too_many_errors', errors: 3, counted: 4, maxErrorRate: 0.1 } as const;

describe('headlineOf', () => {
  it('reads a completed run by its verdict, and none as ungated', () => {
    expect(headlineOf({ end: { kind: 'completed' } }, verdict())).toEqual({ kind: 'passed' });
    expect(headlineOf({ end: { kind: 'completed' } }, verdict({ pass: false, checks: [thresholdCheck(), thresholdCheck({ pass: true })] }))).toEqual({ kind: 'failed', thresholds: 1 });
    expect(headlineOf({ end: { kind: 'completed' } }, undefined)).toEqual({ kind: 'ungated' });
  });

  it('lets an incomplete or interrupted run override a passing verdict', () => {
    expect(headlineOf({ end: tooManyErrors }, verdict())).toEqual({ kind: 'incomplete', reason: '3 of 4 attempts ended in harness errors (75%), above run.max_error_rate 0.1' });
    expect(headlineOf({ end: { kind: 'skipped_for_cost', skipped: 5 } }, verdict())).toEqual({ kind: 'incomplete', reason: '5 attempts skipped after the run reached budgets.max_run_cost_usd' });
    expect(headlineOf({ end: { kind: 'skipped_for_cost', skipped: 1 } }, verdict())).toEqual({ kind: 'incomplete', reason: '1 attempt skipped after the run reached budgets.max_run_cost_usd' });
    expect(headlineOf({ end: { kind: 'interrupted', started: true, signal: 'SIGINT' } }, verdict())).toEqual({ kind: 'interrupted' });
  });

  it('never calls some errors 0% of the attempts, which beside max_error_rate 0 would read as none', () => {
    const share = (errors: number, counted: number) => headlineText(headlineOf({ end: { kind: 'too_many_errors', errors, counted, maxErrorRate: 0 } }, verdict()));
    expect(share(1, 300)).toBe('Run incomplete, gate not decided: 1 of 300 attempts ended in harness errors (0.3%), above run.max_error_rate 0');
    expect(share(1, 5000)).toContain('(<0.1%), above');
    expect(share(1, 150)).toContain('(1%), above');
    expect(headlineText(headlineOf({ end: { kind: 'completed', tolerated: { errors: 1, counted: 400, maxErrorRate: 0.01 } } }, verdict()))).toBe(
      'Gate passed; 1 of 400 attempts ended in harness errors (0.3%), within run.max_error_rate 0.01',
    );
  });

  it('says which errors were attempts a redacted trace could not decide (agentready score), not harness errors', () => {
    expect(headlineOf({ end: { ...tooManyErrors, undecidable: 3 } }, verdict())).toEqual({
      kind: 'incomplete',
      reason: '3 of 4 attempts were not decidable from traces written with redaction on (UNDECIDABLE) (75%), above run.max_error_rate 0.1',
    });
    expect(headlineOf({ end: { ...tooManyErrors, undecidable: 1 } }, verdict())).toEqual({
      kind: 'incomplete',
      reason: '3 of 4 attempts ended in errors, 1 of them not decidable from traces written with redaction on (UNDECIDABLE) (75%), above run.max_error_rate 0.1',
    });
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

  it("says the thresholds that passed passed on the cases that ran, not as a decided pass above 'gate not decided'", () => {
    const passing = verdict({ checks: [thresholdCheck({ pass: true }), thresholdCheck({ pass: true, metric: 'policy_compliance' })] });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: passing, end: tooManyErrors }).split('\n')).toContain('  2 thresholds passed on the cases that ran');
    expect(formatVerdict(PLAIN_SCREEN, { verdict: passing, end: { kind: 'completed' } }).split('\n')).toContain('  2 thresholds passed');
  });
});

describe('a run with harness errors within run.max_error_rate (a crash the config allows)', () => {
  const end = { kind: 'completed', tolerated: { errors: 1, counted: 6, maxErrorRate: 0.2 } } as const;
  const summary = runSummary([], { end });
  const said = '; 1 of 6 attempts ended in harness errors (17%), within run.max_error_rate 0.2';

  it('passes saying so on the terminal, in markdown and in HTML: not silently green', () => {
    expect(headlineOf({ end }, verdict())).toEqual({ kind: 'passed', tolerated: end.tolerated });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: verdict(), end }).split('\n').at(-1)).toBe(`Gate passed${said}`);
    expect(formatMarkdown(summary, verdict()).split('\n')[0]).toBe(`## ⚠️ agentready: gate passed${said.replaceAll('_', '\\_')}`);
    expect(formatHtml({ summary, verdict: verdict(), traces: new Map() })).toContain(`<div id="verdict" class="verdict none">Gate passed${said}</div>`);
    expect(headlineText(headlineOf({ end }, undefined))).toBe(`Run completed (gate not applied)${said}`);
    // A failing gate is not softened by it.
    expect(headlineText(headlineOf({ end }, verdict({ pass: false, checks: [thresholdCheck()] })))).toBe('Gate FAILED (1 threshold)');
  });

  it('says so after a kill switch Ready too, not green (⚠️ in markdown, no pass in HTML); a NOT ready is not softened by it', () => {
    const tally: KillSwitchSummary = { attempts: 5, attempted_write: 0, write_calls: 0, write_ran: 0, answered: 5, escalated: 0, not_answered: 0, errors: 1, all_answered_or_escalated: true, ready: true, failing: [] };
    const ready = runSummary([], { end, readiness: { tally, judged: true } });
    expect(headlineOf(ready, undefined)).toEqual({ kind: 'ready', tolerated: end.tolerated });
    expect(formatMarkdown(ready, undefined).split('\n')[0]).toBe(`## ⚠️ agentready: kill switch: Ready${said.replaceAll('_', '\\_')}`);
    expect(formatHtml({ summary: ready, verdict: undefined, traces: new Map() })).toContain(`<div id="verdict" class="verdict none">Kill switch: Ready${said}</div>`);
    // Without harness errors, Ready stays green.
    const clean = runSummary([], { readiness: { tally: { ...tally, errors: 0 }, judged: true } });
    expect(formatMarkdown(clean, undefined).split('\n')[0]).toBe('## ✅ agentready: kill switch: Ready');
    expect(formatHtml({ summary: clean, verdict: undefined, traces: new Map() })).toContain('<div id="verdict" class="verdict pass">Kill switch: Ready</div>');
    const notReady = runSummary([], { end, readiness: { tally: { ...tally, ready: false, failing: [{ suite: 's', case_id: 'c', attempt: 1, reason: 'a write ran' }] }, judged: true } });
    expect(headlineText(headlineOf(notReady, undefined))).toBe('Kill switch: NOT ready (1 failing attempt)');
  });

  it('words errors a redacted trace could not decide (agentready score) as the incomplete run does: no harness errors', () => {
    const undecided = (undecidable: number, errors = 1) => headlineText(headlineOf({ end: { kind: 'completed', tolerated: { errors, counted: 6, maxErrorRate: 0.5, undecidable } } }, verdict()));
    expect(undecided(1)).toBe('Gate passed; 1 of 6 attempts were not decidable from traces written with redaction on (UNDECIDABLE) (17%), within run.max_error_rate 0.5');
    expect(undecided(1, 2)).toBe('Gate passed; 2 of 6 attempts ended in errors, 1 of them not decidable from traces written with redaction on (UNDECIDABLE) (33%), within run.max_error_rate 0.5');
  });
});

describe('a passing verdict against a baseline whose every threshold went unapplied (no case shared with it)', () => {
  const unapplied = thresholdCheck({ pass: true, not_applied: true, baseline: null, delta: null });
  const nothing = verdict({ checks: [unapplied, { ...unapplied, metric: 'policy_compliance' }] });
  const summary = runSummary([]);
  const text = 'Gate passed without comparing anything: 2 thresholds not applied';

  it('says it compared nothing on the terminal, in markdown and in HTML', () => {
    expect(headlineOf({ end: { kind: 'completed' } }, nothing)).toEqual({ kind: 'passed', unapplied: 2 });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: nothing }).split('\n').at(-1)).toBe(text);
    expect(formatMarkdown(summary, nothing).split('\n')[0]).toBe('## ⚠️ agentready: gate passed without comparing anything: 2 thresholds not applied');
    expect(formatHtml({ summary, verdict: nothing, traces: new Map() })).toContain(`<div id="verdict" class="verdict none">${text}</div>`);
  });

  it('is a plain pass once one threshold applied, with a baseline or without (a min or max needs none)', () => {
    expect(headlineOf({ end: { kind: 'completed' } }, verdict({ checks: [unapplied, thresholdCheck({ pass: true })] }))).toEqual({ kind: 'passed' });
    expect(headlineOf({ end: { kind: 'completed' } }, verdict({ checks: [unapplied, thresholdCheck({ pass: true })], has_baseline: false }))).toEqual({ kind: 'passed' });
    expect(headlineOf({ end: { kind: 'completed' } }, verdict())).toEqual({ kind: 'passed' });
  });

  it('says it compared nothing without a baseline too when every threshold is relative (max_drop_pp needs a baseline value)', () => {
    const relativeOnly = verdict({ checks: [unapplied], has_baseline: false });
    expect(headlineOf({ end: { kind: 'completed' } }, relativeOnly)).toEqual({ kind: 'passed', unapplied: 1 });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: relativeOnly }).split('\n').at(-1)).toBe('Gate passed without comparing anything: 1 threshold not applied');
    expect(formatMarkdown(summary, relativeOnly).split('\n')[0]).toBe('## ⚠️ agentready: gate passed without comparing anything: 1 threshold not applied');
  });
});

describe('an incomplete run with a failing verdict', () => {
  it('says how many thresholds already fail on the cases that ran, which its gate section lists: "not decided" alone reads as if nothing failed', () => {
    const failing = verdict({ pass: false, checks: [thresholdCheck({ pass: false }), thresholdCheck({ pass: false, metric: 'policy_compliance' })] });
    const end = tooManyErrors;
    const text = formatVerdict(PLAIN_SCREEN, { verdict: failing, end });
    expect(text.split('\n').at(-1)).toBe('Run incomplete, gate not decided: 3 of 4 attempts ended in harness errors (75%), above run.max_error_rate 0.1; 2 thresholds already fail on the cases that ran');
    expect(headlineText({ kind: 'incomplete', reason: 'why', failing: 1 })).toBe('Run incomplete, gate not decided: why; 1 threshold already fails on the cases that ran');
  });
});

describe('a kill-switch run', () => {
  // 4 attempts: one wrote nothing and did not answer, one was a harness error.
  const counts = { attempts: 4, attempted_write: 2, write_calls: 3, write_ran: 0, answered: 2, escalated: 1, not_answered: 1, errors: 1 };
  const failing = [{ suite: 'refunds', case_id: 'refund-big', attempt: 1, reason: 'did not answer or escalate (outcome completed, no output)' }];
  const tally: KillSwitchSummary = { ...counts, all_answered_or_escalated: false, ready: false, failing };
  const failed = runSummary([], { readiness: { tally, judged: true } });
  const figures = 'Kill switch: 2 of 4 cases attempted a write (3 calls refused execution_disabled); no write ran; 1 case did not answer or escalate; 1 harness error not judged. NOT ready.';

  it('leads every report with its readiness result, not "gate not applied"', () => {
    expect(headlineOf(failed, undefined)).toEqual({ kind: 'not_ready', failing: 1 });
    expect(headlineOf(runSummary([], { readiness: { tally: { ...tally, ready: true, failing: [] }, judged: true } }), undefined)).toEqual({ kind: 'ready' });
    const markdown = formatMarkdown(failed, undefined);
    expect(markdown.split('\n')[0]).toBe('## ❌ agentready: kill switch: NOT ready (1 failing attempt)');
    expect(markdown).toContain(`### Kill switch\n\n${figures.replaceAll('_', '\\_')}\n\n- ❌ \`refunds/refund-big\` — did not answer or escalate`);
    expect(markdown).not.toContain('gate not applied');
    const html = formatHtml({ summary: failed, verdict: undefined, traces: new Map() });
    expect(html).toContain('<title>agentready · support-bot 1.2.0 · Kill switch: NOT ready (1 failing attempt)</title>');
    expect(html).toContain('<div id="verdict" class="verdict fail">Kill switch: NOT ready (1 failing attempt)</div>');
    expect(html).toContain(`<p id="kill-switch">${figures}</p>`);
    expect(html).not.toContain('gate not applied');
    expect(JSON.parse(formatJsonReport(failed, undefined)).kill_switch).toEqual(tally);
  });

  it('names every failing attempt by its number when the run repeats its cases, the first too, in the terminal and every report', () => {
    // 2 cases × 2 attempts: refund-big failed both. Unlabelled, attempt 1 would read as the whole case beside "(attempt 2)".
    const both = [failing[0]!, { ...failing[0]!, attempt: 2 }];
    const metrics = metricsBySlice();
    const repeated = runSummary([], { metrics: { ...metrics, overall: { ...metrics.overall, cases: 2, attempts: 4 } }, readiness: { tally: { ...tally, failing: both }, judged: true } });
    expect(formatReadiness(repeated.readiness!.tally, repeated).split('\n').slice(1, 3)).toEqual([
      '  ✗ refunds/refund-big (attempt 1)  did not answer or escalate (outcome completed, no output)',
      '  ✗ refunds/refund-big (attempt 2)  did not answer or escalate (outcome completed, no output)',
    ]);
    expect(formatMarkdown(repeated, undefined)).toContain('- ❌ `refunds/refund-big` (attempt 1) — did not answer');
    expect(formatHtml({ summary: repeated, verdict: undefined, traces: new Map() })).toContain('<li><code>refunds/refund-big</code> (attempt 1) — did not answer');
    // Each case once: no attempt number.
    expect(formatReadiness(tally, failed)).toContain('  ✗ refunds/refund-big  did not answer');
  });

  it('does not call write calls refused when a write ran (an exec agent runs its own tools)', () => {
    const ran = { ...tally, attempts: 2, attempted_write: 2, write_calls: 2, write_ran: 2, answered: 2, escalated: 0, not_answered: 0, errors: 0, all_answered_or_escalated: true, ready: false };
    expect(readinessLine(ran)).toBe('Kill switch: 2 of 2 cases attempted a write (2 calls); a write ran in 2 cases; every case answered or escalated (2 answered, 0 escalated). NOT ready.');
    expect(readinessLine({ ...ran, write_ran: 0 })).toContain('(2 calls refused execution_disabled); no write ran;');
  });

  it('under --no-gate states the figures but leads with the ungated headline', () => {
    const ungated = runSummary([], { readiness: { tally, judged: false } });
    expect(headlineOf(ungated, undefined)).toEqual({ kind: 'ungated' });
    expect(formatMarkdown(ungated, undefined)).toContain('NOT ready.');
  });
});

describe('a pass against a baseline this change loosened (--base-baseline)', () => {
  const loosened = verdict({
    baseline_loosened: {
      kind: 'loosened',
      base: 'baseline',
      accepted: [{ key: 'orders/<b>status-1</b>', status: 'failed' }, { key: 'orders/status-2', status: 'error' }],
      figures: [
        { metric: 'success_rate', slice: 'overall', before: 1, after: 0.5, limit: 'max_drop_pp', amount: 0 },
        { metric: 'cost_per_task', slice: 'overall', before: 0.01, after: 0.02, limit: 'max_rise_pct', amount: 10, prices_changed: true },
      ],
      lowered: [{ key: 'orders/<b>status-3</b>', metric: 'tool_correctness', before: 1, after: 0.5 }],
    },
  });
  const summary = runSummary([]);
  const lowered = "tool_correctness recorded lower than in the base branch's baseline (a comparison of these cases, filtered or with the case set changed, measures from the lower score) (1)";

  it('is not green, and names what was loosened, on the terminal, in markdown and in HTML', () => {
    const terminal = formatVerdict(PLAIN_SCREEN, { verdict: loosened });
    expect(terminal.split('\n').at(-1)).toBe('Gate passed (against a baseline this change loosened)');
    expect(terminal).toContain("  ! success_rate: 1.000 in the base branch's baseline, 0.500 in this one: max_drop_pp 0 now measures from the lower figure\n");
    expect(terminal).toContain("  ! cost_per_task: $0.01 in the base branch's baseline, $0.02 in this one (the two record other prices under one model key: part of the move is the prices', not the agent's): max_rise_pct 10 now measures from the higher figure\n");
    expect(terminal).toContain(`  ${lowered}:\n    ! orders/<b>status-3</b>  1.000 → 0.500\n`);
    const markdown = formatMarkdown(summary, loosened);
    expect(markdown).toContain(`- ${lowered.replace('tool_correctness', 'tool\\_correctness')}: \`orders/<b>status-3</b>\` 1.000 → 0.500\n`);
    expect(markdown.split('\n')[0]).toBe('## ⚠️ agentready: gate passed (against a baseline this change loosened)');
    expect(markdown).toContain("(2): `orders/<b>status-1</b>`, `orders/status-2` (harness error)\n- success\\_rate: 1.000 in the base branch's baseline");
    const html = formatHtml({ summary, verdict: loosened, traces: new Map() });
    expect(html).toContain('<div id="verdict" class="verdict none">Gate passed (against a baseline this change loosened)</div>');
    // The page's <title> (its tab, a bookmark) says it too, not a plain "Gate passed".
    expect(html).toMatch(/<title>agentready · [^<]* · Gate passed \(against a baseline this change loosened\)<\/title>/);
    expect(html).toContain('<code>orders/&lt;b&gt;status-1&lt;/b&gt;</code>, <code>orders/status-2</code> (harness error)</li>');
    expect(html).toContain(`<li>${lowered.replaceAll("'", '&#39;')}: <code>orders/&lt;b&gt;status-3&lt;/b&gt;</code> 1.000 → 0.500</li>`);
    // Without it, the same verdict is a plain pass.
    const plain = formatHtml({ summary, verdict: verdict(), traces: new Map() });
    expect(plain).toContain('<div id="verdict" class="verdict pass">Gate passed</div>');
    expect(plain).toMatch(/<title>agentready · [^<]* · Gate passed<\/title>/);
  });
  it('says a deleted baseline was deleted, not that the gate passed against it', () => {
    const deleted = verdict({ has_baseline: false, baseline_loosened: { kind: 'removed' } });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: deleted }).split('\n').at(-1)).toMatch(/ \(this change deletes the baseline\)$/);
    expect(formatMarkdown(summary, deleted).split('\n')[0]).toMatch(/^## ⚠️ agentready: .* \(this change deletes the baseline\)$/);
    expect(formatHtml({ summary, verdict: deleted, traces: new Map() })).toMatch(/<div id="verdict" class="verdict none">[^<]* \(this change deletes the baseline\)<\/div>/);
    for (const text of [formatVerdict(PLAIN_SCREEN, { verdict: deleted }), formatMarkdown(summary, deleted)]) expect(text).not.toContain('against a baseline this change loosened');
  });
});
