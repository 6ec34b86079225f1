// A check's reason quotes what the agent sent (here the name of a tool an exec agent says it ran),
// and its expected and found hold it (an argument, an output): a result keeps each text cut at
// REASON_CHARS, the trace keeps the call whole. And a result's and a trace's keys stay in the order the files have always had
// (judgeAttempt builds both by assignment, where a misplaced line would move a key).
import { describe, expect, it } from 'vitest';
import type { Case, Suite } from '../../../src/config/schema/index.js';
import { recordedAttempt } from '../../../src/run/execute.js';
import { judgeAttempt } from '../../../src/run/judge-attempt.js';
import { judgeUnlabeled } from '../../../src/run/production-traces.js';
import { REASON_CHARS } from '../../../src/common/shorten.js';
import { kase } from '../environment/fixtures.js';

function judged(recorded: Recorded, expect: Record<string, unknown>) {
  return judgeAttempt(attemptOf(recorded, { id: 'c', expect }), { budgets: {}, printed: 'redacted' });
}

// The attempt of a case made of `over`, run as `recorded` says.
function attemptOf(recorded: Recorded, over: Partial<Case>) {
  const suite = { name: 's', file: 's.suite.yaml', tools: [{ name: 'look', tier: 'read', effects: [], parameters: { type: 'object' } }] } as unknown as Suite;
  return recordedAttempt({
    attempt: { suite, kase: kase(over), attempt: 1 },
    traceId: 't',
    recorded,
    mode: 'normal',
    timeoutMs: 1000,
    budgets: {},
    pricing: {},
    rules: [],
    redactText: (text) => text,
    onDecision: () => {},
  });
}
type Recorded = Parameters<typeof recordedAttempt>[0]['recorded'];

describe('judgeAttempt', () => {
  it('cuts each long text in what a failing check expected and found (a 5 MB argument, a 5 MB output), and keeps them whole in the trace: results.jsonl held them twice over', () => {
    const big = 'q'.repeat(5_000_000);
    const { result, trace } = judged(
      { case_id: 'c', outcome: 'completed', output: big, tool_calls: [{ name: 'look', arguments: { id: big }, result: {} }] },
      { outcome: 'completed', tools: [{ name: 'look', args: { id: '1' } }], output: { contains: 'nope' } },
    );
    expect(result.status).toBe('failed');
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
    const tools = result.checks.find((check) => check.check === 'tools');
    expect(tools?.pass).toBe(false);
    expect(JSON.stringify(tools?.pass === false ? tools.found : undefined)).toMatch(/"id":"q+…"/);
    expect(trace.tool_calls[0]!.arguments).toEqual({ id: big });
    expect(trace.output).toBe(big);
  });

  it('ends a list or an object past REASON_CHARS of JSON in what a failing check found, saying how many more it held: a list of a million numbers made a 6.9 MB results.jsonl line', () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => i);
    const keyed = Object.fromEntries(ids.slice(0, 100_000).map((i) => [`k${i}`, i]));
    const { result, trace } = judged(
      { case_id: 'c', outcome: 'completed', output: 'done', tool_calls: [{ name: 'look', arguments: { keyed, ids }, result: {} }] },
      { outcome: 'completed', tools: [{ name: 'look', args: { id: '1' } }] },
    );
    expect(JSON.stringify(result).length).toBeLessThan(20_000);
    const tools = result.checks.find((check) => check.check === 'tools');
    const found = JSON.stringify(tools?.pass === false ? tools.found : undefined);
    // What a report shows of it (its first REASON_CHARS of JSON) is as it was.
    expect(found).toContain(JSON.stringify(keyed).slice(1, 500));
    expect(found).toMatch(/,"…":"99\d{3} more keys"\},"…":"1 more key"\}/);
    const list = judged({ case_id: 'c', outcome: 'completed', output: 'done', tool_calls: [{ name: 'look', arguments: { ids }, result: {} }] }, { tools: [{ name: 'look', args: { id: '1' } }] }).result;
    const listed = JSON.stringify(list.checks.find((check) => check.check === 'tools'));
    expect(listed).toContain(JSON.stringify(ids.slice(0, 200)).slice(1, -1));
    expect(listed).toMatch(/,"… 99\d{4} more items"\]/);
    expect(trace.tool_calls[0]!.arguments).toEqual({ keyed, ids });
  });

  it('records a turn the agent did not answer as null in the result, and an answer that is the text "null" as that text: both read "null" in results.jsonl', () => {
    const turns = [
      { turn: 1, user: 'Say null', outcome: 'clarified' as const, output: 'null', duration_ms: 1 },
      { turn: 2, user: 'And now?', outcome: 'timeout' as const, output: null, duration_ms: 1000, error: { code: 'TIMEOUT', message: 'late' } },
    ];
    const kaseTurns = [{ user: 'Say null' }, { user: 'And now?' }] as Case['turns'];
    const { result } = judgeAttempt(attemptOf({ case_id: 'c', outcome: 'timeout', output: null, turns }, { id: 'c', turns: kaseTurns }), { budgets: {}, printed: 'redacted' });
    expect(result.turns).toEqual([
      { turn: 1, user: 'Say null', outcome: 'clarified', output: 'null' },
      { turn: 2, user: 'And now?', outcome: 'timeout', output: null },
    ]);
  });

  it('cuts a reason that quotes a megabyte tool name, and keeps the name whole in the trace', () => {
    const name = 'z'.repeat(1_000_000);
    const { result, trace } = judged({ case_id: 'c', outcome: 'completed', output: 'done', tool_calls: [{ name, arguments: {}, result: {} }] }, {});
    const policy = result.checks.find((check) => check.check === 'policy');
    expect(policy).toMatchObject({ pass: false, reason: expect.stringMatching(/^z+…$/) });
    expect(policy!.reason!.length).toBeLessThanOrEqual(REASON_CHARS);
    expect(trace.tool_calls[0]!.name).toBe(name);
  });

  it('cuts as much in the label-free checks of a production trace (score --unlabeled): a megabyte tool name was in results.jsonl whole, in a reason and in found', () => {
    const name = 'z'.repeat(1_000_000);
    const { result, trace } = judged({ case_id: 'c', outcome: 'completed', output: 'done', tool_calls: [{ name, arguments: { id: 'q'.repeat(1_000_000) }, result: {} }] }, {});
    const unlabeled = judgeUnlabeled({ result, trace, tools: [], budgets: {} });
    expect(unlabeled.status).toBe('failed');
    expect(JSON.stringify(unlabeled).length).toBeLessThan(20_000);
    const known = unlabeled.checks.find((check) => check.name === 'known tools');
    expect(known).toMatchObject({ pass: false, reason: expect.stringMatching(/^called a tool the suites do not declare: z+…$/) });
    expect(trace.tool_calls[0]!.name).toBe(name);
  });
});

describe('judgeAttempt: key order', () => {
  it('writes a result and a trace with their keys in the order results.jsonl and traces.jsonl have always had, optional ones in place', () => {
    const run = attemptOf(
      { case_id: 'c', outcome: 'agent_error', error: 'boom', usage: [{ model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 0.001 }], tool_calls: [] },
      { id: 'c', risk: 'high', description: 'd', expect: { outcome: 'completed' } },
    );
    const { result, trace } = judgeAttempt(run, { budgets: {}, printed: 'redacted' });
    expect(Object.keys(result)).toEqual([
      'suite', 'case_id', 'attempt', 'trace_id', 'fingerprint', 'tags', 'risk', 'description', 'status', 'outcome', 'duration_ms', 'cost_usd',
      'model_calls', 'models', 'tool_calls', 'tool_errors', 'retries', 'policy_violations', 'approval_missing', 'checks', 'error',
    ]);
    expect(Object.keys(trace)).toEqual(['trace_id', 'suite', 'case_id', 'attempt', 'mode', 'input', 'outcome', 'output', 'duration_ms', 'tool_calls', 'approvals', 'usage', 'policy_decisions', 'error']);
  });
});
