// Over MCP an agent's calls, approvals and usage reports meet what they meet over stdio (SPEC §3–§5, §4
// "the same method names on every transport"): the same trace and the same scores. One suite, run by
// agent-mcp-edges.js over mcp_url and by agent-stdio-edges.js over stdio, case for case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: edges
tools:
  - name: lookup_order
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
  - name: issue_refund
    tier: approve
    effects: [money]
    mock: { result: { refund_id: r-1 } }
cases:
  - { id: bad-args, input: BAD_ARGS, expect: { outcome: completed, tools: [{ name: lookup_order }] } }
  - { id: ask-denied, input: ASK, approvals: deny, expect: { outcome: completed, tools: [{ name: issue_refund, approved: false }] } }
  - { id: ask-granted, input: ASK, expect: { outcome: completed, tools: [{ name: issue_refund, approved: true }] } }
  - { id: big-args, input: BIG_ARGS, expect: { outcome: completed, tools: [{ name: lookup_order }] } }
  - { id: usage, input: USAGE, expect: { outcome: completed, budgets: { max_model_calls: 1 } } }
  - { id: usage-invalid, input: USAGE_BAD, expect: { outcome: completed } }
`;

type Row = { case_id: string; status: string; [key: string]: unknown };
type Trace = {
  case_id: string;
  output: unknown;
  error?: unknown;
  tool_calls: { name: string; arguments: unknown; answer: string; approved?: boolean; error?: { kind: string } }[];
  approvals: { name: string; arguments: unknown; approved: boolean; reason?: string }[];
  usage: { model: string; input_tokens: number; output_tokens: number }[];
  policy_decisions: { rule_id: string; tool: string; outcome: string }[];
};

/** Each case's results row and trace, without what differs from run to run (ids, times). */
async function runWith(agent: string): Promise<Record<string, unknown>> {
  const dir = makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand(agent)} }\nsuites: [edges.suite.yaml]\nrun: { timeout_ms: 10000, max_error_rate: 1 }\n`,
    'edges.suite.yaml': SUITE,
  });
  await runCli(dir, ['eval', '--no-gate']);
  const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
  const traces = readJsonl<Trace>(dir, 'traces.jsonl');
  return Object.fromEntries(
    rows.map((row) => {
      const { trace_id: _t, duration_ms: _d, run_ms: _r, ...kept } = row;
      const trace = traces.find((t) => t.case_id === row.case_id)!;
      return [
        row.case_id,
        {
          row: kept,
          output: trace.output,
          error: trace.error,
          calls: trace.tool_calls.map(({ name, arguments: args, answer, approved, error }) => ({ name, args, answer, approved, error: error?.kind })),
          approvals: trace.approvals.map(({ name, arguments: args, approved, reason }) => ({ name, args, approved, reason })),
          usage: trace.usage.map(({ model, input_tokens, output_tokens }) => ({ model, input_tokens, output_tokens })),
          decisions: trace.policy_decisions.map(({ rule_id, tool, outcome }) => ({ rule_id, tool, outcome })),
        },
      ];
    }),
  );
}

describe('MCP meets what stdio meets', () => {
  it('arguments that are no object or 4.5 MiB long, approval/request, usage reports (valid and not): the same trace and scores over mcp_url as over stdio', async () => {
    const [overMcp, overStdio] = await Promise.all([runWith('agent-mcp-edges.js'), runWith('agent-stdio-edges.js')]);
    expect(overMcp).toEqual(overStdio);
    // And what that is, so that two transports wrong alike do not pass.
    expect(overMcp['bad-args']).toMatchObject({ row: { status: 'passed', tool_calls: 1, tool_errors: 1 }, calls: [{ name: 'lookup_order', args: 'order 1', answer: 'invalid_arguments' }] });
    expect(overMcp['ask-denied']).toMatchObject({
      row: { status: 'passed', policy_violations: 0 },
      approvals: [{ name: 'issue_refund', approved: false, reason: 'the customer asked' }],
      calls: [{ name: 'issue_refund', answer: 'approval_denied', approved: false }],
    });
    expect(overMcp['ask-granted']).toMatchObject({ row: { status: 'passed' }, approvals: [{ approved: true, reason: 'the customer asked' }], calls: [{ answer: 'answer', approved: true }] });
    expect(overMcp['big-args']).toMatchObject({ row: { status: 'passed', tool_calls: 1, tool_errors: 0 }, calls: [{ name: 'lookup_order', answer: 'answer' }] });
    expect(overMcp['usage']).toMatchObject({ row: { status: 'passed', model_calls: 1 }, usage: [{ model: 'small-model', input_tokens: 100 }], calls: [{ answer: 'answer' }] });
    expect(overMcp['usage-invalid']).toMatchObject({ row: { status: 'error' }, usage: [] });
  });

  it('an agent that read its run over MCP alone (tools/list at its mcp_url) and then exits is charged with the exit, as one that sent a message for it over stdio: the case is not sent again', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-mcp-edges.js')} }\nsuites: [exits.suite.yaml]\nrun: { concurrency: 1, max_error_rate: 1 }\n`,
      'exits.suite.yaml': `suite: exits
tools: [{ name: lookup_order, mock: { result: { status: shipped } } }]
cases:
  - { id: first, input: USAGE, expect: { outcome: completed } }
  - { id: exits, input: LIST_THEN_EXIT, expect: { outcome: completed } }
`,
    });
    await runCli(dir, ['eval', '--no-gate']);
    const exits = readJsonl<Trace & { agent_log?: string[] }>(dir, 'traces.jsonl').find((t) => t.case_id === 'exits')!;
    expect(exits.error).toMatchObject({ code: 'AGENT_EXITED' });
    expect((exits.agent_log ?? []).join('\n')).not.toContain('sent again');
  });

  it("a usage report that names no trace_id is no case's, with one case in flight too: a late one is not charged to the next case; one sent to an ended case's mcp_url is warned of", async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-mcp-edges.js')} }\nsuites: [late.suite.yaml]\nrun: { concurrency: 1 }\npricing: { late-model: { input_per_mtok: 10, output_per_mtok: 10 }, small-model: { input_per_mtok: 0, output_per_mtok: 0 } }\n`,
      'late.suite.yaml': `suite: late
tools: [{ name: lookup_order, mock: { result: { status: shipped } } }]
cases:
  - { id: first, input: USAGE, expect: { outcome: completed } }
  - { id: next, input: LATE_USAGE, expect: { outcome: completed, budgets: { max_cost_usd: 0.01 } } }
  - { id: after, input: LATE_MCP_USAGE, expect: { outcome: completed } }
`,
    });
    const { stderr } = await runCli(dir, ['eval', '--no-gate']);
    const traces = Object.fromEntries(readJsonl<Trace>(dir, 'traces.jsonl').map((t) => [t.case_id, t]));
    // The next case is charged its own model call only, not the 10,000 tokens of the one before it.
    expect(traces['next']!.usage.map((u) => u.model)).toEqual(['small-model']);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows.find((row) => row.case_id === 'next')).toMatchObject({ status: 'passed', model_calls: 1 });
    expect(stderr).toContain('1 usage report named no case in flight (the first: no trace_id) and was not counted');
    // A report sent to the mcp_url of a case that has ended is told so (410) and warned of, as a late one over stdio is.
    expect(traces['after']!.output).toBe('{"late":410}');
    expect(traces['after']!.usage).toEqual([]);
    expect(stderr).toContain('mcp_url: 1 usage report came after its case had ended and was not counted');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings?: string[] };
    expect(JSON.stringify(summary)).toContain('named no case in flight');
  });
});
