// Crashing, hanging and lying agents over stdio: each gets a clear result, nothing is lost.
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

function project(agent: string, cases: string[], extra = ''): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand(agent)} }
suites: [faults.suite.yaml]
run: { timeout_ms: 1500, concurrency: 4 }
${extra}`,
    'faults.suite.yaml': `suite: faults
tools: []
cases:
${cases.map((input, i) => `  - id: case-${i + 1}\n    input: ${JSON.stringify(input)}\n    expect: { outcome: completed }\n`).join('')}`,
  });
}

type Row = { case_id: string; status: string; outcome?: string; error?: { code: string; message: string } };
const byCase = (dir: string) => Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r]));

describe('agents that misbehave', () => {
  it('a crash marks the case in flight as error, the others complete, and the run exits 3', async () => {
    const dir = project('agent-crash-mid-run.js', ['one', 'two', 'please CRASH now', 'four', 'five', 'six']);
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const rows = byCase(dir);
    expect(Object.keys(rows)).toHaveLength(6);
    expect(rows['case-3']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    expect(rows['case-3']!.error!.message).toContain('exited unexpectedly');
    for (const id of ['case-1', 'case-2', 'case-4', 'case-5', 'case-6']) {
      // A case in flight beside the crash is an error too; none is lost or counted as a failure.
      expect(['passed', 'error']).toContain(rows[id]!.status);
    }
    expect(Object.values(rows).filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(2);
    expect(stdout).toContain('case-3');
  });

  it('a hanging case is cut at timeout_ms as a failure with outcome timeout', async () => {
    const dir = project('agent-hang.js', ['fine', 'HANG forever', 'also fine'], 'gate: { success_rate: { min: 1.0 } }\n');
    const started = Date.now();
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(exitCode).toBe(1);
    const rows = byCase(dir);
    expect(rows['case-2']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    expect(rows['case-1']!.status).toBe('passed');
    expect(rows['case-3']!.status).toBe('passed');
    expect(stdout).toMatch(/case-2[\s\S]*timeout/);
  });

  it('garbage on stdout is a protocol error of that case, not a crash of the harness', async () => {
    // The agent takes one run at a time, so the stray line can be blamed on the case in flight.
    const dir = project('agent-garbage-stdout.js', ['fine', 'GARBAGE please', 'fine too']);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(exitCode).toBe(3);
    const rows = byCase(dir);
    expect(rows['case-2']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['case-1']!.status).toBe('passed');
    expect(rows['case-3']!.status).toBe('passed');
  });

  it('an agent that cannot start is one clear message and exit 3', async () => {
    const dir = project('agent-exit-at-start.js', ['one']);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/agentready: .*(start|exit)/i);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
