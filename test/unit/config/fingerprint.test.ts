// Fingerprints are committed in baselines: a member passed as canonical JSON already (a suite's
// tools, shared by its cases) must leave the hash exactly what hashing the sorted copy gives.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson, fingerprint, hashJson, unredacted } from '../../../src/config/fingerprint.js';
import { ibanChecksumValid } from '../../../src/config/iban-checksum.js';
import { redact } from '../../../src/common/redact.js';
import { suitesFingerprint } from '../../../src/run/index.js';
import type { Suite } from '../../../src/config/index.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortedCopy(item)));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortedCopy(member);
  }
  return sorted;
}

const reference = (value: unknown) => JSON.stringify(sortedCopy(value)) ?? 'null';

/** JSON-like values with the awkward parts: undefined members, array-index keys, -0, NaN, odd strings. */
const awkward = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(undefined, null, -0, Number.NaN, Infinity, '', '\u2028', '"\\'),
    fc.double(), fc.integer(), fc.string(), fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', '01', '4294967294', '4294967295', '-1', '__proto__')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('canonical JSON', () => {
  it('orders array-index keys first, numerically, as JSON.stringify writes an object', () => {
    const value = { b: 1, 10: 2, 9: 3, a: 4, '01': 5, tools: [{ z: 1, a: 2 }] };
    expect(canonicalJson(value)).toBe('{"9":3,"10":2,"01":5,"a":4,"b":1,"tools":[{"a":2,"z":1}]}');
    expect(fingerprint(value, { tools: '[{"a":2,"z":1}]' })).toBe(fingerprint(value));
  });

  it('writes a list of no objects (V8 writes it) as it writes each item: holes, undefined, NaN, -0 and functions as JSON.stringify does', () => {
    const items = [1, , undefined, Number.NaN, -0, Infinity, 'a"\u2028', true, null, () => 1, Symbol('s')];
    expect(canonicalJson(items)).toBe('[1,null,null,null,0,null,"a\\"\u2028",true,null,null,null]');
    expect(canonicalJson({ list: items, nested: [[1, 'b'], [{ z: 1, a: [2, null] }]] })).toBe(reference({ list: items, nested: [[1, 'b'], [{ z: 1, a: [2, null] }]] }));
    // A BigInt is no JSON: written as a hole is (null) here, where JSON.stringify would throw.
    expect(canonicalJson([1n, 'x'])).toBe('[null,"x"]');
  });

  it('hashes a member given as canonical JSON as if it had been written in place', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), awkward), awkward, (members, tools) => {
      const whole = { ...members, tools };
      const canonical = { tools: canonicalJson(tools) };
      expect(fingerprint(whole, canonical)).toBe(fingerprint(whole));
      expect(fingerprint(whole)).toBe(unredacted(createHash('sha256').update(reference(whole)).digest('hex').slice(0, 16)));
    }), { seed: FUZZ_SEED, numRuns: 500 });
  });
});

describe('fingerprints as written to files and prints, all of which are redacted', () => {
  it('are never all digits: 5675643007602212 is a Luhn-valid card number, written [card] in results.jsonl and the baseline', () => {
    // sha256 of {"n":98120} begins 5675643007602212; about 1 fingerprint in 33,000 redacted so.
    expect(redact('5675643007602212')).toBe('[card]');
    const written = fingerprint({ n: 98120 });
    expect(written).toMatch(/^[0-9a-f]{16}$/);
    expect(written).toMatch(/[a-f]/);
    expect(redact(written)).toBe(written);
    // Only those change: every other fingerprint, committed in baselines, stays as it was.
    expect(fingerprint({ n: 0 })).toBe(createHash('sha256').update('{"n":0}').digest('hex').slice(0, 16));
  });

  it('never a Belgian IBAN in lower case: be1591b5751cec8f passes mod-97 at BE\'s length, written [iban]', () => {
    // sha256 of {"n":113790} begins be1591b5751cec8f; about 1 fingerprint in 64,000 (be and two digits, then 1 in 97). Redaction
    // now reads a Belgian IBAN only with digits after be (be68539007547034); the f stays, so fingerprints baselines committed stay as they were.
    expect(redact('be68539007547034')).toBe('[iban]');
    expect(redact('be1591b5751cec8f')).toBe('be1591b5751cec8f');
    const written = fingerprint({ n: 113790 });
    expect(written).toMatch(/^[0-9a-f]{16}$/);
    expect(redact(written)).toBe(written);
    // One of be and two digits that fails mod-97 stays as committed (sha256 of {"n":2} is not one: any will do).
    expect(unredacted('be1591b5751cec8e')).toBe('be1591b5751cec8e');
  });

  it('a run\'s suites fingerprint too, which --resume and merge compare with the suites as they are', () => {
    // s4907:f hashes to 4675041143804482…
    const suites = [{ name: 's4907', fingerprint: 'f' }] as unknown as Suite[];
    const written = suitesFingerprint(suites);
    expect(written).toMatch(/[a-f]/);
    expect(redact(written)).toBe(written);
  });
});

// unredacted and hashJson as they were written before the loop, and before hashJson's halves
// joined and single regex (session 27): what they give is in baselines, so the rewrite must give it for every text.
function unredactedBefore(hex: string): string {
  const first = hex.charCodeAt(0);
  if (first > 0x39 && first !== 0x62) return hex;
  if (/^\d+$/.test(hex)) return `${'abcdefabcd'[hex.charCodeAt(0) - 48]!}${hex.slice(1)}`;
  if (/^be\d\d/.test(hex) && ibanChecksumValid(hex.toUpperCase())) return `f${hex.slice(1)}`;
  return hex;
}
const hashJsonBefore = (json: string) => unredactedBefore(createHash('sha256').update(json).digest('hex').slice(0, 16));

describe('fingerprints are what earlier builds gave', () => {
  it('unredacted: as the regexes had it, on hex of mostly digits, be prefixes and any text', () => {
    const mostlyDigits = fc.array(fc.constantFrom('0', '1', '5', '9', '9', '0', 'a', 'b', 'e', 'f'), { minLength: 0, maxLength: 18 }).map((chars) => chars.join(''));
    const text = fc.oneof(mostlyDigits, mostlyDigits.map((rest) => `be${rest}`), fc.string({ maxLength: 18 }), fc.constantFrom('', '-1', '1-2', '0035247319045232', 'be68539007547034'));
    fc.assert(fc.property(text, (hex) => {
      expect(unredacted(hex)).toBe(unredactedBefore(hex));
    }), { seed: FUZZ_SEED, numRuns: 2000 });
  });

  it('hashJson: the same 16 characters for any text, and the values baselines hold', () => {
    // Texts whose sha256 starts with 16 digits ({"n":799}, 1211, 3995, 98120) or be and two digits
    // (99, 771, 1263: no IBAN; 113790: one), which any text hits too rarely to be drawn.
    const rare = fc.constantFrom(799, 1211, 3995, 98120, 99, 771, 1263, 113790).map((n) => `{"n":${n}}`);
    fc.assert(fc.property(fc.oneof(fc.string(), rare), (json) => {
      expect(hashJson(json)).toBe(hashJsonBefore(json));
    }), { seed: FUZZ_SEED, numRuns: 500 });
    // Computed by the build before the rewrite (main at 5eb572b1).
    const before: Record<number, string> = {
      0: 'f3013f933b9fb80a', 99: 'be3292c3b0a9eb6e', 771: 'be51b3ec67ffcad5', 799: 'a652906508392008', 1211: 'd757022447395633',
      1263: 'be579547e1265b40', 3995: 'e834979993463468', 98120: 'f675643007602212', 113790: 'fe1591b5751cec8f',
    };
    for (const [n, print] of Object.entries(before)) expect(fingerprint({ n: Number(n) })).toBe(print);
    expect(unredacted('0035247319045232')).toBe('a035247319045232');
  });
});

describe('the suites fingerprint is the same on every machine', () => {
  it('whatever collation the default locale has (LANG=da_DK sorts aa after z)', () => {
    const suites = [{ name: 'billing', fingerprint: '1' }, { name: 'aardvark', fingerprint: '2' }, { name: 'Zeta', fingerprint: '3' }] as unknown as Suite[];
    const here = suitesFingerprint(suites);
    const defaultCollation = String.prototype.localeCompare;
    // Danish as the default locale: what a localeCompare without a locale uses on such a machine.
    const danish = vi.spyOn(String.prototype, 'localeCompare').mockImplementation(function (this: string, that: string, locales?: Intl.LocalesArgument, options?: Intl.CollatorOptions) {
      return defaultCollation.call(this, that, locales ?? 'da', options);
    });
    try {
      expect(['aardvark', 'billing'].sort((a, b) => a.localeCompare(b))).toEqual(['billing', 'aardvark']);
      expect(suitesFingerprint(suites)).toBe(here);
    } finally {
      danish.mockRestore();
    }
    // English order, as the default locale of CI machines gave it: fingerprints committed before stay.
    expect(here).toBe(unredacted(createHash('sha256').update('aardvark:2\nbilling:1\nZeta:3\n').digest('hex').slice(0, 16)));
  });
});
