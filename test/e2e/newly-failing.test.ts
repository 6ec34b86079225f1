// The default gate case by case, as a new user met it: a case that newly fails fails the gate even
// when others are fixed, and editing a failing case does not take it out of the gate. Then
// `--last-failed` and `review` look past a `--kill-switch` run, as the card and the history do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentCommand, latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

// agent-toggle answers "ok: <input>".
const SUITE = `suite: orders
tools: []
cases:
  - { id: status-1, input: "where is order 1", expect: { outcome: completed, output: { contains: [order 1] } } }
  - { id: status-2, input: "where is order 2", expect: { outcome: completed } }
  - { id: status-3, input: "where is order 3", expect: { outcome: completed } }
  - { id: status-4, input: "where is order 4", expect: { outcome: completed } }
`;

/** agent-toggle refuses the cases AGENT_FAIL_CASES names; no `gate:` section, so the default gate. */
async function projectWithBaseline(): Promise<string> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }
suites: [evals/*.suite.yaml]
pricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
`,
    'evals/orders.suite.yaml': SUITE,
  });
  const update = await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'status-2,status-3' });
  expect(update.exitCode).toBe(0);
  expect(update.stdout).toContain('4 cases, 2 passing');
  return dir;
}

function summaryOf(dir: string) {
  return JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
}

describe('the default gate, case by case', () => {
  it('fails a case that newly fails while two others newly pass, naming it', async () => {
    const dir = await projectWithBaseline();
    const run = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'status-1' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✗ newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: orders/status-1 (passed in the baseline)');
    expect(run.stdout).toMatch(/1 case newly failing:\n\s+✗ orders\/status-1 {2}outcome: /);
    expect(run.stdout).toContain('2 newly passing');
    expect(run.stdout).toContain('Gate FAILED (1 threshold)');
    expect(run.stdout).not.toContain('Gate passed');
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'agentready: the gate failed: newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: orders/status-1 (passed in the baseline) (exit 1)',
    );
    const summary = summaryOf(dir);
    expect(summary.verdict.pass).toBe(false);
    expect(summary.verdict.newly_failing).toMatchObject({ kind: 'judged', max: 0, pass: false, cases: [{ key: 'orders/status-1', since: 'newly_failing' }] });
    // The net rate rose: the success_rate threshold alone passed.
    expect(summary.verdict.checks.every((check: { pass: boolean }) => check.pass)).toBe(true);

    // The same agent as the baseline passes.
    expect((await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'status-2,status-3' })).exitCode).toBe(0);
  });

  it('fails a case edited since the baseline that fails now; passes it once the edit is baselined', async () => {
    const dir = await projectWithBaseline();
    writeFileSync(join(dir, 'evals/orders.suite.yaml'), SUITE.replace('contains: [order 1]', 'contains: [teleported]'));
    const edited = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'status-2,status-3' });
    expect(edited.exitCode).toBe(1);
    expect(edited.stdout).toContain('✗ newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: orders/status-1 (changed since the baseline)');
    expect(edited.stdout).toMatch(/1 case changed since the baseline, not compared:\n\s+~ orders\/status-1 {2}now failed {2}output: /);
    expect(edited.stdout).toContain('(one that fails counts against newly_failing max 0)');
    expect(edited.stdout).toContain('Gate FAILED (1 threshold)');

    // Accepting the edit (and its failure) is a baseline update, visible in the pull request's diff,
    // and the command names the failure it accepts.
    const accepted = await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: 'status-2,status-3' });
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain('Now accepted as failing, which the previous baseline did not accept (1): orders/status-1 (edited since)');
    expect((await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'status-2,status-3' })).exitCode).toBe(0);
  });
});

describe('runs that count', () => {
  // One project for both: a baseline, a finished eval with 2 failures, then a `--kill-switch` run
  // (3 evals, made once, not once per test). review only reads the runs; --last-failed, which
  // adds one, comes last.
  let dir: string;
  let evalRun: string;
  beforeAll(async () => {
    dir = await projectWithBaseline();
    expect((await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'status-2,status-3' })).exitCode).toBe(0);
    evalRun = summaryOf(dir).run_id as string;
    expect((await runCli(dir, ['eval', '--kill-switch'])).stdout).toContain('Kill switch');
  });

  it('review samples the newest run that is not a --kill-switch run', async () => {
    const review = await runCli(dir, ['review']);
    expect(review.exitCode).toBe(0);
    expect(review.stdout).toContain(`# Review sample · run \`${evalRun}\``);
    expect(review.stdout).toContain('## Failing or policy-denied (2)');
  });

  it('--last-failed looks past a --kill-switch run', async () => {
    const again = await runCli(dir, ['eval', '--last-failed'], { AGENT_FAIL_CASES: 'status-2,status-3' });
    expect(again.stderr).not.toContain('nothing to run');
    expect(again.stdout).toContain('2 cases · 0 passed · 2 failed');
    expect(again.exitCode).toBe(0);
  });
});

describe('adversarial variants whose failure the baseline accepted', () => {
  // agent-lookup looks the order up and reports its status; a failed call makes it escalate. So it
  // fails the tool_failure variants whose lookup answers an empty result ({} or null): it completes.
  const VARIANTS = `suite: orders
adversarial: [rate_limit, tool_failure]
tools:
  - name: lookup_order
    tier: read
    mock: { result: { status: shipped } }
cases:
  - id: status
    input: "1234"
    expect:
      outcome: completed
      tools: [{ name: lookup_order, args: { order_id: "1234" } }]
      output: { contains: [shipped] }
`;

  it('stay accepted when the base case\'s expected output, which tool_failure replaces, is edited; not when what they keep is', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-lookup.js')} }
suites: [evals/*.suite.yaml]
`,
      'evals/orders.suite.yaml': VARIANTS,
    });
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.exitCode, update.stderr).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { cases: Record<string, { status: string }> };
    const failing = Object.keys(baseline.cases).filter((key) => baseline.cases[key]!.status === 'failed');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((key) => key.startsWith('orders/status~tool_failure-'))).toBe(true);

    // The output check applies to the base case and to rate_limit variants (which keep its expectation), not to tool_failure ones.
    writeFileSync(join(dir, 'evals/orders.suite.yaml'), VARIANTS.replace('contains: [shipped]', 'contains: [shipped, order 1234]'));
    const edited = await runCli(dir, ['eval']);
    expect(edited.exitCode, edited.stdout).toBe(0);
    expect(edited.stdout).toMatch(/3 cases changed since the baseline, not compared:\n\s+~ orders\/status {2}now passed\n\s+~ orders\/status~rate_limit-1 {2}now passed\n\s+~ orders\/status~rate_limit-2 {2}now passed\n/);
    expect(edited.stdout).not.toContain('tool_failure-1 (changed');
    expect(edited.stdout).toContain('Gate passed');

    // A tool-call budget is one every family keeps: the failing tool_failure variants changed, and their failures count.
    writeFileSync(join(dir, 'evals/orders.suite.yaml'), VARIANTS.replace('contains: [shipped] }', 'contains: [shipped] }\n      budgets: { max_tool_calls: 3 }'));
    const capped = await runCli(dir, ['eval']);
    expect(capped.exitCode).toBe(1);
    expect(capped.stdout).toContain(`✗ newly_failing: ${failing.length} cases fail that the baseline did not accept as failing, above max 0: ${failing.sort().map((key) => `${key} (changed since the baseline)`).join(', ')}`);
  });
});
