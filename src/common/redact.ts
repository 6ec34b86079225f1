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
 * rule and `user:pass@host` is not read as an email. The rules are secret-rules.ts's and
 * pii-rules.ts's; this file runs them.
 */
import type { Span } from './phone.js';
import { UNSAFE_IN_LINE } from './sanitize.js';
import { tracedRedaction } from './redact-trace.js';
import { type EvasionView, evasionView, joinedReadings, markedSpaces, mayReveal, writtenSpan } from './redact-view.js';
import { SECRET_RULES, type Rule } from './secret-rules.js';
import { PII_RULES } from './pii-rules.js';

/**
 * What decoding an escaped run made that is written escaped again when the run is written decoded:
 * a control or bidi character (it was not text), and a quote or a backslash, which the run held
 * only escaped (neither is in its characters) and which, written bare, would end or break the
 * string it was escaped inside (`{"x":"say\u0022hi\u0022 bob\u0040…"}`: JSON text an agent printed).
 */
const KEPT_ESCAPED = new RegExp(String.raw`${UNSAFE_IN_LINE.source}|["\\]`, 'g');

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
      // What decoding made a control character (%1B, %0A), a quote or a backslash stays encoded (KEPT_ESCAPED).
      return redacted === decoded ? match : redacted.replace(KEPT_ESCAPED, encodeURIComponent);
    },
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

/**
 * Characters escaped as source code and JSON write them (`leak\u0040example.com`, `\x40`,
 * `\u{40}`: an agent's output that quotes JSON it built, a stack's message) or as HTML does
 * (`&#64;`, `&#x40;`), the backslash escaped again too (`\\u0040`: JSON text of such text, as a
 * span's attribute holds a call's arguments; up to 8 backslashes, three levels: a bound, so that
 * a long run of backslashes is read in linear time). A run of URL characters holding one is
 * decoded and redacted as a percent-encoded run is: written decoded with its placeholders when
 * that replaces something, what decoding made a control or bidi character, a quote or a
 * backslash escaped again as it was written (KEPT_ESCAPED); otherwise left as it was.
 */
const ESCAPED_CHAR = String.raw`\\{1,8}u[0-9A-Fa-f]{4}|\\{1,8}x[0-9A-Fa-f]{2}|\\{1,8}u\{[0-9A-Fa-f]{1,6}\}|&#[0-9]{1,7};|&#[xX][0-9A-Fa-f]{1,6};`;
const ESCAPED_EACH = new RegExp(ESCAPED_CHAR, 'g');
function escapedCharsRule(set: () => RuleSet): Rule {
  return {
    hint: new RegExp(ESCAPED_CHAR),
    // The escapes first: `&` alone is a URL character, `&#64;` one escaped character.
    pattern: new RegExp(String.raw`(?:${ESCAPED_CHAR}|[\p{L}\p{N}._~+!*'()%=&:@$,;-])+`, 'gu'),
    replace: (match) => {
      const written = new Map<string, string>();
      const decoded = unescapedChars(match, written);
      if (decoded === match) return match;
      const redacted = applyRules(decoded, set());
      return redacted === decoded ? match : redacted.replace(KEPT_ESCAPED, (char) => written.get(char) ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    },
  };
}

/**
 * Returns `text` with each escaped character (ESCAPED_CHAR) written as the character it stands for;
 * one past Unicode's last stays. `written` gets, for each character, the escape it was first written as.
 */
function unescapedChars(text: string, written: Map<string, string>): string {
  return text.replace(ESCAPED_EACH, (escape) => {
    const code = escape.startsWith('&#') ? (/^&#[xX]/.test(escape) ? parseInt(escape.slice(3, -1), 16) : parseInt(escape.slice(2, -1), 10))
      : hexOfBackslashed(escape);
    if (code > 0x10ffff) return escape;
    const char = String.fromCodePoint(code);
    if (!written.has(char)) written.set(char, escape);
    return char;
  });
}

// Returns the code point a backslash escape of ESCAPED_CHAR writes (`\u0040`, `\x40`, `\u{40}`, its backslash escaped or not).
function hexOfBackslashed(escape: string): number {
  const body = escape.slice(escape.lastIndexOf('\\') + 2);
  return parseInt(body.startsWith('{') ? body.slice(1, -1) : body, 16);
}

const RULES: readonly Rule[] = [
  ...SECRET_RULES,
  ...PII_RULES,
  percentEncodedRule(() => ALL),
  escapedCharsRule(() => ALL),
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
const SECRET_RULES_ENCODED: readonly Rule[] = [...SECRET_RULES, percentEncodedRule(() => SECRETS), escapedCharsRule(() => SECRETS)];
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
  const out = set.seen.get(text);
  return out !== undefined ? out : recentlyRedacted(text, set);
}

/**
 * A short string the memory does not hold: from the last RECENT_STRINGS redacted, in a ring, or
 * redacted now, and remembered while there is room. A case's id is in its result and then in its
 * trace, redacted one after the other (run/queue.ts), with few other unremembered strings between
 * (its input, its output): scanned once, not twice, for ~8 string comparisons on a miss; the ring's
 * arrays are made once and only their slots change. One path whether the memory is full or not:
 * with a path of its own for a full memory, the code V8 had optimised before it filled (redaction
 * inlined into the walk of results and traces) was thrown away and compiled again once it did.
 */
function recentlyRedacted(text: string, set: RuleSet): string {
  const recent = set.recent;
  const at = recent.texts.indexOf(text);
  if (at !== -1) return recent.outs[at]!;
  const out = applyRules(text, set);
  if (set.seen.size < REMEMBERED_STRINGS) set.seen.set(text, out);
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
  // The text split where the view joined (EvasionView.split), whose escapes and invisible characters end a word the view joins to the next (a key, then a
  // link's escapes and its text: `AKIA…\x1b]8;;…\x07link`; a word, an escape or an invisible character, then a key: `see\x1b[1mAKIA…`, `key\u200bAKIA…`).
  const fromSplit = view.split === undefined ? [] : withJoinedFinds(view, { set, split: splitFinds(view.split, set) });
  if (!hinted(view.text, set)) return replaceFinds(text, fromSplit);
  const viewed = tracedRedaction(view.text, set.rules);
  const fromView = viewed.pieces.map((piece) => ({ span: writtenSpan(view, { start: piece.from, end: piece.to }), by: viewed.text.slice(piece.at, piece.end) }));
  // What the split finds apart from the view's finds.
  const fromText = apart(fromSplit, fromView);
  return replaceFinds(text, fromText.length === 0 ? fromView : [...fromView, ...fromText].sort((a, b) => a.span.start - b.span.start));
}

/** A replacement to make in a text: its span there and what it is replaced by. */
type Find = { span: Span; by: string };

// Returns what `set`'s rules replace in `split` (a view's split reading), where the text as written holds it: the same positions.
function splitFinds(split: string, set: RuleSet): Find[] {
  if (!hinted(split, set)) return [];
  const traced = tracedRedaction(split, set.rules);
  // What a replacement keeps of what it read (a label) keeps no separator the split wrote.
  return traced.pieces.map((piece) => ({ span: { start: piece.from, end: piece.to }, by: traced.text.slice(piece.at, piece.end).replaceAll('\0', '') }));
}

// Returns what `set`'s rules replace in the view read from each place it glued a word to the one before (`joinedReadings`), where the
// text as written holds it, and the `split` finds (in order, apart) apart from those: a key's whole, not the head the split parts.
function withJoinedFinds(view: EvasionView, { set, split }: { set: RuleSet; split: Find[] }): Find[] {
  let all: Find[] = [];
  for (const { at, text } of joinedReadings(view)) {
    if (!hinted(text, set)) continue;
    const traced = tracedRedaction(text, set.rules);
    const found = traced.pieces.map((piece) => ({ span: writtenSpan(view, { start: at + piece.from, end: at + piece.to }), by: traced.text.slice(piece.at, piece.end) }));
    const more = apart(found, all);
    if (more.length > 0) all = [...all, ...more].sort((a, b) => a.span.start - b.span.start);
  }
  return all.length === 0 ? split : [...all, ...apart(split, all)].sort((a, b) => a.span.start - b.span.start);
}

// Returns `text` with `finds` (in order, apart) made.
function replaceFinds(text: string, finds: readonly Find[]): string {
  return replaceSpans(text, { spans: finds.map((found) => found.span), by: (index) => finds[index]!.by });
}

// Returns the replacements of `found` that overlap none of `kept` (both in order and apart: one walk over each).
export function apart<T extends { span: Span }>(found: readonly T[], kept: readonly T[]): T[] {
  const out: T[] = [];
  let k = 0;
  for (const one of found) {
    while (k < kept.length && kept[k]!.span.end <= one.span.start) k++;
    if (k < kept.length && kept[k]!.span.start < one.span.end) continue;
    out.push(one);
  }
  return out;
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
