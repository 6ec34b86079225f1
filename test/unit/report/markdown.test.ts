import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMarkdown, MarkdownReporter } from '../../../src/report/markdown.js';
import { code, md, mdWithCode } from '../../../src/report/markdown-escape.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { caseResult, failedResult, runMetrics, runSummary, thresholdCheck, verdict } from './fixtures.js';

const failing = verdict({
  pass: false,
  checks: [thresholdCheck(), thresholdCheck({ metric: 'policy_compliance', pass: true, explanation: 'policy_compliance (overall): 1 ≥ min 1' })],
  diff: {
    newly_failing: [{ key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge', first_failure: 'tools: expected call <b>issue_refund</b>' }],
    newly_passing: [],
    known_failing: [],
    added: [],
    removed: [],
    changed: [],
  },
});

describe('formatMarkdown: the cost section', () => {
  it('counts in words, one of each in the singular', () => {
    const one = formatMarkdown(runSummary([caseResult()], { metrics: { overall: runMetrics({ retries: 1, tool_errors: 1, policy_denials: 1 }), slices: {} } }), undefined);
    expect(one).toContain('- 1 retry · 1 tool error · 1 policy violation\n');
    const more = formatMarkdown(runSummary([caseResult()], { metrics: { overall: runMetrics({ retries: 2, tool_errors: 0, policy_denials: 3 }), slices: {} } }), undefined);
    expect(more).toContain('- 2 retries · 0 tool errors · 3 policy violations');
  });
});

describe('formatMarkdown', () => {
  it('puts the verdict first, then failed thresholds in the gate\'s wording, newly failing and failing cases, slices and cost', () => {
    const summary = runSummary([caseResult({ case_id: 'ok' }), failedResult()], {
      metrics: { overall: runMetrics(), slices: { 'tag:refund': runMetrics({ cases: 2 }) } },
    });
    const text = formatMarkdown(summary, failing);
    const lines = text.split('\n');
    expect(lines[0]).toBe('## ❌ agentready: gate FAILED (1 threshold)');
    expect(lines[2]).toBe(
      '**support-bot 1.2.0** (stdio) · 40 cases · 37 passed · 2 failed · 1 error · 0 skipped · 10.5s · baseline `agentready.baseline.json` · run `2026-01-02T03-04-05-abc`',
    );
    expect(text).toContain('### Failed thresholds\n\n- ❌ 0.95 → 0.90 (−5.0 pp) &gt; max\\_drop\\_pp 2\n');
    expect(text).not.toContain('policy_compliance (overall): 1 ≥ min 1');
    expect(text).toContain('### Newly failing (1)\n\n- `tier1-support/refund-double-charge` — tools: expected call &lt;b&gt;issue\\_refund&lt;/b&gt;\n');
    expect(text).toContain(
      '| `tier1-support/refund-double-charge` | failed | tools: expected call issue\\_refund was not made (expected {"name":"issue\\_refund","args":{"amount":{"lte":20}}}, found \\[{"name":"lookup\\_order","arguments":{"order\\_id":"1234"}}\\]) | `tr-0001` |',
    );
    expect(text).toContain('| overall | 40 | **94.9% (83–99)** ❌ | 7.7% | 100% | 850ms / 3.2s | $0.0042 |');
    expect(text).toContain('| tag:refund | 2 | 94.9% (83–99) |');
    expect(text).toContain('- total **$0.17** · per task $0.0042 (mean)');
    const order = ['## ❌', '### Failed thresholds', '### Newly failing', '### Failing cases', '### Slices', '### Cost', '### Notes'].map((h) => text.indexOf(h));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('notes the requests refused without the run\'s token, in the terminal\'s words', () => {
    expect(formatMarkdown(runSummary([caseResult()], { unauthenticated_requests: 1 }), verdict())).toContain('\n- 1 request without the run\'s token was refused (HTTP 401): send `Authorization: Bearer <token>`');
  });

  it("lists the run's warnings in the notes, escaped (they may quote the agent), ten at most", () => {
    const text = formatMarkdown(runSummary([caseResult()], { warnings: ['no price for model *acme* @team'] }), verdict());
    expect(text).toContain('### Notes');
    expect(text).toContain('\n- Warning: no price for model \\*acme\\* &#64;<!-- -->team');
    const many = formatMarkdown(runSummary([caseResult()], { warnings: Array.from({ length: 13 }, (_, i) => `w${i}`) }), verdict());
    expect(many.match(/^- Warning: /gm)).toHaveLength(10);
    expect(many).toContain("\n- … and 3 more warnings in the run folder's summary.json");
  });

  it('says when the gate passed, was not applied, or the run was interrupted', () => {
    const results = [caseResult()];
    const passed = formatMarkdown(runSummary(results), verdict());
    expect(passed.split('\n')[0]).toBe('## ✅ agentready: gate passed');
    expect(passed).not.toContain('Failed thresholds');
    expect(passed).not.toContain('Failing cases');
    expect(formatMarkdown(runSummary(results), undefined).split('\n')[0]).toBe('## ℹ️ agentready: run completed (gate not applied)');
    expect(formatMarkdown(runSummary(results, { interrupted: true, end: { kind: 'interrupted', started: true, signal: 'SIGINT' } }), undefined).split('\n')[0]).toBe('## ⚠️ agentready: run interrupted');
    // Its counts would read as a whole run of that size: the line under them says what it did not reach, and how to go on.
    const stopped = runSummary(results, { interrupted: true, end: { kind: 'interrupted', started: true, signal: 'SIGINT' } });
    expect(formatMarkdown({ ...stopped, metrics: { ...stopped.metrics, overall: runMetrics({ attempts: 6 }) }, planned: 20 }, undefined).split('\n').slice(0, 5)).toEqual([
      '## ⚠️ agentready: run interrupted',
      '',
      expect.stringContaining('**support-bot 1.2.0** (stdio) · '),
      '',
      'The run was stopped by SIGINT after 6 of 20 attempts: the rest did not finish; `agentready eval --resume` runs them in the same run folder.',
    ]);
    const noBaseline = formatMarkdown(runSummary(results), verdict({ has_baseline: false }));
    expect(noBaseline).toContain('Create one with `agentready baseline update` and commit it.');
    const note = 'No gate thresholds configured and no baseline at agentready.baseline.json: with nothing to compare with every failing case is new, so the default gate asked every case to pass. To accept the current failures, write the baseline: `agentready baseline update`.';
    const byDefault = formatMarkdown(runSummary(results), verdict({ has_baseline: false, notes: [note] }));
    expect(byDefault.match(/baseline update/g)).toHaveLength(1);
    const noted = formatMarkdown(runSummary(results), verdict({ notes: ['To accept the current failures, write the baseline: `agentready baseline update`. Case a_b <x>.'] }));
    expect(noted).toContain('- To accept the current failures, write the baseline: `agentready baseline update`. Case a\\_b &lt;x&gt;.');
  });

  it('marks a known failure in the failing-cases table, as the github reporter does', () => {
    const known = { key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge', status: 'failed' as const };
    const text = formatMarkdown(runSummary([failedResult()]), verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [known], added: [], removed: [], changed: [] } }));
    expect(text).toContain('| `tier1-support/refund-double-charge` | failed (known failure) |');
  });

  it('lists a harness error with its code, and counts flaky attempts', () => {
    const text = formatMarkdown(
      runSummary([
        caseResult({ case_id: 'boom', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited | code 1' } }),
        caseResult({ case_id: 'flaky', attempt: 1 }),
        failedResult({ case_id: 'flaky', attempt: 2 }),
      ]),
      verdict(),
    );
    expect(text).toContain('| `tier1-support/boom` | error | AGENT\\_EXITED: exited \\| code 1 |');
    expect(text).toContain('| `tier1-support/flaky` | failed (flaky: 1/2 attempts passed) |');
  });

  it('puts each line of a crash\'s message (its last stderr lines) on its own line of the cell', () => {
    const text = formatMarkdown(
      runSummary([caseResult({ case_id: 'sim', status: 'error', error: { code: 'USER_SIMULATOR', message: 'the user simulator exited (code=3)\nlast stderr lines:\n  giving *up*' } })]),
      verdict(),
    );
    expect(text).toContain('| `tier1-support/sim` | error | USER\\_SIMULATOR: the user simulator exited (code=3)<br>last stderr lines:<br>  giving \\*up\\* |');
  });

  it('stays within a GitHub comment when every case fails with a long message that escaping lengthens', () => {
    // A crash's whole message, full of what markdown escapes (an `@` is written `&#64;<!-- -->`): 120 cases of it were 570 kB.
    const message = '@#1 '.repeat(250);
    const results = Array.from({ length: 120 }, (_, i) => caseResult({ case_id: `case-${i}`, status: 'error', error: { code: 'AGENT_EXITED', message } }));
    const newly = results.map((r) => ({ key: `${r.suite}/${r.case_id}`, suite: r.suite, case_id: r.case_id, first_failure: message }));
    const text = formatMarkdown(runSummary(results), verdict({ pass: false, diff: { newly_failing: newly, newly_passing: [], known_failing: [], added: [], removed: [], changed: [] } }));
    expect(text.length).toBeLessThanOrEqual(65_536);
    // Each reason is cut whole escapes at a time, with an ellipsis; the lists still name 50 cases each.
    const row = text.split('\n').find((line) => line.startsWith('| `tier1-support/case-0` |'))!;
    expect(row).toMatch(/ \| error \| AGENT\\_EXITED: (&#64;<!-- -->#<!-- -->1 )+(&#64;<!-- -->(#<!-- -->1?)?)?… \| `/);
    expect(row.length).toBeLessThan(600);
    expect(text).toContain('- `tier1-support/case-49` — &#64;<!-- -->#<!-- -->1 ');
    expect(text).toContain('| … and 70 more | | | |');
  });

  it('leaves out its last lines, counted, when it would still be longer than a GitHub comment', () => {
    const slices = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`tag:${'t'.repeat(2000)}-${i}`, runMetrics()]));
    const text = formatMarkdown(runSummary([failedResult()], { metrics: { overall: runMetrics(), slices } }), verdict());
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text.split('\n')[0]).toBe('## ✅ agentready: gate passed');
    expect(text).toMatch(/\n\n_… \d+ more lines left out to stay within a GitHub comment's size: the JSON report and the run folder hold the whole run\._\n$/);
  });
});

describe('md and code', () => {
  it('escape what would format, link, mention or inject HTML, and make control characters visible', () => {
    expect(md('<script>x</script> *a* _b_ [l](u) `c` | ~d~ @who & \\')).toBe(
      '&lt;script&gt;x&lt;/script&gt; \\*a\\* \\_b\\_ \\[l\\](u) \\`c\\` \\| \\~d\\~ &#64;<!-- -->who &amp; \\\\',
    );
    // GitHub's autolinks (cmark-gfm): a URL's `:` before `//`, the `.` after `www` and what follows `@` (an email, `mailto:`, `xmpp:`) are kept from linking.
    expect(md('see http://evil.example, (www.evil.example) _WWW.evil.example ftp://x.org a.b@evil.example mailto:a@evil.example')).toBe(
      'see http&#58;//evil.example, (www&#46;evil.example) \\_WWW&#46;evil.example ftp&#58;//x.org a.b&#64;<!-- -->evil.example mailto:a&#64;<!-- -->evil.example',
    );
    // GitHub's issue references and mentions (read in the rendered text, one text node at a time): an empty comment splits each.
    expect(md('ping @org/team, see #1, org/repo#2, GH-3 and gh-4; not a#b, C# or GH-x')).toBe(
      'ping &#64;<!-- -->org/team, see #<!-- -->1, org/repo#<!-- -->2, GH-<!-- -->3 and gh-<!-- -->4; not a#b, C# or GH-x',
    );
    // The visible escapes' backslashes are escaped too, so the reader sees `\n` and `\x1b`.
    expect(md('a\nb\x1b[2Jc')).toBe('a\\\\nb\\\\x1b\\[2Jc');
    expect(code('a`b|c\n')).toBe("a'b\\|c\\n");
  });
});

describe('MarkdownReporter', () => {
  it('overwrites its own file, and appends to $GITHUB_STEP_SUMMARY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-md-'));
    const own = new MarkdownReporter({ path: join(dir, 'out/summary.md') });
    const step = new MarkdownReporter({ path: join(dir, 'step.md'), append: true });
    for (let i = 0; i < 2; i++) {
      await own.onRunEnd(runSummary([caseResult()]), verdict());
      await step.onRunEnd(runSummary([caseResult()]), verdict());
    }
    const once = formatMarkdown(runSummary([caseResult()]), verdict());
    expect(readFileSync(join(dir, 'out/summary.md'), 'utf8')).toBe(once);
    expect(readFileSync(join(dir, 'step.md'), 'utf8')).toBe(`${once}\n${once}\n`);
  });
});

describe('mdWithCode', () => {
  it('keeps our code spans as code and escapes everything around them', () => {
    expect(mdWithCode('set `budgets.max_run_cost_usd` for <b>@team|x</b>')).toBe(
      'set `budgets.max_run_cost_usd` for &lt;b&gt;&#64;<!-- -->team\\|x&lt;/b&gt;',
    );
    expect(mdWithCode('a `pipe|in code` and an unclosed ` tick')).toBe('a `pipe\\|in code` and an unclosed \\` tick');
  });
});

describe('formatMarkdown: quarantined cases in the slices table', () => {
  it("shows the gate's rate on overall and every case's on a row of its own", () => {
    const results = [caseResult({ case_id: 'a' }), failedResult({ case_id: 'b' }), failedResult({ case_id: 'q' })];
    const gate = verdict({ pass: false, checks: [thresholdCheck({ current: 0.5 })], quarantined: [{ suite: 'tier1-support', case_id: 'q', until: '2027-01-31', reason: 'flaky' }] });
    const text = formatMarkdown(runSummary(results, { metrics: computeMetrics(results) }), gate);
    expect(text).toMatch(/\| overall \| 2 \| \*\*50% \(/);
    expect(text).toMatch(/\| with quarantined \| 3 \| 33\.3% \(/);
    expect(text).toContain('_rates leave out 1 quarantined case, as the gate does');
  });
});
