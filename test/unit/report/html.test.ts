import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src/config/schema/index.js';
import { SCRIPT } from '../../../src/report/html/assets.js';
import { histogramChart, histogramLayout, successBySliceChart, type PlacedText } from '../../../src/report/html/charts.js';
import { h, hJson } from '../../../src/report/html/escape.js';
import { formatHtml } from '../../../src/report/html/index.js';
import { caseResult, failedResult, rate, runMetrics, runSummary, thresholdCheck, verdict } from './fixtures.js';
import { formatUsd } from '../../../src/report/format-figures.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { formatSpend } from '../../../src/common/usd.js';

const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="alert(1)">\x1b[2J';

function trace(overrides: Partial<Trace> = {}): Trace {
  return {
    trace_id: 'tr-0001',
    suite: 'tier1-support',
    case_id: 'refund-double-charge',
    attempt: 1,
    mode: 'normal',
    outcome: 'completed',
    output: HOSTILE,
    duration_ms: 1234,
    tool_calls: [
      { seq: 0, name: 'lookup_order', arguments: { order_id: '1234' }, answer: 'answer', result: { status: '<b>shipped</b>' }, at_ms: 3, latency_ms: 2 },
      { seq: 1, name: 'issue_refund', arguments: { amount: 500 }, answer: 'policy_denied', error: { kind: 'policy_denied', message: 'denied', rule_id: 'refund-cap' }, approved: true, at_ms: 9, latency_ms: 1 },
    ],
    approvals: [{ name: 'issue_refund', arguments: { amount: 500 }, reason: 'asked', approved: true, at_ms: 5 }],
    usage: [],
    policy_decisions: [{ timestamp: 't', trace_id: 'tr-0001', rule_id: 'refund-cap', tool: 'issue_refund', input_summary: '{"amount":500}', outcome: 'deny' }],
    ...overrides,
  };
}

describe('formatHtml', () => {
  const page = formatHtml({
    summary: runSummary([failedResult(), caseResult({ case_id: 'ok', trace_id: 'tr-0002' })]),
    verdict: verdict({ pass: false, checks: [thresholdCheck()] }),
    traces: new Map([['tr-0001', trace()]]),
  });

  it('says under an interrupted run\'s counts how many of the attempts it planned finished, and how to run the rest', () => {
    const summary = runSummary([caseResult()], { interrupted: true, end: { kind: 'interrupted', started: true, signal: 'SIGINT' }, metrics: { overall: runMetrics({ attempts: 6 }), slices: {} } });
    const stopped = formatHtml({ summary, verdict: undefined, traces: new Map(), planned: 20 });
    expect(stopped).toContain('<p id="stopped">The run was stopped by SIGINT after 6 of 20 attempts: the rest did not finish; <code>agentready eval --resume</code> runs them in the same run folder.</p>');
    expect(stopped.indexOf('id="stopped"')).toBeGreaterThan(stopped.indexOf('class="meta"'));
    expect(formatHtml({ summary: runSummary([caseResult()]), verdict: undefined, traces: new Map(), planned: 20 })).not.toContain('id="stopped"');
  });

  it("lists the run's warnings under the verdict, escaped (they may quote the agent), as the json and markdown reports do", () => {
    const warned = formatHtml({ summary: runSummary([caseResult()], { warnings: ['no price for model <b>acme</b>', `agent said ${HOSTILE}`] }), verdict: verdict(), traces: new Map() });
    expect(warned).toContain('<ul id="warnings"><li>Warning: no price for model &lt;b&gt;acme&lt;/b&gt;</li><li>Warning: agent said &lt;script&gt;');
    expect(warned).not.toContain('<script>window.__pwned');
    expect(warned.indexOf('id="warnings"')).toBeGreaterThan(warned.indexOf('id="verdict"'));
    expect(warned.indexOf('id="warnings"')).toBeLessThan(warned.indexOf('id="metrics"'));
    expect(page).not.toContain('id="warnings"');
  });

  it('is one self-contained page: no external URL, a CSP that forbids fetching and allows only its own script', () => {
    expect(page).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
    expect(page).not.toMatch(/https?:\/\//);
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'"`);
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page).toContain(`<script>${SCRIPT}</script>`);
  });

  it('writes a --models replay run\'s cost total as replayed, not spent, as the terminal and the markdown summary do', () => {
    const cost = (replayed: boolean) => {
      const summary = runSummary([caseResult({ cost_usd: 0.0014 })]);
      const html = formatHtml({ summary: replayed ? { ...summary, replayed: true } : summary, verdict: verdict(), traces: new Map() });
      return /<td>cost total<\/td><td class="num">([^<]*)<\/td>/.exec(html)?.[1];
    };
    expect(cost(true)).toMatch(/^\$[\d.]+ \(replayed, not spent\)$/);
    expect(cost(false)).toMatch(/^\$[\d.]+$/);
  });

  it("cuts a conversation's user messages as it cuts the agent's answers: a user simulator's 3 MB message is no 3 MB page", () => {
    const said = 'u'.repeat(3_000_000);
    const turns = [1, 2, 3].map((turn) => ({ turn, user: said, outcome: 'clarified' as const, output: 'a'.repeat(3_000_000), duration_ms: 5 }));
    const html = formatHtml({ summary: runSummary([failedResult()]), verdict: verdict(), traces: new Map([['tr-0001', trace({ turns })]]) });
    expect(html).toContain(`<td><pre>${'u'.repeat(2000)}… (2998000 more characters)</pre></td>`);
    expect(html).not.toContain('u'.repeat(2001));
    expect(html.length).toBeLessThan(100_000);
  });

  it("counts an attempt's tool calls in words that agree with the number (1 tool call, 2 tool calls)", () => {
    const html = (calls: number) => formatHtml({ summary: runSummary([caseResult({ tool_calls: calls })]), verdict: verdict(), traces: new Map() });
    expect(html(1)).toContain(' · 1 tool call · trace ');
    expect(html(2)).toContain(' · 2 tool calls · trace ');
  });

  it('marks a known failure in the case list, as the github reporter and the markdown summary do', () => {
    const known = { key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge', status: 'failed' as const };
    const marked = formatHtml({
      summary: runSummary([failedResult()]),
      verdict: verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [known], added: [], removed: [], changed: [] } }),
      traces: new Map([['tr-0001', trace()]]),
    });
    expect(marked).toContain('<code>tier1-support/refund-double-charge</code> <span class="muted">(known failure: failed in the baseline too)</span>');
    expect(page).not.toContain('known failure');
  });

  it('shows the verdict, the metric table with intervals, the thresholds and three charts', () => {
    expect(page).toContain('<div id="verdict" class="verdict fail">Gate FAILED (1 threshold)</div>');
    expect(page).toContain('<tr><td>success rate</td><td class="num">94.9%</td><td class="num">83.1–98.6%</td><td class="num">37/39</td></tr>');
    expect(page).toContain('<tr class="failed"><td>✘</td><td>0.95 → 0.90 (−5.0 pp) &gt; max_drop_pp 2</td></tr>');
    for (const id of ['success-chart', 'latency-chart', 'cost-chart']) expect(page).toContain(`<svg id="${id}" class="chart"`);
  });

  it('puts the gate (why it failed, the newly failing cases) under the verdict, before the metrics and the models table, as the markdown summary does', () => {
    const order = ['<div id="verdict"', '<h2>Gate</h2>', '<table id="thresholds">', '<h2>Metrics</h2>', '<h2>Charts</h2>', '<h2>Cases</h2>'].map((marker) => page.indexOf(marker));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('gives a repeated case the status the gate and the case counts fold its attempts to: failed over error, skipped over passed', () => {
    const folded = formatHtml({
      summary: runSummary([
        caseResult({ case_id: 'erred-then-failed', trace_id: 'e1', status: 'error', error: { code: 'AGENT_EXITED', message: 'gone' } }),
        failedResult({ case_id: 'erred-then-failed', trace_id: 'e2', attempt: 2 }),
        caseResult({ case_id: 'passed-then-capped', trace_id: 'p1' }),
        caseResult({ case_id: 'passed-then-capped', trace_id: 'p2', attempt: 2, status: 'skipped' }),
      ]),
      verdict: undefined,
      traces: new Map(),
    });
    const statusOf = (id: string) => new RegExp(`data-status="(\\w+)"[^>]*>\n<summary><span class="status \\w+">\\w+</span> <code>tier1-support/${id}</code>`).exec(folded)?.[1];
    expect(statusOf('erred-then-failed')).toBe('failed');
    expect(statusOf('passed-then-capped')).toBe('skipped');
  });

  it('lists failing cases first, with the trace\'s tool calls, approvals, policy decisions and output, all escaped', () => {
    expect(page.indexOf('data-status="failed"')).toBeLessThan(page.indexOf('data-status="passed"'));
    expect(page).toContain('<code>issue_refund</code> ✔ approved</td>');
    expect(page).toContain('&lt;b&gt;shipped&lt;/b&gt;');
    expect(page).toMatch(/<tr class="failed"><td>refund-cap<\/td><td><code>issue_refund<\/code><\/td><td>deny<\/td>/);
    expect(page).toContain('<pre class="output">&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;\\x1b[2J</pre>');
    expect(page).not.toContain('<img');
    expect(page).toContain('Trace not in this report'); // the passing case's trace was not given
  });
});

describe('the metric table', () => {
  // One passed, one failed, one quarantined and failed: the gate judges 1 of 2, as the terminal's overall row says.
  const results = [caseResult({ case_id: 'a' }), failedResult({ case_id: 'b' }), failedResult({ case_id: 'q' })];
  const table = (page: string) => /<table id="metrics">.*?<\/table>(\n<p class="muted">[^<]*<\/p>)?/s.exec(page)?.[0] ?? '';
  const rowOf = (page: string, metric: string) => new RegExp(`<tr><td>${metric}</td>.*?</tr>`).exec(table(page))?.[0].replace(/<[^>]+>/g, ' ').replace(/ +/g, ' ').trim();

  it("gives the gate's rates when a quarantined case ran, every case's in a column beside them, and says so as the terminal does", () => {
    const gate = verdict({ pass: false, checks: [thresholdCheck({ current: 0.5 })], quarantined: [{ suite: 'tier1-support', case_id: 'q', until: '2027-01-31', reason: 'flaky' }] });
    const page = formatHtml({ summary: runSummary(results, { metrics: computeMetrics(results) }), verdict: gate, traces: new Map() });
    expect(table(page)).toContain('<th class="num">with quarantined</th>');
    expect(rowOf(page, 'success rate')).toMatch(/^success rate 50% \S+ 1\/2 33\.3% \S+ 1\/3$/);
    expect(table(page)).toContain('rates leave out 1 quarantined case, as the gate does; &quot;with quarantined&quot; counts every case');
  });

  it('has one column, every case, when no quarantined case ran', () => {
    const page = formatHtml({ summary: runSummary(results, { metrics: computeMetrics(results) }), verdict: verdict({ quarantined: [] }), traces: new Map() });
    expect(table(page)).not.toContain('with quarantined');
    expect(rowOf(page, 'success rate')).toMatch(/^success rate 33\.3% \S+ 1\/3$/);
  });
});

describe('charts', () => {
  it("charts the gate's success rate as overall when a quarantined case ran, and every case's beside it", () => {
    const results = [caseResult({ case_id: 'a' }), failedResult({ case_id: 'b' }), failedResult({ case_id: 'q' })];
    const gate = verdict({ pass: false, checks: [thresholdCheck({ current: 0.5 })], quarantined: [{ suite: 'tier1-support', case_id: 'q', until: '2027-01-31', reason: 'flaky' }] });
    const page = formatHtml({ summary: runSummary(results, { metrics: computeMetrics(results) }), verdict: gate, traces: new Map() });
    expect(page).toContain('<title>overall: 50% (1/2)</title>');
    expect(page).toContain('<title>with quarantined: 33.3% (1/3)</title>');
  });

  it('draw a bar and a whisker per slice with a judged case, and say so when there is none', () => {
    const chart = successBySliceChart([
      { label: 'overall', rate: rate(3, 4, 0.3, 0.95), failed: true },
      { label: 'tag:<x>', rate: rate(0, 0), failed: false },
    ]);
    expect(chart.match(/<g class="bar-row/g)).toHaveLength(1);
    expect(chart).toContain('<g class="bar-row failed">');
    expect(chart).toContain('<rect class="bar" x="170" y="6" width="247.5" height="12"/>');
    expect(chart).toContain('class="whisker"');
    expect(successBySliceChart([{ label: 'x', rate: rate(0, 0), failed: false }])).toContain('No slice had a judged case.');
  });

  it('cut a slice name that would run past the left edge, keeping it whole in the tooltip', () => {
    const chart = successBySliceChart([{ label: 'adversarial:prompt_injection', rate: rate(3, 4, 0.3, 0.95), failed: false }]);
    const shown = /<text class="label"[^>]*>([^<]*)<\/text>/.exec(chart)?.[1];
    expect(shown).toBe('adversarial:prompt_in…');
    expect(shown!.length * 7.2).toBeLessThanOrEqual(164);
    expect(chart).toContain('<title>adversarial:prompt_injection: 75%');
  });

  it('bin values into a histogram with markers, and escape labels', () => {
    const chart = histogramChart({ id: 'h', label: 'L', values: [1, 2, 2, 10], format: (v) => `<${v}>`, markers: [{ label: 'p50', value: 2 }], empty: 'none' });
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(12);
    expect(chart).toContain('>4 attempts<');
    expect(chart).toContain('p50 &lt;2&gt;');
    expect(histogramChart({ id: 'h', label: 'L', values: [], format: String, empty: 'No <data>' })).toContain('No &lt;data&gt;');
  });

  it('labels bins whose edges the figure format reads alike with its finer format (it titled bins "$0.03–$0.03")', () => {
    const values = [...new Array<number>(14).fill(0.0055), 0.0828];
    const chart = histogramChart({ id: 'h', label: 'Cost', values, format: formatUsd, fine: formatSpend, empty: '' });
    const titles = [...chart.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!.replace(/: \d+$/, ''));
    for (const title of titles.filter((t) => t.includes('–'))) expect(title.split('–')[0], title).not.toBe(title.split('–')[1]);
    expect(titles).toContain('$0.0055–$0.01194');
    // Edges the coarse format tells apart keep it.
    expect(histogramChart({ id: 'h', label: 'L', values: [0, 12], format: (v) => `${v}ms`, fine: () => 'fine', empty: '' })).not.toContain('fine');
  });

  it('places the histogram\'s marker labels and bar counts so that no two meet (the p50 label sat on the tallest bar\'s count)', () => {
    const meets = (a: PlacedText['box'], b: PlacedText['box']) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    // Latencies bunched at the low end, as most runs' are: the tallest bin first, p50 in it, p95 beside it; a long tail; counts up to 6 digits.
    const shapes = [
      [40, 9, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [3, 40, 40, 2, 0, 0, 1, 0, 0, 0, 0, 1],
      [100_000, 99_999, 12, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ];
    const markerSets = [
      [{ text: 'p50 1.2s', at: 0.02 }, { text: 'p95 4.8s', at: 0.1 }],
      [{ text: 'p50 812ms', at: 0.12 }, { text: 'p95 12.4s', at: 0.95 }],
      [{ text: 'mean $0.0042', at: 0.5 }],
      [],
    ];
    for (const counts of shapes) {
      for (const markers of markerSets) {
        const layout = histogramLayout({ counts, markers });
        const texts = [...layout.bins.flatMap((bin) => (bin.count ? [bin.count] : [])), ...layout.markers];
        for (const [i, a] of texts.entries()) {
          expect(a.box.left, a.text).toBeGreaterThanOrEqual(0);
          expect(a.box.right, a.text).toBeLessThanOrEqual(560);
          expect(a.box.top, a.text).toBeGreaterThanOrEqual(0);
          for (const b of texts.slice(i + 1)) expect(meets(a.box, b.box), `${a.text} meets ${b.text} (counts ${counts.join(',')})`).toBe(false);
        }
        // A bar stays below its count, and the tallest keeps its height where no marker needs the room.
        for (const bin of layout.bins) if (bin.count) expect(bin.count.box.bottom).toBeLessThanOrEqual(bin.bar.y);
        if (markers.length === 0) expect(Math.min(...layout.bins.map((bin) => bin.bar.y))).toBe(34);
      }
    }
    // The chart draws what the layout placed.
    const chart = histogramChart({ id: 'h', label: 'L', values: [1, 1, 1, 1, 2, 12], format: (v) => `${v}ms`, markers: [{ label: 'p50', value: 1 }, { label: 'p95', value: 2 }], empty: '' });
    const layout = histogramLayout({ counts: [4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], markers: [{ text: 'p50 1ms', at: 0 }, { text: 'p95 2ms', at: 1 / 11 }] });
    expect(chart).toContain(`<text class="count" x="${layout.bins[0]!.count!.x.toFixed(1)}" y="${layout.bins[0]!.count!.y.toFixed(1)}" text-anchor="middle">4</text>`);
    expect(chart).toContain(`<text class="marker-label" x="${layout.markers[1]!.x.toFixed(1)}" y="${layout.markers[1]!.y.toFixed(1)}" text-anchor="start">p95 2ms</text>`);
  });

  it('draws attempts that all had one value as one labelled bar, not bins of an invented range', () => {
    const single = histogramChart({ id: 'h', label: 'Cost', values: [4, 4, 4], format: (v) => `$${v}`, markers: [{ label: 'mean', value: 4 }, { label: 'far', value: 99 }], empty: '' });
    expect(single.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(single).toContain('<title>$4: 3 attempts, all the same</title>');
    expect(single).toContain('>$4: every one of 3 attempts</text>');
    expect(single).toContain('>mean $4</text>'); // a marker at the value is named on the bar
    expect(single).not.toContain('far'); // one elsewhere has no place on this chart
    expect(single).toContain('aria-label="Cost: every attempt $4"');
    expect(single).not.toMatch(/\$[0-35-9]/); // no value but the one there is
  });
});

describe('h and hJson', () => {
  it('escape markup and quotes and make control characters visible; hJson cuts long values', () => {
    expect(h(`<a href="x" title='y'>&\x07`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\\x07');
    expect(hJson({ a: '<b>' })).toBe('{\n  &quot;a&quot;: &quot;&lt;b&gt;&quot;\n}');
    expect(hJson('x'.repeat(20), 5)).toBe('xxxxx… (15 more characters)');
    expect(hJson('x'.repeat(6), 5)).toBe('xxxxx… (1 more character)');
  });
});
