import { describe, expect, it } from 'vitest';
import { readTracesToScore } from '../../../../src/run/traces-file.js';

const REQUEST = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'invoke_agent x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] };
const problems = (text: string, file = 'tempo.json') => {
  const read = readTracesToScore({ text, file, suites: [], unlabeled: true });
  return read.ok ? [] : read.issues.map((issue) => [issue.line, issue.column, issue.path, issue.expected]);
};

describe('a traces file that wraps OTLP in another object, as a trace backend\'s query API answers', () => {
  it('is one problem at the wrapping key with the jq that takes the request out (it was one "one JSON object per line" problem per line of the pretty-printed answer)', () => {
    expect(problems(JSON.stringify({ trace: REQUEST }, null, 2))).toEqual([
      [2, 12, 'trace', 'an OTLP/JSON export request ({"resourceSpans": [...]}) itself: take it out, `jq -c \'.["trace"]\' tempo.json > traces.otlp.json`, and score that'],
    ]);
    expect(problems(JSON.stringify({ result: REQUEST }), 'jaeger.json')).toEqual([[1, 11, 'result', expect.stringContaining("`jq -c '.[\"result\"]' jaeger.json > traces.otlp.json`")]]);
    expect(problems(JSON.stringify({ batches: REQUEST.resourceSpans }), 'my traces.json')).toEqual([[1, 12, 'batches', expect.stringContaining("`jq -c '{resourceSpans: .[\"batches\"]}' 'my traces.json' > traces.otlp.json`")]]);
  });

  it('a JSON list of traces or requests is one problem naming the jq that writes one a line (it said "a list of entries goes under `turns:`", or one problem per line)', () => {
    const traces = [{ trace_id: 'a', outcome: 'completed', output: 'x' }, { trace_id: 'b', outcome: 'completed', output: 'y' }];
    const oneLine = [[1, 1, '', "one recorded trace (or OTLP/JSON export request) per line, not a JSON list: write one a line, `jq -c '.[]' out.json > traces.jsonl`, and score that"]];
    expect(problems(JSON.stringify(traces), 'out.json')).toEqual(oneLine);
    expect(problems(JSON.stringify(traces, null, 2), 'out.json')).toEqual(oneLine);
    expect(problems(JSON.stringify([REQUEST, REQUEST], null, 2), 'out.json')).toEqual(oneLine);
  });

  it('leaves any other file\'s problems as they are', () => {
    expect(problems('{"trace": {"spans": []}}\n').map(([line, , path]) => [line, path])).toEqual([[1, 'outcome'], [1, 'trace']]);
  });
});
