// A key's value in a walked JSON value (redact-deep.ts): under a phone's name it is read as after a phone's label, so a
// national number written ungrouped (`{"phone": "0612345678"}`) is one, as `"phone": "0612345678"` in text is; under a secret's
// name an array's items are secrets, as a string or a number there is. Both were kept as written.
import { describe, expect, it } from 'vitest';
import { redactDeep, redactRunRecord, redactSecretsDeep, redactUnder } from '../../../src/common/redact-deep.js';
import { redact } from '../../../src/common/redact.js';
import { UsageRecordSchema } from '../../../src/config/schema/trace-records.js';

describe('redactDeep: a value under a phone-named key', () => {
  it.each([
    [{ phone: '0612345678' }, { phone: '[phone]' }],
    [{ phone_number: '07700900123' }, { phone_number: '[phone]' }],
    [{ customerPhone: '0612345678' }, { customerPhone: '[phone]' }],
    [{ Phone: '0612345678', name: 'Ana' }, { Phone: '[phone]', name: 'Ana' }],
    [{ 'Tel.': '0301234567' }, { 'Tel.': '[phone]' }],
    [{ mobileNo: '07700900123' }, { mobileNo: '[phone]' }],
    [{ contact: { tel: '0612345678', fax: '0612345679' } }, { contact: { tel: '[phone]', fax: '[phone]' } }],
    [{ phones: ['0612345678'] }, { phones: ['[phone]'] }],
    [{ phone_numbers: ['0612345678', '07700900123'] }, { phone_numbers: ['[phone]', '[phone]'] }],
    // A number as a JSON number: its text read so, a placeholder in its place.
    [{ mobile: 4155550132 }, { mobile: '[phone]' }],
    // What is no phone number under such a key stays, as its type does.
    [{ phone: 'unknown', tel: 42, cell: 'A1', mobile: true, fax: null }, { phone: 'unknown', tel: 42, cell: 'A1', mobile: true, fax: null }],
    [{ phone: '+44 20 7946 0958 (office)' }, { phone: '[phone] (office)' }],
    // An id that is the number: WhatsApp's of a contact (its webhooks' `wa_id`), a caller's.
    [{ contacts: [{ wa_id: '14155550132' }], caller_id: '4155550132', callerId: 4155550132 }, { contacts: [{ wa_id: '[phone]' }], caller_id: '[phone]', callerId: '[phone]' }],
    // Not a phone's name: a word it ends (hotel), a thing it starts (cellular_data), an id.
    [{ hotel: '0612345678', cellular_data: '0612345678', order_id: '0612345678' }, { hotel: '0612345678', cellular_data: '0612345678', order_id: '0612345678' }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactRunRecord(value)).toEqual(expected);
  });

  it('keeps phone numbers in a cassette, which keeps PII (redactSecretsDeep)', () => {
    const value = { phone: '0612345678', mobile: 4155550132 };
    expect(redactSecretsDeep(value)).toBe(value);
  });

  it('redactUnder gives what a walk writes under the key', () => {
    expect(redactUnder('0612345678', 'phone')).toBe('[phone]');
    expect(redactUnder(4155550132, 'mobile')).toBe('[phone]');
    expect(redactUnder('0612345678', 'order_id')).toBe('0612345678');
    expect(redactUnder(['hunter2', 7], 'password')).toEqual(['[secret]', '[secret]']);
    expect(redactUnder({ value: 'x', name: 'DEPLOY_KEY' }, 'secret')).toEqual({ value: '[secret]', name: 'DEPLOY_KEY' });
  });

  it('reads a value as the text `"key": "value"` is read', () => {
    for (const value of ['0612345678', '07700900123', '4155550132', '06 12 34 56 78']) {
      const text = JSON.stringify({ phone: value });
      expect(JSON.stringify(redactDeep({ phone: value })), text).toBe(redact(text));
    }
  });
});

describe('redactDeep: a camel-cased secret-named key', () => {
  it.each([
    [{ dbPassword: 'hunter2' }, { dbPassword: '[secret]' }],
    [{ sessionToken: 'abc123def', idToken: 'opaque', githubToken: 'x1' }, { sessionToken: '[secret]', idToken: '[secret]', githubToken: '[secret]' }],
    [{ SecretAccessKey: 'wJalrXUtnFEMI' }, { SecretAccessKey: '[secret]' }],
    // AWS Secrets Manager's answer: the secret itself under SecretString or SecretBinary.
    [{ Name: 'prod/db', SecretString: '{"user":"app","pass":"xyzzy-42"}', SecretBinary: 'AAEC' }, { Name: 'prod/db', SecretString: '[secret]', SecretBinary: '[secret]' }],
    // A word that only begins or holds a secret's name is no secret's key: counts, names, hashes.
    [{ maxTokens: 100, tokenCount: 12, secretName: 'prod/db', passwordHint: 'pet' }, { maxTokens: 100, tokenCount: 12, secretName: 'prod/db', passwordHint: 'pet' }],
    // `pass` camel-cased ends counts and flags (the text rule reads `pass` only after `_` or `-`, as in db_pass): they stay.
    [{ numPass: 12, canPass: 'yes', firstPass: 'draft', boardingPass: 'BA 117, seat 4K', db_pass: 'hunter2' }, { numPass: 12, canPass: 'yes', firstPass: 'draft', boardingPass: 'BA 117, seat 4K', db_pass: '[secret]' }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactSecretsDeep(value)).toEqual(expected);
  });

  it('keeps a page cursor under its key, as the text rule does, but not a token named in an environment variable\'s capitals', () => {
    const value = { nextPageToken: 'abc123', next_page_token: 'abc123', NextToken: 'abc', continuation_token: 'x1', FB_PAGE_TOKEN: 'EAAB1', PAGE_TOKEN: 'x' };
    expect(redactDeep(value)).toEqual({ ...value, FB_PAGE_TOKEN: '[secret]', PAGE_TOKEN: '[secret]' });
    for (const [key, text] of Object.entries(value)) expect(JSON.stringify(redactDeep({ [key]: text })), key).toBe(redact(JSON.stringify({ [key]: text })));
  });

  it('keeps a sync cursor, a tokenizer\'s special token and a map\'s or a board\'s pin under their keys, as the text rule does, and redacts a credential\'s token and a PIN', () => {
    const kept = { syncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU', nextSyncToken: 'abc123XYZ9', deltaToken: 'abc123XYZ9', eos_token: '</s>', eosToken: '<|endoftext|>', pad_token: '<pad>', 'tokenizer.bos_token': '<s>', mapPin: 'abc123XYZ9', location_pin: 'abc123XYZ9', gpioPin: 'abc123XYZ9' };
    expect(redactDeep(kept)).toEqual(kept);
    // A token's or a PIN's key in any other name, after a longer word or in capitals, is a secret's.
    const secrets = { apiToken: 'abc123XYZ9', authToken: 'abc123XYZ9', deviceToken: 'abc123XYZ9', userSyncToken: 'abc123XYZ9', defaultEosToken: 'abc123XYZ9', SYNC_TOKEN: 'abc123XYZ9', pin: 'abc123XYZ9', card_pin: 'abc123XYZ9', cardPin: 'abc123XYZ9', userPin: 'abc123XYZ9', roadmapPin: 'abc123XYZ9', MAP_PIN: 'abc123XYZ9' };
    expect(redactDeep(secrets)).toEqual(Object.fromEntries(Object.keys(secrets).map((key) => [key, '[secret]'])));
    // After a longer word joined by `_` or `-` too, as camel-cased: a sync service's or a product's own token (`github_sync_token`), a pin of a PIN's name.
    const joined = { user_sync_token: 'abc123XYZ9', github_sync_token: 'abc123XYZ9', 'user-sync-token': 'abc123XYZ9', default_eos_token: 'abc123XYZ9', api_skip_token: 'abc123XYZ9', card_geo_pin: 'abc123XYZ9', user_drop_pin: 'abc123XYZ9' };
    expect(redactDeep(joined)).toEqual(Object.fromEntries(Object.keys(joined).map((key) => [key, '[secret]'])));
    // The text rule reads a token's name alike.
    for (const key of ['syncToken', 'nextSyncToken', 'next_sync_token', 'eos_token', 'eosToken', 'apiToken', 'userSyncToken', 'user_sync_token', 'github_sync_token', 'default_eos_token', 'SYNC_TOKEN']) {
      const value = { [key]: 'abc123XYZ9' };
      expect(redact(JSON.stringify(value)), key).toBe(JSON.stringify(redactDeep(value)));
    }
  });

  it('reads a secret key\'s and an account key\'s name under a key as the text rule reads it (Django\'s SECRET_KEY, Azure\'s account key): it was kept under the key', () => {
    for (const key of ['secret_key', 'SECRET_KEY', 'awsSecretKey', 'aws-secret-key', 'account_key', 'AccountKey', 'storageAccountKey']) {
      expect(redactDeep({ [key]: 'abc12345' }), key).toEqual({ [key]: '[secret]' });
      expect(redactSecretsDeep({ [key]: 'abc12345' }), key).toEqual({ [key]: '[secret]' });
      expect(redact(JSON.stringify({ [key]: 'abc12345' })), key).toBe(JSON.stringify({ [key]: '[secret]' }));
    }
    // A reference to a secret, or its id, is none.
    expect(redactDeep({ secretKeyRef: 'db-creds', secret_key_id: 'k-1' })).toEqual({ secretKeyRef: 'db-creds', secret_key_id: 'k-1' });
  });

  it('reads SecretString in JSON text as under the key', () => {
    expect(redact('{"SecretString":"xyzzy-42","Name":"prod/db"}')).toBe('{"SecretString":"[secret]","Name":"prod/db"}');
    expect(redact('secret_binary=AAEC')).toBe('secret_binary=[secret]');
  });
});

describe('redactDeep: a passport or national id number under its key', () => {
  it('reads the value as after the name in text; a date under a passport key stays', () => {
    expect(redactDeep({ passportNumber: 'C01X00T47', passport_no: '123456789', nationalId: '12345678Z', national_id_number: '1234567890123', passportExpiry: '2030-01-01' })).toEqual({
      passportNumber: '[passport]',
      passport_no: '[passport]',
      nationalId: '[national_id]',
      national_id_number: '[national_id]',
      passportExpiry: '2030-01-01',
    });
  });
});

describe('redactDeep: an array under a secret-named key', () => {
  it.each([
    [{ password: ['hunter2'] }, { password: ['[secret]'] }],
    [{ api_key: ['sk-live-1', 12345, true, null] }, { api_key: ['[secret]', '[secret]', true, null] }],
    [{ token: [['abc']] }, { token: [['[secret]']] }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactSecretsDeep(value)).toEqual(expected);
  });
});

describe('redactDeep: an object under a secret-named key', () => {
  it.each([
    // The secret wrapped: every string and number in it is the secret's, at any depth (x was kept).
    [{ secret: { value: 'x' } }, { secret: { value: '[secret]' } }],
    [{ password: { value: 'hunter2', hash: { sha: 'ab12' } } }, { password: { value: '[secret]', hash: { sha: '[secret]' } } }],
    [{ api_key: { data: ['k-1', 42], enabled: true, note: null } }, { api_key: { data: ['[secret]', '[secret]'], enabled: true, note: null } }],
    // Metadata about it (its name, version, expiry, type) is no secret, and is redacted as anywhere.
    [{ secret: { name: 'DEPLOY_KEY', version: 3, value: 'x' } }, { secret: { name: 'DEPLOY_KEY', version: 3, value: '[secret]' } }],
    [{ token: { token_type: 'bearer', expires_in: 3600, access_token: 'opaque' } }, { token: { token_type: 'bearer', expires_in: 3600, access_token: '[secret]' } }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactSecretsDeep(value)).toEqual(expected);
  });
});

describe('redactDeep: a value under an id-named key', () => {
  it.each([
    [{ id: '8002239497' }, { id: '8002239497' }],
    [{ order_id: '4155550132', orderId: '4155550132', ids: ['4155550132'] }, { order_id: '4155550132', orderId: '4155550132', ids: ['4155550132'] }],
    // What is not the whole value, a grouped number, a card: redacted as anywhere.
    [{ id: 'call 4155550132' }, { id: 'call [phone]' }],
    [{ id: '415-555-0132' }, { id: '[phone]' }],
    [{ card_id: '4111111111111111' }, { card_id: '[card]' }],
    // Not an id's name: a word it ends (paid).
    [{ paid: '4155550132' }, { paid: '[phone]' }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
  });
});

describe('redactDeep: a value under an SSN-named key', () => {
  // Nine bare digits alone are more often an id; under an SSN's name they are the SSN (SPEC §9: national ids).
  it.each([
    [{ ssn: '123456789' }, { ssn: '[ssn]' }],
    [{ SSN: 123456789 }, { SSN: '[ssn]' }],
    [{ customer_ssn: '078051120', customerSsn: '078-05-1120' }, { customer_ssn: '[ssn]', customerSsn: '[ssn]' }],
    [{ socialSecurityNumber: '123456789', social_security_no: ['123456789'] }, { socialSecurityNumber: '[ssn]', social_security_no: ['[ssn]'] }],
    [{ ssn_number: '123456789', ssnNo: 234567890, customerSsnNumber: '345678901' }, { ssn_number: '[ssn]', ssnNo: '[ssn]', customerSsnNumber: '[ssn]' }],
    // Not an SSN's name (an id's, a word that ends in ssn's letters), not an SSN's digits (000…, ten digits): kept.
    [{ ssn_id: '123456789', lessn: '123456789' }, { ssn_id: '123456789', lessn: '123456789' }],
    [{ ssn: '000123456', SSN: 1234567890 }, { ssn: '000123456', SSN: 1234567890 }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactUnder(Object.values(value)[0], Object.keys(value)[0])).toEqual(Object.values(expected)[0]);
  });
});

describe('redactDeep: a value under a bank-account-named key', () => {
  it.each([
    [{ account_number: '12345678', bankAccount: 12345678 }, { account_number: '[account]', bankAccount: '[account]' }],
    [{ acct_no: '0001 2345 6789', customerAccountNumber: ['12345678'] }, { acct_no: '[account]', customerAccountNumber: ['[account]'] }],
    // Years under the key are its value, the account's number: redacted as any other.
    [{ bankAccount: '1999-2024', acct_no: '2019 2020' }, { bankAccount: '[account]', acct_no: '[account]' }],
    // Not a bank account's name (a customer's account, an id): kept.
    [{ account: '12345678', account_id: '12345678' }, { account: '12345678', account_id: '12345678' }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactUnder(Object.values(value)[0], Object.keys(value)[0])).toEqual(Object.values(expected)[0]);
  });
});

describe('redactDeep: a card number as a JSON number', () => {
  it.each([
    [{ card_number: 4111111111111111 }, { card_number: '[card]' }],
    [{ args: { card: 5555555555554444, amount: 12.5 } }, { args: { card: '[card]', amount: 12.5 } }],
    [{ cards: [4111111111111111, 7] }, { cards: ['[card]', 7] }],
    // Not a card's: a millisecond timestamp, an amount, a count, a number that fails Luhn, one of no issuer's range.
    [{ ts: 1733500000000, at: 4111111111111112, n: 12, x: 9111111111111111, big: 4.111111111111111e15 + 0.5 }, { ts: 1733500000000, at: 4111111111111112, n: 12, x: 9111111111111111, big: 4.111111111111111e15 + 0.5 }],
  ])('%j → %j', (value, expected) => {
    expect(redactDeep(value)).toEqual(expected);
    expect(redactRunRecord(value)).toEqual(expected);
  });

  it('keeps a count of tokens, a time in ms and a cost as numbers, which the run folder reader parses as numbers', () => {
    // An agent reports its own tokens (`usage`): any safe integer, a card's digits too.
    const usage = { model: 'm', input_tokens: 4111111111111111, output_tokens: 5555555555554444, cost_usd: 0, priced: false, latency_ms: 4111111111111111 };
    const { usage: [written] } = redactRunRecord({ usage: [usage] });
    expect(written).toEqual(usage);
    expect(UsageRecordSchema.safeParse(written).success).toBe(true);
    expect(redactDeep({ models: { m: { input_tokens: 4111111111111111 } } })).toEqual({ models: { m: { input_tokens: 4111111111111111 } } });
    expect(redactUnder(4111111111111111, 'input_tokens')).toBe(4111111111111111);
  });

  it('keeps cards in a cassette, which keeps PII (redactSecretsDeep), and reads them under a key as a walk does (redactUnder)', () => {
    const value = { card: 4111111111111111 };
    expect(redactSecretsDeep(value)).toBe(value);
    expect(redactUnder(4111111111111111, 'card')).toBe('[card]');
    expect(redactUnder(4111111111111111)).toBe('[card]');
  });
});
