// http, module and exec agents that misbehave: each failure is a clear result of its case.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS, freePort, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: faults
tools:
  - { name: lookup_order, tier: read, mock: { result: { status: shipped } } }
  - { name: issue_refund, tier: approve, effects: [money], mock: { result: { refund_id: rf-1 } } }
`;

/** `timeoutMs` is the hang cases' wait; exec starts a process per case, so it gets more (slow CI machines). */
function project(target: string, inputs: string[], timeoutMs = 1500): string {
  return makeProject({
    'agentready.config.yaml': `target: ${target}
suites: [faults.suite.yaml]
run: { timeout_ms: ${timeoutMs}, concurrency: 8 }
`,
    'faults.suite.yaml': `${SUITE}cases:
${inputs.map((input) => `  - { id: ${input}, input: ${input}, expect: { outcome: completed } }\n`).join('')}`,
  });
}

type Row = { case_id: string; status: string; outcome?: string; error?: { code: string; message: string }; checks: { check: string; pass: boolean }[] };
type TraceRow = { case_id: string; output: unknown; agent_log?: string[]; tool_calls: { name: string; answer: string; result?: unknown }[] };
const byCase = <T extends { case_id: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.case_id, r]));
const results = (dir: string) => byCase(readJsonl<Row>(dir, 'results.jsonl').slice(1));
const traces = (dir: string) => byCase(readJsonl<TraceRow>(dir, 'traces.jsonl'));

const agents: { kill(): void }[] = [];
afterAll(() => agents.forEach((agent) => agent.kill()));

/**
 * Starts an http fixture agent; resolves with its URL once it says it listens. `printed(text)`
 * resolves once its stdout holds `text`: the agent is another process, so what it prints on a
 * cancel may reach this one after the CLI has exited (within 10 s, or it fails with what it printed).
 */
async function startHttpAgent(script: string): Promise<{ url: string; printed: (text: string) => Promise<void> }> {
  const agent = execa('node', [join(AGENTS, script)], { buffer: false, reject: false });
  agents.push(agent);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    agent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    agent.on('exit', () => reject(new Error(`agent exited: ${output}`)));
  });
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => {
        if (!output.includes(text)) return;
        clearTimeout(timer);
        agent.stdout.off('data', look);
        resolve();
      };
      const timer = setTimeout(() => {
        agent.stdout.off('data', look);
        reject(new Error(`the agent did not print ${JSON.stringify(text)} within 10 s; it printed: ${output}`));
      }, 10_000);
      agent.stdout.on('data', look);
      look();
    });
  return { url, printed };
}

// Every test has a project (and an http agent) of its own, and most wait on agents (a hang's
// timeout_ms, a process per exec case) more than they use the CPU: the blocks and their tests run at once.
describe.concurrent('http', () => {
  it('refuses calls without the run token (counted), and turns 5xx and non-JSON into errors and a hang into a timeout', async () => {
    const agent = await startHttpAgent('http-agent-faults.js');
    const target = `{ adapter: http, url: "${agent.url}" }`;
    // The cases the agent answers at once get a limit no loaded host reaches: under a 1.5 s one, a CI
    // host starving both processes had the 500 and the HTML land after it, so they were timeouts (a
    // failed case, not an error) and the run exited 0. The hang waits out a short limit in a run of its own.
    const answered = project(target, ['ok', 'tokens', 'status-500', 'not-json'], 20_000);
    const hung = project(target, ['hang']);
    const [answeredRun, hungRun] = await Promise.all([runCli(answered, ['eval', '--no-gate']), runCli(hung, ['eval', '--no-gate'])]);
    expect(answeredRun.exitCode).toBe(3);
    const rows = results(answered);
    expect(rows['ok']).toMatchObject({ status: 'passed', outcome: 'completed' });
    expect(traces(answered)['ok']!.tool_calls).toMatchObject([{ name: 'lookup_order', answer: 'answer', result: { status: 'shipped' } }]);
    expect(rows['tokens']!.status).toBe('passed');
    expect(traces(answered)['tokens']!.output).toBe('no token 401, wrong token 401, with token shipped');
    // Logged in the trace of the case each refused request named, as mcp_url's refusals are.
    expect(traces(answered)['tokens']!.agent_log).toEqual(Array(2).fill("[agentready] tools_url: refused a POST request without the run's token (401)"));
    // A 500 is the agent's own failure (its handler threw), judged as a stdio agent's error answer is, not a harness error.
    expect(rows['status-500']).toMatchObject({ status: 'failed', outcome: 'agent_error' });
    expect(answeredRun.stdout).toContain(`got agent_error (the agent at ${agent.url} answered HTTP 500 Internal Server Error with "database is down")`);
    expect(rows['not-json']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['not-json']!.error!.message).toContain('not JSON (text/html): "<html>oops</html>"');
    const summary = JSON.parse(readFileSync(join(latestRunDir(answered), 'summary.json'), 'utf8')) as { unauthenticated_requests: number };
    expect(summary.unauthenticated_requests).toBe(2);
    // A timeout is a failed case, not a harness error: with --no-gate, exit 0.
    expect(hungRun.exitCode).toBe(0);
    expect(results(hung)['hang']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    // The abort of the run POST is the cancel, and the agent saw it.
    await agent.printed('cancelled hang');
  });

  it('an agent that is not listening (no start:) stops the run before its first case: one message naming the URL and what to do, exit 3, no run folder', async () => {
    // Nothing listens there, and no listen(0) of a test beside this one can be given it.
    const port = await freePort();
    const dir = project(`{ adapter: http, url: "http://127.0.0.1:${port}/run" }`, ['ok', 'tokens']);
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stdout).toBe('');
    expect(stderr.trimEnd()).toBe(
      `agentready: nothing answers at http://127.0.0.1:${port}/run: the connection to 127.0.0.1:${port} was refused, so no case could run; ` +
        "start the agent's server first, or add `start: { command: [node, server.js] }` to the target and agentready starts it and waits until it answers (exit 3)",
    );
    expect(existsSync(join(dir, '.agentready', 'runs'))).toBe(false);
  });
});

describe.concurrent('module', () => {
  it('hosts tools in process; a throw is the case error with its message; a hang is a timeout; a bad result an error', async () => {
    const dir = project(`{ adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-faults.js'))} }`, ['ok', 'throw', 'hang', 'nonsense']);
    const { exitCode } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    const rows = results(dir);
    expect(rows['ok']!.status).toBe('passed');
    expect(traces(dir)['ok']!.output).toBe('order is shipped; unknown tool: tool_not_found/tool_not_found');
    expect(rows['throw']).toMatchObject({ status: 'failed', outcome: 'agent_error', error: { code: 'AGENT_ERROR' } });
    // Where the agent's code threw, as a test runner says it: the fixture's throw, at its line and column.
    // The path as messages show it from the project's folder: relative, or absolute when the two share only the root.
    const thrown = /^the agent module threw: the model provider returned 401: check OPENAI_API_KEY \(at (?<file>.+):19:13\)$/.exec(rows['throw']!.error!.message);
    expect(resolve(dir, thrown?.groups?.['file'] ?? '')).toBe(join(AGENTS, 'module-agent-faults.js'));
    expect(traces(dir)['throw']!.agent_log?.[0]).toContain('Error: the model provider returned 401');
    expect(rows['hang']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    expect(rows['nonsense']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['nonsense']!.error!.message).toContain('invalid result: outcome');
  });
});

describe.concurrent('exec', () => {
  it('records the reported trace and judges it; a non-zero exit, bad JSON and a hang keep the stderr', async () => {
    const target = `{ adapter: exec, command: [node, ${JSON.stringify(join(AGENTS, 'exec-agent-faults.js'))}] }`;
    // As for http: the cases that end at once get a limit no loaded host reaches (a process per case
    // starts slowly on a starved host), and the hang waits out a short one in a run of its own.
    const dir = project(target, ['ok', 'exit-2', 'bad-json', 'unapproved', 'params'], 20_000);
    const hung = project(target, ['hang'], 4000);
    const [{ exitCode }, hungRun] = await Promise.all([runCli(dir, ['eval', '--no-gate']), runCli(hung, ['eval', '--no-gate'])]);
    expect(exitCode).toBe(3);
    const rows = results(dir);
    const trace = traces(dir);
    expect(rows['ok']).toMatchObject({ status: 'passed', tool_calls: 1, model_calls: 1 });
    expect(trace['ok']!.tool_calls).toMatchObject([{ name: 'lookup_order', answer: 'answer', result: { status: 'shipped' } }]);
    expect(rows['exit-2']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED' } });
    expect(rows['exit-2']!.error!.message).toMatch(/exited with code 2; stderr: connecting to the order database \| boom: database unreachable$/);
    expect(trace['exit-2']!.agent_log).toEqual(['connecting to the order database', 'boom: database unreachable']);
    expect(rows['bad-json']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['bad-json']!.error!.message).toContain('not one JSON object on stdout: "Sure! Here is your answer: shipped"');
    // A timeout is a failed case, not a harness error: with --no-gate, exit 0; the stderr is kept.
    expect(hungRun.exitCode).toBe(0);
    expect(results(hung)['hang']).toMatchObject({ status: 'failed', outcome: 'timeout' });
    expect(traces(hung)['hang']!.agent_log).toEqual(['thinking forever']);
    // A refund the agent made without an approval: mocks did not apply, the policy still does.
    expect(rows['unapproved']!.status).toBe('failed');
    expect(rows['unapproved']!.checks).toContainEqual(expect.objectContaining({ check: 'policy', pass: false }));
    expect(trace['unapproved']!.tool_calls.map((c) => c.answer)).toEqual(['answer', 'approval_missing']);
    const decisions = readJsonl<{ tool: string; outcome: string }>(dir, 'policy-decisions.jsonl');
    expect(decisions).toContainEqual(expect.objectContaining({ tool: 'issue_refund', outcome: 'approval_missing' }));
    // The command uses its own tools: no mcp_url is offered (calls there would count twice); its
    // model calls may still go through the model gateway (`models`).
    expect(trace['params']!.output).toBe('budgets case messages mode models timeout_ms token tools trace_id turn');
  }, 60_000);

  it('a command may log any amount on stderr (its end is the log); a result past 10 MB is an error that names the limit', async () => {
    const dir = project(`{ adapter: exec, command: [node, ${JSON.stringify(join(AGENTS, 'exec-agent-faults.js'))}] }`, ['log-flood', 'long-line', 'huge-result'], 20_000);
    const { exitCode } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    const rows = results(dir);
    expect(rows['log-flood']).toMatchObject({ status: 'passed' });
    const log = traces(dir)['log-flood']!.agent_log!;
    expect(log.at(-1)).toBe('done logging');
    expect(log[0]).toBe('[agentready] stderr before its last 500 lines not kept');
    expect(log).toHaveLength(501);
    // A line longer than what is kept of stderr is not lost silently.
    expect(rows['long-line']).toMatchObject({ status: 'passed' });
    expect(traces(dir)['long-line']!.agent_log).toEqual(['[agentready] stderr before its last 1 line not kept', '[agentready] a stderr line longer than 1048576 characters, not kept']);
    expect(rows['huge-result']).toMatchObject({ status: 'error', error: { code: 'AGENT_PROTOCOL' } });
    expect(rows['huge-result']!.error!.message).toMatch(/^the command `node \S+` printed more than 10 MB on stdout, the most one result may be, so it was stopped/);
  }, 60_000);

  it('a command that cannot be started says so in words, not as an execa message with a \\n in it', async () => {
    const dir = project('{ adapter: exec, command: [agentready-no-such-command] }', ['ok']);
    const { exitCode, stdout } = await runCli(dir, ['eval', '--no-gate']);
    expect(exitCode).toBe(3);
    const message = results(dir)['ok']!.error!.message;
    expect(message).toBe(`the command \`agentready-no-such-command\` could not be started (spawn agentready-no-such-command ENOENT): no such program on the PATH, or file or folder from ${dir} (no stderr)`);
    expect(stdout).not.toContain('Command failed');
  }, 30_000);
});

describe.concurrent('score', () => {
  const scoreProject = (traces: string) =>
    makeProject({
      'agentready.config.yaml': `target: { adapter: exec, command: [node, agent.js] }\nsuites: [faults.suite.yaml]\n`,
      'faults.suite.yaml': `${SUITE}cases:\n  - { id: refund, input: refund me, expect: { outcome: completed, tools: [{ name: issue_refund }] } }\n`,
      'traces.jsonl': traces,
    });

  it('judges a recorded refund made without approval as a policy violation, and the gate fails', async () => {
    const trace = { case_id: 'refund', outcome: 'completed', output: 'refunded', tool_calls: [{ name: 'issue_refund', arguments: { amount: 5 }, result: { refund_id: 'r' } }] };
    const dir = scoreProject(`${JSON.stringify(trace)}\n`);
    const { exitCode, stdout } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('issue_refund ran without a granted approval');
    expect(results(dir)['refund']).toMatchObject({ status: 'failed', policy_violations: 1 });
  });

  it('a bad traces file is exit 2 with each problem at its line', async () => {
    const dir = scoreProject(`{"case_id":"refund","outcome":"completed","output":""}\n{"case_id":"nope","outcome":"completed"}\nnot json\n`);
    const { exitCode, stderr } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('traces.jsonl has 2 problems');
    expect(stderr).toMatch(/traces\.jsonl:2:12 +case_id\n +expected +the id of a case in the suites of the config \(or `--unlabeled` to score a line with neither case_id nor suite as a production trace\)\n +found +"nope"/);
    expect(stderr).toMatch(/traces\.jsonl:3:1\n +expected +one JSON object per line\n +found +"not json"/);
    expect(stderr).toContain('Fix the traces file, then run `agentready score traces.jsonl` again.');
  });

  it('a problem in a line with wide characters has its carets under it, as a terminal draws them', async () => {
    const dir = scoreProject('{"case_id":"refund","outcome":"completed","output":"退款已处理","tool_calls":5}\n');
    const { exitCode, stderr } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode).toBe(2);
    // Five CJK characters take ten cells: the caret under the 5 (column 73) sits five cells further, at cell 78.
    expect(stderr).toContain(`    1 | {"case_id":"refund","outcome":"completed","output":"退款已处理","tool_calls":5}\n      | ${' '.repeat(77)}^\n`);
  });

  it('a timed-out trace keeps its calls (judged) and cost; a harness error stays an error', async () => {
    const refund = { name: 'issue_refund', arguments: { amount: 5 }, result: { refund_id: 'r' } };
    const usage = [{ model: 'm', input_tokens: 10, output_tokens: 5, cost_usd: 0.5 }];
    const lines = [
      { case_id: 'refund', outcome: 'timeout', tool_calls: [refund], usage, duration_ms: 1500 },
      { case_id: 'refund', outcome: 'error', error: 'the agent exited' },
    ];
    const dir = scoreProject(lines.map((line) => JSON.stringify(line)).join('\n'));
    await runCli(dir, ['score', 'traces.jsonl', '--no-gate']);
    const rows = readJsonl<Row & { attempt: number; policy_violations: number; cost_usd: number; duration_ms: number }>(dir, 'results.jsonl').slice(1);
    expect(rows[0]).toMatchObject({ attempt: 1, status: 'failed', outcome: 'timeout', tool_calls: 1, policy_violations: 1, cost_usd: 0.5, duration_ms: 1500 });
    expect(rows[1]).toMatchObject({ attempt: 2, status: 'error', outcome: 'error', error: { code: 'RECORDED_ERROR', message: 'the agent exited' } });
  });
});
