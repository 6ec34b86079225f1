// What an agent's processes start is stopped with them (SPEC §11: Ctrl-C "stops every process it
// started"): a stdio agent runs in a process group of its own, and whatever it leaves running in
// it is killed when it exits — after a normal run and after Ctrl-C.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, untilGone } from './helpers/processes.js';
import { agentCommand, makeProject, runCli, startCli } from './helpers/run-cli.js';

/** A project whose stdio agent starts a child of its own (`detached`: outside its process group) and writes its pid to `child.pid`. */
function project(input: string, { detached = false } = {}): string {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-with-child.js')}, env: { CHILD_PID_FILE: child.pid, CHILD_DETACHED: "${detached ? 1 : 0}" } }
suites: [s.suite.yaml]
run: { timeout_ms: 60000 }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
  - { id: a, input: "${input}", expect: { outcome: completed } }
`,
  });
  return dir;
}

/** Children a failing test may have left: killed after each test. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** The pid in `file` once it exists (polled, bounded). */
async function pidIn(file: string, deadlineMs: number): Promise<number> {
  const since = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - since > deadlineMs) throw new Error(`${file} did not appear within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded by the deadline
  }
  const pid = Number(readFileSync(file, 'utf8'));
  started.push(pid);
  return pid;
}

describe('processes a stdio agent starts', () => {
  it('are stopped after a normal run', async () => {
    const dir = project('hello');
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stdout).toContain('1 case · 1 passed');
    expect(exitCode, stderr).toBe(0);
    const child = await pidIn(join(dir, 'child.pid'), 1000);
    await untilGone([child]); // runs until killed: one left running fails at vitest's test timeout
  });

  it('are stopped after a normal run though they left its process group (detached: a session of their own)', async () => {
    const dir = project('hello', { detached: true });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode, stderr).toBe(0);
    const child = await pidIn(join(dir, 'child.pid'), 1000);
    await untilGone([child]); // runs until killed: one left running fails at vitest's test timeout
  });

  it('are stopped after Ctrl-C', async () => {
    const dir = project('HANG');
    const cli = startCli(dir, ['eval']);
    const child = await pidIn(join(dir, 'child.pid'), 20_000);
    expect(alive(child)).toBe(true);
    cli.kill('SIGINT');
    const result = await cli;
    expect(result.exitCode).toBe(130);
    await untilGone([child]); // runs until killed: one left running fails at vitest's test timeout
  });
});

describe('processes an exec command starts', () => {
  it('are stopped when the command exits', async () => {
    const dir = makeProject({
      // Starts a process that would live on, answers, and exits.
      'agent.mjs': `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
child.unref();
writeFileSync('child.pid', String(child.pid));
process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'ok' }));
`,
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 60000 }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stdout).toContain('1 case · 1 passed');
    expect(exitCode, stderr).toBe(0);
    const child = await pidIn(join(dir, 'child.pid'), 1000);
    await untilGone([child]); // runs until killed: one left running fails at vitest's test timeout
  });

  it('are stopped when the case times out, the command still running', async () => {
    const dir = makeProject({
      // Starts a process that would live on, and never answers.
      'agent.mjs': `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
child.unref();
writeFileSync('child.pid', String(child.pid));
setInterval(() => {}, 1000);
`,
      // The timeout leaves a loaded machine time to start node and write child.pid, which the test needs.
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 4000 }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { stdout } = await runCli(dir, ['eval']);
    expect(stdout).toContain('got timeout');
    const child = await pidIn(join(dir, 'child.pid'), 1000);
    await untilGone([child]); // runs until killed: one left running fails at vitest's test timeout
  });
});

describe('processes a module agent starts', () => {
  it('are stopped with what they started, though the agent runs in agentready\'s own process group', async () => {
    const dir = makeProject({
      // Starts a process that would live on, and a shell whose background child outlives the shell; answers.
      'agent.mjs': `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
export default async function agent() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  child.unref();
  writeFileSync('child.pid', String(child.pid));
  const sh = spawn('/bin/sh', ['-c', 'sleep 60 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const grandchild = await new Promise((resolve) => sh.stdout.once('data', (data) => resolve(String(data).trim())));
  writeFileSync('grandchild.pid', grandchild);
  return { outcome: 'completed', output: 'ok' };
}
`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stdout).toContain('1 case · 1 passed');
    expect(exitCode, stderr).toBe(0);
    const pids = [await pidIn(join(dir, 'child.pid'), 1000), await pidIn(join(dir, 'grandchild.pid'), 1000)];
    await untilGone(pids); // run until killed (sleep 60): one left running fails at vitest's test timeout
  });
});
