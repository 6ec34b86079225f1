// Decimal figures (number-checks.ts `inDecimals`): the groups of a decimal's digits read as a phone number, an SSN or a card
// number were replaced (`1269.2001000` → `[phone]`, `0,411 111 111 1119` → `0,[card]`); what is PII beside or in one still is not kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

describe('redact: a decimal figure', () => {
  it.each([
    '0,411 111 111 1119',
    '1.269 200 1000',
    '"amount": 1269.2001000',
    '{"amount":1269.2001000,"currency":"USD"}',
    '1 030 266.3615 151',
    '3 409 493.2009 0',
    '0.41 123 45 6789',
    '8.419.046,00 34 619 57 1803',
    '= 9\'810\'648,6003 583 695 679 3',
    '8 415 813,225542662223197',
    'v2 took 4.1552 0132 s',
  ])('keeps %j', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([
    // A dotted chain is no decimal: a North American number, a French one.
    ['1.269.200.1000', '[phone]'],
    ['415.555.0132', '[phone]'],
    ['06.12.34.56.78', '[phone]'],
    // A + starts a number; a label makes one whatever it looks like.
    ['+1.269 200 1000', '[phone]'],
    ['Phone: 1.269 200 1000', 'Phone: [phone]'],
    ['"phone": "415.5550132"', '"phone": "[phone]"'],
    // After a decimal, apart by a space and a word, or with a dash: the number's own.
    ['Total 12.50, call 415 555 0132', 'Total 12.50, call [phone]'],
    ['12.50 415-555-0132', '12.50 [phone]'],
    // After a decimal and a space, a group not in a decimal's threes (its last of 1–3) starts a number of its own.
    ['Total 12.50 415 555 0132', 'Total 12.50 [phone]'],
    ['0.5 415 555 0132', '0.5 [phone]'],
    ['0.41 111 111 1111', '0.41 [phone]'],
    ['51.63 377 3312 357 014', '51.63 [card]'],
    // An amount after a currency's sign has its decimals in one group: what a space then follows is not its.
    ['$12.50 415 555 0132', '$12.50 [phone]'],
    ['Balance: € 3,20 020 7946 0958', 'Balance: € 3,20 [phone]'],
    // A card in its issuer's groups after a list number's dot or a comma; one group after a comma (a CSV field, a JSON array's item).
    ['1.4111 1111 1111 1111', '1.[card]'],
    ['0,4111 1111 1111 1111', '0,[card]'],
    ['3,4111111111111111', '3,[card]'],
    ['[12,4111111111111111]', '[12,[card]]'],
    // Decimals after a card grouped by its issuer.
    ['4111 1111 1111 1111.25', '[card].25'],
    // A group longer than a decimal's is a number of its own: each of a run of cards after a decimal is one.
    ['0.1 4111111111119', '0.1 [card]'],
    ['1.5 4111111111119 4111111111119 4111111111119', '1.5 [card] [card] [card]'],
  ])('%j → %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

/** A decimal point or comma, and what groups the integer part in threes beside it (a space of any width, an apostrophe, the other mark, or nothing). */
const MARKS = fc.constantFrom(...['.', ','].flatMap((point) => ['', ' ', '\u00a0', '\u202f', '\u2009', "'", point === '.' ? ',' : '.'].map((group) => ({ point, group }))));
/** Issuers' groupings (4-4-4-4(-3), 4-6-5, 4-6-4): decimals grouped so after a point may be a list number and a card (`1.4111 1111 1111 1111`). */
const ISSUER_SHAPES = new Set(['4.4.4.4', '4.4.4.4.3', '4.6.5', '4.6.4']);

/**
 * A decimal figure with any grouping: the integer part ungrouped or in threes, the decimals ungrouped or in groups apart by one
 * space of any width, the first of any size, the others in threes, the last of 1–3 (a number after a decimal and a space, `12.50 415 555 0132`, is its own).
 */
const DECIMAL = fc
  .tuple(
    fc.oneof(fc.constant(0), fc.nat(99), fc.integer({ min: 1, max: 999_999_999 })),
    MARKS,
    fc
      .tuple(fc.stringMatching(/^\d{1,5}$/), fc.array(fc.stringMatching(/^\d{3}$/), { maxLength: 3 }), fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }))
      .map(([first, threes, last]) => [first, ...threes, ...(last === undefined ? [] : [last])]),
    fc.constantFrom(' ', '\u202f', '\u2009', '\u00a0'),
  )
  .filter(([, , decimals]) => !ISSUER_SHAPES.has(decimals.map((group) => group.length).join('.')))
  // One group of a card's length after a comma and an ungrouped number is a CSV line's field (`3,4111111111111111`): out of this test.
  .filter(([, { point, group }, decimals]) => !(point === ',' && group === '' && decimals.length === 1 && decimals[0]!.length >= 13))
  .map(([units, { point, group }, decimals, gap]) => `${String(units).replace(/\B(?=(\d{3})+(?!\d))/g, group)}${point}${decimals.join(gap)}`);

describe('redact: decimal figures, properties', () => {
  it('keeps a decimal number with any grouping as written, alone, in JSON or in prose', () => {
    fc.assert(
      fc.property(DECIMAL, fc.constantFrom(['', ''], ['{"amount":', '}'], ['"amount": ', ','], ['Total ', ' USD'], ['= ', '.'], ['(', ')']), (figure, [before, after]) => {
        const text = `${before}${figure}${after}`;
        expect(redact(text), text).toBe(text);
      }),
      { numRuns: 2000, seed: FUZZ_SEED },
    );
  });
});

describe('redact: an id in JSON that reads as a North American number', () => {
  it.each([
    '{"id":8002239497}',
    '{"order_id": "8002239497"}',
    '{"orderId":8002239497,"status":"shipped"}',
    '\\"trace_id\\": \\"4155550132\\"',
    'user_id=4155550132',
    '{"ts": 4155550132}',
  ])('keeps %j', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([
    // A phone's name wins; an id's name before a grouped number, a + or a label does not make it an id's.
    ['{"phone_number_id": 1, "phone": 4155550132}', '{"phone_number_id": 1, "phone": [phone]}'],
    ['{"id": "415-555-0132"}', '{"id": "[phone]"}'],
    ['{"id": "+14155550132"}', '{"id": "[phone]"}'],
    ['{"ids": [1], "note": "call 4155550132"}', '{"ids": [1], "note": "call [phone]"}'],
    // A card under an id's name is still a card.
    ['{"id": 4111111111111111}', '{"id": [card]}'],
    // An id that is the number: WhatsApp's of a contact, a caller's.
    ['{"wa_id": "14155550132"}', '{"wa_id": "[phone]"}'],
    ['"caller_id": 4155550132', '"caller_id": [phone]'],
    ['callerId=4155550132', 'callerId=[phone]'],
    ['Caller ID: 4155550132', 'Caller ID: [phone]'],
  ])('%j → %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});
