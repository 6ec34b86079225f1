// Forms of PII that outside trials found printed as written: a card number grouped by dots, an
// e-mail address at an IP literal, a dotted SSN, a lower-case IBAN (and an IBAN a short word
// follows), a short value assigned to a secret's name. Each with the look-alikes it must not eat.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/common/redact.js';

// Declares the tests of one form: each text of `redacted` redacted as given, each of `kept` as written.
function form(name: string, { redacted, kept }: { redacted: Array<[string, string]>; kept: string[] }): void {
  describe(`redact: ${name}`, () => {
    it.each(redacted)('%s', (input, expected) => {
      expect(redact(input)).toBe(expected);
    });
    if (kept.length > 0)
      it.each(kept)('%s stays as written', (input) => {
        expect(redact(input)).toBe(input);
      });
  });
}

form('a card number grouped by dots', {
  redacted: [
    ['card 4111.1111.1111.1111 ok', 'card [card] ok'],
    ['mc 5555.5555.5555.4444.', 'mc [card].'],
    ['amex 3782.822463.10005', 'amex [card]'],
    ['visa19 4111.1111.1111.1111.003', 'visa19 [card]'],
    // After a word and a dot (it was read as inside a dotted number, a dotted card or not).
    ['card no.4111 1111 1111 1111', 'card no.[card]'],
    ['see file.4111111111111111 and no.4111.1111.1111.1111', 'see file.[card] and no.[card]'],
    // Grouped by spaces or dashes as issuers print it, with a dot glued to it: a list's number before, decimals after (were kept whole).
    ['1.4111 1111 1111 1111', '1.[card]'],
    ['items:\n2.5555-5555-5555-4444\n3.3782 822463 10005', 'items:\n2.[card]\n3.[card]'],
    ['charged 4111 1111 1111 1111.25 USD', 'charged [card].25 USD'],
  ],
  kept: [
    // Not Luhn-valid.
    'card 4111.1111.1111.1112',
    // Inside a longer dotted id or version: the chain of dotted groups is not a card's shape.
    'build 1.4111.1111.1111.1111 and 4111.1111.1111.1111.1 and 4111.1111.1111.1111.77',
    'version 1.22.333.4444 at 192.168.100.200 on 2024.01.15',
    'pi 3.1415926535897932 and 0.4111111111111111',
    // A decimal written with its leading dot alone, after a space, a bracket or a sign: a word's letter before the dot makes it a card.
    'ratio .4111111111111111 or (.4111111111111111) or -.4111111111111111 or _.4111111111111111',
    // Luhn-valid, dotted in groups no issuer prints (4-6-6).
    'ref 4111.111111.111111',
    // A dot glued to a Luhn-valid number ungrouped, or grouped as no issuer prints (4-6-6, a card without the dot): a decimal, a version's digits.
    'x 1.4111111111111111 and 4111111111111111.25 and 3.4111 111111 111111 and 4111 111111 111111.5',
  ],
});

form('an e-mail address at an IP literal', {
  redacted: [
    ['mail ops@[127.0.0.1] now', 'mail [email] now'],
    ['"to": "root@[IPv6:2001:db8::1]"', '"to": "[email]"'],
    ['<jane.doe@[192.168.0.10]>', '<[email]>'],
    // The tag is case-insensitive (RFC 5321's ABNF).
    ['ROOT@[IPV6:::1]', '[email]'],
  ],
  kept: ['decorator @[Injectable]', 'array@[0] and x@[1.2]', 'https://[::1]:8080/path'],
});

form('a US SSN written with dots', {
  redacted: [
    ['ssn 123.45.6789 here', 'ssn [ssn] here'],
    ['SSN: 078.05.1120.', 'SSN: [ssn].'],
    ['{"ssn":"536.22.8174"}', '{"ssn":"[ssn]"}'],
  ],
  kept: [
    'released 2024.01.15 as 123.45.6789.1',
    'v1.123.45.6789 and 1.123.45.6789 and v123.45.6789',
    'ip 192.168.1.100 and 10.45.678.9',
    'not issued 000.12.3456, 666.12.3456, 900.12.3456, 123.00.4567, 123.45.0000',
    'amount 123.45 of 6789.00',
  ],
});

form('an IBAN in lower case', {
  redacted: [
    ['iban de89 3704 0044 0532 0130 00 end', 'iban [iban] end'],
    ['iban de89370400440532013000', 'iban [iban]'],
    ['payee gb82 west 1234 5698 7654 32.', 'payee [iban].'],
    ['Iban: De89 3704 0044 0532 0130 00', 'Iban: [iban]'],
    // Belgium's and Germany's IBANs hold only digits past the country code: all hex in lower case, and still IBANs.
    ['iban be68 5390 0754 7034', 'iban [iban]'],
    ['iban be68539007547034 ok', 'iban [iban] ok'],
    ['iban ee38 2200 2210 2014 5685', 'iban [iban]'],
  ],
  kept: [
    // mod-97 fails.
    'not an iban de89 3704 0044 0532 0130 01 nor gb82 west 1234 5698 7654 33',
    // Words and hex ids of an IBAN's shape.
    'ab12 cdef ghij klmn and ok12 test case here',
    'trace 4bf92f3577b34da6a3ce929d0e0e4736 and ab12cd34ef56ab78',
    // A span id that passes mod-97 at Belgium's length (1 in ~64,000 16-character hex ids): a hex letter where Belgium's IBAN has only digits.
    'span be973ea7ddbb1fbb',
    // So at Estonia's length (20): its IBAN holds only digits too.
    'span ee35e6092c05430ff96f',
  ],
});

// The word fits the IBAN's shape (a group of four, or a last one of 1–3) and was read into it: the whole failed mod-97.
form('an IBAN followed by a short word', {
  redacted: [
    ['compte BE70 0637 7327 7496 EUR', 'compte [iban] EUR'],
    ['compte BE70063773277496 EUR', 'compte [iban] EUR'],
    ['AT: AT087518016252169056 OK', 'AT: [iban] OK'],
    ['rachunek PL12020631802070512861806339 PLN', 'rachunek [iban] PLN'],
    // A lower-case word, now that the rule reads lower case.
    ['rachunek PL12020631802070512861806339 lorem', 'rachunek [iban] lorem'],
  ],
  kept: [],
});

// The IBAN rule allowed only spaces between groups: a dashed or dotted IBAN, as some banks print one, was kept whole.
form('an IBAN grouped by dashes or dots', {
  redacted: [
    ['iban DE89-3704-0044-0532-0130-00 ok', 'iban [iban] ok'],
    ['iban DE89.3704.0044.0532.0130.00.', 'iban [iban].'],
    ['{"iban":"gb82-west-1234-5698-7654-32"}', '{"iban":"[iban]"}'],
    ['konto DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000', 'konto [iban]'],
    ['compte FR76.3000.6000.0112.3456.7890.189 EUR', 'compte [iban] EUR'],
  ],
  kept: [
    // Not mod-97 valid, or a product key of an IBAN's shape at no country's IBAN length (dashed or dotted, it is held to it).
    'iban DE89-3704-0044-0532-0130-01',
    'key AB12-CDEF-GHIJ-KLMN-OPQR and DE12-ABCD-EF01-2345 and host ab12.cdef.ghij.klmn.example',
    // A GUID: its first group is eight characters, no IBAN's grouping.
    '{DE44CAFE-1234-4321-ABCD-0123456789AB}',
  ],
});

// A national number written ungrouped was read as a zero-padded id even after a phone's label.
form("a national phone number written ungrouped after a phone's label", {
  redacted: [
    ['phone: 0612345678', 'phone: [phone]'],
    ['mobile 07700900123.', 'mobile [phone].'],
    ['{"phoneNumber": "0612345678", "id": 7}', '{"phoneNumber": "[phone]", "id": 7}'],
    ['Tel.: 0301234567, Fax: 0301234568', 'Tel.: [phone], Fax: [phone]'],
    ['call me at 07700900123 tomorrow', 'call me at [phone] tomorrow'],
    ['T\u00e9l.: 0612345678', 'T\u00e9l.: [phone]'],
    ['{\\"tel\\":\\"0612345678\\"}', '{\\"tel\\":\\"[phone]\\"}'],
    // A camel-case field's name ending in the label (were kept: a letter before the label read as a longer word), and German labels.
    ['{"customerPhone": "0612345678", "homePhone":"0301234567"}', '{"customerPhone": "[phone]", "homePhone":"[phone]"}'],
    ['contactPhoneNumber=07700900123', 'contactPhoneNumber=[phone]'],
    ['Telefonnummer: 0301234567, Tel.-Nr. 0301234568', 'Telefonnummer: [phone], Tel.-Nr. [phone]'],
    ['Handy: 01711234567, Mobil 01711234568', 'Handy: [phone], Mobil [phone]'],
  ],
  kept: [
    // No label: a zero-padded id, an order number; a label's word inside another word; a number no plan has; a date, a price after a label.
    'order: 0612345678, Kundennummer 0123456789, invoice 07700900123, id=0612345678',
    'hotel 0612345678 and recall 0612345678',
    'phone: 0000000000, call 01.02.2024, call 0612.50 EUR',
    // Glued to an id, or after a field's name by an underscore: an id (docs/reports.md).
    'phone: 0612345678abc and phone_0612345678',
    // A product's name ending in a label's word, with no field's colon or equals sign after it.
    'iPhone 0612345678, smartphone 0612345678, handyman 0612345678',
  ],
});

// In running text: a number written ungrouped after words that ask to call it or say whose it is was kept (my number is 0612345678),
// and a call that is a thing (a tool's call, its own number) was read as asking to call one (tool call #[phone]).
form('a national phone number in running text, and a call that is no phone\'s', {
  redacted: [
    ['my number is 0612345678', 'my number is [phone]'],
    ['My phone number is 07700900123.', 'My phone number is [phone].'],
    ['our number: 0301234567', 'our number: [phone]'],
    ['reach me at 0612345678 or text me on 07700900123', 'reach me at [phone] or text me on [phone]'],
    ['ring 0301234567, dial 0612345678, give us a call on 0412345678', 'ring [phone], dial [phone], give us a call on [phone]'],
    ['phone is 0612345678; {"call": "0612345678"}', 'phone is [phone]; {"call": "[phone]"}'],
    // Grouped, a national number needs no label.
    ['call me on 0612 345 678', 'call me on [phone]'],
  ],
  kept: [
    'tool call #0412345678 returned 3 rows',
    'tool call 0412345678, function call 0612345678, tool_call: 0412345678',
    'the call 0612345678 failed; retrying call #0612345678',
    'order number is 0612345678, your order number is 0612345678, the number is 0612345678',
    'text: 0612345678 and reach 0612345678',
  ],
});

// A word that makes a call a thing (an, a, one, the) was matched at the end of any word: `you can call 0612345678`,
// `Someone call …`, `Maria call …` were kept as written; and `give me a call 0612345678` took its `a` for a thing's.
form('a national phone number after a call asked for, whose word before ends like a call\'s noun', {
  redacted: [
    ['You can call 0612345678 or you can dial 07700900123', 'You can call [phone] or you can dial [phone]'],
    ['Someone call 0612345678! Anyone can ring 0301234567', 'Someone call [phone]! Anyone can ring [phone]'],
    ['Maria call 0612345678, Ryan call 07700900123, Via call 0412345678', 'Maria call [phone], Ryan call [phone], Via call [phone]'],
    ['phone call 0612345678', 'phone call [phone]'],
    ['Give me a call 0612345678, give us a call: 07700900123, give me a ring 0301234567', 'Give me a call [phone], give us a call: [phone], give me a ring [phone]'],
    // With a +, a number is read whatever the words before it.
    ['a call to +44 20 7946 0958, tool call +447700900123, call #+33612345678', 'a call to [phone], tool call [phone], call #[phone]'],
  ],
  kept: ['an API call 0412345678 and a call 0612345678 returned', 'per call 0612345678, one call 0612345678'],
});

// A label ending its line, the number on the next (a form, a signature): the number was kept as written (Phone:\n0612345678).
form("a national phone number ungrouped on the line after its label", {
  redacted: [
    ['Phone:\n0612345678', 'Phone:\n[phone]'],
    ['Name: Ann\r\nMobile number:  \r\n  07700900123\r\n', 'Name: Ann\r\nMobile number:  \r\n  [phone]\r\n'],
    ['My number:\n0612345678', 'My number:\n[phone]'],
  ],
  // Without a colon, a line's last word is no label of the next line.
  kept: ['Phone\n0612345678', 'call\n0612345678', 'phone:\n\n0612345678'],
});

// A call or a text made to a number: `a call to 07700900123` was printed as written (as it was at 0d95ba1); with a +, it was read already.
form('a national phone number ungrouped after a call or a text to it', {
  redacted: [
    ['I made a call to 07700900123 and sent a text to 0612345678', 'I made a call to [phone] and sent a text to [phone]'],
    ['calls to 0612345678 fail; ring to 0301234567', 'calls to [phone] fail; ring to [phone]'],
  ],
  kept: ['the tool call to lookup 0612345678 and the text: 0612345678', 'context to 0612345678'],
});

// A call's number as a field (call_number, Call-Nr.) named a phone until 057a88b took `call` out of the phone's names: printed as written.
form('a national phone number ungrouped after a call or callback number', {
  redacted: [
    ['call_number: 0612345678, call number: 07700900123', 'call_number: [phone], call number: [phone]'],
    ['{"call_no": "0612345678"} Call-Nr. 0301234567, call num 0612345679', '{"call_no": "[phone]"} Call-Nr. [phone], call num [phone]'],
    ['callback number: 0612345678, call-back no 07700900123', 'callback number: [phone], call-back no [phone]'],
  ],
  kept: ['tool call number 0412345678', 'the call no 0612345678 failed'],
});

// A call asked for with the number in quotes, no colon between: read before 057a88b, printed as written after it.
form('a national phone number ungrouped in quotes after a call asked for', {
  redacted: [
    ['Call "0612345678" now, or call \'07700900123\'', 'Call "[phone]" now, or call \'[phone]\''],
    ['{"note":"You can call \\"0612345678\\""}', '{"note":"You can call \\"[phone]\\""}'],
  ],
  kept: ['tool call "0412345678" and the call \'0612345678\''],
});

// Labels of a phone's kind the rule did not know, in brackets after a name, after a dash, or in French, Spanish and Italian: kept as written.
form("a national phone number written ungrouped after more phone's labels", {
  redacted: [
    ['mob: 07700900123, Mob. 07700900124', 'mob: [phone], Mob. [phone]'],
    ['Ph: 0412345678 / ph. 0412345679', 'Ph: [phone] / ph. [phone]'],
    ['contact number: 0412345678, Kontaktnummer: 0301234567', 'contact number: [phone], Kontaktnummer: [phone]'],
    ['phone (mobile): 0612345678, Tel. (home) 0301234567', 'phone (mobile): [phone], Tel. (home) [phone]'],
    ['phone number - 0612345678', 'phone number - [phone]'],
    ['portable : 0612345678, m\u00f3vil: 0612345679', 'portable : [phone], m\u00f3vil: [phone]'],
  ],
  kept: ['graph 0612345678, photo 0612345678, mobility 0612345678'],
});

// A national number in brackets as a whole lost its opening bracket to the placeholder: `[phone])`.
form('a national phone number in brackets', {
  redacted: [
    ['reach me (0612 345 678) today', 'reach me ([phone]) today'],
    ['(020 7946 0958)', '([phone])'],
    ['x (020) 7946 0958 and (06 12 34 56 78).', 'x [phone] and ([phone]).'],
  ],
  kept: [],
});

// The last groups of a figure grouped by spaces in threes were read as a North American number (0.411 111 [phone]).
form('a figure grouped in threes, whose last groups have a North American shape', {
  redacted: [
    // A lone group before the shape is no figure's: a count, a country's code, a year.
    ['items 123 415 555 0132', 'items 123 [phone]'],
    ['Order 2024 415 555 2671, qty 3 (415) 555-0132', 'Order 2024 [phone], qty 3 [phone]'],
    ['1 415 555 2671 and 001 212 555 0199', '[phone] and [phone]'],
  ],
  kept: ['0.411 111 111 111 1111', 'total 0.411 111 415 555 2671 EUR', 'pi 3.14 159 265 358 9793', 'x 1,411 111 415 555 2671 and 0,100 100 1000'],
});

form("a short all-digit value after a secret's name", {
  redacted: [
    ['api_key=123 set', 'api_key=[secret] set'],
    ['export AUTH_TOKEN=42', 'export AUTH_TOKEN=[secret]'],
    ['curl "https://x.example/v1?access_token=7&page=2"', 'curl "https://x.example/v1?access_token=[secret]&page=2"'],
    ['client_secret: 123', 'client_secret: [secret]'],
    ['token: 7', 'token: [secret]'],
    // Assigned, a status code is the value too (it was kept as a status before).
    ['auth_token=500; retry later', 'auth_token=[secret]; retry later'],
  ],
  kept: [
    // An HTTP status after `:`, an agent quoting a refused call (0c17420).
    'wrongtoken: 401 {"error":"bad credentials"}',
    'refresh_token: 400 Bad Request',
    '{"api_key": 403, "detail": "forbidden"}',
  ],
});

form('a number of a unit or a page after a token\'s name', {
  redacted: [
    ['session_token: 15', 'session_token: [secret]'],
    ['token: 15 ok', 'token: [secret] ok'],
    ['access_token=900 seconds', 'access_token=[secret] seconds'],
    // A name in an environment variable's capitals is a setting's, not an API's cursor field: wit.ai's Messenger example keeps its Page token in FB_PAGE_TOKEN.
    ['export FB_PAGE_TOKEN=EAAGm0PX4ZCpsBAKZAZBm7xyzQ1w2e3r4t5y6u7i8o9p0', 'export FB_PAGE_TOKEN=[secret]'],
    ['PAGE_TOKEN: "Q2xpZW50OjEyMzQ1Njc4OTA"', 'PAGE_TOKEN: "[secret]"'],
    ['NEXT_TOKEN=Xy7PqR2sT9uV4wZ1', 'NEXT_TOKEN=[secret]'],
    // A Meta access token is one by its shape (EAA and a long run in both cases), whatever its key is named (it was kept as a page's cursor).
    ['fb_page_token: EAAGm0PX4ZCpsBAKZAZBm7xyzQ1w2e3r4t5y6u7i8o9p0', 'fb_page_token: [secret]'],
    ['{"pageToken": "EAACEdEose0cBAKZCZCv7ZBJf3lQZA0ZBx4ZCkZDq9"}', '{"pageToken": "[secret]"}'],
    ['curl "https://graph.facebook.com/me?fields=id&access=EAAB2x9ZCZBqwertyUIOPasdfGHJKL1234567890zxcv"', 'curl "https://graph.facebook.com/me?fields=id&access=[secret]"'],
  ],
  kept: [
    // A duration after a colon: prose about a token, not one.
    'session token: 15 minutes',
    'the token: 2 hours, refresh token: 30 days, id_token: 90 s',
    // A page's cursor is no credential (Google's pageToken, AWS's NextToken).
    'page_token: 2',
    '{"pageToken": "CAUQAA", "nextPageToken": "CAoQAA", "next_token": 2, "continuation_token": "abc123"}',
    '{"NextToken": "AAEAAT7kTQ2x", "next-token": "Xy7PqR2sT9uV4wZ1"} ?page_token=Xy7PqR2sT9uV4wZ1',
    // EAA then a run with no lower-case letter (an upper-case hex hash), or too short, or inside a word: no Meta token.
    'sha EAA1F2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F7081 and EAAGm0PX4ZCps and xEAAGm0PX4ZCpsBAKZAZBm7xyzQ1w2e3r4t5y6u7',
  ],
});
