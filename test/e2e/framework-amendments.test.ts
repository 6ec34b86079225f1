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

describe('a tool error as a framework shows it: its message only', () => {
  it('starts with the kind and says what to do, over stdio and over MCP alike; data carries the message', async () => {
    // The agent reports what a framework would hand its model: the error's message (and, over
    // stdio, `data`), for a rate limit, a domain error and a call that needed an approval.
    const agent = `  const seen = [];
  const mcp = await connectMcp(task, { signal: ctx.signal });
  try {
    for (const [name, args] of [['lookup_order', { order_id: '1' }], ['lookup_order', { order_id: '404' }], ['issue_refund', { order_id: '1', amount: 900 }]]) {
      try { await ctx.callTool(name, args); } catch (error) { seen.push({ via: 'stdio', message: error.message, data: error.data }); }
    }
    const mcpText = await mcp.callTool('lookup_order', { order_id: '404' }).catch((error) => error.data?.message ?? error.message);
    seen.push({ via: 'mcp', message: mcpText });
  } finally {
    await mcp.close();
  }
  return { outcome: 'completed', output: JSON.stringify(seen) };`;
    const suite = `suite: s
tools:
  - name: lookup_order
    mock: { result: { status: shipped } }
${REFUND_TOOL}cases:
  - id: errors
    input: look
    mocks: [{ tool: lookup_order, when: { order_id: "404" }, error: { kind: order_not_found, message: no order with that number } }]
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 50 }]
    expect: { outcome: completed }
`;
    const dir = project(agent, suite);
    // The refund called without an approval is a policy violation, so the gate fails (exit 1); what matters is what the agent saw.
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode, stderr).toBe(1);
    const [trace] = readJsonl<{ output: string }>(dir, 'traces.jsonl');
    expect(JSON.parse(trace!.output)).toEqual([
      { via: 'stdio', message: 'rate_limit: retry after 50 ms', data: { kind: 'rate_limit', status: 429, retry_after_ms: 50, message: 'rate_limit: retry after 50 ms' } },
      { via: 'stdio', message: 'order_not_found: no order with that number', data: { kind: 'order_not_found', message: 'order_not_found: no order with that number' } },
      {
        via: 'stdio',
        message: 'approval_missing: issue_refund needs a granted approval/request for this call first; request approval for this call, then call it again',
        data: expect.objectContaining({ kind: 'approval_missing' }),
      },
      { via: 'mcp', message: 'order_not_found: no order with that number' },
    ]);
  });
});

describe("a concurrent stdio agent's stderr", () => {
  it('goes to the case whose trace_id a line names; a line naming none goes to every case in flight', async () => {
    // Both cases are in flight before either logs: the second run to start releases the first.
    const dir = makeProject({
      'package.json': JSON.stringify({ type: 'module' }),
      'agent.mjs': `import { serveStdio } from 'agentready-cli/agent';
let release;
const bothStarted = new Promise((resolve) => (release = resolve));
let started = 0;
serveStdio(async (task) => {
  if (++started === 2) release();
  await bothStarted;
  process.stderr.write(\`[\${task.trace_id}] working on \${task.case.id}\\n\`);
  if (task.case.id === 'a') process.stderr.write('a line that names no trace\\n');
  await new Promise((resolve) => setTimeout(resolve, 50)); // both logged while both are in flight
  return { outcome: 'completed', output: 'ok' };
}, { name: 'chatty', version: '1.0.0', concurrency: 2 });
`,
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n  - { id: b, input: b, expect: { outcome: completed } }\n',
    });
    linkPackage(dir);
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode, stderr).toBe(0);
    const logs = Object.fromEntries(readJsonl<{ case_id: string; agent_log?: string[] }>(dir, 'traces.jsonl').map((t) => [t.case_id, (t.agent_log ?? []).map((line) => line.replace(/^\[\w+\] /, ''))]));
    expect(logs['a']).toEqual(['working on a', 'a line that names no trace']);
    expect(logs['b']).toContain('working on b');
    expect(logs['b']).toContain('a line that names no trace');
    expect(logs['b']).not.toContain('working on a');
  });
});
