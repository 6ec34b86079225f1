// The main job, as a user runs it: eval, baseline update, eval again, a regression.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { agentCommand, copiesOf, latestRunDir, makeProject, readJsonl, runCli, type CliResult } from './helpers/run-cli.js';

const SUITE = `suite: basics
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: case-a
    input: "where is my order"
    tags: [lookup]
    expect: { outcome: completed, output: { contains: "ok:" } }
  - id: case-b
    input: "refund please"
    tags: [refund]
    expect: { outcome: completed }
  - id: case-c
    input: "hello"
    expect: { outcome: completed }
`;

function toggleProject(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }
suites: [evals/*.suite.yaml]
pricing: { small-model: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
`,
    'evals/basics.suite.yaml': SUITE,
  });
}

/** toggleProject() after its first `baseline update` (its answer, in the folder it ran in), run once for the file; each test changes a copy of its own. */
let firstUpdate: CliResult;
const baselined = copiesOf(async () => {
  const dir = toggleProject();
  firstUpdate = await runCli(dir, ['baseline', 'update']);
  return dir;
});

describe('baseline update over a baseline a merge left conflicted', () => {
  it('writes it anew and says the previous one could not be read, so nothing was compared with it', async () => {
    const dir = await baselined();
    expect(firstUpdate.exitCode).toBe(0);
    const path = join(dir, 'agentready.baseline.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('  "cases": {', '<<<<<<< HEAD\n  "cases": {'));
    expect((await runCli(dir, ['eval'])).exitCode).toBe(2);
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toContain('The previous baseline could not be read (the baseline has unresolved merge conflicts): it was written anew, and nothing was compared with it.');
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
  });
});

describe('eval and the baseline gate', () => {
  it('passes without a baseline, streams the run folder, and says how to create one', async () => {
    const dir = toggleProject();
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(exitCode).toBe(0);
    expect(stdout).toContain('agentready baseline update');
    const lines = readJsonl(dir, 'results.jsonl');
    expect(lines[0]).toMatchObject({ format: 'agentready-results', version: 1 });
    expect(lines.slice(1).map((r) => r.case_id).sort()).toEqual(['case-a', 'case-b', 'case-c']);
    expect(lines.slice(1).every((r) => r.status === 'passed')).toBe(true);
    expect(readJsonl(dir, 'traces.jsonl')).toHaveLength(3);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
    expect(summary.metrics.overall.success_rate.value).toBe(1);
    expect(summary.metrics.overall.cost_total).toBeGreaterThan(0);
  });

  it('writes a baseline, passes against it, and fails with exit 1 naming the newly failing case', async () => {
    const dir = await baselined();
    const update = firstUpdate;
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toContain('agentready.baseline.json');
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8'));
    expect(Object.keys(baseline.cases).sort()).toEqual(['basics/case-a', 'basics/case-b', 'basics/case-c']);
    expect(baseline.provenance.agent).toEqual({ name: 'toggle-agent', version: '1.0.0' });
    // No path of the folder it was written in.
    expect(JSON.stringify(baseline)).not.toContain(update.dir);

    const show = await runCli(dir, ['baseline', 'show']);
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('toggle-agent 1.0.0');

    const same = await runCli(dir, ['eval']);
    expect(same.exitCode).toBe(0);

    const regressed = await runCli(dir, ['eval'], { AGENT_FAIL_CASES: 'case-b' });
    expect(regressed.exitCode).toBe(1);
    expect(regressed.stdout).toMatch(/newly failing[\s\S]*basics\/case-b/i);
    expect(regressed.stdout).toContain('success_rate');
    // Every non-zero exit says why, last on stderr and in summary.json.
    const why = regressed.stderr.trim().split('\n').at(-1);
    // The default gate's case-by-case entry comes first: it names the case; the rate's drop is the second threshold.
    expect(why).toBe(
      'agentready: the gate failed: newly_failing: 1 case fails that the baseline did not accept as failing, above max 0: basics/case-b (passed in the baseline) (and 1 more threshold) (exit 1)',
    );
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
    expect(summary.exit.code).toBe(1);
    expect(summary.exit.reason).toMatch(/^the gate failed: newly_failing: .*basics\/case-b/);
    expect(summary.verdict.checks.find((check: { metric: string }) => check.metric === 'success_rate').pass).toBe(false);

    const ungated = await runCli(dir, ['eval', '--no-gate'], { AGENT_FAIL_CASES: 'case-b' });
    expect(ungated.exitCode).toBe(0);
  });

  it('fails the gate on a tools or output regression whose outcome still holds, naming the check', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': `suite: orders
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: where
    input: "where is order 1234"
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }], output: { contains: "shipped" } }
  - id: hello
    input: "hello"
    expect: { outcome: completed, output: { contains: "hello" } }
`,
    });
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const traces = readJsonl(dir, 'traces.jsonl');
    expect(traces.find((t) => t.case_id === 'where')).toMatchObject({ tool_calls: [{ name: 'lookup_order', arguments: { order_id: '1234' } }], output: 'ok: where is order 1234 (order shipped)' });

    const noLookup = await runCli(dir, ['eval'], { AGENT_SKIP_TOOL_CASES: 'where' });
    expect(noLookup.exitCode).toBe(1);
    expect(noLookup.stdout).toMatch(/1 case newly failing:\n\s+✗ orders\/where {2}tools: expected call lookup_order \{order_id: "1234"\} not found; lookup_order was never called/);
    const wrong = await runCli(dir, ['eval'], { AGENT_WRONG_OUTPUT_CASES: 'hello' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toMatch(/1 case newly failing:\n\s+✗ orders\/hello {2}output: does not contain "hello"/);
    const results = readJsonl(dir, 'results.jsonl').slice(1);
    expect(results.find((r) => r.case_id === 'hello')).toMatchObject({ status: 'failed', outcome: 'completed' });
  });

  it('refuses a corrupt baseline with exit 2 and leaves the file untouched', async () => {
    const dir = toggleProject();
    const corrupt = '{ "format": "agentready-baseline", "version": 1, "cases": { oops';
    const path = join(dir, 'agentready.baseline.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, corrupt);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.baseline.json');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(path, 'utf8')).toBe(corrupt);
  });

  it('filters cases with --grep and --tag', async () => {
    const dir = toggleProject();
    await runCli(dir, ['eval', '--grep', 'case-[ab]', '--tag', 'refund']);
    expect(readJsonl(dir, 'results.jsonl').slice(1).map((r) => r.case_id)).toEqual(['case-b']);
    const none = await runCli(dir, ['eval', '--tag', 'nothing-has-this']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('no case has the tag "nothing-has-this"');
  });

  it('writes JUnit and JSON reports where asked', async () => {
    const dir = toggleProject();
    const { exitCode } = await runCli(dir, ['eval', '--reporter', 'junit:out/junit.xml', '--reporter', 'json:out/report.json'], {
      AGENT_FAIL_CASES: 'case-c',
    });
    expect(exitCode).toBe(1); // no baseline and no gate: every case must pass
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('name="case-c"');
    expect(junit).toMatch(/<failure[^>]*outcome/);
    const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
    expect(report.results).toHaveLength(3);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
  });
});

describe('the baseline\'s commit', () => {
  const git = (dir: string, args: string[]) => execa('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args], { cwd: dir });
  it('is HEAD with `uncommitted` (version 2) when tracked files had changes not committed, and HEAD alone once they are committed; its own earlier write is no change', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: c, input: hi, expect: { outcome: completed } }\n',
      '.gitignore': '.agentready/\n',
    });
    await git(dir, ['init', '-q']);
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-q', '-m', 'agent']);
    const head = async () => (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
    const provenance = () => JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { version: number; provenance: { commit?: string; uncommitted?: true } };

    // The agent edited, not committed: the baseline measured that code, not HEAD's.
    writeFileSync(join(dir, 'agent.mjs'), "export default async () => ({ outcome: 'completed', output: 'ok, edited' });\n");
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    expect(provenance()).toMatchObject({ version: 2, provenance: { commit: await head(), uncommitted: true } });
    expect((await runCli(dir, ['baseline', 'show'])).stdout).toContain(`  commit    ${await head()} with changes not committed (the code measured was not this commit's)`);
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);

    // A case added and committed with the agent's change, then written again: HEAD alone, version 1. The baseline's own change since its commit (an update before) does not count.
    writeFileSync(join(dir, 's.suite.yaml'), 'suite: s\ntools: []\ncases:\n  - { id: c, input: hi, expect: { outcome: completed } }\n  - { id: d, input: ho, expect: { outcome: completed } }\n');
    await git(dir, ['add', '.']);
    await git(dir, ['commit', '-q', '-m', 'edit and baseline']);
    writeFileSync(join(dir, 'agentready.baseline.json'), readFileSync(join(dir, 'agentready.baseline.json'), 'utf8').replace('"version": 2', '"version": 2 '));
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const clean = provenance();
    expect(clean.version).toBe(1);
    expect(clean.provenance).toEqual({ adapter: 'module', agent: expect.anything(), commit: await head() });
  });
});
