// One run lifecycle behind eval, score, baseline update and compare: the run folder always has its
// summary.json, a reporter that fails is exit 3 everywhere (and summary.json says so), and the
// exit decision is the same whoever asks.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: basics
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: case-a
    input: "where is my order"
    expect: { outcome: completed }
  - id: case-b
    input: "refund please"
    expect: { outcome: completed }
`;

function project(extraConfig = '', files: Record<string, string> = {}): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }
suites: [evals/*.suite.yaml]
${extraConfig}`,
    'evals/basics.suite.yaml': SUITE,
    ...files,
  });
}

function runIds(dir: string): string[] {
  return readdirSync(join(dir, '.agentready/runs')).sort();
}

function summaryOf(dir: string): { exit: { code: number; reason?: string } } {
  return JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
}

/** An agent written into the project, serving with the fixtures' stdio library. */
function inlineAgent(body: string): string {
  return `import { serveStdio } from ${JSON.stringify(join(AGENTS, 'lib/stdio-agent.js'))};\n${body}\n`;
}

describe('baseline update', () => {
  it('leaves a finished run folder (with summary.json) that `baseline update --from` takes as it is', async () => {
    const dir = project();
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.exitCode).toBe(0);
    const [run] = runIds(dir);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ format: 'agentready-summary', run_id: run, exit: { code: 0 } });
    const again = await runCli(dir, ['baseline', 'update', '--from', run!]);
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
  });
});

describe('a reporter that cannot write', () => {
  it('is exit 3 in eval, and summary.json records that exit', async () => {
    const dir = project();
    const { exitCode, stderr } = await runCli(dir, ['eval', '--reporter', 'junit:agentready.config.yaml/report.xml']);
    expect(stderr).toContain('a reporter failed');
    expect(exitCode).toBe(3);
    expect(summaryOf(dir).exit.code).toBe(3);
  });

  it('is exit 3 in compare too', async () => {
    const dir = project();
    await runCli(dir, ['eval']);
    await runCli(dir, ['eval']);
    const [a, b] = runIds(dir);
    const { exitCode, stderr } = await runCli(dir, ['compare', a!, b!, '--reporter', 'junit:agentready.config.yaml/report.xml']);
    expect(stderr).toContain('a reporter failed');
    expect(exitCode).toBe(3);
  });
});

describe('the default gate', () => {
  it('says that it applied when the config has no gate thresholds', async () => {
    const dir = project();
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('No gate thresholds configured: the default gate applied');
  });
});

describe('eval --kill-switch --no-gate', () => {
  it('exits 0 when the run completed, though the readiness check failed', async () => {
    const dir = project('', {
      'agent.js': inlineAgent(`serveStdio(async () => ({ outcome: 'completed', output: '' }), { name: 'mute', version: '1' });`),
    });
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n`);
    const gated = await runCli(dir, ['eval', '--kill-switch']);
    expect(gated.stdout).toContain('NOT ready.');
    expect(gated.exitCode).toBe(1);
    const ungated = await runCli(dir, ['eval', '--kill-switch', '--no-gate']);
    expect(ungated.stdout).toContain('NOT ready.');
    expect(ungated.exitCode).toBe(0);
    expect(summaryOf(dir).exit.code).toBe(0);
  });
});

describe('a dead agent', () => {
  it("is described by the exception's own message, not a stack frame or Node's banner", async () => {
    const dir = project('', {
      'agent.js': inlineAgent(`function deep(n) { if (n === 0) lookupOrder(); else deep(n - 1); }
serveStdio(async () => { setTimeout(() => deep(30), 1); return new Promise(() => {}); }, { name: 'dead', version: '1' });`),
    });
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\nrun: { concurrency: 1 }\n`);
    const { exitCode, stdout } = await runCli(dir, ['eval', '--grep', '^case-a$']);
    expect(exitCode).toBe(3);
    const [result] = readJsonl<{ error: { message: string } }>(dir, 'results.jsonl').slice(1);
    const [first] = result!.error.message.split('\n');
    expect(first).toBe('agent process exited unexpectedly (code=1, signal=null): ReferenceError: lookupOrder is not defined');
    expect(result!.error.message).not.toMatch(/Node\.js v\d/);
    expect(stdout).toContain('ReferenceError: lookupOrder is not defined');
  });
});

describe('compare and a corrupt run folder', () => {
  it('points at the run folder, not at `agentready validate`', async () => {
    const dir = project();
    await runCli(dir, ['eval']);
    const [a] = runIds(dir);
    const results = join(dir, '.agentready/runs', a!, 'results.jsonl');
    writeFileSync(results, `${readFileSync(results, 'utf8')}{"suite": "basics", "case_id": 3}\n`);
    const { exitCode, stderr } = await runCli(dir, ['compare', a!, a!]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('results.jsonl');
    expect(stderr).not.toContain('agentready validate');
  });
});
