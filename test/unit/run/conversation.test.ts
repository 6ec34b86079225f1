// The conversation loop: turns, messages, reply choice, endings and the whole-case time limit.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RunTimeoutError, type Adapter, type RunReply } from '../../../src/adapters/adapter.js';
import type { RunParams } from '../../../src/adapters/protocol.js';
import type { SimulatedReply, UserSimulator } from '../../../src/adapters/user-simulator.js';
import type { Case } from '../../../src/config/schema/index.js';
import { CaseEnvironment } from '../../../src/environment/index.js';
import { HarnessError } from '../../../src/errors.js';
import { recordedConversation, runConversation, type ConversationOptions } from '../../../src/run/conversation.js';
import { kase, tool } from '../environment/fixtures.js';

/** An adapter whose agent answers each run with `answer(params)`, calling `lookup` once per turn. */
function fakeAdapter(answer: (params: RunParams) => RunReply | Promise<RunReply>): Adapter & { seen: RunParams[] } {
  const seen: RunParams[] = [];
  return {
    seen,
    start: async () => ({ name: 'fake', version: '1', concurrency: 1 }),
    async run(params, { host }) {
      seen.push(structuredClone(params));
      await host.callTool('lookup', {});
      return answer(params);
    },
    stop: async () => {},
  };
}

/** `now`: the case's clock (the environment's), 0 throughout unless given. */
function options(over: Partial<ConversationOptions> & Pick<ConversationOptions, 'adapter' | 'kase'> & { now?: () => number }): ConversationOptions {
  const environment = new CaseEnvironment({
    traceId: 'tr-1', kase: over.kase, tools: [tool('lookup', { mock: { result: {} } })], rules: [], mode: 'normal', caps: {}, pricing: {},
    now: over.now ?? (() => 0), timestamp: () => 'now', redactText: (t) => t,
  });
  return {
    environment,
    params: { trace_id: 'tr-1', tools: [], mode: 'normal', budgets: {}, token: 't', models: { openai_base_url: 'http://127.0.0.1:9/openai', anthropic_base_url: 'http://127.0.0.1:9/anthropic' } },
    timeoutMs: 10_000,
    maxTurns: 10,
    recordTurns: true,
    runSignal: new AbortController().signal,
    recordReported: () => {},
    ...over,
  };
}

const asksForOrder: Case = kase({
  id: 'refund-asks-for-order',
  input: 'I want my money back',
  context: { customer_id: 'c-9' },
  turns: [
    { user: 'I want my money back', expect: { outcome: 'clarified' } },
    { user: [{ when: { output: { regex: 'order (number|id)' } }, say: 'It is order 1234' }, { say: 'I don\'t know what you mean' }] },
  ],
});

describe('runConversation', () => {
  it('runs each scripted turn with the same trace, turn, the messages so far and the new message as case.input', async () => {
    const adapter = fakeAdapter((p) => (p.turn === 1 ? { outcome: 'clarified', output: 'What is your order number?' } : { outcome: 'completed', output: { refunded: '1234' } }));
    const opts = options({ adapter, kase: asksForOrder });
    const end = await runConversation(opts);
    expect(adapter.seen.map((p) => [p.trace_id, p.turn, p.case.input])).toEqual([['tr-1', 1, 'I want my money back'], ['tr-1', 2, 'It is order 1234']]);
    expect(adapter.seen[1]!.messages).toEqual([
      { role: 'user', content: 'I want my money back' },
      { role: 'agent', content: 'What is your order number?' },
      { role: 'user', content: 'It is order 1234' },
    ]);
    expect(end).toMatchObject({ outcome: 'completed', output: { refunded: '1234' }, turns: [{ turn: 1, outcome: 'clarified' }, { turn: 2, user: 'It is order 1234', outcome: 'completed' }] });
    // One environment across turns: each turn's call is recorded with its turn.
    expect(opts.environment.toolCalls.map((c) => [c.seq, c.turn])).toEqual([[0, 1], [1, 2]]);
  });

  it('gives a plain input case one turn with one user message, its calls without a turn', async () => {
    const adapter = fakeAdapter(() => ({ outcome: 'completed', output: 'ok' }));
    const opts = options({ adapter, kase: kase({ input: 'hi' }), recordTurns: false });
    const end = await runConversation(opts);
    expect(adapter.seen.map((p) => [p.turn, p.messages])).toEqual([[1, [{ role: 'user', content: 'hi' }]]]);
    expect(end?.turns).toHaveLength(1);
    expect(opts.environment.toolCalls[0]!.turn).toBeUndefined();
  });

  it('makes an output nested more than 100 levels deep the case\'s AGENT_PROTOCOL error, before anything walks it (the trace\'s writer ran out of stack: agentready crashed)', async () => {
    const nested = (levels: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    const deep = await runConversation(options({ adapter: fakeAdapter(() => ({ outcome: 'completed', output: nested(50_000) })), kase: kase({ input: 'hi' }) }));
    expect(deep).toMatchObject({ outcome: 'error', output: null, error: { code: 'AGENT_PROTOCOL', message: 'the agent answered with an output nested more than 100 levels deep' } });
    const fine = await runConversation(options({ adapter: fakeAdapter(() => ({ outcome: 'completed', output: nested(100) })), kase: kase({ input: 'hi' }) }));
    expect(fine).toMatchObject({ outcome: 'completed' });
  });

  it('takes a recorded trace\'s whole conversation from its one answer', async () => {
    const recordedTurns = [
      { turn: 1, user: 'I want my money back', outcome: 'clarified' as const, output: 'Which order?', duration_ms: 3 },
      { turn: 2, user: 'It is order 1234', outcome: 'completed' as const, output: 'Done', duration_ms: 4 },
    ];
    const reported: unknown[] = [];
    const trace = { case_id: asksForOrder.id, outcome: 'completed' as const, output: 'Done', tool_calls: [], duration_ms: 7, turns: recordedTurns };
    const end = recordedConversation({ trace, user: asksForOrder.input!, timeoutMs: 10_000, recordReported: (r) => void reported.push(r) });
    expect(reported).toEqual([{ tool_calls: [], duration_ms: 7 }]);
    expect(end).toEqual({ turns: recordedTurns, outcome: 'completed', output: 'Done' });
  });

  it('reads a recorded failure as it was live, its calls recorded: the agent\'s, and the harness\'s (which is not judged)', () => {
    const read = (outcome: 'timeout' | 'agent_error' | 'error', error?: string) => {
      const reported: unknown[] = [];
      const end = recordedConversation({ trace: { case_id: 'c', outcome, tool_calls: [], ...(error ? { error } : {}) }, user: 'hi', timeoutMs: 500, recordReported: (r) => void reported.push(r) });
      return { reported: reported.length, outcome: end.outcome, error: end.error, turns: end.turns.length };
    };
    expect(read('timeout')).toEqual({ reported: 1, outcome: 'timeout', error: { code: 'TIMEOUT', message: 'the agent did not answer within timeout_ms 500' }, turns: 1 });
    expect(read('agent_error', 'boom')).toEqual({ reported: 1, outcome: 'agent_error', error: { code: 'AGENT_ERROR', message: 'boom' }, turns: 1 });
    expect(read('error')).toEqual({ reported: 1, outcome: 'error', error: { code: 'RECORDED_ERROR', message: 'the recorded run ended in a harness error' }, turns: 1 });
  });

  it('ends when the agent escalates or refuses, and when the user falls silent', async () => {
    const escalates = fakeAdapter(() => ({ outcome: 'escalated', output: 'A human will help' }));
    expect((await runConversation(options({ adapter: escalates, kase: asksForOrder })))?.turns).toHaveLength(1);
    const silent = kase({ ...asksForOrder, turns: [asksForOrder.turns![0]!, { user: [{ when: { output: { contains: 'order' } }, say: '1234' }] }] });
    const vague = fakeAdapter(() => ({ outcome: 'clarified', output: 'Can you say more?' }));
    const end = await runConversation(options({ adapter: vague, kase: silent }));
    expect(end).toMatchObject({ outcome: 'clarified', output: 'Can you say more?' });
    expect(end?.turns).toHaveLength(1);
  });

  it('applies the time limit to the whole case: a later turn gets what is left, and running out is a timeout', async () => {
    let clock = 0;
    const adapter = fakeAdapter((p) => {
      clock += 6000;
      if (p.timeout_ms < 6000) throw new RunTimeoutError(p.timeout_ms);
      return { outcome: 'clarified', output: 'What is your order number?' };
    });
    const end = await runConversation(options({ adapter, kase: asksForOrder, now: () => clock }));
    expect(adapter.seen.map((p) => p.timeout_ms)).toEqual([10_000, 4000]);
    expect(end).toMatchObject({ outcome: 'timeout', error: { code: 'TIMEOUT', message: 'the agent did not answer within timeout_ms 10000 (during turn 2)' } });
    // The turn cut at the limit lasted what it was left (4000), not until its timeout settled: the turns add up to the case's 10000.
    expect(end?.turns.map((t) => t.duration_ms)).toEqual([6000, 4000]);
  });

  it('a later turn left no time is a timeout without a run, and the case\'s clock runs again after it, as after a turn that ran', async () => {
    let clock = 0;
    const adapter = fakeAdapter(() => {
      clock += 10_000;
      return { outcome: 'clarified', output: 'What is your order number?' };
    });
    const opts = options({ adapter, kase: asksForOrder, now: () => clock });
    const end = await runConversation(opts);
    expect(adapter.seen).toHaveLength(1);
    expect(end).toMatchObject({ outcome: 'timeout', error: { code: 'TIMEOUT', message: 'the agent did not answer within timeout_ms 10000 (during turn 2)' } });
    // Not left standing still since turn 2 asked: what reads the case's time later (execute.ts's duration) reads a running clock.
    clock += 500;
    expect(opts.environment.elapsed()).toBe(10_500);
  });

  it("counts the case's time from each turn's hand-off: a wait for a free agent slot neither shortens later turns nor adds to the durations", async () => {
    let clock = 0;
    const adapter: Adapter & { seen: RunParams[] } = {
      seen: [],
      start: async () => ({ name: 'fake', version: '1', concurrency: 1 }),
      async run(params, { host }) {
        adapter.seen.push(params);
        clock += 3000; // waiting for a slot
        host.handedOff?.();
        clock += 1000; // the agent's time, then a tool call, then more
        await host.callTool('lookup', {});
        clock += params.turn === 1 ? 1000 : 500;
        return { outcome: 'clarified', output: 'What is your order number?' };
      },
      stop: async () => {},
    };
    const opts = options({ adapter, kase: asksForOrder, now: () => clock });
    const end = await runConversation(opts);
    expect(adapter.seen.map((p) => p.timeout_ms)).toEqual([10_000, 8000]);
    expect(end?.turns.map((t) => t.duration_ms)).toEqual([2000, 1500]);
    expect(opts.environment.elapsed()).toBe(3500);
    expect(opts.environment.toolCalls.map((c) => c.at_ms)).toEqual([1000, 3000]);
  });

  it('times a turn whose adapter says nothing of its hand-off from the call, as before', async () => {
    let clock = 0;
    const adapter = fakeAdapter(() => ((clock += 6000), { outcome: 'clarified', output: 'What is your order number?' }));
    const opts = options({ adapter, kase: kase({ input: 'hi' }), now: () => clock });
    const end = await runConversation(opts);
    expect(end?.turns).toMatchObject([{ duration_ms: 6000 }]);
    expect(opts.environment.elapsed()).toBe(6000);
  });

  it('asks the user simulator after every answer that does not end the conversation, until it stops or max_turns', async () => {
    const asked: unknown[] = [];
    const user = { reply: async (params: unknown): Promise<SimulatedReply> => (asked.push(params), asked.length < 2 ? { kind: 'say', text: `more ${asked.length}` } : { kind: 'stop' }) } as unknown as UserSimulator;
    const adapter = fakeAdapter(() => ({ outcome: 'partial', output: 'and?' }));
    const end = await runConversation(options({ adapter, kase: kase({ input: 'hi', context: { a: 1 } }), user }));
    expect(end?.turns.map((t) => t.user)).toEqual(['hi', 'more 1']);
    expect(asked[0]).toEqual({ trace_id: 'tr-1', case: { id: 'c1', input: 'hi', context: { a: 1 } }, messages: [{ role: 'user', content: 'hi' }, { role: 'agent', content: 'and?' }] });
    const chatty = { reply: async (): Promise<SimulatedReply> => ({ kind: 'say', text: 'again' }) } as unknown as UserSimulator;
    expect((await runConversation(options({ adapter, kase: kase({ input: 'hi' }), user: chatty, maxTurns: 3 })))?.turns).toHaveLength(3);
  });

  it('makes the case an error when the user simulator fails, keeping the turns so far', async () => {
    const user = { reply: async () => { throw new HarnessError('USER_SIMULATOR', 'the user simulator exited unexpectedly (code=3, signal=null)'); } } as unknown as UserSimulator;
    const adapter = fakeAdapter(() => ({ outcome: 'clarified', output: 'Which order?' }));
    const end = await runConversation(options({ adapter, kase: kase({ input: 'hi' }), user }));
    expect(end).toMatchObject({ outcome: 'error', output: 'Which order?', error: { code: 'USER_SIMULATOR' }, turns: [{ turn: 1, outcome: 'clarified' }] });
  });

  it('makes the case an error when the user simulator does not answer in the case\'s time left', async () => {
    const user = { reply: (_params: unknown, signal: AbortSignal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))) } as unknown as UserSimulator;
    const adapter = fakeAdapter(() => ({ outcome: 'clarified', output: 'Which order?' }));
    const end = await runConversation(options({ adapter, kase: kase({ input: 'hi' }), user, timeoutMs: 50 }));
    expect(end).toMatchObject({ outcome: 'error', error: { code: 'USER_SIMULATOR', message: "the user simulator did not answer within the case's timeout_ms 50" }, turns: [{ turn: 1 }] });
  });

  it('times out a silent user simulator even when garbage is collected while it waits (a timeout signal under AbortSignal.any was collected and never fired: the run hung)', async () => {
    // A simulator that wrote megabytes on stderr for another case made V8 collect: the case waited forever.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let asked!: () => void;
    const waiting = new Promise<void>((resolve) => (asked = resolve));
    const user = {
      reply: (_params: unknown, signal: AbortSignal) => new Promise((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        asked();
      }),
    } as unknown as UserSimulator;
    const adapter = fakeAdapter(() => ({ outcome: 'clarified', output: 'Which order?' }));
    const ended = runConversation(options({ adapter, kase: kase({ input: 'hi' }), user, timeoutMs: 100 }));
    await waiting;
    // Collected from a fresh turn of the event loop, as a run's own allocations would.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    await expect(ended).resolves.toMatchObject({ outcome: 'error', error: { code: 'USER_SIMULATOR', message: "the user simulator did not answer within the case's timeout_ms 100" } });
  });
});
