// A run folder's traces read one at a time by trace id, as `readTraces` reads them whole: the
// last line of an id wins, a line cut short or not a trace is passed over, non-ASCII text keeps
// its byte offsets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTraces } from '../../../src/run/run-traces.js';
import { TraceLines } from '../../../src/run/trace-lines.js';

const trace = (id: string, output: string) =>
  JSON.stringify({ trace_id: id, suite: 's', case_id: id, attempt: 1, mode: 'normal', outcome: 'completed', output, duration_ms: 1, tool_calls: [], approvals: [], usage: [], policy_decisions: [] });

describe('TraceLines', () => {
  it('gives each id the trace readTraces gives it, reading only that line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-lines-'));
    // t2's last line is JSON but no trace: the one before it is t2's. t5 names its id later in its line; t"6 escapes it.
    const reordered = JSON.stringify({ suite: 's', ...(JSON.parse(trace('t5', 'keys in another order')) as object) });
    const lines = [trace('t1', 'first ✓ ünïcode'), trace('t2', 'two'), '{"trace_id":"t3","suite":', trace('t1', 'again ✓'), '{"not":"a trace"}', '{"trace_id":"t2"}', reordered, trace('t"6', 'escaped'), trace('t4', 'last, no newline')];
    writeFileSync(join(dir, 'traces.jsonl'), lines.join('\n'));
    const whole = readTraces(dir);
    const one = new TraceLines(dir);
    try {
      for (const id of ['t1', 't2', 't3', 't4', 't5', 't"6', 'missing']) expect(one.get(id)).toEqual(whole.get(id));
      expect(one.get('t1')?.output).toBe('again ✓');
      expect(one.get('t2')?.output).toBe('two');
      expect(one.get('t5')?.output).toBe('keys in another order');
      expect(one.get('t"6')?.output).toBe('escaped');
      expect(one.get('t4')?.output).toBe('last, no newline');
      expect(one.get('t3')).toBeUndefined();
    } finally {
      one.close();
    }
  });

  it('a folder with no traces file has no traces', () => {
    const none = new TraceLines(mkdtempSync(join(tmpdir(), 'trace-lines-')));
    expect(none.get('t1')).toBeUndefined();
    none.close();
  });
});
