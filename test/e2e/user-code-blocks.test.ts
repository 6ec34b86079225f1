// A tool handler or a custom scorer runs in agentready's own process: one that blocks the event loop
// (for (;;) {}) held the run for ever. The user code's watchdog ends the process past the case's
// timeout_ms plus 2 s (exit 3), naming the code and its case; what finished is on disk, and the
// attempt it blocked is in blocked.json: `eval --resume` records it as an error (HANDLER_BLOCKED,
// SCORER_BLOCKED) instead of running it, and blocking the process, again.
// The scorer blocks by a busy loop; the handlers by Atomics.wait, which holds the thread as the
// loop does (no heartbeat, no timer runs) without burning a core for timeout_ms + 2 s.
// timeout_ms is the run's, so it bounds both the agent's answer to the case that passes and the
// block: a case that must pass gets 500 ms or more (a loaded CI machine may not answer within 100).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

function statuses(dir: string): Record<string, string> {
  const rows = readJsonl<{ case_id: string; status: string; error?: { code: string } }>(dir, 'results.jsonl').slice(1);
  return Object.fromEntries(rows.map((row) => [row.case_id, row.error ? `${row.status} ${row.error.code}` : row.status]));
}

describe('a custom scorer that blocks the event loop', () => {
  it('ends the run (exit 3) naming the scorer and its case, the cases before it on disk; --resume records it as SCORER_BLOCKED', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 2000, concurrency: 1 }\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: fine, input: x, expect: { outcome: completed } }\n  - { id: scored, input: y, expect: { outcome: completed, custom: [./spin.mjs] } }\n',
      'spin.mjs': 'export default function () { for (;;) {} }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(
      /^agentready: the custom scorer \.\/spin\.mjs of case scored blocked agentready's process for \d+ ms: it runs in agentready's process and cannot be stopped once it blocks the event loop \(a loop that never ends, a long synchronous computation\); make it return or await\. The cases that finished are in the run folder: `agentready eval --resume` records this case as an error \(SCORER_BLOCKED\) and runs the rest \(exit 3\)$/,
    );
    const results = readFileSync(join(latestRunDir(dir), 'results.jsonl'), 'utf8').trim().split('\n').slice(1).map((line) => (JSON.parse(line) as { case_id: string }).case_id);
    expect(results).toEqual(['fine']);
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(false);

    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.stdout).toContain("✗ s/scored  error SCORER_BLOCKED: the custom scorer ./spin.mjs of case scored blocked agentready's process for");
    expect(statuses(dir)).toEqual({ fine: 'passed', scored: 'error SCORER_BLOCKED' });
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
  }, 30_000);
});

describe('eval --resume after a tool handler blocked a stdio agent\'s run', () => {
  it('records the case as an error naming the handler (HANDLER_BLOCKED) and runs the rest to the end', async () => {
    const cases = ['a', 'spin', 'b'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }`).join('\n');
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-lookup.js')} }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 2000, concurrency: 1 }\n`,
      's.suite.yaml': `suite: s\nstate: {}\ntools: [{ name: lookup_order, handler: ./h.mjs#lookup }]\ncases:\n${cases}\n`,
      'h.mjs': "export function lookup({ order_id }) { if (order_id === 'spin') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return { status: 'shipped' }; }\n",
    });
    const first = await runCli(dir, ['eval', '--no-gate']);
    expect(first.exitCode).toBe(3);
    expect(first.stderr).toMatch(/^agentready: the tool handler \.\/h\.mjs#lookup of lookup_order in case spin blocked .*`agentready eval --resume` records this case as an error \(HANDLER_BLOCKED\) and runs the rest \(exit 3\)$/);
    expect(statuses(dir)).toEqual({ a: 'passed' });

    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^Resuming run \S+ \(3 cases\): 1 had finished, 1 had blocked the process \(an error\), running the other 1 /);
    expect(resumed.stdout).toContain("✗ s/spin  error HANDLER_BLOCKED: the tool handler ./h.mjs#lookup of lookup_order in case spin blocked agentready's process for");
    expect(statuses(dir)).toEqual({ a: 'passed', spin: 'error HANDLER_BLOCKED', b: 'passed' });
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
    expect(existsSync(join(latestRunDir(dir), 'blocked.json'))).toBe(false);
  }, 60_000);
});

describe('a tool handler that blocks the event loop under a module agent', () => {
  it('ends the run naming the handler and its case, not the module agent whose call ran it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 2000, concurrency: 1 }\n',
      'agent.mjs': "export default async function (task, ctx) { return { outcome: 'completed', output: String(await ctx.callTool(task.case.input, {})) }; }\n",
      's.suite.yaml': 'suite: s\nstate: {}\ntools: [{ name: ok, handler: ./h.mjs#ok }, { name: spin, handler: ./h.mjs#spin }]\ncases:\n  - { id: fine, input: ok, expect: { outcome: completed } }\n  - { id: spun, input: spin, expect: { outcome: completed } }\n',
      'h.mjs': 'export function ok() { return 1; }\nexport function spin() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/^agentready: the tool handler \.\/h\.mjs#spin of spin in case spun blocked agentready's process for \d+ ms: it runs in agentready's process /);
    // The user code's watchdog, not the module agent's (which waits while a handler runs), wrote blocked.json.
    await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(statuses(dir)).toEqual({ fine: 'passed', spun: 'error HANDLER_BLOCKED' });
  }, 30_000);
});
