// Crashing, hanging and lying agents over stdio: each gets a clear result, nothing is lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANCEL_GRACE_MS } from '../../src/adapters/stdio.js';
import { agentCommand, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

function project(agent: string, cases: string[], extra = '', { run = '', target = '', timeoutMs = 1500 } = {}): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand(agent)}${target} }
suites: [faults.suite.yaml]
run: { timeout_ms: ${timeoutMs}, concurrency: 4${run} }
${extra}`,
    'faults.suite.yaml': `suite: faults
tools: []
cases:
${cases.map((input, i) => `  - id: case-${i + 1}\n    input: ${JSON.stringify(input)}\n    expect: { outcome: completed }\n`).join('')}`,
  });
}

type Row = { case_id: string; status: string; outcome?: string; duration_ms: number; error?: { code: string; message: string } };
const byCase = (dir: string) => Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r]));

// Most of these wait on the agents (a crash's restart, a timeout and its cancel grace), not the
// CPU: they run at once (concurrent); the two timed tests below run alone, after them.
describe('agents that misbehave', () => {
  it.concurrent('a crash costs only the case that caused it: the cases in flight beside it run again and pass; exit 3 past max_error_rate', async () => {
    const inputs = ['one', 'two', 'three', 'please CRASH now', 'five', 'six', 'seven', 'eight'];
    // The others answer after 300 ms, so three are in flight beside the crash, whichever it is.
    const dir = project('agent-crash-mid-run.js', inputs, '', { target: ', env: { SLOW_MS: "300" }' });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    const rows = byCase(dir);
    expect(Object.keys(rows)).toHaveLength(8);
    expect(rows['case-4']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    // The crasher keeps the crash's message: the exit and the agent's last stderr line.
    expect(rows['case-4']!.error!.message).toMatch(/^agent process exited unexpectedly \(code=1, signal=null\)/);
    expect(rows['case-4']!.error!.message).toContain('crashing on purpose');
    const others = Object.values(rows).filter((r) => r.case_id !== 'case-4');
    expect(others.map((r) => r.status)).toEqual(Array(7).fill('passed'));
    expect(stdout).toContain('1 error');
    const traces = readJsonl<{ case_id: string; error?: { code: string } }>(dir, 'traces.jsonl');
    // One trace per case: a case run again keeps only its final attempt.
    expect(traces.map((t) => t.case_id).sort()).toEqual(Object.keys(rows).sort());
  });

  it.concurrent('with the crash within max_error_rate, the gate decides the exit code', async () => {
    const dir = project('agent-crash-mid-run.js', ['one', 'two', 'please CRASH now', 'four', 'five', 'six'], '', { run: ', max_error_rate: 0.2', target: ', env: { SLOW_MS: "300" }' });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(0);
    // Passed, but not silently: the headline names the crash the run allowed.
    expect(stdout).toContain('Gate passed; 1 of 6 attempts ended in harness errors (17%), within run.max_error_rate 0.2\n');
    const rows = byCase(dir);
    expect(Object.values(rows).filter((r) => r.status !== 'passed').map((r) => r.case_id)).toEqual(['case-3']);
  });

  it.concurrent('a hanging case is cut at timeout_ms as a failure with outcome timeout', async () => {
    const dir = project('agent-hang.js', ['fine', 'HANG forever', 'also fine'], 'gate: { success_rate: { min: 1.0 } }\n');
    // The outcome is the cut: a hang not cut at timeout_ms would run into vitest's test timeout.
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    const rows = byCase(dir);
    expect(rows['case-2']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    expect(rows['case-1']!.status).toBe('passed');
    expect(rows['case-3']!.status).toBe('passed');
    expect(stdout).toMatch(/case-2[\s\S]*timeout/);
  });

  it.concurrent('an agent whose event loop is blocked for good costs only the case that hung it: the cases in flight beside it run again and pass', async () => {
    // Four in flight at once: the block holds the process, so none of the four can answer. It
    // blocks by Atomics.wait, not by a busy loop burning a core for each round's timeout and grace
    // (test/unit/adapters/stdio-stuck.test.ts has the busy loop): the adapter tells either by silence.
    const inputs = ['one', 'two', 'go STUCK now', 'four', 'five', 'six'];
    const dir = project('agent-busy-loop.js', inputs, 'gate: { success_rate: { min: 1.0 } }\n', { target: ', env: { SLOW_MS: "200" }' });
    const { exitCode } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    const rows = byCase(dir);
    expect(Object.keys(rows)).toHaveLength(6);
    expect(rows['case-3']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    const others = Object.values(rows).filter((r) => r.case_id !== 'case-3');
    expect(others.map((r) => r.status)).toEqual(Array(5).fill('passed'));
  });

  it.concurrent('garbage on stdout is a protocol error of that case, not a crash of the harness', async () => {
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

  it.concurrent('an agent that cannot start is one clear message and exit 3', async () => {
    const dir = project('agent-exit-at-start.js', ['one']);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/agentready: .*(start|exit)/i);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

// These measure how long a timeout lasted: run alone, not beside the busy loop above.
describe('agents that misbehave, timed', () => {
  it('a case that waited for the slot of a hung one is timed from its hand-off: its time limit, duration and latency leave the wait out', async () => {
    // The agent takes one run at a time: the second case waits for the process the first hung to
    // be restarted (after timeout_ms and the cancel grace, 2 s), then answers at once.
    const dir = project('agent-hang.js', ['HANG one', 'quick answer'], '', { timeoutMs: 1000 });
    const { exitCode } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    const rows = byCase(dir);
    expect([rows['case-1']!.outcome, rows['case-1']!.error?.message]).toEqual(['timeout', 'the agent did not answer within timeout_ms 1000']);
    // Its time limit started at the hand-off: counted from before its 3 s wait, it timed out.
    expect(rows['case-2']).toMatchObject({ status: 'passed', outcome: 'completed' });
    // No wall-clock limit (it flakes under load): the run's own figures. One case ran, then the
    // hung process had the cancel grace before it was restarted, then the other case ran, all
    // within the cases' time: their durations and the grace fit in it however slow the machine
    // (+ 2 ms: the figures are rounded). With the wait counted (case-clock.ts not standing still
    // from asking to hand-off) the queued case said ~3,080 ms: the sum came to ~2 x cases_ms.
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { metrics: { overall: { p95_latency_ms: number } }; timings: { cases_ms: number } };
    const durations = [rows['case-1']!.duration_ms, rows['case-2']!.duration_ms];
    expect(durations[0]! + CANCEL_GRACE_MS + durations[1]!).toBeLessThanOrEqual(summary.timings.cases_ms + 2);
    // The latency figures are these durations, not the wait.
    expect(summary.metrics.overall.p95_latency_ms).toBeGreaterThanOrEqual(Math.min(...durations));
    expect(summary.metrics.overall.p95_latency_ms).toBeLessThanOrEqual(Math.max(...durations));
  });

  it('a timeout that waited to tell a stuck process from a slow case still lasts timeout_ms, not until the process spoke', async () => {
    // Both cases in flight on one process, both silent at timeout_ms: their timeouts wait until the
    // process writes again (the LATE answer, LATE_MS = 2000 ms after the hand-off), which proves it
    // runs: both time out. 2000 ms is midway between the time limit and the cancel's grace end
    // (1000 + 2000 ms): 1 s of margin each side for a starved CI machine, where with 1300 ms a
    // harness held off the CPU past 1300 ms read the answer before its timer fired (CI, load 10).
    const dir = project('agent-hang.js', ['HANG forever', 'LATE reply'], '', { timeoutMs: 1000, target: ', env: { AGENT_CONCURRENCY: "2", LATE_MS: "2000" }' });
    const { exitCode } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    const rows = Object.values(byCase(dir));
    expect(rows.map((r) => r.outcome)).toEqual(['timeout', 'timeout']);
    for (const row of rows) {
      // A timer may fire a fraction of a millisecond early by performance.now(); late under load.
      expect(row.duration_ms).toBeGreaterThan(990);
      // Not a wall-clock limit: a case cut at its time limit lasted that limit (execute.ts), on any
      // machine. Counted until the process spoke, it was LATE_MS or more: it cannot write sooner.
      expect(row.duration_ms).toBeLessThanOrEqual(1000);
    }
  });
});
