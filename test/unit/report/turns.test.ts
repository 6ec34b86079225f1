// A failing conversation shows its turns in the terminal failure list, JUnit, markdown and HTML.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src/config/schema/index.js';
import { formatFailures } from '../../../src/report/format-summary.js';
import { formatHtml } from '../../../src/report/html/index.js';
import { formatJunit } from '../../../src/report/junit.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { conversationLines } from '../../../src/report/turns.js';
import { caseResult, failedResult, runSummary } from './fixtures.js';

const turns = [
  { turn: 1, user: 'I\'d like to cancel my order.', outcome: 'clarified' as const, output: 'Which order?' },
  { turn: 2, user: 'It is order 5678.\u001b[2J', outcome: 'completed' as const, output: 'Order 5678 is cancelled.' },
];
const conversation = failedResult({ case_id: 'cancel-asks', turns });

describe('conversationLines', () => {
  it('gives each message on its own line, the answer with its outcome, control characters neutralized', () => {
    expect(conversationLines(conversation)).toEqual([
      'turn 1  user: "I\'d like to cancel my order."',
      '        agent (clarified): "Which order?"',
      'turn 2  user: "It is order 5678.\\u001b[2J"',
      '        agent (completed): "Order 5678 is cancelled."',
    ]);
    expect(conversationLines(caseResult())).toEqual([]);
  });

  it('says a turn the agent did not answer (it failed or timed out) had no answer, not "null"', () => {
    const failed = failedResult({ turns: [{ turn: 1, user: 'Summarize ticket 42', outcome: 'agent_error', output: null }] });
    expect(conversationLines(failed)).toEqual(['turn 1  user: "Summarize ticket 42"', '        agent (agent_error): no answer']);
    // An older results.jsonl held the text "null" for it.
    const older = failedResult({ turns: [{ turn: 1, user: 'Summarize ticket 42', outcome: 'timeout', output: 'null' }] });
    expect(conversationLines(older)[1]).toBe('        agent (timeout): no answer');
    // An answer that is the text "null" is shown as the agent gave it.
    const said = failedResult({ turns: [{ turn: 1, user: 'Say null', outcome: 'completed', output: 'null' }] });
    expect(conversationLines(said)[1]).toBe('        agent (completed): "null"');
  });

  it('is in the terminal failure list, the JUnit failure body and the markdown table', () => {
    expect(formatFailures(PLAIN_SCREEN, { results: [conversation] })).toContain('    turn 2  user: "It is order 5678.\\u001b[2J"\n            agent (completed): "Order 5678 is cancelled."\n    trace tr-0001');
    expect(formatJunit([conversation], { timestamp: 't' })).toContain('agent (clarified): &quot;Which order?&quot;\nturn 2  user: &quot;It is order 5678.\\u001b[2J&quot;\n        agent (completed): &quot;Order 5678 is cancelled.&quot;\ntrace tr-0001</failure>');
    const error = caseResult({ case_id: 'sim-crash', status: 'error', error: { code: 'USER_SIMULATOR', message: 'the user simulator exited' }, checks: [], turns: turns.slice(0, 1) });
    expect(formatJunit([error], { timestamp: 't' })).toContain('USER_SIMULATOR: the user simulator exited\nturn 1  user:');
    expect(formatMarkdown(runSummary([conversation]), undefined)).toMatch(/<br>turn 1  user: "I'd like to cancel my order\."<br> {8}agent \(clarified\): "Which order\?"<br>turn 2/);
  });

  it('is a table in the HTML page, and tool calls show their turn and state change', () => {
    const trace: Trace = {
      trace_id: 'tr-0001', suite: 'tier1-support', case_id: 'cancel-asks', attempt: 1, mode: 'normal', outcome: 'completed', output: 'done', duration_ms: 20,
      tool_calls: [{ seq: 0, name: 'cancel_order', arguments: {}, answer: 'answer', result: {}, at_ms: 1, latency_ms: 1, turn: 2, state_change: [{ op: 'replace', path: '/orders/5678/status', value: 'cancelled' }] }],
      approvals: [], usage: [], policy_decisions: [],
      turns: [{ turn: 1, user: '<b>hi</b>', outcome: 'clarified', output: 'Which order?', duration_ms: 5 }, { turn: 2, user: '5678', outcome: 'timeout', output: null, duration_ms: 1000, error: { code: 'TIMEOUT', message: 'late' } }],
    };
    const page = formatHtml({ summary: runSummary([conversation]), verdict: undefined, traces: new Map([['tr-0001', trace]]) });
    expect(page).toContain('<h3>Conversation</h3><table class="turns">');
    expect(page).toContain('<td><pre>&lt;b&gt;hi&lt;/b&gt;</pre></td><td>clarified</td>');
    // A turn the agent did not answer says so, not "null" (as the terminal, JUnit and markdown do).
    expect(page).toContain('<td>timeout</td><td><em>no answer</em></td>');
    expect(page).toContain('<th class="num">turn</th><th>tool</th>');
    expect(page).toContain('<th>state change</th>');
    expect(page).toContain('/orders/5678/status');
  });
});
