// MCP tool hosting (SPEC §4 "MCP tools", §11 "Token"): agents built on the SDK's MCP client
// run against the case's mocks, faults, policy and approvals at the run's mcp_url.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, agentCommand, latestRunDir, makeExampleProject, makeProject, readJsonl, runCli, startCli } from './helpers/run-cli.js';

type Row = { suite: string; case_id: string; status: string; outcome?: string };
type Trace = {
  case_id: string;
  tool_calls: { name: string; answer: string }[];
  approvals: { name: string; approved: boolean; reason?: string }[];
  agent_log?: string[];
  output: unknown;
};

/** The example project with its agent swapped for the one that calls its tools over MCP. */
function mcpExampleProject(): string {
  const dir = makeExampleProject();
  const config = join(dir, 'agentready.config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('agent/stdio.js', 'agent/mcp-stdio.js'));
  return dir;
}

const pick = (entry: { status: string; outcome: string } | undefined) => ({ status: entry?.status, outcome: entry?.outcome });

describe('MCP tool hosting', () => {
  it('the example agent on the SDK MCP client passes the example suite, with the verdicts of its stdio baseline', async () => {
    const dir = mcpExampleProject();
    expect(readFileSync(join(dir, 'agentready.config.yaml'), 'utf8')).toContain(join(EXAMPLE, 'agent/mcp-stdio.js'));
    // The committed baseline was recorded over stdio: the gate compares the MCP run with it.
    cpSync(join(EXAMPLE, 'agentready.baseline.json'), join(dir, 'agentready.baseline.json'));
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/35 cases · 35 passed/);
    expect(stdout).toContain('example-support-agent-mcp');
    const baseline = JSON.parse(readFileSync(join(dir, 'agentready.baseline.json'), 'utf8')) as { cases: Record<string, { status: string; outcome: string }> };
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows).toHaveLength(Object.keys(baseline.cases).length);
    for (const row of rows) {
      expect({ id: row.case_id, status: row.status, outcome: row.outcome }).toEqual({ id: row.case_id, ...pick(baseline.cases[`${row.suite}/${row.case_id}`]) });
    }

    // Every recorded call came over MCP: the agent logged each one against its case.
    const traces = readJsonl<Trace>(dir, 'traces.jsonl');
    let calls = 0;
    for (const trace of traces) {
      const logged = (trace.agent_log ?? []).filter((line) => line.includes(`${trace.case_id}: mcp tools/call `));
      expect(logged.map((line) => line.split('mcp tools/call ')[1])).toEqual(trace.tool_calls.map((call) => call.name));
      calls += trace.tool_calls.length;
    }
    expect(calls).toBeGreaterThan(20);
    // Approvals were given by the harness at call time, per the case's `approvals`.
    const approvals = traces.flatMap((trace) => trace.approvals);
    expect(approvals.length).toBeGreaterThan(0);
    for (const approval of approvals) expect(approval.reason).toMatch(/over MCP/);
    const denied = traces.find((trace) => trace.case_id === 'refund-approval-denied')!;
    expect(denied.approvals).toMatchObject([{ name: 'issue_refund', approved: false }]);
    expect(denied.tool_calls.find((call) => call.name === 'issue_refund')?.answer).toBe('approval_denied');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { unauthenticated_requests: number };
    expect(summary.unauthenticated_requests).toBe(0);
  });

  it('serves only the trace it names, to the run token: others get an error, tokenless requests are counted', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-mcp.js')} }
suites: [mcp.suite.yaml]
run: { timeout_ms: 5000 }
`,
      'mcp.suite.yaml': `suite: mcp
tools:
  - name: lookup_order
    description: Find an order by its number
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: lookup
    input: "1234"
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: "1234" } }] }
  - id: rate-limited
    input: "1234"
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 50 }]
    expect: { outcome: escalated }
  - id: no-token
    input: NO_TOKEN
    expect: { outcome: refused, tools: [] }
  - id: other-trace
    input: OTHER_TRACE
    expect: { outcome: refused, tools: [] }
`,
    });
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(stdout).toMatch(/4 cases · 4 passed/);
    expect(exitCode).toBe(0);
    const traces = Object.fromEntries(readJsonl<Trace>(dir, 'traces.jsonl').map((t) => [t.case_id, t]));
    expect(traces['lookup']!.output).toBe('tools lookup_order; order {"status":"shipped"}');
    expect(traces['rate-limited']!.output).toBe('tools lookup_order; error {"kind":"rate_limit","status":429,"retry_after_ms":50,"message":"rate_limit: retry after 50 ms"}');
    expect(traces['no-token']!.output).toMatch(/unauthorized/);
    expect(traces['no-token']!.agent_log?.join('\n')).toContain('refused a POST request without the run\'s token (401)');
    expect(traces['other-trace']!.output).toMatch(/no case in flight/);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { unauthenticated_requests: number };
    expect(summary.unauthenticated_requests).toBe(1);
  });

  it('closes the endpoint on Ctrl-C while an MCP agent is mid-case', async () => {
    const dir = makeProject({});
    const ready = join(dir, 'ready.txt');
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: ${agentCommand('agent-mcp.js')} }
suites: [mcp.suite.yaml]
run: { timeout_ms: 60000 }
`);
    writeFileSync(join(dir, 'mcp.suite.yaml'), `suite: mcp
tools: [{ name: lookup_order, mock: { result: { status: shipped } } }]
cases:
  - { id: hang, input: HANG, context: { ready_file: ${JSON.stringify(ready)} }, expect: { outcome: completed } }
`);
    const child = startCli(dir, ['eval']);
    const url = await waitForFile(ready, 20_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\/[0-9a-f]{32}$/);
    child.kill('SIGINT');
    // An endpoint left listening would keep the CLI alive: it exits only once everything is closed,
    // and the case's own limit (60 s) is past vitest's test timeout, so an exit at all is the check.
    const result = await child;
    expect(result.exitCode).toBe(130);
  });
});

/** The file's content once it exists (checked every 25 ms, bounded by the deadline). */
async function waitForFile(file: string, deadlineMs: number): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check the file, bounded by the deadline
  }
  throw new Error(`${file} did not appear within ${deadlineMs} ms`);
}
