import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { matchRecordedTraces, parseRecordedTraces } from '../../../src/run/recorded-traces.js';

const suite = (name: string, ids: string[]) => ({ name, file: `${name}.suite.yaml`, cases: ids.map((id) => ({ id })) }) as unknown as Suite;

describe('parseRecordedTraces', () => {
  it('parses one trace per line and skips blank lines', () => {
    const text = `{"case_id":"a","outcome":"completed","output":"hi","tool_calls":[{"name":"t","result":1}]}\n\n{"case_id":"b","outcome":"timeout"}\n`;
    const parsed = parseRecordedTraces(text, 'traces.jsonl');
    expect(parsed).toMatchObject({ issues: [], lines: [{ line: 1, trace: { case_id: 'a' } }, { line: 3, trace: { case_id: 'b', outcome: 'timeout' } }] });
  });

  it('reports every bad line with its number', () => {
    const parsed = parseRecordedTraces('not json\n{"case_id":"a","outcome":"done"}\n{"case_id":"b","outcome":"refused"}\n', 'traces.jsonl');
    expect(parsed.lines.map((l) => l.line)).toEqual([3]);
    expect(parsed.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.code}`)).toEqual([
      'traces.jsonl:1:1  invalid_json',
      'traces.jsonl:2:1 outcome invalid_value',
    ]);
    expect(parseRecordedTraces('\n', 'empty.jsonl')).toMatchObject({ lines: [], issues: [{ code: 'empty' }] });
  });
});

describe('matchRecordedTraces', () => {
  const suites = [suite('orders', ['a', 'shared']), suite('account', ['shared'])];
  const line = (n: number, trace: Record<string, unknown>) => ({ line: n, trace: { outcome: 'completed' as const, ...trace } as never });

  it('finds each trace\'s case, by suite when the id is shared', () => {
    const matched = matchRecordedTraces([line(1, { case_id: 'a' }), line(2, { case_id: 'shared', suite: 'account' })], suites, 't.jsonl');
    expect(matched.ok && matched.value.map((m) => `${m.suite.name}/${m.kase.id}`)).toEqual(['orders/a', 'account/shared']);
  });

  it('an unknown case and an ambiguous id are problems at their lines', () => {
    const matched = matchRecordedTraces([line(1, { case_id: 'nope' }), line(2, { case_id: 'shared' })], suites, 't.jsonl');
    expect(matched).toMatchObject({
      ok: false,
      issues: [
        { line: 1, code: 'unknown_case', message: 'no case "nope" in any suite' },
        { line: 2, code: 'ambiguous_case', message: 'case "shared" is in several suites (orders, account); say which with "suite"' },
      ],
    });
  });
});
