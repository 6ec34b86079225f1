/**
 * What line-yaml.ts reads within one line: a quoted scalar (double-quoted with a few escapes), and
 * a flow mapping or list whose entries are plain or quoted scalars or flow collections in turn
 * (`[{ name: a, args: { id: "1" } }]`, how most suites write tool calls and mocks; keys plain or
 * quoted), and the end of a value: the line's end, or a comment after spaces. Anything else throws
 * ASIDE (a trailing comma, an empty entry, a `:` js-yaml reads as an implicit key, a comment
 * inside a flow, a flow over several lines, any other escape).
 */
import { AT, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DASH, DOUBLE, HASH, OPEN_BRACE, OPEN_BRACKET, SINGLE, SPACE } from './char-codes.js';
import { isCoreString } from './core-scalars.js';
import { ASIDE, FLOW_SCALAR, KEY, plainValue } from './line-yaml-scalars.js';

/** Nesting past this is left to js-yaml, which counts it against the file's limit. */
export const MAX_DEPTH = 32;

/** The escapes read in a double-quoted scalar, as js-yaml reads them (`\x41`, `\u00e9`, `\0`, `\ ` and the rest step aside). */
const ESCAPES = new Map([['\\', '\\'], ['"', '"'], ['/', '/'], ['n', '\n'], ['t', '\t'], ['r', '\r']]);
// A run of a double-quoted scalar's text up to its close or an escape.
const DOUBLE_RUN = /[^"\\]*/y;

/** Reads values of one source between offsets; `next` is where the value read last ends. */
export class FlowReader {
  next = 0;

  constructor(private readonly source: string) {}

  /** Whether the value read last (ending at `next`) ends the line at `end`, or a comment after spaces does. */
  endsLine(end: number): boolean {
    if (this.next === end) return true;
    const at = this.skipSpaces(this.next, end);
    return at === end || (at > this.next && this.source.charCodeAt(at) === HASH);
  }

  /** A quoted scalar on one line: `"` with the escapes of ESCAPES, or `'` with `''`. */
  quoted(start: number, end: number): string {
    const quote = this.source.charCodeAt(start);
    let text = '';
    let from = start + 1;
    for (;;) {
      const close = this.source.indexOf(quote === DOUBLE ? '"' : "'", from);
      if (close === -1 || close >= end) throw ASIDE;
      const run = this.source.slice(from, close);
      // A backslash escapes in a double-quoted scalar only (in a single-quoted or a plain one it is itself).
      if (quote === DOUBLE && run.includes('\\')) return this.escaped(start, end);
      text += run;
      if (quote === SINGLE && this.source.charCodeAt(close + 1) === SINGLE) {
        text += "'";
        from = close + 2;
        continue;
      }
      this.next = close + 1;
      return text;
    }
  }

  /** A double-quoted scalar with escapes in it, on one line: ESCAPES's only, any other is js-yaml's to read (or refuse). */
  private escaped(start: number, end: number): string {
    let text = '';
    let from = start + 1;
    for (;;) {
      DOUBLE_RUN.lastIndex = from;
      DOUBLE_RUN.test(this.source);
      const at = DOUBLE_RUN.lastIndex;
      if (at >= end) throw ASIDE;
      text += this.source.slice(from, at);
      if (this.source.charCodeAt(at) === DOUBLE) {
        this.next = at + 1;
        return text;
      }
      const escape = at + 1 < end ? ESCAPES.get(this.source.charAt(at + 1)) : undefined;
      if (escape === undefined) throw ASIDE;
      text += escape;
      from = at + 2;
    }
  }

  /** A flow mapping of `key: value` or a flow list of values, on one line, at nesting `depth`. */
  flow(start: number, { end, depth }: { end: number; depth: number }): unknown {
    if (depth > MAX_DEPTH) throw ASIDE;
    const isMapping = this.source.charCodeAt(start) === OPEN_BRACE;
    const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET;
    const mapping: Record<string, unknown> = {};
    const list: unknown[] = [];
    let i = this.skipSpaces(start + 1, end);
    if (this.source.charCodeAt(i) === close) {
      this.next = i + 1;
      return isMapping ? mapping : list;
    }
    for (;;) {
      if (isMapping) {
        const key = this.flowKey(i, end);
        i = this.next;
        // The colon right after the key, then a space.
        if (this.source.charCodeAt(i) !== COLON || this.source.charCodeAt(i + 1) !== SPACE) throw ASIDE;
        if (Object.hasOwn(mapping, key) || key === '__proto__') throw ASIDE;
        mapping[key] = this.flowValue(this.skipSpaces(i + 2, end), { end, depth });
      } else {
        list.push(this.flowValue(i, { end, depth }));
      }
      i = this.skipSpaces(this.next, end);
      const char = this.source.charCodeAt(i);
      if (char === close) {
        this.next = i + 1;
        return isMapping ? mapping : list;
      }
      if (char !== COMMA) throw ASIDE;
      i = this.skipSpaces(i + 1, end);
      // A trailing comma, or an empty entry: left to js-yaml.
      if (this.source.charCodeAt(i) === close || this.source.charCodeAt(i) === COMMA) throw ASIDE;
    }
  }

  /** A flow mapping's key at `at`: a quoted one (always a string), or one of KEY's characters that the core schema reads as a string. */
  private flowKey(at: number, end: number): string {
    const first = this.source.charCodeAt(at);
    if (first === DOUBLE || first === SINGLE) return this.quoted(at, end);
    KEY.lastIndex = at;
    if (!KEY.test(this.source)) throw ASIDE;
    this.next = KEY.lastIndex - 1;
    const key = this.source.slice(at, this.next);
    if (!isCoreString(key)) throw ASIDE;
    return key;
  }

  /** An entry of a flow collection at `depth`: a flow collection one deeper, or a scalar. */
  private flowValue(start: number, { end, depth }: { end: number; depth: number }): unknown {
    const first = this.source.charCodeAt(start);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return this.flow(start, { end, depth: depth + 1 });
    return this.flowScalar(start, end);
  }

  /** A quoted scalar, or a plain one of the plain characters (single spaces inside), in a flow collection. */
  private flowScalar(start: number, end: number): unknown {
    const first = this.source.charCodeAt(start);
    if (first === DOUBLE || first === SINGLE) return this.quoted(start, end);
    FLOW_SCALAR.lastIndex = start;
    if (!FLOW_SCALAR.test(this.source) || FLOW_SCALAR.lastIndex > end) throw ASIDE;
    let i = FLOW_SCALAR.lastIndex;
    while (this.source.charCodeAt(i - 1) === SPACE) i--;
    // Spaces inside come one at a time (two end the scalar, and only a `,` or the close may follow).
    if (i === start || this.source.slice(start, i).includes('  ')) throw ASIDE;
    // It starts with no indicator: `@` never, `-` only before a non-space (`?` and `:` are no plain characters here).
    if (first === AT || (first === DASH && (i === start + 1 || this.source.charCodeAt(start + 1) === SPACE))) throw ASIDE;
    this.next = i;
    return plainValue(this.source.slice(start, i));
  }

  private skipSpaces(at: number, end: number): number {
    let i = at;
    while (i < end && this.source.charCodeAt(i) === SPACE) i++;
    return i;
  }
}
