// A JSONL traces file whose last line was cut short — a run killed while writing its traces.jsonl
// (SIGKILL, a full disk), a file a shipper still appends to — scores its whole lines and says the
// last was left out, as an OTLP file's last request cut short is (otlp/decode.test.ts).
import { describe, expect, it } from 'vitest';
import { readTracesToScore } from '../../../src/run/traces-file.js';

const line = (caseId: string) => JSON.stringify({ trace_id: `t-${caseId}`, case_id: caseId, outcome: 'completed', output: 'ok', duration_ms: 1, tool_calls: [], usage: [] });
const suites = [{ name: 's', cases: [{ id: 'a', fingerprint: 'fp' }, { id: 'b', fingerprint: 'fp' }] }] as never;

describe('readTracesToScore with a last JSONL line cut short', () => {
  it('leaves it out and says so; with its newline, the same line is refused', () => {
    const killed = `${line('a')}\n${line('b').slice(0, 40)}`;
    const read = readTracesToScore({ text: killed, file: 'traces.jsonl', suites, unlabeled: false });
    expect(read.ok && read.value.traces.map((t) => t.trace.case_id)).toEqual(['a']);
    expect(read.ok && read.value.warnings).toEqual(['traces.jsonl:2: the last line, with no newline after it, is no whole trace (the file still being written, or a run killed while writing it): left out']);
    const ended = readTracesToScore({ text: `${killed}\n`, file: 'traces.jsonl', suites, unlabeled: false });
    expect(ended.ok ? [] : ended.issues.map((i) => [i.line, i.code])).toEqual([[2, 'invalid_json']]);
    // A whole last line without its newline is read as ever.
    const whole = readTracesToScore({ text: `${line('a')}\n${line('b')}`, file: 'traces.jsonl', suites, unlabeled: false });
    expect(whole.ok && [whole.value.traces.length, whole.value.warnings]).toEqual([2, []]);
  });
});
