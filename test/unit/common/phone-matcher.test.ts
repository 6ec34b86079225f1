// phone-matcher.ts `mayHoldNumber`, the metadata's test that spares a labelled candidate's readings for regions that cannot read it
// (phone.ts `readLabelledOthers`): it may say yes where the matcher finds nothing, never no where the matcher finds a number.
import { describe, expect, it } from 'vitest';
import type * as Libphonenumber from 'libphonenumber-js/max';
import { mayHoldNumber, numbersIn } from '../../../src/common/phone-matcher.js';

const REGIONS: Libphonenumber.CountryCode[] = ['GB', 'DE', 'FR', 'IN', 'ES', 'IT', 'NL', 'AU', 'US', 'BR', 'MX', 'CN', 'JP', 'RU'];

let seed = 23;
const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const digitsOf = (n: number): string => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
const SEPARATORS = [' ', ' ', '-', '.', '/', '\u202f'];

// A labelled candidate's shape (phone.ts LABELLED_CANDIDATE): 7 to 15 digits, the first 1-9, in groups or not, a group in brackets now and then;
// its start a calling code or an international prefix of one of REGIONS at times, so that those readings are tried too.
function candidate(): string {
  const starts = ['', '', '', '44', '49', '33', '91', '34', '39', '31', '61', '1', '55', '52', '86', '81', '7', '810', '8', '1411', '1410011', '1', '9'];
  const start = starts[Math.floor(random() * starts.length)]!;
  const length = 7 + Math.floor(random() * 9);
  let digits = (start + digitsOf(length)).slice(0, length);
  if (digits.startsWith('0')) digits = `${1 + Math.floor(random() * 9)}${digits.slice(1)}`;
  if (random() < 0.4) return digits;
  const groups: string[] = [];
  for (let at = 0; at < digits.length; ) {
    const size = 2 + Math.floor(random() * 3);
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (random() < 0.2) groups[0] = `(${groups[0]})`;
  return groups.reduce((written, group) => written + SEPARATORS[Math.floor(random() * SEPARATORS.length)]! + group);
}

describe('mayHoldNumber', () => {
  // 500 candidates, not 2,000 (each read for 14 regions is most of the file's time): of mutants of mayHoldNumber's plan test, the ones
  // these candidates catch at 2,000 (the plan anchored to the whole digits, or to their start or their end) are caught here too, the
  // least of them 11 times (18 and 226 the others), and every region finds numbers (21 to 392 readings). Dropping the international
  // prefix test is caught by the third test, not by 2,000 candidates either. The counts below are a quarter of 2,000's (996 and 1,403 here).
  it('is true for every region the matcher finds a number in, over 500 generated candidates', () => {
    const missed: string[] = [];
    let spared = 0;
    let found = 0;
    for (let i = 0; i < 500; i++) {
      const written = candidate();
      const digits = written.replace(/\D/g, '');
      for (const region of REGIONS) {
        const numbers = numbersIn(written, region);
        if (numbers.length > 0) found++;
        if (mayHoldNumber(digits, region)) continue;
        spared++;
        if (numbers.length > 0) missed.push(`${region} ${written}`);
      }
    }
    expect(missed).toEqual([]);
    // The generated candidates are read (else the comparison checks nothing), and readings are spared (most of a short one's).
    expect(found).toBeGreaterThan(250);
    expect(spared).toBeGreaterThan(500);
  });

  it('is false for a region whose plans hold no run of the digits, true for one whose do', () => {
    // France's numbers have 9 digits; Spain's start 400, 51 or 6-9; Mexico's 10 digits.
    expect(mayHoldNumber('1234567', 'FR')).toBe(false);
    expect(mayHoldNumber('1234567', 'ES')).toBe(false);
    expect(mayHoldNumber('612345678', 'ES')).toBe(true);
    expect(numbersIn('612 34 56 78', 'ES')).not.toEqual([]);
    // Germany's plan holds short numbers (6 digits from 2): a run of a 7-digit candidate.
    expect(mayHoldNumber('1234567', 'DE')).toBe(true);
  });

  it("is true where the region's international prefix is among the digits: a number of any country follows it", () => {
    // Greenland's number dialled from the US (011, +299): no run of its digits is of a North American plan, yet the reading finds it.
    expect(numbersIn('011 299 321000', 'US')).toEqual([{ startsAt: 0, endsAt: 14 }]);
    expect(mayHoldNumber('011299321000', 'US')).toBe(true);
    expect(mayHoldNumber('299321000', 'US')).toBe(false);
  });
});
