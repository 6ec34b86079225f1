/**
 * Where two texts first differ, and a quote of each from a little before that place. A failure
 * that quotes two long texts from their starts (a prompt and its edit, an output and the one a
 * case expects) shows two equal prefixes when the difference lies past the quote's length; and
 * two texts that differ inside an address print alike once redacted. Naming the character and
 * quoting from just before it shows the difference in both cases.
 */
import { redactedSpans } from './redact-spans.js';
import { shorten } from './shorten.js';

/** Characters a quote keeps before the first difference. */
export const BEFORE_DIFFERENCE_CHARS = 20;
/** The most characters of JSON a quote from before the first difference keeps. */
export const WINDOW_CHARS = 60;

/** The index of the first character where `a` and `b` differ (the shorter one's length when it is the other's start); undefined when equal. */
export function firstDifferingIndex(a: string, b: string): number | undefined {
  if (a === b) return undefined;
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return index;
}

/**
 * Where a quote that shows character `index` of each text starts: BEFORE_DIFFERENCE_CHARS back,
 * moved back to the start of text redaction replaces (an address, a secret) that it would cut,
 * whose tail printed alone would escape redaction, and off the second half of a surrogate pair.
 */
export function quoteStart({ texts, index }: { texts: readonly string[]; index: number }): number {
  let start = Math.max(0, index - BEFORE_DIFFERENCE_CHARS);
  for (const text of texts) {
    for (const span of redactedSpans(text)) {
      if (span.start < start && span.end > start) start = span.start;
    }
  }
  const low = texts.some((text) => {
    const code = text.charCodeAt(start);
    return code >= 0xdc00 && code <= 0xdfff;
  });
  return low ? start - 1 : start;
}

/** `text` from `start` as JSON of at most `max` characters, `…` marking what precedes and follows: `"…ys: hello again"`. */
export function quoteFrom({ text, start, max }: { text: string; start: number; max: number }): string {
  const json = shorten(JSON.stringify(text.slice(start)), max);
  return start > 0 ? `"…${json.slice(1)}` : json;
}

/**
 * Where two texts differ when a quote of their first `shown` characters (as JSON) would not reach
 * it: `from character 107: expected "…X", found "…Y"`, each quoted from a little before; undefined
 * when the quote shows the difference, or the texts are equal. `shown: 0` places any difference.
 */
export function farDifference({ expected, found, shown }: { expected: string; found: string; shown: number }): string | undefined {
  const index = firstDifferingIndex(expected, found);
  if (index === undefined || JSON.stringify(expected.slice(0, index)).length < shown - BEFORE_DIFFERENCE_CHARS) return undefined;
  const start = quoteStart({ texts: [expected, found], index });
  const from = (text: string) => quoteFrom({ text, start, max: WINDOW_CHARS });
  return `from character ${index + 1}: expected ${from(expected)}, found ${from(found)}`;
}
