// Properties of the redaction (redact.ts) over generated text: a valid card number, IBAN, e-mail
// address or SSN inserted in any of the forms it is promised in never survives; text that holds
// none (versions, dates, ISO timestamps, UUIDs, IPs, hex ids, ordinary numbers, words) comes out as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { luhnValid } from '../../../src/common/number-checks.js';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));

/** A card number: an issuer's prefix, random digits, the Luhn check digit; with how its issuer groups it. */
const CARD_NUMBER = fc
  .constantFrom(
    { prefix: '4', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '4', length: 19, groups: [4, 4, 4, 4, 3] },
    { prefix: '51', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '55', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '2221', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '2720', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '34', length: 15, groups: [4, 6, 5] },
    { prefix: '37', length: 15, groups: [4, 6, 5] },
    { prefix: '6011', length: 16, groups: [4, 4, 4, 4] },
    { prefix: '36', length: 14, groups: [4, 6, 4] },
  )
  .chain((issuer) => digits(issuer.length - issuer.prefix.length - 1).map((body) => ({ issuer, number: withLuhnDigit(issuer.prefix + body) })));
/** A card number written ungrouped or in its issuer's groups apart by one of `gaps`. */
const cardWritten = (gaps: string[]) =>
  CARD_NUMBER.chain(({ issuer, number }) =>
    fc.constantFrom(...gaps).map((gap) => {
      let at = 0;
      return issuer.groups.map((size) => number.slice(at, (at += size))).join(gap);
    }),
  );
const CARD = cardWritten(['', ' ', '-', '.']);

// Returns `partial` with the digit that makes it Luhn-valid appended.
function withLuhnDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return partial + d;
  throw new Error('unreachable');
}

/** An IBAN: a country's BBAN of random digits (and bank letters where it has them) with its check digits; compact or in groups of four (by spaces, no-break spaces, dashes or dots), upper or lower case. */
const IBAN = fc
  .constantFrom(
    { country: 'DE', bban: '\\d{18}' },
    { country: 'GB', bban: '[A-Z]{4}\\d{14}' },
    { country: 'NL', bban: '[A-Z]{4}\\d{10}' },
    { country: 'FR', bban: '\\d{23}' },
    { country: 'BE', bban: '\\d{12}' },
    { country: 'IT', bban: '[A-Z]\\d{22}' },
    { country: 'ES', bban: '\\d{20}' },
    { country: 'CH', bban: '\\d{17}' },
  )
  .chain(({ country, bban }) => fc.stringMatching(new RegExp(`^${bban}$`)).map((body) => `${country}${checkDigits(country, body)}${body}`))
  .chain((iban) =>
    fc.tuple(fc.constantFrom('', ' ', '\u00a0', '-', '.'), fc.boolean()).map(([gap, lower]) => {
      const written = gap ? iban.replace(/(.{4})(?=.)/g, `$1${gap}`) : iban;
      return lower ? written.toLowerCase() : written;
    }),
  );

// Returns the two check digits of an IBAN of `country` and `bban` (ISO 13616: 98 minus the mod-97 of BBAN, country, 00).
function checkDigits(country: string, bban: string): string {
  let remainder = 0;
  for (const char of `${bban}${country}00`) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

/** An e-mail address at a domain name or an address literal (IPv4 or IPv6). */
const EMAIL = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._+-]{0,14}[a-z0-9]$/),
    fc.oneof(
      fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('com', 'org', 'co.uk', 'example', 'io')).map(([name, tld]) => `${name}.${tld}`),
      fc.ipV4().map((ip) => `[${ip}]`),
      fc.ipV6().map((ip) => `[IPv6:${ip}]`),
    ),
  )
  .map(([local, domain]) => `${local}@${domain}`);

/** A US SSN of the ranges issued (no 000, 666 or 9xx area, no 00 group, no 0000 serial): dashed, spaced or dotted. */
const SSN = fc
  .tuple(
    fc.integer({ min: 1, max: 899 }).filter((area) => area !== 666),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
    fc.constantFrom('-', ' ', '.'),
  )
  .map(([area, group, serial, gap]) => [String(area).padStart(3, '0'), String(group).padStart(2, '0'), String(serial).padStart(4, '0')].join(gap));

/** Text that holds no PII: what an agent's answers and logs are full of. */
const CLEAN_TOKEN = fc.oneof(
  fc.stringMatching(/^[a-z]{1,10}$/),
  fc.tuple(fc.nat(99), fc.nat(999), fc.nat(999)).map(([major, minor, patch]) => `v${major}.${minor}.${patch}`),
  fc.tuple(fc.nat(99), fc.nat(999), fc.nat(999)).map(([major, minor, patch]) => `${major}.${minor}.${patch}`),
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).chain((date) =>
    fc.constantFrom(date.toISOString(), date.toISOString().slice(0, 10), date.toISOString().slice(0, 10).replace(/-/g, '.'), date.toISOString().slice(0, 10).split('-').reverse().join('.'), date.toUTCString()),
  ),
  fc.uuid(),
  fc.ipV4(),
  // Hex ids but the two kinds that are PII's shape and are redacted: a 16-digit one of only digits a card number can be
  // (4208131011842999), and a 16-character one that reads as a lower-case Belgian IBAN, be and 14 digits (be68539007547034).
  fc.stringMatching(/^[0-9a-f]{16}$|^[0-9a-f]{32}$|^[0-9a-f]{40}$/).filter((hex) => !/^\d{16}$|^be\d{14}$/.test(hex)),
  fc.nat(999_999_999).map(String),
  fc.tuple(fc.nat(99_999), fc.nat(99)).map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`),
  fc.double({ min: -1000, max: 1000, noNaN: true }).map(String),
);
/** Clean tokens apart by a comma: two numbers by a space alone may be one (123 45 6789 is an SSN). */
const CLEAN_TEXT = fc.array(CLEAN_TOKEN, { maxLength: 8 }).map((tokens) => tokens.join(', '));

/**
 * A mobile number written nationally and ungrouped, valid in its numbering plan: the UK's or France's with their trunk 0
 * (07700900123, 0612345678), Spain's, which has none (612345678), Italy's, whose mobiles keep none (3331234567).
 */
const NATIONAL_MOBILE = fc.oneof(
  fc.stringMatching(/^07[4-9]\d{8}$/).filter((number) => isValidPhoneNumber(number, 'GB')),
  fc.stringMatching(/^0[67]\d{8}$/).filter((number) => isValidPhoneNumber(number, 'FR')),
  fc.stringMatching(/^[67]\d{8}$/).filter((number) => isValidPhoneNumber(number, 'ES')),
  // Not one North America's plan has too (3106000000): that is read as a phone number anywhere.
  fc.stringMatching(/^3[1-9]\d{8}$/).filter((number) => isValidPhoneNumber(number, 'IT') && !isValidPhoneNumber(number, 'US')),
);
/** A phone's label as an agent writes one before a number. */
const PHONE_LABEL = fc.constantFrom(
  'phone: ', 'Phone ', 'tel:', 'Tel.: ', 'mobile=', '"mobile": "', '\\"phone_number\\": \\"', 'call me at ', 'Call us on ', 'cell # ', 'fax ', 'Telefon ',
  'my number is ', 'Our phone number: ', 'reach me on ', 'text us at ', 'give us a call on ', 'ring ', 'Dial ', 'call ',
  'mob: ', 'Ph. ', 'contact number: ', 'phone (mobile): ', 'Phone number - ', 'portable : ',
  // The number on the next line of JSON text (`\n` a backslash and an n), asked to text it, a place in brackets, the dot glued.
  'Phone:\\n', 'Mobile:\\r\\n', 'My number:\\n', 'please text ', 'call or text ', 'Mobile (UK): ', 'Phone (France) ', 'tel.', 'Tel.', 'Ph.',
);
/** A word of running text before a label, ending as a word that makes `call` a thing does (c-an, some-one, Mari-a, ca-per). */
const WORD_BEFORE = fc.constantFrom('', 'Please ', 'You can ', 'Someone ', 'Maria ', 'Casper ', 'breathe, ');
/** Words before a number that make `call` a thing, not asking to call: the number is a call's id. */
const CALL_NOUN = fc.constantFrom('tool call #', 'Tool call ', 'function call ', 'API call: ', 'the call ', 'call #', 'model_call=');

/** What may stand right before and after an inserted value in an agent's text. */
const BEFORE = fc.constantFrom('', ' ', ': ', '"', '(', '<', '\n', 'is ');
const AFTER = fc.constantFrom('', ' ', '.', ',', '"', ')', '>', '\n', ' ok');

describe('redact: properties', () => {
  it('keeps text of versions, dates, ISO timestamps, UUIDs, IPs, hex ids, ordinary numbers and words as written', () => {
    fc.assert(
      fc.property(CLEAN_TEXT, (text) => {
        expect(redact(text)).toBe(text);
      }),
      { numRuns: 500, seed: FUZZ_SEED },
    );
  });

  it('keeps ids users and agents write as they are: a name and digits, joined or glued (acct-123456, ACCT000123, order_12345678)', () => {
    // A case id, an order's or a customer account's: redaction changing one splits or merges records that results.jsonl, resume and
    // the baseline match on. A bank account's or an SSN's name counts only before a space, `:`, `=`, `#` or `is`.
    const name = fc.constantFrom('acct', 'ACCT', 'Acct', 'bankaccount', 'account-number', 'kontonummer', 'ssn', 'SSN', 'customer_ssn', 'order', 'case', 'ticket', 'inv', 'cust');
    const id = fc.tuple(name, fc.constantFrom('', '-', '_'), fc.stringMatching(/^\d{6,9}$/)).map((parts) => parts.join(''));
    fc.assert(
      fc.property(id, BEFORE, AFTER, (text, before, after) => {
        expect(redact(`${before}${text}${after}`)).toBe(`${before}${text}${after}`);
      }),
      { numRuns: 500, seed: FUZZ_SEED },
    );
  });

  it.each([
    ['a card number', CARD, '[card]'],
    ['an IBAN', IBAN, '[iban]'],
    ['an e-mail address', EMAIL, '[email]'],
    ['an SSN', SSN, '[ssn]'],
  ] as const)('leaves none of %s inserted anywhere in clean text, in any form it is written in', (_kind, value, placeholder) => {
    fc.assert(
      fc.property(CLEAN_TEXT, CLEAN_TEXT, value, BEFORE, AFTER, (head, tail, pii, before, after) => {
        const text = `${head}${head ? ', ' : ''}${before}${pii}${after}${tail ? ', ' : ''}${tail}`;
        const out = redact(text);
        expect(out, text).not.toContain(pii);
        expect(out, text).toContain(placeholder);
        // Only the value is replaced: what was around it is as it was.
        expect(out, text).toBe(text.replace(pii, placeholder));
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it("leaves no national phone number written ungrouped after a phone's label", () => {
    fc.assert(
      fc.property(CLEAN_TEXT, CLEAN_TEXT, WORD_BEFORE, PHONE_LABEL, NATIONAL_MOBILE, AFTER, (head, tail, word, label, phone, after) => {
        const text = `${head}${head ? ', ' : ''}${word}${label}${phone}${after}${tail ? ', ' : ''}${tail}`;
        expect(redact(text), text).toBe(text.replace(phone, '[phone]'));
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it('reads no phone number after a call that is a thing (tool call #0412345678)', () => {
    fc.assert(
      fc.property(CLEAN_TEXT, CLEAN_TEXT, CALL_NOUN, NATIONAL_MOBILE, AFTER, (head, tail, call, id, after) => {
        const text = `${head}${head ? ', ' : ''}${call}${id}${after}${tail ? ', ' : ''}${tail}`;
        expect(redact(text), text).toBe(text);
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it('reads no phone number in the last groups of a decimal grouped in threes (0.411 111 111 111 1111)', () => {
    const group = fc.integer({ min: 100, max: 999 }).map(String);
    fc.assert(
      // 1 before the point too: `1.269 200 1000` is a figure; North America's code and a number are dotted throughout (1.269.200.1000).
      fc.property(CLEAN_TEXT, fc.nat(99), fc.constantFrom('.', ','), fc.array(group, { minLength: 2, maxLength: 5 }), fc.integer({ min: 1000, max: 9999 }), AFTER, (head, units, point, groups, last, after) => {
        const text = `${head}${head ? ', ' : ''}${units}${point}${groups.join(' ')} ${last}${after}`;
        // A Luhn-valid run of the groups may be a card's (out of this test): no part of the figure is a phone's.
        expect(redact(text), text).not.toContain('[phone]');
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });

  it("leaves no card grouped by spaces or dashes with a list number's dot glued before it or decimals after it", () => {
    fc.assert(
      fc.property(CLEAN_TEXT, cardWritten([' ', '-']), fc.nat(99), fc.constantFrom('', '.25', '.5', '.00'), (head, card, item, decimals) => {
        const text = `${head}${head ? '\n' : ''}${item}.${card}${decimals}`;
        expect(redact(text), text).toBe(`${head}${head ? '\n' : ''}${item}.[card]${decimals}`);
      }),
      { numRuns: 300, seed: FUZZ_SEED },
    );
  });
});
