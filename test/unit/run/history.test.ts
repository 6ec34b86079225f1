import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { jsonText } from '../../../src/common/sanitize.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistory, eachHistoryEntry, historyEntries, historyPath, parseHistory, readHistory } from '../../../src/run/history.js';
import { result } from '../gate/results-builder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function root(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-history-'));
  dirs.push(dir);
  return dir;
}

const RESULTS = [result({ case_id: 'a' }), result({ case_id: 'b', status: 'failed' }), result({ case_id: 'b', attempt: 2 }), result({ case_id: 'c', status: 'skipped' })];

describe('historyEntries', () => {
  it('makes one line per attempt that ran, with the run id, commit and start time', () => {
    const entries = historyEntries({ results: RESULTS, runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z', commit: 'abc123' });
    expect(entries).toEqual([
      { suite: 'support', case_id: 'a', attempt: 1, fingerprint: 'fp-a', status: 'passed', run_id: 'r1', commit: 'abc123', timestamp: '2026-03-01T10:00:00.000Z' },
      { suite: 'support', case_id: 'b', attempt: 1, fingerprint: 'fp-b', status: 'failed', run_id: 'r1', commit: 'abc123', timestamp: '2026-03-01T10:00:00.000Z' },
      { suite: 'support', case_id: 'b', attempt: 2, fingerprint: 'fp-b', status: 'passed', run_id: 'r1', commit: 'abc123', timestamp: '2026-03-01T10:00:00.000Z' },
    ]);
    expect(historyEntries({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: 't' })[0]).not.toHaveProperty('commit');
  });
});

describe('appendHistory and readHistory', () => {
  it('appends run after run to .agentready/history.jsonl and reads them back in order', () => {
    const file = historyPath(root());
    expect(readHistory(file)).toEqual({ entries: [], unreadable: 0 });
    appendHistory(file, historyEntries({ results: RESULTS.slice(0, 2), runId: 'r1', startedAt: 't1' }));
    appendHistory(file, historyEntries({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: 't2' }));
    appendHistory(file, []);
    expect(file.endsWith(path.join('.agentready', 'history.jsonl'))).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    expect(readHistory(file).entries.map((e) => [e.run_id, e.case_id])).toEqual([['r1', 'a'], ['r1', 'b'], ['r2', 'a']]);
  });

  it('appends a history longer than one write whole, line by line, from entries made as they are read', () => {
    const file = historyPath(root());
    const many = Array.from({ length: 5000 }, (_, i) => result({ case_id: `case-${i}` }));
    let read = 0;
    const results = (function* () {
      for (const r of many) {
        read++;
        yield r;
      }
    })();
    const entries = eachHistoryEntry({ results, runId: 'big', startedAt: 't' });
    expect(read).toBe(0);
    appendHistory(file, entries);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(1 << 19);
    const history = readHistory(file);
    expect(history.unreadable).toBe(0);
    expect(history.entries.map((e) => e.case_id)).toEqual(many.map((r) => r.case_id));
  });

  it('writes each line as jsonText would: C1 controls, line separators and bidi overrides escaped, across chunks', () => {
    const file = historyPath(root());
    // Past one write's chunk, with the characters to escape in the first line, a later chunk's and the last.
    const ids = Array.from({ length: 600 }, (_, i) => (i % 299 === 0 ? `case-${i}\u009b2J\u2028\u202e${'x'.repeat(60)}` : `case-${i}-${'y'.repeat(60)}`));
    const entries = historyEntries({ results: ids.map((case_id) => result({ case_id })), runId: 'r1', startedAt: 't1' });
    appendHistory(file, entries);
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(1 << 15);
    expect(text).toBe(entries.map((entry) => `${jsonText(entry)}\n`).join(''));
    expect(text).not.toMatch(/[\u009b\u2028\u202e]/);
    expect(readHistory(file).entries.map((e) => e.case_id)).toEqual(ids);
  });

  it('skips and counts a line cut short or not an entry, and keeps the rest', () => {
    const file = historyPath(root());
    appendHistory(file, historyEntries({ results: RESULTS.slice(0, 1), runId: 'r1', startedAt: 't1' }));
    appendFileSync(file, '{"suite":"support","case_id":"b","att\n{"format":"future"}\n');
    appendHistory(file, historyEntries({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: 't2' }));
    const history = readHistory(file);
    expect(history.unreadable).toBe(2);
    expect(history.entries.map((e) => e.run_id)).toEqual(['r1', 'r2']);
    expect(parseHistory('\n\n')).toEqual({ entries: [], unreadable: 0 });
  });
});
