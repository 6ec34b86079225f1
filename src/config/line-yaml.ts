/**
 * The plainest YAML of a `cases:` list, read line by line without parser events: block lists and
 * mappings indented with spaces, keys of letters and digits, and on one line each value: a plain
 * scalar, a double- or single-quoted one, or flow mappings and lists of such scalars, nested
 * (line-yaml-flow.ts), a comment after spaces allowed. That is how most suites are written, and
 * this read of them costs a fraction of js-yaml's event parser (a large suite is most of
 * `validate`'s time). Anything else (block scalars, multi-line scalars or flows, most escapes,
 * anchors, tags, tabs, CR, unusual characters) returns undefined, and fast-yaml.ts reads the
 * slice with js-yaml as before: what this reads must mean what js-yaml's read means
 * (test/unit/config/line-yaml.test.ts checks it against js-yaml's load and the located parse).
 */
import { DASH, DOUBLE, HASH, OPEN_BRACE, OPEN_BRACKET, SINGLE, SPACE } from './char-codes.js';
import { isCoreString } from './core-scalars.js';
import { FlowReader, MAX_DEPTH } from './line-yaml-flow.js';
import { ASIDE, blockPlainBeforeComment, isBlockPlain, KEY, plainValue } from './line-yaml-scalars.js';

/** A slice of a `cases:` list as data, and where each item's `id` value (or the item) starts. */
export interface LineReading {
  value: unknown[];
  caseIdOffsets: number[];
}

/**
 * The slice `source` (whole lines, the first an item `- ` of the list) as js-yaml's read of it
 * would give it, or undefined.
 */
export function readCasesByLines(source: string): LineReading | undefined {
  if (UNUSUAL.test(source)) return undefined;
  try {
    const reader = new LineReader(source);
    if (reader.indent === -1 || !reader.isItem()) return undefined;
    const value = reader.list(1);
    // Every line read: a line left over is one the list does not hold as js-yaml would.
    return reader.indent === -1 ? { value, caseIdOffsets: reader.caseIdOffsets } : undefined;
  } catch (error) {
    if (error === ASIDE) return undefined;
    throw error;
  }
}

/** The depth of a `cases:` item: the top-level list is read at depth 1, its items one deeper. */
const CASE_DEPTH = 2;

// Tabs, CR, control characters, NEL, BOM, surrogates, and what js-yaml calls non-printable.
const UNUSUAL = /[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

class LineReader {
  /**
   * The current content line (blank and comment lines are passed over): where its text starts
   * and ends, and its indentation, -1 past the last line. Lines are found as the reading gets to
   * them, with no index of them all made first.
   */
  private start = 0;
  private end = 0;
  indent = -1;
  /** Where the line after the current one starts. */
  private from = 0;
  /** Reads quoted scalars and flow collections, and whether a comment or the line's end follows them. */
  private readonly flows: FlowReader;
  /** Where the `id` value of the mapping read last starts, when that is a scalar; else -1. */
  private idAt = -1;
  /** Where each item of the top-level list (the `cases:` list, depth 1) has its `id` value, else its own start. */
  readonly caseIdOffsets: number[] = [];

  constructor(private readonly source: string) {
    this.flows = new FlowReader(source);
    this.advance();
  }

  /** To the next content line. */
  advance(): void {
    const source = this.source;
    let from = this.from;
    while (from < source.length) {
      let end = source.indexOf('\n', from);
      if (end === -1) end = source.length;
      let first = from;
      while (source.charCodeAt(first) === SPACE) first++;
      if (first < end && source.charCodeAt(first) !== HASH) {
        // Trailing spaces belong to no plain scalar: leave such lines to js-yaml.
        if (source.charCodeAt(end - 1) === SPACE) throw ASIDE;
        this.start = first;
        this.end = end;
        this.indent = first - from;
        this.from = end + 1;
        return;
      }
      from = end + 1;
    }
    this.from = from;
    this.indent = -1;
  }

  /** Whether the current line is a list item: `-` then a space. */
  isItem(): boolean {
    const start = this.start;
    return this.source.charCodeAt(start) === DASH && this.source.charCodeAt(start + 1) === SPACE;
  }

  /**
   * The block list whose items are at the current line's indentation. At depth 1 it is the
   * `cases:` list: each item must be a mapping, and where its id is goes to caseIdOffsets.
   */
  list(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw ASIDE;
    const indent = this.indent;
    const ids = depth === 1 ? this.caseIdOffsets : undefined;
    const items: unknown[] = [];
    while (this.indent === indent && this.isItem()) {
      const start = this.start + 2;
      if (this.source.charCodeAt(start) === SPACE) throw ASIDE;
      if (this.startsKey(start)) {
        // A list inside a case leaves the case's idAt alone.
        if (ids) this.idAt = -1;
        items.push(this.mapping(start, depth + 1));
        ids?.push(this.idAt === -1 ? start : this.idAt);
      } else {
        if (ids) throw ASIDE;
        items.push(this.inline(start, depth + 1));
        this.advance();
        this.endOfValue(indent);
      }
    }
    // A line at this indentation that is no item, or one indented more: not a list js-yaml reads the same.
    if (this.indent >= indent) throw ASIDE;
    return items;
  }

  /**
   * The block mapping whose first key starts at `start` of the current line: its keys are at
   * that column. At depth 2 it is an item of the `cases:` list, whose `id` is found (idAt).
   */
  mapping(start: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw ASIDE;
    const indent = this.indent + (start - this.start);
    const isCase = depth === CASE_DEPTH;
    const value: Record<string, unknown> = {};
    let keyAt = start;
    for (;;) {
      const colon = this.keyEnd(keyAt);
      const key = this.source.slice(keyAt, colon);
      if (Object.hasOwn(value, key) || key === '__proto__' || !isCoreString(key)) throw ASIDE;
      const after = colon + 1;
      // Nothing after the colon but a comment: the value is below, as with nothing at all.
      // (The common `key: value` is told apart inline: a call per key costs while the reader runs interpreted.)
      const second = this.source.charCodeAt(after + 1);
      if (after === this.end || ((second === SPACE || second === HASH) && this.onlyComment(after))) {
        // An empty id: js-yaml's read places it apart; leave it to that read.
        if (isCase && key === 'id') throw ASIDE;
        this.advance();
        value[key] = this.nested(indent, depth + 1);
      } else {
        if (this.source.charCodeAt(after) !== SPACE || this.source.charCodeAt(after + 1) === SPACE) throw ASIDE;
        value[key] = this.inline(after + 1, depth + 1);
        if (isCase && key === 'id') {
          // A collection as the id: the case is found at the item, as js-yaml's read finds it.
          const first = this.source.charCodeAt(after + 1);
          if (first !== OPEN_BRACE && first !== OPEN_BRACKET) this.idAt = after + 1;
        }
        this.advance();
        this.endOfValue(indent);
      }
      if (this.indent !== indent || this.isItem()) break;
      keyAt = this.start;
      if (!this.startsKey(keyAt)) throw ASIDE;
    }
    if (this.indent > indent) throw ASIDE;
    return value;
  }

  /** The value of a key with nothing after its colon: a block below it (a list may sit at the key's own column), else null. */
  private nested(indent: number, depth: number): unknown {
    if (this.indent === -1) return null;
    const below = this.indent;
    if (below === indent && this.isItem()) return this.list(depth);
    if (below <= indent) return null;
    if (this.isItem()) return this.list(depth);
    const start = this.start;
    if (!this.startsKey(start)) throw ASIDE;
    return this.mapping(start, depth);
  }

  /** Whether the current line holds only spaces and a comment from `at` (after a key's colon). */
  private onlyComment(at: number): boolean {
    if (this.source.charCodeAt(at) !== SPACE) return false;
    this.flows.next = at;
    return this.flows.endsLine(this.end);
  }

  /** After a one-line value: the next line must not be indented past its block (a continued scalar, or an error). */
  private endOfValue(indent: number): void {
    if (this.indent > indent) throw ASIDE;
  }

  /** Whether a `key:` starts at `at` (a key of the plain characters, then a colon). */
  private startsKey(at: number): boolean {
    return this.keyColon(at) !== -1;
  }

  private keyEnd(at: number): number {
    const colon = this.keyColon(at);
    if (colon === -1) throw ASIDE;
    return colon;
  }

  // Where the colon after a key at `at` is, or -1. Regular expressions scan here, and below: they
  // run as machine code from their first use, where a loop over characters starts interpreted.
  private keyColon(at: number): number {
    KEY.lastIndex = at;
    return KEY.test(this.source) ? KEY.lastIndex - 1 : -1;
  }

  /** A value written on the rest of the current line, a comment after it allowed. */
  private inline(start: number, depth: number): unknown {
    const end = this.end;
    const first = this.source.charCodeAt(start);
    if (first === DOUBLE || first === SINGLE || first === OPEN_BRACE || first === OPEN_BRACKET) {
      const value = first === DOUBLE || first === SINGLE ? this.flows.quoted(start, end) : this.flows.flow(start, { end, depth });
      if (this.flows.next !== end && !this.flows.endsLine(end)) throw ASIDE;
      return value;
    }
    const text = blockPlainBeforeComment(this.source.slice(start, end));
    if (!isBlockPlain(text)) throw ASIDE;
    return plainValue(text);
  }
}
