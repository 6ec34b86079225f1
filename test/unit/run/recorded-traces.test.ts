import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { MAX_REPORTED_TOOL_CALLS } from '../../../src/config/schema/reported-call.js';
import { matchRecordedTraces, parseRecordedTraces } from '../../../src/run/recorded-traces.js';

const suite = (name: string, ids: string[]) => ({ name, file: `${name}.suite.yaml`, cases: ids.map((id) => ({ id })) }) as unknown as Suite;

describe('parseRecordedTraces', () => {
  it('parses one trace per line and skips blank lines', () => {
    const text = `{"case_id":"a","outcome":"completed","output":"hi","tool_calls":[{"name":"t","result":1}]}\n\n{"case_id":"b","outcome":"timeout"}\n`;
    const parsed = parseRecordedTraces(text, 'traces.jsonl');
    expect(parsed).toMatchObject({ issues: [], lines: [{ line: 1, trace: { case_id: 'a' } }, { line: 3, trace: { case_id: 'b', outcome: 'timeout' } }] });
  });

  it('refuses a trace id held twice by two lines that differ, at its second line: it was scored as two attempts of its case, two results with one trace id', () => {
    const line = (id: string, output = 'hi') => `{"trace_id":"${id}","case_id":"a","outcome":"completed","output":"${output}"}`;
    const parsed = parseRecordedTraces(`${line('t1')}\n${line('t2')}\n${line('t1', 'bye')}\n{"case_id":"a","outcome":"completed"}\n{"case_id":"a","outcome":"completed"}\n`, 'traces.jsonl');
    expect(parsed.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.code} ${i.message}`)).toEqual(['traces.jsonl:3:1 trace_id duplicate_trace trace t1 is also on line 1: each trace is scored once']);
  });

  it('keeps production cases that share a trace id, as score --unlabeled wrote them (t1, t1-line-2): a shadow run\'s traces.jsonl scored again was a duplicate_trace', () => {
    const line = (caseId: string, output: string) => `{"trace_id":"t1","suite":"production","case_id":"${caseId}","outcome":"completed","output":"${output}"}`;
    const parsed = parseRecordedTraces(`${line('t1', 'a')}\n${line('t1-line-2', 'b')}\n${line('t1', 'c')}\n`, 'traces.jsonl');
    // One production case's trace id twice is still two attempts of one run.
    expect(parsed.issues.map((i) => `${i.line} ${i.code}`)).toEqual(['3 duplicate_trace']);
  });

  it('reads a line that repeats an earlier one exactly, trace id and all, once: a log shipper delivered the trace twice (as an OTLP span exported twice)', () => {
    const line = (id: string) => `{"trace_id":"${id}","case_id":"a","outcome":"completed"}`;
    // Lines with no trace id may be two real attempts that went alike: both kept.
    const parsed = parseRecordedTraces(`${line('t1')}\n${line('t2')}\n${line('t1')}\r\n${line('t1')}\n{"case_id":"a","outcome":"completed"}\n{"case_id":"a","outcome":"completed"}\n`, 'traces.jsonl');
    expect(parsed.issues).toEqual([]);
    expect(parsed.lines.map((l) => l.line)).toEqual([1, 2, 5, 6]);
    expect(parsed.repeated).toEqual([{ line: 3, of: 1 }, { line: 4, of: 1 }]);
  });

  it('refuses a time past 2^53 ms at its value: score rounded 1e300 to Infinity and wrote duration_ms null, a run folder no command could read back', () => {
    const parsed = parseRecordedTraces('{"case_id":"a","outcome":"completed","duration_ms":1e300}\n{"case_id":"a","outcome":"completed","tool_calls":[{"name":"t","latency_ms":1e308}]}\n', 'traces.jsonl');
    expect(parsed.lines).toEqual([]);
    expect(parsed.issues.map((i) => `${i.line} ${i.path} ${i.message}`)).toEqual(['1 duration_ms Too big: expected number to be <=9007199254740991', '2 tool_calls[0].latency_ms Too big: expected number to be <=9007199254740991']);
    expect(parseRecordedTraces(`{"case_id":"a","outcome":"completed","duration_ms":${Number.MAX_SAFE_INTEGER}}\n`, 'traces.jsonl').issues).toEqual([]);
  });

  it('hints at quotes for a number where a string goes without blaming YAML: a traces file is JSON', () => {
    const [issue] = parseRecordedTraces('{"case_id":"a","outcome":"completed","tool_calls":[{"name":5}]}\n', 'traces.jsonl').issues;
    expect(issue).toMatchObject({ path: 'tool_calls[0].name', expected: 'a string (in quotes, "5": unquoted, it is a number)' });
  });

  it('reports every bad line with its number', () => {
    const parsed = parseRecordedTraces('not json\n{"case_id":"a","outcome":"done"}\n{"case_id":"b","outcome":"refused"}\n', 'traces.jsonl');
    expect(parsed.lines.map((l) => l.line)).toEqual([3]);
    expect(parsed.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.code}`)).toEqual([
      'traces.jsonl:1:1  invalid_json',
      'traces.jsonl:2:26 outcome invalid_value',
    ]);
    expect(parseRecordedTraces('\n', 'empty.jsonl')).toMatchObject({ lines: [], issues: [{ code: 'empty', found: 'an empty file (nothing but blank lines)' }] });
  });

  it('places a line JSON.parse refused where it stopped, saying what it found there, as the baseline does', () => {
    const cut = parseRecordedTraces('{"case_id": "abc\n', 'traces.jsonl').issues[0];
    expect(cut).toMatchObject({ line: 1, column: 17, code: 'invalid_json', found: 'the end of the line (unterminated string)' });
    const comma = parseRecordedTraces('\n{"a": 1,, "b": 2}\n', 'traces.jsonl').issues[0];
    expect(comma).toMatchObject({ line: 2, column: 9, found: "unexpected ',' (expected double-quoted property name)" });
    expect(parseRecordedTraces('not json\n', 'traces.jsonl').issues[0]).toMatchObject({ column: 1, found: '"not json"' });
  });

  it('words a line\'s schema problems as the config\'s are, each at its own column: a missing key, an unknown key', () => {
    const parsed = parseRecordedTraces('\n{"case_id": "refund", "result": "completed"}\n', 'traces.jsonl');
    expect(parsed.issues.map((i) => `${i.line}:${i.column} ${i.path} | ${i.expected} | ${i.found}`)).toEqual([
      '2:1 outcome | key "outcome" with one of completed | partial | escalated | clarified | refused | timeout | agent_error | error | unknown | no "outcome" key',
      '2:23 result | no key "result" here (allowed: $schema, case_id, suite, trace_id, outcome, output, usage, tool_calls, approvals, duration_ms, error, turns) | "result"',
    ]);
    expect(parsed.issues.every((i) => i.sourceLine === '{"case_id": "refund", "result": "completed"}')).toBe(true);
    // A typo of a key it lacks is one problem, naming the key meant, not also the key missing.
    const typo = parseRecordedTraces('{"case_id": "refund", "outcom": "completed"}\n', 'traces.jsonl');
    expect(typo.issues.map((i) => `${i.path} | ${i.expected}`)).toEqual([
      'outcom | no key "outcom" here: did you mean "outcome"? (allowed: $schema, case_id, suite, trace_id, outcome, output, usage, tool_calls, approvals, duration_ms, error, turns)',
    ]);
  });
});

describe('parseRecordedTraces: usage, one report or a list', () => {
  it('words a list of reports by the list\'s own problems, each at its entry, not as "a mapping" it is not', () => {
    const line = '{"case_id": "refund", "outcome": "completed", "usage": [{"model": "m", "input_tokens": 1.5, "output_tokens": "3"}]}';
    const parsed = parseRecordedTraces(`${line}\n`, 'traces.jsonl');
    expect(parsed.issues.map((i) => `${i.path} | ${i.expected} | ${i.found}`)).toEqual([
      'usage[0].input_tokens | an integer | 1.5',
      'usage[0].output_tokens | a number | "3"',
    ]);
    // One report, not in a list, is worded the same way.
    const one = parseRecordedTraces('{"case_id": "refund", "outcome": "completed", "usage": {"model": "m", "input_tokens": 1.5, "output_tokens": 3}}\n', 'traces.jsonl');
    expect(one.issues.map((i) => `${i.path} | ${i.expected} | ${i.found}`)).toEqual(['usage.input_tokens | an integer | 1.5']);
  });
});

describe('parseRecordedTraces on lines nested deep', () => {
  it('reports a line nested past 105 levels at the bracket that goes past, and reads the others (scoring it ran out of stack)', () => {
    const deep = `{"case_id":"a","outcome":"completed","output":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const nested99 = `{"case_id":"b","outcome":"completed","output":${'['.repeat(99)}${']'.repeat(99)}}`;
    const parsed = parseRecordedTraces(`${nested99}\n${deep}\n`, 'traces.jsonl');
    expect(parsed.lines.map((l) => l.trace.case_id)).toEqual(['b']);
    expect(parsed.issues).toMatchObject([{ file: 'traces.jsonl', line: 2, column: 151, code: 'too_deep', found: 'level 106 here' }]);
    expect(parsed.issues[0]!.sourceLine!.length).toBeLessThan(300);
  });
});

describe('parseRecordedTraces on the deepest values a run records', () => {
  // An argument (or a handler's result) may nest 100 levels, a state change's value 99 under an operation: a run's own traces.jsonl is read back.
  it('refuses a trace reporting more tool calls than an exec result may, at its tool_calls, before the schema reads them; reads one at the limit', () => {
    const line = (n: number) => `{"case_id":"a","outcome":"completed","output":{"\\"tool_calls\\":":1},"tool_calls":[${Array.from({ length: n }, () => '{"name":"t"}').join(',')}]}`;
    const parsed = parseRecordedTraces(`${line(MAX_REPORTED_TOOL_CALLS)}\n${line(MAX_REPORTED_TOOL_CALLS + 1)}\n`, 'traces.jsonl');
    expect(parsed.lines.map((l) => [l.line, l.trace.tool_calls?.length])).toEqual([[1, MAX_REPORTED_TOOL_CALLS]]);
    expect(parsed.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.code} ${i.message}`)).toEqual([
      `traces.jsonl:2:69 tool_calls too_many_tool_calls ${MAX_REPORTED_TOOL_CALLS + 1} tool calls in one trace, more than the ${MAX_REPORTED_TOOL_CALLS} one trace may report (as an exec result may)`,
    ]);
    expect(parsed.issues[0]!.sourceLine?.length).toBeLessThan(200);
  });

  it('reads a call whose arguments nest 100 levels and a state change whose value nests 99', () => {
    const nest = (k: number): unknown => (k === 0 ? {} : { a: nest(k - 1) });
    const line = JSON.stringify({ case_id: 'a', outcome: 'completed', output: nest(99), tool_calls: [{ name: 't', arguments: nest(99), result: nest(99), at_ms: 1, latency_ms: 1, state_change: [{ op: 'add', path: '/deep', value: nest(98) }] }] });
    const parsed = parseRecordedTraces(`${line}\n`, 'traces.jsonl');
    expect(parsed.issues).toEqual([]);
    expect(parsed.lines.map((l) => l.trace.case_id)).toEqual(['a']);
  });
});

describe("parseRecordedTraces over agentready's own traces.jsonl", () => {
  const own = {
    trace_id: 'abc',
    suite: 'orders',
    case_id: 'a',
    attempt: 1,
    mode: 'normal',
    outcome: 'completed',
    output: 'refunded',
    duration_ms: 42,
    tool_calls: [
      { seq: 0, name: 'lookup_order', arguments: { id: '1' }, answer: 'answer', result: { ok: true }, at_ms: 1, latency_ms: 3 },
      { seq: 1, name: 'refund', arguments: { id: '1' }, answer: 'fault', error: { kind: 'rate_limit', message: 'slow down', status: 429, retry_after_ms: 50 }, at_ms: 5, latency_ms: 1 },
      { seq: 2, name: 'delete_user', arguments: { id: '1' }, answer: 'policy_denied', error: { kind: 'policy_denied', message: 'no', rule_id: 'r1' }, approved: false, at_ms: 7, latency_ms: 0 },
      { seq: 3, name: 'close_account', arguments: 'oops', answer: 'invalid_arguments', at_ms: 8, latency_ms: 0 },
    ],
    approvals: [{ name: 'refund', arguments: { id: '2' }, reason: 'asked', approved: false, at_ms: 6.5 }],
    usage: [
      { model: 'small-model', input_tokens: 10, output_tokens: 2, cost_usd: 0.001, priced: true },
      { model: 'unknown-model', input_tokens: 5, output_tokens: 1, cost_usd: 0, priced: false },
    ],
    policy_decisions: [],
  };

  it('reads a trace line as the recorded trace it amounts to; refused calls stay refused', () => {
    const parsed = parseRecordedTraces(`${JSON.stringify(own)}\n`, 'traces.jsonl');
    expect(parsed.issues).toEqual([]);
    expect(parsed.lines[0]?.trace).toEqual({
      case_id: 'a',
      suite: 'orders',
      trace_id: 'abc',
      outcome: 'completed',
      output: 'refunded',
      duration_ms: 42,
      usage: [
        { model: 'small-model', input_tokens: 10, output_tokens: 2, cost_usd: 0.001 },
        { model: 'unknown-model', input_tokens: 5, output_tokens: 1 },
      ],
      // Each call at its own time, and every approval asked (a retry's wait, a refused approval no call followed, are judged again).
      tool_calls: [
        { name: 'lookup_order', arguments: { id: '1' }, result: { ok: true }, at_ms: 1, latency_ms: 3 },
        { name: 'refund', arguments: { id: '1' }, error: { kind: 'rate_limit', message: 'slow down', status: 429, retry_after_ms: 50 }, at_ms: 5, latency_ms: 1 },
        { name: 'delete_user', arguments: { id: '1' }, error: { kind: 'policy_denied', message: 'no', rule_id: 'r1' }, approved: false, at_ms: 7, latency_ms: 0 },
        { name: 'close_account', arguments: {}, error: { kind: 'invalid_arguments' }, at_ms: 8, latency_ms: 0 },
      ],
      approvals: [{ name: 'refund', arguments: { id: '2' }, reason: 'asked', approved: false, at_ms: 6.5 }],
    });
  });

  it('keeps a malformed fault a fault; leaves out skipped cases; refuses kill-switch traces; counts redacted lines', () => {
    const malformed = { ...own, trace_id: 't-malformed', tool_calls: [{ seq: 0, name: 'lookup_order', arguments: {}, answer: 'fault', result: '<html>oops', at_ms: 0, latency_ms: 1 }] };
    const skipped = { ...own, outcome: 'error', tool_calls: [], usage: [], error: { code: 'SKIPPED', message: 'the run reached max_run_cost_usd 1' } };
    const killSwitch = { ...own, mode: 'read_only' };
    const redacted = { ...own, trace_id: 't-redacted', output: 'mailed [email]' };
    const parsed = parseRecordedTraces([malformed, skipped, killSwitch, redacted].map((t) => JSON.stringify(t)).join('\n'), 'traces.jsonl');
    expect(parsed.lines.map((l) => l.line)).toEqual([1, 4]);
    expect(parsed.lines[0]?.trace.tool_calls).toEqual([
      { name: 'lookup_order', arguments: {}, result: '<html>oops', error: { kind: 'malformed', message: 'the tool answered a malformed result' }, at_ms: 0, latency_ms: 1 },
    ]);
    expect(parsed.issues.map((i) => `${i.line} ${i.path} ${i.code}`)).toEqual(['3 mode kill_switch_trace']);
    expect(parsed.issues[0]?.expected).toContain('a `--kill-switch` run is judged by its readiness check, which `score` does not do');
    // Every line of a kill-switch run is the same problem: said once, with the count.
    const twice = parseRecordedTraces(`${JSON.stringify(killSwitch)}\n${JSON.stringify({ ...killSwitch, trace_id: 'k2', case_id: 'b' })}`, 't.jsonl');
    expect(twice.issues.map((i) => `${i.line} ${i.found}`)).toEqual(['1 "read_only" on 2 lines, from this one']);
    expect(parsed.redacted).toBe(1);
    expect(parseRecordedTraces(JSON.stringify(skipped), 't.jsonl').issues).toMatchObject([{ code: 'empty', message: 'the traces file holds only cases that never ran (1 skipped)' }]);
  });

  it("keeps a failed run's message, and reports a broken trace line against the trace format", () => {
    const failed = { ...own, outcome: 'timeout', tool_calls: [], usage: [], error: { code: 'TIMEOUT', message: 'the agent did not answer within timeout_ms 100' } };
    const broken = { ...own, attempt: 0 };
    const parsed = parseRecordedTraces(`${JSON.stringify(failed)}\n${JSON.stringify(broken)}\n`, 'traces.jsonl');
    expect(parsed.lines[0]?.trace).toMatchObject({ outcome: 'timeout', error: 'the agent did not answer within timeout_ms 100' });
    expect(parsed.issues.map((i) => `${i.line} ${i.path} ${i.code}`)).toEqual(['2 attempt too_small']);
  });

  it("words a broken line of its own traces.jsonl as a hand-written line's are, at the value's column, not zod's words at column 1", () => {
    const line = JSON.stringify({ ...own, outcome: { done: 1 }, duration_ms: -5 });
    const parsed = parseRecordedTraces(`\n${line}\n`, 'traces.jsonl');
    expect(parsed.issues.map((i) => `${i.line}:${i.column} ${i.path} | ${i.expected} | ${i.found}`)).toEqual([
      `2:${line.indexOf('{"done"') + 1} outcome | one of completed | partial | escalated | clarified | refused | timeout | agent_error | error | unknown | {"done":1}`,
      `2:${line.indexOf('-5') + 1} duration_ms | a number of at least 0 | -5`,
    ]);
    expect(parsed.issues.every((i) => i.sourceLine === line && !/Invalid|Too small/.test(`${i.expected}`))).toBe(true);
  });
});

describe('matchRecordedTraces', () => {
  const suites = [suite('orders', ['a', 'shared']), suite('account', ['shared'])];
  const line = (n: number, trace: Record<string, unknown>) => ({ line: n, trace: { outcome: 'completed' as const, ...trace } as never });

  it('finds each trace\'s case, by suite when the id is shared', () => {
    const matched = matchRecordedTraces([line(1, { case_id: 'a' }), line(2, { case_id: 'shared', suite: 'account' })], { suites, file: 't.jsonl' });
    expect(matched.ok && matched.value.map((m) => `${m.suite.name}/${m.kase.id}`)).toEqual(['orders/a', 'account/shared']);
  });

  it('an unknown case and an ambiguous id are problems at their lines', () => {
    const matched = matchRecordedTraces([line(1, { case_id: 'nope' }), line(2, { case_id: 'shared' })], { suites, file: 't.jsonl' });
    expect(matched).toMatchObject({
      ok: false,
      issues: [
        { line: 1, code: 'unknown_case', message: 'no case "nope" in any suite' },
        { line: 2, code: 'ambiguous_case', message: 'case "shared" is in several suites (orders, account); say which with "suite"' },
      ],
    });
  });

  it('with the lines of a JSONL file, a problem stands at the case_id it names, with the line as its code frame', () => {
    const sources = ['{"case_id": "a", "outcome": "completed"}', '{"outcome": "completed", "case_id": "nope"}', '{"case_id": "shared", "outcome": "completed"}'];
    const matched = matchRecordedTraces([line(1, { case_id: 'a' }), line(2, { case_id: 'nope' }), line(3, { case_id: 'shared' })], { suites, file: 't.jsonl', sourceOf: (n) => sources[n - 1] });
    expect(matched).toMatchObject({
      ok: false,
      issues: [
        { file: 't.jsonl', line: 2, column: 37, endColumn: 43, path: 'case_id', code: 'unknown_case', found: '"nope"', sourceLine: sources[1] },
        { file: 't.jsonl', line: 3, column: 1, path: 'suite', code: 'ambiguous_case', sourceLine: sources[2] },
      ],
    });
  });

  it('a suite the config does not have is the problem at "suite", naming the suites; a case of another suite says which', () => {
    const sources = ['{"case_id": "a", "suite": "nosuch"}', '{"case_id": "a", "suite": "account"}'];
    const matched = matchRecordedTraces([line(1, { case_id: 'a', suite: 'nosuch' }), line(2, { case_id: 'a', suite: 'account' })], { suites, file: 't.jsonl', sourceOf: (n) => sources[n - 1] });
    expect(matched).toMatchObject({
      ok: false,
      issues: [
        { line: 1, column: 27, path: 'suite', code: 'unknown_suite', message: 'no suite "nosuch" in the config', expected: 'the name of a suite of the config: orders, account', found: '"nosuch"' },
        { line: 2, column: 13, path: 'case_id', code: 'unknown_case', message: 'no case "a" in suite "account"', expected: 'a case of suite "account" (case "a" is in suite orders: "suite": "orders")', found: '"a"' },
      ],
    });
  });

  it('a case_id written <suite>/<id>, as the outputs name cases, is told how to write it', () => {
    const matched = matchRecordedTraces([line(1, { case_id: 'account/shared' }), line(2, { case_id: 'account/a' })], { suites, file: 't.jsonl' });
    expect(matched).toMatchObject({
      ok: false,
      issues: [
        { line: 1, code: 'unknown_case', expected: 'the case\'s own id, "shared", with its suite apart: "suite": "account"' },
        { line: 2, code: 'unknown_case', expected: 'the id of a case in the suites of the config' },
      ],
    });
  });
});
