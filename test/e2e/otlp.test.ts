// OpenTelemetry in: `agentready score` over an OTLP/JSON file written by hand in the GenAI
// conventions, as another tool's exporter would write it — labeled traces judged as their cases,
// production traces (shadow mode) by the checks that need no label.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copiesOf, latestRunDir, makeProject, readJsonl, REPO, runCli } from './helpers/run-cli.js';

const FOREIGN = readFileSync(join(REPO, 'test/fixtures/otlp/support-bot.otlp.json'), 'utf8');

const PROJECT = {
  'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [orders.suite.yaml]\nbudgets: { max_tool_calls: 6 }\npricing: { gpt-4o-mini: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }\n',
  'orders.suite.yaml': `suite: orders
tools:
  - name: lookup_order
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
  - name: issue_refund
    tier: approve
    effects: [money]
    parameters: { type: object, required: [order_id, amount], properties: { order_id: { type: string }, amount: { type: number, maximum: 100 } } }
cases:
  - id: order-status
    input: "Where is my order A-1001?"
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: A-1001 } }], output: { contains: delivered } }
`,
  'prod.otlp.json': FOREIGN,
};

/** The project after its shadow run (`score --unlabeled`, exit 1: one trace breaks a rule): a copy for each test that starts there. */
const shadowScored = copiesOf(async () => {
  const dir = makeProject(PROJECT);
  expect((await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled'])).exitCode).toBe(1);
  return dir;
});

describe('agentready score over OTLP/JSON another tool exported', () => {
  it('judges the trace naming a case as that case, and leaves production traces out without --unlabeled', async () => {
    const dir = makeProject(PROJECT);
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'prod.otlp.json']);
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toContain('1 case · 1 passed · 0 failed');
    expect(stderr).toContain('agentready: warning: 2 production traces in prod.otlp.json (no agentready.case_id) left out: `--unlabeled` scores them by the checks that need no label');
    expect(stderr).toContain('agentready: warning: 1 trace in prod.otlp.json with no GenAI span (invoke_agent, chat, execute_tool) left out');
    const [result] = readJsonl(dir, 'results.jsonl').slice(1);
    expect(result).toMatchObject({ suite: 'orders', case_id: 'order-status', trace_id: 'b7ad6b7169203331c0ffee0000000003', status: 'passed', model_calls: 1, tool_calls: 1 });
    expect(result!['cost_usd']).toBeCloseTo((700 * 0.15 + 28 * 0.6) / 1e6, 12);
  });

  it("writes a labeled trace's attempt with the input the trace recorded, not the suite's: review shows what the agent was given", async () => {
    const dir = makeProject({ ...PROJECT, 'orders.suite.yaml': PROJECT['orders.suite.yaml'].replace('Where is my order A-1001?', 'Status of A-1001, as the suite words it now') });
    const scored = await runCli(dir, ['score', 'prod.otlp.json', '--no-gate']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(readJsonl(dir, 'traces.jsonl').map((t) => t['input'])).toEqual(['Where is my order A-1001?']);
    const review = await runCli(dir, ['review', latestRunDir(dir), '--rates', 'high=1,medium=1,low=1']);
    expect(review.exitCode, review.stderr).toBe(0);
    expect(review.stdout).toContain('Where is my order A-1001?');
    expect(review.stdout).not.toContain('as the suite words it now');
  });

  it('with --unlabeled scores production traces by the checks that need no label: shadow mode, with its gate and reports', async () => {
    const dir = makeProject(PROJECT);
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled', '--reporter', 'markdown:shadow.md']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('3 cases · 2 passed · 1 failed');
    expect(stderr).toContain('agentready: warning: 2 of the 3 traces in prod.otlp.json do not say how the run ended (no agentready.outcome, no error status)');
    expect(stdout).toMatch(/suite:production +50% /);
    expect(stdout).toContain('✗ production/0af7651916cd43dd8448eb211c80319c  valid arguments: issue_refund called with invalid arguments: arguments.amount must be <= 100 (call 2)');
    expect(stdout).toContain('  policy: issue_refund ran without a granted approval (call 2)');
    expect(stdout).toContain('  tool errors handled: lookup_order failed with timeout and no later call to it succeeded (call 1)');
    // No baseline: the default gate asks every case to pass and no policy to break.
    expect(stderr).toContain('agentready: the gate failed: success_rate (overall): 0.667, below min 1, 95% CI [0.21, 0.94] (and 1 more threshold) (exit 1)');
    const results = readJsonl(dir, 'results.jsonl').slice(1);
    expect(results.map((r) => [r['suite'], r['case_id'], r['status']])).toEqual([
      ['orders', 'order-status', 'passed'],
      ['production', '5b8efff798038103d269b633813fc60c', 'passed'],
      ['production', '0af7651916cd43dd8448eb211c80319c', 'failed'],
    ]);
    expect(readFileSync(join(dir, 'shadow.md'), 'utf8')).toContain('production/0af7651916cd43dd8448eb211c80319c');
  });

  it('refuses to replay a production trace as what it is, no case of the suites, and says how to make one of it (not "no longer in the suites")', async () => {
    const dir = await shadowScored();
    const { exitCode, stderr } = await runCli(dir, ['replay', '0af7651916cd43dd8448eb211c80319c']);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).not.toContain('no longer in the suites');
    expect(stderr).toContain('agentready: production/0af7651916cd43dd8448eb211c80319c is a production trace (`score --unlabeled`), no case of the suites: there is nothing to replay it against');
    expect(stderr).toContain('to run it again, add a case with its input and what the agent should do to a suite, then `agentready eval`');
  });

  it("scores a shadow run's own traces.jsonl again: its production traces as production traces under --unlabeled, left out with a warning without it", async () => {
    const dir = await shadowScored();
    const [shadow] = readdirSync(join(dir, '.agentready/runs'));
    const traces = join('.agentready/runs', shadow!, 'traces.jsonl');
    const again = await runCli(dir, ['score', traces, '--unlabeled']);
    expect(again.stderr).not.toContain('has 2 problems');
    expect(again.exitCode, again.stderr).toBe(1);
    expect(again.stdout).toContain('3 cases · 2 passed · 1 failed');
    expect(again.stdout).toContain('✗ production/0af7651916cd43dd8448eb211c80319c  valid arguments: issue_refund called with invalid arguments: arguments.amount must be <= 100 (call 2)');
    const rescored = readJsonl(dir, 'results.jsonl').slice(1);
    expect(rescored.map((r) => [r['suite'], r['case_id'], r['fingerprint'], r['status']])).toEqual([
      ['orders', 'order-status', expect.any(String), 'passed'],
      ['production', '5b8efff798038103d269b633813fc60c', 'production', 'passed'],
      ['production', '0af7651916cd43dd8448eb211c80319c', 'production', 'failed'],
    ]);
    const labeledOnly = await runCli(dir, ['score', traces]);
    expect(labeledOnly.exitCode, labeledOnly.stderr).toBe(0);
    expect(labeledOnly.stdout).toContain('1 case · 1 passed · 0 failed');
    expect(labeledOnly.stderr).toContain(`agentready: warning: 2 production traces in ${traces} (judged by \`score --unlabeled\`, no case of the suites) left out: \`--unlabeled\` scores them by the checks that need no label`);
  });

  it('against a baseline, leaves production traces out of the case diff (not "added since the baseline"): the min thresholds judge them', async () => {
    const dir = makeProject(PROJECT);
    expect((await runCli(dir, ['score', 'prod.otlp.json'])).exitCode).toBe(0);
    const [labeled] = readdirSync(join(dir, '.agentready/runs'));
    expect((await runCli(dir, ['baseline', 'update', '--from', labeled!])).exitCode).toBe(0);
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled']);
    expect(exitCode).toBe(1);
    expect(stdout).not.toContain('added since the baseline');
    expect(stdout).toContain('0 newly passing · 0 added · 0 removed · 0 changed');
    expect(stdout).toContain('note: 2 production traces (`score --unlabeled`): no case of the suites, so the baseline has no record of them;');
    expect(stderr).toContain('agentready: the gate failed: policy_compliance (overall)');
    expect(stderr).not.toContain('newly_failing');
    // Nor is a shadow run a baseline: its production traces are no cases of the suites.
    const shadow = readdirSync(join(dir, '.agentready/runs')).filter((id) => id !== labeled).at(-1)!;
    const snapshot = await runCli(dir, ['baseline', 'update', '--from', shadow]);
    expect(snapshot.exitCode).toBe(2);
    expect(snapshot.stderr).toContain(`agentready: run ${shadow} scored 2 production traces (\`score --unlabeled\`): they are no cases of the suites, and a baseline records the suites' cases`);
  });

  it('judges an OpenInference (Arize Phoenix) trace by its TOOL spans, and warns of a tool-like span it cannot read: the trace was skipped whole', async () => {
    const kv = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
    const span = (id: number, name: string, attributes: ReturnType<typeof kv>[]) => ({
      traceId: '8c0ffee0000000000000000000000abc', spanId: id.toString(16).padStart(16, '0'), ...(id === 1 ? {} : { parentSpanId: '0000000000000001' }),
      name, startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(id) * 10_000_000n), endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(id + 1) * 10_000_000n), attributes,
    });
    const spans = [
      span(1, 'support_agent', [kv('openinference.span.kind', 'AGENT'), kv('input.value', 'Refund order A-1'), kv('output.value', 'Refunded.')]),
      span(2, 'ChatOpenAI', [kv('openinference.span.kind', 'LLM'), kv('llm.model_name', 'gpt-4o-mini'), kv('llm.token_count.prompt', 50), kv('llm.token_count.completion', 5)]),
      span(3, 'issue_refund', [kv('openinference.span.kind', 'TOOL'), kv('tool.name', 'issue_refund'), kv('input.value', '{"order_id": "A-1", "amount": 900}'), kv('output.value', 'R-1')]),
      span(4, 'tool_call wire_money', [kv('langfuse.observation.type', 'tool')]),
    ];
    const dir = makeProject({ ...PROJECT, 'phoenix.otlp.json': JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }) });
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'phoenix.otlp.json', '--unlabeled']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('✗ production/8c0ffee0000000000000000000000abc  valid arguments: issue_refund called with invalid arguments: arguments.amount must be <= 100 (call 1)');
    expect(stdout).toContain('  policy: issue_refund ran without a granted approval (call 1)');
    expect(stderr).toContain('agentready: warning: 1 span in phoenix.otlp.json looks like a tool call (`tool` in a name or attribute) in no convention agentready reads');
  });

  it('says to add --unlabeled when every trace is a production trace, and locates a broken request', async () => {
    const onlyProduction = JSON.stringify({ resourceSpans: [JSON.parse(FOREIGN).resourceSpans[0]] }).replace(/"agentready\.case_id"/, '"app.case"');
    const dir = makeProject({ ...PROJECT, 'prod.otlp.json': `${onlyProduction}\n{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "nope"}]}]}]}\n` });
    const broken = await runCli(dir, ['score', 'prod.otlp.json']);
    expect(broken.exitCode).toBe(2);
    // At the bad value itself, not the request's column 1.
    expect(broken.stderr).toContain('prod.otlp.json:2:59  resourceSpans[0].scopeSpans[0].spans[0].traceId');
    expect(broken.stderr).toContain('resourceSpans[0].scopeSpans[0].spans[0].traceId');
    const only = makeProject({ ...PROJECT, 'prod.otlp.json': `${onlyProduction}\n` });
    const refused = await runCli(only, ['score', 'prod.otlp.json']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('found     3 production traces and no trace naming a case');
    expect(refused.stderr).toContain('or `--unlabeled` to score production traces by the checks that need no label');
  });

  it("names the keys of a line that is another JSON object redacted, then escaped: a bidi control inside a card kept no digits", async () => {
    const dir = makeProject({ ...PROJECT, 'prod.otlp.json': '{"resourceSpans":[]}\n{"a":1,"b\\u001b[2Jc":3,"4111 1111\u202e 1111 1111":2}\n' });
    const refused = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('found     a JSON object without resourceSpans (keys: a, b\\x1b[2Jc, [card])');
    expect(refused.stderr).not.toContain('1111 1111');
  });
});
