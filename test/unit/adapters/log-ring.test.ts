import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LINE_MAX_CHARS, LogRing } from '../../../src/adapters/log-ring.js';
import { redactDeep } from '../../../src/common/redact-deep.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const KEY = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '-----END PRIVATE KEY-----'];

/** What linesFor gave before the ring kept each trace's lines apart: a scan of the whole ring, oldest first. */
function scanned(ring: LogRing, traceId: string): string[] {
  const { entries, start } = ring as unknown as { entries: Array<{ line: string; inKey: boolean; traceIds: readonly string[] }>; start: number };
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[(start + i) % entries.length]!;
    if (entry.traceIds.includes(traceId) && (lines.length > 0 || !entry.inKey)) lines.push(entry.line);
  }
  return lines;
}

describe('LogRing.linesFor', () => {
  it("files no line of a private key whose opening line lost its BEGIN to the line cut: redacted, the log holds none of the key", () => {
    const ring = new LogRing();
    for (const line of [`${'y'.repeat(LOG_LINE_MAX_CHARS)} ${KEY[0]}`, KEY[1]!, KEY[2]!, 'after']) ring.push(line, ['tr-1']);
    const log = redactDeep(ring.linesFor('tr-1'));
    expect(log.join('\n')).not.toContain(KEY[1]);
    expect(log).toEqual([expect.stringMatching(/^y+… \[line cut\]$/), 'after']);
  });

  it('gives each trace what a scan of the ring gives, after any lines and notes, in a ring of any size', () => {
    const step = fc.record({
      text: fc.oneof(fc.constantFrom(...KEY, 'plain line', ''), fc.string({ maxLength: 8 })),
      traceIds: fc.array(fc.constantFrom('t1', 't2', 't3', 't4'), { maxLength: 5 }),
      note: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 40 }), (capacity, steps) => {
        const ring = new LogRing(capacity);
        for (const { text, traceIds, note } of steps) {
          if (note) ring.note(text, traceIds);
          else ring.push(text, traceIds);
          for (const traceId of ['t1', 't2', 't3', 't4']) expect(ring.linesFor(traceId)).toEqual(scanned(ring, traceId));
        }
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });

  it('keeps no more of the traces than the lines in the ring name, however many lines and traces went by', () => {
    const ring = new LogRing(50);
    const window: string[] = [];
    for (let i = 0; i < 5000; i++) {
      window.push(`t${i}`);
      if (window.length > 20) window.shift();
      // `long` is in flight all along (a case that runs for hours beside the others).
      ring.push(`line ${i}`, [...window, 'long']);
      expect(ring.linesFor(`t${i}`)).toEqual([`line ${i}`]);
    }
    const { byTrace } = ring as unknown as { byTrace: Map<string, { entries: unknown[] }> };
    // The traces of the last 50 lines, and of the lines dropped since the last look (every 50 lines).
    expect(byTrace.size).toBeLessThanOrEqual(2 * 50 + 20 + 1);
    for (const { entries } of byTrace.values()) expect(entries.length).toBeLessThanOrEqual(2 * 50 + 64);
    expect(ring.linesFor('long')).toEqual(Array.from({ length: 50 }, (_, i) => `line ${4950 + i}`));
    expect(ring.linesFor('t4990')).toEqual(['line 4990', 'line 4991', 'line 4992', 'line 4993', 'line 4994', 'line 4995', 'line 4996', 'line 4997', 'line 4998', 'line 4999']);
  });

  it('drops a trace\'s lines as the ring drops them, files a line once under a trace it names twice, and starts no trace\'s lines inside a key', () => {
    const ring = new LogRing(3);
    ring.push('one', ['a', 'a', 'b']);
    ring.push('two', ['b']);
    expect(ring.linesFor('a')).toEqual(['one']);
    expect(ring.linesFor('b')).toEqual(['one', 'two']);
    ring.push(KEY[0]!, ['b']);
    ring.push(KEY[1]!, ['a', 'b']);
    // 'one' is gone from the ring: a's lines would start inside the key, so none is given.
    expect(ring.linesFor('a')).toEqual([]);
    expect(ring.linesFor('b')).toEqual(['two', KEY[0], KEY[1]]);
    ring.note('a note', ['c']);
    expect(ring.linesFor('b')).toEqual([KEY[0], KEY[1]]);
    ring.push(KEY[2]!, ['b', 'c']);
    expect(ring.linesFor('b')).toEqual([]);
    expect(ring.linesFor('c')).toEqual(['a note', KEY[2]]);
    expect(ring.linesFor('none')).toEqual([]);
  });
});
