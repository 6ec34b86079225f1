/**
 * libphonenumber-js's matcher as phone.ts reads a candidate with it: loaded on the first candidate, and each reading of a text
 * for a region kept for the next time the same text is read; and its metadata's test of whether a reading may find anything (`mayHoldNumber`).
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

/**
 * Whether the matcher may find a number among `digits` (a candidate's digits, in order) read for `region`, at about a hundredth of a reading's cost:
 * a number it finds is valid, so its national significant number matches entirely the pattern of a plan of `region`'s calling code
 * (libphonenumber-js getNumberType), and is a run of the candidate's digits: what the reading strips before it (a national prefix, the
 * calling code) is a run before it, and `region`'s rule that rewrites a national number keeps a run of it (Brazil's `$2`, Japan's `$1`).
 * Not where `region`'s international prefix is among them (`810…` read for RU is any country's number), nor for a region whose
 * rule adds digits (none of phone.ts': checked here all the same).
 */
export function mayHoldNumber(digits: string, region: Libphonenumber.CountryCode): boolean {
  let plan = plans.get(region);
  if (plan === undefined) {
    plan = planOf(region);
    plans.set(region, plan);
  }
  return plan === 'any' || plan.number.test(digits) || plan.international.test(digits);
}
const plans = new Map<string, { number: RegExp; international: RegExp } | 'any'>();

/** The part of libphonenumber-js's Metadata (its core build, over the same max metadata) that `planOf` reads. */
interface Metadata {
  selectNumberingPlan(region: string): void;
  numberingPlan: { callingCode(): string; IDDPrefix(): string; nationalPrefixTransformRule(): string | 0 | undefined; nationalNumberPattern(): string };
  countryCallingCodes(): Record<string, string[]>;
}
let metadata: Metadata | undefined;

// Returns `region`'s tests for `mayHoldNumber`, read from the library's own metadata ('any' when its rewriting rule adds digits).
function planOf(region: Libphonenumber.CountryCode): { number: RegExp; international: RegExp } | 'any' {
  const { Metadata } = packageRequire('libphonenumber-js/core') as { Metadata: new (json: unknown) => Metadata };
  const read = (metadata ??= new Metadata(packageRequire('libphonenumber-js/max/metadata')));
  read.selectNumberingPlan(region);
  const { numberingPlan } = read;
  // The metadata's 0 where a plan has no rewriting rule.
  if (/\d/.test((numberingPlan.nationalPrefixTransformRule() || '').replace(/\$\d/g, ''))) return 'any';
  const international = new RegExp(numberingPlan.IDDPrefix());
  const patterns = (read.countryCallingCodes()[numberingPlan.callingCode()] ?? []).map((sharing) => {
    read.selectNumberingPlan(sharing);
    return read.numberingPlan.nationalNumberPattern();
  });
  return { number: new RegExp(`(?:${patterns.join('|')})`), international };
}
