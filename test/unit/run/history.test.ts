import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { jsonText } from '../../../src/common/sanitize.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistory, appendHistoryText, HistoryAhead, historyEntries, historyLines, historyPath, historyRunPart, historyText, madeHistory } from '../../../src/run/history.js';
import { parseHistory, readHistory } from '../../../src/run/read-history.js';
import { FigureStore } from '../../../src/score/index.js';
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

  it('names the config the run was made with, when it had a file (the configs of one folder share the history), and the line reads back', () => {
    const [line] = historyLines({ results: RESULTS.slice(0, 1), runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z', config: 'b.config.yaml' });
    expect(JSON.parse(line!)).toMatchObject({ run_id: 'r1', config: 'b.config.yaml' });
    expect(parseHistory(line!)).toEqual({ entries: [expect.objectContaining({ config: 'b.config.yaml' })], unreadable: 0 });
    expect(historyEntries({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: 't', config: undefined })[0]).not.toHaveProperty('config');
  });
});

describe('historyLines', () => {
  const runs = [
    { runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z', commit: 'abc123' },
    { runId: 'r"2', startedAt: 't', sameAgentError: true },
    { runId: 'r3', startedAt: 't', commit: 'def', sameAgentError: true },
    { runId: 'r4', startedAt: 't', config: 'a "b".config.yaml' },
  ];
  const results = [...RESULTS, result({ case_id: 'q"\u2028\u00e9', suite: 'ünï' })];

  it('writes each line as JSON.stringify writes its entry', () => {
    for (const run of runs) {
      expect([...historyLines({ results, ...run })]).toEqual(historyEntries({ results, ...run }).map((entry) => `${JSON.stringify(entry)}\n`));
    }
  });

  it('takes the attempts\' parts made ahead as the run went on, and makes the rest', () => {
    for (const run of runs) {
      const ahead = new HistoryAhead();
      const store = new FigureStore(results.length, ahead);
      // The last attempt has not ended when the others' parts are made: it is made at the end.
      for (const index of [2, 0, 3, 1]) store.record(index, results[index]!);
      store.record(4, results[4]!);
      const figures = store.list();
      expect(ahead.made(figures)).toHaveLength(5);
      expect([...historyLines({ results: figures, ...run, ahead })]).toEqual(historyEntries({ results, ...run }).map((entry) => `${JSON.stringify(entry)}\n`));
    }
  });

  it('makes the lines whole as attempts end once told the run\'s part, and the end takes them: the text appendHistory writes', () => {
    // Past several chunks, escapes early and late, a skipped attempt, attempts ending out of order; the part told after some ended.
    const many = Array.from({ length: 1200 }, (_, i) => result({ case_id: i % 397 === 0 ? `c${i}\u2028\u009b\u202e` : `c${i}-${'y'.repeat(60)}`, ...(i === 5 ? { status: 'skipped' as const } : {}) }));
    for (const run of runs) {
      const ahead = new HistoryAhead();
      const store = new FigureStore(many.length, ahead);
      for (const index of [1, 0, 2, 3]) store.record(index, many[index]!);
      ahead.runPart(historyRunPart(run));
      for (let index = 4; index < many.length - 1; index++) store.record(index, many[index]!);
      const figures = store.list();
      // The last attempt ended after the text was made whole this far: the end makes its line.
      store.record(many.length - 1, many[many.length - 1]!);
      expect(ahead.whole(historyRunPart(run), figures)).toBeUndefined();
      const all = store.list();
      expect(ahead.whole(historyRunPart(run), all)?.attempts).toBe(many.length);
      // The parts were joined into the lines, not kept beside them.
      expect(ahead.made(all)).toEqual([]);
      const text = [...historyText({ results: all, ...run, ahead }).chunks].join('');
      expect(text).toBe(historyEntries({ results: many, ...run }).map((entry) => `${jsonText(entry)}\n`).join(''));
      expect(text).not.toMatch(/[\u2028\u009b\u202e]/);
    }
  });

  it('makes at the end the lines of a run past the attempts made ahead (20,000), after those made whole', () => {
    const many = Array.from({ length: 20_050 }, (_, i) => result({ case_id: `c${i}${i === 20_020 ? '\u2028' : ''}` }));
    const run = { runId: 'r1', startedAt: 't', commit: 'abc' };
    const ahead = new HistoryAhead();
    ahead.runPart(historyRunPart(run));
    const store = new FigureStore(many.length, ahead);
    many.forEach((kept, index) => store.record(index, kept));
    expect(ahead.whole(historyRunPart(run), store.list())?.attempts).toBe(20_000);
    const text = [...historyText({ results: store.list(), ...run, ahead }).chunks].join('');
    expect(text).toBe(historyEntries({ results: many, ...run }).map((entry) => `${jsonText(entry)}\n`).join(''));
  });

  it('makes the lines again at the end when the run\'s part turned out otherwise (one same agent error, another commit) or a part is out of date', () => {
    const told = { runId: 'r1', startedAt: 't', commit: 'abc' };
    const expected = (run: typeof told & { sameAgentError?: boolean }) => historyEntries({ results, ...run }).map((entry) => `${jsonText(entry)}\n`).join('');
    for (const run of [{ ...told, sameAgentError: true }, { ...told, commit: 'def' }]) {
      const ahead = new HistoryAhead();
      ahead.runPart(historyRunPart(told));
      const store = new FigureStore(results.length, ahead);
      results.forEach((kept, index) => store.record(index, kept));
      expect(ahead.whole(historyRunPart(run), store.list())).toBeUndefined();
      expect([...historyText({ results: store.list(), ...run, ahead }).chunks].join('')).toBe(expected(run));
    }
    const ahead = new HistoryAhead();
    ahead.runPart(historyRunPart(told));
    const store = new FigureStore(results.length, ahead);
    results.forEach((kept, index) => store.record(index, kept));
    store.record(1, result({ case_id: 'b', status: 'error' }));
    expect(ahead.whole(historyRunPart(told), store.list())).toBeUndefined();
    expect([...historyText({ results: store.list(), ...told, ahead }).chunks].join('')).toContain('"status":"error"');
  });

  it('makes every part again for figures it was not told, or when a part made is out of date', () => {
    const ahead = new HistoryAhead();
    const store = new FigureStore(results.length, ahead);
    results.forEach((kept, index) => store.record(index, kept));
    expect(ahead.made(results)).toEqual([]);
    expect(ahead.made(store.list())).toHaveLength(results.length);
    store.record(1, result({ case_id: 'b', status: 'error' }));
    expect(ahead.made(store.list())).toEqual([]);
    expect([...historyLines({ results: store.list(), runId: 'r', startedAt: 't', ahead })][1]).toContain('"status":"error"');
  });
});

describe('appendHistory and readHistory', () => {
  it('appends run after run to .agentready/history.jsonl and reads them back in order', () => {
    const file = historyPath(root());
    expect(readHistory(file)).toEqual({ entries: [], unreadable: 0 });
    appendHistory(file, historyLines({ results: RESULTS.slice(0, 2), runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z' }));
    appendHistory(file, historyLines({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: '2026-03-02T10:00:00.000Z' }));
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
    const lines = historyLines({ results, runId: 'big', startedAt: '2026-03-01T10:00:00.000Z' });
    expect(read).toBe(0);
    appendHistory(file, lines);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(1 << 19);
    const history = readHistory(file);
    expect(history.unreadable).toBe(0);
    expect(history.entries.map((e) => e.case_id)).toEqual(many.map((r) => r.case_id));
  });

  it('writes each line as jsonText would: C1 controls, line separators and bidi overrides escaped, across chunks', () => {
    const file = historyPath(root());
    // Past one write's chunk, with the characters to escape in the first line, a later chunk's and the last.
    const ids = Array.from({ length: 600 }, (_, i) => (i % 299 === 0 ? `case-${i}\u009b2J\u2028\u202e${'x'.repeat(60)}` : `case-${i}-${'y'.repeat(60)}`));
    const input = { results: ids.map((case_id) => result({ case_id })), runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z' };
    const entries = historyEntries(input);
    appendHistory(file, historyLines(input));
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(1 << 15);
    expect(text).toBe(entries.map((entry) => `${jsonText(entry)}\n`).join(''));
    expect(text).not.toMatch(/[\u009b\u2028\u202e]/);
    expect(readHistory(file).entries.map((e) => e.case_id)).toEqual(ids);
  });

  it('makes a history text ahead, up to its limit, the rest as it is read, and writes it as appendHistory writes the lines', () => {
    // Lines past three chunks, the escapes in the first and the last; made while the agent stops, written once the run was not interrupted.
    const ids = Array.from({ length: 1500 }, (_, i) => (i % 1499 === 0 ? `case-${i}\u2028\u202e` : `case-${i}-${'y'.repeat(60)}`));
    const input = { results: ids.map((case_id) => result({ case_id })), runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z' };
    let read = 0;
    const lines = (function* () {
      for (const line of historyLines(input)) {
        read++;
        yield line;
      }
    })();
    const text = madeHistory(lines, 1 << 16);
    // Two chunks of 32 Ki characters or more made (the limit reached): nothing read past the line that filled the second.
    const sizes = [...historyLines(input)].map((line) => line.length);
    let filled = 0;
    for (let chars = 0, chunks = 0; chunks < 2; filled++) {
      chars += sizes[filled]!;
      if (chars >= 1 << 15) [chars, chunks] = [0, chunks + 1];
    }
    expect(read).toBe(filled);
    expect(filled).toBeLessThan(ids.length / 2);
    const file = historyPath(root());
    appendHistoryText(file, text);
    expect(read).toBe(ids.length);
    const expected = historyPath(root());
    appendHistory(expected, historyLines(input));
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(expected, 'utf8'));
    expect(readFileSync(file, 'utf8')).not.toMatch(/[\u2028\u202e]/);
    // A short history is made whole, and an empty one opens no file.
    const short = madeHistory(historyLines({ ...input, results: input.results.slice(0, 2) }));
    expect([...short.chunks].join('')).toBe(historyEntries({ ...input, results: input.results.slice(0, 2) }).map((entry) => `${jsonText(entry)}\n`).join(''));
    const none = path.join(root(), 'none', 'history.jsonl');
    appendHistoryText(none, madeHistory([]));
    expect(() => readFileSync(none)).toThrow(/ENOENT/);
  });

  it('skips and counts a line cut short or not an entry, and keeps the rest', () => {
    const file = historyPath(root());
    appendHistory(file, historyLines({ results: RESULTS.slice(0, 1), runId: 'r1', startedAt: '2026-03-01T10:00:00.000Z' }));
    appendFileSync(file, '{"suite":"support","case_id":"b","att\n{"format":"future"}\n');
    // A timestamp that is no date-time would order its run anywhere among the others.
    for (const startedAt of ['', 'garbage']) appendHistory(file, historyLines({ results: RESULTS.slice(0, 1), runId: 'r0', startedAt }));
    appendHistory(file, historyLines({ results: RESULTS.slice(0, 1), runId: 'r2', startedAt: '2026-03-02T10:00:00.000Z' }));
    const history = readHistory(file);
    expect(history.unreadable).toBe(4);
    expect(history.entries.map((e) => e.run_id)).toEqual(['r1', 'r2']);
    expect(parseHistory('\n\n')).toEqual({ entries: [], unreadable: 0 });
    // A history an editor saved again with a byte order mark keeps its first line.
    const text = [...historyLines({ results: RESULTS.slice(0, 1), runId: 'r3', startedAt: '2026-03-03T10:00:00.000Z' })].join('');
    expect(parseHistory(`\uFEFF${text}`)).toEqual(parseHistory(text));
    expect(parseHistory(`\uFEFF${text}`).unreadable).toBe(0);
  });
});
