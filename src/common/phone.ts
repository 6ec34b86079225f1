/**
 * Phone numbers in free text, found by libphonenumber-js (Google's libphonenumber metadata, the
 * full "max" set, so that a number must fit a real numbering plan, not only have its length).
 * The matcher is thorough but slow (a tenth of a millisecond or more a call), so it only sees
 * candidates of the shapes a phone number is written in: international (+44 …, 0044 …),
 * national with the trunk prefix 0 and written in groups (020 7946 0958, 06.12.34.56.78), read
 * for the regions in NATIONAL_REGIONS, and North American (415-555-0132, 1 (617) 555-0123). An
 * ungrouped run of digits that starts with 0 (0123456789) is more often a zero-padded id, but after
 * a phone's label (`phone: 0612345678`, `PHONE_LABEL`), and a dotted date (01.02.2024) is a date.
 * After a label, a number is read in the shapes of more countries too (`612 34 56 78`, Spain's, with no
 * trunk 0: `readLabelledOthers`); a decimal figure's decimals (`1269.2001000`) are no phone's but after one.
 */
import type * as Libphonenumber from 'libphonenumber-js/max';
import { idKeyedAt } from './key-names.js';
import { digitCount, inDecimals } from './number-checks.js';
import { mayHoldNumber, numbersIn } from './phone-matcher.js';
import { ESCAPED_LINE_BREAK, ESCAPED_TAB } from './redact-view.js';

/** Regions whose national formats (020 7946 0958, 0151 23456789, 01 42 68 53 00) are read, in this order. */
const NATIONAL_REGIONS = ['GB', 'DE', 'FR', 'IN', 'ES', 'IT', 'NL', 'AU'] as const;

/**
 * Seven digits with only short runs of separators between, not an ISO date: the least a phone
 * number has. The cheap test before anything else.
 */
export const PHONE_HINT = /(?<!\d)(?!\d{4}-\d\d-\d\d)\d(?:[ ().\u00a0\u2007\u2009\u202f\/-]{0,3}\d){6}/;

/**
 * Glued to an id on the left or right (ORD-2024-000123, 555-0132-A): not a phone number. By an
 * underscore only bare digits are (user_4155550132); a number written in groups is a named
 * field's value (tel_020 7946 0958, phone_(415) 555-0132_home): `glued`. After a word and a dot,
 * a number is a phone's only after its label (`tel.0612…`, `Ph.0770…`; `report.0612…` is a file's): `WORD_DOT`.
 */
const GLUED_BEFORE = /(?:[\p{L}\p{N}]|[\p{L}\p{N}_][-./])$/u;
const WORD_DOT = /\p{L}\.$/u;
const GLUED_AFTER = /^(?:[\p{L}\p{N}]|[-./][\p{L}\p{N}_])/u;

/**
 * Before a North American shape (415 555 2671), the part of a figure it would continue: a decimal point or comma glued
 * to a digit (`0,415 555 2671`), or a group of three that ends a decimal's (`0.411 `) or follows another group (`111 111 `):
 * the shape is that figure's last groups (0.411 111 111 111 1111), not a number of its own. A lone group before one
 * (`items 123 415 555 2671`, a country's code, a year) does not make it a figure's.
 */
export const FIGURE_GROUPS_BEFORE = String.raw`(?<!\d[.,]|(?:[.,]|\d[ \u00a0\u2007\u2009\u202f])\d{3}[ \u00a0\u2007\u2009\u202f])`;

/**
 * The shapes handed to the matcher, not glued to an id: international (+ or 00), national with
 * a trunk 0, North American (area code and exchange start with 2–9); at most 26 characters, so
 * a long run of figures costs the matcher nothing. A + after a name by an underscore (tel_+44 …)
 * starts a number still: no id holds a +. One after a word and a dot is read only after a label (`WORD_DOT`).
 */
const CANDIDATE = new RegExp(
  String.raw`(?:(?<![\p{L}\p{N}+])\+[1-9][\d ().\u00a0\u2007\u2009\u202f\/-]{5,24}\d|(?<![\p{L}\p{N}]|[\p{N}_][-./]|\p{L}[-/])(?:00[1-9][\d ().\u00a0\u2007\u2009\u202f\/-]{5,24}\d|\(?0[1-9][\d ().\u00a0\u2007\u2009\u202f\/-]{5,24}\d|${FIGURE_GROUPS_BEFORE}(?:1[ .\u00a0\u2007\u2009\u202f-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[ .\u00a0\u2007\u2009\u202f-]?[2-9]\d{2}[ .\u00a0\u2007\u2009\u202f-]?\d{4}(?![\d-]|\.\d)))`,
  'gu',
);

/** A national number as people write one: not a d.m.y date, 0 or (0 first, groups apart. */
const NATIONAL_WRITTEN = /^(?!\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$)\(?0(?=.*[ ().\u00a0\u2007\u2009\u202f\/-])/;

/** A space or a tab between a label and its number, written or escaped in JSON text (`Phone:\t0612…`). */
const GAP = String.raw`(?:[ \t]|${ESCAPED_TAB})`;
/** A line break between a label and its number (`Phone:\n0612…`), written or escaped in JSON text (`{"text":"Phone:\n0612…"}`). */
const LINE_BREAK = String.raw`(?:\r?\n|${ESCAPED_LINE_BREAK})`;

/**
 * A phone number's label right before a number: `phone: `, `Tel.: `, `"mobile": "`, `phone_number=`, `phone is `, `cell # `,
 * `Telefonnummer: `, `Tel.-Nr. `, `Handy: `; in running text, asking to call (`call me at `, `call `, `ring `, `dial `,
 * `reach me on `, `text us at `: `callVerb`) or saying whose number it is (`my number is `, `our phone number: `).
 * After one, a national number written ungrouped (`phone: 0612345678`, `mobile 07700900123`) is read too, checked
 * against the numbering plans as any other: without it, such a run is more often a zero-padded id (`Kundennummer 0123456789`).
 */
const PHONE_LABEL = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${phoneNamed()}|${numberOwned()}|${callVerb()})$`, 'iu');

/**
 * A phone's name (tel, phone, mobile, mob, ph, …, French `portable`, Spanish `m\u00f3vil`, Italian `cellulare`; `phone_number`,
 * `Tel.-Nr.`, `contact number`, `Kontaktnummer`, `"mobile": "`), a kind or a place in brackets after it (`phone (mobile): `, `Mobile (UK): `,
 * no figures: `Phone (2 lines)`), and what may come between it and the number (`: `, ` - `, `is `, `me at `; a colon ending the line,
 * the number on the next: `Phone:\n`, the newline written or escaped in JSON text).
 */
function phoneNamed(): string {
  const name = String.raw`t[e\u00e9]l(?:[e\u00e9]phone|efon[eo]?)?|phone|mobile?|mob|ph|handy|cell(?:phone|ulare)?|portable|m[o\u00f3]vil|fax|whatsapp|sms|(?:contact|kontakt)(?=[_ -]?n)`;
  const kind = String.raw`(?:[ \t]*\([^()\d\r\n\\]{1,24}\))?`;
  return String.raw`(?:${name})\.?(?:[_ -]?(?:number|num|nummer|no|nr))?\.?${kind}(?:\\*["'])?${GAP}*(?::${GAP}*${LINE_BREAK}${GAP}*|[:=#-]?${GAP}*)(?:\\*["'])?(?:is[ \t]+)?(?:(?:me|us)[ \t]+)?(?:(?:at|on)[ \t]+)?`;
}

// Whose number it is: `my number is `, `our phone number: `, `My number:\n` (an `order number is` is no phone's).
function numberOwned(): string {
  return String.raw`(?:my|our|your|his|her|their)[ \t]+(?:(?:phone|mobile|cell|contact|home|work)[ \t]+)?number(?:[ \t]+is[ \t]+|[ \t]*:(?:${GAP}*${LINE_BREAK}${GAP}*|${GAP}+))`;
}

/**
 * Asking to call: `call me at `, `text us on `, `give us a call on `, `give me a call: `, `call `, `ring `, `dial ` (or `"call": "`),
 * or to text (`please text `, `call or text `: `asked`), or a call made to it (`a call to `, `a text to `).
 * A bare call after a word that makes it a thing is none (`tool call 0412…`, `the call 0612… failed`), nor is `call #0412…`, a call's
 * own number; that word is a whole one (`you can call `, `someone call `, `Maria call ` ask to call).
 */
function callVerb(): string {
  const noun = String.raw`(?<!(?<![\p{L}\p{N}])(?:tool|function|api|rpc|method|model|http|the|a|an|this|that|each|per|one|first|last|next|previous|failed)[ \t_-]+)`;
  const to = String.raw`(?:(?:call|ring|dial|reach|text|contact)[ \t]+(?:me|us)|call|ring|dial)[ \t]+(?:at|on)[ \t]+|(?:call|ring|dial|reach|text|contact)[ \t]+(?:me|us)[ \t]+`;
  const given = String.raw`(?:me|us)[ \t]+a[ \t]+(?:call|ring)`;
  // Made to a number: `a call to `, `sent a text to ` (a call to a tool names no number: `tool call to lookup`).
  const made = String.raw`(?:calls?|ring|texts?|sms)[ \t]+to[ \t]+`;
  // A colon or spaces, the number in quotes or not (`call "0612…"`); nothing at all only where a candidate cannot start (glued to the word).
  const after = String.raw`(?:\\*["'])?[ \t]*(?:[:=][ \t]*)?(?:\\*["'])?`;
  // A call's or a callback's number as a field: `call_number: `, `Call-Nr. `, `callback number: `.
  const numbered = String.raw`call(?:(?:[_ -]?back)?[_ -]?(?:number|num|no|nr)\.?)?`;
  // Asked to text it (`please text `, `call or text `, `you can message `): a bare `text 0612…` is a message's text (`the text 0612… was sent`).
  const asked = String.raw`(?:please|pls|kindly|or|and|then|to|can|could|will|just)[ \t]+(?:text|sms|message)`;
  return String.raw`${to}|${made}|${given}${after}|${asked}${after}|${noun}(?:${numbered}|ring|dial)${after}`;
}

/**
 * A camel-case field's name that ends in a phone's label (`customerPhone: `, `"homePhone":"`, `contactPhoneNumber=`):
 * the label capitalised after a lower-case letter, then a colon or an equals sign (`iPhone 0612…` is a product's name).
 */
const CAMEL_PHONE_LABEL = /\p{Ll}(?:Phone|Tel|Telephone|Mobile|Cell|CellPhone|Fax)(?:Number|Num|No)?(?:\\*["'])?[ \t]*[:=][ \t]*(?:\\*["'])?$/u;

// Returns whether a phone number's label (`PHONE_LABEL`, `CAMEL_PHONE_LABEL`) ends where `start` is in `text`.
function labelledAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 32), start);
  return PHONE_LABEL.test(before) || CAMEL_PHONE_LABEL.test(before);
}


/** Where a redaction rule found something in a text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Where the phone numbers the matcher finds are in `text`, in order. */
export function phoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!PHONE_HINT.test(text)) return spans;
  for (const candidate of text.matchAll(CANDIDATE)) {
    const written = candidate[0];
    // More digits than any number has (15 with the country code, fewer written nationally): a run of figures, or a list of numbers.
    if (digitCount(written) <= (/^\(?0[1-9]/.test(written) ? 13 : 17)) readCandidate(text, { at: candidate.index, written, spans });
    else if (LIST_SEPARATOR.test(written)) for (const part of listedParts(written)) readCandidate(text, { at: candidate.index + part.at, written: part.written, spans });
  }
  return readLabelledOthers(text, spans);
}

/** A candidate's parts apart by a list's separator (`0612345678 / 0698765432`). */
function listedParts(written: string): { at: number; written: string }[] {
  const parts: { at: number; written: string }[] = [];
  let at = 0;
  for (const separator of written.matchAll(LIST_SEPARATORS)) {
    parts.push({ at, written: written.slice(at, separator.index) });
    at = separator.index + separator[0].length;
  }
  parts.push({ at, written: written.slice(at) });
  return parts;
}
/** Between two numbers of a list in one candidate: a slash with spaces around it, or a run of spaces (a table's columns). */
const LIST_SEPARATOR = /[ \u00a0]+\/[ \u00a0]+|[ \u00a0]{2,}/;
const LIST_SEPARATORS = new RegExp(LIST_SEPARATOR.source, 'g');

/**
 * Between the number found last and the next: a list's separator or word (`Tel: 0612345678, 0698765432`, `0612345678 or 0698765432`),
 * which the label before the first is the label of too.
 */
const LISTED_AFTER = /^(?:[ \t]*[,;/|&][ \t]*|[ \t]+(?:or|and|oder|und|ou|et|o|y|e)[ \t]+)$/i;

// Returns whether a phone's label ends at `at` in `text`, or a number found last (`spans`' last) and a list's separator do (`LISTED_AFTER`).
function labelOrListAt(text: string, { at, spans }: { at: number; spans: readonly Span[] }): boolean {
  const last = spans[spans.length - 1];
  return (last !== undefined && last.end < at && LISTED_AFTER.test(text.slice(last.end, at))) || labelledAt(text, at);
}

/** Reads one candidate, `written` at `at` of `text`: the numbers the matcher finds there are added to `spans`. */
function readCandidate(text: string, { at, written, spans }: { at: number; written: string; spans: Span[] }): void {
  // Bare digits glued to an id on the right (a hex trace id, 4155550132abc) or after an underscore
  // (user_4155550132): whatever the matcher finds inside would be dropped below, after its cost.
  if (gluedDigits(text, { at, written })) return;
  // Bare digits as an id's value (`"order_id": 8002239497`), but after a phone's label.
  if (/^\d+$/.test(written) && idKeyedAt(text, at) && !labelledAt(text, at)) return;
  const national = /^\(?0[1-9]/.test(written);
  // A list's part may still hold more digits than a number has.
  if (digitCount(written) > (national ? 13 : 17)) return;
  // Ungrouped (0612345678), a national number is read only after a phone's label; after a word and a dot, any (`tel.0612…`).
  const afterWord = text[at - 1] === '.' && WORD_DOT.test(text.slice(Math.max(0, at - 2), at));
  const labelled = (afterWord || (national && /^0\d+$/.test(written))) && labelOrListAt(text, { at, spans });
  if (afterWord && !labelled) return;
  if (national && !labelled && !NATIONAL_WRITTEN.test(written)) return;
  // +… is read the same from any region; 00… needs a region that dials 00 abroad; a trunk 0 needs the number's own.
  const regions = national ? NATIONAL_REGIONS : written.startsWith('00') ? (['DE'] as const) : (['US'] as const);
  matchIn(text, { at, written, regions, labelled, spans });
}

/**
 * Adds to `spans` the numbers the matcher finds in `written`, at `at` of `text`, for the first of `regions` it finds any for;
 * `labelled` when a phone's label ends at `at`: a number found there is one however it is written, glued to the label too.
 */
function matchIn(text: string, { at, written, regions, labelled, spans }: { at: number; written: string; regions: readonly Libphonenumber.CountryCode[]; labelled: boolean; spans: Span[] }): void {
  const national = /^\(?0[1-9]/.test(written);
  for (const region of regions) {
    const before = spans.length;
    for (const found of numbersIn(written, region)) {
      // A number in brackets as a whole, `(020 7946 0958)`, is found with its opening one: the bracket is the text's, as its closing one is.
      const opened = at + found.startsAt;
      const start = text[opened] === '(' && !text.slice(opened, at + found.endsAt).includes(')') ? opened + 1 : opened;
      const end = at + found.endsAt;
      if (national && !NATIONAL_WRITTEN.test(text.slice(start, end)) && !(labelled && start === at)) continue;
      if (glued(text, { start, end, labelled: labelled && start === at })) continue;
      // In a decimal figure's decimals (`1269.2001000`, `0.41 111 111 1111`) a number is one only after its label (`Phone: 1.269 200 1000`).
      if (inDecimals(text, { start, end }) && !labelledAt(text, start)) continue;
      spans.push({ start, end });
    }
    if (spans.length > before) break;
  }
}

/**
 * After a phone's label, a number in a shape the candidates leave (no trunk 0 nor +, not North American): Spain's, which has no
 * trunk prefix (`612 34 56 78`), Italy's mobiles (`3331234567`), India's (`98765 43210`), Brazil's (`(11) 91234-5678`)…
 * read for LABELLED_REGIONS; one of North America's shape that is not a number of its plan too (Italy's `3403000000`).
 * Only where no number was found.
 */
const LABELLED_CANDIDATE = /(?<![\p{L}\p{N}+]|[\p{N}_][-./]|\p{L}[-/])\(?[1-9][\d ().\u00a0\u2007\u2009\u202f\/-]{5,18}\d/gu;
const LABELLED_REGIONS = [...NATIONAL_REGIONS, 'US', 'IT', 'ES', 'IN', 'BR', 'MX', 'CN', 'JP', 'RU'] as const;
/** A word every phone's label holds (`PHONE_LABEL`, `CAMEL_PHONE_LABEL`): the one test a text without any pays before LABELLED_CANDIDATE's. */
const LABEL_WORD = /t[e\u00e9]l|phone|mob|ph|handy|cell|portable|m[o\u00f3]vil|fax|whatsapp|sms|conta[ck]t|kontakt|number|call|ring|dial|reach|text|message/i;

// Returns how many digits `spans` of `text` cover.
function digitsCovered(text: string, spans: readonly Span[]): number {
  return spans.reduce((sum, span) => sum + digitCount(text.slice(span.start, span.end)), 0);
}

/**
 * How many of LABELLED_REGIONS' readings (~35 µs each) one text's labelled candidates may cost: a candidate none reads costs them
 * all (but for regions whose plans hold no run of its digits, `mayHoldNumber`: counted all the same), and agent output is untrusted
 * (`phone: 1234567 ` 7,000 times took 4.6 s). Past them a labelled candidate is taken whole, unread: redacted rather than kept, at no
 * matcher's cost.
 */
const LABELLED_READS = 4 * LABELLED_REGIONS.length;

// Returns `spans` with the numbers after a phone's label in a shape the candidates leave (`LABELLED_CANDIDATE`), in order.
function readLabelledOthers(text: string, spans: Span[]): Span[] {
  if (!LABEL_WORD.test(text)) return spans;
  const found: Span[] = [];
  // The first of `spans` (in order) that ends after the candidate's start: the one it may overlap.
  let next = 0;
  let reads = 0;
  for (const candidate of text.matchAll(LABELLED_CANDIDATE)) {
    const at = candidate.index;
    const end = at + candidate[0].length;
    while (next < spans.length && spans[next]!.end <= at) next++;
    const digits = digitCount(candidate[0]);
    if (digits < 7 || digits > 15 || (next < spans.length && spans[next]!.start < end)) continue;
    // After a label only, not after a number in a list (`phone: 600000000, 201000000`: a shape this loose is often an id there).
    if (!LABEL_WORD.test(text.slice(Math.max(0, at - 32), at)) || !labelledAt(text, at)) continue;
    if (reads >= LABELLED_READS) {
      found.push({ start: at, end });
      continue;
    }
    // The region whose plan reads most of it (`(11) 91234-5678` is Brazil's whole, a shorter number elsewhere): it all, else the longest.
    let best: Span[] = [];
    const digitRun = candidate[0].replace(/\D/g, '');
    for (const region of LABELLED_REGIONS) {
      // A region skipped counts as read: the cap falls on the same candidates as with every region read.
      reads++;
      if (!mayHoldNumber(digitRun, region)) continue;
      const read: Span[] = [];
      matchIn(text, { at, written: candidate[0], regions: [region], labelled: true, spans: read });
      if (digitsCovered(text, read) > digitsCovered(text, best)) best = read;
      if (digitsCovered(text, best) >= digits) break;
    }
    found.push(...best);
  }
  return found.length === 0 ? spans : [...spans, ...found].sort((a, b) => a.start - b.start);
}

/** A candidate of digits only, glued on its right or by an underscore on its left (what the matcher finds inside would be dropped below: `glued`). */
function gluedDigits(text: string, { at, written }: { at: number; written: string }): boolean {
  const end = at + written.length;
  return /^\d+$/.test(written) && (text[at - 1] === '_' || /^[-./]?[\p{L}\p{N}_]/u.test(text.slice(end, end + 2)));
}

/**
 * Whether the number found at `span` is glued to an id (GLUED_BEFORE, GLUED_AFTER; by an underscore when its digits are bare); one starting
 * with + only to what follows it, no id holds a +; one right after a phone's label (`labelled`: `tel.0612…`) too.
 */
function glued(text: string, { start, end, labelled }: Span & { labelled: boolean }): boolean {
  const bare = /^\d+$/.test(text.slice(start, end));
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 2);
  if (text[start] === '+' || labelled) return GLUED_AFTER.test(after);
  return GLUED_BEFORE.test(before) || GLUED_AFTER.test(after) || (bare && (before.endsWith('_') || after.startsWith('_')));
}
