/**
 * The checksums that tell a number that is a card or a bank account from any other run of digits
 * (an order id, a timestamp): the redaction rules (`redact.ts`) replace only what passes them; and
 * where the card numbers are in a text (`cardSpans`). Pure.
 */
import { ibanChecksumValid } from '../config/iban-checksum.js';
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

/**
 * The length of each country's IBAN (SWIFT's IBAN registry): what a candidate written in lower case
 * must have besides its checksum. Words and hex ids (trace ids, hashes) of an IBAN's shape are
 * common in lower case, and one in 97 passes mod-97; none in upper case but an IBAN is held to
 * it, so that one of a country outside the registry (Morocco's, Senegal's …) is still found.
 */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/**
 * The countries whose code is made of hex letters and whose IBAN holds only digits after it (SWIFT's
 * registry): written in lower case, theirs is all hex, as a span id or a hash is; one of these with a
 * letter after its code (`be973ea7ddbb1fbb`, 1 in ~64,000 16-character hex ids passing mod-97) is a hex id.
 * Andorra's (`ad`) may hold letters, and is held to its length and checksum alone.
 */
const DIGITS_ONLY_HEX_COUNTRIES: ReadonlySet<string> = new Set(['AE', 'BA', 'BE', 'DE', 'EE']);

/** What groups an IBAN: the spaces that group digits, and the dash or dot some banks print between its groups. */
const IBAN_GAP = /[ \u00a0\u2007\u2009\u202f.-]/g;

/**
 * Returns whether a candidate passes the IBAN mod-97 check (ISO 13616); written with a lower-case letter, or grouped by
 * dashes or dots (a licence key, a dotted id of its shape), also its country's length (and, in lower case, digits only
 * where its country's holds only them).
 */
export function isIban(candidate: string): boolean {
  const lower = /[a-z]/.test(candidate);
  let compact = candidate.replace(IBAN_GAP, '');
  if (compact.length < 15 || compact.length > 34) return false;
  if (lower || /[.-]/.test(candidate)) {
    compact = compact.toUpperCase();
    const country = compact.slice(0, 2);
    if (IBAN_LENGTHS.get(country) !== compact.length) return false;
    if (lower && DIGITS_ONLY_HEX_COUNTRIES.has(country) && /[A-Z]/.test(compact.slice(2))) return false;
  }
  return ibanChecksumValid(compact);
}

/**
 * How long the IBAN a candidate starts with is: the whole candidate, else its longest part before a
 * gap that passes `isIban`; undefined when none does. A short word after an IBAN fits its shape
 * (`BE70 0637 7327 7496 EUR`, `PL12020631802070512861806339 PLN`, `de89… lorem`) and is read into it.
 */
export function ibanLength(candidate: string): number | undefined {
  for (let end = candidate.length; end >= 15; end = lastGapBefore(candidate, end)) if (isIban(candidate.slice(0, end))) return end;
  return undefined;
}

// Returns where the last gap (a space, dash or dot of those that group an IBAN: `IBAN_GAP`) before `end` is in `text`, or -1.
function lastGapBefore(text: string, end: number): number {
  for (let at = end - 1; at >= 0; at--) if (' \u00a0\u2007\u2009\u202f.-'.includes(text[at]!)) return at;
  return -1;
}

/**
 * A decimal figure: an integer part (0, or no leading zero: ungrouped, or in threes by a space, an apostrophe, or by commas
 * before a decimal point or dots before a decimal comma), a decimal point or comma, and decimals, their first group of any
 * length, up to 12 more of 1–6 digits apart by single spaces; not a part of a dotted chain (a version, `415.555.0132`,
 * `06.12.34.56.78`), nor glued to a word or a +, nor ending inside a dashed or slashed number (`12.50 415-555-0132`):
 * `1269.2001000`, `0.41 111 111 1111`, `1 030 266.3615`, `8.419.046,00`, `1.269 200 1000`. After a currency's sign an amount,
 * its decimals in one group (`$12.50 415 555 0132`). A longer group after them is a number of its own (`0.1 4111111111119`).
 * Each part bounded, so that a figure is read in bounded time however long a run of digits is. Sticky: tried at each digit
 * that starts a run of them (`inDecimals`).
 */
const FIGURE_UNITS = String.raw`(?:0|[1-9]\d{0,29}|[1-9]\d{0,2}(?:(?:[ \u00a0\u2007\u2009\u202f]\d{3}){1,10}|(?:'\d{3}){1,10}|(?:,\d{3}){1,10}(?=\.)|(?:\.\d{3}){1,10}(?=,)))`;
const DECIMAL_FIGURE = new RegExp(
  String.raw`(?<![\p{L}\p{N}+.,'])(?:(?<=\p{Sc}[ \u00a0]?)${FIGURE_UNITS}[.,]\d{1,30}(?![.,]?\d)|${FIGURE_UNITS}[.,]\d{1,30}(?:[ \u00a0\u2007\u2009\u202f]\d{1,6}){0,12}(?![.,]?\d|[-/]\d|[ \u00a0\u2007\u2009\u202f]\d))`,
  'uy',
);
/** The most characters a decimal figure (DECIMAL_FIGURE) holds before its decimals' last group: how far back one is sought. */
const FIGURE_REACH = 128;

/**
 * Whether `span` of `text` reaches into a decimal figure's decimals, from its decimal point or comma on (`DECIMAL_FIGURE`):
 * `1269.2001000` or `1.269 200 1000` read as a North American phone number, `0.41 123 45 6789` as an SSN,
 * `0,411 111 111 1119` as a card; not a card before a figure's point (`4111 1111 1111 1111.25`), nor a span from a later group
 * of decimals not in threes (`12.50 415 555 0132`: `startsPastDecimals`). Tried only where a rule found
 * something: the figures are sought in the characters around the span a figure may hold.
 */
export function inDecimals(text: string, span: Span): boolean {
  // Back over what a figure is written with, as far as one reaches; none without a decimal point or comma before the span's end.
  let from = span.start;
  while (from > 0 && span.start - from < FIGURE_REACH && inFigure(text.charCodeAt(from - 1))) from--;
  let marked = false;
  for (let at = from; at < span.end && !marked; at++) marked = text[at] === '.' || text[at] === ',';
  if (!marked) return false;
  for (let at = from; at < span.end; at++) {
    if (!isDigit(text[at]!) || (at > 0 && isDigit(text[at - 1]!))) continue;
    DECIMAL_FIGURE.lastIndex = at;
    const figure = DECIMAL_FIGURE.exec(text)?.[0];
    if (figure === undefined) continue;
    // The decimal point or comma: the last of either (the decimals hold none).
    const point = at + Math.max(figure.lastIndexOf('.'), figure.lastIndexOf(','));
    if (point < span.end && at + figure.length > span.start && !startsPastDecimals(text, { span, figure: { at, point, end: at + figure.length } })) return true;
  }
  return false;
}

/**
 * Whether `span` starts at a group of a figure's decimals after the first, and those groups are not in threes (the last of 1–3
 * digits), as decimals are grouped: what follows a decimal and a space is then a number of its own (`12.50 415 555 0132`).
 */
function startsPastDecimals(text: string, { span, figure }: { span: Span; figure: { at: number; point: number; end: number } }): boolean {
  const groups = text.slice(figure.point + 1, figure.end).split(/[ \u00a0\u2007\u2009\u202f]/);
  if (span.start <= figure.point + groups[0]!.length) return false;
  const later = groups.slice(1);
  return !later.every((group, i) => (i === later.length - 1 ? group.length <= 3 : group.length === 3));
}

const isDigit = (char: string) => char >= '0' && char <= '9';
// Returns whether the character of `code` is one a decimal figure is written with: a digit, a point, a comma, an apostrophe, a space that groups digits.
function inFigure(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x2c || code === 0x27 || code === 0x20 || code === 0xa0 || code === 0x2007 || code === 0x2009 || code === 0x202f;
}

// Returns how many digits a string holds.
export function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

/**
 * A run of figures: digits in groups apart by one space (no-break and thin ones too, as locales
 * group digits), dash or dot, not part of a longer dashed id (`2024-000123-4567`); a dotted chain
 * (`1.22.333`, `4111.1111.1111.1111`) whole. A word joins no figures, glued or by an underscore, a dash or a dot:
 * `card_4111111111111111`, `x4111…`, `card-4111 1111 1111 1111`, `no.4111 1111 1111 1111` and `4111111111111111-visa`
 * are runs of figures, as after a space; but for figures inside a hex token (`hexGlued`). After a dot
 * only when a letter is before it: `ratio .4111…` is a decimal, as `0.4111…` is.
 */
const FIGURE_RUN = /(?<!\d|(?<![A-Za-z])\.|[\d._-]-)\d+(?:[ \u00a0\u2007\u2009\u202f.-]\d+)*(?!\d|-[\d._-]|\.\d)/g;

/** A group of a run of figures: where it starts in the text, its digits, and whether a dot is before it (`4111.1111`: the second). */
interface FigureGroup {
  start: number;
  digits: string;
  dotted: boolean;
}

/**
 * Whether the figures from `start` to `end` are glued to letters that, with them, make a hex token
 * (a hash, a git SHA, a trace id: `e3b0c44298fc1c149afbf4c8996fb92427ae41e4…`), whose digits run 13
 * and more at times; letters that are no hex digit (`card4111…`, `x4111…`) are a word.
 */
function hexGlued(text: string, { start, end }: Span): boolean {
  // Scanned outwards, up to 64 characters each side: `/[A-Za-z0-9]*$/` on the 64 before retried at every place (quadratic per run of figures).
  let from = start;
  while (from > Math.max(0, start - 64) && isAsciiAlnum(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < Math.min(text.length, end + 64) && isAsciiAlnum(text.charCodeAt(to))) to++;
  const glued = text.slice(from, start) + text.slice(end, to);
  return glued !== '' && /^[0-9A-Fa-f]+$/.test(glued);
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Where the card numbers are in `text`: in each run of figures, the first groups from the left
 * that make one — 13–19 digits starting with 2–6 (with 2, in the ranges issued: `issuedPrefix`), Luhn-valid, one group or groups as issuers
 * print them (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) — the longest from each start. Inside the run, since a
 * number before it (`order 2024 4111 1111 1111 1111`, `qty 3 4111…`) would otherwise take the
 * place of its first digits, and no card be found. Grouped by dots, a card is a dotted chain whole.
 */
export function cardSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(FIGURE_RUN)) {
    if (hexGlued(text, { start: run.index, end: run.index + run[0].length })) continue;
    const groups = [...run[0].matchAll(/\d+/g)].map((group): FigureGroup => ({ start: run.index + group.index, digits: group[0], dotted: run[0][group.index - 1] === '.' }));
    for (let first = 0; first < groups.length; first++) {
      const found = cardFrom(groups, first);
      if (found === undefined || laterCardOverruns(groups, { first, last: found })) continue;
      const span = { start: groups[first]!.start, end: groups[found]!.start + groups[found]!.digits.length };
      if (decimalsNoCard(text, { span, groups: groups.slice(first, found + 1) })) continue;
      spans.push(span);
      first = found;
    }
  }
  return spans;
}

/**
 * Whether the figures `groups[first..last]`, Luhn-valid by chance though not grouped as issuers
 * print, end inside a card number that is grouped so and starts at one of their later groups (a
 * phone number before a card: `+1 415 555 0134 4111 1111 1111 1111` read from 415 ends at the
 * card's second group, and the rest of the card stays): that card is the one, from its own start.
 */
function laterCardOverruns(groups: readonly FigureGroup[], { first, last }: { first: number; last: number }): boolean {
  if (issuerShape(groups.slice(first, last + 1))) return false;
  for (let start = first + 1; start <= last; start++) {
    const end = cardFrom(groups, start);
    if (end !== undefined && end > last && issuerShape(groups.slice(start, end + 1))) return true;
  }
  return false;
}

/** The groupings issuers print a card number in (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4): a dotted one's, and a spaced or dashed one's a dot is glued to. */
const ISSUER_SHAPES: ReadonlySet<string> = new Set(['4.4.4.4', '4.4.4.4.3', '4.6.5', '4.6.4']);

/**
 * Returns the last group of the longest card number that starts at `groups[first]`, or undefined. Its
 * groups are all apart by dots or none is, and a dotted chain is one whole or none, grouped as issuers
 * print (4111.1111.1111.1111, 3782.822463.10005: `ISSUER_SHAPES`), no dotted group before or after it (a version, an id: 1.4111.1111.1111.1111).
 * Grouped by spaces or dashes as issuers print it, a card may have a dot glued before or after it: a list's number before
 * (`1.4111 1111 1111 1111`), decimals after (`4111 1111 1111 1111.25`); no decimal's or version's digits are grouped so.
 */
function cardFrom(groups: readonly FigureGroup[], first: number): number | undefined {
  const opening = groups[first]!.digits;
  if (!/^[2-6]/.test(opening)) return undefined;
  const dotted = groups[first + 1]?.dotted === true;
  if (groups[first]!.dotted && dotted) return undefined;
  let digits = '';
  let last: number | undefined;
  for (let i = first; i < groups.length; i++) {
    // Grouped, the first group has at most 6 digits and the others 3–6 (a 19-digit number ends in 3).
    if (i > first && (groups[i]!.dotted !== dotted || opening.length > 6 || groups[i]!.digits.length < 3 || groups[i]!.digits.length > 6)) break;
    digits += groups[i]!.digits;
    if (digits.length > 19) break;
    if (digits.length < 13 || !luhnValid(digits) || !issuedPrefix(digits)) continue;
    const dotAfter = groups[i + 1]?.dotted === true;
    // A dotted chain whole; dotted, or a dot glued to it, only in an issuer's grouping.
    if ((dotted && dotAfter) || ((dotted || dotAfter || groups[first]!.dotted) && !issuerShape(groups.slice(first, i + 1)))) continue;
    last = i;
  }
  return last;
}

/**
 * Whether the card number `groups` make at `span` are a decimal figure's decimals (`inDecimals`: `0,411 111 111 1119`,
 * `51.63 377 3312 357 014`, `8 415 813,2255…`), not a card: unless grouped as issuers print it (a list's number before,
 * `1.4111 1111 1111 1111`), or one group after a comma and a number not grouped in threes (a CSV line's field, a JSON
 * array's item: `3,4111111111111111`, `[12,4111111111111111]`).
 */
function decimalsNoCard(text: string, { span, groups }: { span: Span; groups: readonly FigureGroup[] }): boolean {
  if (issuerShape(groups)) return false;
  if (groups.length === 1 && text[span.start - 1] === ',' && !GROUPED_BEFORE_COMMA.test(text.slice(Math.max(0, span.start - 40), span.start))) return false;
  return inDecimals(text, span);
}

/** An integer part grouped in threes, and a decimal comma: `8 415 813,`, `7'021'281,`, `5.897.512,`. */
const GROUPED_BEFORE_COMMA = /(?<!\d)\d{1,3}(?:[ \u00a0\u2007\u2009\u202f'.]\d{3})+,$/;

// Returns whether `groups` are grouped as issuers print a card (`ISSUER_SHAPES`).
function issuerShape(groups: readonly FigureGroup[]): boolean {
  return ISSUER_SHAPES.has(groups.map((group) => group.digits.length).join('.'));
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
