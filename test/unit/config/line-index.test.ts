// linePos answers from the last line it found when offsets come in order; in any order it must
// answer what a plain search answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/config/line-index.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

/** The line and column by a scan of the text: the reference. */
function scanned(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('LineIndex.linePos', () => {
  it('answers as a scan of the text does, for offsets asked in order, out of order and twice', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\n\n', 'x\ny'), { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 30 }), (parts, picks) => {
        const source = parts.join('');
        const index = LineIndex.of(source);
        const offsets = picks.map((pick) => pick % (source.length + 1));
        for (const offset of [...offsets, ...[...offsets].sort((a, b) => a - b), ...offsets.reverse()]) {
          expect(index.linePos(offset), `${JSON.stringify(source)} @ ${offset}`).toEqual(scanned(source, offset));
        }
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
