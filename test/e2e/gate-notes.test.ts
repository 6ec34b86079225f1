// What the gate says when it may not judge what its user meant: a baseline made by another agent,
// priced at other prices than the run's, or a percentage-point limit written as a fraction.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

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
