// The model gateway over the built CLI: an agent on the official OpenAI SDK, pointed at
// run.models.openai_base_url, against a fake provider on 127.0.0.1 — recorded, then replayed
// with no provider running; caps, faults and cassette misses; and the AI SDK end to end.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orderBrain, startFakeProvider, startRefusingProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { AGENTS, agentCommand, copiesOf, latestRunDir, makeProject, readJsonl, runCli, type CliResult } from './helpers/run-cli.js';

/** The agent's provider key: passed upstream by the gateway, written nowhere. */
const KEY = 'sk-e2e-0123456789abcdefghijklmnopqrstuv';

type Row = { case_id: string; status: string; outcome?: string; model_calls: number; cost_usd: number; models?: Record<string, { calls: number }>; error?: { code: string; message: string } };
type Usage = { model: string; via?: string; answer?: string; input_tokens: number };

const SUITE = `suite: orders
tools:
  - name: lookup_order
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: order-status
    input: "where is order 1234?"
    expect:
      outcome: completed
      tools: [{ name: lookup_order, args: { order_id: "1234" } }]
      output: { contains: shipped }
  - id: budget-stop
    input: "where is order 77?"
    expect:
      outcome: escalated
      budgets: { max_model_calls: 1 }
  - id: cost-stop
    input: "where is order 78?"
    context: { model: gpt-big }
    expect:
      outcome: escalated
      budgets: { max_cost_usd: 0.0001 }
  - id: rate-limited
    input: "where is order 5?"
    faults:
      - { model: "*", call: 1, error: rate_limit, retry_after_ms: 10 }
    expect: { outcome: completed, output: { contains: shipped } }
  - id: hard-order
    tags: [hard]
    input: "where is order 88?"
    context: { model: gpt-big }
    expect: { outcome: completed, output: { contains: shipped } }
`;

function project(input: { provider?: FakeProvider; target?: string; suite?: string }): string {
  const upstream = input.provider ? `  upstream: { openai: ${input.provider.openaiBaseUrl} }\n` : '';
  return makeProject({
    'agentready.config.yaml': `target: ${input.target ?? `{ adapter: stdio, command: ${agentCommand('agent-openai-sdk.js')} }`}
suites: [evals/*.suite.yaml]
models:
${upstream}  cassettes: evals/cassettes
pricing: { gpt-test: { input_per_mtok: 1, output_per_mtok: 2 }, gpt-big: { input_per_mtok: 10, output_per_mtok: 20 } }
`,
    'evals/orders.suite.yaml': input.suite ?? SUITE,
  });
}

/** The fake providers the tests started (one each), closed after the file: the tests run at once. */
const providers: FakeProvider[] = [];
afterAll(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});
async function provider(): Promise<FakeProvider> {
  const started = await startFakeProvider(orderBrain);
  providers.push(started);
  return started;
}

/** The recording run's answer, and the requests its provider received. */
let recording: { result: CliResult; requests: FakeProvider['requests'] };

/**
 * A project whose run recorded the cassettes (with the key, the run's OTLP file in run.otlp.json),
 * its provider closed: each test that then checks, replays or scores it gets a copy of its own.
 */
const recorded = copiesOf(async () => {
  const upstream = await provider();
  const dir = project({ provider: upstream });
  const result = await runCli(dir, ['eval', '--models', 'record', '--no-gate', '--otlp', 'run.otlp.json'], { OPENAI_API_KEY: KEY });
  expect(result.exitCode).toBe(0);
  // The gateway measured the calls: no warning that the agent bypassed it.
  expect(result.stderr).not.toContain('went through the model gateway');
  await upstream.close();
  recording = { result, requests: upstream.requests };
  return dir;
});

/** A project whose baseline a passing live run wrote (with the key), its provider closed: a copy for each test. */
const baselined = copiesOf(async () => {
  const upstream = await provider();
  const dir = project({ provider: upstream });
  expect((await runCli(dir, ['baseline', 'update'], { OPENAI_API_KEY: KEY })).exitCode).toBe(0);
  await upstream.close();
  return dir;
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

// Each test has a project of its own (a copy, when it starts from the shared recorded or baselined
// one) and waits on the agent's SDK calls through the gateway as much as on the CPU: they run at once.
// Eight at once, each a CLI run or two with a real SDK agent: 60 s each, as the other multi-process files give theirs.
describe.concurrent('the model gateway over the CLI', { timeout: 60_000 }, () => {
  it('records with the official OpenAI SDK, then replays with no provider running: same verdicts, usage and cost', async () => {
    const dir = await recorded();
    const { result: recordingRun, requests } = recording;
    expect(recordingRun.stderr).toBe('');
    expect(recordingRun.exitCode).toBe(0);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows.map((r) => [r.case_id, r.status, r.outcome, r.model_calls])).toEqual([
      ['order-status', 'passed', 'completed', 2],
      ['budget-stop', 'passed', 'escalated', 1],
      ['cost-stop', 'passed', 'escalated', 1],
      ['rate-limited', 'passed', 'completed', 2],
      ['hard-order', 'passed', 'completed', 2],
    ]);
    expect(rows[4]!.models).toEqual({ 'gpt-big-2026-01-01': expect.objectContaining({ calls: 2 }) });
    expect(rows[0]!.models).toEqual({ 'gpt-test-2026-01-01': expect.objectContaining({ calls: 2 }) });
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
    // The key went upstream, and was written nowhere.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    for (const file of [...filesUnder(join(dir, '.agentready')), ...filesUnder(join(dir, 'evals/cassettes'))]) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
    }
    expect(readdirSync(join(dir, 'evals/cassettes/orders')).sort()).toEqual(['budget-stop.json', 'cost-stop.json', 'hard-order.json', 'order-status.json', 'rate-limited.json']);
    // The terminal shows calls, tokens and cost per model, and the slice whose mix differs (routing).
    expect(recordingRun.stdout).toMatch(/overall\n\s+gpt-test-2026-01-01\s+5 \(62\.5%\)/);
    expect(recordingRun.stdout).toMatch(/tag:hard\n\s+gpt-big-2026-01-01\s+2 \(100%\)/);
    const traces = readJsonl<{ case_id: string; usage: Usage[] }>(dir, 'traces.jsonl');
    expect(traces.find((t) => t.case_id === 'rate-limited')!.usage.map((u) => u.answer)).toEqual(['rate_limit', 'model', 'model']);
    expect(traces.find((t) => t.case_id === 'budget-stop')!.usage.map((u) => u.answer)).toEqual(['model', 'budget_exhausted']);
    // The call that crossed max_cost_usd was spent (the case costs more than the cap), the next refused: the hard stop held.
    expect(traces.find((t) => t.case_id === 'cost-stop')!.usage.map((u) => u.answer)).toEqual(['model', 'budget_exhausted']);
    expect(rows[2]!.cost_usd).toBeGreaterThan(0.0001);

    // Its provider is closed: the replay answers from the cassettes.
    const replayed = await runCli(dir, ['eval', '--models', 'replay', '--no-gate']);
    expect(replayed.stderr).toBe('');
    expect(replayed.exitCode).toBe(0);
    const again = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(again.map((r) => [r.case_id, r.status, r.model_calls, r.cost_usd])).toEqual(rows.map((r) => [r.case_id, r.status, r.model_calls, r.cost_usd]));
    expect(replayed.stdout).toMatch(/tag:hard\n\s+gpt-big-2026-01-01\s+2 \(100%\)/);
    // The replay's dollars are the cassettes', not money spent: every output that shows them says so.
    expect(recordingRun.stdout).not.toContain('replayed, not spent');
    expect(replayed.stdout).toMatch(/\$ total \$\d+\.\d+ \(replayed, not spent\): model calls answered from cassettes \(--models replay\)/);
    expect(JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'))).toMatchObject({ replayed: true });
    const card = await runCli(dir, ['card']);
    expect(card.stdout).toMatch(/last run\s+\$\d+\.\d+ \(replayed, not spent\) for 5 attempts/);
    const stepSummary = join(dir, 'step-summary.md');
    await runCli(dir, ['eval', '--models', 'replay', '--no-gate'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary });
    expect(readFileSync(stepSummary, 'utf8')).toMatch(/- total \*\*\$\d+\.\d+ \(replayed, not spent\)\*\*/);
  });

  it('gives the eval\'s budget verdicts again when score reads the traces it wrote: model calls, cost and the hard stop as the gateway measured them', async () => {
    const dir = await recorded();
    type Checked = Row & { checks: { check: string; pass: boolean; reason?: string }[] };
    const verdict = (row: Checked) => [row.case_id, row.status, row.model_calls, row.cost_usd, row.checks.map((c) => [c.check, c.pass, c.reason])];
    const evaluated = readJsonl<Checked>(dir, 'results.jsonl').slice(1);
    for (const file of [join(latestRunDir(dir), 'traces.jsonl'), 'run.otlp.json']) {
      const scored = await runCli(dir, ['score', file, '--no-gate']);
      expect(scored.exitCode, `score ${file}: ${scored.stdout}${scored.stderr}`).toBe(0);
      expect(readJsonl<Checked>(dir, 'results.jsonl').slice(1).map(verdict), `score ${file}`).toEqual(evaluated.map(verdict));
    }
  });

  it('makes a replay that sends another request the case\'s harness error, naming the field, and exits 3 naming the resume that records it', async () => {
    const dir = await recorded();
    writeFileSync(join(dir, 'evals/orders.suite.yaml'), SUITE.replace('where is order 1234?', 'where is order 1235?'));
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--models', 'replay', '--no-gate']);
    expect(exitCode).toBe(3);
    const row = readJsonl<Row>(dir, 'results.jsonl').slice(1).find((r) => r.case_id === 'order-status')!;
    expect(row).toMatchObject({ status: 'error', error: { code: 'CASSETTE_MISS' } });
    expect(row.error!.message).toMatch(/recorded call 1 of evals\/cassettes\/orders\/order-status\.json at messages\[0\]\.content \(character 19\): recorded "where is order 1234\?", sent "where is order 1235\?"/);
    expect(stdout).toContain('CASSETTE_MISS');
    // A bare `eval --resume` would replay, and miss, again: the exit line names the one that records.
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/; they are cassette misses, which a replay would miss again: `agentready eval --resume --models record` runs them again, calling the provider \(with its key\) and recording its answers \(exit 3\)$/);
    const upstream = await provider();
    const config = readFileSync(join(dir, 'agentready.config.yaml'), 'utf8');
    expect(config).toMatch(/upstream: \{ openai: \S+ \}/);
    writeFileSync(join(dir, 'agentready.config.yaml'), config.replace(/upstream: \{ openai: \S+ \}/, `upstream: { openai: ${upstream.openaiBaseUrl} }`));
    const resumed = await runCli(dir, ['eval', '--resume', '--models', 'record', '--no-gate'], { OPENAI_API_KEY: KEY });
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/1 had ended in a harness error, which runs again: running 1 against/);
    expect(readFileSync(join(dir, 'evals/cassettes/orders/order-status.json'), 'utf8')).toContain('where is order 1235?');
  });

  it('makes a provider that refuses the key (a pull request from a fork) a harness error with exit 3, not a gate failure over a baseline that passed', async () => {
    const dir = await baselined();
    const refusing = await startRefusingProvider(401);
    try {
      const config = readFileSync(join(dir, 'agentready.config.yaml'), 'utf8');
      expect(config).toMatch(/upstream: \{ openai: \S+ \}/);
      writeFileSync(join(dir, 'agentready.config.yaml'), config.replace(/upstream: \{ openai: \S+ \}/, `upstream: { openai: ${refusing.openaiBaseUrl} }`));
      // A revoked key, or one the provider does not know: the SDK sends it and the provider refuses it.
      const { exitCode, stdout, stderr } = await runCli(dir, ['eval'], { OPENAI_API_KEY: 'sk-revoked-0000000000000000' });
      expect(exitCode, stdout + stderr).toBe(3);
      expect(stderr).toMatch(/agentready: run incomplete: .*harness errors/);
      expect(stdout).not.toContain('Gate FAILED');
      const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
      expect(rows).toHaveLength(5);
      expect(rows.map((r) => [r.case_id, r.status, r.error?.code])).toEqual(rows.map((r) => [r.case_id, 'error', 'UPSTREAM_AUTH']));
      expect(stdout).toMatch(/UPSTREAM_AUTH: openai answered 401 to \/chat\/completions: Incorrect API key provided.*no valid API key.*fork.*--models replay/);
    } finally {
      await refusing.close();
    }
  });

  it('says an agent whose SDK refuses an empty key (a fork\'s secret) failed every case alike: a setup problem more likely than a regression', async () => {
    const dir = await baselined();
    // The OpenAI SDK throws before any call: the gateway never sees one, and each case is the agent's error.
    const { exitCode, stdout } = await runCli(dir, ['eval'], { OPENAI_API_KEY: '' });
    expect(exitCode).toBe(1);
    expect(stdout).toContain('Missing credentials');
    expect(stdout).toMatch(/note: Every case \(5 attempts\) ended in agent_error with one and the same message: the agent could not run at all.*a pull request from a fork gets no secrets/);
    // Its history lines say so, for the weekly review's flip rates once its run folder is gone; the passing run's do not.
    const lines = readFileSync(join(dir, '.agentready/history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { run_id: string; same_agent_error?: true });
    const failedRun = basename(latestRunDir(dir));
    expect(lines.filter((line) => line.run_id === failedRun).map((line) => line.same_agent_error)).toEqual([true, true, true, true, true]);
    expect(lines.filter((line) => line.run_id !== failedRun).every((line) => line.same_agent_error === undefined)).toBe(true);
  });

  it('writes no baseline from a run whose every case failed with one agent error (an SDK refusing an empty key) unless --force: it would accept every failure', async () => {
    const upstream = await provider();
    const dir = project({ provider: upstream });
    const refused = await runCli(dir, ['baseline', 'update'], { OPENAI_API_KEY: '' });
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/agentready: every case \(5 attempts\) ended in agent_error with one and the same message, so the baseline was not written: .*pass --force to record it\)( \(exit 3\))?\n {2}agent answered run with an error \(code -32603\): Missing credentials/);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
    const forced = await runCli(dir, ['baseline', 'update', '--force'], { OPENAI_API_KEY: '' });
    expect(forced.exitCode).toBe(0);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(true);
  });

  it('replays one recorded case with its model calls answered from the cassettes: replay --models replay, no provider running', async () => {
    const dir = await recorded();
    const run = basename(latestRunDir(dir));
    const replayed = await runCli(dir, ['replay', `${run}/order-status`, '--models', 'replay'], { OPENAI_API_KEY: 'unused' });
    expect(replayed.stderr).toBe('');
    expect(replayed.exitCode).toBe(0);
    const row = readJsonl<Row>(dir, 'results.jsonl').slice(1)[0]!;
    expect([row.case_id, row.status, row.model_calls]).toEqual(['order-status', 'passed', 2]);
  });

  it('runs an AI SDK agent (module, Responses API) live through the gateway', async () => {
    const upstream = await provider();
    const dir = project({ provider: upstream, target: `{ adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-ai-sdk.js'))} }`, suite: SUITE.split('  - id: budget-stop')[0] });
    const { exitCode, stderr, stdout } = await runCli(dir, ['eval', '--no-gate', '--reporter', 'json:out.json', '--reporter', 'markdown:out.md']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r.status, r.model_calls])).toEqual([['order-status', 'passed', 2]]);
    expect(upstream.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
    expect(existsSync(join(dir, 'evals/cassettes'))).toBe(false);
    expect(stdout).toContain('gpt-test-2026-01-01');
    const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { models: { overall: { model: string; calls: number }[] } };
    expect(json.models.overall).toEqual([expect.objectContaining({ model: 'gpt-test-2026-01-01', calls: 2, call_share: 1 })]);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toMatch(/\| overall \| gpt-test-2026-01-01 \| 2 \|/);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { models: { overall: unknown[] } };
    expect(summary.models.overall).toHaveLength(1);
    const card = await runCli(dir, ['card']);
    expect(card.stdout).toContain('gpt-test-2026-01-01 100% of calls');
  });
});
