/**
 * Where redaction (redact.ts) would replace something in a text, as spans of that text: what a
 * cut must not fall inside (shorten.ts), and what a text written in pieces holds across them
 * (`withoutSplitSecrets`: the deltas of a streamed model answer, each redacted on its own later).
 */
import type { Span } from './phone.js';
import { tracedRedaction } from './redact-trace.js';
import { evasionView, joinedReadings, writtenSpan } from './redact-view.js';
import { apart, PLACEHOLDER, REDACT_RULES, SECRET_REDACT_RULES, type Rule } from './redact.js';

/**
 * Pieces of one text written apart (the deltas of a streamed answer), each redacted on its own
 * later: a secret split over several pieces, or told a secret by a key in an earlier piece, would
 * not be taken out of the piece that holds it. The pieces with each
 * such secret taken out: `[secret]` where it starts, nothing of it in the pieces after. `rules`:
 * the secrets' (a cassette keeps PII) unless told.
 */
export function withoutSplitSecrets(pieces: readonly string[], rules: readonly Rule[] = SECRET_REDACT_RULES): string[] {
  if (pieces.length < 2) return [...pieces];
  const text = pieces.join('');
  const starts: number[] = [];
  let at = 0;
  for (const piece of pieces) {
    starts.push(at);
    at += piece.length;
  }
  // A secret the pieces, each redacted alone, would not take out whole: one over a split, or one
  // recognised by what stands before it in another piece (`DB_PASS=` | `Tr0ub4dor3`).
  // The pieces are redacted alone only when the whole text holds something to take out (most hold nothing).
  const whole = redactedSpans(text, rules);
  if (whole.length === 0) return [...pieces];
  const alone = pieces.flatMap((piece, i) => redactedSpans(piece, rules).map((span) => ({ start: span.start + starts[i]!, end: span.end + starts[i]! })));
  const split = whole.filter((span) => !alone.some((own) => own.start <= span.start && own.end >= span.end));
  if (split.length === 0) return [...pieces];
  return pieces.map((piece, i) => {
    const from = starts[i]!;
    const to = from + piece.length;
    let kept = '';
    let position = from;
    for (const span of split) {
      if (span.end <= from || span.start >= to) continue;
      if (span.start >= from) kept += text.slice(position, span.start) + PLACEHOLDER.secret;
      position = Math.max(position, Math.min(to, span.end));
    }
    return kept + text.slice(position, to);
  });
}

/**
 * Where `redact(text)` (or another set of its rules) replaces something, as spans of `text`, in order and apart: the rules are
 * applied as redact.ts applies them (each to what the ones before left), and each replacement is
 * traced back to the original text (`tracedRedaction`), read through its evasion view as redact.ts
 * reads it; a replacement over an earlier one's placeholder covers what that placeholder stood for.
 */
export function redactedSpans(text: string, rules: readonly Rule[] = REDACT_RULES): Span[] {
  const view = evasionView(text);
  if (view === undefined) return spansIn(text, rules);
  const fromView = spansIn(view.text, rules).map((span) => writtenSpan(view, span));
  if (view.split === undefined) return fromView;
  // And what its split reading finds apart from those, at the same positions (redact.ts does the same).
  // What the view read from each place it glued a word to the one before finds (redact.ts does the same), and the split apart from that.
  let joined: Array<{ span: Span }> = [];
  for (const { at, text: reading } of joinedReadings(view)) {
    const found = spansIn(reading, rules).map((span) => ({ span: writtenSpan(view, { start: at + span.start, end: at + span.end }) }));
    const more = apart(found, joined);
    if (more.length > 0) joined = [...joined, ...more].sort((a, b) => a.span.start - b.span.start);
  }
  const split = spansIn(view.split, rules).map((span) => ({ span }));
  const others = joined.length === 0 ? split : [...joined, ...apart(split, joined)].sort((a, b) => a.span.start - b.span.start);
  const fromSplit = apart(others, fromView.map((span) => ({ span }))).map(({ span }) => span);
  return fromSplit.length === 0 ? fromView : [...fromView, ...fromSplit].sort((a, b) => a.start - b.start);
}

// Returns the spans of `text` the rules replace, as redactedSpans does, reading `text` as it is.
function spansIn(text: string, rules: readonly Rule[]): Span[] {
  return tracedRedaction(text, rules).pieces.map((piece) => ({ start: piece.from, end: piece.to }));
}
