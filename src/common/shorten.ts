/**
 * Shortening untrusted text for display (SPEC §9): an agent's stderr line, an excerpt of a line
 * that is not JSON, a `found` value, a cassette's brief. The one owner of where such a text is
 * cut. Redaction (redact.ts) runs later, on what is kept (or not at all under --no-redact), and
 * a secret or an email cut in two is no longer recognised, so its first half would be written
 * as it is: the cut never falls inside what redaction would replace, it moves back to where that
 * starts. The kept text is thus redacted as the whole text would have been, up to the cut.
 */
import type { Span } from './phone.js';
import { REDACT_RULES, type Rule } from './redact.js';
import { escapeControls } from './sanitize.js';

/** How much of an offending raw line a problem report quotes. */
export const EXCERPT_CHARS = 200;
/**
 * How far past the cut the text is read to find what straddles it (a secret, however long, is
 * shorter): what is longer than this is read only so far.
 */
export const CUT_LOOKAHEAD_CHARS = 16 * 1024;

/**
 * Where to cut `raw` to keep at most `max` characters: `max`, or before it so that nothing
 * redaction would replace straddles the cut, nor a UTF-16 surrogate pair.
 */
export function cutIndex(raw: string, max: number): number {
  if (raw.length <= max) return raw.length;
  let cut = Math.max(0, max);
  for (const span of redactedSpans(raw.slice(0, cut + CUT_LOOKAHEAD_CHARS))) {
    if (span.start < cut && span.end > cut) cut = span.start;
  }
  const code = raw.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}

/** `raw` in at most `max` characters: cut at `cutIndex` and ended with `…` when it is longer. */
export function shorten(raw: string, max: number): string {
  return raw.length > max ? `${raw.slice(0, cutIndex(raw, max - 1))}…` : raw;
}

/** `raw` cut at `cutIndex(raw, max)`, `mark` appended when it was cut. */
export function cutWith(raw: string, max: number, mark: (kept: number) => string): string {
  if (raw.length <= max) return raw;
  const kept = cutIndex(raw, max);
  return `${raw.slice(0, kept)}${mark(kept)}`;
}

/** The first `max` characters of untrusted text (then `…`) as one line: control characters and backslashes escaped, safe to print. */
export function excerpt(raw: string, max = EXCERPT_CHARS): string {
  return raw.length > max ? `${escapeControls(raw.slice(0, cutIndex(raw, max)))}…` : escapeControls(raw);
}

/** One replacement made by a rule, in the text as the rule saw it. */
interface Edit extends Span {
  by: string;
}

/** A replacement in the text being redacted (`at`..`end`) and the span of the original text it stands for. */
interface Piece {
  at: number;
  end: number;
  from: number;
  to: number;
}

/**
 * Where `redact(text)` replaces something, as spans of `text`, in order and apart: the rules are
 * applied as redact.ts applies them (each to what the ones before left), and each replacement is
 * traced back to the original text; a replacement over an earlier one's placeholder covers what
 * that placeholder stood for.
 */
export function redactedSpans(text: string): Span[] {
  let current = text;
  let pieces: Piece[] = [];
  for (const rule of REDACT_RULES) {
    if (!rule.hint.test(current)) continue;
    const edits = 'find' in rule ? rule.find(current).map((span) => ({ ...span, by: rule.placeholder })) : editsOf(current, rule);
    if (edits.length === 0) continue;
    ({ text: current, pieces } = applyEdits(current, pieces, edits));
  }
  return pieces.map((piece) => ({ start: piece.from, end: piece.to }));
}

// Returns the replacements a pattern rule makes in `text` (a match it gives back unchanged is none).
function editsOf(text: string, rule: Extract<Rule, { pattern: RegExp }>): Edit[] {
  const edits: Edit[] = [];
  for (const match of text.matchAll(rule.pattern)) {
    const by = rule.replace(match[0], ...(match.slice(1) as string[]));
    if (by !== match[0]) edits.push({ start: match.index, end: match.index + match[0].length, by });
  }
  return edits;
}

// Returns `text` with `edits` made, and the pieces of the result (those of `pieces` no edit touched, moved, and one per edit).
function applyEdits(text: string, pieces: readonly Piece[], edits: readonly Edit[]): { text: string; pieces: Piece[] } {
  // Where a position of `text` is in the original; inside a piece, the piece's start or end.
  const originOf = (position: number, side: 'start' | 'end'): number => {
    let shift = 0;
    for (const piece of pieces) {
      if (piece.end <= position) shift += piece.to - piece.from - (piece.end - piece.at);
      else if (piece.at < position) return side === 'start' ? piece.from : piece.to;
      else break;
    }
    return position + shift;
  };
  // How much the edits before `position` moved it.
  const movedBy = (position: number) => edits.reduce((sum, edit) => (edit.end <= position ? sum + edit.by.length - (edit.end - edit.start) : sum), 0);
  const next: Piece[] = [];
  for (const piece of pieces) {
    if (edits.some((edit) => edit.start < piece.end && piece.at < edit.end)) continue;
    const moved = movedBy(piece.at);
    next.push({ at: piece.at + moved, end: piece.end + moved, from: piece.from, to: piece.to });
  }
  let out = '';
  let last = 0;
  for (const edit of edits) {
    const at = edit.start + movedBy(edit.start);
    next.push({ at, end: at + edit.by.length, from: originOf(edit.start, 'start'), to: originOf(edit.end, 'end') });
    out += text.slice(last, edit.start) + edit.by;
    last = edit.end;
  }
  next.sort((a, b) => a.at - b.at);
  return { text: out + text.slice(last), pieces: next };
}
