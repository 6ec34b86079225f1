/**
 * Phone numbers in free text, found by libphonenumber-js (Google's libphonenumber metadata, the
 * full "max" set, so that a number must fit a real numbering plan, not only have its length).
 * The matcher is thorough but slow (a tenth of a millisecond or more a call), so it only sees
 * candidates of the shapes a phone number is written in: international (+44 …, 0044 …),
 * national with the trunk prefix 0 and written in groups (020 7946 0958, 06.12.34.56.78), read
 * for the regions in NATIONAL_REGIONS, and North American (415-555-0132, 1 (617) 555-0123). An
 * ungrouped run of digits that starts with 0 (0123456789) is more often a zero-padded id, but after
 * a phone's label (`phone: 0612345678`, `PHONE_LABEL`), and a dotted date (01.02.2024) is a date.
 */
import type * as Libphonenumber from 'libphonenumber-js/max';
import { packageRequire } from '../config/package-root.js';
import { inDecimals } from './number-checks.js';
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

/** The spaces that group digits besides the plain one (no-break, figure, thin, narrow no-break: fr-FR groups by U+202F). */
const WIDE_GAPS = /[\u00a0\u2007\u2009\u202f]/g;

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
  const name = String.raw`t[e\u00e9]l(?:[e\u00e9]phone|efono?)?|phone|mobile?|mob|ph|handy|cell(?:phone|ulare)?|portable|m[o\u00f3]vil|fax|whatsapp|sms|(?:contact|kontakt)(?=[_ -]?n)`;
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

// The library (about 150 ms to load) is loaded on the first candidate.
let library: typeof Libphonenumber | undefined;
function phoneLibrary(): typeof Libphonenumber {
  library ??= packageRequire('libphonenumber-js/max') as typeof Libphonenumber;
  return library;
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
    // Bare digits glued to an id on the right (a hex trace id, 4155550132abc) or after an underscore
    // (user_4155550132): whatever the matcher finds inside would be dropped below, after its cost.
    if (gluedDigits(text, candidate)) continue;
    const national = /^\(?0[1-9]/.test(candidate[0]);
    // More digits than any number has (15 with the country code, fewer written nationally): a run of figures.
    if (candidate[0].replace(/\D/g, '').length > (national ? 13 : 17)) continue;
    // Ungrouped (0612345678), a national number is read only after a phone's label; after a word and a dot, any (`tel.0612…`).
    const afterWord = WORD_DOT.test(text.slice(Math.max(0, candidate.index - 2), candidate.index));
    const labelled = (afterWord || (national && /^0\d+$/.test(candidate[0]))) && labelledAt(text, candidate.index);
    if (afterWord && !labelled) continue;
    if (national && !labelled && !NATIONAL_WRITTEN.test(candidate[0])) continue;
    // +… is read the same from any region; 00… needs a region that dials 00 abroad; a trunk 0 needs the number's own.
    const regions = national ? NATIONAL_REGIONS : candidate[0].startsWith('00') ? (['DE'] as const) : (['US'] as const);
    for (const region of regions) {
      const before = spans.length;
      // Not `extended`: the matcher's leniency is then VALID (a number of a real plan), not POSSIBLE (a length).
      // The matcher reads a no-break space but no narrow or thin one: each as a space, the length kept.
      for (const found of phoneLibrary().findPhoneNumbersInText(candidate[0].replace(WIDE_GAPS, ' '), { defaultCountry: region })) {
        // A number in brackets as a whole, `(020 7946 0958)`, is found with its opening one: the bracket is the text's, as its closing one is.
        const opened = candidate.index + found.startsAt;
        const start = text[opened] === '(' && !text.slice(opened, candidate.index + found.endsAt).includes(')') ? opened + 1 : opened;
        const end = candidate.index + found.endsAt;
        if (national && !NATIONAL_WRITTEN.test(text.slice(start, end)) && !(labelled && start === candidate.index)) continue;
        if (glued(text, { start, end, labelled: labelled && start === candidate.index })) continue;
        // In a decimal figure's decimals (`1269.2001000`, `0.41 111 111 1111`) a number is one only after its label (`Phone: 1.269 200 1000`).
        if (inDecimals(text, { start, end }) && !labelledAt(text, start)) continue;
        spans.push({ start, end });
      }
      if (spans.length > before) break;
    }
  }
  return spans;
}

/** A candidate of digits only, glued on its right or by an underscore on its left (what the matcher finds inside would be dropped below: `glued`). */
function gluedDigits(text: string, candidate: RegExpExecArray | RegExpMatchArray): boolean {
  const start = candidate.index ?? 0;
  const end = start + candidate[0].length;
  return /^\d+$/.test(candidate[0]) && (text[start - 1] === '_' || /^[-./]?[\p{L}\p{N}_]/u.test(text.slice(end, end + 2)));
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
