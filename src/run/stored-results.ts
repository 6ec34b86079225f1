/**
 * A run's results in plan order without holding them: where each attempt's line sits in
 * results.jsonl (two numbers per attempt), read back line by line on each pass through a window
 * of the file. Attempts an earlier session finished (--resume) are held as they were read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { CaseResult } from '../config/schema/index.js';
import type { ResultList } from '../score/index.js';

/** Bytes read from the file at once; a longer line is read whole. */
const WINDOW_BYTES = 1 << 20;

export class StoredResults implements ResultList {
  /** Per plan index: the line's offset and length, NaN when the attempt has no line in the file. */
  readonly #offsets: Float64Array;
  readonly #lengths: Float64Array;
  /** Per plan index, an attempt held in memory (resumed), else undefined. */
  readonly #held = new Map<number, CaseResult>();
  #count = 0;

  constructor(private readonly file: string, planned: number) {
    this.#offsets = new Float64Array(planned).fill(Number.NaN);
    this.#lengths = new Float64Array(planned);
  }

  get length(): number {
    return this.#count;
  }

  /** The attempt at `index` of the plan was written at `offset` (its line is `length` bytes). */
  recorded(index: number, at: { offset: number; length: number }): void {
    if (Number.isNaN(this.#offsets[index]!) && !this.#held.has(index)) this.#count++;
    this.#offsets[index] = at.offset;
    this.#lengths[index] = at.length;
  }

  /** The attempt at `index` of the plan, as an earlier session recorded it. */
  hold(index: number, result: CaseResult): void {
    if (Number.isNaN(this.#offsets[index]!) && !this.#held.has(index)) this.#count++;
    this.#held.set(index, result);
  }

  *[Symbol.iterator](): Iterator<CaseResult> {
    if (this.#count === 0) return;
    const fd = openSync(this.file, 'r');
    let window = Buffer.alloc(WINDOW_BYTES);
    let windowStart = 0;
    let windowEnd = 0;
    try {
      for (let index = 0; index < this.#offsets.length; index++) {
        const held = this.#held.get(index);
        if (held) {
          yield held;
          continue;
        }
        const offset = this.#offsets[index]!;
        if (Number.isNaN(offset)) continue;
        const length = this.#lengths[index]!;
        if (offset < windowStart || offset + length > windowEnd) {
          if (length > window.length) window = Buffer.alloc(length);
          windowStart = offset;
          windowEnd = offset + readSync(fd, window, 0, window.length, offset);
        }
        yield JSON.parse(window.toString('utf8', offset - windowStart, offset - windowStart + length)) as CaseResult;
      }
    } finally {
      closeSync(fd);
    }
  }
}
