// Ctrl-C mid-run: what finished stays on disk, the agent is stopped, the exit code is 130 (143 for SIGTERM, 129 for SIGHUP).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, startCli } from './helpers/run-cli.js';

/** Resolves once the run's results.jsonl holds `count` results (checked as the file changes). */
async function waitForResults(dir: string, count: number, deadlineMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    const root = join(dir, '.agentready/runs');
    if (existsSync(root)) {
      for (const run of readdirSync(root)) {
        const file = join(root, run, 'results.jsonl');
        if (existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean).length >= count + 1) return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check the file, bounded by the deadline
  }
  throw new Error(`results.jsonl did not reach ${count} results within ${deadlineMs} ms`);
}

/** Resolves once `file` exists (polled, bounded by the deadline). */
async function waitForFile(file: string, deadlineMs: number): Promise<void> {
  const started = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - started > deadlineMs) throw new Error(`${file} did not appear within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded by the deadline
  }
}

/** A project whose agent answers two cases and never the two others (and ignores cancel). */
function hangingProject(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-hang.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 60000, concurrency: 4, workers: 4 }
`,
    's.suite.yaml': `suite: s
tools: []
cases:
  - { id: quick-1, input: "fine", expect: { outcome: completed } }
  - { id: quick-2, input: "fine", expect: { outcome: completed } }
  - { id: stuck-1, input: "HANG", expect: { outcome: completed } }
  - { id: stuck-2, input: "HANG", expect: { outcome: completed } }
`,
  });
}

/** The one run folder's finished case ids (sorted) and its summary.json. */
function runFolder(dir: string): { finished: string[]; summary: { interrupted: boolean; exit: unknown } } {
  const root = join(dir, '.agentready/runs');
  const [run] = readdirSync(root);
  const lines = readFileSync(join(root, run!, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { case_id: string });
  return { finished: lines.slice(1).map((r) => r.case_id).sort(), summary: JSON.parse(readFileSync(join(root, run!, 'summary.json'), 'utf8')) };
}

describe('interrupting a run', () => {
  it.each([
    ['SIGINT', 130, 'interrupted'],
    ['SIGTERM', 143, 'stopped by SIGTERM'],
  ] as const)('%s while the agent is still starting exits %i and says no case ran', async (signal, code, by) => {
    const dir = makeProject({
      // Never answers initialize; says it has the request (so the files are loaded and the agent's
      // start, the run's from then on, has begun) by creating a file. Spawned early, it may boot
      // before the files are loaded.
      'slow-start.mjs': "import { writeFileSync } from 'node:fs';\nprocess.stdin.once('data', () => writeFileSync('initializing', ''));\nsetInterval(() => {}, 1000);\n",
      'agentready.config.yaml': `target: { adapter: stdio, command: [node, slow-start.mjs] }
suites: [s.suite.yaml]
run: { start_timeout_ms: 30000 }
`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const child = startCli(dir, ['eval']);
    await waitForFile(join(dir, 'initializing'), 20_000);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`agentready: ${by} while the agent was starting: no case ran (exit ${code})`);
    expect(result.stderr).not.toContain('bug');
    // No run folder was begun, so there is nothing for --resume to go on with (it was offered).
    expect(result.stderr).toContain('agentready: interrupted before the first case: stopping the agent');
    expect(result.stderr).not.toContain('--resume');
  });


  it('SIGINT keeps finished results (in the run folder and the --otlp file; the history waits for the run to be resumed), stops the agent and exits 130', async () => {
    const dir = hangingProject();
    const child = startCli(dir, ['eval', '--otlp', 'run.otlp.json', '--reporter', 'junit:junit.xml']);
    await waitForResults(dir, 2, 20_000);
    // The stuck cases' limit (60 s) is past vitest's test timeout: that the CLI exits at all is the
    // sign that SIGINT stopped the agent rather than waiting on it.
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const { finished, summary } = runFolder(dir);
    expect(finished).toEqual(['quick-1', 'quick-2']);
    expect(summary.interrupted).toBe(true);
    const otlp = readFileSync(join(dir, 'run.otlp.json'), 'utf8');
    expect([...otlp.matchAll(/"key":"agentready\.case_id","value":\{"stringValue":"([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['quick-1', 'quick-2']);
    expect(existsSync(join(dir, '.agentready/history.jsonl'))).toBe(false);
    // The JUnit file does not read as a clean run of two cases.
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites name="agentready" tests="3" failures="0" errors="1" skipped="0"');
    expect(junit).toContain('<error message="the run was stopped by SIGINT after 2 of 4 attempts: the rest did not finish">');
  });
});

describe('interrupting a run of a module agent that listens for the stop signals itself', () => {
  // As @mastra/mcp's MCP client does through exit-hook: on SIGINT or SIGTERM it closes its
  // connections and calls process.exit(), which ended agentready's process (the agent's) mid-interrupt.
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s still stops the run as agentready does: exit %i, the finished cases and summary.json on disk', async (signal, code) => {
    const dir = makeProject({
      'agent.mjs': `import { writeFileSync } from 'node:fs';
export default async function agent(task, ctx) {
  // In every case, as the Mastra MCP client adds its SIGTERM listener once per connection.
  process.once('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  if (task.case.input === 'fine') return { outcome: 'completed', output: 'ok' };
  writeFileSync('holding', '');
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
  return { outcome: 'completed', output: 'cancelled' };
}
`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 60000, concurrency: 3 }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: quick-1, input: fine, expect: { outcome: completed } }\n  - { id: quick-2, input: fine, expect: { outcome: completed } }\n  - { id: held, input: hold, expect: { outcome: completed } }\n',
    });
    const child = startCli(dir, ['eval']);
    await waitForResults(dir, 2, 20_000);
    await waitForFile(join(dir, 'holding'), 20_000);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    const { finished, summary } = runFolder(dir);
    expect(finished).toEqual(['quick-1', 'quick-2']);
    expect(summary.interrupted).toBe(true);
    // The first case whose code asked for the signals is told why it did not get them: once, not in every case's log.
    const traces = readFileSync(join(dir, '.agentready/runs', readdirSync(join(dir, '.agentready/runs'))[0]!, 'traces.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { agent_log?: string[] });
    expect(traces.map((trace) => trace.agent_log ?? []).sort((a, b) => a.length - b.length)).toEqual([
      [],
      [
        'agentready: the agent\'s process.once("SIGINT") listener was not added: agentready stops the run on SIGINT itself, and cancels each case in flight through ctx.signal',
        'agentready: the agent\'s process.on("SIGTERM") listener was not added: agentready stops the run on SIGTERM itself, and cancels each case in flight through ctx.signal',
      ],
    ]);
  });
});

describe('interrupting baseline update', () => {
  it('writes no baseline and says how to finish the run and snapshot it: the run folder, eval --resume <id>, baseline update --from <id>', async () => {
    const dir = hangingProject();
    const child = startCli(dir, ['baseline', 'update']);
    await waitForResults(dir, 2, 20_000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
    const [run] = readdirSync(join(dir, '.agentready/runs'));
    expect(result.stderr.trim().split('\n').slice(-2)).toEqual([
      'agentready: interrupted: the cases that finished are in the run folder (exit 130)',
      `  run folder .agentready/runs/${run}: \`agentready eval --resume ${run}\` runs the cases left, then \`agentready baseline update --from ${run}\` writes the baseline from it`,
    ]);
    expect(runFolder(dir).finished).toEqual(['quick-1', 'quick-2']);
  });
});

describe('SIGTERM (a CI job cancelled, `kill`) and SIGHUP (the terminal closed)', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s stops the run as Ctrl-C does, but exits %i: finished cases on disk, the agent stopped, the run left for --resume', async (signal, code) => {
    const dir = hangingProject();
    const child = startCli(dir, ['eval']);
    await waitForResults(dir, 2, 20_000);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(result.stderr).toContain('`agentready eval --resume` goes on from here');
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`agentready: stopped by ${signal}: the cases that finished are in the run folder (exit ${code})`);
    const { finished, summary } = runFolder(dir);
    expect(finished).toEqual(['quick-1', 'quick-2']);
    expect([summary.interrupted, summary.exit]).toEqual([true, { code, reason: `stopped by ${signal}: the cases that finished are in the run folder` }]);
  });
});

describe('user code that keeps Node alive after the command', () => {
  const project = (agent: string) =>
    makeProject({
      'agent.mjs': agent,
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 60000 }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });

  it('a module agent that leaves a timer running: eval still exits with its own code, saying why it had to', async () => {
    const dir = project("setInterval(() => {}, 1000);\nexport default async () => ({ outcome: 'completed', output: 'ok' });\n");
    const result = await startCli(dir, ['eval']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 case · 1 passed');
    expect(result.stderr).toContain('agentready: warning: the command has ended, but something the agent module, a tool handler or a custom scorer started');
  });

  it('a module agent that starts a timer (a client, a pool) as it loads and then fails to load: eval exits with its error instead of hanging for ever', async () => {
    const dir = project("setInterval(() => {}, 1000);\nthrow new Error('cannot reach the database');\n");
    const result = await startCli(dir, ['eval']);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain('cannot reach the database');
    expect(result.stderr).toContain('agentready: warning: the command has ended, but something the agent module, a tool handler or a custom scorer started');
  });

  it('a tool handler module that starts a timer as it loads, beside a bad input: validate exits 2 naming the problem instead of hanging for ever', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      'tools.mjs': "setInterval(() => {}, 1000);\nexport function look() { return {}; }\n",
      's.suite.yaml': 'suite: s\ntools:\n  - { name: look, tier: autonomous, parameters: { type: object }, handler: ./tools.mjs#look }\ncases:\n  - { id: a, input: hi, expect: { outcome: completed, bogus: 1 } }\n',
    });
    const result = await startCli(dir, ['validate']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('s.suite.yaml:5:');
    expect(result.stderr).toContain('bogus');
  });

  it('Ctrl-C aborts a module agent\'s ctx.signal (SPEC §11 Module), with the interrupt as its reason, before exit 130', async () => {
    const dir = project(`import { writeFileSync } from 'node:fs';
export default async (task, ctx) => {
  writeFileSync('running', String(ctx.signal.aborted));
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  writeFileSync('aborted', String(ctx.signal.reason?.message ?? ctx.signal.reason));
  return { outcome: 'partial', output: 'stopped' };
};
`);
    const child = startCli(dir, ['eval']);
    await waitForFile(join(dir, 'running'), 20_000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(readFileSync(join(dir, 'running'), 'utf8')).toBe('false');
    expect(readFileSync(join(dir, 'aborted'), 'utf8')).toBe('interrupted by SIGINT');
  });

  it('Ctrl-C while a module agent is stuck in a case exits 130 instead of waiting for it', async () => {
    const dir = project("import { writeFileSync } from 'node:fs';\nexport default async () => { writeFileSync('running', ''); await new Promise((r) => setTimeout(r, 600_000)); return { outcome: 'completed', output: 'late' }; };\n");
    const child = startCli(dir, ['eval']);
    await waitForFile(join(dir, 'running'), 20_000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('agentready: interrupted');
  });
});
