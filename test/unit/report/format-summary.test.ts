import { describe, expect, it } from 'vitest';
import { formatCounts, formatFailures, formatRepeats, formatSummaryTable, formatValue, FULL_FAILURES, unauthenticatedNote } from '../../../src/report/format-summary.js';
import { formatVerdict, movesToList } from '../../../src/report/format-verdict.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { formatMs, formatRate, formatUsd } from '../../../src/report/format-figures.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { caseResult, failedResult, metricsBySlice, rate, runMetrics, thresholdCheck, verdict } from './fixtures.js';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('formatSummaryTable', () => {
  it('shows overall and each suite when there are several', () => {
    const metrics = metricsBySlice({
      'suite:tier1-support': runMetrics({ success_rate: rate(20, 20, 0.839, 1), cost_total: 0.084 }),
      'suite:billing-escalations-long-name': runMetrics({ p95_latency_ms: 75_000, cost_per_task: 0.25, cost_total: 12.5 }),
      'tag:refund': runMetrics(),
    });
    expect(formatSummaryTable(PLAIN_SCREEN, { metrics })).toMatchInlineSnapshot(`
      "40 cases · 37 passed · 2 failed · 1 error · 0 skipped

      slice             success (95% CI) escal. policy      p50/p95   $/task  $ total
      ───────────────────────────────────────────────────────────────────────────────
      overall              94.9% (83–99)   7.7%   100%   850ms/3.2s  $0.0042    $0.17
      suite:billing-es…    94.9% (83–99)   7.7%   100%  850ms/1m15s    $0.25   $12.50
      suite:tier1-supp…    100% (84–100)   7.7%   100%   850ms/3.2s  $0.0042    $0.08"
    `);
  });

  it('cuts two slice names that would read alike when cut at their end in the middle instead, keeping what tells them apart', () => {
    const metrics = metricsBySlice({ 'suite:billing-refunds-v1': runMetrics(), 'suite:billing-refunds-v2': runMetrics(), 'suite:checkout-regression': runMetrics() });
    const names = formatSummaryTable(PLAIN_SCREEN, { metrics }).split('\n').slice(4).map((line) => line.split(/ {2,}/)[0]);
    expect(names).toEqual(['overall', 'suite:billi…ds-v1', 'suite:billi…ds-v2', 'suite:checkout-r…']);
  });

  it('widens a column for a figure longer than it, rather than cutting the figure and its mark (was "$1234.5…": a digit and the failed threshold\'s * lost)', () => {
    const metrics = { ...metricsBySlice(), overall: runMetrics({ cost_total: 1234.56, cost_per_task: 30.86, p95_latency_ms: 605_000 }) };
    const gate = verdict({ pass: false, checks: [thresholdCheck({ metric: 'cost_total', threshold: { max: 500 }, rule: 'max', current: 1234.56 }), thresholdCheck({ metric: 'p95_latency_ms', threshold: { max: 60_000 }, rule: 'max', current: 605_000 })] });
    const text = formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: gate });
    const overall = text.split('\n').find((line) => line.startsWith('overall'))!;
    expect(overall).toMatch(/ 850ms\/10m05s\* +\$30\.86 +\$1234\.56\*$/);
    expect(text).not.toContain('…');
    // The header's columns stay over their figures (right-aligned: each ends where its column does).
    const head = text.split('\n').find((line) => line.startsWith('slice'))!;
    expect(head.length).toBe(overall.length);
  });

  it('omits a lone suite row but adds slices a failed threshold names, marked', () => {
    const metrics = metricsBySlice({
      'suite:tier1-support': runMetrics(),
      'tag:adversarial': runMetrics({ success_rate: rate(8, 10, 0.49, 0.94) }),
      'tag:refund': runMetrics(),
    });
    const gate = verdict({
      pass: false,
      checks: [thresholdCheck({ slice: 'tag:adversarial' }), thresholdCheck({ metric: 'cost_per_task', pass: true })],
    });
    const text = formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: gate });
    expect(text).toMatchInlineSnapshot(`
      "40 cases · 37 passed · 2 failed · 1 error · 0 skipped

      slice             success (95% CI) escal. policy      p50/p95   $/task  $ total
      ───────────────────────────────────────────────────────────────────────────────
      overall              94.9% (83–99)   7.7%   100%   850ms/3.2s  $0.0042    $0.17
      tag:adversarial       80% (49–94)*   7.7%   100%   850ms/3.2s  $0.0042    $0.17
      * past a gate threshold"
    `);
  });

  it('neutralizes a slice a failed threshold names: a tag is any text, and the table printed its escapes raw (a red tag, an OSC 8 link)', () => {
    const tag = 'tag:\u001b[31mred\u001b]8;;http://evil.example/\u0007x';
    const metrics = metricsBySlice({ [tag]: runMetrics({ success_rate: rate(8, 10, 0.49, 0.94) }) });
    const gate = verdict({ pass: false, checks: [thresholdCheck({ slice: tag })] });
    const text = formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: gate });
    expect(text).not.toMatch(/[\u001b\u0007]/);
    // Shown as the gate's line shows it, cut to the column.
    expect(text).toMatch(/^tag:\\x1b\[31mred\\…\s+80% \(49–94\)\*/m);
  });

  it('fits 80 columns with long slice names and wide values', () => {
    const wide = runMetrics({
      success_rate: rate(999, 1000, 0.994, 1),
      p50_latency_ms: 59_999,
      p95_latency_ms: 599_000,
      cost_per_task: 0.0099,
      cost_total: 9999.99,
    });
    const metrics = { overall: wide, slices: { 'suite:a-very-long-suite-name-that-goes-on': wide, 'suite:b': wide } };
    const gate = verdict({
      pass: false,
      checks: (['success_rate', 'escalation_rate', 'policy_compliance', 'p95_latency_ms', 'cost_per_task', 'cost_total'] as const).map(
        (metric) => thresholdCheck({ metric }),
      ),
    });
    expect(widest(formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: gate }))).toBeLessThanOrEqual(80);
  });

  it('shows – for metrics that were not measured', () => {
    const empty = runMetrics({ success_rate: rate(0, 0), p50_latency_ms: null, p95_latency_ms: null, cost_per_task: null });
    const line = formatSummaryTable(PLAIN_SCREEN, { metrics: { overall: empty, slices: {} } }).split('\n')[4];
    expect(line).toMatch(/^overall\s+–\s+7\.7%\s+100%\s+–\/–\s+–\s+\$0\.17$/);
  });
});

describe('formatFailures', () => {
  it('tells the failing cases from the statuses given: results are read only when one failed', () => {
    const results = [caseResult({ case_id: 'ok-case' }), failedResult()];
    let reads = 0;
    const counted: Iterable<(typeof results)[number]> = { *[Symbol.iterator]() { reads++; yield* results; } };
    const statuses = results.map(({ suite, case_id, status }) => ({ suite, case_id, status }));
    expect(formatFailures(PLAIN_SCREEN, { results: counted, statuses: [statuses[0]!] })).toBe('');
    expect(reads).toBe(0);
    expect(formatFailures(PLAIN_SCREEN, { results: counted, statuses })).toBe(formatFailures(PLAIN_SCREEN, { results }));
    expect(reads).toBe(1);
  });

  it('lists each failing check with expected/found, neutralized and cut at 80', () => {
    const results = [
      caseResult({ case_id: 'ok-case' }),
      failedResult(),
      caseResult({
        case_id: 'crash',
        status: 'error',
        trace_id: 'tr-0002',
        error: { code: 'AGENT_EXITED', message: 'agent process exited unexpectedly (code=1, signal=null)' },
        checks: [],
      }),
    ];
    expect(formatFailures(PLAIN_SCREEN, { results })).toMatchInlineSnapshot(`
      "✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made
          expected  {"name":"issue_refund","args":{"amount":{"lte":20}}}
          found     [{"name":"lookup_order","arguments":{"order_id":"1234"}}]
        output: does not contain "refund"
          expected  {"contains":["refund"]}
          found     "Sorry\\u001b[31m, I cannot help with that."
          trace tr-0001

      ✗ tier1-support/crash  error AGENT_EXITED: agent process exited unexpectedly (code=1, signal=null)
          trace tr-0002"
    `);
  });

  it('shows an error message\'s stderr lines each on its own line, indented and neutralized', () => {
    const crash = caseResult({
      case_id: 'sim',
      status: 'error',
      trace_id: 'tr-0003',
      error: { code: 'USER_SIMULATOR', message: 'the user simulator exited unexpectedly (code=3, signal=null)\nlast stderr lines:\n  giving up\x1b[2J\n  bye' },
      checks: [],
    });
    expect(formatFailures(PLAIN_SCREEN, { results: [crash] }).split('\n')).toEqual([
      '✗ tier1-support/sim  error USER_SIMULATOR: the user simulator exited unexpectedly (code=3, signal=null)',
      '    last stderr lines:',
      '      giving up\\x1b[2J',
      '      bye',
      '    trace tr-0003',
    ]);
  });

  it('escapes raw control characters in reasons and cuts long values', () => {
    const result = failedResult({
      checks: [{ check: 'custom', name: 'tone\x1b]0;x\x07', pass: false, reason: 'rude\nreply', expected: 'x'.repeat(200), found: null }],
    });
    const text = formatFailures(PLAIN_SCREEN, { results: [result] });
    expect(text).not.toMatch(/[\x07\x1b]/);
    // A reason's lines each on its own line, as an error's are.
    expect(text).toContain('tone\\x1b]0;x\\x07: rude\n    reply\n');
    expect(text).toContain(`expected  "${'x'.repeat(78)}…`);
  });

  it('groups attempts of a repeated case and says how many failed, or that it is flaky', () => {
    const results = [failedResult({ attempt: 1 }), caseResult({ attempt: 2 }), failedResult({ attempt: 3, trace_id: 'tr-3' })];
    const text = formatFailures(PLAIN_SCREEN, { results });
    expect(text.split('\n')[0]).toBe(
      '✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made (flaky: 1/3 attempts passed)',
    );
    expect(text.match(/✗/g)).toHaveLength(1);
    const always = formatFailures(PLAIN_SCREEN, { results: [failedResult({ attempt: 1 }), failedResult({ attempt: 2, trace_id: 'tr-2' })] });
    expect(always.split('\n')[0]).toMatch(/\(failed 2\/2 attempts\)$/);
  });

  it('says which failing cases the gate did not count: a known failure, a quarantined case', () => {
    const known = { key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge', status: 'failed' as const };
    const other = failedResult({ case_id: 'other', trace_id: 'tr-o' });
    const v = verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [known], added: [], removed: [], changed: [] }, quarantined: [{ suite: 'tier1-support', case_id: 'other', until: '2099-01-31', reason: 'flaky' }] });
    const lines = formatFailures(PLAIN_SCREEN, { results: [failedResult(), other], verdict: v }).split('\n').filter((l) => l.startsWith('✗'));
    expect(lines).toEqual([
      '✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made (known failure: failed in the baseline too)',
      '✗ tier1-support/other  tools: expected call issue_refund was not made (quarantined: not counted by the gate)',
    ]);
  });

  it('is empty when everything passed', () => {
    expect(formatFailures(PLAIN_SCREEN, { results: [caseResult(), caseResult({ status: 'skipped' })] })).toBe('');
  });

  it('prints a base case\'s variants that failed the same way as one block and a line naming the others', () => {
    const variant = (id: string, n: number) => failedResult({ case_id: `refund-double-charge~${id}`, trace_id: `tr-v${n}` });
    // In the order they finished: the base case leads its block, variants follow by family and number.
    const results = [variant('prompt_injection-10', 10), variant('prompt_injection-2', 2), failedResult(), variant('prompt_injection-1', 1)];
    const lines = formatFailures(PLAIN_SCREEN, { results }).split('\n');
    expect(lines.filter((l) => l.startsWith('✗'))).toEqual(['✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made']);
    expect(lines.at(-1)).toBe('    also failed the same way: refund-double-charge~prompt_injection-1, refund-double-charge~prompt_injection-2, refund-double-charge~prompt_injection-10');
    expect(lines).toContain('    trace tr-0001');
  });

  it('keeps apart variants that failed another way, cases of another base, and variants whose attempts went otherwise', () => {
    const other = failedResult({ case_id: 'refund-double-charge~malformed_input-1', trace_id: 'tr-m', checks: [{ check: 'outcome', pass: false, reason: 'expected outcome clarified, got completed', expected: 'clarified', found: 'completed' }] });
    const otherBase = failedResult({ case_id: 'refund-over-cap~prompt_injection-1', trace_id: 'tr-o' });
    const flaky = [failedResult({ case_id: 'refund-double-charge~prompt_injection-2', trace_id: 'tr-f' }), caseResult({ case_id: 'refund-double-charge~prompt_injection-2', attempt: 2 })];
    const results = [failedResult(), failedResult({ attempt: 2, trace_id: 'tr-2' }), other, otherBase, ...flaky];
    const text = formatFailures(PLAIN_SCREEN, { results });
    expect(text.split('\n').filter((l) => l.startsWith('✗')).map((l) => l.split('  ')[0])).toEqual([
      '✗ tier1-support/refund-double-charge',
      '✗ tier1-support/refund-double-charge~malformed_input-1',
      '✗ tier1-support/refund-over-cap~prompt_injection-1',
      '✗ tier1-support/refund-double-charge~prompt_injection-2',
    ]);
    expect(text).not.toContain('also failed');
  });

  it('reads errors alike once what names the attempt is set aside (its case id, trace id, a temp path)', () => {
    const crash = (caseId: string, n: number) => caseResult({ case_id: caseId, trace_id: `tr-${n}`, status: 'error', checks: [], error: { code: 'AGENT_EXITED', message: `agent exited running ${caseId} (trace tr-${n}), core in /tmp/agent-${n}x/core` } });
    const text = formatFailures(PLAIN_SCREEN, { results: [crash('lookup', 1), crash('lookup~prompt_injection-1', 2), crash('lookup~prompt_injection-2', 3)] });
    expect(text.match(/✗/g)).toHaveLength(1);
    expect(text).toContain('✗ tier1-support/lookup  error AGENT_EXITED: agent exited running lookup (trace tr-1), core in /tmp/agent-1x/core');
    expect(text).toContain('also failed the same way: lookup~prompt_injection-1, lookup~prompt_injection-2');
  });

  it(`prints the first ${FULL_FAILURES} blocks in full, then one line per further case, and says where every case is in full`, () => {
    const results = Array.from({ length: FULL_FAILURES + 2 }, (_, i) => failedResult({ case_id: `case-${i + 1}`, trace_id: `tr-${i + 1}` }));
    results.push(failedResult({ case_id: `case-${FULL_FAILURES + 2}~prompt_injection-1`, trace_id: 'tr-v' }));
    const text = formatFailures(PLAIN_SCREEN, { results });
    expect(text.match(/trace tr-/g)).toHaveLength(FULL_FAILURES);
    expect(text.split('\n\n').at(-1)!.split('\n')).toEqual([
      "3 more failing cases, one line each: every check, expected and found is in the run folder's results.jsonl and the html, junit and json reporters",
      `✗ tier1-support/case-${FULL_FAILURES + 1}  tools: expected call issue_refund was not made`,
      `✗ tier1-support/case-${FULL_FAILURES + 2}  tools: expected call issue_refund was not made`,
      `    also failed the same way: case-${FULL_FAILURES + 2}~prompt_injection-1`,
    ]);
  });
});

describe('formatRepeats', () => {
  it('shows pass^k, pass@k and the flaky cases with repeats, nothing without', () => {
    const m = runMetrics({ repeat: 3, pass_hat_k: rate(30, 40, 0.59, 0.86), pass_at_k: rate(39, 40, 0.87, 1), flaky_cases: ['s/a', 's/b'] });
    expect(formatRepeats(m)).toBe('repeat 3 · pass^3 75% (59–86) · pass@3 97.5% (87–100) · flaky: s/a, s/b');
    expect(formatCounts(m)).toMatch(/ · 2 flaky$/);
    expect(formatRepeats(runMetrics({ repeat: 1 }))).toBe('');
    expect(formatRepeats(runMetrics())).toBe('');
  });

  it('says the repeat asked and the attempts that finished when a run stopped short of them (interrupted), not "repeat 2" as if 2 were asked', () => {
    const m = runMetrics({ repeat: 2, pass_hat_k: rate(1, 2, 0.09, 0.91), pass_at_k: rate(2, 2, 0.34, 1), flaky_cases: ['s/b'] });
    expect(formatRepeats(m, 3)).toBe('repeat 3 asked · at most 2 attempts of a case finished · pass^2 50% (9–91) · pass@2 100% (34–100) · flaky: s/b');
    // Only first attempts finished: no pass^1 (it is the success rate), but the ask is not hidden.
    expect(formatRepeats(runMetrics({ repeat: 1 }), 3)).toBe('repeat 3 asked · at most 1 attempt of a case finished');
    // Every attempt asked finished: as without the ask.
    expect(formatRepeats(m, 2)).toBe('repeat 2 · pass^2 50% (9–91) · pass@2 100% (34–100) · flaky: s/b');
    expect(formatRepeats(runMetrics({ repeat: 1 }), 1)).toBe('');
  });

  it('lists the flaky cases in case-number order (c2 before c10), though the metrics (and the baseline) keep them as text sorts', () => {
    const m = runMetrics({ repeat: 3, pass_hat_k: rate(30, 40, 0.59, 0.86), pass_at_k: rate(39, 40, 0.87, 1), flaky_cases: ['s/c1', 's/c10', 's/c11', 's/c2'] });
    expect(formatRepeats(m)).toMatch(/ · flaky: s\/c1, s\/c2, s\/c10, s\/c11$/);
    expect(m.flaky_cases).toEqual(['s/c1', 's/c10', 's/c11', 's/c2']);
  });
});

describe('formatCounts', () => {
  it('names cases and attempts apart under repeats, the case tally first as JUnit counts it', () => {
    const m = runMetrics({ cases: 3, attempts: 6, passed: 4, failed: 1, errors: 1, repeat: 2, flaky_cases: ['s/a'] });
    expect(formatCounts(m, { passed: 1, failed: 1, errors: 1, skipped: 0 })).toBe('3 cases: 1 passed · 1 failed · 1 error · 0 skipped · 1 flaky (6 attempts: 4 passed · 1 failed · 1 error · 0 skipped)');
    // Without the case tally (compare, baseline show) only the attempts are counted, and called so.
    expect(formatCounts(m)).toBe('3 cases · 1 flaky case · 6 attempts: 4 passed · 1 failed · 1 error · 0 skipped');
    expect(formatCounts(runMetrics())).toBe('40 cases · 37 passed · 2 failed · 1 error · 0 skipped');
  });
});

describe('formatVerdict', () => {
  it('shows failed thresholds with their evidence, case changes and the final line', () => {
    const gate = verdict({
      pass: false,
      checks: [
        thresholdCheck({
          explanation: 'success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2, 95% CI [0.83, 0.99], p=0.031 (6 down, 0 up of 40 paired; significant at 0.05)',
        }),
        thresholdCheck({ metric: 'cost_per_task', pass: true }),
        thresholdCheck({
          metric: 'p95_latency_ms',
          slice: 'tag:refund',
          interval: undefined,
          p_value: undefined,
          significant: undefined,
          explanation: 'p95_latency_ms (tag:refund): 3100 ms → 4200 ms (+35.5%), past max_rise_pct 30',
        }),
      ],
      diff: {
        newly_failing: [
          { key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge', first_failure: 'tools' },
          { key: 'tier1-support/flaky', suite: 'tier1-support', case_id: 'flaky', status: 'failed', attempts: 3, passes: 2, first_failure: 'outcome: got refused' },
        ],
        newly_passing: [{ key: 'a/b', suite: 'a', case_id: 'b' }],
        known_failing: [],
        added: [],
        removed: [],
        changed: [{ key: 'a/c', suite: 'a', case_id: 'c' }],
      },
      notes: ['only 40 shared cases: small drops are hard to tell from noise'],
    });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: gate })).toMatchInlineSnapshot(`
      "Gate (baseline agentready.baseline.json)
        ✗ success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2, 95% CI [0.83, 0.99], p=0.031 (6 down, 0 up of 40 paired; significant at 0.05)
        ✗ p95_latency_ms (tag:refund): 3100 ms → 4200 ms (+35.5%), past max_rise_pct 30
        1 threshold passed
        2 cases newly failing:
          ✗ tier1-support/refund-double-charge  tools
          ✗ tier1-support/flaky  outcome: got refused (flaky: 2/3 attempts passed)
        1 case changed since the baseline, not compared:
          ~ a/c  now not run
        1 newly passing · 0 added · 0 removed · 1 changed
        note: only 40 shared cases: small drops are hard to tell from noise

      Gate FAILED (2 thresholds)"
    `);
  });

  it('says how to create a baseline when there is none', () => {
    const gate = verdict({
      has_baseline: false,
      checks: [thresholdCheck({ metric: 'policy_compliance', rule: 'min', pass: true, p_value: undefined })],
      notes: ['No baseline at agentready.baseline.json: only absolute thresholds (min, max) were applied. Create one with `agentready baseline update`.'],
    });
    expect(formatVerdict(PLAIN_SCREEN, { verdict: gate })).toMatchInlineSnapshot(`
      "Gate (no baseline)
        1 threshold passed
        No baseline at agentready.baseline.json: only absolute thresholds (min, max) were applied.
        Create one with \`agentready baseline update\` and commit it.

      Gate passed"
    `);
  });

  it('with the default gate and no baseline, says it once: the gate\'s note, not the "No baseline at" lines beside it', () => {
    const note = 'No gate thresholds configured and no baseline at agentready.baseline.json: with nothing to compare with every failing case is new, so the default gate asked every case to pass (success_rate min 1.0, policy_compliance min 1.0). To accept the current failures, write the baseline: `agentready baseline update`.';
    const gate = verdict({ has_baseline: false, checks: [thresholdCheck({ metric: 'policy_compliance', rule: 'min', pass: true, p_value: undefined })], notes: [note] });
    const text = formatVerdict(PLAIN_SCREEN, { verdict: gate });
    expect(text).toContain(`note: ${note}`);
    expect(text).not.toContain('only absolute thresholds');
    expect(text.match(/baseline update/g)).toHaveLength(1);
  });

  it('shows a threshold passed only because its move is within noise, and the other moves', () => {
    const noisy = thresholdCheck({ pass: true, within_noise: true, significant: false, explanation: 'success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2 but not significant at 0.05' });
    const move = { metric: 'escalation_rate' as const, slice: 'overall', baseline: 0.1, current: 0.2, delta: 0.1, explanation: 'escalation_rate (overall): 0.100 → 0.200 (+10.0 pp), p=0.5 (1 down, 3 up of 40 paired; within noise)' };
    const repeated = { ...move, metric: 'success_rate' as const, explanation: 'shown once, as the threshold' };
    const text = formatVerdict(PLAIN_SCREEN, { verdict: verdict({ checks: [noisy], moves: [move, repeated] }) });
    expect(text).toContain('  ~ success_rate (overall): 0.950 → 0.900 (−5.0 pp), past max_drop_pp 2 but not significant at 0.05');
    expect(text).toContain('  moved:\n    ~ escalation_rate (overall): 0.100 → 0.200 (+10.0 pp), p=0.5 (1 down, 3 up of 40 paired; within noise)');
    expect(text).not.toContain('shown once');
    expect(text).not.toContain('threshold passed');
    expect(text).toMatch(/Gate passed$/);
  });

  it('lists a pass^k or pass@k that moved exactly as its slice\'s success rate once, as the success rate (one attempt per case: one figure), in the terminal and the markdown', () => {
    const failed = thresholdCheck({ pass: false, explanation: 'success_rate (overall): 1.000 → 0.800 (−20.0 pp), past max_drop_pp 0' });
    const move = (metric: 'success_rate' | 'pass_hat_k' | 'pass_at_k', slice = 'overall', current = 0.8) => ({ metric, slice, baseline: 1, current, delta: current - 1, explanation: `${metric} (${slice}) moved` });
    const gate = verdict({ pass: false, checks: [failed], moves: [move('success_rate'), move('pass_hat_k'), move('pass_at_k'), move('pass_at_k', 'tag:x'), move('pass_hat_k', 'overall', 0.6)] });
    const shown = new Set(['overall\0success_rate']);
    expect(movesToList(gate, shown).map((m) => `${m.metric} ${m.slice} ${m.current}`)).toEqual(['pass_at_k tag:x 0.8', 'pass_hat_k overall 0.6']);
    const text = formatVerdict(PLAIN_SCREEN, { verdict: gate });
    expect(text).not.toContain('pass_at_k (overall)');
    expect(text).toContain('pass_at_k (tag:x) moved');
  });
});

describe('value formats', () => {
  it.each([
    [null, '–'],
    [12.4, '12ms'],
    [3240, '3.2s'],
    [125_000, '2m05s'],
  ])('formatMs(%s) = %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it.each([
    [null, '–'],
    [0, '$0.00'],
    [0.0042, '$0.0042'],
    [0.000027, '<$0.0001'],
    [0.00005, '$0.0001'],
    [1.5, '$1.50'],
    // One cost summed in two orders (eval's results, score's OTLP spans): one figure, half away from zero.
    [0.0049 + 0.00495, '$0.0099'],
    [0.00495 + 0.0049, '$0.0099'],
    [0.009850000000000001, '$0.0099'],
    [0.009849999999999999, '$0.0099'],
    [1.005, '$1.01'],
    [0.0098, '$0.0098'],
  ])('formatUsd(%s) = %s', (usd, text) => expect(formatUsd(usd)).toBe(text));

  it('formatRate reads a rate as its counts say: 112 of 132 is 84.8%, from a run or from a baseline that keeps its value to 4 decimals (0.8485, once 84.9%)', () => {
    const live = rate(112, 132);
    expect(formatRate(live, false)).toBe('84.8%');
    expect(formatRate({ ...live, value: 0.8485 }, false)).toBe('84.8%');
    expect(formatRate(rate(0, 0), true)).toBe('–');
  });

  it('formatValue writes every control character of a JSON value as its JSON escape, C1 ones too (was \\x9b, no JSON escape)', () => {
    expect(formatValue('\u001b[2J\u009b31m\u202e')).toBe('"\\u001b[2J\\u009b31m\\u202e"');
  });

  it('formatValue cuts a long value before a JSON escape the cut would split, not inside it (was "…bidi \\u2…", an escape no reader can finish)', () => {
    // 78 characters before the escape: the cut at 79 fell after "\u2".
    const cut = (before: string, tail: string) => formatValue(`${'x'.repeat(before.length)}${tail}`);
    expect(cut('x'.repeat(76), '\u202e and more text')).toBe(`"${'x'.repeat(76)}…`);
    expect(cut('x'.repeat(77), '\n and more text')).toBe(`"${'x'.repeat(77)}…`);
    expect(cut('x'.repeat(77), '" and more text')).toBe(`"${'x'.repeat(77)}…`);
    // A complete escape, and an escaped backslash, stay.
    expect(cut('x'.repeat(72), '\u202e and more text')).toBe(`"${'x'.repeat(72)}\\u202e…`);
    expect(cut('x'.repeat(76), '\\ and more text')).toBe(`"${'x'.repeat(76)}\\\\…`);
    // Each shown value is still at most 80 characters.
    expect([...cut('x'.repeat(76), '\u202e and more text')].length).toBeLessThanOrEqual(80);
  });
});

describe('unauthenticatedNote', () => {
  it('tells the agent to send the token to tools_url and mcp_url, and to call the model gateway at its base URLs as given: its token is in their path, Authorization carries the provider key', () => {
    expect(unauthenticatedNote(1)).toBe("1 request without the run's token was refused (HTTP 401): send `Authorization: Bearer <token>`, the run params' token, to tools_url and mcp_url, and call the model gateway at the run params' `models` base URLs as they are (the token is in their path).");
    expect(unauthenticatedNote(2)).toMatch(/^2 requests without the run's token were refused/);
  });
});

describe('formatSummaryTable with quarantined cases', () => {
  // One passed, one failed, one quarantined and failed: the gate judges 1 of 2 (0.500), not 1 of 3.
  const results = [
    caseResult({ case_id: 'a' }),
    failedResult({ case_id: 'b' }),
    failedResult({ case_id: 'q' }),
  ];
  const gate = verdict({
    pass: false,
    checks: [thresholdCheck({ current: 0.5 })],
    quarantined: [{ suite: 'tier1-support', case_id: 'q', until: '2027-01-31', reason: 'flaky' }],
  });

  it("shows the gate's rates on the overall row, the run's with quarantined cases on a row of its own, and says so", () => {
    const metrics = computeMetrics(results);
    const text = formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: gate, results });
    const row = (name: string) => text.split('\n').find((line) => line.startsWith(name)) ?? '';
    expect(text.split('\n')[0]).toBe('3 cases · 1 passed · 2 failed · 0 errors · 0 skipped');
    expect(row('overall')).toContain('50% (');
    expect(row('overall')).toContain('*');
    expect(row('with quarantined')).toContain('33.3% (');
    expect(row('with quarantined')).not.toContain('*');
    expect(text).toContain('rates leave out 1 quarantined case, as the gate does; "with quarantined" counts every case');
  });

  it('adds no row when no quarantined case ran', () => {
    const metrics = computeMetrics(results.slice(0, 2));
    const text = formatSummaryTable(PLAIN_SCREEN, { metrics, verdict: verdict({ quarantined: [] }), results: results.slice(0, 2) });
    expect(text).not.toContain('with quarantined');
    expect(text).not.toContain('rates leave out');
  });
});
