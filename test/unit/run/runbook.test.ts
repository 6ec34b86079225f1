// Pure pieces of the runbook: shard assignment, recorded answers (redacted recordings too), the first divergence.
import { describe, expect, it } from 'vitest';
import { RunSelectionSchema, type ToolCallRecord } from '../../../src/config/schema/index.js';
import { MAX_REPEAT, MAX_SHARDS } from '../../../src/config/defaults.js';
import { RecordedAnswers } from '../../../src/environment/recording.js';
import { parseShard, shardOfCase } from '../../../src/run/shard.js';
import { firstDivergence } from '../../../src/score/divergence.js';

const call = (name: string, args: unknown, result: unknown): ToolCallRecord => ({ seq: 0, name, arguments: args, answer: 'answer', result, at_ms: 0, latency_ms: 0 });

describe('shards', () => {
  it('send a variant with its base case and spread cases over every shard', () => {
    expect(shardOfCase({ suite: 's', caseId: 'refund~prompt_injection-2', total: 4 })).toBe(shardOfCase({ suite: 's', caseId: 'refund', total: 4 }));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shardOfCase({ suite: 's', caseId: `case-${i}`, total: 4 }) - 1]!++;
    for (const count of counts) expect(count).toBeGreaterThan(60);
  });

  it('parse i/n only when 1 ≤ i ≤ n ≤ MAX_SHARDS', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(`1/${MAX_SHARDS}`)).toEqual({ index: 1, total: MAX_SHARDS });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', `1/${MAX_SHARDS + 1}`, '1/1000000000', '1/99999999999999999999999']) expect(parseShard(bad)).toBeUndefined();
  });

  it("a run folder's header past the bounds the command line keeps is refused: merge walked every one of a billion shards, --resume planned a hundred million repeats, each for minutes at gigabytes", () => {
    const selection = { repeat: 1, mode: 'normal' } as const;
    expect(RunSelectionSchema.safeParse({ ...selection, shard: { index: 1, total: MAX_SHARDS } }).success).toBe(true);
    expect(RunSelectionSchema.safeParse({ ...selection, shard: { index: 1, total: MAX_SHARDS + 1 } }).success).toBe(false);
    expect(RunSelectionSchema.safeParse({ ...selection, repeat: MAX_REPEAT }).success).toBe(true);
    expect(RunSelectionSchema.safeParse({ ...selection, repeat: 100_000_000 }).success).toBe(false);
    expect(RunSelectionSchema.safeParse({ ...selection, shard: { index: 3, total: 2 } }).success).toBe(false);
  });
});

describe('recorded answers', () => {
  it('hand out each recorded call once, by name and arguments in order, and not_recorded past them', () => {
    const answers = new RecordedAnswers([call('lookup', { id: 1 }, 'first'), call('lookup', { id: 1 }, 'second'), call('lookup', { id: 2 }, 'other')]);
    expect(answers.take('lookup', { id: 2 })).toMatchObject({ answer: 'answer', result: 'other' });
    expect(answers.take('lookup', { id: 1 })).toMatchObject({ result: 'first' });
    expect(answers.take('lookup', { id: 1 })).toMatchObject({ result: 'second' });
    expect(answers.take('lookup', { id: 1 })).toMatchObject({ answer: 'not_recorded', error: { kind: 'not_recorded' } });
    expect(answers.take('lookup', { id: 3 }).error?.message).toBe('the recording holds no unused call of lookup with these arguments');
  });

  it('answer for the tools only: a decision made before them (policy, authority) stands and takes no recorded call', () => {
    const answers = new RecordedAnswers([call('lookup', { id: 1 }, 'recorded')]);
    const denied = { answer: 'policy_denied', error: { kind: 'policy_denied', message: 'no' }, policy: { rule_id: 'cap', outcome: 'deny' } };
    expect(answers.answer({ decided: denied, name: 'lookup', args: { id: 1 } })).toBe(denied);
    const mocked = { answer: 'answer', result: 'from the mock', approved: true, policy: { rule_id: 'default', outcome: 'allow' } };
    expect(answers.answer({ decided: mocked, name: 'lookup', args: { id: 1 } })).toEqual({ answer: 'answer', result: 'recorded', approved: true, policy: { rule_id: 'default', outcome: 'allow' } });
    expect(answers.answer({ decided: mocked, name: 'lookup', args: { id: 1 } })).toMatchObject({ answer: 'not_recorded', approved: true });
  });

  it('match a call to a recording written with redaction on by its arguments redacted, and say so when one misses', () => {
    const answers = new RecordedAnswers([call('find', { email: '[email]', plan: 'gold' }, 'jane'), call('find', { email: '[email]', plan: 'gold' }, 'joe')]);
    expect(answers.take('find', { email: 'jane@example.com', plan: 'gold' })).toMatchObject({ answer: 'answer', result: 'jane' });
    // A value that redacts to nothing else is no match: only what redaction took out is compared redacted.
    expect(answers.take('find', { email: 'joe@example.com', plan: 'silver' })).toMatchObject({ answer: 'not_recorded' });
    expect(answers.take('find', { email: 'joe@example.com', plan: 'gold' })).toMatchObject({ result: 'joe' });
    expect(answers.take('find', { email: 'ann@example.com', plan: 'gold' }).error?.message).toBe(
      'the recording holds no unused call of find with these arguments (it was written with redaction on, its arguments hold [email]: replay a run made with `eval --no-redact` to match them exactly)',
    );
  });
});

describe('first divergence', () => {
  const trace = (calls: ToolCallRecord[], output: unknown) => ({ tool_calls: calls, outcome: 'completed' as const, output });
  it('is the first call that differs, then the outcome, then the output', () => {
    const recorded = trace([call('a', { x: 1 }, 1), call('b', {}, 2)], 'done');
    expect(firstDivergence(recorded, trace([call('a', { x: 1 }, 9), call('b', {}, 9)], 'done'))).toEqual({ kind: 'none' });
    expect(firstDivergence(recorded, trace([call('a', { x: 2 }, 1)], 'done'))).toMatchObject({ kind: 'call', index: 0, replayed: { arguments: { x: 2 } } });
    expect(firstDivergence(recorded, trace([call('a', { x: 1 }, 1)], 'done'))).toEqual({ kind: 'call', index: 1, recorded: { name: 'b', arguments: {} } });
    expect(firstDivergence(recorded, { ...trace(recorded.tool_calls, 'done'), outcome: 'escalated' })).toMatchObject({ kind: 'outcome', replayed: 'escalated' });
    expect(firstDivergence(recorded, trace(recorded.tool_calls, 'other'))).toMatchObject({ kind: 'output', replayed: 'other' });
  });

  it('is a call like the recorded one that the recording could not answer (not_recorded), before the outcome it led to', () => {
    const recorded = trace([call('a', { x: 1 }, 1)], 'done');
    const missed = { ...call('a', { x: 1 }, undefined), answer: 'not_recorded' as const };
    expect(firstDivergence(recorded, { ...trace([missed], 'failed'), outcome: 'agent_error' })).toEqual({
      kind: 'call', index: 0, recorded: { name: 'a', arguments: { x: 1 } }, replayed: { name: 'a', arguments: { x: 1 } }, not_recorded: true,
    });
  });

  it('in a conversation, is an earlier turn\'s answer that differs, in the order things happened', () => {
    const turn = (n: number, outcome: 'clarified' | 'completed' | 'refused', output: string) => ({ turn: n, user: `message ${n}`, outcome, output, duration_ms: 1 });
    const conversation = (first: string, calls: ToolCallRecord[]) => ({ ...trace(calls, 'done'), turns: [turn(1, 'clarified', first), turn(2, 'completed', 'done')] });
    const inTurn2 = [{ ...call('a', { x: 1 }, 1), turn: 2 }];
    const recorded = conversation('Which order?', inTurn2);
    expect(firstDivergence(recorded, conversation('Which order?', inTurn2))).toEqual({ kind: 'none' });
    // Turn 1's answer came before turn 2's calls: it is the first point where the agent parted.
    expect(firstDivergence(recorded, conversation('What order number?', [{ ...call('a', { x: 2 }, 1), turn: 2 }]))).toEqual({
      kind: 'turn', turn: 1, recorded: { outcome: 'clarified', output: 'Which order?' }, replayed: { outcome: 'clarified', output: 'What order number?' },
    });
    // A call of turn 1 that differs comes before turn 1's answer.
    const inTurn1 = (x: number) => [{ ...call('a', { x }, 1), turn: 1 }];
    expect(firstDivergence(conversation('Which order?', inTurn1(1)), conversation('What?', inTurn1(2)))).toMatchObject({ kind: 'call', index: 0 });
    // A conversation that ended early: its last answer is the outcome.
    const short = { ...trace([], 'no'), outcome: 'refused' as const, turns: [turn(1, 'refused', 'no')] };
    expect(firstDivergence(recorded, short)).toMatchObject({ kind: 'turn', turn: 1, replayed: { outcome: 'refused', output: 'no' } });
  });

  it('is a user message that differs (a simulator asked again under --live, an edited case), where it was said: before its turn\'s calls, after the answer before it', () => {
    const said = (user: string, n: number) => ({ turn: n, user, outcome: n === 3 ? 'completed' as const : 'clarified' as const, output: n === 3 ? 'done' : 'tell me more', duration_ms: 1 });
    const conversation = (users: string[], calls: ToolCallRecord[] = []) => ({ ...trace(calls, 'done'), turns: users.map((user, i) => said(user, i + 1)) });
    const recorded = conversation(['hi', 'message 1', 'message 2']);
    // The agent answered alike every time: the replay still parted from the recording at turn 2's message.
    expect(firstDivergence(recorded, conversation(['hi', 'message 3', 'message 4']))).toEqual({ kind: 'user', turn: 2, recorded: 'message 1', replayed: 'message 3' });
    expect(firstDivergence(recorded, conversation(['hi', 'message 1', 'message 2']))).toEqual({ kind: 'none' });
    // The user ended the conversation sooner: turn 3 was never said (turn 2's answer, its last, is the outcome).
    expect(firstDivergence(recorded, { ...conversation(['hi', 'message 1']), outcome: 'clarified' as const, output: 'tell me more' })).toEqual({ kind: 'user', turn: 3, recorded: 'message 2' });
    // Turn 2's message came before its calls: it, not the call it led to, is the first divergence.
    const inTurn2 = (x: number) => [{ ...call('a', { x }, 1), turn: 2 }];
    expect(firstDivergence(conversation(['hi', 'order 1', 'thanks'], inTurn2(1)), conversation(['hi', 'order 2', 'thanks'], inTurn2(2)))).toMatchObject({ kind: 'user', turn: 2 });
    // A case that is no conversation: its input (edited since it was recorded) comes before every call.
    const single = (input: string | undefined, x: number) => ({ ...trace([call('a', { x }, 1)], 'done'), ...(input === undefined ? {} : { input }) });
    expect(firstDivergence(single('where is order 1', 1), single('where is order 2', 2))).toEqual({ kind: 'user', turn: 1, recorded: 'where is order 1', replayed: 'where is order 2' });
    expect(firstDivergence(single('where is order 1', 1), single('where is order 1', 1))).toEqual({ kind: 'none' });
    // A recording that holds no input says nothing of it.
    expect(firstDivergence(single(undefined, 1), single('where is order 1', 1))).toEqual({ kind: 'none' });
  });

  it('reads a case recorded with `input` as a conversation of one turn, its answer that turn\'s, when the case is a conversation now (or the other way round)', () => {
    const plain = { ...trace([{ ...call('a', { x: 1 }, 1) }], 'tell me more'), outcome: 'clarified' as const, input: 'hi' };
    const said = (user: string, n: number) => ({ turn: n, user, outcome: 'clarified' as const, output: 'tell me more', duration_ms: 1 });
    const conversation = { ...plain, tool_calls: [{ ...call('a', { x: 1 }, 1), turn: 1 }, { ...call('a', { x: 1 }, 2), turn: 2 }], turns: [said('hi', 1), said('more', 2)] };
    // The agent answered turn 1 as it did: the replay parted where the new script says more.
    expect(firstDivergence(plain, conversation)).toEqual({ kind: 'user', turn: 2, replayed: 'more' });
    expect(firstDivergence(conversation, plain)).toEqual({ kind: 'user', turn: 2, recorded: 'more' });
    expect(firstDivergence(plain, { ...conversation, turns: [{ ...said('hi', 1), output: 'which order?' }, said('more', 2)] })).toEqual({
      kind: 'turn', turn: 1, recorded: { outcome: 'clarified', output: 'tell me more' }, replayed: { outcome: 'clarified', output: 'which order?' },
    });
  });

  it('is an approval request asked for another call, answered otherwise, or not asked, where it was asked: before the call after it', () => {
    const refund = { order_id: '1', amount: 20 };
    const calls = [{ ...call('lookup_order', { order_id: '1' }, 1), at_ms: 0 }, { ...call('issue_refund', refund, 2), at_ms: 10 }];
    const asked = (approved: boolean, args: unknown = refund) => ({ ...trace(calls, 'done'), approvals: [{ name: 'issue_refund', arguments: args, approved, at_ms: 10 }] });
    expect(firstDivergence(asked(true), asked(true))).toEqual({ kind: 'none' });
    expect(firstDivergence(asked(true), asked(false))).toEqual({ kind: 'approval', index: 0, recorded: { name: 'issue_refund', arguments: refund, approved: true }, replayed: { name: 'issue_refund', arguments: refund, approved: false } });
    expect(firstDivergence(asked(true), asked(true, { order_id: '1', amount: 40 }))).toMatchObject({ kind: 'approval', index: 0, replayed: { arguments: { amount: 40 } } });
    // Not asked now: the call it preceded is the same, the request is the first point the agent parted.
    expect(firstDivergence(asked(true), trace(calls, 'done'))).toEqual({ kind: 'approval', index: 0, recorded: { name: 'issue_refund', arguments: refund, approved: true } });
    // A call that differs before the request comes first.
    const otherLookup = { ...asked(true), tool_calls: [{ ...calls[0]!, arguments: { order_id: '2' } }, calls[1]!] };
    expect(firstDivergence(asked(true), otherLookup)).toMatchObject({ kind: 'call', index: 0 });
    // A request after every call is compared before the outcome.
    const late = (approved: boolean) => ({ ...trace(calls, 'done'), outcome: approved ? 'completed' as const : 'escalated' as const, approvals: [{ name: 'send_email', arguments: {}, approved, at_ms: 50 }] });
    expect(firstDivergence(late(true), late(false))).toMatchObject({ kind: 'approval', index: 0 });
  });

  it('in a conversation, is a request after every call compared after what was said before its turn', () => {
    // Turn 1 looks the order up; turn 2's message asks for a refund, whose request is the last thing the agent does.
    const said = (user: string, n: number) => ({ turn: n, user, outcome: n === 2 ? 'completed' as const : 'clarified' as const, output: n === 2 ? 'done' : 'found it', duration_ms: 1 });
    const lookup = [{ ...call('lookup_order', { order_id: '1' }, 1), turn: 1 }];
    const conversation = (second: string, amount: number) => ({
      ...trace(lookup, 'done'),
      turns: [said('where is order 1', 1), said(second, 2)],
      approvals: [{ name: 'issue_refund', arguments: { order_id: '1', amount }, approved: false, at_ms: 50, turn: 2 }],
    });
    expect(firstDivergence(conversation('refund 20', 20), conversation('refund 20', 20))).toEqual({ kind: 'none' });
    // The simulator said something else in turn 2 (not the agent's doing): that, not the request it led to, comes first.
    expect(firstDivergence(conversation('refund 20', 20), conversation('refund 40', 40))).toEqual({ kind: 'user', turn: 2, recorded: 'refund 20', replayed: 'refund 40' });
    // Turn 1's answer came before turn 2's request.
    const answered = { ...conversation('refund 20', 40), turns: [{ ...said('where is order 1', 1), output: 'which order?' }, said('refund 20', 2)] };
    expect(firstDivergence(conversation('refund 20', 20), answered)).toMatchObject({ kind: 'turn', turn: 1 });
    // Alike up to its turn: the request is the first divergence.
    expect(firstDivergence(conversation('refund 20', 20), conversation('refund 20', 40))).toMatchObject({ kind: 'approval', index: 0, replayed: { arguments: { amount: 40 } } });
  });
});
