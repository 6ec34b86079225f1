// What each reporter says about a passing and a failing run, as CI and a reviewer see it:
// markdown (and $GITHUB_STEP_SUMMARY), GitHub annotations, JUnit, HTML, JSON and the card.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_OUTPUT, idPosition, shopProject, SUITE } from './helpers/report-project.js';
import { execa } from 'execa';
import { BIN, copiesOf, latestRunDir, makeProject, REPO, runCli } from './helpers/run-cli.js';

const REPORTERS = ['--reporter', 'markdown:out/summary.md', '--reporter', 'junit:out/junit.xml', '--reporter', 'html:out/report.html', '--reporter', 'json:out/report.json'];
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const FAILING = { AGENT_FAIL_CASES: 'lookup-1,refund-3', AGENT_HOSTILE: '1' };
/** A copy of the shop project after one `eval --no-gate` of every case (run once per file: the card tests start there). */
const evaluatedShop = copiesOf(async () => {
  const dir = shopProject();
  expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
  return dir;
});

/** A copy of the shop project after `baseline update` of every case passing (run once per file). */
const baselinedShop = copiesOf(async () => {
  const dir = shopProject();
  expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
  return dir;
});

describe('reports of a passing and a failing run', () => {
  it('say the gate passed, with no annotation and no failure', async () => {
    const dir = await baselinedShop();
    const { exitCode, stdout } = await runCli(dir, ['eval', ...REPORTERS, '--reporter', 'github']);
    expect(exitCode).toBe(0);

    const markdown = read(dir, 'out/summary.md');
    expect(markdown.split('\n')[0]).toBe('## ✅ agentready: gate passed');
    expect(markdown).toContain('**shop-agent 2.0.0** (stdio) · 5 cases · 5 passed · 0 failed');
    expect(markdown).toMatch(/^\| overall \| 5 \| 100% \(\d+(\.\d)?–100\) \|/m);
    expect(markdown).toMatch(/^\| tag:refund \| 2 \|/m);
    expect(markdown).toContain('### Cost');
    expect(markdown).not.toContain('Failed thresholds');
    expect(markdown).not.toContain('Failing cases');

    expect(stdout).not.toContain('::error');
    const junit = read(dir, 'out/junit.xml');
    expect(junit).toContain('tests="5" failures="0" errors="0"');
    const html = read(dir, 'out/report.html');
    expect(html).toContain('<div id="verdict" class="verdict pass">Gate passed</div>');
    expect(html.match(/<details class="case" data-status="passed"/g)).toHaveLength(5);
  });

  it('name the failing cases and thresholds, on the suite lines, verdict first; $GITHUB_STEP_SUMMARY gets the summary', async () => {
    const dir = await baselinedShop();
    writeFileSync(join(dir, 'step-summary.md'), '# earlier step\n');
    const { exitCode, stdout } = await runCli(dir, ['eval', ...REPORTERS], {
      ...FAILING,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'),
    });
    expect(exitCode).toBe(1);

    // github: on by default under GITHUB_ACTIONS=true; one annotation per failing case at its `- id:` line.
    const annotations = stdout.split('\n').filter((line) => line.startsWith('::'));
    const at = (id: string) => `file=evals/shop.suite.yaml,line=${idPosition(id).line},col=${idPosition(id).column}`;
    expect(annotations).toContainEqual(
      `::error ${at('lookup-1')},title=agentready%3A shop/lookup-1 newly failing::outcome: expected outcome completed, got refused (expected "completed", found "refused")%0Atrace ${traceOf(dir, 'lookup-1')}`,
    );
    expect(annotations.some((l) => l.startsWith(`::error ${at('refund-3')},title=agentready%3A shop/refund-3 newly failing::`))).toBe(true);
    expect(annotations.some((l) => l.startsWith(`::error ${at('hostile-output')},title=agentready%3A shop/hostile-output newly failing::output:`))).toBe(true);
    const gateLines = annotations.filter((l) => l.startsWith('::error title=agentready gate%3A '));
    expect(gateLines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error title=agentready gate%3A success_rate (overall)',
      '::error title=agentready gate%3A policy_compliance (overall)',
    ]);
    expect(gateLines[0]).toMatch(/::success_rate \(overall\): 1(\.0+)? → 0\.4/);
    expect(annotations).toHaveLength(5);

    // markdown: verdict, failed thresholds, newly failing, failing cases, slices, cost — in that order.
    const markdown = read(dir, 'out/summary.md');
    const order = ['## ❌ agentready: gate FAILED (2 thresholds)', '### Failed thresholds', '### Newly failing (3)', '### Failing cases (3)', '### Slices', '### Cost'];
    expect(order.map((h) => markdown.indexOf(h))).toEqual([...order.map((h) => markdown.indexOf(h))].sort((a, b) => a - b));
    expect(order.every((h) => markdown.includes(h))).toBe(true);
    expect(markdown).toMatch(/^- ❌ success\\_rate \(overall\): /m);
    expect(markdown).toMatch(/^- ❌ policy\\_compliance \(overall\): /m);
    expect(markdown).toMatch(/^- `shop\/lookup-1` — outcome: expected outcome completed, got refused$/m);
    expect(markdown).toMatch(/^\| `shop\/refund-3` \| failed \| outcome: expected outcome completed, got refused/m);
    expect(markdown).toMatch(/^\| overall \| 5 \| \*\*40% \(.+\)\*\* ❌ \|/m);
    expect(read(dir, 'step-summary.md')).toBe(`# earlier step\n${markdown}\n`);

    // JUnit: the failing cases as <failure>, with the check that failed.
    const junit = read(dir, 'out/junit.xml');
    expect(junit).toContain('tests="5" failures="3" errors="0"');
    expect(junit).toMatch(/<testcase name="lookup-1" classname="shop"[^>]*>\s*<failure message="outcome: expected outcome completed, got refused">/);
    expect(junit).toMatch(/<testcase name="refund-3" classname="shop"[^>]*>\s*<failure message="outcome: /);

    // HTML: the verdict, both thresholds, the failing cases with the denied refund in their policy decisions.
    const html = read(dir, 'out/report.html');
    expect(html).toContain('<div id="verdict" class="verdict fail">Gate FAILED (2 thresholds)</div>');
    expect(html.match(/<tr class="failed"><td>✘<\/td><td>(success_rate|policy_compliance) \(overall\)/g)).toHaveLength(2);
    expect(html.match(/<details class="case" data-status="failed"/g)).toHaveLength(3);
    expect(html).toMatch(/<td>refund-cap<\/td><td><code>issue_refund<\/code><\/td><td>deny<\/td>/);

    // Agent text: PII redacted and no raw terminal escape anywhere; markup escaped where it would be markup.
    const json = read(dir, 'out/report.json');
    for (const text of [stdout, markdown, junit, html, json]) {
      expect(text).not.toContain('jane.doe@corp.example.com');
      expect(text).not.toContain('\x1b');
    }
    for (const text of [markdown, junit, html]) expect(text).not.toContain('<script>window');
    expect(markdown).toContain('found "mail \\[email\\] &lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;&lt;img src=x');
    expect(html).toContain('mail [email] &lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; @octocat **bold** | \\x1b[2J\\x1b]0;owned\\x07');
    expect(HOSTILE_OUTPUT).toContain('\x1b');
  });

  it('annotate as the gate judged: a new failure is an error, a known failure a warning, a quarantined case a notice', async () => {
    const suite = SUITE.replace('  - id: lookup-2\n', '  - id: lookup-2\n    quarantine: { until: 2099-01-31, reason: "flaky upstream" }\n');
    const dir = shopProject({ 'evals/shop.suite.yaml': suite });
    // refund-3 already fails in the baseline; lookup-1 breaks now; lookup-2 breaks too, but is quarantined.
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'refund-3' })).exitCode).toBe(0);
    const { exitCode, stdout } = await runCli(dir, ['eval', '--reporter', 'github'], { AGENT_FAIL_CASES: 'lookup-1,lookup-2,refund-3' });
    expect(exitCode).toBe(1);
    const annotations = stdout.split('\n').filter((line) => line.startsWith('::'));
    const at = (id: string) => `file=evals/shop.suite.yaml,line=${idPosition(id, suite).line},col=${idPosition(id, suite).column}`;
    const refused = 'outcome: expected outcome completed, got refused (expected "completed", found "refused")';
    // The thresholds that failed come first, errors all (GitHub shows a step's first ten of a level only).
    const gate = annotations.filter((l) => l.startsWith('::error title=agentready gate%3A '));
    expect(gate.length).toBeGreaterThan(0);
    expect(annotations.slice(0, gate.length)).toEqual(gate);
    expect(annotations.slice(gate.length)).toEqual([
      `::error ${at('lookup-1')},title=agentready%3A shop/lookup-1 newly failing::${refused}%0Atrace ${traceOf(dir, 'lookup-1')}`,
      `::notice ${at('lookup-2')},title=agentready%3A shop/lookup-2 failed (quarantined)::quarantined until 2099-01-31 (flaky upstream): reported, not counted by the gate%0A${refused}%0Atrace ${traceOf(dir, 'lookup-2')}`,
      `::warning ${at('refund-3')},title=agentready%3A shop/refund-3 failed (known failure)::failed in the baseline too: a known failure, not a regression%0A${refused}%0Atrace ${traceOf(dir, 'refund-3')}`,
    ]);
  });

  it('draw the cost of attempts that all cost the same as one labelled bar in the HTML report', async () => {
    // No pricing: every attempt costs $0.
    const dir = makeProject({
      'agent.mjs': `import { serveStdio } from ${JSON.stringify(join(REPO, 'fixtures/agents/lib/stdio-agent.js'))};\nserveStdio(async () => ({ outcome: 'completed', output: 'done' }), { name: 'flat', version: '1.0.0' });\n`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [evals/*.suite.yaml]\n',
      'evals/flat.suite.yaml': `suite: flat\ntools: []\ncases:\n${['a', 'b', 'c'].map((id) => `  - id: ${id}\n    input: "${id}"\n    expect: { outcome: completed }\n`).join('')}`,
    });
    expect((await runCli(dir, ['eval', '--reporter', 'html:out/report.html'])).exitCode).toBe(0);
    const chart = /<svg id="cost-chart"[\s\S]*?<\/svg>/.exec(read(dir, 'out/report.html'))?.[0] ?? '';
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(chart).toContain('<title>$0.00: 3 attempts, all the same</title>');
    expect(chart).toContain('>$0.00: every one of 3 attempts</text>');
  });

  it('keep the other reporters\' files when one reporter fails at the end, and say which failed, as the user named it, and its file', async () => {
    const dir = shopProject();
    // The folder could be made when the run started; during the run a file takes its place.
    const { exitCode, stderr } = await runCli(dir, ['eval', '--reporter', 'html:blocker/report.html', '--reporter', 'markdown:out/summary.md', '--reporter', 'junit:out/junit.xml'], {
      AGENT_WRITES: join(dir, 'blocker'),
    });
    // The others still wrote their files, but a missing report must not let CI go green.
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/^agentready: reporter html could not write blocker\/report\.html: .*blocker/m);
    expect(stderr).not.toContain('HtmlReporter');
    expect(stderr).toContain('a reporter failed, so its output is missing (exit 3)');
    expect(read(dir, 'out/summary.md')).toMatch(/^## ✅ agentready: gate passed/);
    expect(read(dir, 'out/junit.xml')).toContain('tests="5"');
  });
});

describe('a case\'s description', () => {
  it('is shown where its failing case is: the terminal\'s failure, the markdown and HTML reports, the review; redacted, its escapes and markup neutralised', async () => {
    const described = SUITE.replace(
      '  - id: lookup-1\n',
      '  - id: lookup-1\n    description: |\n      Lookup <b>by id</b> | asks jane.doe@corp.example.com\n      then \x1b[2J clears\n',
    );
    const dir = shopProject({ 'evals/shop.suite.yaml': described });
    const { exitCode, stdout } = await runCli(dir, ['eval', '--no-gate', '--reporter', 'terminal', '--reporter', 'markdown:out/summary.md', '--reporter', 'html:out/report.html'], { AGENT_FAIL_CASES: 'lookup-1' });
    expect(exitCode).toBe(0);
    expect(stdout).toContain('    description Lookup <b>by id</b> | asks [email] then \\x1b[2J clears\n    trace ');
    expect(read(dir, 'out/summary.md')).toMatch(/^\| `shop\/lookup-1`<br>Lookup &lt;b&gt;by id&lt;\/b&gt; \\\| asks \\\[email\\\] then \\\\x1b\\\[2J clears \| failed \|/m);
    expect(read(dir, 'out/report.html')).toContain('<div class="case-body">\n<p class="description">Lookup &lt;b&gt;by id&lt;/b&gt; | asks [email]\nthen \\x1b[2J clears\n</p>');
    const review = await runCli(dir, ['review']);
    expect(review.stdout).toContain('- [ ] **`shop/lookup-1`** · low · policy-denied · trace');
    expect(review.stdout).toMatch(/^ {2}- Description: Lookup &lt;b&gt;by id&lt;\/b&gt; \\\| asks \\\[email\\\] then \\\\x1b\\\[2J clears\n {2}- Input: /m);
    for (const output of [stdout, read(dir, 'out/summary.md'), read(dir, 'out/report.html'), review.stdout]) {
      expect(output).not.toContain('jane.doe');
      expect(output).not.toContain('\x1b');
    }
  });
});

describe('a reason that goes on over several lines', () => {
  it('is its first line and " …" on the case line and in the JUnit message, each line on its own in the failure list, never a literal \\n', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: "a", expect: { output: { json_schema: { type: object } } } }\n',
      // JSON.parse's message quotes the text it could not read, line breaks included.
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'line one\\nline two' });\n",
    });
    const { exitCode, stdout } = await runCli(dir, ['eval', '--reporter', 'terminal', '--reporter', 'junit:junit.xml']);
    expect(exitCode).toBe(1);
    const caseLines = stdout.split('\n').filter((line) => line.startsWith('✗ s/a'));
    // (The found value is JSON: its \n is JSON's own escape.)
    expect(caseLines.filter((line) => line.includes('\\n'))).toEqual([]);
    expect(caseLines).toHaveLength(2);
    expect(caseLines[0]).toMatch(/^✗ s\/a {2}output: is not JSON \(.*"line one …$/);
    // The failure list goes on with the rest of the reason, on its own line.
    expect(caseLines[1]).toMatch(/^✗ s\/a {2}output: is not JSON \(.*"line one$/);
    expect(stdout).toMatch(/"line one\n {4}line two" is not valid JSON\)\n/);
    expect(read(dir, 'junit.xml')).toMatch(/<failure message="output: is not JSON \(.*&quot;line one …">/);
  });
});

describe('the terminal reporter on a real pseudo-terminal (util-linux `script`)', () => {
  // The parent's environment without what decides colour and CI, so each run sets its own.
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY'].includes(key)),
  );
  const onTty = async (dir: string, env: Record<string, string>) => {
    const result = await execa('script', ['-qec', `node ${JSON.stringify(BIN)} eval`, '/dev/null'], { cwd: dir, env: { ...baseEnv, TERM: 'xterm', COLUMNS: '80', npm_config_user_agent: '', ...env }, extendEnv: false, reject: false });
    return String(result.stdout);
  };
  const SGR = /\x1b\[[\d;]*m/g;

  it('draws progress with counts, elapsed and ETA, colours a TTY unless NO_COLOR, and fits the table in 80 columns', async () => {
    const dir = shopProject();
    const tty = await onTty(dir, { AGENT_FAIL_CASES: 'lookup-2' });
    expect(tty).toMatch(/\r\x1b\[2K1\/5 cases · [01] passed · [01] failed · \d+(\.\d)?m?s · ETA \d+(\.\d)?m?s/);
    expect(tty).toMatch(/\r\x1b\[2K5\/5 cases · 4 passed · 1 failed · \d+(\.\d)?m?s\r\x1b\[2K/);
    expect(tty).toContain('\x1b[1mslice\x1b[22m');
    const plain = tty.replace(SGR, '').split(/\r?\n/);
    const head = plain.findIndex((l) => l.startsWith('slice '));
    const table = plain.slice(head, plain.indexOf('', head));
    expect(table.length).toBeGreaterThanOrEqual(3);
    for (const line of table) expect(line.length, line).toBeLessThanOrEqual(80);

    const noColor = await onTty(dir, { NO_COLOR: '1' });
    expect(noColor).toMatch(/\r\x1b\[2K5\/5 cases · 5 passed · 0 failed/);
    expect(noColor).not.toMatch(SGR);

    const forced = await runCli(dir, ['eval'], { NO_COLOR: '', FORCE_COLOR: '1' }); // a pipe under CI
    expect(forced.stdout).toContain('\x1b[1mslice\x1b[22m');
    expect(forced.stdout + forced.stderr).not.toContain('\x1b[2K');
  });
});

describe('agentready card', () => {
  it('explains authority, costs and failure handling from the config and the latest runs', async () => {
    const dir = await evaluatedShop();
    writeKillSwitchRun(dir, { ready: true, attempts: 5, write_ran: 0, answered: 3, escalated: 2 });

    const text = await runCli(dir, ['card']);
    expect(text.exitCode).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(text.stdout).toContain('  read       lookup_order\n');
    expect(text.stdout).toContain('  approve    issue_refund [money]\n');
    expect(text.stdout).toContain('  approval   issue_refund\n');
    expect(text.stdout).toContain('refund-cap · issue_refund: deny if arguments.amount gt 100');
    expect(text.stdout).toMatch(/per task {3}p50 \$0\.\d+ · p95 \$0\.\d+/);
    expect(text.stdout).toContain('case caps  $0.05 · no model-call cap · 6 tool calls');
    expect(text.stdout).toMatch(/kill switch held \(run 99999999-000000-kill; attempts 5, write_ran 0,\s+answered\s+3, escalated 2\)/);
    expect(text.stdout).toMatch(/◐ partly {2}1\. One workflow, 2–3 metrics, baselines\n +2 gated metrics \(policy_compliance, success_rate\); baseline\s+missing\n +→ run `agentready baseline update`/);
    expect(text.stdout).toMatch(/✔ covered 3\. Deterministic policy layer/);
    expect(text.stdout).toMatch(/✘ missing 5\. Evals as CI with adversarial tests\n +5 cases, 0 adversarial; CI workflow not found/);
    expect(text.stdout).toMatch(/✔ covered 6\. Observability[\s\S]*`agentready replay\s+<trace_id>` re-runs a case/);

    const json = JSON.parse((await runCli(dir, ['card', '--format', 'json'])).stdout);
    expect(json.format).toBe('agentready-card');
    expect(json.authority.tools.map((t: { name: string; needs_approval: boolean }) => [t.name, t.needs_approval])).toEqual([
      ['issue_refund', true],
      ['lookup_order', false],
    ]);
    expect(json.last_run.attempts).toBe(5);
    expect(json.last_run.cost_total).toBeGreaterThan(0);
    expect(json.failure_handling.kill_switch).toMatchObject({ run_id: '99999999-000000-kill', pass: true });
    expect(json.checklist.map((i: { section: number; status: string }) => i.section)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const markdown = (await runCli(dir, ['card', '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/^## Readiness card · `agentready.config.yaml`/);
    expect(markdown).toContain('| `issue_refund` | approve | money | required | refund-cap |');
    expect(markdown).toMatch(/\| ✔ covered \| 3\. Deterministic policy layer \|/);

    const bad = await runCli(dir, ['card', '--format', 'xml']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('agentready: unknown --format value "xml"\n  choices: text, markdown, json\n');
    const typo = await runCli(dir, ['card', '--format', 'jsno']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('agentready: unknown --format value "jsno" (did you mean json?)');
  });
});

// Returns the trace id of a case in the latest run.
function traceOf(dir: string, caseId: string): string {
  const lines = readFileSync(join(latestRunDir(dir), 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return lines.find((l) => l.case_id === caseId).trace_id;
}

// Writes a kill-switch run folder as `eval --kill-switch` leaves it (summary.json with kill_switch figures), sorting after the others.
describe('agentready card: which run, which baseline', () => {
  it('with only filtered runs, says the figures are those of the cases the run ran', async () => {
    const dir = shopProject();
    expect((await runCli(dir, ['eval', '--no-gate', '--grep', '^lookup-1$'])).exitCode).toBe(0);
    const onlyFiltered = await runCli(dir, ['card']);
    expect(onlyFiltered.stdout).toMatch(/This run was filtered \(--grep \^lookup-1\$\): its figures are those of\s+the\s+cases\s+it\s+ran/);
    expect(onlyFiltered.stdout).toMatch(/last run {3}\$[\d.]+ for 1 attempt ·/);
  });

  it('speaks of the newest run of every case, not a newer filtered one nor a replay', async () => {
    const dir = await evaluatedShop();
    const full = latestRunDir(dir).split('/').at(-1)!;
    expect((await runCli(dir, ['eval', '--no-gate', '--grep', '^lookup-1$'])).exitCode).toBe(0);
    expect((await runCli(dir, ['replay', `${full}/lookup-2`])).exitCode).toBe(0);
    const card = await runCli(dir, ['card']);
    expect(card.stdout).toContain(`last run ${full}`);
    expect(card.stdout).not.toContain('filtered');
    expect(card.stdout).toMatch(/last run {3}\$[\d.]+ for 5 attempts/);
    const json = JSON.parse((await runCli(dir, ['card', '--format', 'json'])).stdout);
    expect(json.last_run).toMatchObject({ run_id: full, attempts: 5, filtered: null });
  });

  it('passes over a score of traces that name only some of the cases (shadow mode); a rescore of every case counts', async () => {
    const dir = await evaluatedShop();
    const full = latestRunDir(dir).split('/').at(-1)!;
    const traces = read(dir, `.agentready/runs/${full}/traces.jsonl`);
    writeFileSync(join(dir, 'one.jsonl'), `${traces.split('\n')[0]}\n`);
    expect((await runCli(dir, ['score', 'one.jsonl', '--no-gate'])).exitCode).toBe(0);
    const card = await runCli(dir, ['card']);
    expect(card.stdout).toContain(`last run ${full}`);
    expect(card.stdout).toMatch(/last run {3}\$[\d.]+ for 5 attempts/);

    expect((await runCli(dir, ['score', `.agentready/runs/${full}/traces.jsonl`, '--no-gate'])).exitCode).toBe(0);
    const rescore = latestRunDir(dir).split('/').at(-1)!;
    expect(rescore).not.toBe(full);
    expect((await runCli(dir, ['card'])).stdout).toContain(`last run ${rescore}`);
  });

  it('says a baseline git does not track is present but not committed, and committed once git tracks it', async () => {
    const dir = await baselinedShop();
    // No git checkout around the temp project: it cannot tell.
    expect((await runCli(dir, ['card'])).stdout).toMatch(/baseline\s+present\s+\(no\s+git\s+checkout/);
    await execa('git', ['init', '-q'], { cwd: dir });
    const untracked = (await runCli(dir, ['card'])).stdout;
    expect(untracked).toMatch(/◐ partly {2}1\. One workflow, 2–3 metrics, baselines\n[^→]*baseline\s+present\s+but\s+not\s+committed\n\s+→ commit the baseline file/);
    expect(untracked).not.toContain('baseline committed');
    // Staged is not committed: CI checks out commits.
    await execa('git', ['add', 'agentready.baseline.json'], { cwd: dir });
    expect((await runCli(dir, ['card'])).stdout).toMatch(/baseline\s+present\s+but\s+not\s+committed\n\s+→ commit the baseline file/);
    const git = ['-c', 'user.name=agentready test', '-c', 'user.email=test@127.0.0.1', '-c', 'commit.gpgsign=false'];
    await execa('git', [...git, 'commit', '-q', '-m', 'baseline'], { cwd: dir });
    expect((await runCli(dir, ['card'])).stdout).toMatch(/\(policy_compliance, success_rate\); baseline\s+committed\n/);
    // Changed since its commit: the pull request's gate would still read the committed one.
    writeFileSync(join(dir, 'agentready.baseline.json'), readFileSync(join(dir, 'agentready.baseline.json'), 'utf8') + '\n');
    expect((await runCli(dir, ['card'])).stdout).toMatch(/baseline\s+committed,\s+with\s+changes\s+not\s+committed\n\s+→ commit the baseline file's changes/);
    // Removed from the index: the next commit deletes it.
    await execa('git', ['rm', '-q', '--cached', 'agentready.baseline.json'], { cwd: dir });
    expect((await runCli(dir, ['card'])).stdout).toMatch(/baseline\s+present\s+but\s+not\s+committed\n\s+→ commit the baseline file/);
  });
});

describe('agentready card on redaction', () => {
  it('says PII is redacted only of a run that was: one made with --no-redact is partly covered, and its run folder says so', async () => {
    const dir = await evaluatedShop();
    const redacted = latestRunDir(dir);
    expect(JSON.parse(readFileSync(join(redacted, 'summary.json'), 'utf8')).redacted).toBe(true);
    expect(JSON.parse(readFileSync(join(redacted, 'results.jsonl'), 'utf8').split('\n')[0]!).redacted).toBe(true);
    expect((await runCli(dir, ['card'])).stdout).toMatch(/✔ covered 6\. Observability[^\n]*\n[^✔◐✘]*PII redacted in\s+every file/);

    expect((await runCli(dir, ['eval', '--no-gate', '--no-redact'])).exitCode).toBe(0);
    const raw = latestRunDir(dir);
    expect(JSON.parse(readFileSync(join(raw, 'summary.json'), 'utf8')).redacted).toBe(false);
    expect(JSON.parse(readFileSync(join(raw, 'results.jsonl'), 'utf8').split('\n')[0]!).redacted).toBe(false);
    const card = await runCli(dir, ['card']);
    expect(card.stdout).not.toContain('PII redacted in every file');
    expect(card.stdout).toMatch(/◐ partly {2}6\. Observability[^\n]*\n[^✔◐✘]*PII NOT\s+redacted\s+\(made\s+with\s+--no-redact/);
    const json = JSON.parse((await runCli(dir, ['card', '--format', 'json'])).stdout);
    expect(json.last_run.redacted).toBe(false);
    expect(json.checklist[5]).toMatchObject({ section: 6, status: 'partly' });
  });
});

function writeKillSwitchRun(dir: string, figures: Record<string, unknown>): void {
  const runDir = join(dir, '.agentready/runs/99999999-000000-kill');
  if (!existsSync(runDir)) mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'summary.json'), JSON.stringify({ format: 'agentready-summary', version: 1, run_id: '99999999-000000-kill', verdict: null, kill_switch: { ...figures, failing: [] } }));
}
