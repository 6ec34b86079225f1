// A gate you can trust, as a user meets it: repeats and flaky cases, significance, a suite
// edited after its baseline, baselines snapshotted from a run, and compare.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, copiesOf, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: basics
tools: []
cases:
  - id: case-a
    input: "where is my order"
    tags: [lookup]
    expect: { outcome: completed }
  - id: case-b
    input: "refund please"
    risk: high
    expect: { outcome: completed }
  - id: case-c
    input: "hello"
    expect: { outcome: completed }
`;

function project(agent = 'agent-flaky.js', gate = ''): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand(agent)} }
suites: [evals/*.suite.yaml]
${gate}`,
    'evals/basics.suite.yaml': SUITE,
  });
}

const runIds = (dir: string) => readdirSync(join(dir, '.agentready/runs')).sort();
const baselineOf = (dir: string) => readFileSync(join(dir, 'agentready.baseline.json'), 'utf8');

describe('repeats and flaky cases', () => {
  it('runs each case k times, lists the flaky case in the table, failures, JUnit and the baseline', async () => {
    const dir = project();
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);

    const run = await runCli(dir, ['eval', '--repeat', '2', '--reporter', 'junit:junit.xml', '--reporter', 'markdown:summary.md'], { AGENT_FLAKY_CASES: 'case-a' });
    expect(run.exitCode).toBe(1); // default gate: a case that passed in the baseline fails now (1 of its 2 attempts)
    expect(readJsonl(dir, 'results.jsonl').slice(1)).toHaveLength(6);
    // Cases and attempts each named: the terminal and markdown count cases as JUnit does, attempts apart.
    const counts = '3 cases: 2 passed · 1 failed · 0 errors · 0 skipped · 1 flaky (6 attempts: 5 passed · 1 failed · 0 errors · 0 skipped)';
    expect(run.stdout).toContain(counts);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(counts);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="agentready" tests="3" failures="1" errors="0" skipped="0"');
    expect(junit).toContain('<!-- tests, failures, errors and skipped count cases: each case ran up to 2 attempts (--repeat) and is one testcase');
    expect(junit).toContain('attempts: 6, 5 passed, 1 failed, 0 errors, 0 skipped -->');
    expect(junit).toMatch(/<property name="agentready.attempts" value="6"\/>\s*<property name="agentready.attempts_passed" value="5"\/>\s*<property name="agentready.attempts_failed" value="1"\/>/);
    expect(run.stdout).toContain('repeat 2 · pass^2 66.7% (21–94) · pass@2 100% (44–100) · flaky: basics/case-a');
    expect(run.stdout).toMatch(/✗ basics\/case-a .*\(flaky: 1\/2 attempts passed\)/);
    expect(run.stdout).toMatch(/1 case newly failing:\n\s+✗ basics\/case-a {2}outcome: .*\(flaky: 1\/2 attempts passed\)/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('flaky: 1/2 attempts passed');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
    expect(summary.metrics.overall).toMatchObject({ repeat: 2, flaky_cases: ['basics/case-a'], pass_hat_k: { successes: 2, n: 3 } });

    const snapshot = await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!]);
    expect(snapshot.exitCode).toBe(0);
    expect(snapshot.stdout).toContain('3 cases, 2 passing, 1 flaky');
    const caseLine = baselineOf(dir).split('\n').find((line) => line.includes('"basics/case-a": {'))!;
    expect(caseLine).toMatch(/"basics\/case-a": \{"status": "failed", "passes": 1, "attempts": 2, "flaky": true, .*"fingerprint": "[0-9a-f]+"\},$/);
    // Lines added by hand, a case the suites lack and an attempt past the run's repeat: no session wrote them.
    const results = join(latestRunDir(dir), 'results.jsonl');
    const [, first] = readFileSync(results, 'utf8').split('\n');
    const row = JSON.parse(first!) as { case_id: string };
    writeFileSync(results, `${readFileSync(results, 'utf8')}${JSON.stringify({ ...row, case_id: 'ghost', status: 'failed' })}\n${JSON.stringify({ ...row, attempt: 3, status: 'failed' })}\n`);
    const added = await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toContain('3 cases, 2 passing, 1 flaky');
    expect(added.stderr).toContain('results.jsonl:8:1  warning');
    expect(added.stderr).toContain('left out of the baseline: basics/ghost is no case of the suites');
    expect(added.stderr).toContain('results.jsonl:9:1  warning');
    expect(added.stderr).toContain(`left out of the baseline: attempt 3 of basics/${row.case_id} is past the run's repeat (2)`);
    expect(baselineOf(dir)).not.toContain('ghost');
  });
});

describe('a flaky case that passes fewer of its attempts, the gate passing', () => {
  it('is named beside the success rate\'s move within noise, in the terminal and markdown: the drop is a known failure\'s attempts, not a case newly failing', async () => {
    const dir = project();
    expect((await runCli(dir, ['baseline', 'update', '--repeat', '2'], { AGENT_FLAKY_CASES: 'case-a' })).exitCode).toBe(0);
    const run = await runCli(dir, ['eval', '--repeat', '2', '--reporter', 'markdown:summary.md'], { AGENT_FAIL_CASES: 'case-a' });
    expect(run.exitCode, run.stdout).toBe(0);
    const note = 'success_rate (overall) dropped within noise with no case newly failing: with repeats it counts attempts, and cases that failed in the baseline too passed fewer of theirs: basics/case-a (0/2 attempts passed, 1/2 in the baseline).';
    expect(run.stdout).toContain(`note: ${note}`);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('dropped within noise with no case newly failing');
    // The same case passing as often as in the baseline: nothing to name.
    const same = await runCli(dir, ['eval', '--repeat', '2'], { AGENT_FLAKY_CASES: 'case-a' });
    expect(same.exitCode).toBe(0);
    expect(same.stdout).not.toContain('dropped');
  });
});

describe('significance and a suite edited after its baseline', () => {
  it('passes a drop within noise, says so and warns the suite is too small for the test; an edited case is changed, not newly failing', async () => {
    const dir = project('agent-flaky.js', 'gate: { success_rate: { max_drop_pp: 2, significance: 0.05 } }\n');
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);

    const noisy = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'case-b' });
    expect(noisy.exitCode).toBe(0);
    expect(noisy.stdout).toContain(
      '~ success_rate (overall): 1.000 → 0.667 (−33.3 pp), past max_drop_pp 2 but not significant at 0.05, 95% CI [0.21, 0.94], p=1 (1 down, 0 up of 3 paired; within noise)',
    );
    // With `significance` the paired test decides, so the one-case note would contradict the verdict.
    expect(noisy.stdout).not.toContain('fails on any single newly failing case');
    expect(noisy.stdout).toContain('significance 0.05 needs at least 6 cases moving the same way, and only 3 are paired');

    writeFileSync(join(dir, 'evals/basics.suite.yaml'), SUITE.replace('input: "hello"', 'input: "hello there"'));
    const edited = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'case-c' });
    expect(edited.stdout).toMatch(/1 case changed since the baseline, not compared:\n\s+~ basics\/case-c {2}now failed {2}outcome: /);
    expect(edited.stdout).not.toMatch(/newly failing:/);
    // The changed case is left out of the moves as of the checks: the 2 cases both have did not move.
    expect(edited.stdout).toContain('1 threshold passed');
    expect(edited.stdout).not.toContain('~ success_rate (overall)');
    const verdict = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')).verdict;
    expect(verdict.diff.changed.map((c: { key: string }) => c.key)).toEqual(['basics/case-c']);
  });
});

describe('baseline update', () => {
  it('refuses to write from a run with harness errors unless --force', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-crash-mid-run.js')} }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: ok, input: "fine", expect: { outcome: completed } }\n  - { id: boom, input: "please CRASH", expect: { outcome: completed } }\n',
    });
    const refused = await runCli(dir, ['baseline', 'update']);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain('s/boom');
    expect(refused.stderr).toContain('--force');
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);

    const forced = await runCli(dir, ['baseline', 'update', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(baselineOf(dir)).cases['s/boom'].status).toBe('error');
  });

  it('--from refuses an unknown run and selection flags, with exit 2', async () => {
    const dir = project();
    const unknown = await runCli(dir, ['baseline', 'update', '--from', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no run "nope"');
    const mixed = await runCli(dir, ['baseline', 'update', '--from', 'nope', '--repeat', '2']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain('takes no --repeat');
    // --models sets how a run calls models; a snapshot runs none (it was ignored, exit 0).
    const models = await runCli(dir, ['baseline', 'update', '--from', 'nope', '--models', 'replay']);
    expect(models.exitCode).toBe(2);
    expect(models.stderr).toContain('takes no --models');
  });

  it('--from refuses a run of some of the cases (a filter, --kill-switch), which would drop the others from the baseline', async () => {
    const dir = project('agent-flaky.js');
    expect((await runCli(dir, ['eval', '--no-gate', '--tag', 'lookup'])).exitCode).toBe(0);
    const filtered = await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!]);
    expect(filtered.exitCode).toBe(2);
    expect(filtered.stderr).toContain('selected only some cases (filters, --last-failed or --shard): a baseline records every case');
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    // Nor a run of other suites (another config's, or these before an edit): its cases are not these.
    writeFileSync(join(dir, 'evals/basics.suite.yaml'), `${SUITE}  - id: case-d\n    input: "new"\n    expect: { outcome: completed }\n`);
    const stale = await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!]);
    expect(stale.exitCode).toBe(2);
    expect(stale.stderr).toMatch(/agentready: run \S+ ran other suites than these, or these before an edit \(fingerprint [0-9a-f]+; the suites here are [0-9a-f]+\): a baseline records the cases of the suites as they are here/);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
    writeFileSync(join(dir, 'evals/basics.suite.yaml'), SUITE);
    expect((await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!])).exitCode).toBe(0);
    expect(Object.keys(JSON.parse(baselineOf(dir)).cases)).toHaveLength(3);
  });
});

describe('compare <runA> <runB>', () => {
  /** A project gated on any drop, after one passing eval, its run A: a copy for each test, which makes its run B. */
  const runA = copiesOf(async () => {
    const dir = project('agent-flaky.js', 'gate: { success_rate: { max_drop_pp: 0 } }\n');
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    return dir;
  });

  it('lays two runs side by side with the paired test and exits 1 when B regresses past the gate', async () => {
    const dir = await runA();
    await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'case-b' });
    const [a, b] = runIds(dir);

    const cmp = await runCli(dir, ['compare', a!, `.agentready/runs/${b}`, '--reporter', 'json:out/compare.json']);
    expect(cmp.exitCode).toBe(1);
    expect(cmp.stderr.trim().split('\n').at(-1)).toMatch(/^agentready: the gate failed: success_rate \(overall\): 1\.000 → 0\.667 .*; 1 case newly failing \(exit 1\)$/);
    expect(cmp.stdout).toContain(`Compare A ${a} → B ${b}`);
    expect(cmp.stdout).toMatch(/success_rate\s+100% \(44–100\)\s+66\.7% \(21–94\)\s+−33\.3 pp\s+p=1 \(1↓ 0↑ of 3\)/);
    expect(cmp.stdout).toMatch(/escalation_rate\s+0% \(0–56\)\s+0% \(0–56\)\s+=\s+p=1 \(0↓ 0↑ of 3\)/);
    expect(cmp.stdout).toMatch(/risk:high\s+100% \(21–100\)\s+0% \(0–79\)\s+−100\.0 pp/);
    expect(cmp.stdout).toContain(`Gate (baseline run ${a})`);
    // Failed though within noise: the line says why (no significance asked), not only "within noise".
    expect(cmp.stdout).toContain('✗ success_rate (overall): 1.000 → 0.667 (−33.3 pp), past max_drop_pp 0, 95% CI [0.21, 0.94], p=1 (1 down, 0 up of 3 paired; within noise; the threshold sets no significance, so its limit alone decides)');
    expect(cmp.stdout).toMatch(/1 case newly failing:\n\s+✗ basics\/case-b {2}outcome: expected outcome completed, got refused/);
    expect(cmp.stdout).not.toContain('Running'); // no replayed progress output
    const report = JSON.parse(readFileSync(join(dir, 'out/compare.json'), 'utf8'));
    expect(report.run_id).toBe(b);
    expect(report.verdict.pass).toBe(false);
  });

  it('compares a filtered run B with run A\'s attempts of the cases B selected, as eval narrows the baseline: the others are not removed', async () => {
    const dir = await runA();
    expect((await runCli(dir, ['eval', '--grep', 'case-a'])).exitCode).toBe(0);
    const [a, b] = runIds(dir);
    const cmp = await runCli(dir, ['compare', a!, b!]);
    expect(cmp.stdout).not.toMatch(/only in A|removed since/);
    expect(cmp.stdout).toContain('0 newly passing · 0 added · 0 removed · 0 changed');
    expect(cmp.stdout).toMatch(/success_rate\s+100% \S+\s+100% \S+\s+=\s+p=1 \(0↓ 0↑ of 1\)/);
    expect(cmp.stdout).toContain(`Filtered run: compared with run ${a}'s attempts of the 1 selected case`);
    expect(cmp.exitCode).toBe(0);
  });

  it('refuses a run written by a newer agentready, and names unknown runs, with exit 2', async () => {
    const dir = await runA();
    const [a] = runIds(dir);
    const results = join(dir, '.agentready/runs', a!, 'results.jsonl');
    const [header, ...rest] = readFileSync(results, 'utf8').split('\n');
    writeFileSync(results, [JSON.stringify({ ...JSON.parse(header!), version: 2 }), ...rest].join('\n'));

    const newer = await runCli(dir, ['compare', a!, a!]);
    expect(newer.exitCode).toBe(2);
    expect(newer.stderr).toContain('newer agentready');
    expect(newer.stderr).not.toMatch(/^\s+at /m);

    const missing = await runCli(dir, ['compare', 'no-such-run', a!]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`recent runs: ${a}`);
  });

  it('refuses a run whose results.jsonl was cut short, and one holding no attempt, with exit 2 instead of passing the gate', async () => {
    const dir = await runA();
    await runCli(dir, ['eval']);
    const [a, b] = runIds(dir);
    const results = join(dir, '.agentready/runs', b!, 'results.jsonl');
    const [header] = readFileSync(results, 'utf8').split('\n');
    // A copy that broke off after the first attempt: summary.json, written last, still counts 3.
    writeFileSync(results, readFileSync(results, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    const cut = await runCli(dir, ['compare', a!, b!]);
    expect(cut.exitCode).toBe(2);
    expect(cut.stderr).toContain(`.agentready/runs/${b}/results.jsonl:3:1`);
    expect(cut.stderr).toContain('results.jsonl holds 1 of the 3 attempts its summary.json counts: the file was cut short or edited');
    expect(cut.stdout).not.toContain('Gate passed');

    // A run killed before its first attempt ended: its header alone, no summary.json.
    writeFileSync(results, `${header}\n`);
    rmSync(join(dir, '.agentready/runs', b!, 'summary.json'));
    for (const args of [[a!, b!], [b!, a!]]) {
      const empty = await runCli(dir, ['compare', ...args]);
      expect(empty.exitCode).toBe(2);
      expect(empty.stderr).toContain(`agentready: run ${b} holds no attempt (its results.jsonl has its header alone): there is nothing to compare`);
      expect(empty.stdout).not.toContain('Gate passed');
    }
  });
});
