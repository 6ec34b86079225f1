// An agent's invalid usage report (a negative, NaN or string token count) costs its case the same
// way on every transport, whatever carried it: a protocol error that says what was received.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, latestRunDir, makeProject, readJsonl, runCli, startHttpAgent } from './helpers/run-cli.js';

const SUITE = 'suite: s\ntools: []\ncases:\n  - { id: reported, input: reported, expect: { outcome: completed } }\n  - { id: in-result, input: in-result, expect: { outcome: completed } }\n';
const EXPECTED = 'a whole number of tokens, 0 or more';
/** What the `in-result` case of every agent answers with. */
const RESULT_USAGE = "{ model: 'm', input_tokens: -1, output_tokens: 1 }";

/** A handler: the `reported` case reports `reported` through ctx.recordUsage, the `in-result` case puts a negative count in its answer. */
const handler = (reported: string) => `async (task, ctx) => {
  if (task.case.input === 'reported') { ctx.recordUsage(${reported}); return { outcome: 'completed', output: 'ok' }; }
  return { outcome: 'completed', output: 'ok', usage: ${RESULT_USAGE} };
}`;

async function errorsOf(target: string, files: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = makeProject({ 'agentready.config.yaml': `target: ${target}\nsuites: [s.suite.yaml]\nrun: { max_error_rate: 1 }\n`, 's.suite.yaml': SUITE, ...files });
  await runCli(dir, ['eval', '--no-gate']);
  const rows = readJsonl<{ case_id: string; status: string; error?: { code: string; message: string } }>(dir, 'results.jsonl').slice(1);
  return Object.fromEntries(rows.map((row) => [row.case_id, { status: row.status, error: row.error }]));
}

/** A stdio agent speaking the protocol by hand: `onRun`, the code run for each `run` request `m`, with `send` at hand. */
const stdioAgent = (onRun: string) => `import { createInterface } from 'node:readline';
const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') send({ id: m.id, result: { name: 'raw', version: '1' } });
  else if (m.method === 'shutdown') { send({ id: m.id, result: {} }); process.exit(0); }
  else if (m.method === 'run') {
${onRun}
  }
});
`;

const protocolError = (received: string) => ({ status: 'error', error: { code: 'AGENT_PROTOCOL', message: `the agent reported invalid usage: input_tokens: expected ${EXPECTED}, received ${received}` } });

describe('an invalid usage report', () => {
  it('module: ctx.recordUsage with NaN says NaN is not a number; a negative count in the answer says what it was', async () => {
    const errors = await errorsOf('{ adapter: module, module: ./agent.mjs }', {
      // The agent catches whatever recordUsage throws and goes on: the report still costs the case.
      'agent.mjs': `const inner = ${handler("{ model: 'm', input_tokens: NaN, output_tokens: 1 }")};\nexport default async (task, ctx) => { try { return await inner(task, ctx); } catch { return { outcome: 'completed', output: 'caught' }; } };\n`,
    });
    expect(errors).toEqual({ reported: protocolError('NaN (not a number)'), 'in-result': protocolError('-1') });
  });

  it('stdio: a usage notification with a string count, and a negative count in the answer', async () => {
    const raw = stdioAgent(`    const reported = m.params.case.input === 'reported';
    if (reported) send({ method: 'usage', params: { trace_id: m.params.trace_id, model: 'm', input_tokens: '12', output_tokens: 1 } });
    send({ id: m.id, result: { outcome: 'completed', output: 'ok', ...(reported ? {} : { usage: ${RESULT_USAGE} }) } });`);
    const errors = await errorsOf('{ adapter: stdio, command: [node, agent.mjs] }', { 'agent.mjs': raw });
    expect(errors).toEqual({ reported: protocolError('the string "12"'), 'in-result': protocolError('-1') });
  });

  it('http: a usage message with a string count, and a negative count in the answer', async () => {
    const dir = makeProject({});
    const script = join(dir, 'server.mjs');
    writeFileSync(
      script,
      `import { serveHttp } from ${JSON.stringify(join(AGENTS, 'lib/http-agent.js'))};\nconst { url } = await serveHttp(${handler("{ model: 'm', input_tokens: '12', output_tokens: 1 }")});\nconsole.log('listening on ' + url);\n`,
    );
    const url = await startHttpAgent(script);
    const errors = await errorsOf(`{ adapter: http, url: "${url}" }`, {});
    expect(errors).toEqual({ reported: protocolError('the string "12"'), 'in-result': protocolError('-1') });
  });

  it('exec: a null count (NaN once it went through JSON) in a list of reports, and a negative count in the answer', async () => {
    const agent = `let text = '';
process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => {
  const task = JSON.parse(text);
  const usage = task.case.input === 'reported' ? [{ model: 'm', input_tokens: 1, output_tokens: 1 }, { model: 'm', input_tokens: NaN, output_tokens: 1 }] : ${RESULT_USAGE};
  process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'ok', usage }) + '\\n');
});
`;
    const errors = await errorsOf('{ adapter: exec, command: [node, agent.mjs] }', { 'agent.mjs': agent });
    expect(errors).toEqual({ reported: { status: 'error', error: { code: 'AGENT_PROTOCOL', message: `the agent reported invalid usage: report 2 of 2: input_tokens: expected ${EXPECTED}, received null` } }, 'in-result': protocolError('-1') });
  });
});

describe('a usage report that names no case in flight', () => {
  it("stdio: the run's warning quotes its trace_id redacted as sent, then escaped: no escape's letters are left beside a placeholder", async () => {
    const raw = stdioAgent(`    send({ method: 'usage', params: { trace_id: 'x\\u009b31mRED\\u0000bob@example.com', model: 'm', input_tokens: 1, output_tokens: 1 } });
    send({ id: m.id, result: { outcome: 'completed', output: 'ok' } });`);
    const dir = makeProject({ 'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n', 's.suite.yaml': SUITE, 'agent.mjs': raw });
    const { exitCode } = await runCli(dir, ['eval', '--no-gate', '--concurrency', '1']);
    expect(exitCode).toBe(0);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[] };
    // A terminal shows neither the CSI nor the NUL: the address reads xREDbob@example.com, and all of it is redacted (escaped first, `\[email]` kept their letters).
    expect(summary.warnings).toContainEqual(expect.stringContaining('2 usage reports named no case in flight (the first: trace_id "[email]")'));
  });

  it('stdio: one without a trace_id is charged to no case, even the one case in flight (as over http): one case at a time, the figures do not hang on it', async () => {
    // With a case's model call priced at $1, a report charged to the case in flight shows in its cost and fails its cap.
    const raw = stdioAgent(`    send({ method: 'usage', params: { model: 'm', input_tokens: 1000000, output_tokens: 0 } });
    send({ id: m.id, result: { outcome: 'completed', output: 'ok' } });`);
    const config = 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\npricing: { m: { input_per_mtok: 1, output_per_mtok: 1 } }\n';
    const dir = makeProject({ 'agentready.config.yaml': config, 's.suite.yaml': SUITE, 'agent.mjs': raw });
    const { exitCode, stdout } = await runCli(dir, ['eval', '--no-gate', '--concurrency', '1']);
    expect(exitCode, stdout).toBe(0);
    const rows = readJsonl<{ case_id: string; cost_usd: number }>(dir, 'results.jsonl').slice(1);
    expect(rows.map((row) => row.cost_usd)).toEqual([0, 0]);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[] };
    expect(summary.warnings).toContainEqual(expect.stringContaining('2 usage reports named no case in flight (the first: no trace_id) and were not counted'));
  });
});
