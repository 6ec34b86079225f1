/**
 * Redaction traced: the rules applied as redact.ts applies them (each to what the ones before
 * left), with each replacement traced back to the text it was given. What a cut must not fall
 * inside (redact-spans.ts), and how a text read through its evasion view (redact-view.ts) is
 * redacted where it was written.
 */
import type { Rule } from './redact.js';

/** One replacement made by a rule, in the text as the rule saw it. */
interface Edit {
  start: number;
  end: number;
  by: string;
}

/** A replacement in the redacted text (`at`..`end`) and the span of the given text it stands for (`from`..`to`). */
export interface Piece {
  at: number;
  end: number;
  from: number;
  to: number;
}

/**
 * `text` redacted by `rules` and its replacements (in order, apart), each traced back to `text`:
 * a replacement over an earlier one's placeholder covers what that placeholder stood for.
 */
export function tracedRedaction(text: string, rules: readonly Rule[]): { text: string; pieces: Piece[] } {
  let current = text;
  let pieces: Piece[] = [];
  for (const rule of rules) {
    if (!rule.hint.test(current)) continue;
    const edits = 'find' in rule ? rule.find(current).map((span) => ({ ...span, by: rule.placeholder })) : editsOf(current, rule);
    if (edits.length === 0) continue;
    ({ text: current, pieces } = applyEdits({ text: current, pieces }, edits));
  }
  return { text: current, pieces };
}

// Returns the replacements a pattern rule makes in `text` (a match it gives back unchanged is none).
function editsOf(text: string, rule: Extract<Rule, { pattern: RegExp }>): Edit[] {
  const edits: Edit[] = [];
  for (const match of text.matchAll(rule.pattern)) {
    const by = rule.replace(match[0], ...(match.slice(1) as string[]), String(match.index), text);
    if (by !== match[0]) edits.push({ start: match.index, end: match.index + match[0].length, by });
  }
  return edits;
}

// Returns `text` with `edits` made, and the pieces of the result (those of `pieces` no edit touched, moved, and one per edit).
// Both lists are in order and apart: each is walked once, so a text with many replacements costs linear time.
function applyEdits({ text, pieces }: { text: string; pieces: readonly Piece[] }, edits: readonly Edit[]): { text: string; pieces: Piece[] } {
  const delta = (edit: Edit) => edit.by.length - (edit.end - edit.start);
  const next: Piece[] = [];
  // The pieces no edit touches, moved by the edits before them.
  let edit = 0;
  let moved = 0;
  for (const piece of pieces) {
    while (edit < edits.length && edits[edit]!.end <= piece.at) moved += delta(edits[edit++]!);
    if (edit < edits.length && edits[edit]!.start < piece.end) continue;
    next.push({ at: piece.at + moved, end: piece.end + moved, from: piece.from, to: piece.to });
  }
  // Where a position of `text` is in the original (positions asked in order); inside a piece, the piece's start or end.
  let piece = 0;
  let shift = 0;
  const originOf = (position: number, side: 'start' | 'end'): number => {
    while (piece < pieces.length && pieces[piece]!.end <= position) {
      const before = pieces[piece++]!;
      shift += before.to - before.from - (before.end - before.at);
    }
    const inside = pieces[piece];
    if (inside !== undefined && inside.at < position) return side === 'start' ? inside.from : inside.to;
    return position + shift;
  };
  let out = '';
  let last = 0;
  moved = 0;
  for (const made of edits) {
    const at = made.start + moved;
    next.push({ at, end: at + made.by.length, from: originOf(made.start, 'start'), to: originOf(made.end, 'end') });
    out += text.slice(last, made.start) + made.by;
    last = made.end;
    moved += delta(made);
  }
  next.sort((a, b) => a.at - b.at);
  return { text: out + text.slice(last), pieces: next };
}
