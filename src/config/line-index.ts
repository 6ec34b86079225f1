/** Offsets to 1-based line and column, as the yaml package's LineCounter counts them. */
import { InternalError } from '../errors.js';

export class LineIndex {
  /** The offset each line starts at; the parser adds them as it meets line breaks. */
  readonly lineStarts: ArrayLike<number>;
  private readonly added: number[] | undefined;

  constructor(lineStarts?: Uint32Array) {
    this.added = lineStarts ? undefined : [];
    this.lineStarts = lineStarts ?? this.added!;
  }

  /**
   * The index of `source`'s lines, without parsing it: counted, then filled in, so that a large
   * file's index is one block of 4 bytes a line, not a list grown (and copied) a line at a time.
   */
  static of(source: string): LineIndex {
    let lines = 1;
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) lines++;
    const starts = new Uint32Array(lines);
    let line = 1;
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) starts[line++] = at + 1;
    return new LineIndex(starts);
  }

  /** For the parser; an index made by `of` is complete. */
  readonly addNewLine = (offset: number): void => {
    if (!this.added) throw new InternalError('LineIndex.of made this index whole: no line can be added');
    this.added.push(offset);
  };

  /** The line of the offset asked last: offsets asked in order (each case of a suite) are found from it. */
  private last = 0;

  /** The 1-based line and column of an offset. */
  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    // The search starts between the last answer and the line a few past it, when the offset lies there.
    const last = this.last;
    if (last < high && starts[last]! < offset) {
      low = last;
      const near = last + 8;
      if (near < high && starts[near]! >= offset) high = near;
    }
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    this.last = low === 0 ? 0 : low - 1;
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}
