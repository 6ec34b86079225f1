// What running real agent frameworks taught: they ask for an approval before a call and, refused,
// never send it; they approve through approval/request and then call over MCP; they show the
// model only an error's message. Each behaviour, end to end through the built CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, linkPackage, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const REFUND_TOOL = `  - name: issue_refund
    tier: approve
    effects: [money]
    parameters: { type: object, required: [order_id, amount], properties: { order_id: { type: string }, amount: { type: number } } }
    mock: { result: { refund_id: rf-1 } }
`;

/** A project whose stdio agent is `agent` (a serveStdio handler's body) over `suite`. */
function project(agent: string, suite: string): string {
  const dir = makeProject({
    'package.json': JSON.stringify({ type: 'module' }),
    'agent.mjs': `import { serveStdio } from 'agentready-cli/agent';\nimport { connectMcp } from ${JSON.stringify(join(AGENTS, 'lib/mcp-agent.js'))};\nserveStdio(async (task, ctx) => {\n${agent}\n}, { name: 'amendments-agent', version: '1.0.0', concurrency: 4 });\n`,
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
    's.suite.yaml': suite,
  });
  linkPackage(dir);
  return dir;
}

type Result = { case_id: string; status: string; checks: Array<{ check: string; pass: boolean; reason?: string }> };
const byCase = (dir: string) => Object.fromEntries(readJsonl<Result>(dir, 'results.jsonl').slice(1).map((result) => [result.case_id, result]));

describe('a refused approval the agent did not follow with a call', () => {
  it('meets an expected call with approved: false, for the arguments it asked about', async () => {
    const agent = `  const amount = task.case.input.includes('500') ? 500 : 20;
  const { approved } = await ctx.requestApproval('issue_refund', { order_id: '1234', amount }, 'the customer asked');
  if (!approved) return { outcome: 'escalated', output: 'A colleague will decide on the refund.' };
  await ctx.callTool('issue_refund', { order_id: '1234', amount });
  return { outcome: 'completed', output: 'Refunded.' };`;
    const suite = `suite: s
approvals: deny
tools:
${REFUND_TOOL}cases:
  - id: refused
    input: refund 20
    expect: { outcome: escalated, tools: [{ name: issue_refund, args: { amount: 20 }, approved: false }] }
  - id: refused-other-amount
    input: refund 500
    expect: { outcome: escalated, tools: [{ name: issue_refund, args: { amount: 20 }, approved: false }] }
`;
    const dir = project(agent, suite);
    const { stdout } = await runCli(dir, ['eval']);
    const results = byCase(dir);
    expect(results['refused']).toMatchObject({ status: 'passed' });
    expect(results['refused-other-amount']).toMatchObject({ status: 'failed' });
    expect(stdout).toContain('expected call issue_refund {amount: 20} (approved: false) not found; closest: issue_refund {order_id: "1234", amount: 500} (approved: false) (refused, not called)');
  });
});

describe('an approval asked for, then the call over MCP', () => {
  it('uses that approval: one decision in the trace, the agent\'s own', async () => {
    const agent = `  const args = { order_id: '1234', amount: 20 };
  const { approved } = await ctx.requestApproval('issue_refund', args, 'charged twice');
  const mcp = await connectMcp(task, { signal: ctx.signal });
  try {
    const refund = await mcp.callTool('issue_refund', args);
    return { outcome: 'completed', output: refund.refund_id };
  } catch (error) {
    return { outcome: 'escalated', output: \`\${approved} \${error.kind}\` };
  } finally {
    await mcp.close();
  }`;
    const suite = `suite: s
tools:
${REFUND_TOOL}cases:
  - id: granted
    input: refund
    expect: { outcome: completed, tools: [{ name: issue_refund, approved: true }], output: { equals: rf-1 } }
  - id: refused
    input: refund
    approvals: deny
    expect: { outcome: escalated, tools: [{ name: issue_refund, approved: false }], output: { equals: false approval_denied } }
`;
    const dir = project(agent, suite);
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/2 cases · 2 passed/);
    expect(exitCode).toBe(0);
    const traces = Object.fromEntries(readJsonl<{ case_id: string; approvals: unknown[]; tool_calls: unknown[] }>(dir, 'traces.jsonl').map((t) => [t.case_id, t]));
    expect(traces['granted']!.approvals).toMatchObject([{ name: 'issue_refund', approved: true, reason: 'charged twice' }]);
    expect(traces['granted']!.tool_calls).toMatchObject([{ name: 'issue_refund', answer: 'answer', approved: true }]);
    expect(traces['refused']!.approvals).toMatchObject([{ name: 'issue_refund', approved: false, reason: 'charged twice' }]);
    expect(traces['refused']!.tool_calls).toMatchObject([{ name: 'issue_refund', answer: 'approval_denied', approved: false }]);
  });
});
