// With --repeat and budgets.max_run_cost_usd, a case whose later attempts the cap skipped did not
// run all its attempts: it is not judged (not passed, not in pass^k or pass@k), and a forced
// snapshot of the run records no verdict for it. A case with a failed attempt has failed anyway.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: s
tools: []
cases:
  - { id: a, input: "one", expect: { outcome: completed } }
  - { id: b, input: "two", expect: { outcome: completed } }
`;

// Each attempt costs $0.01; b's agent refuses. At concurrency 1 the attempts run a1, b1, then the
// run has spent $0.02 of its $0.015: a2 and b2 are skipped.
const AGENT = `export default async function agent(task, ctx) {
  ctx.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 0.01 });
  return { outcome: task.case.id === 'b' ? 'refused' : 'completed', output: 'ok' };
}
`;

type Rate = { value: number | null; successes: number; n: number };

describe('a repeated run stopped by budgets.max_run_cost_usd between the attempts of its cases', () => {
  it('counts a case with a passed attempt and a skipped one as skipped, not passed, and leaves it out of pass^k, pass@k and a forced baseline', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1, repeat: 2 }\nbudgets: { max_run_cost_usd: 0.015 }\n',
      's.suite.yaml': SUITE,
      'agent.mjs': AGENT,
    });
    const run = await runCli(dir, ['eval', '--no-gate', '--reporter', 'junit:junit.xml']);
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toContain('2 cases: 0 passed · 1 failed · 0 errors · 1 skipped (4 attempts: 1 passed · 1 failed · 0 errors · 2 skipped)');
    // b alone is judged (failed): pass^2 and pass@2 are 0 of 1 case, not a's pass counted.
    expect(run.stdout).toMatch(/repeat 2 · pass\^2 0% \(0–\d+\) · pass@2 0% \(0–\d+\)/);

    const runDir = latestRunDir(dir);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { metrics: { overall: { pass_hat_k: Rate; pass_at_k: Rate; success_rate: Rate; flaky_cases: string[] } } };
    expect(summary.metrics.overall.pass_hat_k).toMatchObject({ value: 0, successes: 0, n: 1 });
    expect(summary.metrics.overall.pass_at_k).toMatchObject({ value: 0, successes: 0, n: 1 });
    expect(summary.metrics.overall.flaky_cases).toEqual([]);
    // The success rate counts the attempts that ran (SPEC §11 Repeats).
    expect(summary.metrics.overall.success_rate).toMatchObject({ successes: 1, n: 2 });
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<skipped message="skipped: the run reached max_run_cost_usd 0.015 (1/2 attempts ran: not judged)"/>');

    const runId = runDir.split(/[\\/]/).pop()!;
    const forced = await runCli(dir, ['baseline', 'update', '--from', runId, '--force']);
    expect(forced.exitCode).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { cases: Record<string, { status: string }> };
    expect(Object.keys(baseline.cases)).toEqual(['s/b']);
    expect(baseline.cases['s/b']!.status).toBe('failed');
  }, 60_000);
});
