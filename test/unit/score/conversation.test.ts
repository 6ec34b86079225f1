// Scripted turns: choosing the user's reply, and each turn's own checks.
import { describe, expect, it } from 'vitest';
import type { ResultOutcome, Turn } from '../../../src/config/schema/index.js';
import { chooseReply, scoreTrace, scoreTurns } from '../../../src/score/index.js';
import { trace } from './trace-builder.js';

const replies: Turn['user'] = [
  { when: { output: { regex: 'order (number|id)' } }, say: 'It is order 1234' },
  { when: { outcome: 'partial', output: { contains: 'refund' } }, say: 'Please refund the rest' },
  { when: { outcome: ['completed', 'partial'] }, say: 'Thanks' },
];

describe('chooseReply', () => {
  it('says plain text whatever the agent answered', () => {
    expect(chooseReply('hello', { outcome: 'refused', output: null })).toEqual({ kind: 'say', text: 'hello' });
  });

  it('takes the first reply whose every check holds for the agent\'s answer', () => {
    expect(chooseReply(replies, { outcome: 'clarified', output: 'What is your order number?' })).toEqual({ kind: 'say', text: 'It is order 1234', reply: 0 });
    expect(chooseReply(replies, { outcome: 'partial', output: 'I can refund half' })).toEqual({ kind: 'say', text: 'Please refund the rest', reply: 1 });
    expect(chooseReply(replies, { outcome: 'completed', output: 'I can refund half' })).toEqual({ kind: 'say', text: 'Thanks', reply: 2 });
    expect(chooseReply(replies, { outcome: 'completed', output: { json: 'order id 3' } })).toEqual({ kind: 'say', text: 'It is order 1234', reply: 0 });
  });

  it('falls back to the default, and falls silent without one', () => {
    expect(chooseReply(replies, { outcome: 'clarified', output: 'Which one?' })).toEqual({ kind: 'silent' });
    expect(chooseReply([...replies, { say: 'I don\'t know what you mean' }], { outcome: 'clarified', output: 'Which one?' }))
      .toEqual({ kind: 'say', text: 'I don\'t know what you mean', reply: 3 });
  });
});

describe('scoreTurns', () => {
  const turns: Turn[] = [
    { user: 'I want my money back', expect: { outcome: 'clarified', output: { contains: 'order' } } },
    { user: replies },
    { user: 'and the shipping?', expect: { outcome: 'completed' } },
  ];

  it('checks each turn with an expect on that turn\'s answer, named after the turn', () => {
    const t = trace().turn('I want my money back', 'clarified', 'Which order number?').turn('It is order 1234', 'completed', 'Refunded').turn('and the shipping?', 'partial', 'Hmm').build();
    expect(scoreTurns({ trace: t, kase: { turns } })).toEqual([
      { check: 'outcome', name: 'turn 1: outcome', pass: true },
      { check: 'output', name: 'turn 1: output', pass: true },
      { check: 'outcome', name: 'turn 3: outcome', pass: false, reason: 'expected outcome completed, got partial', expected: 'completed', found: 'partial' },
    ]);
  });

  it('fails the checks of a turn the conversation ended before', () => {
    const t = trace().turn('I want my money back', 'clarified', 'Which order number?').turn('It is order 1234', 'escalated', 'A human will help').build();
    expect(scoreTurns({ trace: t, kase: { turns } }).slice(2)).toEqual([
      { check: 'outcome', name: 'turn 3: outcome', pass: false, reason: 'turn 3 never came: the conversation ended after turn 2, as the agent answered escalated', expected: 'completed', found: '2 turns' },
    ]);
  });

  it('says why the conversation ended before a turn: the agent\'s answer, or a user who fell silent', () => {
    const reasons = (...outcomes: ResultOutcome[]) => {
      const t = outcomes.reduce((built, outcome, i) => built.turn(`message ${i + 1}`, outcome, 'Hmm'), trace()).build();
      return scoreTurns({ trace: t, kase: { turns } }).find((c) => c.name === 'turn 3: outcome')!.reason;
    };
    expect(reasons('clarified')).toBe('turn 3 never came: the conversation ended after turn 1, as the user fell silent: no reply of turn 2 matched the agent\'s answer (clarified)');
    expect(reasons('clarified', 'refused')).toBe('turn 3 never came: the conversation ended after turn 2, as the agent answered refused');
    expect(reasons('timeout')).toBe('turn 3 never came: the conversation ended after turn 1, as it timed out');
    expect(reasons('agent_error')).toBe('turn 3 never came: the conversation ended after turn 1, as the agent failed it');
    expect(reasons('error')).toBe('turn 3 never came: the conversation ended after turn 1, as it ended in a harness error');
  });

  it('counts the turns held in words: one turn is "1 turn"', () => {
    const t = trace().turn('I want my money back', 'escalated', 'A human will help').build();
    expect(scoreTurns({ trace: t, kase: { turns } }).slice(2)).toMatchObject([{ pass: false, found: '1 turn' }]);
  });

  it('fails the case at the end through scoreTrace, while the case\'s expect judges the last answer', () => {
    const t = trace().turn('I want my money back', 'completed', 'Done').turn('It is order 1234', 'completed', 'Done').turn('and the shipping?', 'completed', 'Done').build();
    const checks = scoreTrace({ trace: t, kase: { turns, expect: { outcome: 'completed' } }, budgets: {} });
    expect(checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['turn 1: outcome', 'turn 1: output']);
    expect(checks[0]).toEqual({ check: 'outcome', pass: true });
  });
});
