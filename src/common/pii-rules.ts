/**
 * The PII rules of redaction (SPEC §9), in the order they run, after the secrets' (secret-rules.ts):
 * emails, cards, SSNs, account, passport and national id numbers, IBANs, NINOs, phone numbers.
 * The engine that runs them (joined hints, memo, spans) is redact.ts.
 */
import { FIGURE_GROUPS_BEFORE, PHONE_HINT, phoneSpans } from './phone.js';
import { cardSpans, digitCount, ibanLength, inDecimals } from './number-checks.js';
import { PLACEHOLDER } from './placeholders.js';
import type { Rule } from './secret-rules.js';

/**
 * A rule's replacement by `placeholder`, but for a match that reaches into a decimal figure's decimals (`inDecimals`), kept
 * as it is. For a pattern without groups: String.prototype.replace gives the match, its offset, then the whole text.
 */
function outsideDecimals(placeholder: string): (match: string, ...rest: string[]) => string {
  return (match, ...rest) => {
    const start = Number(rest[0]);
    return inDecimals(String(rest[1]), { start, end: start + match.length }) ? match : placeholder;
  };
}

/**
 * Whether a run of figures after an account's name is two or more years, each 19xx or 20xx, spaced or dashed, each later than
 * the one before: a list or a range of years (`bank account 2024 2025 2026`, `acct 2019-2023`), no account number. Only years
 * in order: a number grouped by fours whose groups happen to read as years is rarer still in order (`2024 1999` is redacted),
 * and one written ungrouped (`20242025`) or with any other group (`2024 2025 12`) is redacted, a leak being worse.
 */
function yearsInOrder(run: string): boolean {
  const groups = run.split(/[ -]/);
  return groups.length >= 2 && groups.every((group, i) => /^(?:19|20)\d\d$/.test(group) && (i === 0 || Number(group) > Number(groups[i - 1])));
}

/**
 * Whether the run after an account's name is in prose, the name's last word and a space before it (`bank account 2024 2025`),
 * not given as its value: after a colon, an equals sign, a `#`, a quote, a dot or an `is` (`account number: 2019-2023`,
 * `{"bank_account":"1999 2000"}`, a bank-account-named key's value, read after `account number: `), figures are the
 * account's number whatever they look like.
 */
function inProse({ offset, text }: { offset: number; text: string }): boolean {
  const word = /([A-Za-z]+)[ \t]+$/.exec(text.slice(Math.max(0, offset - 32), offset))?.[1];
  return word !== undefined && word.toLowerCase() !== 'is';
}

export const PII_RULES: readonly Rule[] = [
  // Emails, the local part plain (any script: müller@…) or quoted ("john smith"@example.com, also JSON-escaped, once or
  // more: a message quoting an agent's JSON answer escapes its \" again); a run of backslashes read from its first only.
  // The domain a name, its last label letters up to the first that is not one (digits glued after it, alice@example.com2024, are
  // not the address's), or an address literal: ops@[127.0.0.1], ops@[IPv6:2001:db8::1] (the tag in any case).
  {
    hint: /@/,
    pattern:
      /(?:(?<!\\)\\*"[^"\\\r\n@]{1,64}\\*"|(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+)@(?:[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?!\p{L})|\[(?:\d{1,3}(?:\.\d{1,3}){3}|[Ii][Pp][Vv]6:[\dA-Fa-f:.]+)\])/gu,
    replace: () => PLACEHOLDER.email,
  },
  // IBAN: country, check digits, 11–30 alphanumerics, optionally in groups of four (by spaces, or all by dashes or all by dots, as
  // some banks print them: DE89-3704-…, DE89.3704.…); after a name by an underscore too (iban_DE89…); in lower case too (de89 3704 …);
  // lower case, dashed or dotted, `isIban` holds it to its country's length; a short word after it is read into it, and left by `ibanLength`.
  {
    // Case-sensitive, both cases written out, and its start matched, not looked behind: in the caseless join of the hints a class
    // of letters first, and a lookbehind in either, slowed their scan of every text (10k clean strings of bench:redact, 8.2 → 9.1 ms).
    hint: /(?:^|[^A-Za-z0-9])[A-Za-z]{2}\d{2}[ \u00a0\u2007\u2009\u202f.-]?[A-Za-z0-9]{4}/,
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:(?:[ \u00a0\u2007\u2009\u202f]?[A-Z0-9]{4}){2,7}(?:[ \u00a0\u2007\u2009\u202f]?[A-Z0-9]{1,3})?|(?:-[A-Z0-9]{4}){2,7}(?:-[A-Z0-9]{1,3})?|(?:\.[A-Z0-9]{4}){2,7}(?:\.[A-Z0-9]{1,3})?)(?![A-Za-z0-9])/gi,
    replace: (match) => {
      const length = ibanLength(match);
      return length === undefined ? match : PLACEHOLDER.iban + match.slice(length);
    },
  },
  // Card numbers: 13–19 digits, issuer prefix 2–6 (so ms timestamps starting with 1 are spared;
  // with 2, Mir's and Mastercard's ranges only, so compact dates 20…, too), Luhn-valid, ungrouped
  // or grouped as issuers print them (by dots too, 4-4-4-4(-3), 4-6-5, 4-6-4: the second alternative of the hint; a dot
  // in the first one's class slowed the joined hints' scan of every text); found inside a longer run of figures too (`cardSpans`).
  { hint: /\d(?:[ \u00a0\u2007\u2009\u202f-]?\d){12}|\d{4}\.\d{4,6}\.\d{4}/, find: cardSpans, placeholder: PLACEHOLDER.card },
  // US SSN, dashed or spaced (a bare 9-digit number is more often an id); after a word too, glued or by an
  // underscore or a dash (`ssn-123-45-6789`, `ssn_123-45-6789`), not after figures (`1-123-45-6789`, `v1.123-45-6789`).
  // Dotted (123.45.6789) only as a whole: not glued to a letter (v123.45.6789), nor inside a longer dotted run (a version, an address).
  // Not a decimal figure's decimals (`0.41 123 45 6789`: `inDecimals`).
  {
    hint: /\d{3}[-\s.]\d{2}[-\s.]\d{4}/,
    pattern:
      /(?<!\d|\d\.|[\d._-]-|\d )(?!000|666|9\d\d)\d{3}(?:-(?!00)\d{2}-|\s(?!00)\d{2}\s)(?!0000)\d{4}(?![\w-]|\s\d)|(?<![A-Za-z\d.]|[\d._-][-_])(?!000|666|9\d\d)\d{3}\.(?!00)\d{2}\.(?!0000)\d{4}(?![\w-]|\.\d)/g,
    replace: outsideDecimals(PLACEHOLDER.ssn),
  },
  // US SSN written ungrouped after its name (`SSN: 123456789`, `"ssn":"123456789"`, `social security no. 123456789`, `SSN number is: 123456789`):
  // nine bare digits are more often an id, but not there. Only the digits are replaced; the name stays. Not joined to the name by a
  // dash or an underscore, nor glued to it: an id's shape (`ssn_123456789`, a case id), as a bank account's below.
  {
    hint: /(?:ssn|social[ _-]?security)\D{0,16}\d{9}/i,
    pattern:
      /(?<=(?<![A-Za-z])(?:ssn|social[ _-]?security)(?:[ _-]?(?:number|num|no|nr))?\.?(?:\\*["'])?[ \t]*(?:is\b[ \t]*)?(?:[:=#]{1,2}[ \t]*)?(?:\\*["'])?)(?<![A-Za-z])(?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4}(?![\w-])/gi,
    replace: () => PLACEHOLDER.ssn,
  },
  // A bank account number after its name (`account number: 12345678`, `bank account 0001 2345 6789`, `acct no. 12345678`,
  // `"account_number":"12345678"`, `Kontonummer 1234567890`, `account number: 20-00-00 12345678`): 6 to 17 digits, ungrouped or
  // grouped by dashes, or by spaces after groups of 2 to 4 as banks print them (an IBAN is found above); a figure after a longer
  // run and a space is another figure, not a group of it (`account number 12345678 99 items`). Not after `account` alone, which names a customer's
  // account as often (`account 12345678`), nor joined to its name by a dash or an underscore, a slug's shape (`acct-123456`, a
  // case id, which results.jsonl, resume and the baseline match on), nor glued to it, an id's (`ACCT000123`, `acct12345678`).
  // Nor a list or a range of years in prose (`bank account 2024 2025 2026`, `acct 2019-2023`): `yearsInOrder`, `inProse`.
  {
    hint: /(?:account|acct|kontonummer)\D{0,24}\d(?:[ -]?\d){5}/i,
    pattern:
      /(?<=(?<![A-Za-z])(?:(?:bank[ _-]?)?account[ _-]?(?:number|num|no|nr|#)|bank[ _-]?account|acct(?:[ _-]?(?:number|num|no|nr|#))?|kontonummer)\.?(?:\\*["'])?[ \t]*(?:is\b[ \t]*)?(?:[:=#]{1,2}[ \t]*)?(?:\\*["'])?)(?<![A-Za-z])(?:(?=(?:[ -]?\d){6})\d{2,4}(?:[ -]\d{2,4}){0,6}[ -]\d{2,16}|\d(?:-?\d){5,16})(?![\w-])/gi,
    // A pattern without groups: String.prototype.replace gives the match, its offset, then the whole text.
    replace: (run, ...rest) => (yearsInOrder(run) && inProse({ offset: Number(rest[0]), text: String(rest[1]) }) ? run : PLACEHOLDER.account),
  },
  // A passport number after its name (`passport number: X1234567`, `passport no. 123456789`, `"passport":"C01X00T47"`): 6 to 9
  // letters and digits, a digit among them; a national id number after its name (`national id: 12345678Z`, `national identity
  // number 1234567890123`): 6 to 18. As an SSN's after its name: not a word (`passport: expired`), nor a date (`passport: 2026-01-31`),
  // nor joined to the name by a dash or an underscore or glued to it (`passport_123456789`, a slug; `passport1234567`, an id).
  {
    hint: /passport/i,
    pattern:
      /(?<=(?<![A-Za-z])passport(?:[ _-]?(?:number|num|no|nr|#))?\.?(?:\\*["'])?[ \t]*(?:is\b[ \t]*)?(?:[:=#]{1,2}[ \t]*)?(?:\\*["'])?)(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{6,9}(?![\w-])/gi,
    replace: () => PLACEHOLDER.passport,
  },
  {
    hint: /national[ _-]?id/i,
    pattern:
      /(?<=(?<![A-Za-z])national[ _-]?id(?:entity)?(?:[ _-]?(?:card|number|num|no|nr|#))?\.?(?:\\*["'])?[ \t]*(?:is\b[ \t]*)?(?:[:=#]{1,2}[ \t]*)?(?:\\*["'])?)(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{6,18}(?![\w-])/gi,
    replace: () => PLACEHOLDER.national_id,
  },
  // UK National Insurance number: two prefix letters HMRC allocates, six digits, suffix A–D; spaced or not; after a name by an underscore too (nino_AB123456C).
  {
    hint: /[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/i,
    pattern: /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/gi,
    replace: () => PLACEHOLDER.nino,
  },
  // Phone numbers of any country, by libphonenumber (phone.ts).
  { hint: PHONE_HINT, find: phoneSpans, placeholder: PLACEHOLDER.phone },
  // Left by the matcher (an unallocated or fictional range): + and 8–15 digits, and North American shapes.
  {
    hint: /\+[1-9]/,
    pattern: /(?<![A-Za-z0-9+])\+[1-9](?:[ .\u00a0\u2007\u2009\u202f-]?\(?\d\)?){7,14}(?![A-Za-z0-9-])/g,
    replace: (match) => (digitCount(match) <= 15 ? PLACEHOLDER.phone : match),
  },
  // Not the last groups of a figure's run of three-digit groups (0.411 111 111 111 1111: `FIGURE_GROUPS_BEFORE`), nor a decimal figure's decimals (`inDecimals`).
  {
    hint: /\d{3}[-. \u00a0\u2007\u2009\u202f]\d{4}/,
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9+(.-])${FIGURE_GROUPS_BEFORE}(?:\(\d{3}\)[ \u00a0\u2007\u2009\u202f]?|\d{3}[-. \u00a0\u2007\u2009\u202f])\d{3}[-. \u00a0\u2007\u2009\u202f]\d{4}(?![A-Za-z0-9-]|\.\d)`,
      'g',
    ),
    replace: outsideDecimals(PLACEHOLDER.phone),
  },
];
