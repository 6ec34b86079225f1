// A pull request that rewrites the committed baseline passes its own gate by construction: with
// the base branch's baseline (`--base-baseline`, as the workflow `init` writes gets it with `git
// show`), the summary and the comment name what the new one accepts that the base's did not.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { agentCommand, BIN, makeProject, REPO, runCli } from './helpers/run-cli.js';

// agent-toggle answers "ok: <input>" and refuses the cases AGENT_FAIL_CASES names.
const SUITE = `suite: orders
tools: []
cases:
  - { id: status-1, input: "where is order 1", expect: { outcome: completed } }
  - { id: status-2, input: "where is order 2", expect: { outcome: completed } }
  - { id: status-3, input: "where is order 3", expect: { outcome: completed } }
`;

const project = () =>
  makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [evals/*.suite.yaml]\n`,
    'evals/orders.suite.yaml': SUITE,
  });

describe('eval --base-baseline', () => {
  it('names the cases a loosened baseline now accepts as failing, in the terminal and the markdown summary', async () => {
    const dir = project();
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'status-3' })).exitCode).toBe(0);
    copyFileSync(join(dir, 'agentready.baseline.json'), join(dir, 'base.json'));
    // The pull request breaks status-1 and accepts it with a baseline update: its own gate passes.
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'status-1,status-3' })).exitCode).toBe(0);
    const env = { AGENT_FAIL_CASES: 'status-1,status-3' };

    const run = await runCli(dir, ['eval', '--base-baseline', 'base.json', '--reporter', 'markdown:summary.md'], env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("This change loosens the baseline agentready.baseline.json against the base branch's");
    expect(run.stdout).toMatch(/Passing in the base branch's baseline, now recorded as failing \(known failures the gate no longer counts\) \(1\):\n\s+! orders\/status-1\n/);
    expect(run.stdout).toContain("success_rate: 0.667 in the base branch's baseline, 0.333 in this one: max_drop_pp 0 now measures from the lower figure");
    expect(run.stdout).toContain('Gate passed (against a baseline this change loosened)');
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toBe('## ⚠️ agentready: gate passed (against a baseline this change loosened)');
    expect(summary).toContain("### Baseline loosened\n\nThis change loosens the baseline agentready.baseline.json against the base branch's: the gate passed against the loosened one.\n\n- Passing in the base branch's baseline, now recorded as failing (known failures the gate no longer counts) (1): `orders/status-1`\n");

    // Without it, the same run reads as a plain pass.
    const plain = await runCli(dir, ['eval', '--reporter', 'markdown:plain.md'], env);
    expect(plain.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'plain.md'), 'utf8')).not.toContain('loosened');

    // Under --no-gate no gate compares: the flag is said to be ignored, not dropped in silence.
    const ungated = await runCli(dir, ['eval', '--no-gate', '--base-baseline', 'base.json'], env);
    expect(ungated.stderr).toContain('agentready: warning: --base-baseline base.json is ignored: --no-gate judges no baseline\n');
    expect(ungated.stdout).not.toContain('loosen');

    // A base branch with no baseline (git show wrote no file): every failing case is accepted by this one.
    const none = await runCli(dir, ['eval', '--base-baseline', 'missing.json'], env);
    expect(none.stdout).toMatch(/The base branch has no baseline; this one accepts 2 failing cases:\n\s+! orders\/status-1\n\s+! orders\/status-3\n/);

    // A base baseline that is not one is bad input before any case runs.
    writeFileSync(join(dir, 'broken.json'), '{ "not": ');
    const broken = await runCli(dir, ['eval', '--base-baseline', 'broken.json'], env);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('broken.json');
  });

  it('names the cases whose tool scores a baseline update records lower, under a gate on tool correctness, though the overall figure holds', async () => {
    const suite = `suite: orders
tools: [{ name: lookup_order, tier: read, mock: { result: { status: shipped } } }]
cases:
  - { id: status-1, input: "where is order 1", expect: { outcome: completed, tools: [{ name: lookup_order }] } }
  - { id: status-2, input: "where is order 2", expect: { outcome: completed, tools: [{ name: lookup_order }] } }
  - { id: status-3, input: "where is order 3", expect: { outcome: completed, tools: [{ name: lookup_order }] } }
`;
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [evals/*.suite.yaml]\ngate:\n  tool_correctness: { max_drop_pp: 5 }\n`,
      'evals/orders.suite.yaml': suite,
    });
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_SKIP_TOOL_CASES: 'status-2' })).exitCode).toBe(0);
    copyFileSync(join(dir, 'agentready.baseline.json'), join(dir, 'base.json'));
    // The pull request breaks status-1's lookup and records it; status-2's is fixed: the mean holds.
    const env = { AGENT_SKIP_TOOL_CASES: 'status-1' };
    expect((await runCli(dir, ['baseline', 'update'], env)).exitCode).toBe(0);
    const run = await runCli(dir, ['eval', '--base-baseline', 'base.json', '--reporter', 'markdown:summary.md'], env);
    expect(run.exitCode, run.stdout).toBe(0);
    const lead = "tool_correctness recorded lower than in the base branch's baseline (a comparison of these cases, filtered or with the case set changed, measures from the lower score) (1)";
    expect(run.stdout).toContain(`  ${lead}:\n    ! orders/status-1  1.000 → 0.000\n`);
    expect(run.stdout).toContain('Gate passed (against a baseline this change loosened)');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(`- ${lead.replace('tool_correctness', 'tool\\_correctness')}: \`orders/status-1\` 1.000 → 0.000\n`);
  });

  it("the workflow init writes gives merge the base branch's baseline on a pull request, from the merge commit's first parent", async () => {
    const dir = project();
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    await git('init', '-q');
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'status-3' })).exitCode).toBe(0);
    await git('add', 'agentready.baseline.json');
    await git('commit', '-qm', 'base');
    const env = { AGENT_FAIL_CASES: 'status-1,status-3' };
    expect((await runCli(dir, ['baseline', 'update'], env)).exitCode).toBe(0);
    await git('commit', '-qam', 'the pull request');
    // The gate job holds only the shards' run folders.
    rmSync(join(dir, '.agentready/runs'), { recursive: true });
    for (const shard of ['1/2', '2/2']) expect((await runCli(dir, ['eval', '--shard', shard, '--no-gate'], env)).exitCode).toBe(0);

    const template = parse(readFileSync(join(REPO, 'templates/init/github-workflow.yml'), 'utf8')) as { jobs: { gate: { steps: { id?: string; run?: string; with?: Record<string, unknown> }[] } } };
    const { steps } = template.jobs.gate;
    expect(steps[0]!.with?.['fetch-depth']).toBe(2);
    const script = steps.find((step) => step.id === 'merge')!.run!;
    const runnerTemp = join(dir, 'runner-temp');
    mkdirSync(runnerTemp);
    // `npx --no-install agentready` is the CLI built here.
    const merge = (event: string) =>
      execa('bash', ['-e', '-c', `npx() { shift 2; node ${JSON.stringify(BIN)} "$@"; }\n${script}`], {
        cwd: dir,
        reject: false,
        env: { ...env, CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_EVENT_NAME: event, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: join(runnerTemp, 'output') },
      });
    const pullRequest = await merge('pull_request');
    expect(pullRequest.exitCode, pullRequest.stderr).toBe(0);
    const summary = readFileSync(join(runnerTemp, 'agentready-summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toBe('## ⚠️ agentready: gate passed (against a baseline this change loosened)');
    expect(summary).toContain("- Passing in the base branch's baseline, now recorded as failing (known failures the gate no longer counts) (1): `orders/status-1`\n");
    // A push to the default branch has no base to compare with.
    rmSync(join(dir, '.agentready/runs', readdirSync(join(dir, '.agentready/runs')).sort().at(-1)!), { recursive: true });
    const push = await merge('push');
    expect(push.exitCode, push.stderr).toBe(0);
    expect(readFileSync(join(runnerTemp, 'agentready-summary.md'), 'utf8')).toMatch(/^## ✅ agentready: gate passed\n/);
  });
});
