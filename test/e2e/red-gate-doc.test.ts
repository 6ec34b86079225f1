// docs/ci.md, "A red gate, on your machine": the run folders CI uploads, unpacked beside the
// config (the workflow init writes: every shard's run and the merged one) or anywhere (the
// action's artifact is the run folder itself), give a local replay of a failing case, the
// failing cases again with --last-failed, and a baseline from the CI run.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

const FILES = {
  'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-violator.js')} }\nsuites: [evals/*.suite.yaml]\n`,
  'evals/orders.suite.yaml': `suite: orders
tools: []
cases:
  - { id: passes, input: '{"steps": [], "outcome": "completed"}', expect: { outcome: completed } }
  - { id: breaks, input: '{"steps": [], "outcome": "escalated"}', expect: { outcome: completed } }
  - { id: passes-too, input: '{"steps": [], "outcome": "completed"}', expect: { outcome: completed } }
`,
};

const runsOf = (dir: string) => readdirSync(join(dir, '.agentready/runs')).sort();

describe('docs/ci.md: a red gate, on your machine', () => {
  it('replays, re-runs and accepts the run CI uploaded, beside the config or unpacked elsewhere', async () => {
    // CI: the shards, then merge, as the workflow init writes runs them.
    const ci = makeProject(FILES);
    for (const shard of ['1/2', '2/2']) expect((await runCli(ci, ['eval', '--shard', shard, '--no-gate'])).exitCode).toBe(0);
    const merged = await runCli(ci, ['merge', ...runsOf(ci).map((run) => join(ci, '.agentready/runs', run)), '--reporter', 'markdown:summary.md']);
    expect(merged.exitCode).toBe(1);
    const summary = readFileSync(join(ci, 'summary.md'), 'utf8');
    const trace = /`orders\/breaks` \| failed \| .* \| `([0-9a-f]{32})` \|/.exec(summary)?.[1];
    const runId = /run `([^`]+)`/.exec(summary)?.[1];
    expect({ trace: trace !== undefined, runId: runId !== undefined }).toEqual({ trace: true, runId: true });

    // Here: the artifact unpacked beside the config (`gh run download … -n agentready-run`).
    const here = makeProject(FILES);
    cpSync(join(ci, '.agentready/runs'), join(here, '.agentready/runs'), { recursive: true });
    const replayed = await runCli(here, ['replay', trace!]);
    expect(replayed.exitCode).toBe(1);
    expect(replayed.stdout).toContain(`Replaying orders/breaks (recorded trace ${trace})`);
    const lastFailed = await runCli(here, ['eval', '--last-failed']);
    expect(lastFailed.stdout).toContain('Running 1 case');
    expect(lastFailed.stdout).toContain('orders/breaks');
    const accepted = await runCli(here, ['baseline', 'update', '--from', runId!]);
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain('3 cases, 2 passing');

    // Or anywhere, a run folder named by its path (the action's artifact is the folder itself).
    const elsewhere = makeProject({});
    cpSync(join(ci, '.agentready/runs', runId!), join(elsewhere, runId!), { recursive: true });
    const fresh = makeProject(FILES);
    const byPath = await runCli(fresh, ['replay', `${join(elsewhere, runId!)}/breaks`]);
    expect(byPath.stdout).toContain(`Replaying orders/breaks (recorded trace ${trace})`);
    expect((await runCli(fresh, ['baseline', 'update', '--from', join(elsewhere, runId!)])).exitCode).toBe(0);
  });

  it('a red gate on this machine ends with the commands that run the failing cases again and replay the first, which do so; under CI, without them', async () => {
    const dir = makeProject(FILES);
    const local = await runCli(dir, ['eval'], { CI: '' });
    expect(local.exitCode).toBe(1);
    const next = /^Next: `agentready (eval --last-failed)` runs the failing cases again; `agentready replay ([0-9a-f]{32})` replays orders\/breaks, its tool calls answered from this run$/m.exec(local.stdout);
    expect(local.stdout.trimEnd().split('\n').at(-1)).toBe(next?.[0]);
    const replayed = await runCli(dir, ['replay', next![2]!]);
    expect(replayed.stdout).toContain(`Replaying orders/breaks (recorded trace ${next![2]})`);
    // Under CI (the harness's CI=1) the pull request's comment says it: the failing case again, and no such line.
    const again = await runCli(dir, next![1]!.split(' '));
    expect({ code: again.exitCode, running: again.stdout.includes('Running 1 case') }).toEqual({ code: 1, running: true });
    expect(again.stdout).not.toContain('Next:');
  });
});
