// What the gate says when it may not judge what its user meant: a baseline made by another agent,
// priced at other prices than the run's, or a percentage-point limit written as a fraction.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: orders
tools: []
cases:
  - { id: status-1, input: "where is order 1", expect: { outcome: completed } }
  - { id: status-2, input: "where is order 2", expect: { outcome: completed } }
`;

const project = (config = '') =>
  makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [evals/*.suite.yaml]\n${config}`,
    'evals/orders.suite.yaml': SUITE,
  });

describe('the gate against a baseline of another agent', () => {
  it('says the baseline was made by another agent (a wrong baseline, or a config pointing elsewhere), in the terminal and the markdown summary; not for a new version of the same one', async () => {
    const dir = project();
    expect((await runCli(dir, ['baseline', 'update'], { AGENT_NAME: 'billing-bot' })).exitCode).toBe(0);

    const other = await runCli(dir, ['eval', '--reporter', 'markdown:summary.md'], { AGENT_NAME: 'support-bot', AGENT_VERSION: '2.0.0' });
    expect(other.exitCode).toBe(0);
    const note = 'The baseline agentready.baseline.json was made by another agent, "billing-bot 1.0.0" (stdio), than this run\'s, "support-bot 2.0.0" (stdio): the gate compared them as one.';
    expect(other.stdout).toContain(`note: ${note}`);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(`- ${note}`);

    const newer = await runCli(dir, ['eval'], { AGENT_NAME: 'billing-bot', AGENT_VERSION: '2.0.0' });
    expect(newer.exitCode).toBe(0);
    expect(newer.stdout).not.toContain('another agent');
  });
});

describe('the gate against a baseline priced at other prices', () => {
  it('says the prices changed, naming them, so a cost moved by a price is not read as the agent\'s; the baseline records the prices its calls were priced at', async () => {
    const priced = (input: number) => `pricing:\n  small-model: { input_per_mtok: ${input}, output_per_mtok: 10 }\n  unused-model: { input_per_mtok: 1, output_per_mtok: 1 }\ngate:\n  cost_per_task: { max_rise_pct: 10 }\n`;
    const dir = project(priced(2.5));
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { version: number; pricing?: unknown };
    // Only the prices that priced a call: a reviewer reads a change of them in the baseline's diff.
    expect(baseline).toMatchObject({ version: 4, pricing: { 'small-model': { input_per_mtok: 2.5, output_per_mtok: 10 } } });
    expect(Object.keys(baseline.pricing as object)).toEqual(['small-model']);

    const same = await runCli(dir, ['eval']);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).not.toContain('Prices changed');

    // The same agent at a dearer input price: the cost rise fails the cost threshold as measured, and the note says why it rose.
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(priced(2.5), priced(5)));
    const dearer = await runCli(dir, ['eval', '--reporter', 'markdown:summary.md']);
    expect(dearer.exitCode).toBe(1);
    const note = "Prices changed since the baseline was made (\"small-model\" input $2.5 → $5 per million tokens): its cost figures (cost_per_task, cost_total, each case's cost) were priced at the old prices, so part of the cost's move is the prices', not the agent's.";
    expect(dearer.stdout).toContain(`note: ${note}`);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('Prices changed since the baseline was made');

    // Re-baselined at the new prices: it says so, and the next run at them has nothing to note.
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.stdout).toContain('Prices changed since the previous baseline ("small-model" input $2.5 → $5 per million tokens): its costs are priced at the new prices');
    const after = await runCli(dir, ['eval']);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).not.toContain('Prices changed');
  });
});

describe('baseline update --from a run made at other prices than the config\'s now', () => {
  it('records the prices the run\'s calls were priced at (its header keeps them), not the config\'s current ones', async () => {
    const priced = (input: number) => `pricing:\n  small-model: { input_per_mtok: ${input}, output_per_mtok: 10 }\n`;
    const dir = project(priced(2.5));
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(priced(2.5), priced(5)));
    const from = await runCli(dir, ['baseline', 'update', '--from', latestRunDir(dir)]);
    expect(from.exitCode).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { pricing?: unknown };
    expect(baseline.pricing).toEqual({ 'small-model': { input_per_mtok: 2.5, output_per_mtok: 10 } });
    // The run's costs and the prices it records agree: the next run at the new prices says the prices moved.
    expect((await runCli(dir, ['eval'])).stdout).toContain('Prices changed since the baseline was made ("small-model" input $2.5 → $5 per million tokens)');
  });

  it('of a run resumed at other prices: the resume warns that its costs mix two price lists, and the baseline records none', async () => {
    const priced = (input: number) => `pricing:\n  small-model: { input_per_mtok: ${input}, output_per_mtok: 10 }\n`;
    const dir = project(priced(2.5));
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    // Killed outright after its cases: no summary.json, so --resume goes on from it.
    rmSync(join(latestRunDir(dir), 'summary.json'));
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(priced(2.5), priced(5)));
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.stdout + resumed.stderr).toContain('the run was resumed at other prices than its earlier session: its costs mix two price lists');
    expect((await runCli(dir, ['baseline', 'update', '--from', latestRunDir(dir)])).exitCode).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { pricing?: unknown };
    expect(baseline.pricing).toBeUndefined();
  });

  it('of a merge of shards made at one price: the merged run keeps it', async () => {
    const priced = (input: number) => `pricing:\n  small-model: { input_per_mtok: ${input}, output_per_mtok: 10 }\n`;
    const dir = project(priced(2.5));
    for (const shard of ['1/2', '2/2']) expect((await runCli(dir, ['eval', '--shard', shard])).exitCode).toBe(0);
    const shards = readdirSync(join(dir, '.agentready/runs'));
    expect((await runCli(dir, ['merge', '--no-gate', ...shards])).exitCode).toBe(0);
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(priced(2.5), priced(5)));
    expect((await runCli(dir, ['baseline', 'update', '--from', latestRunDir(dir)])).exitCode).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { pricing?: unknown };
    expect(baseline.pricing).toEqual({ 'small-model': { input_per_mtok: 2.5, output_per_mtok: 10 } });
  });
});

describe('a percentage-point limit written as a fraction', () => {
  it('is a warning at its file:line:column from validate and eval (the gate still runs, on the value as written)', async () => {
    const dir = project('gate:\n  success_rate: { max_drop_pp: 0.05 }\n');
    const expected = "expected  percentage points: for 5 pp write 5 (0.05 is 0.05 pp, less than one case's move (50 pp of the suites' 2 cases): any drop of success_rate fails the gate)";
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(0);
    expect(validate.stderr).toContain(`agentready.config.yaml:4:19  warning  gate.success_rate.max_drop_pp\n  ${expected}\n  found     max_drop_pp: 0.05\n`);
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('agentready.config.yaml:4:19  warning  gate.success_rate.max_drop_pp');
  });
});
