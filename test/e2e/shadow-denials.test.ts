// A call that already ran, scored from a traces file (shadow mode), is judged by every rule it
// broke: each denial is in policy-decisions.jsonl and the policy check names them all.
import { describe, expect, it } from 'vitest';
import { latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('score of a call that broke several rules', () => {
  it('reports every denial, authority first, not the first only', async () => {
    const call = { name: 'issue_refund', arguments: { order_id: '7', amount: 500 }, result: { refund_id: 'r-1' } };
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, -e, "0"] }\nsuites: [shop.suite.yaml]\npolicy: policy.yaml\n',
      'shop.suite.yaml': `suite: shop
tools:
  - { name: issue_refund, tier: approve, effects: [money] }
cases:
  - { id: refund, input: "refund order 7", expect: { outcome: completed } }
`,
      'policy.yaml': `rules:
  - { id: refund-cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 100 } } }
  - { id: refund-fields, tool: issue_refund, require: [arguments.reason] }
`,
      'traces.jsonl': `${JSON.stringify({ case_id: 'refund', outcome: 'completed', output: 'refunded', tool_calls: [call] })}\n`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode, stderr).toBe(1);
    expect(stdout).toContain('issue_refund ran without a granted approval (call 1); policy rules refund-cap, refund-fields deny it too');
    const decisions = readFileSync(join(latestRunDir(dir), 'policy-decisions.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { rule_id: string; outcome: string });
    expect(decisions.map((d) => [d.rule_id, d.outcome])).toEqual([
      ['authority:approval', 'approval_missing'],
      ['refund-cap', 'deny'],
      ['refund-fields', 'deny'],
    ]);
    const [trace] = readJsonl<{ tool_calls: { answer: string; also_denied?: { rule_id: string }[] }[] }>(dir, 'traces.jsonl');
    expect(trace!.tool_calls[0]).toMatchObject({ answer: 'approval_missing', also_denied: [{ rule_id: 'refund-cap' }, { rule_id: 'refund-fields' }] });
  });
});

describe('score --unlabeled of a production trace whose forbidden call the service failed', () => {
  it('counts the call as made: the missing approval and the rule it broke are violations, though a timeout answered it', async () => {
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const span = (spanId: string, name: string, attributes: unknown[], extra: Record<string, unknown> = {}) => ({
      traceId: 'ab'.repeat(16), spanId, name, startTimeUnixNano: '1000000000', endTimeUnixNano: '2000000000', attributes, ...extra,
    });
    const request = { resourceSpans: [{ scopeSpans: [{ spans: [
      span('01'.repeat(8), 'invoke_agent support', [attr('gen_ai.operation.name', 'invoke_agent')]),
      span('02'.repeat(8), 'execute_tool issue_refund', [
        attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', 'issue_refund'),
        attr('gen_ai.tool.call.arguments', JSON.stringify({ order_id: '7', amount: 500 })), attr('error.type', 'timeout'),
      ], { parentSpanId: '01'.repeat(8), status: { code: 2, message: 'payment service timed out' } }),
    ] }] }] };
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, -e, "0"] }\nsuites: [shop.suite.yaml]\npolicy: policy.yaml\n',
      'shop.suite.yaml': 'suite: shop\ntools:\n  - { name: issue_refund, tier: approve, effects: [money] }\ncases:\n  - { id: refund, input: "refund order 7", expect: { outcome: completed } }\n',
      'policy.yaml': 'rules:\n  - { id: refund-cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 100 } } }\n',
      'prod.otlp.json': `${JSON.stringify(request)}\n`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled']);
    expect(exitCode, stderr).toBe(1);
    expect(stdout).toContain('policy: issue_refund was called without a granted approval (call 1); policy rule refund-cap denies it too');
    expect(stdout).toContain('policy_compliance (overall): 0.000, below min 1');
    const decisions = readFileSync(join(latestRunDir(dir), 'policy-decisions.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { rule_id: string; outcome: string });
    expect(decisions.map((d) => [d.rule_id, d.outcome])).toEqual([['authority:approval', 'approval_missing'], ['refund-cap', 'deny']]);
  });
});
