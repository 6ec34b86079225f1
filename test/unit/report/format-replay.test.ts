import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { formatReplay } from '../../../src/report/format-replay.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { trace } from '../score/trace-builder.js';

const result = { suite: 'support', case_id: 'case-1', attempt: 1, status: 'passed' } as CaseResult;

describe('formatReplay', () => {
  it('prints a conversation turn by turn: each user message, the calls made in its turn, the earlier answers', () => {
    const t = trace()
      .turn("I'd like to cancel my order.", 'clarified', 'Which order?')
      .call('cancel_order', { order_id: '5678' }, { turn: 2, result: { status: 'cancelled' } })
      .turn('It is order 5678.', 'completed', 'Order 5678 is cancelled.')
      .build();
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: "I'd like to cancel my order.", recorded: t, replayed: t, result, divergence: { kind: 'none' } });
    expect(text).toContain([
      '  turn 1    user: "I\'d like to cancel my order."',
      '            agent (clarified): "Which order?"',
      '  turn 2    user: "It is order 5678."',
      '  call 1    cancel_order {"order_id":"5678"}',
      '            ⇐ {"status":"cancelled"}',
      '  outcome   completed',
      '  output    "Order 5678 is cancelled."',
    ].join('\n'));
    // The earlier turns' answers are compared too (a differing one is the first divergence), so "same" says so.
    expect(text).toContain('Same as the recording: each user message, every call, each turn\'s answer, the outcome and the output.\n');
  });

  it('prints a conversation\'s approval request after every call under the turn it was asked in', () => {
    const t = trace()
      .turn('Where is order 1?', 'clarified', 'It was delivered.')
      .call('lookup_order', { order_id: '1' }, { turn: 1, result: { status: 'delivered' } })
      .turn('Refund it.', 'escalated', 'A person will look at it.')
      .build();
    t.approvals.push({ name: 'issue_refund', arguments: { order_id: '1' }, approved: false, at_ms: 50, turn: 2 });
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Where is order 1?', recorded: t, replayed: t, result, divergence: { kind: 'none' } });
    expect(text).toContain(['  turn 2    user: "Refund it."', '  approval  issue_refund {"order_id":"1"}', '            ⇐ refused', '  outcome   escalated'].join('\n'));
  });

  it('prints a conversation that now ends at turn 1 as a conversation: its turn, then the answer it ended with', () => {
    const recorded = trace().turn('Cancel my order.', 'clarified', 'Which order?').turn('5678', 'completed', 'Done').build();
    const replayed = trace().call('cancel_order', { order_id: '5678' }, { turn: 1, result: { status: 'cancelled' } }).turn('Cancel my order.', 'completed', 'Cancelled.').build();
    const divergence = { kind: 'turn', turn: 1, recorded: { outcome: 'clarified', output: 'Which order?' }, replayed: { outcome: 'completed', output: 'Cancelled.' } } as const;
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Cancel my order.', recorded, replayed, result, divergence });
    expect(text).toContain(['  turn 1    user: "Cancel my order."', '  call 1    cancel_order {"order_id":"5678"}', '            ⇐ {"status":"cancelled"}', '  outcome   completed', '  output    "Cancelled."'].join('\n'));
    expect(text).toContain('First divergence at turn 1: the agent\'s answer, recorded clarified "Which order?", now completed "Cancelled."\n');
  });

  it('names a conversation\'s first differing answer by its turn', () => {
    const t = trace().turn('Cancel my order.', 'clarified', 'Which order?').turn('5678', 'completed', 'Done').build();
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Cancel my order.', recorded: t, replayed: t, result, divergence: { kind: 'turn', turn: 1, recorded: { outcome: 'clarified', output: 'Which order?' }, replayed: { outcome: 'refused', output: 'No.' } } });
    expect(text).toContain('First divergence at turn 1: the agent\'s answer, recorded clarified "Which order?", now refused "No."\n');
  });

  it('names a user message that differs by its turn, and a differing input as the input: not the agent\'s answer', () => {
    const t = trace().turn('Cancel my order.', 'clarified', 'Which order?').turn('5678', 'completed', 'Done').build();
    const at = (divergence: Parameters<typeof formatReplay>[1]['divergence'], replayed = t) => formatReplay(PLAIN_SCREEN, { answers: 'live', input: 'Cancel my order.', recorded: t, replayed, result, divergence });
    expect(at({ kind: 'user', turn: 2, recorded: '5678', replayed: 'never mind' })).toContain('First divergence at turn 2: the user\'s message, recorded "5678", now "never mind"\n');
    expect(at({ kind: 'user', turn: 2, recorded: '5678' })).toContain('First divergence at turn 2: the user\'s message, recorded "5678", now no message (the conversation had ended)\n');
    const single = trace().build();
    expect(at({ kind: 'user', turn: 1, recorded: 'Where is order 1?', replayed: 'Where is order 2?' }, single)).toContain('First divergence: the input, recorded "Where is order 1?", now "Where is order 2?"\n');
  });

  it('prints a single message as the input', () => {
    const t = trace().call('lookup_order', { order_id: '1' }, { result: { status: 'shipped' } }).output('shipped').build();
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Where is order 1?', recorded: t, replayed: t, result, divergence: { kind: 'none' } });
    expect(text).toContain('  input     "Where is order 1?"\n  call 1    lookup_order {"order_id":"1"}\n');
    expect(text).toContain('Same as the recording: every call, the outcome and the output.\n');
  });

  it('prints each approval request and its answer before the call it was asked for, as the recording and the run have them', () => {
    const refund = { order_id: '1', amount: 20 };
    const t = trace()
      .call('lookup_order', { order_id: '1' }, { result: { status: 'delivered' } })
      .approval('issue_refund', refund, false)
      .call('issue_refund', refund, { answer: 'approval_denied', error: { kind: 'approval_denied', message: 'the approver refused issue_refund' } })
      .output('escalated')
      .build();
    const text = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Refund order 1', recorded: t, replayed: t, result, divergence: { kind: 'none' } });
    // The request between the lookup and the refund it asked for.
    const exchange = text.split('\n').slice(3, 9);
    expect(exchange.filter((_, i) => i % 2 === 0)).toEqual(['  call 1    lookup_order {"order_id":"1"}', '  approval  issue_refund {"order_id":"1","amount":20}', '  call 2    issue_refund {"order_id":"1","amount":20}']);
    expect(exchange.filter((_, i) => i % 2 === 1)).toEqual(['            ⇐ {"status":"delivered"}', '            ⇐ refused', '            ⇐ approval_denied: "the approver refused issue_refund"']);
    expect(text).toContain('Same as the recording: every call, every approval request and its answer, the outcome and the output.\n');
    const differs = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'Refund order 1', recorded: t, replayed: t, result, divergence: { kind: 'approval', index: 0, recorded: { name: 'issue_refund', arguments: refund, approved: true }, replayed: { name: 'issue_refund', arguments: refund, approved: false } } });
    expect(differs).toContain('≠ approval  issue_refund {"order_id":"1","amount":20}\n');
    expect(differs).toContain('First divergence at approval request 1: recorded issue_refund {"order_id":"1","amount":20} (granted), now issue_refund {"order_id":"1","amount":20} (refused)\n');
  });

  it('says an exec agent\'s calls were its own, not answered from a recording, and adds no note of redacted answers it never got', () => {
    const t = trace().call('update_email', { email: '[email]' }, { result: { ok: true } }).output('done').build();
    const text = formatReplay(PLAIN_SCREEN, { answers: 'own_tools', input: 'x', recorded: t, replayed: t, result, divergence: { kind: 'none' }, recordingRedacted: ['[email]'] });
    expect(text).toContain("; tool calls made with the agent's own tools (exec): none is answered from the recording\n");
    expect(text).not.toContain('answered with its redacted results');
    const recorded = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'x', recorded: t, replayed: t, result, divergence: { kind: 'none' }, recordingRedacted: ['[email]'] });
    expect(recorded).toContain('answered with its redacted results');
  });

  it("names the recorded user messages said again when they hold placeholders: the agent saw them, whoever answers its calls", () => {
    const t = trace().call('update_email', { email: '[email]' }, { result: { ok: true } }).output('done').build();
    const users = formatReplay(PLAIN_SCREEN, { answers: 'own_tools', input: 'x', recorded: t, replayed: t, result, divergence: { kind: 'none' }, usersRedacted: ['[phone]'] });
    expect(users).toContain("The recording was written with redaction on (it holds [phone]): the user's messages were said again as recorded, so the agent saw the placeholders.");
    const both = formatReplay(PLAIN_SCREEN, { answers: 'recording', input: 'x', recorded: t, replayed: t, result, divergence: { kind: 'none' }, recordingRedacted: ['[email]'], usersRedacted: ['[email]', '[phone]'] });
    expect(both).toContain(
      "(it holds [email], [phone]): calls were matched by their arguments as redacted, and answered with its redacted results, and the user's messages were said again as recorded, so the agent saw the placeholders.",
    );
  });
});
