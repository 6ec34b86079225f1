// The recipes of docs/frameworks.md, run against the real framework packages, each with its own
// scripted mock model: Vercel AI SDK, OpenAI Agents SDK, LangGraph and Mastra reach agentready's
// tools over `mcp_url` with their own MCP client and tool loop, map their human-in-the-loop step
// to `ctx.requestApproval`, wait out a rate limit, report `clarified` and forward their usage; over
// turns, a LangGraph agent keeps the conversation in its own checkpointer and the other recipes
// rebuild it from `task.messages`. `npm run test:frameworks`.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO, makeProject, readJsonl, runCli } from '../e2e/helpers/run-cli.js';
import { startFakeProvider } from '../helpers/fake-provider.js';

const FRAMEWORKS = join(REPO, 'fixtures/frameworks');

type Trace = {
  case_id: string;
  output: string;
  tool_calls: Array<{ name: string; arguments: Record<string, unknown>; answer: string; approved?: boolean; turn?: number }>;
  approvals: Array<{ name: string; approved: boolean; reason?: string }>;
  usage: Array<{ model: string; input_tokens: number; output_tokens: number; cost_usd?: number }>;
};
type Result = { case_id: string; status: string; checks: Array<{ check: string; pass: boolean }> };

/** A project running one recipe over one suite (the shared shop suite by default), with the run folder in a temp dir. */
function project(framework: string, suite = 'shop.suite.yaml'): string {
  const config = readFileSync(join(FRAMEWORKS, 'agentready.config.yaml'), 'utf8')
    .replace('./${FRAMEWORK}/agent.ts', join(FRAMEWORKS, framework, 'agent.ts'))
    .replace('[shop.suite.yaml]', `[${suite}]`);
  const dir = makeProject({ 'agentready.config.yaml': config });
  cpSync(join(FRAMEWORKS, suite), join(dir, suite));
  return dir;
}

describe.each(['ai-sdk', 'openai-agents', 'langgraph', 'mastra'])('the %s recipe', (framework) => {
  it('passes the shop suite over mcp_url: approvals through the framework, a rate limit waited out, usage forwarded', { timeout: 120_000 }, async () => {
    const dir = project(framework);
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stdout + stderr).toMatch(/5 cases · 5 passed/);
    expect(exitCode).toBe(0);
    const traces = Object.fromEntries(readJsonl<Trace>(dir, 'traces.jsonl').map((trace) => [trace.case_id, trace]));
    const results = Object.fromEntries(readJsonl<Result>(dir, 'results.jsonl').slice(1).map((result) => [result.case_id, result]));

    // The first call was refused with rate_limit; the second came after retry_after_ms.
    expect(traces['order-status-rate-limited']!.tool_calls.map((call) => call.answer)).toEqual(['fault', 'answer']);
    expect(results['order-status-rate-limited']!.checks.find((check) => check.check === 'retry')).toMatchObject({ pass: true });

    // The framework's human-in-the-loop step asked agentready before the call ran.
    const approved = traces['refund-approved']!;
    // One decision: the call over MCP used the approval the framework asked for.
    expect(approved.approvals).toMatchObject([{ name: 'issue_refund', approved: true, reason: 'the model wants to run it' }]);
    expect(approved.tool_calls).toMatchObject([{ name: 'issue_refund', answer: 'answer', approved: true }]);
    const refused = traces['refund-refused']!;
    expect(refused.approvals).toMatchObject([{ name: 'issue_refund', approved: false, reason: 'the model wants to run it' }]);
    expect(refused.tool_calls).toEqual([]);

    // A request with no order number: the model asked for it, and the recipe reported `clarified`
    // (the outcome check passed), its marker off the output; no tool ran.
    expect(results['which-order']!.checks.find((check) => check.check === 'outcome')).toMatchObject({ pass: true });
    expect(traces['which-order']!.tool_calls).toEqual([]);
    expect(traces['which-order']!).toMatchObject({ outcome: 'clarified', output: 'Which order is it? Please tell me its number.' });

    // Every model call's usage, as the framework reported it, priced by the config: two calls, one for the question.
    // The model id is the one the model answered with: the OpenAI Agents SDK's mock answers with a
    // dated one, as OpenAI does, which the key `mock-model` prices.
    const answeredModel = framework === 'openai-agents' ? 'mock-model-2026-01-01' : 'mock-model';
    for (const trace of Object.values(traces)) {
      expect(trace.usage).toHaveLength(trace.case_id === 'which-order' ? 1 : 2);
      for (const call of trace.usage) {
        expect(call).toMatchObject({ model: answeredModel, input_tokens: 120, output_tokens: 30 });
        expect(call.cost_usd).toBeCloseTo(0.00024, 8);
      }
    }
  });
});

// The LangGraph memory recipe keeps a conversation in its checkpointer (thread = trace_id); the
// AI SDK, OpenAI Agents SDK and Mastra recipes keep nothing and rebuild it from `task.messages`.
describe.each(['langgraph-memory', 'ai-sdk', 'openai-agents', 'mastra'])('the %s recipe over memory.suite.yaml', (framework) => {
  it("remembers a conversation's earlier turns, runs one model message's tool calls, retries a failed one", { timeout: 120_000 }, async () => {
    const dir = project(framework, 'memory.suite.yaml');
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stdout + stderr).toMatch(/3 cases · 3 passed/);
    expect(exitCode).toBe(0);
    const traces = Object.fromEntries(readJsonl<Trace>(dir, 'traces.jsonl').map((trace) => [trace.case_id, trace]));

    // Turn 2 said only "It is order 5678.": the cancellation came from turn 1, which the agent
    // remembered (its checkpointer) or was given again (task.messages). Each model call counted once,
    // though the conversation holds turn 1's too.
    const cancel = traces['cancel-over-two-turns']!;
    expect(cancel.tool_calls).toMatchObject([{ name: 'cancel_order', arguments: { order_id: '5678' }, answer: 'answer', turn: 2 }]);
    expect(cancel.usage).toHaveLength(3);

    // One model call asked for both lookups; the framework ran them, then one more call answered.
    const compare = traces['compare-two-orders']!;
    expect(compare.tool_calls.map((call) => call.arguments.order_id).sort()).toEqual(['1234', '5678']);
    expect(compare.usage).toHaveLength(2);

    // The first lookup failed (an injected fault, an error tool result to the model), which called it again.
    const failing = traces['compare-with-a-failing-lookup']!;
    expect(failing.tool_calls.map((call) => call.answer)).toEqual(['fault', 'answer', 'answer']);
    expect(failing.tool_calls[2]!.arguments).toEqual(failing.tool_calls[0]!.arguments);
    expect(failing.usage).toHaveLength(3);
  });
});

describe('the recipes', () => {
  it("type-check against the frameworks' own types and the package's AgentTask/AgentContext/AgentResult", { timeout: 180_000 }, async () => {
    const tsc = await execa('npx', ['--no-install', 'tsc', '-p', join(FRAMEWORKS, 'tsconfig.json')], { cwd: REPO, reject: false });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);
  });
});

// The OpenAI Agents SDK's Runner with its own provider (Responses), Mastra's model `{id, url}` (Chat Completions).
describe.each([
  ['OpenAI Agents SDK', 'openai-agents/gateway-agent.ts', '/v1/responses'],
  ['Mastra', 'mastra/gateway-agent.ts', '/v1/chat/completions'],
])('the %s on the model gateway (docs/models.md, docs/frameworks.md)', (_framework, agent, endpoint) => {
  it('records its model calls through a per-case provider on ctx.models, then replays them with no provider', { timeout: 120_000 }, async () => {
    const provider = await startFakeProvider();
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(FRAMEWORKS, agent))} }
suites: [evals/*.suite.yaml]
models: { upstream: { openai: ${provider.openaiBaseUrl} }, cassettes: cassettes }
pricing: { gpt-test: { input_per_mtok: 1, output_per_mtok: 2 } }
`,
      'evals/hello.suite.yaml': 'suite: hello\ntools: []\ncases:\n  - { id: hi, input: "hello there", expect: { outcome: completed } }\n',
    });
    const recorded = await runCli(dir, ['eval', '--models', 'record', '--no-gate'], { OPENAI_API_KEY: 'sk-test-0123456789abcdef' });
    await provider.close();
    expect({ exitCode: recorded.exitCode, stderr: recorded.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(provider.requests.map((request) => request.path)).toEqual([endpoint]);
    expect(readJsonl<Trace & { usage: Array<{ via?: string }> }>(dir, 'traces.jsonl')[0]!.usage).toMatchObject([{ via: 'gateway' }]);
    const replayed = await runCli(dir, ['eval', '--models', 'replay', '--no-gate'], { OPENAI_API_KEY: 'unused' });
    expect({ exitCode: replayed.exitCode, stderr: replayed.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(replayed.stdout).toContain('1 case · 1 passed');
  });
});
