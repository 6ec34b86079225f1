// A traces file's problems keep their place on a line of megabytes and after thousands of good
// lines: such a line is located from its text (config/json-line-locate.ts), not by yaml's parse
// of the whole line, which took 0.7 GB and 12 s of CPU for one 7.7 MB line.
import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { matchRecordedTraces, parseRecordedTraces } from '../../../src/run/recorded-traces.js';

/** A trace line of about `calls` × 160 bytes: tool calls answering records, then `tail` (the keys after them). */
function hugeLine(calls: number, tail: string): string {
  const call = (i: number) => ({ name: 'lookup_order', arguments: { order_id: String(i) }, result: { items: [{ id: `o-${i}`, status: 'shipped', total: 25.5, note: 'lorem ipsum dolor sit amet' }] } });
  return `{"case_id":"a","tool_calls":${JSON.stringify(Array.from({ length: calls }, (_, i) => call(i)))},${tail}}`;
}

const columnOf = (line: string, text: string, nth = 0) => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(text, at + 1);
  return at + 1;
};

describe('parseRecordedTraces on a line of megabytes', () => {
  it('places a bad value at its column, a misspelt key deep in the last call at its key, a missing key at the line start', () => {
    const line = hugeLine(6500, '"outcome":"finished"');
    expect(line.length).toBeGreaterThan(1_000_000);
    const [outcome] = parseRecordedTraces(`${line}\n`, 'traces.jsonl').issues;
    const column = columnOf(line, '"finished"');
    expect(outcome).toMatchObject({ line: 1, column, endColumn: column + '"finished"'.length, path: 'outcome', found: '"finished"', sourceLine: line });

    const misspelt = hugeLine(6500, '"outcome":"completed"').replace('"arguments":{"order_id":"6499"}', '"argumnets":{"order_id":"6499"}');
    const issues = parseRecordedTraces(`${misspelt}\n`, 'traces.jsonl').issues;
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`)).toEqual([`1:${columnOf(misspelt, '"argumnets"')} tool_calls[6499].argumnets unknown key "argumnets"`]);

    const missing = parseRecordedTraces(`${hugeLine(6500, '"output":"hi"')}\n`, 'traces.jsonl').issues;
    expect(missing.map((i) => `${i.line}:${i.column} ${i.path} ${i.found}`)).toEqual(['1:1 outcome no "outcome" key']);
  });

  it('places a bad line after thousands of good ones at its own line and column', () => {
    const good = Array.from({ length: 3000 }, (_, i) => `{"case_id":"a","trace_id":"t${i}","outcome":"completed","output":"ok"}`);
    const bad = '{"case_id":"a","trace_id":"last","outcome":"completed","duration_ms":-5}';
    const parsed = parseRecordedTraces(`${good.join('\n')}\n${bad}\n`, 'traces.jsonl');
    expect(parsed.lines).toHaveLength(3000);
    const column = columnOf(bad, '-5');
    expect(parsed.issues).toMatchObject([{ line: 3001, column, endColumn: column + 2, path: 'duration_ms', sourceLine: bad }]);
  });

  it('reads a line YAML would not take as plain JSON (a key twice) as before: its problems at the line start, in zod\'s words', () => {
    const line = hugeLine(200, '"outcome":"completed","outcome":"finished"');
    expect(parseRecordedTraces(`${line}\n`, 'traces.jsonl').issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`)).toEqual([
      '1:1 outcome Invalid option: expected one of "completed"|"partial"|"escalated"|"clarified"|"refused"|"timeout"|"agent_error"|"error"|"unknown"',
    ]);
  });
});

describe('matchRecordedTraces on a line of megabytes', () => {
  it('places an unknown case_id after the tool calls at its value', () => {
    const line = hugeLine(6500, '"outcome":"completed","suite":"orders","case_id":"nope"').replace('{"case_id":"a",', '{');
    const suites = [{ name: 'orders', file: 'orders.suite.yaml', cases: [{ id: 'a' }] }] as unknown as Suite[];
    const parsed = parseRecordedTraces(`${line}\n`, 'traces.jsonl');
    expect(parsed.issues).toEqual([]);
    const matched = matchRecordedTraces(parsed.lines, { suites, file: 'traces.jsonl', sourceOf: () => line });
    const column = columnOf(line, '"nope"');
    expect(matched).toMatchObject({ ok: false, issues: [{ line: 1, column, endColumn: column + 6, path: 'case_id', code: 'unknown_case', sourceLine: line }] });
  });
});
