/**
 * The patterns of what hides PII from redaction's rules (redact-view.ts reads a text through them):
 * terminal escape sequences, raw or escaped, JSON's escaped spaces, invisible and control
 * characters, compatibility forms; and which characters a number or a word is made of.
 */
/**
 * A terminal escape sequence: a CSI (`\x1b[1m`, `\x9b31m`), an OSC up to its terminator
 * (`\x1b]0;title\x07`, `\x1b]8;;url\x1b\`), another ESC sequence (`\x1b(B`, `\x1bc`), raw or as a
 * message quotes it, escaped (`\u001b[1m`, `\x1b[1m`: JSON.stringify's and neutralize's).
 */
const ESC = String.raw`(?:\x1b|\\(?:u001[bB]|x1[bB]))`;
const CSI = String.raw`(?:${ESC}\[|\x9b|\\(?:u009[bB]|x9[bB]))`;
const OSC = String.raw`(?:${ESC}\]|\x9d|\\(?:u009[dD]|x9[dD]))`;
const OSC_END = String.raw`(?:\x07|\x9c|${ESC}\\{1,2}|\\(?:u0007|x07|u009[cC]|x9[cC]))`;
export const ESCAPE_SEQUENCE_AT = new RegExp(String.raw`${OSC}[^\x07\x1b\x9c]{0,512}?${OSC_END}|${CSI}[0-?]*[ -/]*[@-~]|${ESC}[ -/]*[0-Z\\^-~]`, 'y');
/**
 * A newline, return or tab as JSON text quoted in a string writes it (`\n`, `\t`, `\u000a`; escaped
 * again, `\\n`, up to 16 backslashes, four levels: a bound, so that a long run of backslashes is
 * read in linear time): its letter would glue what follows into a word (`\nAB123456C`, `\n+44 …`)
 * and what precedes to one (`0958\nend`). Read as a separator always, as the character it stands for is.
 */
const JSON_SPACE = String.raw`\\{1,16}(?:[nrt]|u000[9aAdD])`;
export const JSON_SPACE_AT = new RegExp(JSON_SPACE, 'y');
/**
 * Invisible characters: the control characters a terminal shows nothing for (NUL, a bell, DEL, C1 controls; not a
 * line break, a tab, a form feed, NEL nor ESC, CSI and OSC, which start escape sequences), soft hyphen, Arabic letter mark, zero-width space, non-joiner and joiner,
 * LRM and RLM, the bidi embeddings and overrides (LRE … RLO) and isolates (LRI … PDI), word joiner,
 * invisible operators, BOM. A bidi control inside an address reorders how it shows, not what it is.
 */
const INVISIBLE_FORMATS = String.raw`\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff`;
const INVISIBLE = String.raw`\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9a\x9c\x9e\x9f${INVISIBLE_FORMATS}`;
/**
 * One of those controls as JSON text or a message quotes it, escaped (`\u0007`, `\x00`, `\u009f`): read as the invisible
 * character it stands for (`see\u00074111 1111 1111 1111`, an agent's JSON text quoted in a line, holds a card number).
 * Not a line break nor a tab (JSON_SPACE), nor ESC, CSI or OSC (ESC above).
 */
const ESCAPED_CONTROL = String.raw`\\(?:u00|x)(?:0[0-8eEfF]|1[0-9aAcC-fF]|7[fF]|8[0-46-9a-fA-F]|9[0-9aAcCeEfF])`;
export const ESCAPED_CONTROL_AT = new RegExp(ESCAPED_CONTROL, 'y');
/** Compatibility forms NFKC reads as ASCII: small forms (`﹫`), fullwidth forms (`＠`, `４`), mathematical letters and digits (`𝟒`). */
const COMPATIBLE = String.raw`[\ufe50-\ufe6b\uff01-\uff5e]|\ud835[\udc00-\udfff]`;
/** What the view removes or rewrites, so that a rule may match there and not in the text as written; JSON_SPACE only parts what they read. */
const REVEALING_SOURCE = String.raw`[${INVISIBLE}\x1b\x9b\x9d]|${COMPATIBLE}|\\(?:u00|x)[19][bBdD]|${ESCAPED_CONTROL}`;
export const REVEALING = new RegExp(REVEALING_SOURCE);
const HIDING_SOURCE = `${REVEALING_SOURCE}|${JSON_SPACE}`;
/** Whether a text may hold what hides PII from the rules: the one test a text without it pays (one class, scanned fast; HIDING tells). */
// Of the invisible controls, NUL, a bell and DEL, the ones agents print: as single characters, which cost the test nothing,
// where a range of controls made every text's test a quarter slower. A text with only another one is read as written.
export const HIDING_HINT = new RegExp(String.raw`[\x00\x07\x7f${INVISIBLE_FORMATS}\x1b\x9b\x9d\ufe50-\ufe6b\uff01-\uff5e\ud835\\]`);
export const HIDING = new RegExp(HIDING_SOURCE);
export const HIDING_EACH = new RegExp(HIDING_SOURCE, 'g');
export const IS_INVISIBLE = new RegExp(`^[${INVISIBLE}]$`);
/**
 * What a number is written with, and what a word, an email or a name is: an escape sequence
 * between two characters of one of them is inside it and read as nothing (`4111\x1b[0m1111`,
 * `jo\x1b[0mhn@…`); between others (`FAIL\x1b[0m123-45-6789`, at a word's edge) as a separator.
 */
const IN_NUMBER = /[\p{N}\s+().\/-]/u;
const IN_WORD = /[\p{L}\p{M}]/u;
// Returns whether the character `char` is one a number is written with (ASCII answered without the regex).
export function inNumber(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x28 && code <= 0x2f && code !== 0x2a && code !== 0x2c);
  return IN_NUMBER.test(char);
}
// Returns whether the character `char` is one a word or an address is written with (letters and . _ % + @ -; not digits).
/** A letter or a digit: what a word the rules read is made of, on both sides of a join. */
export const ALPHANUMERIC = /[\p{L}\p{N}]/u;

export function inWord(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x40 || code === 0x2d;
  return IN_WORD.test(char);
}
/** Whether a character found by HIDING starts an escape sequence (ESC, CSI, OSC, or a backslash of one written escaped). */
export const startsEscape = (code: number) => code === 0x1b || code === 0x9b || code === 0x9d || code === 0x5c;
/** What stands for an escape sequence that is not inside a number: no word, space or separator any rule reads. */
export const SEPARATOR = '\0';
