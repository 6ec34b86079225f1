/**
 * Terminal escape sequences as redaction sees them: what follows one must start a word for the
 * rules (redact.ts, redact-spans.ts), so they run with a separator put after each.
 */
/**
 * A terminal escape sequence: a CSI (`\x1b[1m`, `\x9b31m`) or another ESC sequence (`\x1b(B`,
 * `\x1bc`), raw or as a message quotes it, escaped (`\u001b[1m`, `\x1b[1m`: JSON.stringify's and
 * neutralize's). Its last character is often a letter, which would glue what follows into a word
 * (`\x1b[1m4111 1111 1111 1111` reads as `m4111…`, no card number): colored output hid every
 * number and key from the rules that want a boundary before it.
 */
const ESC = String.raw`(?:\x1b|\\(?:u001[bB]|x1[bB]))`;
const CSI = String.raw`(?:${ESC}\[|\x9b|\\(?:u009[bB]|x9[bB]))`;
const ESCAPE_SEQUENCE = new RegExp(String.raw`${CSI}[0-?]*[ -/]*[@-~]|${ESC}[ -/]*[0-Z\\^-~]`, 'g');
/** Whether a text may hold an escape sequence: the cheap test before ESCAPE_SEQUENCE. */
const ESCAPE_HINT = /[\x1b\x9b]|\\(?:u00|x)[19]b/i;
/** What stands after each escape sequence while the rules run: no word, space or separator any rule reads. */
export const APART = '\0';

/**
 * `text` with `APART` after each escape sequence, so that what follows one starts a word for the
 * rules, and where each was put in that text (in order); undefined when it has no escape sequence
 * (or holds `APART` itself, which could not be told from one put there). `redact-spans.ts` runs
 * the rules on the same text.
 */
export function escapesApart(text: string): { text: string; at: number[] } | undefined {
  if (!ESCAPE_HINT.test(text) || text.includes(APART)) return undefined;
  const at: number[] = [];
  const apart = text.replace(ESCAPE_SEQUENCE, (sequence, offset: number) => {
    at.push(offset + sequence.length + at.length);
    return sequence + APART;
  });
  return at.length === 0 ? undefined : { text: apart, at };
}
