// agentready killed outright (SIGKILL: a CI job's timeout, the OOM killer, `kill -9` of its whole
// process group) runs no code, and the processes it started, each in a session of its own, would
// outlive it: a `target.start` server keeping its port would fail every later eval. Its group
// reaper (adapters/group-reaper.ts), a process in a session of its own, kills them once
// agentready is gone — and after a normal run it is gone too, having killed nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, reapersOf, sessionOf, untilGone } from './helpers/processes.js';
import { AGENTS, BIN, agentCommand, freePort, makeProject, runCli, startCli } from './helpers/run-cli.js';

/** Processes a failing test may have left: killed after each test. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** The pids written to `file` once it exists (polled, bounded), remembered for the clean-up. */
async function pidsIn(file: string, deadlineMs: number): Promise<number[]> {
  const since = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - since > deadlineMs) throw new Error(`${file} did not appear within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded by the deadline
  }
  const pids = readFileSync(file, 'utf8').split(' ').map(Number);
  started.push(...pids);
  return pids;
}

/**
 * The CLI's reaper, checked to run in a session of its own (so a kill of the CLI's group misses it).
 * Polled: the reaper starts with the CLI's first process group, which under a loaded CI machine
 * may still be starting when the agent has already written its pids. No wall-clock limit: a
 * reaper that never starts fails the test at vitest's test timeout.
 */
async function reaperOf(cliPid: number): Promise<number> {
  while (reapersOf(cliPid).length === 0) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check; vitest's test timeout bounds it
  const reapers = reapersOf(cliPid);
  expect(reapers).toHaveLength(1);
  started.push(reapers[0]!);
  expect(sessionOf(reapers[0]!)).not.toBe(sessionOf(cliPid));
  return reapers[0]!;
}

describe('agentready killed outright', () => {
  it('a stdio agent that ignores the end of its stdin, and its child, are killed with it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ignores-eof.js')}, env: { PIDS_FILE: pids } }
suites: [s.suite.yaml]
run: { timeout_ms: 60000 }
`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const cli = startCli(dir, ['eval']);
    const pids = await pidsIn(join(dir, 'pids'), 20_000);
    expect(pids.map(alive)).toEqual([true, true]);
    const reaper = await reaperOf(cli.pid!);
    cli.kill('SIGKILL');
    expect((await cli).signal).toBe('SIGKILL');
    // The fixtures run until killed: one left running fails the test at vitest's test timeout.
    await untilGone([...pids, reaper]);
  });

  it("a target.start server and its child are killed with agentready's whole process group, and the next eval starts the server again", async () => {
    const port = await freePort();
    const config = (hang: string) => `target:
  adapter: http
  url: http://127.0.0.1:${port}/run
  start: { command: [node, ${JSON.stringify(join(AGENTS, 'http-started-server.js'))}], env: { PORT: "${port}", PIDS_FILE: pids, HANG: "${hang}" } }
suites: [s.suite.yaml]
run: { timeout_ms: 60000 }
`;
    const dir = makeProject({
      'agentready.config.yaml': config('1'),
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed, output: { contains: "ok: hi" } } }\n',
    });
    // A process group of its own, as a CI job's: `kill -9 -<pgid>` kills the CLI and nothing of the test.
    const cli = execa('node', [BIN, 'eval'], { cwd: dir, reject: false, detached: true, env: { CI: '1', NO_COLOR: '1' }, timeout: 60_000 });
    const pids = await pidsIn(join(dir, 'pids'), 20_000);
    expect(pids.map(alive)).toEqual([true, true]);
    const reaper = await reaperOf(cli.pid!);
    process.kill(-cli.pid!, 'SIGKILL');
    expect((await cli).signal).toBe('SIGKILL');
    // The fixtures run until killed: one left running fails the test at vitest's test timeout.
    await untilGone([...pids, reaper]);

    // The port is free again: the next eval starts its own server and passes.
    const next = makeProject({ 'agentready.config.yaml': config('0'), 's.suite.yaml': readFileSync(join(dir, 's.suite.yaml'), 'utf8') });
    const { exitCode, stdout, stderr } = await runCli(next, ['eval']);
    expect(stderr).not.toContain('already in use');
    expect(stdout).toContain('1 case · 1 passed');
    expect(exitCode, stderr).toBe(0);
  });

  it('after a normal run no reaper is left', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-with-child.js')}, env: { CHILD_PID_FILE: child.pid } }
suites: [s.suite.yaml]
`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const cli = startCli(dir, ['eval']);
    const result = await cli;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const [child] = await pidsIn(join(dir, 'child.pid'), 1000);
    // The child runs until killed, and the reaper reads the end of its pipe when agentready exits,
    // and ends: one left running fails the test at vitest's test timeout.
    await untilGone([child!, ...reapersOf(cli.pid!)]);
  });
});
