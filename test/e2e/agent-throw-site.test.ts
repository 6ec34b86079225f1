// An agent whose own code throws (a bug: a property of undefined) says where, as a test runner
// does: `(at support.mjs:4:51)` ends its case's message on every transport that can say it, and
// the stack is in the case's own log.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENTS, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

/** The agent's logic: line 4, column 51 reads a property of undefined for every case but `fine`. */
const SUPPORT = `export default async function support(task) {
  if (task.case.id === 'fine') return { outcome: 'completed', output: 'ok' };
  const customer = task.case.context.customer;
  return { outcome: 'completed', output: customer.name };
}
`;
const SITE = '(at support.mjs:4:51)';
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'fine'];

const project = (target: string, files: Record<string, string> = {}) =>
  makeProject({
    'agentready.config.yaml': `target: ${target}\nsuites: [s.suite.yaml]\nrun: { concurrency: 4 }\npolicy: false\n`,
    's.suite.yaml': `suite: s\ntools: []\ncases:\n${IDS.map((id) => `  - { id: ${id}, input: hi, expect: { outcome: completed } }\n`).join('')}`,
    'support.mjs': SUPPORT,
    ...files,
  });

type Row = { case_id?: string; trace_id: string; error?: { code: string; message: string } };
type Trace = { case_id: string; trace_id: string; agent_log?: string[] };

describe.concurrent('an agent whose code throws says where', () => {
  it('module: the case message ends with the file, line and column of the throw; the stack is its log', async () => {
    const dir = project('{ adapter: module, module: support.mjs }');
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain(`✗ s/a  outcome: expected outcome completed, got agent_error (the agent module threw: Cannot read properties of undefined (reading 'name') ${SITE})`);
    const traces = readJsonl<Trace>(dir, 'traces.jsonl');
    expect(traces.find((trace) => trace.case_id === 'a')!.agent_log).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'name')",
      `    at support (${pathToFileURL(join(dir, 'support.mjs')).href}:4:51)`,
    ]);
  });

  it("stdio with serveStdio: the error answer says where; each case's log holds its own stack", async () => {
    const agent = `import { serveStdio } from ${JSON.stringify(pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href)};
import support from './support.mjs';
serveStdio(support, { name: 'thrower', version: '1.0.0', concurrency: 4 });
`;
    const dir = project('{ adapter: stdio, command: [node, agent.mjs] }', { 'agent.mjs': agent });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain(`✗ s/a  outcome: expected outcome completed, got agent_error (agent answered run with an error (code -32603): Cannot read properties of undefined (reading 'name') ${SITE})`);
    const traces = readJsonl<Trace>(dir, 'traces.jsonl');
    expect(traces).toHaveLength(IDS.length);
    // Six cases threw at concurrency 4: each log is its own stack (the agent's frames, not the
    // library's), sent with its error answer (data.stack), so in no other case's log.
    for (const trace of traces.filter((trace) => trace.case_id !== 'fine')) {
      expect(trace.agent_log, trace.case_id).toEqual([
        "TypeError: Cannot read properties of undefined (reading 'name')",
        `    at support (${pathToFileURL(join(dir, 'support.mjs')).href}:4:51)`,
      ]);
    }
    expect(traces.find((trace) => trace.case_id === 'fine')!.agent_log).toBeUndefined();
  });

  it("stdio: the site is shown from agentready's folder, as a module's is, not from the agent's (its config's folder, run with --config)", async () => {
    const agent = `import { serveStdio } from ${JSON.stringify(pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href)};
import support from './support.mjs';
serveStdio(support, { name: 'thrower', version: '1.0.0' });
`;
    const dir = makeProject({
      'bot/agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\npolicy: false\n',
      'bot/module.config.yaml': 'target: { adapter: module, module: support.mjs }\nsuites: [s.suite.yaml]\npolicy: false\n',
      'bot/s.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
      'bot/support.mjs': SUPPORT,
      'bot/agent.mjs': agent,
    });
    const stdio = await runCli(dir, ['eval', '--config', 'bot/agentready.config.yaml']);
    expect(stdio.stdout).toContain(`(reading 'name') (at bot/support.mjs:4:51))`);
    const module = await runCli(dir, ['eval', '--config', 'bot/module.config.yaml']);
    expect(module.stdout).toContain(`(reading 'name') (at bot/support.mjs:4:51))`);
  });

  it('stdio: a huge message is sent once, not twice (its stack is cut to what a log keeps), so the answer stays under the 10 MB a message may be', async () => {
    const agent = `import { serveStdio } from ${JSON.stringify(pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href)};
serveStdio(async () => { throw new Error('x'.repeat(6_000_000)); }, { name: 'huge', version: '1.0.0' });
`;
    const dir = project('{ adapter: stdio, command: [node, agent.mjs] }', { 'agent.mjs': agent });
    // 6 MB in the message and again in the stack's first line was an answer past 10 MB: dropped, AGENT_PROTOCOL.
    expect((await runCli(dir, ['eval', '--grep', '^a$'])).exitCode).toBe(1);
    const [, row] = readJsonl<Row>(dir, 'results.jsonl');
    expect(row!.error!.code).toBe('AGENT_ERROR');
    const [trace] = readJsonl<Trace>(dir, 'traces.jsonl');
    expect(trace!.agent_log![0]).toMatch(/^Error: x{4000,4096}… \[line cut\]$/);
    expect(trace!.agent_log![1]).toMatch(/^ {4}at .*agent\.mjs:2:32\)$/);
  });

  it('exec: a command that died of an exception names it and where it threw, however deep its stack', async () => {
    const agent = `import { readFileSync } from 'node:fs';
import support from './support.mjs';
const task = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(await support(task)));
`;
    const dir = project('{ adapter: exec, command: [node, agent.mjs] }', { 'agent.mjs': agent });
    const { exitCode } = await runCli(dir, ['eval', '--grep', '^a$']);
    expect(exitCode).toBe(3);
    const [, row] = readJsonl<Row>(dir, 'results.jsonl');
    expect(row!.error!.code).toBe('AGENT_EXITED');
    // Node's stack pushes the exception's line out of the last 5 lines quoted; it leads the message.
    expect(row!.error!.message).toMatch(new RegExp(`^the command \`node agent\\.mjs\` exited with code 1: TypeError: Cannot read properties of undefined \\(reading 'name'\\) \\(at support\\.mjs:4:51\\); stderr: `));
    expect(row!.error!.message).not.toContain('Node.js v');
  });
});
