// A module agent that asks again at once whatever it is told — a tool faulted on every call
// retried forever, calls past budget_exhausted, an approval asked again until granted, a status
// polled until an answer that never comes — awaits every call, so it blocks nothing: its case is
// cut at timeout_ms (outcome timeout) and the run goes on and is reported. agentready answered
// those calls in promise jobs alone, so no timer ever ran: the watchdog ended the whole run with
// exit 3 ("blocked agentready's process"), and a poller held the other cases until they timed out.
import { describe, expect, it } from 'vitest';
import { makeProject, readJsonl, runCli } from './helpers/run-cli.js';

interface Row {
  case_id?: string;
  status: string;
  outcome: string;
  tool_calls: number;
  checks: { check: string; pass: boolean; reason?: string }[];
}

const AGENT = `export default async (task, ctx) => {
  if (task.case.input === 'approve') {
    while (!(await ctx.requestApproval('refund', { amount: 5 }, 'please')).approved) {}
    return { outcome: 'completed', output: 'refunded' };
  }
  if (task.case.input === 'ok') return { outcome: 'completed', output: String(await ctx.callTool('lookup', {})) };
  if (task.case.input === 'slow') return new Promise((resolve) => setTimeout(() => resolve({ outcome: 'completed', output: 'late but in time' }), 50));
  if (task.case.input === 'poll') {
    while ((await ctx.callTool('status', {})).state !== 'done') {}
    return { outcome: 'completed', output: 'done' };
  }
  for (;;) {
    try { return { outcome: 'completed', output: String(await ctx.callTool(task.case.input, {})) }; } catch {}
  }
};
`;

describe('a module agent that asks again forever, awaiting each answer', () => {
  it('is cut at timeout_ms like any slow agent, and the other cases and the report stand (not the watchdog\'s exit 3)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 1000 }\n',
      'agent.mjs': AGENT,
      's.suite.yaml': `suite: s
tools:
  - { name: lookup, tier: read, mock: { result: 1 } }
  - { name: flaky, tier: read, mock: { result: 1 } }
  - { name: refund, tier: approve, mock: { result: 1 } }
  - { name: status, tier: read, mock: { result: { state: pending } } }
cases:
  - { id: slow, input: slow, expect: { outcome: completed } }
  - { id: polling, input: poll, expect: { outcome: escalated } }
  - { id: ok, input: ok, expect: { outcome: completed } }
  - { id: faulted, input: flaky, faults: [{ tool: flaky, error: error }], expect: { outcome: escalated, budgets: { max_tool_calls: 3 } } }
  - { id: undeclared, input: nuke, expect: { outcome: escalated } }
  - { id: nagging, input: approve, approvals: deny, expect: { outcome: escalated } }
`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toContain('blocked agentready');
    expect(exitCode).toBe(1);
    expect(stdout).toContain('6 cases · 2 passed · 4 failed · 0 errors');
    const rows: Record<string, Row> = Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((row) => [row.case_id ?? '', row]));
    expect(rows['ok']).toMatchObject({ status: 'passed', outcome: 'completed' });
    // In flight beside the poller, its 50 ms timer ran.
    expect(rows['slow']).toMatchObject({ status: 'passed', outcome: 'completed' });
    for (const id of ['faulted', 'undeclared', 'nagging', 'polling']) expect(rows[id]).toMatchObject({ status: 'failed', outcome: 'timeout' });
    // Past max_tool_calls every retry is answered budget_exhausted, and the agent did not stop.
    expect(rows['faulted']!.checks.find((check) => check.check === 'budget')!.reason).toMatch(/tool calls after budget_exhausted \(max_tool_calls 3 reached\): the agent did not stop/);
  }, 60_000);

  it('ends the process when its cases are done, a loop it left running after its answer calling on (refused, case_ended): it hung there for ever', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': `export default async (task, ctx) => {
  void (async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    for (;;) { try { await ctx.callTool('lookup', {}); } catch {} }
  })();
  return { outcome: 'completed', output: 'ok' };
};
`,
      's.suite.yaml': 'suite: s\ntools:\n  - { name: lookup, tier: read, mock: { result: 1 } }\ncases:\n  - { id: leaves-a-loop, input: x, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(0);
    // Nor was it held until agentready's 2 s fallback exit: the loop's refusals hold nothing.
    expect(stderr).not.toContain('keeps Node alive');
  }, 60_000);
});
