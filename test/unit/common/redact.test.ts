import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactSecrets } from '../../../src/common/redact.js';
import { redactDeep, redactSecretsDeep } from '../../../src/common/redact-deep.js';
import { redactedSpans } from '../../../src/common/redact-spans.js';

describe('redact: positives', () => {
  it.each([
    ['mail jane.doe+test@example.co.uk now', 'mail [email] now'],
    // Digits glued after the domain (a log's `email=…` run into an id) took the whole address out of the rule: kept as written.
    ['user=alice@example.com2024 id', 'user=[email]2024 id'],
    ['card 4111 1111 1111 1111.', 'card [card].'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['amex 378282246310005', 'amex [card]'],
    ['mc 5555555555554444', 'mc [card]'],
    ['mc2 2223003122003222', 'mc2 [card]'],
    ['key sk-proj-abcdefghijklmnop1234', 'key [secret]'],
    ['stripe sk_live_51Habcdefghijklmnop', 'stripe [secret]'],
    ['anthropic sk-ant-api03-abcdefghijklmnopqrst', 'anthropic [secret]'],
    ['aws AKIAIOSFODNN7EXAMPLE', 'aws [secret]'],
    ['gh ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'gh [secret]'],
    ['pat github_pat_11ABCDEFG0123456789_abcdefghij', 'pat [secret]'],
    ['slack xoxb-123456789012-abcdefghijkl', 'slack [secret]'],
    ['Authorization: Bearer abc123def456', 'Authorization: Bearer [secret]'],
    ['api_key=abc123&x=1', 'api_key=[secret]&x=1'],
    ['nothing answers at http://h/run?api_key=abcdef1234567890: the connection was refused', 'nothing answers at http://h/run?api_key=[secret]: the connection was refused'],
    // Signed URLs: an Azure SAS grants the blob to whoever holds it; S3's and Cloud Storage's signatures are secrets too.
    ['https://a.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sp=r&sig=Ab3%2FcD4eF5gH6iJ7kL8mN9oP0q%3D&x=1', 'https://a.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sp=r&sig=[secret]&x=1'],
    ['get https://b.s3.amazonaws.com/k?X-Amz-Date=20130524T000000Z&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 now', 'get https://b.s3.amazonaws.com/k?X-Amz-Date=20130524T000000Z&X-Amz-Signature=[secret] now'],
    ['{"url": "https://storage.googleapis.com/b/o?X-Goog-Signature=4d5e6f7a8b9c"}', '{"url": "https://storage.googleapis.com/b/o?X-Goog-Signature=[secret]"}'],
    ['"{\\"u\\":\\"https://h/f?signature=abc123\\"}"', '"{\\"u\\":\\"https://h/f?signature=[secret]\\"}"'],
    ['GET http://127.0.0.1:8199/run?key=plainvalue123456789abc&q=1', 'GET http://127.0.0.1:8199/run?key=[secret]&q=1'],
    ['nothing answers at http://h/run?key=plainvalue123456789abc: the connection was refused', 'nothing answers at http://h/run?key=[secret]: the connection was refused'],
    ['https://atlas.microsoft.com/route?api-version=1.0&subscription-key=0a1b2c3d4e5f', 'https://atlas.microsoft.com/route?api-version=1.0&subscription-key=[secret]'],
    ['secret: s3cr3t-value', 'secret: [secret]'],
    ['password: hunter', 'password: [secret]'],
    ['token: abcdefghijklmnopq', 'token: [secret]'],
    ['token: 4821', 'token: [secret]'],
    ['{"token": "401"}', '{"token": "[secret]"}'],
    ['password: 401', 'password: [secret]'],
    ['{"token": "expired"}', '{"token": "[secret]"}'],
    ['{"password": "hunter2"}', '{"password": "[secret]"}'],
    ["PASSWORD='p@ss w'", "PASSWORD='[secret]'"],
    [
      'jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jwt [secret]',
    ],
    ['clone https://user:pa55@git.example.com/repo.git', 'clone https://[credentials]@git.example.com/repo.git'],
    ['db postgres://admin:pw@db.internal:5432/app', 'db postgres://[credentials]@db.internal:5432/app'],
    ['call +14155550132', 'call [phone]'],
    ['call +1 (415) 555-0132', 'call [phone]'],
    ['call +44 20 7946 0958', 'call [phone]'],
    ['call (415) 555-0132', 'call [phone]'],
    ['call 415-555-0132 or 415.555.0132', 'call [phone] or [phone]'],
    ['call 6502530000 abc', 'call [phone] abc'],
    ['iban GB82 WEST 1234 5698 7654 32', 'iban [iban]'],
    ['iban DE89370400440532013000', 'iban [iban]'],
    ['ssn 123-45-6789', 'ssn [ssn]'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '[secret]'],
    ['env OPENAI_KEY_sk-proj-abcdEFGH1234567890abcdEFGH1234567890 set', 'env OPENAI_KEY_[secret] set'],
    ['tok_ghp_1234567890abcdefghijklmnopqrstuvwxyzAB', 'tok_[secret]'],
    ['id=AKIAIOSFODNN7EXAMPLE-x', 'id=[secret]-x'],
    // A card number after another number, which took the place of its first digits: none was found.
    ['Order 2024 4111 1111 1111 1111', 'Order 2024 [card]'],
    ['qty 3 4111 1111 1111 1111', 'qty 3 [card]'],
    ['paid 20 4111111111111111', 'paid 20 [card]'],
    ['ref 55 5555 5555 5555 4444', 'ref 55 [card]'],
    ['2 4111-1111-1111-1111', '2 [card]'],
    ['+1 415 555 0123 4111 1111 1111 1111', '[phone] [card]'],
    ['4111 1111 1111 1111 2024', '[card] 2024'],
    // After or before a word by a dash: not a dashed id's figures.
    ['card-4111 1111 1111 1111', 'card-[card]'],
    ['visa-4111111111111111 ok', 'visa-[card] ok'],
    ['INV-4111-1111-1111-1111', 'INV-[card]'],
    ['4111111111111111-visa', '[card]-visa'],
    ['ref—4111 1111 1111 1111', 'ref—[card]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redact: a card number beside a word', () => {
  // Luhn-valid numbers of each issuer's length, printed in its groups, grouped by spaces or dashes or not at all.
  const cards = [['4111', '1111', '1111', '1111'], ['3782', '822463', '10005'], ['5555', '5555', '5555', '4444'], ['3056', '930902', '5904'], ['6011', '0009', '9013', '9424']];
  it('keeps none of its digits, whatever word and dash or space it follows or precedes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.constantFrom(' ', '-', ''), fc.stringMatching(/^[A-Za-z]{1,8}$/), fc.constantFrom('-', '\u2014', '\u2013', ' ', ': '), fc.boolean(), (groups, between, word, dash, after) => {
        const card = groups.join(between);
        const text = after ? `${card}${dash}${word}` : `${word}${dash}${card}`;
        expect(redact(text), text).not.toMatch(/\d/);
      }),
    );
  });
});

describe('redact: JSON quoted again (a message quoting an agent\'s JSON answer escapes its quotes once more)', () => {
  const once = JSON.stringify({ error: 'mail "john smith"@example.com, password: "hunter2 long", {"api_key": "abc def ghi"}' });
  it.each([
    ['escaped once', once],
    ['escaped twice', JSON.stringify(once)],
    ['escaped three times', JSON.stringify(JSON.stringify(once))],
  ])('keeps neither the quoted address nor the quoted secrets, %s', (_label, text) => {
    const redacted = redact(text);
    expect(redacted).not.toMatch(/john smith|hunter2|abc def/);
    expect(redacted.match(/\[email\]|\[secret\]/g)).toEqual(['[email]', '[secret]', '[secret]']);
  });

  it('keeps the quotes around a secret as escaped as they were', () => {
    expect(redact(String.raw`password: \\"hunter2 long\\" next`)).toBe(String.raw`password: \\"[secret]\\" next`);
  });

  it('leaves a long run of backslashes around a quote that holds no address as it is', () => {
    const text = `${'\\'.repeat(20_000)}"${'x'.repeat(10)}${'\\'.repeat(20_000)}@`;
    expect(redact(text)).toBe(text);
  });
});

describe('redact: a compact timestamp is no card', () => {
  it('keeps every yyyymmddhhmmss[SSS] of this century as written, in a file name or after a space (one in ten is Luhn-valid)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.boolean(), fc.constantFrom('report-', 'backup ', 'run_', ''), (date, millis, before) => {
        const text = `${before}${date.toISOString().replace(/[-:T.Z]/g, '').slice(0, millis ? 17 : 14)}.csv`;
        expect(redact(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('still redacts the cards issued in 2-ranges: Mastercard 2221–2720 and Mir 2200–2204', () => {
    expect(redact('mc 2720 9900 0000 0007, mir 2200 0000 0000 0004')).toBe('mc [card], mir [card]');
  });
});

describe('redact: an SSN written ungrouped after its name', () => {
  // Nine bare digits alone are more often an id (kept), but after an SSN's name they are the SSN (SPEC §9: national ids).
  it.each([
    ['SSN: 123456789', 'SSN: [ssn]'],
    ['my ssn is 078051120.', 'my ssn is [ssn].'],
    ['Social Security No. 123456789', 'Social Security No. [ssn]'],
    ['social security number 123456789', 'social security number [ssn]'],
    ['{"ssn":"123456789","dob":"1980-01-01"}', '{"ssn":"[ssn]","dob":"1980-01-01"}'],
    ['{\\"ssn\\": \\"123456789\\"}', '{\\"ssn\\": \\"[ssn]\\"}'],
    ['ssn=123456789&next=1', 'ssn=[ssn]&next=1'],
    ['ssn#: 123456789, ssn 234567890', 'ssn#: [ssn], ssn [ssn]'],
    // `SSN number`, `SSN No.`, and `is` before a ':' (an agent's 'my SSN is: …'): the digits were kept.
    ['SSN number: 123456789; SSN No. 234567890; my SSN is: 345678901', 'SSN number: [ssn]; SSN No. [ssn]; my SSN is: [ssn]'],
    // Kept: nine digits joined to the name by a dash or an underscore, or glued to it: an id's shape (a case id `ssn_123456789`,
    // whose redaction would merge two cases in results.jsonl), as reports.md says of bare digits after a name by an underscore.
    ['case ssn_123456789 and ssn-234567890', 'case ssn_123456789 and ssn-234567890'],
    ['SSN078051120', 'SSN078051120'],
    // Kept: no SSN's name before them, a word that ends in its letters, digits no SSN has (000…, 666…, 9…), ten digits.
    ['order 123456789', 'order 123456789'],
    ['lessn: 123456789', 'lessn: 123456789'],
    ['ssn: 000123456, ssn: 666123456, ssn: 912345678', 'ssn: 000123456, ssn: 666123456, ssn: 912345678'],
    ['ssn: 1234567890', 'ssn: 1234567890'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redact: a bank account number after its name', () => {
  // SPEC §9 names bank account numbers: an IBAN anywhere, a domestic number where its name says what it is.
  it.each([
    ['My bank account number is 12345678 and sort code 12-34-56', 'My bank account number is [account] and sort code 12-34-56'],
    ['routing number 021000021, account number 1234567890', 'routing number 021000021, account number [account]'],
    ['Account No: 000123456789', 'Account No: [account]'],
    ['bank account: 9876 5432 10.', 'bank account: [account].'],
    ['{"account_number":"12345678","amount":20}', '{"account_number":"[account]","amount":20}'],
    ['acct_no=12345678&next=1', 'acct_no=[account]&next=1'],
    ['My account number is: 12345678', 'My account number is: [account]'],
    ['Kontonummer 1234567890 BLZ 37040044', 'Kontonummer [account] BLZ 37040044'],
    // Grouped as banks print them: a sort code's pairs then the number, a branch then the number, NZ's dashed groups.
    ['account number: 20-00-00 12345678', 'account number: [account]'],
    ['account number 0001 23456789', 'account number [account]'],
    ['account number 12-3456-7890123-00', 'account number [account]'],
    // A figure after the number and a space is the text's next figure, not a group of the number.
    ['account number 12345678 99 items', 'account number [account] 99 items'],
    ['acct no 123456 42 orders', 'acct no [account] 42 orders'],
    ['account number 12345678 and 99', 'account number [account] and 99'],
    // Kept: `account` alone (a customer's account as often), fewer than six digits.
    ['account 12345678', 'account 12345678'],
    ['account number 12345', 'account number 12345'],
    // Kept: a slug (a case id such as `acct-123456`), its name joined to the digits by a dash or an underscore.
    ['acct-123456', 'acct-123456'],
    ['case acct_987654 ok', 'case acct_987654 ok'],
    // Kept: an id glued to the name (a customer account's, `ACCT000123`), in text and under an id's key.
    ['customer ACCT000123 opened a ticket', 'customer ACCT000123 opened a ticket'],
    ['{"acctId":"acct12345678"}', '{"acctId":"acct12345678"}'],
    // Kept: a list or a range of years after the name, each later than the one before (they were read as a grouped number).
    ['bank account 2024 2025 2026', 'bank account 2024 2025 2026'],
    ['account number 2019-2023 statements', 'account number 2019-2023 statements'],
    ['acct 2019 2020', 'acct 2019 2020'],
    // Redacted still: years out of order, a group no year, a number ungrouped, an IBAN.
    ['bank account 2024 1999', 'bank account [account]'],
    ['bank account 2024 2025 12', 'bank account [account]'],
    ['bank account 2024 1850', 'bank account [account]'],
    ['bank account 20242025', 'bank account [account]'],
    // Redacted still: years given as the number's value, after a colon, an equals sign, a `#`, an `is` or a quote (a field's value is the account's number).
    ['{"bank_account":"1999 2000"}', '{"bank_account":"[account]"}'],
    ['account number: 2019-2023', 'account number: [account]'],
    ['bank account = 1999 2000 2011 2024', 'bank account = [account]'],
    ['acct # 1999 2021', 'acct # [account]'],
    ['acct. 1999 2021', 'acct. [account]'],
    ['account number is 2019 2020', 'account number is [account]'],
    ['bank_account="2019-2023"', 'bank_account="[account]"'],
    ['bank account DE89 3704 0044 0532 0130 00', 'bank account [iban]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('redacts an ungrouped number after its name and keeps the figure a space after it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{5,16}$/), fc.stringMatching(/^[1-9]\d{0,2}$/), fc.constantFrom('account number', 'acct no.', 'bank account:', 'Kontonummer'), (account, figure, name) => {
        // A Luhn-valid number is a card's first: a placeholder all the same.
        expect(redact(`${name} ${account} ${figure} items`)).toMatch(new RegExp(`^${name.replace('.', '\\.')} \\[(?:account|card)\\] ${figure} items$`));
      }),
    );
  });
});

describe('redact: a passport or national id number after its name (SPEC §9: national ids)', () => {
  it.each([
    ['passport number: X1234567', 'passport number: [passport]'],
    ['my passport number is L898902C3 and it expires', 'my passport number is [passport] and it expires'],
    ['Passport No. 123456789', 'Passport No. [passport]'],
    ['{"passport":"C01X00T47"}', '{"passport":"[passport]"}'],
    ['national id: 12345678Z', 'national id: [national_id]'],
    ['National Identity Number 1234567890123', 'National Identity Number [national_id]'],
    // Kept: a word or a date after the name, too few characters, a slug or an id joined or glued to the name, the name alone.
    ['passport: expired', 'passport: expired'],
    ['passport: 2026-01-31', 'passport: 2026-01-31'],
    ['passport number is 12345', 'passport number is 12345'],
    ['case passport_123456789 ok', 'case passport_123456789 ok'],
    ['passport1234567', 'passport1234567'],
    ['passport photo 123456', 'passport photo 123456'],
    ['national id card: ABCDEFG', 'national id card: ABCDEFG'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('redacts any 6-9 letters and digits with a digit after a passport\'s name, and keeps a word of letters there', () => {
    const number = fc.tuple(fc.stringMatching(/^[A-Z]{0,2}$/), fc.stringMatching(/^\d{6,7}$/)).map(([letters, digits]) => `${letters}${digits}`);
    fc.assert(
      fc.property(fc.constantFrom('passport', 'Passport No.', 'passport number:', 'PASSPORT #'), number, fc.stringMatching(/^[a-z]{6,9}$/), (name, passport, word) => {
        expect(redact(`${name} ${passport} ok`)).toBe(`${name} [passport] ok`);
        expect(redact(`${name} ${word} ok`)).toBe(`${name} ${word} ok`);
      }),
    );
  });
});

describe('redact: a card number or an SSN glued to a word, or after it by an underscore', () => {
  const cards = [['4111', '1111', '1111', '1111'], ['3782', '822463', '10005'], ['5555', '5555', '5555', '4444'], ['3056', '930902', '5904'], ['6011', '0009', '9013', '9424']];
  // A word with a letter that is no hex digit: with only a-f, the figures could be part of a hash (below).
  const word = fc.tuple(fc.stringMatching(/^[A-Za-z]{0,6}$/), fc.constantFrom(...'ghijklmnopqrstuvwxyzGHXZ'), fc.stringMatching(/^[A-Za-z]{0,3}$/)).map((parts) => parts.join(''));

  it('keeps none of a card\'s digits, whatever word it is glued to or follows by an underscore or a dash, before or after', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.constantFrom(' ', '-', ''), word, fc.constantFrom('', '_', '-'), fc.boolean(), (groups, between, name, joint, after) => {
        const card = groups.join(between);
        const text = after ? `${card}${joint}${name}` : `${name}${joint}${card}`;
        expect(redact(text), text).not.toMatch(/\d/);
      }),
    );
  });

  it('keeps none of an SSN\'s digits after a word, glued, by an underscore or a dash', () => {
    fc.assert(
      fc.property(fc.constantFrom('123-45-6789', '078-05-1120', '123 45 6789'), word, fc.constantFrom('', '_', '-', '__'), (ssn, name, joint) => {
        const text = `${name}${joint}${ssn}`;
        expect(redact(text), text).toBe(`${name}${joint}[ssn]`);
      }),
    );
  });

  it.each([
    ['ssn-123-45-6789', 'ssn-[ssn]'],
    ['SSN_078-05-1120.', 'SSN_[ssn].'],
    ['card_4111111111111111', 'card_[card]'],
    ['x4111111111111111', 'x[card]'],
    ['card_4111 1111 1111 1111 exp', 'card_[card] exp'],
    ['4111111111111111visa', '[card]visa'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps hex tokens (hashes, git SHAs, trace and span ids, UUIDs) as written, whatever long runs of digits they hold', () => {
    const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
    // A Luhn-valid card number inside, as a hash holds one at times (a 13-digit run in one SHA-256 of 40).
    const withCard = fc.tuple(hex(20), fc.constantFrom(...cards), hex(20), fc.boolean()).map(([a, card, b, upper]) => {
      const text = `${a}${card.join('')}${b}`.replace(/^\d+|\d+$/g, 'e');
      return upper ? text.toUpperCase() : text;
    });
    fc.assert(
      fc.property(fc.oneof(hex(16), hex(32), hex(40), hex(64), withCard, fc.uuid()), fc.constantFrom('', 'sha ', 'trace_', 'commit-', 'id:'), (token, before) => {
        const text = `${before}${token}`;
        expect(redact(text), text).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('redact: an IBAN and a UK National Insurance number after a name by an underscore', () => {
  it.each([
    ['iban_DE89370400440532013000', 'iban_[iban]'],
    ['payee_iban_GB82 WEST 1234 5698 7654 32_checked', 'payee_iban_[iban]_checked'],
    ['nino_AB123456C', 'nino_[nino]'],
    ['NINO_AB 12 34 56 C_verified', 'NINO_[nino]_verified'],
    // Glued to letters they are a longer word's, as before.
    ['xDE89370400440532013000 and refAB123456C', 'xDE89370400440532013000 and refAB123456C'],
    ['not an iban_GB82WEST12345698765433', 'not an iban_GB82WEST12345698765433'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redact: an international phone number after a name by an underscore', () => {
  it.each([
    ['card_+44 20 7946 0958', 'card_[phone]'],
    ['tel_+14155552671', 'tel_[phone]'],
    ['mobile_+33 1 42 68 53 00, home', 'mobile_[phone], home'],
    ['ph_+999 1234 5678', 'ph_[phone]'],
    ['tel_+14155552671_x', 'tel_[phone]_x'],
    // Glued to a letter or a figure, a + is arithmetic or a longer token's.
    ['x+44 20 7946 0958 and 1+44 20 7946 0958 and offset+12345678', 'x+44 20 7946 0958 and 1+44 20 7946 0958 and offset+12345678'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redact: a phone number written in groups between a name and an underscore', () => {
  it.each([
    ['tel_020 7946 0958', 'tel_[phone]'],
    ['phone_(415) 555-2671_home', 'phone_[phone]_home'],
    ['ph_415-555-2671', 'ph_[phone]'],
    ['mobile_07700 900123_uk', 'mobile_[phone]_uk'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps bare digits after or before an underscore as written: an id (user_4155550132)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[2-9]\d{9}$|^0[1-9]\d{8,9}$/), fc.boolean(), (name, digits, after) => {
        const text = after ? `${digits}_${name}` : `${name}_${digits}`;
        expect(redact(text), text).toBe(text);
      }),
    );
  });
});

describe('redact: negatives stay as written', () => {
  it.each([
    'I was charged twice for order 1234',
    'refund $40 of $1,234.56',
    'on 2024-01-15 and 2024-01-15T10:20:30.123Z',
    'trace 4bf92f3577b34da6a3ce929d0e0e4736',
    'trace 6502530000abcdef0123456789abcdef',
    'fingerprint 00442079460958ab',
    'run 550e8400-e29b-41d4-a716-446655440000',
    'timestamp 1712345678901',
    'not luhn 4111 1111 1111 1112',
    'order ORD-2024-000123 and ref 2024-000123-4567',
    'ids ORD-2024-000123-4567 and 1-123-45-6789 and v1.123-45-6789',
    'ip 192.168.100.200 version 1.22.333',
    'input_tokens: 1234, max_tokens=4096',
    'Bearer of bad news',
    'the token: expired, log in again',
    'wrongtoken: 401 {"error":"bad credentials"}',
    'auth_token: 500; retry later',
    'api key: missing',
    'Authorization: required',
    // A signature that is no query parameter of a URL: a letter's, a form's field.
    'signature=John Smith, sig=3 in the table; see /docs/sig and ?sigma=2; primary key: id, sort key=name, ?keyword=x',
    'not an iban GB82 WEST 1234 5698 7654 33',
    'ssn-like 000-12-3456',
    'call me at 12:30, qty 555',
    'email-ish user@localhost',
    'https://example.com/path?q=1',
    'the task-management-service-v2 and desk-reservation-system-2024 ids',
    'risk_assessment_pipeline_v2 for the disk-cleanup-scheduler-daemon',
    'scores 3 4 5 2 3 4 5 6 1 2 3 4 5 6 7 8 9 1 2',
    'ids 2024 5 1700000000000 12',
    'report-20250824105354.csv and backup 20240101000002',
  ])('%s', (input) => {
    expect(redact(input)).toBe(input);
  });
});

describe('redact: a secret\'s name is read on its own line', () => {
  it('takes nothing of the next line after a name with no value at its end', () => {
    expect(redact('password:\nthe next line is prose')).toBe('password:\nthe next line is prose');
    expect(redact('password: \r\nnext line here')).toBe('password: \r\nnext line here');
    expect(redact('db_password=\nhunter2hunter2 was the old one')).toBe('db_password=\nhunter2hunter2 was the old one');
    expect(redact('pin:\n1234 boxes shipped')).toBe('pin:\n1234 boxes shipped');
    // Still one passphrase to the line's end when the value is on the name's line.
    expect(redact('password: correct horse\nbattery')).toBe('password: [secret]\nbattery');
  });

  it('redacts each code of a run written with no space between', () => {
    expect(redact('pin: 123pin: 456')).toBe('pin: [secret]pin: [secret]');
    expect(redact('cvv: 737pin: 4821 and pin: 1.2.3')).toBe('cvv: [secret]pin: [secret] and pin: 1.2.3');
    expect(redact('spin: 1200pin: 4821')).toBe('spin: 1200pin: 4821');
  });
});

describe('redact: a JSON object or list after a secret\'s name (a call\'s arguments as JSON text, an agent\'s answer)', () => {
  it.each([
    // The rule after the name took the `{` alone for the value and left the secret after it (`"password":[secret]"value":"hunter2"}`).
    ['{"password":{"value":"hunter2"},"secret":{"value":"x9"}}', '{"password":{"value":"[secret]"},"secret":{"value":"[secret]"}}'],
    ['{"api_key": ["k-1", 42], "note": "ok"}', '{"api_key": ["[secret]", [secret]], "note": "ok"}'],
    // Metadata about the secret is kept, as redactDeep keeps it; keys are never values.
    ['{"token": {"token_type": "bearer", "expires_in": 3600, "access_token": "opaque"}}', '{"token": {"token_type": "bearer", "expires_in": 3600, "access_token": "[secret]"}}'],
    // Written over lines, and cut before it closes (a summary cut at its length).
    ['secret = {\n  "value": "multi\\"line",\n  "n": -12.5e3\n}\nafter', 'secret = {\n  "value": "[secret]",\n  "n": [secret]\n}\nafter'],
    ['"password":{"value":"hunter2"', '"password":{"value":"[secret]"'],
    // No JSON there: a word after the name, as before; an empty object is no value.
    ['password: [hunter2]', 'password: [secret]'],
    ['the token: {} empty', 'the token: {} empty'],
    // A JavaScript object or list as Node prints it (console.log on an agent's stderr, an error quoting its arguments): the rule
    // after the name took `{` alone there too. Unquoted keys are keys; unquoted words values; a literal is no secret's text.
    ["{ apiKey: { value: 'x9-secret', name: 'db' } }", "{ apiKey: { value: '[secret]', name: 'db' } }"],
    ["{ password: { value: 'hunter2' } }", "{ password: { value: '[secret]' } }"],
    ["token: [ 'k-1', 'k-2' ] next", "token: [ '[secret]', '[secret]' ] next"],
    ['secret: {value: x9, rotated: false, n: 12} after', 'secret: {value: [secret], rotated: false, n: [secret]} after'],
    // No object there (a template's `{name}`, a CI expression's `{{ … }}`): a word after the name, as before.
    ['password: {name} here', 'password: [secret]} here'],
    ['api_key: {{ secrets.API_KEY }}', 'api_key: [secret] secrets.API_KEY }}'],
  ])('%j → %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe('redact: short strings remembered', () => {
  it('answers the same for a text seen before, also once the memory is full, and keeps the two rule sets apart', () => {
    expect(redact('mail a@b.com')).toBe('mail [email]');
    expect(redactSecrets('mail a@b.com')).toBe('mail a@b.com');
    expect(redact('mail a@b.com')).toBe('mail [email]');
    for (let i = 0; i < 2500; i++) expect(redact(`id-${i}`)).toBe(`id-${i}`);
    expect(redact('mail a@b.com')).toBe('mail [email]');
    expect(redactSecrets('mail a@b.com')).toBe('mail a@b.com');
    // First seen after the memory filled: not remembered, still redacted, every time.
    expect(redact('mail c@d.org')).toBe('mail [email]');
    expect(redact('mail c@d.org')).toBe('mail [email]');
    expect(redactSecrets('key sk-ant-api03-abcdefghijklmnopqrstuv')).not.toContain('abcdefghijklmnop');
  });

  it('answers from the last few texts past the full memory as a scan would: each its own, each set its own, after the ring wrapped too', () => {
    for (let i = 0; i < 2500; i++) redact(`fill-${i}`);
    for (let i = 0; i < 2500; i++) redactSecrets(`fill-${i}`);
    const texts = ['ring a@b.com', 'ring-plain', '', 'ring 4111 1111 1111 1111', 'ring +1 415 555 0132', 'ring sk-ant-api03-abcdefghijklmnopqrstuv'];
    const scanned = texts.map((text) => [redact(text), redactSecrets(text)]);
    expect(scanned[0]).toEqual(['ring [email]', 'ring a@b.com']);
    expect(scanned[2]).toEqual(['', '']);
    // Again one after another, interleaved across the two sets, then after a dozen others wrapped the ring: the same answers.
    for (let round = 0; round < 2; round++) {
      texts.forEach((text, i) => expect([redact(text), redactSecrets(text)]).toEqual(scanned[i]));
      for (let i = 0; i < 12; i++) expect(redact(`wrap-${round}-${i}@example.com`)).toBe('[email]');
    }
  });
});

describe('redactDeep', () => {
  it('redacts strings and secret-named keys, keeps keys, numbers and structure', () => {
    const input = {
      order_id: '1234',
      amount: 40,
      customer: { email: 'a@b.com', phones: ['+14155550132', 'n/a'] },
      headers: { Authorization: 'Basic dXNlcjpwYXNz', api_key: 'k' },
      input_tokens: 12,
      ok: true,
      none: null,
    };
    expect(redactDeep(input)).toEqual({
      order_id: '1234',
      amount: 40,
      customer: { email: '[email]', phones: ['[phone]', 'n/a'] },
      headers: { Authorization: '[secret]', api_key: '[secret]' },
      input_tokens: 12,
      ok: true,
      none: null,
    });
  });

  it('redacts a private key that log lines carry one line per element, up to its END line', () => {
    const log = ['[agent] key:', '-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'MIIEowIBAAKCAQEAgCugnXPKeNumdzPel8yFLrUw99wb1Pt31Uf4Fqzs', 'QKZVNxVD1o+ncX9lPpu4zN9E3a==', '-----END RSA PRIVATE KEY----- done', 'next line stays', 'MIIEowIBAAKCAQEA'];
    expect(redactDeep(log)).toEqual(['[agent] key:', '[secret]', '[secret]', '[secret]', '[secret]', '[secret] done', 'next line stays', 'MIIEowIBAAKCAQEA']);
    // A key cut before its END: its body goes, the first line that is not base64 ends it.
    expect(redactDeep(['-----BEGIN PRIVATE KEY-----', 'MIIEowIBAAKCAQEA', 'request failed: 500'])).toEqual(['[secret]', '[secret]', 'request failed: 500']);
  });

  it('does not mutate its input', () => {
    const input = { note: 'mail a@b.com' };
    redactDeep(input);
    expect(input.note).toBe('mail a@b.com');
  });

  it('copies only what changes: untouched objects and arrays are returned as they are', () => {
    const clean = { id: 'case-1', n: 3, tags: ['a', 'b'], nested: { ok: true } };
    expect(redactDeep(clean)).toBe(clean);
    const input = { before: { ok: true }, list: ['x', 'mail a@b.com', 'y'], after: [1, 2], password: 'hunter2' };
    const out = redactDeep(input);
    expect(out).toEqual({ before: { ok: true }, list: ['x', 'mail [email]', 'y'], after: [1, 2], password: '[secret]' });
    expect(out).not.toBe(input);
    expect(out.before).toBe(input.before);
    expect(out.after).toBe(input.after);
    expect(input).toEqual({ before: { ok: true }, list: ['x', 'mail a@b.com', 'y'], after: [1, 2], password: 'hunter2' });
  });

  it('writes the same JSON as a full copy would: a secret-named key after clean ones, an own __proto__ key, a class instance', () => {
    expect(JSON.stringify(redactDeep({ a: 1, b: 'x', token: 42 }))).toBe('{"a":1,"b":"x","token":"[secret]"}');
    const parsed = JSON.parse('{"a":1,"__proto__":{"b":2}}') as object;
    expect(JSON.stringify(redactDeep(parsed))).toBe('{"a":1,"__proto__":{"b":2}}');
    expect(JSON.stringify(redactDeep({ when: new Date(0) }))).toBe('{"when":{}}');
  });
});

describe('redactDeep: an own __proto__ key', () => {
  it('keeps it as an own key of the copy, redacted, with the copy\'s prototype untouched', () => {
    const parsed = JSON.parse('{"mail":"a@b.com","__proto__":{"who":"c@d.com"},"password":"x"}') as Record<string, unknown>;
    const out = redactDeep(parsed);
    expect(JSON.stringify(out)).toBe('{"mail":"[email]","__proto__":{"who":"[email]"},"password":"[secret]"}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('redactSecrets', () => {
  it('replaces keys, tokens and credentials but keeps PII a replay must reproduce', () => {
    const text = 'key sk-live-0123456789abcdefghijkl, mail jane@example.com, card 4111 1111 1111 1111, call +1 415 555 2671, https://u:p@host.example';
    expect(redactSecrets(text)).toBe('key [secret], mail jane@example.com, card 4111 1111 1111 1111, call +1 415 555 2671, https://[credentials]@host.example');
    expect(redactSecretsDeep({ api_key: 'abc', messages: [{ content: 'Bearer abcdefgh12345678' }] })).toEqual({ api_key: '[secret]', messages: [{ content: 'Bearer [secret]' }] });
  });
});

describe('redact: colored output (an escape sequence ends in a letter, glued to what follows)', () => {
  const BOLD = '\x1b[1m';
  const RESET = '\x1b[0m';
  it.each([
    ['4111 1111 1111 1111', '[card]'],
    ['4111111111111111', '[card]'],
    ['+44 20 7946 0958', '[phone]'],
    ['(415) 555-0132', '[phone]'],
    ['123-45-6789', '[ssn]'],
    ['GB82 WEST 1234 5698 7654 32', '[iban]'],
    ['AB 12 34 56 C', '[nino]'],
    ['sk-proj-abcdefghijklmnop1234', '[secret]'],
    ['AKIAIOSFODNN7EXAMPLE', '[secret]'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop', '[secret]'],
    ['Bearer abc123def456', 'Bearer [secret]'],
    ['alice@example.com', '[email]'],
  ])('%s after an SGR sequence', (value, placeholder) => {
    expect(redact(`${BOLD}${value}${RESET} and \x9b31m${value}`)).toBe(`${BOLD}${placeholder}${RESET} and \x9b31m${placeholder}`);
    expect(redact(`\x1b(B${value}`)).toBe(`\x1b(B${placeholder}`);
  });

  it.each([
    ['\\u001b[1m', 'JSON.stringify'],
    ['\\u001B[31;1m', 'JSON.stringify, upper case'],
    ['\\x1b[1m', 'neutralize'],
    ['\\u009b1m', 'a C1 CSI, escaped'],
    ['\\\\u001b[1m', 'a JSON text quoted again'],
  ])('%s (%s) before a card: the escape as a message quotes it', (sequence) => {
    expect(redact(`found "${sequence}4111 1111 1111 1111 and ${sequence}+44 20 7946 0958"`)).toBe(`found "${sequence}[card] and ${sequence}[phone]"`);
  });

  it('keeps the escape sequences and every other character as they were', () => {
    expect(redact(`${BOLD}order 12345${RESET}`)).toBe(`${BOLD}order 12345${RESET}`);
    expect(redact(`password: ${BOLD}hunter2${RESET}`)).toBe(`password: [secret]${RESET}`);
    // A NUL beside an escape sequence once turned the escapes' handling off: the card was kept.
    expect(redact('nul \0 and \x1b[1m4111 1111 1111 1111')).toBe('nul \0 and \x1b[1m[card]');
  });

  it('reads a long run of backslashes in linear time (an escaped newline\'s backslashes were sought from each: 40,000 took 3 s, so 400,000 five minutes)', () => {
    // Quadratic, past vitest's test timeout, which fails the test; linear, milliseconds.
    const run = '\\'.repeat(400_000);
    expect(redact(`a${run}b leak.mail@example.org`)).toBe(`a${run}b [email]`);
    expect(redact(`x\u200b${run}\\n`)).toBe(`x\u200b${run}\\n`);
  });

  it('builds the view of a long JSON text of escaped newlines in linear time (each step read the growing view\'s last character, flattening it: 640,000 characters took 45 s)', () => {
    // Quadratic, 750,000 characters take over a minute: past vitest's test timeout, which fails the test; linear, a fraction of a second.
    const lines = ' \\n'.repeat(250_000);
    expect(redact(`x\u200b${lines} leak.mail@example.org`)).toBe(`x\u200b${lines} [email]`);
  });

  it('places the spans in the text as written', () => {
    const text = `a ${BOLD}4111 1111 1111 1111${RESET} b ${BOLD}+44 20 7946 0958`;
    expect(redactedSpans(text).map((span) => text.slice(span.start, span.end))).toEqual(['4111 1111 1111 1111', '+44 20 7946 0958']);
  });
});

describe('redact: numbers grouped by a no-break or thin space (a locale\'s formatting: fr-FR groups by U+202F)', () => {
  it.each([['\u00a0'], ['\u202f'], ['\u2009'], ['\u2007']])('U+%s', (gap) => {
    const spaced = (text: string) => text.replaceAll(' ', gap);
    expect(redact(spaced('card 4111 1111 1111 1111 end'))).toBe(spaced('card [card] end'));
    expect(redact(spaced('call +44 20 7946 0958 or (415) 555-0132 or 020 7946 0958'))).toBe(spaced('call [phone] or [phone] or [phone]'));
    expect(redact(spaced('iban GB82 WEST 1234 5698 7654 32'))).toBe(spaced('iban [iban]'));
    // Still not an order number or an amount.
    expect(redact(spaced('order 1234 5678 and 1 000 000 EUR'))).toBe(spaced('order 1234 5678 and 1 000 000 EUR'));
  });
});

describe('redact: a card number right after a phone number', () => {
  it.each([
    ['+1 415 555 0134 4111 1111 1111 1111', '[phone] [card]'],
    ['call 415 555 0134 4111 1111 1111 1111 end', 'call [phone] [card] end'],
  ])('%s is both, not a card read from the phone number that leaves the card\'s last groups', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });
});

describe('redactDeep: keys are the agent\'s text too', () => {
  it('redacts PII and secrets in keys, keeping both of two keys that redact alike, and ordinary keys as written', () => {
    const args = { 'leak.mail@example.org': 1, 'other@example.org': 2, nested: { '+44 20 7946 0958': 'x', 'tok sk-proj-LEAKabcdef0123456789XYZ': true }, order_20240611: 'ORDER-20240611-778812', ts_1733356800123: 1 };
    const out = redactDeep(args);
    expect(out).toEqual({ '[email]': 1, '[email] (2)': 2, nested: { '[phone]': 'x', 'tok [secret]': true }, order_20240611: 'ORDER-20240611-778812', ts_1733356800123: 1 });
    expect(Object.keys(out)).toEqual(['[email]', '[email] (2)', 'nested', 'order_20240611', 'ts_1733356800123']);
  });

  it('keeps an object whose keys and values need nothing as it is', () => {
    const clean = { a: { order_id: '1234' } };
    expect(redactDeep(clean)).toBe(clean);
  });

  it('redactSecretsDeep redacts a secret in a key and keeps an address there', () => {
    expect(redactSecretsDeep({ 'leak.mail@example.org': { 'ghp_abcdefghijklmnopqrstuvwxyz0123456789': 1 } })).toEqual({ 'leak.mail@example.org': { '[secret]': 1 } });
  });
});
