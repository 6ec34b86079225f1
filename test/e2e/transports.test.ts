// One example suite, every transport: the bundled example agent (fixtures/example/agent/support.js)
// over stdio, http, module (JS and TS) and exec, and its stdio traces through `agentready score`,
// give the same per-case verdicts.
//
// exec and `score` host no tools (SPEC §3: mocks and faults do not apply), so they cannot see the
// suite's mocks. To compare honestly, the exec agent's "own tools" replay the answers the hosted
// tools gave in the stdio run (EXAMPLE_RECORDING), and `score` reads the stdio traces rewritten
// in the recorded-trace format: both are then judged only from what the agent reported. No
// handler runs for exec (the agent's own tools answer), so the example's tool world
// (support-world, judged by its final state) is compared on the hosted transports and `score`
// only; `score` reads each call's recorded state change and the conversation's turns.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENTS, EXAMPLE, latestRunDir, makeExampleProject, makeProject, readJsonl, runCli, startHttpAgent } from './helpers/run-cli.js';

type Row = { case_id: string; suite: string; status: string; outcome?: string; checks: { check: string; pass: boolean }[] };
type TraceRow = {
  case_id: string;
  suite: string;
  trace_id: string;
  outcome: string;
  output: unknown;
  duration_ms: number;
  tool_calls: { name: string; arguments: unknown; result?: unknown; error?: unknown; approved?: boolean; turn?: number; state_change?: unknown[] }[];
  usage: { model: string; input_tokens: number; output_tokens: number }[];
  turns?: unknown[];
};

/** The suite whose cases judge a tool world's state: exec hosts no handler, so it cannot change it. */
const WORLD_SUITE = 'support-world';

/** Per case: status, outcome, each check's verdict, and the names of the tools it called. */
function verdicts(dir: string): Record<string, unknown> {
  const calls = Object.fromEntries(readJsonl<TraceRow>(dir, 'traces.jsonl').map((t) => [`${t.suite}/${t.case_id}`, t.tool_calls.map((c) => c.name)]));
  return Object.fromEntries(
    readJsonl<Row>(dir, 'results.jsonl')
      .slice(1)
      .map((r) => {
        const key = `${r.suite}/${r.case_id}`;
        return [key, { status: r.status, outcome: r.outcome, checks: r.checks.map((c) => `${c.check}:${c.pass}`), tools: calls[key] }];
      }),
  );
}

/** The verdicts of every case but the tool world's. */
function withoutWorld(verdicts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(verdicts).filter(([key]) => !key.startsWith(`${WORLD_SUITE}/`)));
}

/** The example project with its `target:` block replaced. */
function exampleWith(target: string): string {
  const dir = makeExampleProject();
  const file = join(dir, 'agentready.config.yaml');
  const config = readFileSync(file, 'utf8');
  const replaced = config.replace(/^target:\n(?: {2}.*\n)+/m, `target:\n${target.replace(/^/gm, '  ')}\n`);
  expect(replaced, 'the example config has a target block to replace').not.toBe(config);
  writeFileSync(file, replaced);
  return dir;
}

const agentPath = (name: string) => JSON.stringify(join(EXAMPLE, 'agent', name));
describe('the example suite over every transport', () => {
  let stdioDir: string;
  let expected: Record<string, unknown>;

  beforeAll(async () => {
    stdioDir = makeExampleProject();
    // Unredacted, so the recorded tool answers can be replayed exactly.
    const { exitCode, stderr } = await runCli(stdioDir, ['eval', '--no-gate', '--no-redact']);
    expect(exitCode, stderr).toBe(0);
    expected = verdicts(stdioDir);
  });

  it('stdio runs every case of the example, with tools called', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(20);
    expect(Object.values(expected).some((v) => (v as { tools: string[] }).tools.length > 1)).toBe(true);
  });

  it('http, module (JS and TS) and exec give the same per-case verdicts as stdio', async () => {
    const recording = join(latestRunDir(stdioDir), 'traces.jsonl');
    const targets = {
      http: `adapter: http\nurl: ${await startHttpAgent(join(EXAMPLE, 'agent/http.js'))}`,
      'module (js)': `adapter: module\nmodule: ${agentPath('module.js')}`,
      'module (ts)': `adapter: module\nmodule: ${agentPath('module.ts')}`,
      exec: `adapter: exec\ncommand: [node, ${agentPath('exec.js')}]\nenv: { EXAMPLE_RECORDING: ${JSON.stringify(recording)} }`,
    };
    const runs = await Promise.all(
      Object.entries(targets).map(async ([name, target]) => {
        const dir = exampleWith(target);
        const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
        return { name, exitCode, stderr, verdicts: verdicts(dir) };
      }),
    );
    for (const run of runs) {
      expect(run.exitCode, `${run.name}: ${run.stderr}`).toBe(0);
      if (run.name === 'exec') expect(withoutWorld(run.verdicts), run.name).toEqual(withoutWorld(expected));
      else expect(run.verdicts, run.name).toEqual(expected);
    }
    // exec starts one process per case: generous on a loaded CI machine, ~5 s on an idle one.
  }, 90_000);

  it('`agentready score` over the stdio traces gives the same verdicts (shadow mode)', async () => {
    const lines = readJsonl<TraceRow>(stdioDir, 'traces.jsonl').map((t) => ({
      case_id: t.case_id,
      suite: t.suite,
      trace_id: t.trace_id,
      outcome: t.outcome,
      output: t.output,
      duration_ms: t.duration_ms,
      usage: t.usage.map(({ model, input_tokens, output_tokens }) => ({ model, input_tokens, output_tokens })),
      tool_calls: t.tool_calls.map(({ name, arguments: args, result, error, approved, turn, state_change }) => ({
        name,
        arguments: args,
        ...(result === undefined ? {} : { result }),
        ...(error === undefined ? {} : { error }),
        ...(approved === undefined ? {} : { approved }),
        ...(turn === undefined ? {} : { turn }),
        ...(state_change === undefined ? {} : { state_change }),
      })),
      ...(t.turns === undefined ? {} : { turns: t.turns }),
    }));
    const dir = makeExampleProject({ 'recorded.jsonl': lines.map((line) => JSON.stringify(line)).join('\n') });
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'recorded.jsonl', '--reporter', 'json:report.json']);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toContain(`${lines.length} cases · ${lines.length} passed`);
    expect(verdicts(dir)).toEqual(expected);
    // The recorded trace ids are kept, so a production trace can be found again.
    expect(readJsonl<TraceRow>(dir, 'traces.jsonl').map((t) => t.trace_id)).toEqual(lines.map((l) => l.trace_id));
  });

  it("`agentready score` reads a run folder's own traces.jsonl as it is", async () => {
    const dir = makeExampleProject({ 'run-traces.jsonl': readFileSync(join(latestRunDir(stdioDir), 'traces.jsonl'), 'utf8') });
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'run-traces.jsonl', '--reporter', 'json:report.json']);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toContain(`${Object.keys(expected).length} cases · ${Object.keys(expected).length} passed`);
    expect(verdicts(dir)).toEqual(expected);
  });
});

describe('usage that comes after its case ended', () => {
  it('is not counted, and the run says how many reports came too late (http)', async () => {
    const url = await startHttpAgent(join(AGENTS, 'http-agent-late-usage.js'));
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: http, url: ${url}, concurrency: 1 }\nsuites: [s.suite.yaml]\npricing: { small-model: { input_per_mtok: 1, output_per_mtok: 1 } }\n`,
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${['a', 'b', 'c'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    // a's report came during b, b's during c; c's never came.
    expect(stderr).toContain('agentready: warning: 2 usage reports came after their case had ended and were not counted');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[]; metrics: { overall: { cost_total: number } } };
    expect(summary.metrics.overall.cost_total).toBe(0);
    expect(summary.warnings.some((warning) => warning.startsWith('2 usage reports came after'))).toBe(true);
  });

  it('is not counted, and the run says how many reports came too late (module, ctx.recordUsage after its answer)', async () => {
    // Each run's ctx is used for usage when the next run comes: it was dropped without a word.
    const agent = `let late;
export default async function (task, ctx) {
  late?.recordUsage({ model: 'small-model', input_tokens: 100, output_tokens: 20 });
  late = ctx;
  return { outcome: 'completed', output: 'done' };
}
`;
    const dir = makeProject({
      'agent.mjs': agent,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\npricing: { small-model: { input_per_mtok: 1, output_per_mtok: 1 } }\n',
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${['a', 'b', 'c'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    expect(stderr).toContain('agentready: warning: 2 usage reports came after their case had ended and were not counted');
  });

  it('counts a ctx.recordUsage made just after the last case answered (module, in a setImmediate)', async () => {
    // The run's end read the adapter's warnings before stopping it: the last case's report, a turn later, was dropped unsaid.
    const agent = `export default async function (task, ctx) {
  setImmediate(() => ctx.recordUsage({ model: 'small-model', input_tokens: 100, output_tokens: 20 }));
  return { outcome: 'completed', output: 'done' };
}
`;
    const dir = makeProject({
      'agent.mjs': agent,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\npricing: { small-model: { input_per_mtok: 1, output_per_mtok: 1 } }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    expect(stderr).toContain('agentready: warning: 1 usage report came after its case had ended and was not counted');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[] };
    expect(summary.warnings.some((warning) => warning.startsWith('1 usage report came after'))).toBe(true);
  });

  it('is not counted, and the run says how many reports came too late (stdio, after the run was answered)', async () => {
    // Each run's usage is sent when the next run comes, after its answer: the case has ended by then.
    // (It was ignored as a usage for an unknown trace_id, and the run said nothing.)
    const agent = `import { createInterface } from 'node:readline';
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\\n');
let late;
createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.method === 'initialize') send({ id: message.id, result: { name: 'late', version: '1.0.0' } });
  if (message.method === 'shutdown') { send({ id: message.id, result: {} }); process.exit(0); }
  if (message.method !== 'run') return;
  if (late) send({ method: 'usage', params: { trace_id: late, model: 'small-model', input_tokens: 100, output_tokens: 20 } });
  late = message.params.trace_id;
  send({ id: message.id, result: { outcome: 'completed', output: 'done' } });
});
`;
    const dir = makeProject({
      'agent.mjs': agent,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\npricing: { small-model: { input_per_mtok: 1, output_per_mtok: 1 } }\n',
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${['a', 'b', 'c'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(0);
    expect(stderr).toContain('agentready: warning: 2 usage reports came after their case had ended and were not counted');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { metrics: { overall: { cost_total: number } } };
    expect(summary.metrics.overall.cost_total).toBe(0);
  });
});
