// A tool world through the built CLI, as a user meets it: one environment across a conversation's
// turns (approvals, budgets, faults' call numbers and the state carry over), every refused call
// kept from the handler (fault, approval, policy, suggest tier, arguments, budget, kill switch),
// each state change redacted in the trace; every adversarial variant from a fresh copy; a hung
// handler, a user simulator that cannot start and a state file nested too deep.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

type Check = { check: string; name?: string; pass: boolean; reason?: string };
type Row = { case_id: string; status: string; outcome?: string; error?: { code: string; message: string }; checks: Check[] };
type Call = { name: string; turn?: number; error?: { kind: string }; state_change?: { op: string; path: string; value?: unknown }[] };
type TraceRow = { case_id: string; tool_calls: Call[] };

const HANDLERS = `export function refund(args, world) {
  world.state.balance -= args.amount;
  world.state.log.push(\`refund \${args.amount} #\${world.call}\`);
  return { balance: world.state.balance };
}
export function note(args, world) {
  world.state.log.push(\`note \${args.text} #\${world.call}\`);
  return { noted: true };
}
`;

// Each turn's message is a script for agent-violator: approvals in turn 1 are used in turn 2,
// the fault on add_note's call 2 counts turn 1's call, the budget of 8 calls spans all turns.
const script = (steps: unknown[], outcome = 'clarified') => `'${JSON.stringify({ steps, outcome })}'`;
const ENVIRONMENT_SUITE = `suite: w
state: { balance: 100, log: [] }
tools:
  - { name: issue_refund, tier: approve, effects: [money], handler: ./tools/world.js#refund, parameters: { type: object, required: [amount], properties: { amount: { type: number } } } }
  - { name: add_note, tier: autonomous, handler: ./tools/world.js#note, parameters: { type: object, required: [text], properties: { text: { type: string } } } }
  - { name: draft_note, tier: suggest, handler: ./tools/world.js#note }
cases:
  - id: one-environment
    approvals: grant
    faults: [{ tool: add_note, call: 2, error: error }]
    turns:
      - user: ${script([{ approve: 'issue_refund', args: { amount: 20 } }, { approve: 'issue_refund', args: { amount: 80 } }, { call: 'add_note', args: { text: 'a' } }])}
      - user: ${script([
        { call: 'issue_refund', args: { amount: 20 } },
        { call: 'add_note', args: { text: 'b' } },
        { call: 'issue_refund', args: { amount: 20 } },
        { call: 'issue_refund', args: { amount: 80 } },
        { call: 'draft_note', args: { text: 'x' } },
        { call: 'add_note', args: {} },
      ])}
      - user: ${script([{ call: 'add_note', args: { text: 'mail jane.doe@example.com' } }, { call: 'add_note', args: { text: 'd' } }], 'completed')}
    expect:
      budgets: { max_tool_calls: 8 }
      state_exact: true
      state: { balance: 80, log: ["note a #1", "refund 20 #1", "note mail jane.doe@example.com #4"] }
`;

function environmentProject(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-violator.js')} }\nsuites: [evals/*.suite.yaml]\npolicy: policy.yaml\n`,
    'policy.yaml': 'rules:\n  - { id: refund-cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 50 } } }\n',
    'evals/w.suite.yaml': ENVIRONMENT_SUITE,
    'evals/tools/world.js': HANDLERS,
  });
}

/** Each call as [turn, tool, how it was answered]. */
const answers = (calls: Call[]) => calls.map((c) => [c.turn, c.name, c.error?.kind ?? 'ok']);

describe('one environment across turns', () => {
  it('carries approvals, fault call numbers, budgets and the state over the turns; no refused call reaches a handler; changes are redacted', async () => {
    const dir = environmentProject();
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    const [trace] = readJsonl<TraceRow>(dir, 'traces.jsonl');
    expect(answers(trace!.tool_calls)).toEqual([
      [1, 'add_note', 'ok'],
      [2, 'issue_refund', 'ok'], // the approval granted in turn 1
      [2, 'add_note', 'error'], // add_note's call 2: the fault, counted across turns
      [2, 'issue_refund', 'approval_missing'], // one approval serves one call
      [2, 'issue_refund', 'policy_denied'], // approved, but over the policy's cap
      [2, 'draft_note', 'execution_disabled'], // a suggest tool
      [2, 'add_note', 'invalid_arguments'],
      [3, 'add_note', 'ok'],
      [3, 'add_note', 'budget_exhausted'], // the 9th call of the case, over max_tool_calls 8
    ]);
    // Only the three calls that ran changed the world, and the state check saw them all.
    expect(trace!.tool_calls.map((c) => c.state_change !== undefined)).toEqual([true, true, false, false, false, false, false, true, false]);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row!.checks.find((c) => c.check === 'state')).toMatchObject({ pass: true });
    // The change is redacted in the trace like the rest of it; the check ran on the real state.
    expect(trace!.tool_calls[7]!.state_change).toEqual([{ op: 'add', path: '/log/2', value: 'note mail [email] #4' }]);
    expect(readFileSync(join(latestRunDir(dir), 'traces.jsonl'), 'utf8')).not.toContain('jane.doe@example.com');
  });

  it('under the kill switch, refuses every write before its handler and passes the state check', async () => {
    const dir = environmentProject();
    const run = await runCli(dir, ['eval', '--kill-switch', '--no-gate']);
    expect(run.stdout).toContain('no write ran');
    const [trace] = readJsonl<TraceRow>(dir, 'traces.jsonl');
    expect(trace!.tool_calls).toHaveLength(9);
    expect(trace!.tool_calls.every((c) => c.error?.kind === 'execution_disabled' && c.state_change === undefined)).toBe(true);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row!.checks.find((c) => c.name === 'kill switch: state unchanged')).toMatchObject({ pass: true });
  });
});

const CANCEL_HANDLER = `export function cancelOrder(args, world) {
  const order = world.state.orders[args.order_id];
  if (order === undefined) throw { kind: 'not_found', message: 'no order ' + args.order_id };
  world.state.log.push('cancel ' + args.order_id + ' #' + world.call);
  order.status = 'cancelled';
  return { status: order.status };
}
export function hang() { return new Promise(() => {}); }
`;

function worldProject(suite: string, run = '{ timeout_ms: 10000 }', extra: Record<string, string> = {}): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'conversation-module.js'))} }\nsuites: [evals/*.suite.yaml]\nrun: ${run}\n`,
    'evals/w.suite.yaml': suite,
    'evals/tools/orders.js': CANCEL_HANDLER,
    ...extra,
  });
}

const TOOLS = `state: { orders: { "5678": { status: processing } }, log: [] }
tools:
  - name: cancel_order
    tier: autonomous
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    handler: ./tools/orders.js#cancelOrder
`;

/** The module agent (worldProject's) and a stdio agent: under both, a tool handler runs in agentready's process. */
const AGENT_TARGETS: [string, string | undefined][] = [
  ['module', undefined],
  ['stdio', `{ adapter: stdio, command: ${agentCommand('conversation-stdio.js')} }`],
];

/** The project's agent made `target` (a config's flow-style target), when given. */
function retarget(dir: string, target: string | undefined): void {
  if (target) writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(/^target: .*$/m, `target: ${target}`));
}

describe('a world per attempt', () => {
  it('starts every adversarial variant of a conversation from a fresh copy; a tool-failure fault never reaches the handler', async () => {
    const dir = worldProject(`suite: w
adversarial: [prompt_injection, malformed_input, tool_failure]
${TOOLS}cases:
  - id: conv
    turns:
      - user: "cancel my order"
      - user: "it is 5678"
    expect: { outcome: completed, tools: [{ name: cancel_order }], state: { log: ["cancel 5678 #1"] } }
`);
    const run = await runCli(dir, ['eval', '--no-gate', '--concurrency', '1']);
    expect(run.exitCode, run.stderr).toBe(0);
    const traces = readJsonl<TraceRow>(dir, 'traces.jsonl');
    const changed = traces.filter((t) => t.tool_calls.some((c) => c.state_change));
    // The base case and its 8 injections run both turns; a malformed variant is its one message, which cancels nothing.
    expect(changed.length).toBeGreaterThanOrEqual(9);
    for (const trace of changed) {
      // Had the variants shared one world, a later one would append at /log/1 and find the order cancelled.
      expect(trace.tool_calls.find((c) => c.state_change)!.state_change, trace.case_id).toEqual([
        { op: 'add', path: '/log/0', value: 'cancel 5678 #1' },
        { op: 'replace', path: '/orders/5678/status', value: 'cancelled' },
      ]);
    }
    const failures = traces.filter((t) => t.case_id.includes('~tool_failure-'));
    expect(failures).toHaveLength(6);
    expect(failures.flatMap((t) => t.tool_calls).filter((c) => c.name === 'cancel_order' && c.state_change)).toEqual([]);
  }, 60_000);

  it('passes a rate_limit variant of a world case whose agent escalates: the base case\'s final state is not asked of it', async () => {
    // Escalates on any tool error, as the variant's expectation allows; it never retries.
    const agent = `export default async function agent(task, ctx) {
  try { await ctx.callTool('cancel_order', { order_id: '5678' }); return { outcome: 'completed', output: 'cancelled' }; }
  catch (error) { return { outcome: 'escalated', output: 'a colleague will follow up (' + error.kind + ')' }; }
}
`;
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [evals/*.suite.yaml]\n',
      'agent.mjs': agent,
      'evals/w.suite.yaml': `suite: w\nadversarial: [rate_limit]\n${TOOLS}cases:\n  - { id: cancel, input: "cancel 5678", expect: { outcome: completed, tools: [{ name: cancel_order }], state: { orders: { "5678": { status: cancelled } } } } }\n`,
      'evals/tools/orders.js': CANCEL_HANDLER,
    });
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows.map((r) => [r.case_id, r.status, r.outcome])).toEqual(expect.arrayContaining([
      ['cancel', 'passed', 'completed'],
      ['cancel~rate_limit-1', 'passed', 'escalated'],
    ]));
    // The base case's state is still judged on the base case.
    expect(rows.find((r) => r.case_id === 'cancel')!.checks.find((c) => c.check === 'state')).toEqual({ check: 'state', pass: true });
  });

  it('judges the final state with matchers, as a subset, and against an expected-state file', async () => {
    const cancelled = { orders: { '5678': { status: 'cancelled' } }, log: ['cancel 5678 #1'] };
    const dir = worldProject(`suite: w
${TOOLS}cases:
  - id: matchers
    input: "cancel 5678"
    expect: { state: { orders: { "5678": { status: { in: [cancelled, refunded] } } }, log: [{ regex: "^cancel 5678 #" }] } }
  - id: file
    input: "cancel 5678"
    expect: { state: ./expected/cancelled.json }
  - id: file-differs
    input: "cancel 5678"
    expect: { state: ./expected/untouched.json }
  - id: exact-differs
    input: "cancel 5678"
    expect: { state_exact: true, state: { orders: { "5678": { status: cancelled } } } }
`, undefined, {
      'evals/expected/cancelled.json': JSON.stringify(cancelled),
      'evals/expected/untouched.json': JSON.stringify({ ...cancelled, orders: { '5678': { status: 'processing' } } }),
    });
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    const state = Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r.checks.find((c) => c.check === 'state')]));
    expect(state).toMatchObject({
      matchers: { pass: true },
      file: { pass: true },
      'file-differs': { pass: false, reason: 'the final state does not match evals/expected/untouched.json at orders.5678.status' },
      'exact-differs': { pass: false, reason: 'the final state does not match expect.state at log' },
    });
  });

  it('replays a world case from its recording (the handler\'s answers and state changes), and runs the handlers under --live', async () => {
    const dir = worldProject(`suite: w\n${TOOLS}cases:\n  - { id: cancel, input: "cancel 5678", expect: { outcome: completed, state: { log: ["cancel 5678 #1"] } } }\n`);
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const [recorded] = readJsonl<TraceRow & { trace_id: string }>(dir, 'traces.jsonl');
    // The world is broken since: a replay never calls it, a live replay does.
    writeFileSync(join(dir, 'evals/tools/orders.js'), CANCEL_HANDLER.replace("const order =", "throw new Error('world gone'); const order ="));
    const replay = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(replay.exitCode, replay.stdout + replay.stderr).toBe(0);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row!.checks.find((c) => c.check === 'state')).toMatchObject({ pass: true });
    const live = await runCli(dir, ['replay', recorded!.trace_id, '--live']);
    expect(live.exitCode).not.toBe(0);
    expect(readJsonl<Row>(dir, 'results.jsonl').slice(1)[0]).toMatchObject({ status: 'error', error: { code: 'HANDLER_ERROR' } });
  });

  it('replays a world case recorded with redaction on: the recorded state changes hold placeholders, read as a redacted trace\'s, so the unchanged case still passes', async () => {
    const handler = CANCEL_HANDLER.replace("order.status = 'cancelled';", "order.status = 'cancelled'; world.state.contact = 'jane.doe@example.com';");
    const dir = worldProject(`suite: w\n${TOOLS}cases:\n  - { id: cancel, input: "cancel 5678", expect: { outcome: completed, state: { contact: jane.doe@example.com, orders: { "5678": { status: cancelled } } } } }\n`, undefined, { 'evals/tools/orders.js': handler });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const [recorded] = readJsonl<TraceRow & { trace_id: string }>(dir, 'traces.jsonl');
    expect(JSON.stringify(recorded!.tool_calls[0]!.state_change)).toContain('[email]');
    const replay = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(replay.exitCode, replay.stdout + replay.stderr).toBe(0);
    expect(readJsonl<Row>(dir, 'results.jsonl').slice(1)[0]!.checks.find((c) => c.check === 'state')).toMatchObject({ pass: true });
    // A state the recording cannot have (another order cancelled) still fails the replay.
    writeFileSync(join(dir, 'evals/w.suite.yaml'), readFileSync(join(dir, 'evals/w.suite.yaml'), 'utf8').replace('status: cancelled', 'status: processing'));
    const edited = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(edited.exitCode, edited.stdout + edited.stderr).toBe(1);
    expect(edited.stdout).toContain('the final state does not match expect.state at orders.5678.status');
  });

  it.each(AGENT_TARGETS)('makes a handler that calls process.exit (%s agent) the case\'s HANDLER_ERROR naming it: not AGENT_EXITED, not the end of the run', async (_adapter, target) => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#quit')}cases:
  - { id: quits, input: "cancel 5678", expect: { outcome: completed } }
  - { id: talks, input: "hello", expect: { outcome: completed } }
`, '{ timeout_ms: 10000 }', { 'evals/tools/orders.js': `${CANCEL_HANDLER}export function quit() { process.exit(7); }\n` });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    const rows = Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r]));
    expect(rows.quits).toMatchObject({ status: 'error', error: { code: 'HANDLER_ERROR', message: 'the handler of cancel_order failed: ./tools/orders.js#quit called process.exit(7): a handler ends its call by returning or throwing, not the run' } });
    expect(rows.talks).toBeDefined();
    expect(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')).toContain('"interrupted": false');
  });

  it.each(AGENT_TARGETS)('stops the run with exit 3 naming the handler whose timer called process.exit after its call returned (%s agent): no silent exit 0', async (_adapter, target) => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#late')}cases:
  - { id: late, input: "cancel 5678", expect: { outcome: completed } }
  - { id: talks, input: "hello", expect: { outcome: completed } }
`, '{ timeout_ms: 10000 }', { 'evals/tools/orders.js': `${CANCEL_HANDLER}export function late() { setTimeout(() => process.exit(0), 1); return { status: 'cancelled' }; }\n` });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the tool handler ./tools/orders.js#late of cancel_order called process.exit after its call had returned (from a timer or callback it left), ending agentready with code 0');
  });

  it.each(AGENT_TARGETS)('names the handler whose timer threw after its call returned (%s agent, exit 3): not a bug of agentready, the agent\'s fault or an exit it called', async (_adapter, target) => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#late')}cases:
  - { id: late, input: "cancel 5678", expect: { outcome: completed } }
`, '{ timeout_ms: 10000 }', { 'evals/tools/orders.js': `${CANCEL_HANDLER}export function late() { setTimeout(() => { throw new Error('boom'); }, 1); return { status: 'cancelled' }; }\n` });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the tool handler ./tools/orders.js#late of cancel_order threw after its call had returned (from a timer or callback it left): boom');
    expect(run.stderr).not.toContain('a bug in agentready');
    expect(run.stderr).not.toContain('the agent module threw');
    expect(run.stderr).not.toContain('called process.exit');
  });

  it('names the handler whose timer threw a Proxy with throwing traps after its call returned (exit 3): no crash with the trap\'s stack and text', async () => {
    const [, target] = AGENT_TARGETS[0]!;
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#late')}cases:
  - { id: late, input: "cancel 5678", expect: { outcome: completed } }
`, '{ timeout_ms: 10000 }', { 'evals/tools/orders.js': `${CANCEL_HANDLER}const trap = () => { throw new Error('trap jane@example.com'); };
export function late() { setTimeout(() => { throw new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap }); }, 1); return { status: 'cancelled' }; }\n` });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toContain('agentready: the tool handler ./tools/orders.js#late of cancel_order threw after its call had returned (from a timer or callback it left): a value that cannot be shown');
    expect(run.stderr).not.toMatch(/jane|^\s+at /m);
  });

  it.each(AGENT_TARGETS)("files what a tool handler and a custom scorer print in the case's agent_log, redacted: never on stdout, where the reporters write, nor on stderr (%s agent)", async (_adapter, target) => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#chatty')}cases:
  - { id: chatty, input: "cancel 5678", expect: { outcome: completed, custom: [./score.js] } }
`, '{ timeout_ms: 10000 }', {
      'evals/tools/orders.js': `${CANCEL_HANDLER}export function chatty() {
  console.log('handler mail jane.doe@example.com \\u001b[2J');
  process.stdout.write('handler line\\n');
  console.error('handler on stderr');
  console.log('big card 4111 1111\\u202e 1111 1111 ' + 'x'.repeat(70000));
  setTimeout(() => console.log('handler timer'), 0);
  return { status: 'cancelled' };
}
`,
      'evals/score.js': "export default function () { console.log('scorer mail jane.doe@example.com \\u001b[31m'); return { pass: true }; }\n",
    });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate', '--reporter', 'github']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 passed');
    for (const printed of [run.stdout, run.stderr]) {
      expect(printed).not.toContain('handler');
      expect(printed).not.toContain('scorer mail');
      expect(printed).not.toContain('jane.doe');
      expect(printed).not.toContain('\u001b');
    }
    const [trace] = readJsonl<{ agent_log?: string[] }>(dir, 'traces.jsonl');
    const log = trace!.agent_log ?? [];
    expect(log).toEqual(expect.arrayContaining([
      '[handler ./tools/orders.js#chatty of cancel_order] handler mail [email] \u001b[2J',
      '[handler ./tools/orders.js#chatty of cancel_order] handler line',
      '[handler ./tools/orders.js#chatty of cancel_order] handler on stderr',
      '[scorer ./score.js] scorer mail [email] \u001b[31m',
    ]));
    // A line past 64 KiB is cut, and redacted as the whole line would be.
    expect(log).toEqual(expect.arrayContaining([expect.stringMatching(/^\[handler \.\/tools\/orders\.js#chatty of cancel_order\] big card \[card\] x+… \[line cut\]$/)]));
  });

  it.each(AGENT_TARGETS)("files what a handler prints after its case ended as a run warning naming the handler and the case, redacted: not dropped, not in another case's log (%s agent)", async (_adapter, target) => {
    // Case first's handler leaves a callback in its own context that case second's call lets run.
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#late')}cases:
  - { id: first, input: "cancel 5678", expect: { outcome: completed } }
  - { id: second, input: "cancel 5678", expect: { outcome: completed } }
`, '{ timeout_ms: 10000, concurrency: 1 }', {
      'evals/tools/orders.js': `${CANCEL_HANDLER}let release;
export function late() {
  if (release === undefined) new Promise((resolve) => { release = resolve; }).then(() => console.log('late mail jane.doe@example.com \\u001b[2J card 4111 1111\\u202e 1111 1111'));
  else release();
  return { status: 'cancelled' };
}
`,
    });
    retarget(dir, target);
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[] };
    expect(summary.warnings).toContain('the tool handler ./tools/orders.js#late of cancel_order printed after its case first ended, so in no agent log: "late mail [email] \\u001b[2J card [card]"');
    for (const trace of readJsonl<{ agent_log?: string[] }>(dir, 'traces.jsonl')) expect(trace.agent_log ?? []).not.toEqual(expect.arrayContaining([expect.stringContaining('late mail')]));
    for (const printed of [run.stdout, run.stderr]) {
      expect(printed).not.toContain('jane.doe');
      expect(printed).not.toContain('1111 1111');
      expect(printed).not.toContain('\u001b');
    }
  });

  it("waits for a handler still running when the agent answered (a call it did not await): its change is judged and its answer recorded; one that outlasts the case's time limit is an error of the world", async () => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#slow')}cases:
  - { id: unawaited, input: "cancel 5678", expect: { state: { orders: { "5678": { status: cancelled } } } } }
  - { id: unawaited-hang, input: "cancel 5678 hang", expect: { outcome: completed } }
`, '{ timeout_ms: 2000 }', {
      'agent.mjs': `export default async function agent(task, ctx) {
  // Fired, not awaited: the agent answers while the handler still runs.
  ctx.callTool('cancel_order', { order_id: '5678' }).catch(() => undefined);
  return { outcome: 'completed', output: 'on its way' };
}
`,
      'evals/tools/orders.js': `${CANCEL_HANDLER}export async function slow(args, world) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (world.case.id === 'unawaited-hang') await new Promise(() => {});
  return cancelOrder(args, world);
}
`,
    });
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(/^target: .*$/m, 'target: { adapter: module, module: agent.mjs }'));
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows.find((row) => row.case_id === 'unawaited')).toMatchObject({ status: 'passed' });
    expect(rows.find((row) => row.case_id === 'unawaited-hang')).toMatchObject({
      status: 'error',
      error: { code: 'HANDLER_ERROR', message: "the handler of cancel_order failed: ./tools/orders.js#slow had not returned when the case's time limit (2000 ms) ran out" },
    });
    const trace = readJsonl<TraceRow & { tool_calls: (Call & { answer: string; result?: unknown })[] }>(dir, 'traces.jsonl').find((row) => row.case_id === 'unawaited');
    expect(trace!.tool_calls).toMatchObject([{ name: 'cancel_order', answer: 'answer', result: { status: 'cancelled' }, state_change: [{ op: 'add', path: '/log/0' }, { op: 'replace', path: '/orders/5678/status', value: 'cancelled' }] }]);
  });

  it('makes a case whose handler never returns an error of the world, not the agent\'s timeout', async () => {
    const dir = worldProject(`suite: w
${TOOLS.replace('#cancelOrder', '#hang')}cases:
  - { id: hung, input: "cancel 5678", expect: { outcome: completed } }
`, '{ timeout_ms: 1000 }');
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode).toBe(3);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row).toMatchObject({ status: 'error', error: { code: 'HANDLER_ERROR', message: "the handler of cancel_order failed: ./tools/orders.js#hang had not returned when the case's time limit (1000 ms) ran out" } });
  });

  it('makes a case an error when the user simulator cannot start, naming the command', async () => {
    const dir = worldProject(`suite: w\n${TOOLS}cases:\n  - { id: simulated, input: "cancel my order", expect: { outcome: completed } }\n`);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'agentready.config.yaml'), 'user: { command: [no-such-user-simulator] }\n');
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode).toBe(3);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row).toMatchObject({ status: 'error', error: { code: 'USER_SIMULATOR' } });
    expect(row!.error!.message).toMatch(/^the user simulator \(no-such-user-simulator\) could not be started \(spawn no-such-user-simulator ENOENT\): no such program on the PATH, or file or folder from \//);
  });

  // What a run records is what `score` reads back: a value 100 levels deep (the most an argument may nest) sits a few levels inside its trace line.
  it('keeps a handler\'s result and state within 100 levels: those at the limit are scored again from traces.jsonl, deeper ones are errors of the world', async () => {
    const nest = 'const nest = (k) => { const r = {}; let o = r; for (let i = 1; i < k; i++) { o.a = {}; o = o.a; } return r; };\n';
    const handlers = `${nest}export const result = (args) => nest(${100});\nexport const state = (args, world) => { world.state.deep = nest(99); return args; };
export const resultPast = () => nest(101);\nexport const resultFar = () => nest(20000);\nexport const statePast = (args, world) => { world.state.deep = nest(100); return {}; };\nexport const stateFar = (args, world) => { world.state.deep = nest(20000); return {}; };\n`;
    const agent = `${nest}export default async function agent(task, ctx) {
  await ctx.callTool(task.case.context.tool, nest(100));
  return { outcome: 'completed', output: 'done' };
}\n`;
    // resultFar, stateFar: deep enough that JSON.stringify runs out of stack, which blamed the handler for a RangeError of agentready's.
    const tools = ['result', 'state', 'resultPast', 'resultFar', 'statePast', 'stateFar'];
    const dir = makeProject({
      'agent.mjs': agent,
      'h.mjs': handlers,
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [w.suite.yaml]\n',
      'w.suite.yaml': `suite: w\nstate: { n: 1 }\ntools:\n${tools.map((t) => `  - { name: ${t}, tier: autonomous, handler: ./h.mjs#${t} }\n`).join('')}cases:\n${tools.map((t) => `  - { id: ${t}, input: hi, context: { tool: ${t} }, expect: { outcome: completed } }\n`).join('')}`,
    });
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(rows.map((row) => [row.case_id, row.status, row.error?.message])).toEqual([
      ['result', 'passed', undefined],
      ['state', 'passed', undefined],
      ['resultPast', 'error', 'the handler of resultPast failed: ./h.mjs#resultPast returned a result nested more than 100 levels deep'],
      ['resultFar', 'error', 'the handler of resultFar failed: ./h.mjs#resultFar returned a result nested more than 100 levels deep'],
      ['statePast', 'error', 'the handler of statePast failed: ./h.mjs#statePast left world.state nested more than 100 levels deep; its change was not kept'],
      ['stateFar', 'error', 'the handler of stateFar failed: ./h.mjs#stateFar left world.state nested more than 100 levels deep; its change was not kept'],
    ]);
    const scored = await runCli(dir, ['score', join(latestRunDir(dir), 'traces.jsonl'), '--no-gate']);
    expect(scored.stderr).not.toContain('nested more than');
    expect(scored.stdout).toContain('2 passed');
  });

  it('answers a handler result past 10 MB as handler_error and records none of it: traces.jsonl stays small', async () => {
    const dir = makeProject({
      'agent.mjs': `export default async function agent(task, ctx) {
  try { await ctx.callTool('big', {}); return { outcome: 'completed', output: 'got it' }; } catch (error) { return { outcome: 'completed', output: String(error.message ?? error) }; }
}\n`,
      'h.mjs': "export const big = () => ({ blob: 'x'.repeat(12 * 1024 * 1024) });\n",
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [w.suite.yaml]\n',
      'w.suite.yaml': 'suite: w\nstate: { n: 1 }\ntools:\n  - { name: big, tier: autonomous, handler: ./h.mjs#big }\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const run = await runCli(dir, ['eval', '--no-gate']);
    expect(run.exitCode, run.stderr).toBe(3);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row!.error).toEqual({ code: 'HANDLER_ERROR', message: 'the handler of big failed: ./h.mjs#big returned a result of 12582923 bytes as JSON, longer than 10485760 bytes (the limit of one message): the agent was told the tool failed, and the trace does not keep it' });
    const traces = readFileSync(join(latestRunDir(dir), 'traces.jsonl'), 'utf8');
    expect(traces.length).toBeLessThan(64 * 1024);
    const [trace] = readJsonl<TraceRow>(dir, 'traces.jsonl');
    expect(trace!.tool_calls).toMatchObject([{ name: 'big', answer: 'error', error: { kind: 'handler_error' } }]);
  });

  it('names a state file nested too deep at the suite\'s `state`, without a stack overflow', async () => {
    const deep = `{"orders": {}, "log": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const dir = worldProject(`suite: w\n${TOOLS.replace(/^state: .*$/m, 'state: ./state.json')}cases:\n  - { id: a, input: "cancel 5678" }\n`, undefined, { 'evals/state.json': deep });
    const run = await runCli(dir, ['validate']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^evals\/w\.suite\.yaml:2:8 {2}state$/m);
    expect(run.stderr).toContain('nested more than 100 levels deep');
    expect(run.stderr).not.toContain('unexpected error');
  });
});
