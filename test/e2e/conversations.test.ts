// Conversations and tool worlds through the built CLI: a scripted conversation gives the same
// verdicts over stdio, http, module and exec; a user simulator (one that crashes included); a
// stateful world judged by its final state; the kill switch's state check; validate's positions.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENTS, REPO, agentCommand, makeProject, readJsonl, runCli, startHttpAgent } from './helpers/run-cli.js';

type Row = { case_id: string; status: string; outcome?: string; error?: { code: string; message: string }; checks: { check: string; name?: string; pass: boolean; reason?: string }[]; turns?: unknown[] };
type TraceRow = { case_id: string; turns?: { turn: number; user: string; outcome: string }[]; tool_calls: { name: string; turn?: number; state_change?: unknown[] }[] };

const CONVERSATION_SUITE = `suite: orders
tools:
  - name: cancel_order
    tier: autonomous
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    mock: { error: { kind: not_found, message: no such order } }
cases:
  - id: asks-for-order
    mocks: [{ tool: cancel_order, when: { order_id: { regex: "^5" } }, result: { status: cancelled } }]
    turns:
      - user: "I want to cancel my order"
        expect: { outcome: clarified, output: { contains: "(turn 1, 1 messages)" } }
      - user:
          - { when: { output: { regex: "order number" } }, say: "It is 5678" }
          - { say: "I don't know" }
    expect:
      outcome: completed
      tools: [{ name: cancel_order, args: { order_id: "5678" } }]
      output: { contains: "Order 5678 is cancelled (turn 2, 3 messages)" }
  - id: corrects-itself
    mocks: [{ tool: cancel_order, when: { order_id: { regex: "^5" } }, result: { status: cancelled } }]
    turns:
      - user: "Cancel order 4444"
      - user: [{ when: { outcome: clarified, output: { contains: "could not cancel order 4444" } }, say: "Sorry, it is 5555" }]
      - user: "Thanks"
    expect: { outcome: completed, tools: [{ name: cancel_order, args: { order_id: "4444" } }, { name: cancel_order, args: { order_id: "5555" } }], order: ordered }
  - id: falls-silent
    turns:
      - user: "Hello"
      - user: [{ when: { output: { contains: "never said" } }, say: "unreachable" }]
    expect: { outcome: clarified, output: { contains: "(turn 1, 1 messages)" } }
  - id: turn-expect-fails
    turns:
      - user: "I want a human"
        expect: { outcome: completed }
      - user: "and then?"
        expect: { outcome: completed }
    expect: { outcome: [completed, escalated] }
  - id: one-message
    mocks: [{ tool: cancel_order, result: { status: cancelled } }]
    input: "cancel 5001"
    expect: { outcome: completed, output: { contains: "(turn 1, 1 messages)" } }
`;

/** Per conversation: whether the agent was given the case's trace id in every turn (its answers end with the id's first 8 characters). */
function sameTraceEveryTurn(dir: string): Record<string, boolean> {
  type Turns = { case_id: string; trace_id: string; turns?: { output: unknown }[] };
  return Object.fromEntries(readJsonl<Turns>(dir, 'traces.jsonl').filter((t) => t.turns).map((t) => [t.case_id, t.turns!.every((turn) => String(turn.output).endsWith(`[trace ${t.trace_id.slice(0, 8)}]`))]));
}

/** Per case: status, outcome and each check's verdict. */
function verdicts(dir: string): Record<string, unknown> {
  return Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, { status: r.status, outcome: r.outcome, checks: r.checks.map((c) => `${c.name ?? c.check}:${c.pass}`) }]));
}

function project(target: string, suite = CONVERSATION_SUITE, extra: Record<string, string> = {}): string {
  return makeProject({ 'agentready.config.yaml': `target:\n${target.replace(/^/gm, '  ')}\nsuites: [evals/*.suite.yaml]\nrun: { timeout_ms: 10000 }\n`, 'evals/orders.suite.yaml': suite, ...extra });
}

describe('a scripted conversation over every transport', () => {
  let stdioDir: string;

  beforeAll(async () => {
    stdioDir = project(`adapter: stdio\ncommand: ${agentCommand('conversation-stdio.js')}`);
    const run = await runCli(stdioDir, ['eval', '--no-gate', '--reporter', `junit:${join(stdioDir, 'junit.xml')}`]);
    expect(run.exitCode, run.stderr).toBe(0);
  });

  it('runs each turn with the same trace, the turn and the messages so far, and judges the whole conversation', () => {
    expect(verdicts(stdioDir)).toEqual({
      'asks-for-order': { status: 'passed', outcome: 'completed', checks: ['outcome:true', 'tools:true', 'output:true', 'policy:true', 'budget:true', 'turn 1: outcome:true', 'turn 1: output:true'] },
      'corrects-itself': { status: 'passed', outcome: 'completed', checks: ['outcome:true', 'tools:true', 'policy:true', 'budget:true'] },
      'falls-silent': { status: 'passed', outcome: 'clarified', checks: ['outcome:true', 'output:true', 'policy:true', 'budget:true'] },
      'turn-expect-fails': { status: 'failed', outcome: 'escalated', checks: ['outcome:true', 'policy:true', 'budget:true', 'turn 1: outcome:false', 'turn 2: outcome:false'] },
      'one-message': { status: 'passed', outcome: 'completed', checks: ['outcome:true', 'output:true', 'policy:true', 'budget:true'] },
    });
    expect(sameTraceEveryTurn(stdioDir)).toEqual({ 'asks-for-order': true, 'corrects-itself': true, 'falls-silent': true, 'turn-expect-fails': true });
    const traces = Object.fromEntries(readJsonl<TraceRow>(stdioDir, 'traces.jsonl').map((t) => [t.case_id, t]));
    expect(traces['corrects-itself']!.turns!.map((t) => [t.turn, t.user, t.outcome])).toEqual([
      [1, 'Cancel order 4444', 'clarified'], [2, 'Sorry, it is 5555', 'completed'], [3, 'Thanks', 'completed'],
    ]);
    expect(traces['corrects-itself']!.tool_calls.map((c) => [c.name, c.turn])).toEqual([['cancel_order', 1], ['cancel_order', 2], ['cancel_order', 3]]);
    expect(traces['one-message']!.turns).toBeUndefined();
    const failing = readJsonl<Row>(stdioDir, 'results.jsonl').find((r) => r.case_id === 'turn-expect-fails')!;
    expect(failing.checks.filter((c) => !c.pass).map((c) => c.reason)).toEqual([
      'expected outcome completed, got escalated',
      'turn 2 never came: the conversation ended after turn 1, as the agent answered escalated',
    ]);
  });

  it('http, module and exec give the same verdicts as stdio', async () => {
    const targets = {
      http: `adapter: http\nurl: ${await startHttpAgent(join(AGENTS, 'conversation-http.js'))}`,
      module: `adapter: module\nmodule: ${JSON.stringify(join(AGENTS, 'conversation-module.js'))}`,
      exec: `adapter: exec\ncommand: ${agentCommand('conversation-exec.js')}`,
    };
    const expected = verdicts(stdioDir);
    for (const [name, target] of Object.entries(targets)) {
      const dir = project(target);
      const run = await runCli(dir, ['eval', '--no-gate']);
      expect(run.exitCode, `${name}: ${run.stderr}`).toBe(0);
      expect(verdicts(dir), name).toEqual(expected);
      expect(sameTraceEveryTurn(dir), name).toEqual({ 'asks-for-order': true, 'corrects-itself': true, 'falls-silent': true, 'turn-expect-fails': true });
    }
  }, 60_000);

  it('shows a failing conversation\'s turns in the terminal, JUnit, markdown and HTML', async () => {
    const reporters = ['terminal', 'junit:junit.xml', 'markdown:summary.md', 'html:report.html'].flatMap((r) => ['--reporter', r]);
    const run = await runCli(stdioDir, ['eval', '--no-gate', '--grep', '^turn-expect-fails$', ...reporters]);
    expect(run.stdout).toContain('✗ orders/turn-expect-fails  turn 1: outcome: expected outcome completed, got escalated');
    expect(run.stdout).toMatch(/turn 1 {2}user: "I want a human"\n\s+agent \(escalated\): "Passing you to a human \(turn 1, 1 messages\) \[trace [0-9a-f]{8}\]"/);
    const { readFileSync } = await import('node:fs');
    const read = (file: string) => readFileSync(join(stdioDir, file), 'utf8');
    expect(read('junit.xml')).toContain('turn 1  user: &quot;I want a human&quot;');
    expect(read('summary.md')).toContain('turn 1  user: "I want a human"<br>        agent (escalated): "Passing you to a human (turn 1, 1 messages) \\[trace');
    expect(read('report.html')).toContain('<h3>Conversation</h3><table class="turns">');
    expect(read('report.html')).toContain('<td class="num">1</td><td><pre>I want a human</pre></td><td>escalated</td>');
  });
});

describe('a user simulator', () => {
  it('continues every input case; one that crashes makes only its case an error, and the run goes on', async () => {
    const suite = `suite: orders
tools:
  - name: cancel_order
    tier: autonomous
    mock: { result: { status: cancelled } }
cases:
  - id: sim-ok
    input: "I want to cancel my order"
    expect: { outcome: completed, tools: [{ name: cancel_order, args: { order_id: "5678" } }] }
  - id: sim-crash-1
    input: "I want to cancel my order"
    expect: { outcome: completed }
  - id: sim-garble-1
    input: "I want to cancel my order"
    expect: { outcome: completed }
  - id: sim-chatter-1
    input: "I want to cancel my order"
    expect: { outcome: completed }
  - id: sim-ok-after
    input: "Please cancel something"
    expect: { outcome: completed }
`;
    const dir = project(`adapter: stdio\ncommand: ${agentCommand('conversation-stdio.js')}`, suite);
    const config = join(dir, 'agentready.config.yaml');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(config, `user: { command: [node, ${JSON.stringify(join(REPO, 'fixtures/users/user-sim.js'))}] }\n`);
    const run = await runCli(dir, ['eval', '--no-gate', '--concurrency', '1']);
    expect(run.exitCode, run.stderr).toBe(3);
    const rows = Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((r) => [r.case_id, r]));
    expect(rows['sim-ok']).toMatchObject({ status: 'passed', outcome: 'completed' });
    expect(rows['sim-ok']!.turns).toHaveLength(2);
    expect(rows['sim-crash-1']).toMatchObject({ status: 'error', error: { code: 'USER_SIMULATOR' } });
    expect(rows['sim-crash-1']!.error!.message).toMatch(/^the user simulator exited unexpectedly \(code=3, signal=null\)\nlast stderr lines:\n {2}user-sim: giving up on sim-crash-1/);
    // Its stderr as quoted is what it wrote there, not agentready's note of the line it wrote on stdout.
    expect(rows['sim-garble-1']).toMatchObject({ status: 'error', error: { code: 'USER_SIMULATOR' } });
    expect(rows['sim-garble-1']!.error!.message).toBe(
      'the user simulator wrote an invalid message on stdout (not a JSON line): "Sure! Tell the agent order 5678.", so it was stopped; the next case starts a new one\nlast stderr lines:\n  user-sim: answering sim-garble-1 in prose',
    );
    // A bad line costs the case it was serving, though the answer after it was valid, not the next case, which gets a new process.
    expect(rows['sim-chatter-1']).toMatchObject({ status: 'error', error: { code: 'USER_SIMULATOR' } });
    expect(rows['sim-chatter-1']!.error!.message).toMatch(/^the user simulator wrote an invalid message on stdout \(unknown notification "log"\): .*, so it was stopped; the next case starts a new one($|\n)/);
    expect(rows['sim-ok-after']).toMatchObject({ status: 'passed' });
    expect(run.stdout).toContain('error USER_SIMULATOR: the user simulator exited unexpectedly');
    expect(run.stdout).toContain('    last stderr lines:\n      user-sim: answering sim-garble-1 in prose\n    turn 1');
    expect(run.stdout).not.toContain('[agentready] protocol');

    // A replay says the recorded messages again: where the simulator failed, the recording ends in that failure, not in a user who fell silent.
    const [runId] = readdirSync(join(dir, '.agentready/runs'));
    const replayed = await runCli(dir, ['replay', `${runId}/sim-crash-1`]);
    expect(replayed.exitCode, replayed.stderr).toBe(3);
    expect(replayed.stdout).toContain('error USER_SIMULATOR: the recorded conversation ends where the user simulator failed (the user simulator exited unexpectedly (code=3, signal=null)');
    expect(replayed.stdout).toContain('`agentready replay --live` asks the simulator again');
    expect(replayed.stderr).not.toContain('the replayed case failed');
  });
});

const WORLD_SUITE = `suite: world
state: ./state.json
tools:
  - name: cancel_order
    tier: autonomous
    parameters: { type: object, required: [order_id], properties: { order_id: { type: string } } }
    handler: ./tools/orders.ts#cancelOrder
  - name: peek
    handler: ./tools/orders.ts#peek
cases:
  - id: cancelled
    input: "cancel 5678"
    expect: { outcome: completed, state: { orders: { "5678": { status: cancelled } } } }
  - id: wrong-expectation
    input: "cancel 5678"
    expect: { state: { orders: { "5678": { status: refunded } } } }
  - id: only-status-may-change
    input: "cancel 5678"
    expect: { state_unchanged: { except: [orders.*.status] } }
  - id: not-found
    input: "cancel 7777"
    expect: { outcome: clarified, state_unchanged: true }
  - id: broken-handler
    state: { orders: { "5001": null } }
    input: "cancel 5001"
    expect: { outcome: completed }
`;
const HANDLERS = `interface World { state: { orders: Record<string, { status: string } | null>; log: string[] }; call: number }
export function cancelOrder(args: { order_id: string }, world: World) {
  const order = world.state.orders[args.order_id];
  if (order === undefined) throw { kind: 'not_found', message: 'no order ' + args.order_id };
  world.state.log.push('cancel ' + args.order_id + ' #' + world.call);
  order!.status = 'cancelled';
  return { status: order!.status };
}
export function peek(_args: unknown, world: World) {
  world.state.log.push('peeked');
  return { orders: Object.keys(world.state.orders).length };
}
`;

describe('a tool world', () => {
  it('judges the final state: subset match, a failing path named, state_unchanged with except, a crashed handler an error', async () => {
    const dir = project(`adapter: stdio\ncommand: ${agentCommand('conversation-stdio.js')}`, WORLD_SUITE, {
      'evals/state.json': JSON.stringify({ orders: { '5678': { status: 'processing', total: 20 } }, log: [] }),
      'evals/tools/orders.ts': HANDLERS,
    });
    const run = await runCli(dir, ['eval', '--no-gate', '--repeat', '2']);
    expect(run.exitCode, run.stderr).toBe(3);
    const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    const status = Object.fromEntries(rows.map((r) => [`${r.case_id}#${String((r as { attempt?: number }).attempt)}`, r.status]));
    // Every attempt starts from a fresh copy: the second attempt passes like the first.
    expect(status).toMatchObject({ 'cancelled#1': 'passed', 'cancelled#2': 'passed', 'not-found#1': 'passed', 'not-found#2': 'passed' });
    const first = (id: string) => rows.find((r) => r.case_id === id)!;
    expect(first('wrong-expectation').checks.find((c) => c.check === 'state')).toMatchObject({ pass: false, reason: 'the final state does not match expect.state at orders.5678.status' });
    expect(first('only-status-may-change').checks.find((c) => c.check === 'state')).toMatchObject({ pass: false, reason: 'the state changed at log.0 (only orders.*.status may change)' });
    expect(first('broken-handler')).toMatchObject({ status: 'error', error: { code: 'HANDLER_ERROR' } });
    expect(first('broken-handler').error!.message).toMatch(/^the handler of cancel_order failed: \.\/tools\/orders\.ts#cancelOrder TypeError: Cannot set properties of null/);
    const trace = readJsonl<TraceRow>(dir, 'traces.jsonl').find((t) => t.case_id === 'cancelled')!;
    expect(trace.tool_calls[0]!.state_change).toEqual([
      { op: 'add', path: '/log/0', value: 'cancel 5678 #1' },
      { op: 'replace', path: '/orders/5678/status', value: 'cancelled' },
    ]);
  });

  it('under the kill switch, fails a case whose read tool\'s handler changed the state', async () => {
    const suite = `${WORLD_SUITE.split('cases:')[0]}cases:\n  - id: peeks\n    input: "peek please"\n    expect: { outcome: clarified }\n`;
    const agent = makeProject({
      'agent.mjs': "export default async (task, ctx) => { await ctx.callTool('peek', {}); return { outcome: 'clarified', output: 'Which order?' }; }\n",
    });
    const dir = project(`adapter: module\nmodule: ${JSON.stringify(join(agent, 'agent.mjs'))}`, suite, {
      'evals/state.json': JSON.stringify({ orders: {}, log: [] }),
      'evals/tools/orders.ts': HANDLERS,
    });
    const run = await runCli(dir, ['eval', '--kill-switch', '--no-gate']);
    const [row] = readJsonl<Row>(dir, 'results.jsonl').slice(1);
    expect(row!.checks.find((c) => c.name === 'kill switch: state unchanged')).toMatchObject({ pass: false, reason: 'the state changed at log.0' });
    expect(run.stdout).toContain('NOT ready.');
  });
});

describe('validate', () => {
  it('names missing handlers, missing exports, impossible state paths and reply lists that never match, with positions', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n',
      'evals/tools/orders.js': 'export function cancelOrder() { return {}; }\n',
      'evals/s.suite.yaml': `suite: s
state: { orders: { "1": { status: open } } }
tools:
  - name: cancel_order
    handler: ./tools/orders.js#cancel
  - name: lookup
    handler: ./tools/missing.js#lookup
    mock: { error: { kind: policy_denied } }
cases:
  - id: a
    turns:
      - user: [{ say: hi }]
      - user:
          - { say: default }
          - { when: { output: { contains: x } }, say: never }
    expect: { state: { orders: { "1": { status: { code: 1 } } } } }
`,
    });
    const run = await runCli(dir, ['validate']);
    expect(run.exitCode).toBe(2);
    const located = [...run.stderr.matchAll(/^(evals\/s\.suite\.yaml:\d+:\d+) {2}(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(located).toEqual([
      'evals/s.suite.yaml:5:14 tools[0].handler',
      'evals/s.suite.yaml:7:14 tools[1].handler',
      'evals/s.suite.yaml:8:28 tools[1].mock.error.kind',
      'evals/s.suite.yaml:12:15 cases[0].turns[0].user',
      'evals/s.suite.yaml:15:13 cases[0].turns[1].user[1]',
      'evals/s.suite.yaml:16:57 cases[0].expect.state.orders.1.status.code',
    ]);
    expect(run.stderr).toContain('evals/tools/orders.js exports no function named cancel');
    expect(run.stderr).toContain('no handler module evals/tools/missing.js');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
