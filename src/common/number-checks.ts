/**
 * The checksums that tell a number that is a card or a bank account from any other run of digits
 * (an order id, a timestamp): the redaction rules (`redact.ts`) replace only what passes them; and
 * where the card numbers are in a text (`cardSpans`). Pure.
 */
import type { Span } from './phone.js';

// Returns whether a digit string passes the Luhn checksum used by every card network.
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Returns whether a candidate passes the IBAN mod-97 check (ISO 13616).
export function isIban(candidate: string): boolean {
  const compact = candidate.replace(/[ \u00a0\u2007\u2009\u202f]/g, '');
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// Returns how many digits a string holds.
export function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

/**
 * A run of figures: digits in groups apart by one space (no-break and thin ones too, as locales
 * group digits) or dash, not part of a longer dashed or dotted id (`2024-000123-4567`, `1.22.333`).
 * A word joins no figures, glued or by an underscore or a dash: `card_4111111111111111`,
 * `x4111…`, `card-4111 1111 1111 1111` and `4111111111111111-visa` are runs of figures, as after a
 * space; but for figures inside a hex token (`hexGlued`).
 */
const FIGURE_RUN = /(?<![\d.]|[\d._-]-)\d+(?:[ \u00a0\u2007\u2009\u202f-]\d+)*(?!\d|-[\d._-]|\.\d)/g;

/**
 * Whether the figures from `start` to `end` are glued to letters that, with them, make a hex token
 * (a hash, a git SHA, a trace id: `e3b0c44298fc1c149afbf4c8996fb92427ae41e4…`), whose digits run 13
 * and more at times; letters that are no hex digit (`card4111…`, `x4111…`) are a word.
 */
function hexGlued(text: string, { start, end }: Span): boolean {
  const before = /[A-Za-z0-9]*$/.exec(text.slice(Math.max(0, start - 64), start))![0];
  const after = /^[A-Za-z0-9]*/.exec(text.slice(end, end + 64))![0];
  return before + after !== '' && /^[0-9A-Fa-f]+$/.test(before + after);
}

/**
 * Where the card numbers are in `text`: in each run of figures, the first groups from the left
 * that make one — 13–19 digits starting with 2–6 (with 2, in the ranges issued: `issuedPrefix`), Luhn-valid, one group or groups as issuers
 * print them (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) — the longest from each start. Inside the run, since a
 * number before it (`order 2024 4111 1111 1111 1111`, `qty 3 4111…`) would otherwise take the
 * place of its first digits, and no card be found.
 */
export function cardSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(FIGURE_RUN)) {
    if (hexGlued(text, { start: run.index, end: run.index + run[0].length })) continue;
    const groups = [...run[0].matchAll(/\d+/g)].map((group) => ({ start: run.index + group.index, digits: group[0] }));
    for (let first = 0; first < groups.length; first++) {
      const found = cardFrom(groups, first);
      if (found === undefined) continue;
      spans.push({ start: groups[first]!.start, end: groups[found]!.start + groups[found]!.digits.length });
      first = found;
    }
  }
  return spans;
}

// Returns the last group of the longest card number that starts at `groups[first]`, or undefined.
function cardFrom(groups: readonly { digits: string }[], first: number): number | undefined {
  const opening = groups[first]!.digits;
  if (!/^[2-6]/.test(opening)) return undefined;
  let digits = '';
  let last: number | undefined;
  for (let i = first; i < groups.length; i++) {
    // Grouped, the first group has at most 6 digits and the others 3–6 (a 19-digit number ends in 3).
    if (i > first && (opening.length > 6 || groups[i]!.digits.length < 3 || groups[i]!.digits.length > 6)) break;
    digits += groups[i]!.digits;
    if (digits.length > 19) break;
    if (digits.length >= 13 && luhnValid(digits) && issuedPrefix(digits)) last = i;
  }
  return last;
}

/**
 * Whether a number's first digits are a range cards are issued in. Cards starting with 2 are
 * Mir (2200–2204) and Mastercard's 2-series (2221–2720) only: a compact timestamp (20240115103015,
 * `report-20250824105354.csv`) starts with 20 and was a card whenever Luhn-valid, one in ten.
 */
function issuedPrefix(digits: string): boolean {
  if (digits[0] !== '2') return true;
  const four = Number(digits.slice(0, 4));
  return (four >= 2200 && four <= 2204) || (four >= 2221 && four <= 2720);
}
