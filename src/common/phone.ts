/**
 * Phone numbers in free text, found by libphonenumber-js (Google's libphonenumber metadata, the
 * full "max" set so that a number must fit a real numbering plan, not only a length): its
 * matcher with VALID leniency skips dates, times and numbers glued to letters. International
 * forms (+44 …) are read whatever the region; national forms are read for North America (the
 * default) and, when they start with the trunk prefix 0 or the international prefix 00 and are
 * written in groups, for the regions in NATIONAL_REGIONS: an ungrouped run of digits that starts
 * with 0 (0123456789) is more often a zero-padded id, and a dotted date (01.02.2024) is a date.
 */
import { createRequire } from 'node:module';
import type * as Libphonenumber from 'libphonenumber-js/max';

/** Regions whose national formats (020 7946 0958, 0151 23456789, 01 42 68 53 00) are read. */
const NATIONAL_REGIONS = ['GB', 'DE', 'FR', 'IN', 'ES', 'IT', 'NL', 'AU'] as const;

/** Seven digits with only short runs of separators between: the least a phone number has. The cheap test before the matcher. */
export const PHONE_HINT = /\d(?:[ ().\/-]{0,3}\d){6}/;

/** A digit that starts a national number (0…) not inside a word: worth asking the other regions. */
const TRUNK_PREFIX = /(?<![\p{L}\p{N}_+])\(?0\d/u;

/** A national number as people write one: not a d.m.y date, 0 or (0 first, groups apart. */
const NATIONAL_WRITTEN = /^(?!\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$)\(?0(?=.*[ ().\/-])/;

/** Glued to an id on the left or right (ORD-2024-000123, 555-0132-A): not a phone number. */
const GLUED_BEFORE = /(?:[\p{L}\p{N}_]|[\p{L}\p{N}_][-./])$/u;
const GLUED_AFTER = /^(?:[\p{L}\p{N}_]|[-./][\p{L}\p{N}_])/u;

// The library (about 150 ms to load) is loaded on the first text that looks like it holds a number.
let library: typeof Libphonenumber | undefined;
function phoneLibrary(): typeof Libphonenumber {
  library ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof Libphonenumber;
  return library;
}

/** `text` with every phone number the matcher finds replaced by `placeholder`. */
export function redactPhoneNumbers(text: string, placeholder: string): string {
  if (!PHONE_HINT.test(text)) return text;
  const { findPhoneNumbersInText } = phoneLibrary();
  const spans: Array<{ start: number; end: number }> = [];
  const take = (region: Libphonenumber.CountryCode, nationalOnly: boolean) => {
    // Not `extended`: the matcher's leniency is then VALID (a number of a real plan), not POSSIBLE (a length).
    for (const found of findPhoneNumbersInText(text, { defaultCountry: region })) {
      const start = found.startsAt;
      const end = found.endsAt;
      if (nationalOnly && !NATIONAL_WRITTEN.test(text.slice(start, end))) continue;
      if (GLUED_BEFORE.test(text.slice(Math.max(0, start - 2), start)) || GLUED_AFTER.test(text.slice(end, end + 2))) continue;
      if (spans.some((span) => span.start < end && start < span.end)) continue;
      spans.push({ start, end });
    }
  };
  take('US', false);
  if (TRUNK_PREFIX.test(text)) for (const region of NATIONAL_REGIONS) take(region, true);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    out += text.slice(at, span.start) + placeholder;
    at = span.end;
  }
  return out + text.slice(at);
}
