import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';
import { redactDeep } from '../../../src/common/redact-deep.js';

describe('redact: short password names, card security codes and PINs', () => {
  it.each([
    ['pw: hunter2', 'pw: [secret]'],
    ['DB_PW=hunter2', 'DB_PW=[secret]'],
    ['{"pw": "hunter2"}', '{"pw": "[secret]"}'],
    ['passwd: hunter2', 'passwd: [secret]'],
    ['DB_PASS=hunter2', 'DB_PASS=[secret]'],
    ['smtp-pass: s3cret', 'smtp-pass: [secret]'],
    ['"cvv": "123"', '"cvv": "[secret]"'],
    ['cvv=123', 'cvv=[secret]'],
    ['CVC: 4567', 'CVC: [secret]'],
    ['card_cvv2: 123', 'card_cvv2: [secret]'],
    ['PIN: 4821', 'PIN: [secret]'],
    ['{"pin": 4821}', '{"pin": [secret]}'],
    ["pin_code='482193'", "pin_code='[secret]'"],
    ['the card 4111 1111 1111 1111, cvv 123', 'the card [card], cvv 123'],
  ])('%s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it.each([
    'pineapple: 3',
    'spin: 1234',
    'the passenger: 2 bags',
    'password reset link sent',
    'pass: true',
    '{"pass": false, "check": "outcome"}',
    'tests pass: 12 of 14',
    'first_pass: true',
    'pin: 1.2.3',
    'pin: ^1.2.0',
    'Pin: the order to the top',
    'cvv: missing',
    'password: true',
  ])('%s stays', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('a PIN or card code of 3 to 8 digits after its name, in any case and separator, is replaced', () => {
    fc.assert(
      fc.property(fc.constantFrom('pin', 'PIN', 'Pin', 'cvv', 'CVC', 'cvv2', 'card_pin', 'pin_code'), fc.constantFrom(': ', '=', '": "', ' = '), fc.stringMatching(/^\d{3,8}$/), (name, separator, digits) => {
        expect(redact(`${name}${separator}${digits}`)).not.toContain(digits);
      }),
    );
  });

  it('a word ending in a short secret name is no key', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('pin', 'pw', 'cvv', 'pass'), fc.stringMatching(/^\d{3,8}$/), (head, name, digits) => {
        expect(redact(`${head}${name}: ${digits}`)).toBe(`${head}${name}: ${digits}`);
      }),
    );
  });
});

describe('redact: a passphrase of several words after a password name', () => {
  it.each([
    ['password: correct horse battery staple', 'password: [secret]'],
    ['PASSWORD=correct horse battery staple\nnext line', 'PASSWORD=[secret]\nnext line'],
    ['passphrase: correct horse battery staple, user: bob', 'passphrase: [secret], user: bob'],
    ['pw: two words', 'pw: [secret]'],
    ['{"msg": "password: correct horse battery"}', '{"msg": "password: [secret]"}'],
    [String.raw`{"msg": "password: correct horse\nnext line"}`, String.raw`{"msg": "password: [secret]\nnext line"}`],
  ])('%s', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it('no word of an unquoted passphrase is left, whatever its words', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{3,10}$/), { minLength: 2, maxLength: 6 }), fc.constantFrom('password', 'passwd', 'pwd', 'pw', 'passphrase'), (words, name) => {
        expect(redact(`${name}: ${words.join(' ')}`)).toBe(`${name}: [secret]`);
      }),
    );
  });

  it('after a machine secret name the value is one word as before (api key: missing now)', () => {
    expect(redact('api key: missing now')).toBe('api key: missing now');
    expect(redact('token: abcdefghijklmnopq expired')).toBe('token: [secret] expired');
  });
});

describe('redactDeep: short secret keys', () => {
  it('replaces the values of pw, cvv, cvc and pin keys, keeps booleans (a check\'s pass)', () => {
    const input = { pw: 'hunter2', card: { cvv: '123', cvc: 456, pin: 4821, user_pin: '0000' }, checks: [{ pass: false, check: 'outcome' }], pinned: true };
    expect(redactDeep(input)).toEqual({ pw: '[secret]', card: { cvv: '[secret]', cvc: '[secret]', pin: '[secret]', user_pin: '[secret]' }, checks: [{ pass: false, check: 'outcome' }], pinned: true });
  });
});
