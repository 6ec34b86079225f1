// The agent SDK (`serveStdio` from `agentready-cli/agent`, the built bundle the package's
// `exports` name) driven the way agentready drives it, over real pipes: the lines of one cascade
// go out in one write, and nothing written before the process ends is lost.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParams } from '../helpers/run-params.js';
import { traceLoads } from './helpers/loaded-modules.js';
import { AGENTS, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

/**
 * An agent that records one model call per run and answers within the same cascade (after one
 * microtask, so the answers before it are written too); `EXIT_ON` ends the process mid-run.
 */
const AGENT = `import { serveStdio } from ${JSON.stringify(pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href)};
serveStdio(async (task, ctx) => {
  await null;
  ctx.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 1 });
  if (task.case.input === process.env.EXIT_ON) process.exit(3);
  return { outcome: 'completed', output: 'done: ' + task.case.id };
}, { name: 'sdk-agent', version: '1.0.0', concurrency: 4 });
`;

const line = (message: object) => `${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`;
const run = (id: number, input: string) =>
  line({
    id,
    method: 'run',
    params: runParams({ input, id: `case-${id}`, trace_id: `t${id}`, token: 'tok' }),
  });
const INITIALIZE = line({ id: 1, method: 'initialize', params: { protocol: 'agentready/1', suite: 's' } });
const SHUTDOWN = line({ id: 9, method: 'shutdown', params: {} });

interface Served {
  /** Each chunk read from the agent's stdout, as read. */
  reads: string[];
  messages: { id?: number; method?: string; result?: unknown; params?: unknown }[];
  code: number | null;
}

/** What the agent wrote: answers by id, notifications by method, in a fixed order (the order of one cascade's lines is the microtasks'). */
const written = (served: Served) => served.messages.map((message) => String(message.id ?? message.method)).sort();

interface ServeOptions {
  /** Close the agent's stdin after `input`. */
  end?: boolean;
  env?: Record<string, string>;
  /** The temp project with agent.mjs (a fresh one by default), and node's options before it. */
  dir?: string;
  nodeArgs?: string[];
}

/** Starts the agent, writes `input` in one write (and closes its stdin when `end`), and reads all it says until it exits. */
function serve(input: string, { end = false, env = {}, dir = makeProject({ 'agent.mjs': AGENT }), nodeArgs = [] }: ServeOptions = {}): Promise<Served> {
  const child = spawn(process.execPath, [...nodeArgs, join(dir, 'agent.mjs')], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const reads: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => reads.push(chunk.toString()));
  if (end) child.stdin.end(input);
  else child.stdin.write(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const messages = reads.join('').split('\n').filter(Boolean).map((text) => JSON.parse(text) as Served['messages'][number]);
      resolve({ reads, messages, code });
    });
  });
}

describe('serveStdio', () => {
  it("loads as one file, the bundle the package's ./agent export names: not tsc's dist/ modules, not zod's", async () => {
    const dir = makeProject({ 'agent.mjs': AGENT });
    const trace = traceLoads(dir);
    const served = await serve(INITIALIZE + SHUTDOWN, { dir, nodeArgs: trace.nodeArgs, env: trace.env });
    expect(served.code).toBe(0);
    expect(trace.read().loaded).toEqual(['fixtures/agents/lib/stdio-agent.js', 'dist/agent-bundle/serve-stdio.js']);
  });

  it('writes the answers to one read, usage included, in one write, and every line before it exits on shutdown', async () => {
    const served = await serve(INITIALIZE + run(2, 'a') + run(3, 'b') + SHUTDOWN);
    expect(served.code).toBe(0);
    expect(written(served)).toEqual(['1', '2', '3', '9', 'usage', 'usage']);
    expect(served.messages.find((message) => message.id === 1)!.result).toEqual({ name: 'sdk-agent', version: '1.0.0', concurrency: 4 });
    expect(served.messages.find((message) => message.id === 3)!.result).toEqual({ outcome: 'completed', output: 'done: case-3' });
    expect(served.messages.find((message) => message.id === 9)!.result).toEqual({});
    // One pipe write of six lines is read at once; six writes would wake the reader apart.
    expect(served.reads).toHaveLength(1);
  });

  it("writes a run's answer before the next callback of its event loop runs: another run's synchronous work after it does not hold it back (the harness would time that work to this case, or time the case out)", async () => {
    // Run b, in a callback of the turn a ends in, blocks the loop until the test has read run a's answer (the file
    // `read-a`), polling the disk: on setImmediate, a's answer waited for b's block to end.
    const blocking = AGENT.replace(
      'await null;',
      `if (task.case.input === 'b') {
    await new Promise((resolve) => setImmediate(resolve));
    const held = new Int32Array(new SharedArrayBuffer(4));
    // Gives up after 500 polls (~10 s), so that the failure is an answer, not a hang.
    let polls = 0;
    while (!existsSync('read-a') && polls++ < 500) Atomics.wait(held, 0, 0, 20);
    return { outcome: 'completed', output: existsSync('read-a') ? 'saw read-a' : 'gave up' };
  }
  await null;`,
    ).replace('import {', "import { existsSync } from 'node:fs';\nimport {");
    const dir = makeProject({ 'agent.mjs': blocking });
    const child = spawn(process.execPath, [join(dir, 'agent.mjs')], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    const seen: string[] = [];
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const text of lines) {
        const message = JSON.parse(text) as { id?: number; method?: string; result?: { output?: string } };
        seen.push(message.id === 3 ? `3: ${message.result!.output!}` : String(message.id ?? message.method));
        if (message.id === 2) writeFileSync(join(dir, 'read-a'), '');
        if (message.id === 3) child.stdin.end(SHUTDOWN);
      }
    });
    // One write, read at once: both runs start in the same turn of the agent's loop.
    child.stdin.write(INITIALIZE + run(2, 'a') + run(3, 'b'));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(seen).toEqual(['1', 'usage', '2', '3: saw read-a', '9']);
  });

  it('answers a run whose params the protocol does not allow, and a request that is no JSON-RPC 2.0 one, with the protocol error, and serves on', async () => {
    const { token: _token, ...noToken } = runParams({ input: 'a', id: 'case-2', trace_id: 't2' });
    const served = await serve(
      INITIALIZE +
        line({ id: 2, method: 'run', params: { ...noToken, turn: 0 } }) +
        `${JSON.stringify({ jsonrpc: '1.0', id: 3, method: 'run', params: {} })}\n` +
        run(4, 'b') +
        SHUTDOWN,
    );
    expect(served.code).toBe(0);
    const answer = (id: number) => served.messages.find((message) => message.id === id) as { error?: { code: number; message: string }; result?: unknown };
    expect(answer(2).error).toEqual({ code: -32602, message: 'invalid run params: turn: Too small: expected number to be >0; token: Invalid input: expected string, received undefined' });
    expect(answer(3).error).toEqual({ code: -32600, message: 'invalid JSON-RPC 2.0 request' });
    expect(answer(4).result).toEqual({ outcome: 'completed', output: 'done: case-4' });
  });

  it('writes what it answered before its stdin closed, then exits', async () => {
    const served = await serve(INITIALIZE + run(2, 'a'), { end: true });
    expect(served.code).toBe(0);
    expect(written(served)).toEqual(['1', '2', 'usage']);
  });

  it('a handler that exits the process still gets out the lines it wrote first', async () => {
    const served = await serve(INITIALIZE + run(2, 'bye'), { env: { EXIT_ON: 'bye' } });
    expect(served.code).toBe(3);
    expect(written(served)).toEqual(['1', 'usage']);
    expect(served.messages.find((message) => message.method === 'usage')!.params).toEqual({ trace_id: 't2', model: 'm', input_tokens: 1, output_tokens: 1 });
  });

  it("quotes a bad line from the harness on its stderr cut before the JSON string the cut falls in, so no part of a secret in it is left", async () => {
    const email = 'maria.gonzalez@example.org';
    const bad = line({ id: 77, result: { text: `${'lo '.repeat(60)}${email} and more` } });
    const child = spawn(process.execPath, [join(makeProject({ 'agent.mjs': AGENT }), 'agent.mjs')], { stdio: ['pipe', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.stdin.end(INITIALIZE + bad + SHUTDOWN);
    await new Promise((resolve) => child.on('close', resolve));
    const quoted = stderr.join('');
    expect(quoted).toContain('sdk-agent: a response for unknown request id 77: {"jsonrpc":"2.0","id":77,"result":{"text":…\n');
    expect(quoted).not.toMatch(/maria|gonzalez|lo lo/);
  });

  it("sends the handler's console.log and process.stdout writes to stderr, the agent's log: stdout carries only the protocol (a log line there failed a case AGENT_PROTOCOL, or warned, by how many ran at once)", async () => {
    const logging = AGENT.replace('await null;', "console.log('thinking about', task.case.id); process.stdout.write('raw write\\n'); await null;");
    const child = spawn(process.execPath, [join(makeProject({ 'agent.mjs': logging }), 'agent.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: string[] = [];
    const err: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
    child.stdin.end(INITIALIZE + run(2, 'a') + run(3, 'b') + SHUTDOWN);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const lines = out.join('').split('\n').filter(Boolean);
    expect(lines.map((text) => JSON.parse(text) as { id?: number; method?: string }).map((message) => String(message.id ?? message.method)).sort()).toEqual(['1', '2', '3', '9', 'usage', 'usage']);
    expect(err.join('')).toBe('thinking about case-2\nraw write\nthinking about case-3\nraw write\n');
  });

  it("passes stderr's drain on to process.stdout: a handler that waits for stdout's drain after a write returned false (stderr's pipe full) is not left waiting forever", async () => {
    const draining = AGENT.replace(
      'await null;',
      "if (!process.stdout.write('x'.repeat(1 << 20) + '\\n')) await new Promise((resolve) => process.stdout.once('drain', resolve)); await null;",
    );
    const child = spawn(process.execPath, [join(makeProject({ 'agent.mjs': draining }), 'agent.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: string[] = [];
    let errBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errBytes += chunk.length));
    child.stdin.write(INITIALIZE + run(2, 'a'));
    // Shut down once the run answered: before the fix it never did.
    await new Promise<void>((resolve) => child.stdout.on('data', () => out.join('').includes('"id":2') && resolve()));
    child.stdin.end(SHUTDOWN);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(errBytes).toBe((1 << 20) + 1);
  });

  it("writes an answer after the stderr lines the handler wrote before it: Node writes to a pipe asynchronously, and the case's log lost the lines that reached agentready after its answer (the first 278 of 2,000 were kept)", async () => {
    const logging = AGENT.replace('await null;', "for (let i = 0; i < 2000; i++) process.stderr.write(`step ${i} of ${task.case.id}\\n`); await null;");
    const dir = makeProject({
      'agent.mjs': logging,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n  - { id: b, input: b, expect: { outcome: completed } }\n',
    });
    const { exitCode } = await runCli(dir, ['eval', '--no-gate', '--concurrency', '1']);
    expect(exitCode).toBe(0);
    for (const trace of readJsonl<{ case_id: string; agent_log: string[] }>(dir, 'traces.jsonl')) {
      // The process's log keeps its last 500 lines, the case's own among them.
      expect(trace.agent_log.at(-1)).toBe(`step 1999 of ${trace.case_id}`);
      expect(trace.agent_log.filter((line) => line.startsWith('step '))).toHaveLength(500);
    }
  }, 60_000);
});
