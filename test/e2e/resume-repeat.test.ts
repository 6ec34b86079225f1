// Ctrl-C in a --repeat run: a case that finished fewer attempts than planned is no pass, in the
// interrupted run's pass^k as in its case status (JUnit's too); `--resume` runs its missing attempts, and then it is.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli, startCli } from './helpers/run-cli.js';

function project(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-resumable.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 60000, concurrency: 1, repeat: 2 }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
  - { id: a, input: "one", expect: { outcome: completed } }
  - { id: c, input: "WAIT three", expect: { outcome: completed } }
`,
    // While this file exists, case c waits for Ctrl-C.
    hold: '',
  });
}

type Summary = { metrics: { overall: { pass_hat_k?: { successes: number; n: number }; pass_at_k?: { successes: number; n: number } } } };

function runDir(dir: string): string {
  const runs = readdirSync(join(dir, '.agentready/runs'));
  expect(runs).toHaveLength(1);
  return join(dir, '.agentready/runs', runs[0]!);
}

/** Resolves once ran.log (the agent's own record of the cases it started) names `id`, bounded by the deadline. */
async function waitForStart(dir: string, id: string, deadlineMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (existsSync(join(dir, 'ran.log')) && readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').includes(id)) return;
    if (Date.now() - started > deadlineMs) throw new Error(`the agent did not start case ${id} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check the file, bounded by the deadline
  }
}

describe('eval --repeat 2 interrupted after a case ran 1 of its 2 attempts', () => {
  it('judges that case in neither pass^k nor pass@k, and --resume runs its missing attempt and then judges it', async () => {
    const dir = project();
    const child = startCli(dir, ['eval', '--reporter', 'junit:first.xml']);
    // Plan order: a#1, c#1 (waits while ./hold exists), a#2, c#2. Once c#1 started, a#1 is on disk.
    await waitForStart(dir, 'c');
    child.kill('SIGINT');
    expect((await child).exitCode).toBe(130);
    const run = runDir(dir);
    const lines = readFileSync(join(run, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as { case_id: string; attempt: number; status: string });
    expect(lines.map((l) => [l.case_id, l.attempt, l.status])).toEqual([['a', 1, 'passed']]);
    const interrupted = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Summary;
    // a passed the one attempt it ran of 2: no case ran all its attempts, so none is judged (before: 1/1 passed).
    expect(interrupted.metrics.overall.pass_hat_k).toMatchObject({ successes: 0, n: 0 });
    expect(interrupted.metrics.overall.pass_at_k).toMatchObject({ successes: 0, n: 0 });
    // JUnit folds it alike: skipped, not passed.
    expect(readFileSync(join(dir, 'first.xml'), 'utf8')).toMatch(/<testcase name="a" classname="s"[^>]*>\s*<skipped message="skipped \(1\/2 attempts ran: not judged\)"/);

    // compare reads the run back with the repeat its header records: the same pass^k as eval's own (before: 1/1, and no pass^k row).
    const id = run.split('/').pop()!;
    const compared = await runCli(dir, ['compare', id, id, '--reporter', 'json:compare.json']);
    expect(compared.exitCode).toBe(0);
    expect(compared.stdout).toMatch(/^pass_hat_k +– +–$/m);
    const comparedSummary = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as Summary & { verdict: { diff: { added: { key: string; status: string }[] } } };
    expect(comparedSummary.metrics.overall.pass_hat_k).toEqual(interrupted.metrics.overall.pass_hat_k);
    expect(comparedSummary.metrics.overall.pass_at_k).toEqual(interrupted.metrics.overall.pass_at_k);
    // Its case a folds as eval folds it: skipped (a baseline of the run holds no record of it), not passed.
    expect(comparedSummary.verdict.diff.added).toMatchObject([{ key: 's/a', status: 'skipped' }]);

    rmSync(join(dir, 'hold'));
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.exitCode).toBe(0);
    const whole = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Summary;
    expect(whole.metrics.overall.pass_hat_k).toMatchObject({ successes: 2, n: 2 });
    expect(whole.metrics.overall.pass_at_k).toMatchObject({ successes: 2, n: 2 });
  });
});
