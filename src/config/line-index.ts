/** Offsets to 1-based line and column, as the yaml package's LineCounter counts them. */
export class LineIndex {
  /** The offset each line starts at; the parser adds them as it meets line breaks. */
  readonly lineStarts: number[] = [];

  /** The index of `source`'s lines, without parsing it. */
  static of(source: string): LineIndex {
    const index = new LineIndex();
    index.addNewLine(0);
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) index.addNewLine(at + 1);
    return index;
  }

  readonly addNewLine = (offset: number): void => {
    this.lineStarts.push(offset);
  };

  /** The 1-based line and column of an offset. */
  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}
