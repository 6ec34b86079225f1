// `npx agentready eval` in this checkout runs the bundled example against its committed
// baseline and passes; a regressed copy of the example fails the gate.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, REPO, makeExampleProject, readJsonl, runCli } from './helpers/run-cli.js';

describe('the bundled example', () => {
  it('runs from the checkout with no config of its own, and passes its baseline', async () => {
    const { exitCode, stdout, stderr } = await runCli(join(REPO, 'src'), ['eval']);
    expect(stderr).toContain('using the bundled example');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/35 cases · 35 passed/);
    expect(stdout).toContain('Gate passed');
    expect(stdout).toMatch(/baseline \S*fixtures\/example\/agentready\.baseline\.json/);
  });

  it('fails the gate when a copy of the example regresses', async () => {
    const dir = makeExampleProject();
    cpSync(join(EXAMPLE, 'agentready.baseline.json'), join(dir, 'agentready.baseline.json'));
    // A stricter refund cap: the agent's refunds are now denied. Policy is no part of any case's
    // fingerprint, so every case is still compared with its baseline record.
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('{ gt: 100 }', '{ gt: 10 }'));
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/newly failing[\s\S]*support-orders\/refund-double-charge/i);
    expect(stdout).toMatch(/policy_compliance \(overall\)/);
    const results = readJsonl<{ case_id: string; status: string; policy_violations: number }>(dir, 'results.jsonl');
    expect(results.find((r) => r.case_id === 'refund-double-charge')).toMatchObject({ status: 'failed', policy_violations: 1 });
    // The committed baseline names the suites as they are, so re-baselining the example changes no line of it but what moved.
    const runs = join(dir, '.agentready', 'runs');
    const summary = JSON.parse(readFileSync(join(runs, readdirSync(runs).sort().at(-1)!, 'summary.json'), 'utf8')) as { fingerprint: string };
    const baseline = JSON.parse(readFileSync(join(EXAMPLE, 'agentready.baseline.json'), 'utf8')) as { fingerprint: string };
    expect(baseline.fingerprint).toBe(summary.fingerprint);
  });
});
