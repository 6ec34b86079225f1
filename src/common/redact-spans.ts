/**
 * Where redaction (redact.ts) would replace something in a text, as spans of that text: what a
 * cut must not fall inside (shorten.ts), and what a text written in pieces holds across them
 * (`withoutSplitSecrets`: the deltas of a streamed model answer, each redacted on its own later).
 */
import type { Span } from './phone.js';
import { escapesApart } from './redact-escapes.js';
import { PLACEHOLDER, REDACT_RULES, SECRET_REDACT_RULES, type Rule } from './redact.js';

/**
 * Pieces of one text written apart (the deltas of a streamed answer), each redacted on its own
 * later: a secret split over several pieces would be recognised in none. The pieces with each
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
  // The piece a position of `text` is in: the last that starts at or before it (an empty piece holds no position).
  const pieceAt = (position: number) => {
    let index = 0;
    for (let i = 0; i < starts.length; i++) if (starts[i]! <= position && pieces[i]!.length > 0) index = i;
    return index;
  };
  const split = redactedSpans(text, rules).filter((span) => pieceAt(span.start) !== pieceAt(span.end - 1));
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
 * Where `redact(text)` (or another set of its rules) replaces something, as spans of `text`, in order and apart: the rules are
 * applied as redact.ts applies them (each to what the ones before left), and each replacement is
 * traced back to the original text; a replacement over an earlier one's placeholder covers what
 * that placeholder stood for.
 */
export function redactedSpans(text: string, rules: readonly Rule[] = REDACT_RULES): Span[] {
  const apart = escapesApart(text);
  if (apart === undefined) return spansIn(text, rules);
  // Back in `text`: a position less the separators put before it.
  const inText = (position: number) => position - apart.at.filter((at) => at < position).length;
  return spansIn(apart.text, rules).map((span) => ({ start: inText(span.start), end: inText(span.end) }));
}

// Returns the spans of `text` the rules replace, as redactedSpans does, without separating escape sequences.
function spansIn(text: string, rules: readonly Rule[]): Span[] {
  let current = text;
  let pieces: Piece[] = [];
  for (const rule of rules) {
    if (!rule.hint.test(current)) continue;
    const edits = 'find' in rule ? rule.find(current).map((span) => ({ ...span, by: rule.placeholder })) : editsOf(current, rule);
    if (edits.length === 0) continue;
    ({ text: current, pieces } = applyEdits({ text: current, pieces }, edits));
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
function applyEdits({ text, pieces }: { text: string; pieces: readonly Piece[] }, edits: readonly Edit[]): { text: string; pieces: Piece[] } {
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
