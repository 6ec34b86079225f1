/**
 * A small shop project for the report tests: an agent that calls tools, asks approval, spends
 * tokens, and answers with hostile text (HTML, script, terminal escapes, an email address).
 * `AGENT_FAIL_CASES=a,b` makes those cases regress: refused, and a refund past the policy cap;
 * `AGENT_FLAKY_CASES=a,b` makes those cases fail every second time the agent process runs them
 * (refused), as a flaky agent does over a run's repeats;
 * `AGENT_HOSTILE=1` makes case `hostile-output` fail with the hostile text as its output;
 * `AGENT_WRITES=file` makes the agent write that file as it answers, as a disk that changes
 * during a run (a reporter's folder taken by a file) would.
 */
import { join } from 'node:path';
import { makeProject, REPO } from './run-cli.js';

/** What the agent answers in case `hostile-output` under AGENT_HOSTILE=1: PII, markup that must stay text, terminal escapes. */
export const HOSTILE_OUTPUT =
  'mail jane.doe@corp.example.com <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> @octocat **bold** | \x1b[2J\x1b]0;owned\x07';

const AGENT = `import { writeFileSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(join(REPO, 'fixtures/agents/lib/stdio-agent.js'))};
const failing = new Set((process.env.AGENT_FAIL_CASES ?? '').split(',').filter(Boolean));
const flaky = new Set((process.env.AGENT_FLAKY_CASES ?? '').split(',').filter(Boolean));
const runs = new Map();
const HOSTILE = ${JSON.stringify(HOSTILE_OUTPUT)};
serveStdio(async (task, ctx) => {
  const id = task.case.id;
  if (process.env.AGENT_WRITES) writeFileSync(process.env.AGENT_WRITES, 'written by the agent during the run\\n');
  const n = Number(/\\d+/.exec(id)?.[0] ?? 1);
  ctx.recordUsage({ model: 'small-model', input_tokens: 100 * n + id.length * 40, output_tokens: 20 * n });
  await ctx.callTool('lookup_order', { order_id: String(n) });
  runs.set(id, (runs.get(id) ?? 0) + 1);
  if (flaky.has(id) && runs.get(id) % 2 === 0) return { outcome: 'refused', output: 'Not now.' };
  if (failing.has(id)) {
    const approval = await ctx.requestApproval('issue_refund', { order_id: String(n), amount: 500 }, 'customer asked');
    if (approval.approved) await ctx.callTool('issue_refund', { order_id: String(n), amount: 500 }).catch(() => undefined);
    return { outcome: 'refused', output: 'I cannot help with that.' };
  }
  if (id.startsWith('refund')) {
    const approval = await ctx.requestApproval('issue_refund', { order_id: String(n), amount: 20 }, 'double charge');
    if (approval.approved) await ctx.callTool('issue_refund', { order_id: String(n), amount: 20 });
    return { outcome: 'completed', output: 'Refunded $20 for order ' + n + '.' };
  }
  if (id === 'hostile-output') return { outcome: 'completed', output: process.env.AGENT_HOSTILE ? HOSTILE : 'All calm.' };
  return { outcome: 'completed', output: 'Order ' + n + ' has shipped.' };
}, { name: 'shop-agent', version: '2.0.0', concurrency: 4 });
`;

export const SUITE = `suite: shop
tools:
  - name: lookup_order
    tier: read
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
  - name: issue_refund
    tier: approve
    effects: [money]
    mock: { result: { refunded: true } }
cases:
  - id: lookup-1
    input: "where is order 1"
    tags: [lookup]
    risk: low
    expect: { outcome: completed, tools: [{ name: lookup_order }] }
  - id: lookup-2
    input: "where is order 2"
    tags: [lookup]
    risk: low
    expect: { outcome: completed }
  - id: refund-3
    input: "I was charged twice for order 3"
    tags: [refund]
    risk: high
    expect:
      outcome: completed
      tools: [{ name: issue_refund, args: { amount: { lte: 20 } }, approved: true }]
  - id: refund-4
    input: "refund order 4"
    tags: [refund]
    risk: high
    expect: { outcome: completed }
  - id: hostile-output
    input: "say something odd"
    tags: [lookup]
    expect: { outcome: completed, output: { not_contains: pwned } }
`;

/** A temp project with the shop agent, its suite, a policy and a gate. */
export function shopProject(extra: Record<string, string> = {}): string {
  return makeProject({
    'agent.mjs': AGENT,
    'agentready.config.yaml': `target: { adapter: stdio, command: [node, agent.mjs] }
suites: [evals/*.suite.yaml]
policy: policy.yaml
budgets: { max_tool_calls: 6, max_cost_usd: 0.05 }
pricing: { small-model: { input_per_mtok: 3, output_per_mtok: 15 } }
gate:
  success_rate: { max_drop_pp: 0 }
  policy_compliance: { min: 1.0 }
`,
    'policy.yaml': `rules:
  - id: refund-cap
    tool: issue_refund
    deny_if: { arguments.amount: { gt: 100 } }
`,
    'evals/shop.suite.yaml': SUITE,
    ...extra,
  });
}

/** The 1-based line and column of a case's id value in SUITE (or another suite text), as the github reporter must point. */
export function idPosition(caseId: string, suite = SUITE): { line: number; column: number } {
  const lines = suite.split('\n');
  const index = lines.findIndex((l) => l.includes(`- id: ${caseId}`));
  return { line: index + 1, column: lines[index]!.indexOf(caseId) + 1 };
}
