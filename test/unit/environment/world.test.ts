// The tool world: fresh copies, handlers as `(args, world)`, domain errors, crashes, diffs, and
// the decision order that keeps refused calls away from handlers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactDeep } from '../../../src/common/redact-deep.js';
import type { Tool } from '../../../src/config/schema/index.js';
import { decideToolCall } from '../../../src/environment/decide.js';
import { CaseEnvironment, type CaseEnvironmentOptions } from '../../../src/environment/host.js';
import { handlerKey, loadHandlers, World, type HandlerFn } from '../../../src/environment/world.js';
import { MAX_LINE_BYTES } from '../../../src/adapters/line-splitter.js';
import { kase, state, tool } from './fixtures.js';

const INITIAL = { orders: { '1': { status: 'pending', total: 20 }, '2': { status: 'shipped', total: 5 } }, refunds: [] as unknown[] };

/** cancel_order's handler, as a user writes it. */
const cancelOrder: HandlerFn = (args, world) => {
  const orders = world.state.orders as Record<string, { status: string }>;
  const order = orders[args.order_id as string];
  if (!order) throw { kind: 'not_found', message: `no order ${String(args.order_id)}` };
  if (order.status !== 'pending') {
    order.status = 'cancel_requested';
    throw Object.assign(new Error('order already shipped'), { kind: 'not_cancellable' });
  }
  order.status = 'cancelled';
  return { order_id: args.order_id, status: order.status, call: world.call, customer: world.case.context.customer_id };
};

const ref = (name: string) => ({ spec: `./retail.js#${name}`, file: '/virtual/retail.js', exportName: name });
const cancel = tool('cancel_order', { tier: 'autonomous', handler: ref('cancelOrder') });
const refund = tool('issue_refund', { tier: 'approve', effects: ['money'], handler: ref('refund'), parameters: { type: 'object', required: ['order_id'] } });

describe('World', () => {
  it('records no change for a call that leaves the state as it was (keys reordered, a change undone), and gives the next call a fresh state a late write cannot reach', async () => {
    const world = new World({ a: 1, b: { c: 2 } });
    const k = { id: 'k', context: {} };
    let kept: Record<string, unknown> | undefined;
    const reorder: HandlerFn = (_args, w) => { kept = w.state; w.state = { b: { c: 2 }, a: 1 }; return 1; };
    expect((await world.call({ fn: reorder, args: {}, kase: k, call: 1 })).change).toEqual([]);
    const undo: HandlerFn = (_args, w) => { w.state.a = 5; w.state.a = 1; return 1; };
    expect((await world.call({ fn: undo, args: {}, kase: k, call: 2 })).change).toEqual([]);
    kept!.a = 99;
    const bump: HandlerFn = (_args, w) => { (w.state.b as { c: number }).c += 1; return 1; };
    expect((await world.call({ fn: bump, args: {}, kase: k, call: 3 })).change).toEqual([{ op: 'replace', path: '/b/c', value: 3 }]);
    expect(world.state).toEqual({ b: { c: 3 }, a: 1 });
  });

  it("files what a handler prints, a line each tagged with it, in its printed lines: nothing reaches process.stdout or stderr", async () => {
    const world = new World({});
    const written: string[] = [];
    const own = { stdout: process.stdout.write, stderr: process.stderr.write };
    const chatty: HandlerFn = () => {
      // (console.log is vitest's own here; the e2e tests cover it.)
      process.stdout.write(Buffer.from('one\n'));
      process.stdout.write('two\nthr');
      process.stderr.write('ee\n');
      process.stdout.write('four');
      return null;
    };
    // The routed writes call the stream's write as it was when routing was installed; record what gets through.
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await world.call({ fn: chatty, args: {}, kase: { id: 'c', context: {} }, call: 1, handler: './h.js#chatty of chat' });
    } finally {
      process.stdout.write = own.stdout;
      process.stderr.write = own.stderr;
    }
    expect(written).toEqual([]);
    expect(world.printed).toEqual(['[handler ./h.js#chatty of chat] one', '[handler ./h.js#chatty of chat] two', '[handler ./h.js#chatty of chat] ee', '[handler ./h.js#chatty of chat] thrfour']);
  });

  it('starts from its own deep copy: nothing it changes reaches the initial state or another world', async () => {
    const initial = structuredClone(INITIAL);
    const a = new World(initial);
    const b = new World(initial);
    const outcome = await a.call({ fn: cancelOrder, args: { order_id: '1' }, kase: { id: 'c', context: { customer_id: 'c-9' } }, call: 1 });
    expect(outcome).toEqual({
      kind: 'result',
      result: { order_id: '1', status: 'cancelled', call: 1, customer: 'c-9' },
      change: [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }],
    });
    expect(initial).toEqual(INITIAL);
    expect(b.state).toEqual(INITIAL);
    expect((a.state.orders as Record<string, { status: string }>)['1']!.status).toBe('cancelled');
  });

  it('answers a thrown {kind, message} as a domain error and keeps what the handler changed before it threw', async () => {
    const world = new World(INITIAL);
    const kase = { id: 'c', context: {} };
    expect(await world.call({ fn: cancelOrder, args: { order_id: '9' }, kase, call: 1 })).toEqual({
      kind: 'domain_error', error: { kind: 'not_found', message: 'no order 9' }, change: [],
    });
    expect(await world.call({ fn: cancelOrder, args: { order_id: '2' }, kase, call: 2 })).toEqual({
      kind: 'domain_error',
      error: { kind: 'not_cancellable', message: 'order already shipped' },
      change: [{ op: 'replace', path: '/orders/2/status', value: 'cancel_requested' }],
    });
  });

  // The agent would be told of a policy denial no rule made, and `score` of the run's traces would count it as a violation that eval did not.
  it("reports a handler that throws one of agentready's own kinds (policy_denied, budget_exhausted, …) as crashed, its change kept", async () => {
    const world = new World(INITIAL);
    for (const kind of ['policy_denied', 'budget_exhausted', 'not_mocked']) {
      const faking: HandlerFn = (_args, w) => {
        (w.state.refunds as unknown[]).push(kind);
        throw Object.assign(new Error('denied'), { kind });
      };
      const outcome = await world.call({ fn: faking, args: {}, kase: { id: 'c', context: {} }, call: 1 });
      expect(outcome).toMatchObject({ kind: 'crashed', message: `threw kind "${kind}", which only agentready answers with: a handler's domain error takes a kind of its own` });
      expect(outcome.change).toHaveLength(1);
    }
  });

  it('reports a handler that throws anything else as crashed, naming the error', async () => {
    const world = new World(INITIAL);
    const broken: HandlerFn = (_args, w) => (w.state.missing as { x: number }).x;
    const outcome = await world.call({ fn: broken, args: {}, kase: { id: 'c', context: {} }, call: 1 });
    expect(outcome).toMatchObject({ kind: 'crashed', change: [] });
    expect(outcome.kind === 'crashed' && outcome.message).toMatch(/^TypeError: Cannot read properties of undefined/);
  });

  it('ends the call, not the process, when a handler calls process.exit, abort or kill of agentready: a crash naming the call, its change kept', async () => {
    const own = [process.exit, process.abort, process.kill];
    const world = new World(INITIAL);
    const exits: HandlerFn[] = [
      (_args, w) => {
        (w.state.refunds as unknown[]).push('half');
        process.exit(7);
      },
      async () => {
        await Promise.resolve();
        process.abort();
      },
      () => process.kill(process.pid, 'SIGKILL'),
      // It caught the throw that stopped it, and answered: still the handler that tried to end the run.
      () => {
        try {
          process.exit();
        } catch {
          return 'carried on';
        }
      },
    ];
    const outcomes = [];
    for (const fn of exits) outcomes.push(await world.call({ fn, args: {}, kase: { id: 'c', context: {} }, call: 1 }));
    expect(outcomes.map((outcome) => outcome.kind === 'crashed' && outcome.message)).toEqual([
      'called process.exit(7): a handler ends its call by returning or throwing, not the run',
      'called process.abort(): a handler ends its call by returning or throwing, not the run',
      'called process.kill(process.pid, "SIGKILL"): a handler ends its call by returning or throwing, not the run',
      'called process.exit(): a handler ends its call by returning or throwing, not the run',
    ]);
    expect(outcomes[0]!.change).toEqual([{ op: 'add', path: '/refunds/0', value: 'half' }]);
    // A signal that ends nothing goes through; and the exits are agentready's own again once no handler runs.
    expect(await world.call({ fn: () => process.kill(process.pid, 0), args: {}, kase: { id: 'c', context: {} }, call: 1 })).toMatchObject({ kind: 'result', result: true });
    expect([process.exit, process.abort, process.kill]).toEqual(own);
  });

  it('reports a handler that puts in world.state what JSON would lose (a Map, a Set, a function) as crashed, naming where: its change is not kept, not silently dropped', async () => {
    const k = { id: 'c', context: {} };
    const cases: Array<[unknown, string]> = [
      [new Map([['a', 1]]), 'a Map at world.state.orders.x'],
      [new Set([1]), 'a Set at world.state.orders.x'],
      [() => 1, 'a function at world.state.orders.x'],
    ];
    for (const [value, named] of cases) {
      const world = new World({ orders: {}, n: 0 });
      const put: HandlerFn = (_args, w) => { (w.state.orders as Record<string, unknown>).x = value; w.state.n = 1; return 'ok'; };
      const outcome = await world.call({ fn: put, args: {}, kase: k, call: 1 });
      expect(outcome).toMatchObject({ kind: 'crashed', change: [] });
      expect(outcome.kind === 'crashed' && outcome.message).toBe(`left ${named}: the state holds JSON only (objects, arrays, strings, numbers, booleans, null), so its change was not kept`);
      expect(world.state).toEqual({ orders: {}, n: 0 });
    }
    const deep = new World({});
    const inList: HandlerFn = (_args, w) => { w.state['a b'] = { list: [1, new WeakMap()] }; return 'ok'; };
    const listed = await deep.call({ fn: inList, args: {}, kase: k, call: 1 });
    expect(listed.kind === 'crashed' && listed.message).toMatch(/^left a WeakMap at world\.state\["a b"\]\.list\[1\]: /);
    // Plain data, and a key set to undefined (JSON leaves it out, as deleting it would), are kept.
    const world = new World({ a: 1 });
    const plain: HandlerFn = (_args, w) => { w.state.b = [{ c: null, d: 'x' }]; w.state.a = undefined; return 'ok'; };
    expect(await world.call({ fn: plain, args: {}, kase: k, call: 1 })).toMatchObject({ kind: 'result' });
    expect(world.state).toEqual({ b: [{ c: null, d: 'x' }] });
  });

  it('keeps a state whose values JSON writes by their toJSON (a plain object\'s own, a date library\'s with class fields) or as a boxed primitive; walks what toJSON returns', async () => {
    const k = { id: 'c', context: {} };
    class Zone {}
    class DateTime { ts = 0; zone = new Zone(); format = (): string => 'x'; toJSON(key: string): string { return `${key}:${new Date(this.ts).toISOString()}`; } }
    const kept: Array<[unknown, unknown]> = [
      [{ toJSON: () => 'paid' }, 'paid'],
      [new DateTime(), 'at:1970-01-01T00:00:00.000Z'],
      [[new DateTime()], ['0:1970-01-01T00:00:00.000Z']],
      [new Number(5), 5],
      [new String(''), ''],
      [new Boolean(false), false],
    ];
    for (const [value, written] of kept) {
      const world = new World({});
      const outcome = await world.call({ fn: (_args, w) => { w.state.at = value; return 'ok'; }, args: {}, kase: k, call: 1 });
      expect(outcome).toMatchObject({ kind: 'result' });
      expect(world.state).toEqual({ at: written });
    }
    const world = new World({});
    const outcome = await world.call({ fn: (_args, w) => { w.state.at = { toJSON: () => ({ lines: new Set([1]) }) }; return 'ok'; }, args: {}, kase: k, call: 1 });
    expect(outcome.kind === 'crashed' && outcome.message).toMatch(/^left a Set at world\.state\.at\.lines: /);
    // The state itself is held as its keys: a toJSON of its own would write it as a string or a list.
    const own = new World({ n: 1 });
    const rooted = await own.call({ fn: (_args, w) => { w.state.toJSON = () => 'x'; return 'ok'; }, args: {}, kase: k, call: 1 });
    expect(rooted.kind === 'crashed' && rooted.message).toMatch(/^left a function at world\.state\.toJSON: /);
    expect(own.state).toEqual({ n: 1 });
  });

  it('reports what JSON would lose as crashed when it is all the handler changed: a function or a symbol JSON leaves out, a Map over an empty object', async () => {
    const k = { id: 'c', context: {} };
    const cases: Array<[(state: Record<string, unknown>) => void, string]> = [
      [(state) => (state.onRefund = () => 1), 'a function at world.state.onRefund'],
      [(state) => ((state.orders as Record<string, unknown>).tag = Symbol('x')), 'a symbol at world.state.orders.tag'],
      [(state) => (state.orders = new Map()), 'a Map at world.state.orders'],
    ];
    for (const [change, named] of cases) {
      const world = new World({ orders: {} });
      const outcome = await world.call({ fn: (_args, w) => { change(w.state); return 'ok'; }, args: {}, kase: k, call: 1 });
      expect(outcome.kind === 'crashed' && outcome.message).toBe(`left ${named}: the state holds JSON only (objects, arrays, strings, numbers, booleans, null), so its change was not kept`);
      expect(world.state).toEqual({ orders: {} });
    }
  });

  it('reports a handler that throws a value JSON cannot show (a BigInt, a circle, a throwing getter) as crashed, never rejecting', async () => {
    const circle: Record<string, unknown> = { a: 1 };
    circle.self = circle;
    const getter = { get kind(): string { throw new Error('getter'); } };
    for (const [thrown, message] of [[10n, 'threw 10'], [circle, 'threw [object Object]'], [getter, 'threw [object Object]']] as const) {
      const world = new World(INITIAL);
      const outcome = await world.call({ fn: () => { throw thrown; }, args: {}, kase: { id: 'c', context: {} }, call: 1 });
      expect(outcome).toEqual({ kind: 'crashed', message, stack: [], change: [] });
    }
  });

  it('reports a result longer than one message (MAX_LINE_BYTES as JSON, in UTF-8 bytes) as crashed, keeping none of it; one at the limit is the result', async () => {
    const world = new World({ n: 1 });
    const kase = { id: 'c', context: {} };
    // {"b":"…"} is 8 bytes around the text; é is 2 bytes in UTF-8, 1 unit in JS.
    const atLimit = await world.call({ fn: () => ({ b: 'x'.repeat(MAX_LINE_BYTES - 8) }), args: {}, kase, call: 1 });
    expect(atLimit.kind === 'result' && (atLimit.result as { b: string }).b.length).toBe(MAX_LINE_BYTES - 8);
    const past = await world.call({ fn: (_args, w) => { w.state.n = 2; return { b: 'é'.repeat(MAX_LINE_BYTES / 2) }; }, args: {}, kase, call: 2 });
    expect(past).toEqual({
      kind: 'crashed',
      message: `returned a result of ${MAX_LINE_BYTES + 8} bytes as JSON, longer than ${MAX_LINE_BYTES} bytes (the limit of one message): the agent was told the tool failed, and the trace does not keep it`,
      stack: [],
      change: [{ op: 'replace', path: '/n', value: 2 }],
    });
  });

  it('copies the result, adopts a replaced state, and keeps the state JSON', async () => {
    const world = new World({ n: 1 });
    const kase = { id: 'c', context: {} };
    const leaky: HandlerFn = (_args, w) => w.state;
    const first = await world.call({ fn: leaky, args: {}, kase, call: 1 });
    const replace: HandlerFn = (_args, w) => {
      w.state = { n: 2, at: new Date(0), gone: undefined };
    };
    const second = await world.call({ fn: replace, args: {}, kase, call: 1 });
    expect(first).toMatchObject({ kind: 'result', result: { n: 1 } });
    expect(second).toEqual({
      kind: 'result',
      result: null,
      change: [{ op: 'replace', path: '/n', value: 2 }, { op: 'add', path: '/at', value: '1970-01-01T00:00:00.000Z' }],
    });
    expect(world.state).toEqual({ n: 2, at: '1970-01-01T00:00:00.000Z' });
  });

  it('runs handlers one at a time, so each recorded change is that call\'s own', async () => {
    const world = new World({ log: [] });
    const kase = { id: 'c', context: {} };
    const slow: HandlerFn = async (args, w) => {
      (w.state.log as unknown[]).push(`${String(args.n)}-start`);
      await new Promise((resolve) => setImmediate(resolve));
      (w.state.log as unknown[]).push(`${String(args.n)}-end`);
    };
    const [a, b] = await Promise.all([
      world.call({ fn: slow, args: { n: 1 }, kase, call: 1 }),
      world.call({ fn: slow, args: { n: 2 }, kase, call: 2 }),
    ]);
    expect(world.state.log).toEqual(['1-start', '1-end', '2-start', '2-end']);
    expect(a!.change.map((op) => op.path)).toEqual(['/log/0', '/log/1']);
    expect(b!.change.map((op) => op.path)).toEqual(['/log/2', '/log/3']);
  });
});

describe('loadHandlers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-handlers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports JS and TS handler modules once per function', async () => {
    writeFileSync(path.join(dir, 'a.js'), 'export function ping(args) { return { pong: args.n }; }\nexport default function () { return "d"; }\n');
    writeFileSync(path.join(dir, 'b.ts'), 'export function typed(args: { n: number }): { doubled: number } { return { doubled: args.n * 2 }; }\n');
    const tools: Tool[] = [
      tool('ping', { handler: { spec: './a.js#ping', file: path.join(dir, 'a.js'), exportName: 'ping' } }),
      tool('ping2', { handler: { spec: './a.js#ping', file: path.join(dir, 'a.js'), exportName: 'ping' } }),
      tool('dflt', { handler: { spec: './a.js', file: path.join(dir, 'a.js'), exportName: 'default' } }),
      tool('typed', { handler: { spec: './b.ts#typed', file: path.join(dir, 'b.ts'), exportName: 'typed' } }),
    ];
    const handlers = await loadHandlers(tools);
    expect(handlers.size).toBe(3);
    const world = { state: {}, case: { id: 'c', context: {} }, call: 1 };
    expect(handlers.get(handlerKey(tools[0]!.handler!))!({ n: 3 }, world)).toEqual({ pong: 3 });
    expect(handlers.get(handlerKey(tools[2]!.handler!))!({}, world)).toBe('d');
    expect(handlers.get(handlerKey(tools[3]!.handler!))!({ n: 4 }, world)).toEqual({ doubled: 8 });
  });
});

describe('decideToolCall with a handler', () => {
  it('gives the call to the handler only after every check passed and no fault or case mock answered', () => {
    const tools = [cancel, refund];
    expect(decideToolCall(state(tools), { name: 'cancel_order', args: { order_id: '1' } })).toMatchObject({ answer: 'handler' });
    const mocked = state(tools, { kase: kase({ mocks: [{ tool: 'cancel_order', when: { order_id: '1' }, result: { mocked: true } }] }) });
    expect(decideToolCall(mocked, { name: 'cancel_order', args: { order_id: '1' } })).toMatchObject({ answer: 'answer', result: { mocked: true } });
    expect(decideToolCall(mocked, { name: 'cancel_order', args: { order_id: '2' } })).toMatchObject({ answer: 'handler' });
    const faulted = state(tools, { kase: kase({ faults: [{ tool: 'cancel_order', call: 1, error: 'timeout' }] }) });
    expect(decideToolCall(faulted, { name: 'cancel_order', args: { order_id: '1' } })).toMatchObject({ answer: 'fault' });
    expect(decideToolCall(state(tools, { mode: 'read_only' }), { name: 'cancel_order', args: {} })).toMatchObject({ answer: 'execution_disabled' });
    expect(decideToolCall(state(tools, { caps: { max_tool_calls: 0 } }), { name: 'cancel_order', args: {} })).toMatchObject({ answer: 'budget_exhausted' });
    expect(decideToolCall(state(tools), { name: 'issue_refund', args: {} })).toMatchObject({ answer: 'invalid_arguments' });
    expect(decideToolCall(state(tools), { name: 'issue_refund', args: { order_id: '1' } })).toMatchObject({ answer: 'approval_missing' });
    const denied = state(tools, { rules: [{ id: 'no-cancel', tool: 'cancel_order', deny_if: { 'arguments.order_id': '1' } }] });
    expect(decideToolCall(denied, { name: 'cancel_order', args: { order_id: '1' } })).toMatchObject({ answer: 'policy_denied' });
  });

  it('prefers the handler to the tool\'s default mock', () => {
    const withDefault = tool('cancel_order', { handler: ref('cancelOrder'), mock: { result: { default: true } } });
    expect(decideToolCall(state([withDefault]), { name: 'cancel_order', args: {} })).toMatchObject({ answer: 'handler' });
  });
});

describe('CaseEnvironment with a world', () => {
  const refundFn: HandlerFn = (args, world) => {
    (world.state.refunds as unknown[]).push({ order_id: args.order_id, email: 'jane@example.com' });
    return { refunded: true };
  };
  function environment(over: Partial<CaseEnvironmentOptions> = {}) {
    let clock = 0;
    const world = new World(INITIAL);
    const env = new CaseEnvironment({
      traceId: 't',
      kase: kase({ context: { customer_id: 'c-1' } }),
      tools: [cancel, refund],
      rules: [],
      mode: 'normal',
      caps: {},
      pricing: {},
      now: () => clock++,
      timestamp: () => 'now',
      redactText: (text) => text,
      world,
      handlers: new Map([[handlerKey(cancel.handler!), cancelOrder], [handlerKey(refund.handler!), refundFn]]),
      ...over,
    });
    return { env, world };
  }

  it('records each call\'s state change and turn, counts calls per tool, and leaves refused calls\' world untouched', async () => {
    const { env, world } = environment();
    env.beginTurn(1);
    expect(await env.callTool('issue_refund', { order_id: '1' })).toMatchObject({ ok: false, error: { kind: 'approval_missing' } });
    expect(await env.callTool('cancel_order', { order_id: '9' })).toEqual({ ok: false, error: { kind: 'not_found', message: 'not_found: no order 9' } });
    env.beginTurn(2);
    expect(await env.callTool('cancel_order', { order_id: '1' })).toEqual({ ok: true, result: { order_id: '1', status: 'cancelled', call: 2, customer: 'c-1' } });
    await env.requestApproval({ name: 'issue_refund', args: { order_id: '1' }, reason: 'refund' });
    expect(await env.callTool('issue_refund', { order_id: '1' })).toEqual({ ok: true, result: { refunded: true } });
    expect(env.toolCalls.map((call) => [call.seq, call.name, call.answer, call.turn, call.state_change])).toEqual([
      [0, 'issue_refund', 'approval_missing', 1, undefined],
      [1, 'cancel_order', 'error', 1, undefined],
      [2, 'cancel_order', 'answer', 2, [{ op: 'replace', path: '/orders/1/status', value: 'cancelled' }]],
      [3, 'issue_refund', 'answer', 2, [{ op: 'add', path: '/refunds/0', value: { order_id: '1', email: 'jane@example.com' } }]],
    ]);
    // The approval request records its turn too (replay compares it after what was said before it).
    expect(env.approvals.map((approval) => [approval.name, approval.turn])).toEqual([['issue_refund', 2]]);
    expect(world.state.refunds).toHaveLength(1);
    expect(env.worldErrors).toEqual([]);
    // Trace content is redacted as a whole, the recorded changes included.
    expect(JSON.stringify(redactDeep(env.toolCalls))).not.toContain('jane@example.com');
  });

  it('counts a handler call for require_prior once it answered a result: not its domain error, not its crash', async () => {
    const rules = [{ id: 'cancel-first', tool: 'issue_refund', require_prior: ['cancel_order'] }];
    const { env } = environment({ rules });
    await env.requestApproval({ name: 'issue_refund', args: { order_id: '1' }, reason: 'refund' });
    expect(await env.callTool('cancel_order', { order_id: '9' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await env.callTool('issue_refund', { order_id: '1' })).toMatchObject({ ok: false, error: { kind: 'policy_denied', rule_id: 'cancel-first' } });
    // A refund made while the cancel still runs does not come after an answer.
    const cancelling = env.callTool('cancel_order', { order_id: '1' });
    expect(await env.callTool('issue_refund', { order_id: '1' })).toMatchObject({ ok: false, error: { kind: 'policy_denied' } });
    expect(await cancelling).toMatchObject({ ok: true });
    expect(await env.callTool('issue_refund', { order_id: '1' })).toEqual({ ok: true, result: { refunded: true } });

    const crashed = environment({ rules, handlers: new Map([[handlerKey(cancel.handler!), () => { throw new RangeError('bad index'); }], [handlerKey(refund.handler!), refundFn]]) }).env;
    await crashed.requestApproval({ name: 'issue_refund', args: { order_id: '1' }, reason: 'refund' });
    expect(await crashed.callTool('cancel_order', { order_id: '1' })).toMatchObject({ ok: false, error: { kind: 'handler_error' } });
    expect(await crashed.callTool('issue_refund', { order_id: '1' })).toMatchObject({ ok: false, error: { kind: 'policy_denied' } });
  });

  it('answers handler_error for a crashed handler and keeps the crash for the case', async () => {
    const { env } = environment({ handlers: new Map([[handlerKey(cancel.handler!), () => { throw new RangeError('bad index'); }]]) });
    expect(await env.callTool('cancel_order', {})).toMatchObject({ ok: false, error: { kind: 'handler_error', message: 'handler_error: the tool failed: ./retail.js#cancelOrder RangeError: bad index' } });
    expect(env.worldErrors).toMatchObject([{ tool: 'cancel_order', message: './retail.js#cancelOrder RangeError: bad index' }]);
  });
});
