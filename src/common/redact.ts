/**
 * PII and secret redaction (SPEC §9) for everything agentready writes or prints.
 *
 * Phone numbers are found by libphonenumber-js (phone.ts): numbering plans of every country are
 * data, not patterns to keep by hand. The rest is hand-written rather than a dependency: the npm
 * PII packages are heavy (WASM engines, hundreds of patterns, OCR, peer dependencies on web
 * frameworks), unmaintained forks, or lack what a release gate needs most — checksum validation
 * (Luhn for cards, mod-97 for IBANs) so that order ids, amounts, dates and trace ids survive;
 * the maintained secret scanner (secretlint) needs Node 22, is asynchronous and works on files,
 * not on one value at a time. Each rule is one regex plus, where the format has one, a checksum;
 * test/unit/common/pii-corpus.ts measures them on PII of 16 kinds and on look-alikes. Rules run
 * in order: the most specific shapes first, so a card number is never half-eaten by the phone
 * rule and `user:pass@host` is not read as an email.
 */
import { FIGURE_GROUPS_BEFORE, PHONE_HINT, phoneSpans, type Span } from './phone.js';
import { UNSAFE_IN_LINE } from './sanitize.js';
import { cardSpans, digitCount, ibanLength, inDecimals } from './number-checks.js';
import { tracedRedaction } from './redact-trace.js';
import { evasionView, markedSpaces, mayReveal, writtenSpan } from './redact-view.js';
import { PLACEHOLDER } from './placeholders.js';
import { SECRET_RULES, type Rule } from './secret-rules.js';

export { PLACEHOLDER, hasPlaceholder, placeholdersIn } from './placeholders.js';
export type { Rule } from './secret-rules.js';

/**
 * Percent-encoded text (a query string, a form body, a URL an agent logged): `leak%40example.com`,
 * `api_key%3Dsk-…` hide what the rules look for behind `%40` and `%3D`. A run of URL characters
 * holding an escape is decoded and redacted with the same rules (`set`, read when it runs: the sets
 * are built from these lists); when that replaces something, the run is written decoded with its
 * placeholders, otherwise left as it was. A run whose escapes are not UTF-8 has its ASCII ones decoded.
 */
function percentEncodedRule(set: () => RuleSet): Rule {
  return {
    hint: /%[0-9A-Fa-f]{2}/,
    // Every run of URL characters, each read once (a pattern that sought the escape inside a run would read a long run again from each of its characters).
    pattern: /[\p{L}\p{N}._~+!*'()%=&:@$,;-]+/gu,
    replace: (match) => {
      if (!/%[0-9A-Fa-f]{2}/.test(match)) return match;
      const decoded = percentDecoded(match);
      // Nothing decoded (only escapes that are not UTF-8 nor ASCII): nothing more to read, and no end to reading it again.
      if (decoded === match) return match;
      const redacted = applyRules(decoded, set());
      // What decoding made a control character (%1B, %0A) stays encoded: it was not text.
      return redacted === decoded ? match : redacted.replace(UNSAFE_IN_LINE, encodeURIComponent);
    },
  };
}

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

// Returns `text` with its percent escapes decoded: all as UTF-8 when they are, else the ASCII ones.
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-7][0-9A-Fa-f])/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

const RULES: readonly Rule[] = [
  ...SECRET_RULES,
  // Emails, the local part plain (any script: müller@…) or quoted ("john smith"@example.com, also JSON-escaped, once or
  // more: a message quoting an agent's JSON answer escapes its \" again); a run of backslashes read from its first only.
  // The domain a name, or an address literal: ops@[127.0.0.1], ops@[IPv6:2001:db8::1] (the tag in any case).
  {
    hint: /@/,
    pattern:
      /(?:(?<!\\)\\*"[^"\\\r\n@]{1,64}\\*"|(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+)@(?:[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])|\[(?:\d{1,3}(?:\.\d{1,3}){3}|[Ii][Pp][Vv]6:[\dA-Fa-f:.]+)\])/gu,
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
  {
    hint: /(?:account|acct|kontonummer)\D{0,24}\d(?:[ -]?\d){5}/i,
    pattern:
      /(?<=(?<![A-Za-z])(?:(?:bank[ _-]?)?account[ _-]?(?:number|num|no|nr|#)|bank[ _-]?account|acct(?:[ _-]?(?:number|num|no|nr|#))?|kontonummer)\.?(?:\\*["'])?[ \t]*(?:is\b[ \t]*)?(?:[:=#]{1,2}[ \t]*)?(?:\\*["'])?)(?<![A-Za-z])(?:(?=(?:[ -]?\d){6})\d{2,4}(?:[ -]\d{2,4}){0,6}[ -]\d{2,16}|\d(?:-?\d){5,16})(?![\w-])/gi,
    replace: () => PLACEHOLDER.account,
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
  percentEncodedRule(() => ALL),
];

/**
 * Match wherever any rule might: one pass that clears most strings (ids, statuses, prose)
 * without testing every rule. Joins of the hints, not of the rules: V8 scans a join of literals
 * fast and a join of the rules (lookbehinds, \b, classes first) slowly; two joins, so that the
 * case-sensitive hints (SK…, AKIA…) stay case-sensitive; a hint two rules share, once.
 */
const joinHints = (rules: readonly Rule[], flags: string) => new RegExp([...new Set(rules.map((rule) => `(?:${rule.hint.source})`))].join('|') || '(?!)', flags);
/** The ring of the last strings redacted past the memory's bound (`recentlyRedacted`). */
const RECENT_STRINGS = 8;
type Recent = { texts: string[]; outs: string[]; next: number };
/** A rule set with its two joined hints, and the short strings it redacted (`remembered`): the first ones, and the last few past those. */
type RuleSet = { rules: readonly Rule[]; cased: RegExp; caseless: RegExp; seen: Map<string, string>; recent: Recent };
function ruleSet(rules: readonly Rule[]): RuleSet {
  // A hint with another flag (g, s, m, u, y) would be in neither join, or keep state between tests.
  for (const rule of rules) if (!['', 'i'].includes(rule.hint.flags)) throw new Error(`redact: hint /${rule.hint.source}/ has flags the joins cannot keep`);
  return {
    rules,
    cased: joinHints(rules.filter((rule) => rule.hint.flags === ''), ''),
    caseless: joinHints(rules.filter((rule) => rule.hint.flags === 'i'), 'i'),
    seen: new Map(),
    recent: { texts: Array<string>(RECENT_STRINGS).fill(''), outs: Array<string>(RECENT_STRINGS).fill(''), next: 0 },
  };
}
const ALL = ruleSet(RULES);
const SECRET_RULES_ENCODED: readonly Rule[] = [...SECRET_RULES, percentEncodedRule(() => SECRETS)];
/** The rules `redact` applies, in order, and those `redactSecrets` applies: `redact-spans.ts` follows them to see where they would replace. */
export const REDACT_RULES = RULES;
export const SECRET_REDACT_RULES = SECRET_RULES_ENCODED;
const SECRETS = ruleSet(SECRET_RULES_ENCODED);

/** `text` with every recognised secret and PII replaced by a placeholder such as `[email]`. */
export function redact(text: string): string {
  return remembered(text, ALL);
}

/** `text` with secrets and credentials replaced, PII kept: for files that must replay what the agent saw. */
export function redactSecrets(text: string): string {
  return remembered(text, SECRETS);
}

/**
 * Short strings recur in every result and trace of a run (suite and model names, statuses, check
 * names): each is scanned once and its redaction remembered. Redaction is a function of the text
 * alone, so this changes nothing but the time. The memory is bounded: once full, nothing more is
 * added to it (past it, only the last few: `recentlyRedacted`). The recurring strings come with the first results, while the ids that never recur
 * (trace and case ids, fingerprints) would fill it again and again: emptying it when full made a
 * long-lived Map grow, and its entries outlive the young generation, every few hundred cases,
 * about half a kilobyte of old-generation garbage per case.
 */
const REMEMBERED_CHARS = 64;
const REMEMBERED_STRINGS = 2000;
function remembered(text: string, set: RuleSet): string {
  if (text.length > REMEMBERED_CHARS) return applyRules(text, set);
  let out = set.seen.get(text);
  if (out !== undefined) return out;
  if (set.seen.size < REMEMBERED_STRINGS) {
    out = applyRules(text, set);
    set.seen.set(text, out);
    return out;
  }
  return recentlyRedacted(text, set);
}

/**
 * Once the memory is full, the last RECENT_STRINGS strings past it, in a ring: a case's id is in
 * its result and then in its trace, redacted one after the other (run/queue.ts), with few other
 * unremembered strings between (its input, its output). Scanned once, not twice, for ~8 string
 * comparisons on a miss; the ring's arrays are made once and only their slots change.
 */
function recentlyRedacted(text: string, set: RuleSet): string {
  const recent = set.recent;
  const at = recent.texts.indexOf(text);
  if (at !== -1) return recent.outs[at]!;
  const out = applyRules(text, set);
  recent.texts[recent.next] = text;
  recent.outs[recent.next] = out;
  recent.next = (recent.next + 1) % RECENT_STRINGS;
  return out;
}

// Returns `text` with each rule of `set` applied in order, where its hint says it may match; read through its evasion view (redact-view.ts) when something in it hides from the rules.
function applyRules(text: string, set: RuleSet): string {
  // The common case first: no hint in the text, nor anything its view could make one of (escaped newlines in JSON text only part words).
  if (!mayReveal(text)) {
    if (!hinted(text, set)) return text;
    // JSON text with escaped newlines and tabs: their letters marked, not a view to build and follow.
    if (!text.includes('\\')) return applyRulesTo(text, set);
    const marked = markedSpaces(text);
    if (marked !== undefined) return marked.restore(applyRulesTo(marked.text, set));
  }
  const view = evasionView(text);
  if (view === undefined) return applyRulesTo(text, set);
  if (!hinted(view.text, set)) return text;
  const { text: redacted, pieces } = tracedRedaction(view.text, set.rules);
  const spans = pieces.map((piece) => writtenSpan(view, { start: piece.from, end: piece.to }));
  return replaceSpans(text, { spans, by: (index) => redacted.slice(pieces[index]!.at, pieces[index]!.end) });
}

/**
 * False only when `redact(text)` is `text`: nothing in it that may hide PII (`mayReveal`), and no rule's hint. Many names joined by
 * newlines are tested at once (redacted-names.ts): every hint's lookarounds and `^` hold at a newline as at a text's ends
 * (test/unit/common/redacted-names-batch.test.ts lists the hints that have any), so a name that may change makes its join say so.
 */
export function mayRedact(text: string): boolean {
  return mayReveal(text) || hinted(text, ALL);
}

// Returns whether a hint of `set` matches in `text`: whether any of its rules may.
function hinted(text: string, set: RuleSet): boolean {
  return set.cased.test(text) || set.caseless.test(text);
}

// Returns `text` with each rule of `set` applied in order, where its hint says it may match.
function applyRulesTo(text: string, set: RuleSet): string {
  let out = text;
  for (const rule of set.rules) {
    if (!rule.hint.test(out)) continue;
    out = 'find' in rule ? replaceSpans(out, { spans: rule.find(out), by: () => rule.placeholder }) : out.replace(rule.pattern, rule.replace as (m: string, ...a: unknown[]) => string);
  }
  return out;
}

// Returns `text` with each of `spans` (in order, apart) replaced by what `by` gives for its index.
function replaceSpans(text: string, { spans, by }: { spans: readonly Span[]; by: (index: number) => string }): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (let index = 0; index < spans.length; index++) {
    out += text.slice(at, spans[index]!.start) + by(index);
    at = spans[index]!.end;
  }
  return out + text.slice(at);
}
