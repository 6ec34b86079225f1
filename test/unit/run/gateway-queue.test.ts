// A case's model calls through the gateway, end to end inside the run: the run params carry
// `models`, the gateway's records become the case's usage, model calls and per-model figures, a
// cassette miss makes the case a harness error, and agent reports do not count twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/adapter.js';
import type { RunParams } from '../../../src/adapters/protocol.js';
import type { CaseResult, Suite, Trace } from '../../../src/config/schema/index.js';
import { ModelGateway } from '../../../src/environment/gateway/server.js';
import type { Attempt } from '../../../src/run/plan.js';
import { runQueue } from '../../../src/run/queue.js';
import { RunFolder } from '../../../src/run/run-folder.js';
import { startFakeProvider, type FakeProvider } from '../../helpers/fake-provider.js';
import { kase } from '../environment/fixtures.js';

const suite: Suite = { name: 's', file: 's.suite.yaml', tools: [], fingerprint: 's', cases: [] };
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** An agent that asks the model once per line of its input and reports usage of its own too. */
const modelAgent: Adapter = {
  start: async () => ({ name: 'model-agent', version: '1', concurrency: 1 }),
  run: async (params: RunParams, { host }) => {
    const openai = new OpenAI({ baseURL: params.models!.openai_base_url, apiKey: 'sk-test-0000000000000000', maxRetries: 0 });
    let output = '';
    for (const line of params.case.input.split('\n')) {
      const answer = await openai.chat.completions.create({ model: line.startsWith('big:') ? 'big' : 'small', messages: [{ role: 'user', content: line }] }).catch((e: Error) => ({ choices: [{ message: { content: e.message } }] }));
      output += answer.choices[0]?.message.content ?? '';
      host.recordUsage({ model: 'small', input_tokens: 1, output_tokens: 1, cost_usd: 100 });
    }
    return { outcome: 'completed', output };
  },
  stop: async () => undefined,
};

async function run(input: { mode: 'live' | 'record' | 'replay'; provider?: FakeProvider; cassettes: string; inputs: string[] }) {
  const gateway = new ModelGateway({
    token: 'tok', mode: input.mode, cassettes: input.cassettes, now: () => performance.now(), redact: (v) => v, splitSecrets: (pieces) => [...pieces],
    upstream: { openai: input.provider?.openaiBaseUrl ?? 'http://127.0.0.1:9/v1', anthropic: 'http://127.0.0.1:9' },
    pricing: { small: { input_per_mtok: 1, output_per_mtok: 1 }, big: { input_per_mtok: 10, output_per_mtok: 10 } },
  });
  await gateway.listen();
  cleanup.push(() => gateway.close());
  const dir = mkdtempSync(join(tmpdir(), 'agentready-gateway-queue-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const folder = RunFolder.create(dir, { format: 'agentready-results', version: 1, run_id: 'r', fingerprint: 'f', started_at: '2026-01-01T00:00:00.000Z' });
  const attempts: Attempt[] = input.inputs.map((text, i) => ({ suite, kase: kase({ id: `c${i}`, input: text, expect: { outcome: 'completed' } }), attempt: 1 }));
  const results: CaseResult[] = [];
  await runQueue({
    runMs: () => 0,
    adapter: modelAgent, attempts, folder, gateway, concurrency: 2, token: 'tok', mode: 'normal', timeoutMs: 10_000,
    budgets: {}, pricing: {}, rules: [], signal: new AbortController().signal, redact: (v) => v, redactText: (t) => t, printed: 'as written', onCaseEnd: () => undefined,
    onRecorded: (index, { result }) => void (results[index] = result),
  });
  folder.close();
  const traces = readFileSync(join(folder.dir, 'traces.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Trace);
  return { results, traces };
}

describe('runQueue with the model gateway', () => {
  it('counts the gateway\'s calls as the case usage, per model, leaving the agent\'s own reports out', async () => {
    const provider = await startFakeProvider();
    cleanup.push(() => provider.close());
    const cassettes = mkdtempSync(join(tmpdir(), 'agentready-cassettes-'));
    cleanup.push(() => rmSync(cassettes, { recursive: true, force: true }));
    const { results, traces } = await run({ mode: 'record', provider, cassettes, inputs: ['hello\nbig: think hard', 'hi'] });
    expect(results.map((r) => [r.case_id, r.status, r.model_calls])).toEqual([['c0', 'passed', 2], ['c1', 'passed', 1]]);
    expect(Object.keys(results[0]!.models!)).toEqual(['small-2026-01-01', 'big-2026-01-01']);
    expect(results[0]!.models!['big-2026-01-01']!.cost_usd).toBeGreaterThan(0);
    expect(results[0]!.cost_usd).toBeCloseTo(Object.values(results[0]!.models!).reduce((sum, m) => sum + m.cost_usd, 0), 12);
    expect(results[0]!.cost_usd).toBeLessThan(1);
    const first = traces.find((t) => t.case_id === 'c0')!;
    expect(first.usage.every((u) => u.via === 'gateway')).toBe(true);
    expect(first.agent_log).toContain('[agentready] models: 2 usage reports from the agent left out: the model gateway measured this case\'s model calls');

    await provider.close();
    const replayed = await run({ mode: 'replay', cassettes, inputs: ['hello\nbig: think hard', 'hi', 'never recorded'] });
    expect(replayed.results.map((r) => [r.status, r.model_calls, r.cost_usd])).toEqual([
      ['passed', 2, results[0]!.cost_usd],
      ['passed', 1, results[1]!.cost_usd],
      ['error', 0, 0],
    ]);
    expect(replayed.results[2]!.error).toMatchObject({ code: 'CASSETTE_MISS', message: expect.stringContaining('no cassette for case c2') });
  });
});
