/**
 * What hides PII from the rules while a reader still sees it (redact.ts, redact-spans.ts): a
 * terminal escape sequence inside a number or an address or glued before it (`4111 1111\x1b[0m
 * 1111 1111`, `jo\x1b[0mhn@…`, `\x1b[1m4111…`, whose last letter would glue what follows into a
 * word), a newline or tab escaped in JSON text (`\nAB123456C`, whose n does the same), an
 * invisible character inside a word (`john\u200b@example.com`), a fullwidth or other
 * compatibility form of what a rule looks for (`john＠example.com`, `４１１１…`). A text holding
 * any of them is read through its evasion view, where escape sequences are gone inside a number
 * or a word and one separator elsewhere (an escaped newline or tab one always), invisible
 * characters are gone and compatibility forms are NFKC's; what the rules find there is replaced
 * in the text as written, every other character kept as it was.
 */
import type { Span } from './phone.js';
import { ALPHANUMERIC, ESCAPED_CONTROL_AT, ESCAPE_SEQUENCE_AT, HIDING, HIDING_EACH, HIDING_HINT, IS_INVISIBLE, JSON_SPACE_AT, REVEALING, SEPARATOR, inNumber, inWord, startsEscape } from './hiding-patterns.js';

/** A run of the view (`at`, `length`) and the run of the text it reads (`from`, `to`); `copied` when it is that run as it is. */
interface Segment {
  at: number;
  length: number;
  from: number;
  to: number;
  copied: boolean;
}

/** A text as the rules read it, and where each of its characters was written. */
export interface EvasionView {
  text: string;
  segments: readonly Segment[];
  /**
   * Escape sequences or invisible characters between two letters or digits (`jo\x1b[0mhn`, `key\u200bAKIA…`): the view may
   * join them into one word, so a word the text ends there may read on in the view.
   */
  joins: boolean;
  /**
   * When the view `joins`: the text as written with each escape sequence and invisible character the view reads as nothing
   * or a separator written as as many separators (`\0`), so that a word they end ends there (`see\x1b[1mAKIA…` reads
   * `see\0\0\0\0AKIA…`, where the escape's `m` would glue the key to it), every position where it was written.
   */
  split?: string;
  /**
   * When the view `joins`: where in it (the first few) a word starts that the view glued to the one before, for
   * `joinedReadings`.
   */
  joinedAt?: readonly number[];
}

/** The most join points of a view read on their own (`joinedReadings`), and how far each is read: a secret is shorter. */
const JOINED_READS = 4;
const JOINED_READ_CHARS = 512;

/**
 * The view read from each place where it glued a word to the one before: a secret with an invisible character or an
 * escape both at its edge and inside it (`key\u200bAKIAIOSF\u200bODNN7EXAMPLE`) is one word neither in the view
 * (`keyAKIA…`) nor in the split reading (`AKIAIOSF\0ODNN7…`), but is one where the view starts at its edge.
 */
export function joinedReadings(view: EvasionView): Array<{ at: number; text: string }> {
  return (view.joinedAt ?? []).map((at) => ({ at, text: view.text.slice(at, at + JOINED_READ_CHARS) }));
}

/**
 * Whether `text`'s evasion view may join or rewrite what the rules' hints read (an escape sequence
 * inside a number, an invisible character, a fullwidth form): when not, a hint that misses the
 * text misses its view too, whose escaped newlines and tabs only part what they read.
 */
export function mayReveal(text: string): boolean {
  return HIDING_HINT.test(text) && REVEALING.test(text);
}

/**
 * The letters of JSON_SPACE (after a backslash) and the control characters that stand for them in
 * a marked text (MarkedText): one each, so that a letter is told back without counting; none is a
 * word's, a figure's or a space that a rule reads, and all keep the text one byte a character (a
 * private-use one would make V8 read every rule's regex over two-byte text).
 */
const JSON_SPACE_LETTERS = ['n', 'r', 't', 'u0009', 'u000a', 'u000A', 'u000d', 'u000D'] as const;
const MARKER_FIRST = 0x10;
const MARKER_OF = new Map<string, string>(JSON_SPACE_LETTERS.map((letter, index) => [letter, String.fromCharCode(MARKER_FIRST + index)]));
const JSON_SPACE_EACH = /\\(?:[nrt]|u000[9aAdD])/g;
/** The markers of a marked text: what the rules read as no word, figure nor space (redact.ts's PEM rule reads them as the newlines they stand for). */
const MARKER = /[\x10-\x17]/;

// Returns a class of the markers of `letters` (JSON_SPACE_LETTERS'), as a regex's source.
function markersOf(letters: readonly string[]): string {
  return `[${letters.map((letter) => `\\x${MARKER_OF.get(letter)!.charCodeAt(0).toString(16)}`).join('')}]`;
}
/**
 * How the rules read a line break or a tab that JSON text escapes (`\n`, `\r\n`, `\u000a`, `\t`; escaped again too), as
 * regex sources: in a marked text its backslashes and a marker; in an evasion view one separator (`\0`). For what a rule
 * reads across such a break, as it reads across a newline: a phone's label and its number (phone.ts, `Phone:\n0612…`).
 */
export const ESCAPED_LINE_BREAK = String.raw`(?:\\{1,16}${markersOf(['r', 'u000d', 'u000D'])})?\\{1,16}${markersOf(['n', 'u000a', 'u000A'])}|\x00`;
export const ESCAPED_TAB = String.raw`\\{1,16}${markersOf(['t', 'u0009'])}|\x00`;
const MARKER_EACH = /[\x10-\x17]/g;

/** A text with the letter of each escaped newline and tab replaced by a marker, and that text again from what the rules made of it. */
export interface MarkedText {
  text: string;
  restore: (redacted: string) => string;
}

/**
 * `text` read as its evasion view would be, at the cost of two replaces, when escaped newlines and
 * tabs (JSON_SPACE) are all that is in it (not `mayReveal`): the letter of each becomes a marker,
 * which glues nothing to a word, and the rules read the text as written otherwise; undefined when
 * it holds none, or a marker already.
 */
export function markedSpaces(text: string): MarkedText | undefined {
  if (!text.includes('\\') || MARKER.test(text)) return undefined;
  const marked = text.replace(JSON_SPACE_EACH, (escape) => `\\${MARKER_OF.get(escape.slice(1))!}`);
  if (marked === text) return undefined;
  return { text: marked, restore: (redacted) => redacted.replace(MARKER_EACH, (marker) => JSON_SPACE_LETTERS[marker.charCodeAt(0) - MARKER_FIRST]!) };
}

/** `text`'s evasion view; undefined when nothing in it hides anything (the text is read as it is). */
export function evasionView(text: string): EvasionView | undefined {
  if (!HIDING_HINT.test(text) || !HIDING.test(text)) return undefined;
  const segments: Segment[] = [];
  let view = '';
  // The view's last character, kept apart: reading it from `view` (a rope while it grows) flattens the rope, every time.
  let last = '';
  // Escape sequences read last, not yet placed: nothing or a separator, by what follows them.
  let escapes: { from: number; to: number; separator: boolean } | undefined;
  let joins = false;
  // Whether an invisible character was read since the last character the view kept: it joins that one to the next.
  let invisible = false;
  // The runs the view reads as nothing or a separator (escape sequences, invisible characters), in order: the `split` reading's.
  const removed: Array<{ from: number; to: number }> = [];
  const joinedAt: number[] = [];
  const add = (run: { seen: string; from: number; to: number; copied: boolean }) => {
    let { seen, from } = run;
    if (seen.length === 0) return;
    // Whether the view glues `seen` to the word before it.
    let joined = false;
    if (invisible) {
      joined = ALPHANUMERIC.test(last) && ALPHANUMERIC.test(seen[0]!);
      invisible = false;
    }
    if (escapes !== undefined) {
      const before = last;
      joined ||= ALPHANUMERIC.test(before) && ALPHANUMERIC.test(seen[0]!);
      joins ||= joined;
      if (escapes.separator || before === '' || !((inNumber(before) && inNumber(seen)) || (inWord(before) && inWord(seen)))) {
        segments.push({ at: view.length, length: 1, from: escapes.from, to: escapes.to, copied: false });
        view += SEPARATOR;
        last = SEPARATOR;
        joined = false;
      } else if (run.copied && /\s/.test(before) && /^\s/.test(seen)) {
        // `1111 \x1b]0;title\x07 1111`: the terminal shows one gap, not two.
        seen = seen.slice(1);
        from += 1;
      }
    }
    escapes = undefined;
    joins ||= joined;
    if (seen.length === 0) return;
    if (joined && joinedAt.length < JOINED_READS) joinedAt.push(view.length);
    const { to, copied } = run;
    segments.push({ at: view.length, length: seen.length, from, to, copied });
    view += seen;
    last = seen[seen.length - 1]!;
  };
  let read = 0;
  for (const match of text.matchAll(HIDING_EACH)) {
    const at = match.index;
    if (at < read) continue;
    const found = match[0];
    const escape = startsEscape(found.charCodeAt(0));
    if (!escape && IS_INVISIBLE.test(found)) {
      add({ seen: text.slice(read, at), from: read, to: at, copied: true });
      read = at + found.length;
      invisible = true;
      removed.push({ from: at, to: read });
      continue;
    }
    ESCAPE_SEQUENCE_AT.lastIndex = at;
    let sequence = escape ? ESCAPE_SEQUENCE_AT.exec(text)?.[0] : undefined;
    let separator = false;
    if (sequence === undefined && escape) {
      JSON_SPACE_AT.lastIndex = at;
      sequence = JSON_SPACE_AT.exec(text)?.[0];
      separator = sequence !== undefined;
    }
    if (sequence === undefined && escape) {
      ESCAPED_CONTROL_AT.lastIndex = at;
      const control = ESCAPED_CONTROL_AT.exec(text)?.[0];
      if (control !== undefined) {
        // Read as the invisible character it stands for.
        add({ seen: text.slice(read, at), from: read, to: at, copied: true });
        read = at + control.length;
        invisible = true;
        removed.push({ from: at, to: read });
        continue;
      }
    }
    if (sequence !== undefined) {
      add({ seen: text.slice(read, at), from: read, to: at, copied: true });
      escapes = { from: escapes?.from ?? at, to: at + sequence.length, separator: separator || (escapes?.separator ?? false) };
      read = at + sequence.length;
      removed.push({ from: at, to: read });
    } else if (!escape) {
      add({ seen: text.slice(read, at), from: read, to: at, copied: true });
      add({ seen: found.normalize('NFKC'), from: at, to: at + found.length, copied: false });
      read = at + found.length;
    }
  }
  add({ seen: text.slice(read), from: read, to: text.length, copied: true });
  if (segments.length === 1 && segments[0]!.copied) return undefined;
  return joins ? { text: view, segments, joins, split: splitReading(text, removed), joinedAt } : { text: view, segments, joins };
}

// Returns `text` with each of the runs `removed` (in order, apart) written as as many separators: `EvasionView.split`.
function splitReading(text: string, removed: ReadonlyArray<{ from: number; to: number }>): string {
  let out = '';
  let at = 0;
  for (const { from, to } of removed) {
    out += text.slice(at, from) + SEPARATOR.repeat(to - from);
    at = to;
  }
  return out + text.slice(at);
}

/** The span of the text as written that a span of its view reads: a character the view made whole. */
export function writtenSpan(view: EvasionView, span: Span): Span {
  const first = segmentAt(view, span.start);
  const last = segmentAt(view, span.end - 1);
  return {
    start: first.copied ? first.from + span.start - first.at : first.from,
    end: last.copied ? last.from + span.end - last.at : last.to,
  };
}

// Returns the segment of `view` that holds the character at `position` (a view's segments are in order and cover it).
function segmentAt(view: EvasionView, position: number): Segment {
  let low = 0;
  let high = view.segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (view.segments[middle]!.at <= position) low = middle;
    else high = middle - 1;
  }
  return view.segments[low]!;
}
