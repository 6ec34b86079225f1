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

/**
 * A terminal escape sequence: a CSI (`\x1b[1m`, `\x9b31m`), an OSC up to its terminator
 * (`\x1b]0;title\x07`, `\x1b]8;;url\x1b\`), another ESC sequence (`\x1b(B`, `\x1bc`), raw or as a
 * message quotes it, escaped (`\u001b[1m`, `\x1b[1m`: JSON.stringify's and neutralize's).
 */
const ESC = String.raw`(?:\x1b|\\(?:u001[bB]|x1[bB]))`;
const CSI = String.raw`(?:${ESC}\[|\x9b|\\(?:u009[bB]|x9[bB]))`;
const OSC = String.raw`(?:${ESC}\]|\x9d|\\(?:u009[dD]|x9[dD]))`;
const OSC_END = String.raw`(?:\x07|\x9c|${ESC}\\{1,2}|\\(?:u0007|x07|u009[cC]|x9[cC]))`;
const ESCAPE_SEQUENCE_AT = new RegExp(String.raw`${OSC}[^\x07\x1b\x9c]{0,512}?${OSC_END}|${CSI}[0-?]*[ -/]*[@-~]|${ESC}[ -/]*[0-Z\\^-~]`, 'y');
/**
 * A newline, return or tab as JSON text quoted in a string writes it (`\n`, `\t`, `\u000a`; escaped
 * again, `\\n`, up to 16 backslashes, four levels: a bound, so that a long run of backslashes is
 * read in linear time): its letter would glue what follows into a word (`\nAB123456C`, `\n+44 …`)
 * and what precedes to one (`0958\nend`). Read as a separator always, as the character it stands for is.
 */
const JSON_SPACE = String.raw`\\{1,16}(?:[nrt]|u000[9aAdD])`;
const JSON_SPACE_AT = new RegExp(JSON_SPACE, 'y');
/**
 * Invisible characters: the control characters a terminal shows nothing for (NUL, a bell, DEL, C1 controls; not a
 * line break, a tab, a form feed, NEL nor ESC, CSI and OSC, which start escape sequences), soft hyphen, Arabic letter mark, zero-width space, non-joiner and joiner,
 * LRM and RLM, the bidi embeddings and overrides (LRE … RLO) and isolates (LRI … PDI), word joiner,
 * invisible operators, BOM. A bidi control inside an address reorders how it shows, not what it is.
 */
const INVISIBLE_FORMATS = String.raw`\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff`;
const INVISIBLE = String.raw`\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9a\x9c\x9e\x9f${INVISIBLE_FORMATS}`;
/**
 * One of those controls as JSON text or a message quotes it, escaped (`\u0007`, `\x00`, `\u009f`): read as the invisible
 * character it stands for (`see\u00074111 1111 1111 1111`, an agent's JSON text quoted in a line, holds a card number).
 * Not a line break nor a tab (JSON_SPACE), nor ESC, CSI or OSC (ESC above).
 */
const ESCAPED_CONTROL = String.raw`\\(?:u00|x)(?:0[0-8eEfF]|1[0-9aAcC-fF]|7[fF]|8[0-46-9a-fA-F]|9[0-9aAcCeEfF])`;
const ESCAPED_CONTROL_AT = new RegExp(ESCAPED_CONTROL, 'y');
/** Compatibility forms NFKC reads as ASCII: small forms (`﹫`), fullwidth forms (`＠`, `４`), mathematical letters and digits (`𝟒`). */
const COMPATIBLE = String.raw`[\ufe50-\ufe6b\uff01-\uff5e]|\ud835[\udc00-\udfff]`;
/** What the view removes or rewrites, so that a rule may match there and not in the text as written; JSON_SPACE only parts what they read. */
const REVEALING_SOURCE = String.raw`[${INVISIBLE}\x1b\x9b\x9d]|${COMPATIBLE}|\\(?:u00|x)[19][bBdD]|${ESCAPED_CONTROL}`;
const REVEALING = new RegExp(REVEALING_SOURCE);
const HIDING_SOURCE = `${REVEALING_SOURCE}|${JSON_SPACE}`;
/** Whether a text may hold what hides PII from the rules: the one test a text without it pays (one class, scanned fast; HIDING tells). */
// Of the invisible controls, NUL, a bell and DEL, the ones agents print: as single characters, which cost the test nothing,
// where a range of controls made every text's test a quarter slower. A text with only another one is read as written.
const HIDING_HINT = new RegExp(String.raw`[\x00\x07\x7f${INVISIBLE_FORMATS}\x1b\x9b\x9d\ufe50-\ufe6b\uff01-\uff5e\ud835\\]`);
const HIDING = new RegExp(HIDING_SOURCE);
const HIDING_EACH = new RegExp(HIDING_SOURCE, 'g');
const IS_INVISIBLE = new RegExp(`^[${INVISIBLE}]$`);
/**
 * What a number is written with, and what a word, an email or a name is: an escape sequence
 * between two characters of one of them is inside it and read as nothing (`4111\x1b[0m1111`,
 * `jo\x1b[0mhn@…`); between others (`FAIL\x1b[0m123-45-6789`, at a word's edge) as a separator.
 */
const IN_NUMBER = /[\p{N}\s+().\/-]/u;
const IN_WORD = /[\p{L}\p{M}]/u;
// Returns whether the character `char` is one a number is written with (ASCII answered without the regex).
function inNumber(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x28 && code <= 0x2f && code !== 0x2a && code !== 0x2c);
  return IN_NUMBER.test(char);
}
// Returns whether the character `char` is one a word or an address is written with (letters and . _ % + @ -; not digits).
/** A letter or a digit: what a word the rules read is made of, on both sides of a join. */
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

function inWord(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x40 || code === 0x2d;
  return IN_WORD.test(char);
}
/** Whether a character found by HIDING starts an escape sequence (ESC, CSI, OSC, or a backslash of one written escaped). */
const startsEscape = (code: number) => code === 0x1b || code === 0x9b || code === 0x9d || code === 0x5c;
/** What stands for an escape sequence that is not inside a number: no word, space or separator any rule reads. */
const SEPARATOR = '\0';

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
