/**
 * libphonenumber-js's matcher as phone.ts reads a candidate with it: loaded on the first candidate, and each reading of a text
 * for a region kept for the next time the same text is read.
 */
import type * as Libphonenumber from 'libphonenumber-js/max';
import { packageRequire } from '../config/package-root.js';

// The library (about 150 ms to load) is loaded on the first candidate.
let library: typeof Libphonenumber | undefined;
function phoneLibrary(): typeof Libphonenumber {
  library ??= packageRequire('libphonenumber-js/max') as typeof Libphonenumber;
  return library;
}

/** The spaces that group digits besides the plain one (no-break, figure, thin, narrow no-break: fr-FR groups by U+202F). */
const WIDE_GAPS = /[\u00a0\u2007\u2009\u202f]/g;

/**
 * Where the matcher finds numbers in `written` read for `region`: the same text read again (a contact's number in every trace, a
 * labelled number no region reads, tried for each) is answered from the last MATCHES_KEPT readings, at no matcher's cost.
 */
export function numbersIn(written: string, region: Libphonenumber.CountryCode): readonly { startsAt: number; endsAt: number }[] {
  const key = `${region} ${written}`;
  let found = matches.get(key);
  if (found === undefined) {
    // Not `extended`: the matcher's leniency is then VALID (a number of a real plan), not POSSIBLE (a length).
    // The matcher reads a no-break space but no narrow or thin one: each as a space, the length kept.
    found = phoneLibrary()
      .findPhoneNumbersInText(written.replace(WIDE_GAPS, ' '), { defaultCountry: region })
      .map(({ startsAt, endsAt }) => ({ startsAt, endsAt }));
    if (matches.size >= MATCHES_KEPT) matches.clear();
    matches.set(key, found);
  }
  return found;
}
const MATCHES_KEPT = 1024;
const matches = new Map<string, readonly { startsAt: number; endsAt: number }[]>();
