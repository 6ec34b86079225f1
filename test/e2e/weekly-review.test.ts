// The weekly review and the review sample over real runs of the shop agent: three runs in which
// one case breaks and is fixed and another breaks, as a team sees them in `report` and `review`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { shopProject } from './helpers/report-project.js';
import { copiesOf, runCli } from './helpers/run-cli.js';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** The shop project after three evals: all pass; lookup-1 regresses; lookup-1 is fixed and refund-3 regresses. */
async function evalThreeTimes(): Promise<string> {
  const dir = shopProject();
  for (const failing of ['', 'lookup-1', 'refund-3']) {
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate'], { AGENT_FAIL_CASES: failing });
    expect(exitCode, stderr).toBe(0);
  }
  return dir;
}

/**
 * A copy of the project after the three evals, which run once for the file: each test reads,
 * writes and changes (the run folders, the suite) a project of its own, so the tests run at once.
 */
const threeRuns = copiesOf(evalThreeTimes);

describe.concurrent('agentready report', () => {
  it('names what changed over three runs, the failure reasons, policy blocks, costs and flaky cases', async () => {
    const dir = await threeRuns();
    const { exitCode, stdout, stderr } = await runCli(dir, ['report', '--since', '7d', '--reporter', 'terminal', '--reporter', 'markdown:out/weekly.md', '--reporter', 'html:out/weekly.html', '--reporter', 'json:out/weekly.json']);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/^Weekly review · 3 runs · \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d · 15 attempts$/m);
    expect(stdout).toMatch(/^What changed \(\S+ against \S+\)\n {2}✗ new failure {2}shop\/refund-3 {2}outcome: expected outcome completed, got refused {2}trace [0-9a-f]{32}\n {2}✓ fixed {8}shop\/lookup-1$/m);
    expect(stdout).toContain('  success_rate (overall)  1.000 → 0.800 → 0.800  max_drop_pp 0');
    expect(stdout).toMatch(/ {5}2× outcome: expected outcome completed, got refused {2}2 cases, e\.g\. shop\/lookup-1, shop\/refund-3/);
    expect(stdout).toMatch(/ {5}2× refund-cap · issue_refund · deny {2}e\.g\. shop\/lookup-1, shop\/refund-3/);
    expect(stdout).toMatch(/ {2}model {2}small-model {2}\$0\.\d+ · 15 calls/);
    // lookup-1 broken and fixed, refund-3 broken: by the agent's code changing (here its environment), not flakiness. No git: nothing says two runs ran the same code.
    expect(stdout).toContain('Flaky cases (passed and failed on the same code: in one run, or in runs of one commit with nothing uncommitted)\n  no case flipped');

    const markdown = read(dir, 'out/weekly.md');
    expect(markdown).toContain('## agentready weekly review');
    expect(markdown).toMatch(/- ❌ new failure `shop\/refund-3` — outcome: expected outcome completed, got refused \(trace `[0-9a-f]{32}`\)/);
    expect(markdown).toContain('- ✅ fixed `shop/lookup-1`');
    const html = read(dir, 'out/weekly.html');
    expect(html.match(/<polyline class="line"/g)).toHaveLength(2);
    const json = JSON.parse(read(dir, 'out/weekly.json')) as { changes: { new_failures: { key: string }[]; fixed: { key: string }[] }; window: { runs: unknown[] } };
    expect(json.window.runs).toHaveLength(3);
    expect(json.changes.new_failures.map((m) => m.key)).toEqual(['shop/refund-3']);
    expect(json.changes.fixed.map((m) => m.key)).toEqual(['shop/lookup-1']);
    // Named as eval names the reports it wrote: one line on stdout, after the review, the paths as given.
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('Wrote out/weekly.md, out/weekly.html, out/weekly.json');
    expect(stderr).not.toContain('wrote');
  });

  it('quotes a new failure\'s reason as the run printed it, numbers kept (they tell one order from another); a grouped reason shows # only where its failures differ', async () => {
    const dir = await threeRuns();
    const suite = join(dir, 'evals/shop.suite.yaml');
    // lookup-2 now asks for order 22 in its output; the agent says "Order 2 has shipped."
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('    expect: { outcome: completed }\n  - id: refund-3', '    expect: { outcome: completed, output: { contains: "Order 22" } }\n  - id: refund-3'));
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    const { exitCode, stdout, stderr } = await runCli(dir, ['report']);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/✗ new failure {2}shop\/lookup-2 {2}output: does not contain "Order 22" {2}trace [0-9a-f]{32}/);
    // One failure varies in nothing: the expectation's own "Order 22" stays, not "Order #".
    expect(stdout).toMatch(/ {5}1× output: does not contain "Order 22" {2}1 case, e\.g\. shop\/lookup-2/);
  });

  it('calls flaky only a case that passed and failed on the same code: in a run\'s repeats, or in runs of one commit with nothing uncommitted', async () => {
    const dir = shopProject();
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@127.0.0.1', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
    const evalRun = async (env: Record<string, string>, args: string[] = []) => {
      const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate', ...args], env);
      expect(exitCode, stderr).toBe(0);
    };
    await git('init', '-q');
    await git('add', 'agent.mjs', 'agentready.config.yaml', 'policy.yaml', 'evals');
    await git('commit', '-qm', 'agent');
    await evalRun({});
    // The user breaks lookup-1 in the agent's code, not committed yet: the code run is not the commit's.
    writeFileSync(join(dir, 'agent.mjs'), `${read(dir, 'agent.mjs')}// broken\n`);
    await evalRun({ AGENT_FAIL_CASES: 'lookup-1' });
    const history = read(dir, '.agentready/history.jsonl').trim().split('\n').map((line) => JSON.parse(line) as { case_id: string; uncommitted?: true });
    expect(history.filter((e) => e.case_id === 'lookup-1').map((e) => e.uncommitted)).toEqual([undefined, true]);
    const broken = await runCli(dir, ['report']);
    expect(broken.stdout).toContain('same code: in one run, or in runs of one commit with nothing uncommitted)\n  no case flipped');
    // Committed, the agent passes and then, on that same commit, refund-3 fails once: flaky. lookup-2 passes and fails within one run's repeats.
    await git('commit', '-qam', 'fix');
    await evalRun({});
    await evalRun({ AGENT_FAIL_CASES: 'refund-3' });
    await evalRun({ AGENT_FLAKY_CASES: 'lookup-2' }, ['--repeat', '3', '--grep', 'lookup-2']);
    const { exitCode, stdout, stderr } = await runCli(dir, ['report', '--reporter', 'terminal', '--reporter', 'json:weekly.json']);
    expect(exitCode, stderr).toBe(0);
    // `|` where the code changed: the first commit, the uncommitted change, then the second commit's runs, compared with each other.
    expect(stdout).toContain('  shop/refund-3  1.000  P|P|PF  1 flip in 1 same-code pair');
    expect(stdout).toContain('  shop/lookup-2  0.500  P|P|PPPFP  2 flips in 4 same-code pairs');
    expect(stdout).not.toMatch(/^ {2}shop\/lookup-1 /m);
    const json = JSON.parse(read(dir, 'weekly.json')) as { flaky: { key: string; compared: number }[] };
    expect(json.flaky.map((f) => [f.key, f.compared])).toEqual([['shop/refund-3', 1], ['shop/lookup-2', 4]]);
  }, 60_000); // seven CLI runs and five git commands: past the 30 s default under a load of 17

  it('is exit 2 on a bad --since or format, and with nothing to review (no run and no history), as review is with no run', async () => {
    const dir = shopProject();
    const empty = await runCli(dir, ['report']);
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain(
      'agentready: no run under .agentready/runs to review (kill-switch runs and replays are not counted) and no history in .agentready/history.jsonl\n  run `agentready eval` first',
    );
    expect(empty.stdout).toBe('');
    const since = await runCli(dir, ['report', '--since', 'last week']);
    expect(since.exitCode).toBe(2);
    expect(since.stderr).toContain('bad --since "last week"');
    const format = await runCli(dir, ['report', '--reporter', 'junit']);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('unknown report format "junit"');
  });
});

describe.concurrent('agentready report over a window with no run', () => {
  it('reviews the history alone when the history covers it (exit 0), and with no history says to widen --since (exit 2)', async () => {
    const dir = await threeRuns();
    // The three runs as if they started last month: none in a 7-day window.
    for (const id of readdirSync(join(dir, '.agentready/runs'))) {
      const file = join(dir, '.agentready/runs', id, 'results.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"started_at":"[^"]+"/, '"started_at":"2020-01-01T00:00:00.000Z"'));
    }
    // As if the three runs were made at one commit, nothing uncommitted: lookup-1's flips are then flakiness.
    const history = join(dir, '.agentready/history.jsonl');
    writeFileSync(history, readFileSync(history, 'utf8').replace(/"timestamp":/g, '"commit":"c1","timestamp":'));
    const covered = await runCli(dir, ['report', '--since', '7d']);
    expect(covered.exitCode, covered.stderr).toBe(0);
    expect(covered.stderr).toMatch(/agentready: no run since \S+ under \.agentready\/runs: the review covers the history in \.agentready\/history\.jsonl only/);
    expect(covered.stdout).toContain('  shop/lookup-1  1.000  PFP  2 flips in 2 same-code pairs');
    rmSync(join(dir, '.agentready/history.jsonl'));
    const none = await runCli(dir, ['report', '--since', '7d']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/agentready: no run since \S+ under \.agentready\/runs to review \(kill-switch runs and replays are not counted\) and no history in \.agentready\/history\.jsonl; 3 runs started before it\n {2}widen --since \(e\.g\. --since 30d\), or leave it out to review every run/);
  });
});

describe.concurrent('agentready review', () => {
  it('writes a seeded, risk-weighted checklist of the latest run: failing and policy-denied cases first', async () => {
    const dir = await threeRuns();
    const first = await runCli(dir, ['review', '--seed', '7', '--rates', 'high=1,medium=0.25,low=0.5', '--out', 'out/review.md']);
    expect(first.exitCode, first.stderr).toBe(0);
    // On stdout, named as eval and report name the files they wrote; nothing on stderr.
    expect(first.stdout).toMatch(/^Wrote out\/review\.md: \d of 5 attempts of run \S+ \(1 failing or policy-denied, \d sampled\)$/);
    expect(first.stderr).toBe('');
    // A path is named as given, as eval names its reports: an absolute one stays absolute.
    const absolute = join(dir, 'out', 'absolute.md');
    const given = await runCli(dir, ['review', '--seed', '7', '--out', absolute]);
    expect(given.exitCode, given.stderr).toBe(0);
    expect(given.stdout.startsWith(`Wrote ${absolute}: `), given.stdout).toBe(true);
    const text = read(dir, 'out/review.md');
    expect(text).toContain('Seed 7 · rates `high=1,medium=0.25,low=0.5`');
    expect(text).toMatch(/## Failing or policy-denied \(1\)\n\n- \[ \] \*\*`shop\/refund-3`\*\* · high · policy-denied · trace `[0-9a-f]{32}`\n {2}- Input: I was charged twice for order 3\n {2}- Outcome: refused — outcome: expected outcome completed, got refused/);
    expect(text).toContain('  - Tool calls: `lookup_order {"order_id":"3"}` → answered; `issue_refund {"order_id":"3","amount":500}` → policy_denied');
    expect(text).toMatch(/## Sampled \(\d\)\n\n- \[ \] \*\*`shop\/refund-4`\*\* · high · sampled/);

    const again = await runCli(dir, ['review', '--seed', '7', '--rates', 'high=1,medium=0.25,low=0.5']);
    // The same seed gives the same sample (execa drops the last newline of stdout).
    expect(`${again.stdout}\n`).toBe(text);

    // The input shown is what the run asked, from its trace, not the suite as edited since.
    const suite = join(dir, 'evals/shop.suite.yaml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('I was charged twice for order 3', 'Order 3 was billed twice'));
    const edited = await runCli(dir, ['review', '--seed', '7', '--rates', 'high=1,medium=0.25,low=0.5']);
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('- Input: I was charged twice for order 3');
  });

  it('is exit 2 with no run to review, or a bad rate', async () => {
    const dir = shopProject();
    const none = await runCli(dir, ['review']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('no run under .agentready/runs to review');
    const rates = await runCli(dir, ['review', '--rates', 'urgent=1']);
    expect(rates.exitCode).toBe(2);
    expect(rates.stderr).toContain('bad --rates entry "urgent=1"');
    // A seed is digits within 2^53 (the other refused seeds are review-seed.test.ts's): "0x10" read as 16.
    const bad = await runCli(dir, ['review', '--seed', '0x10']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('agentready: bad --seed "0x10"\n  give a whole number of at most 9007199254740991, e.g. --seed 7');
    // --out naming a folder is told as a reporter's path is, not as a bug (EISDIR, exit 3).
    const folder = await runCli(dir, ['review', '--out', '.']);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('agentready: --out cannot write .: it is a folder\n  name a file in it, as --out ./agentready-review.md');
    expect(folder.stderr).not.toContain('bug in agentready');
  });
});
