/**
 * The values inside a JSON object or array written in text (`{"value": "hunter2", "name": "DB"}`): where each string's
 * characters and each number are, not its keys, for a rule that takes them all out (secret-rules.ts: an object or list after
 * a secret's name). Pure.
 */
import type { Span } from './phone.js';
import { namesSecretMetadata } from './key-names.js';

/**
 * The spans of the values in the JSON object or array that opens at `open` in `text` (each string's characters between its
 * quotes, each number), in order, with where the object ends (the text's end when it does not close); not a key, nor the
 * value of a key of metadata about a secret (`name`, `version`: key-names.ts `namesSecretMetadata`), nor `true`, `false`, `null`.
 */
export function jsonValueSpans(text: string, open: number): { spans: Span[]; end: number } {
  const spans: Span[] = [];
  let depth = 0;
  let key: string | undefined;
  for (let i = open; i < text.length; ) {
    const c = text[i]!;
    if (c === '{' || c === '[') {
      depth++;
      // An array's items are its key's values; an object's are its own keys'.
      if (c === '{') key = undefined;
      i++;
    } else if (c === '}' || c === ']') {
      i++;
      if (--depth === 0) return { spans, end: i };
    } else if (c === '"') {
      const close = stringEnd(text, i);
      if (/^[ \t\r\n]*:/.test(text.slice(close + 1, close + 9))) key = text.slice(i + 1, close);
      else if (close > i + 1 && !(key !== undefined && namesSecretMetadata(key))) spans.push({ start: i + 1, end: close });
      i = close + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[\d.eE+-]/.test(text[j]!)) j++;
      if (!(key !== undefined && namesSecretMetadata(key))) spans.push({ start: i, end: j });
      i = j;
    } else i++;
  }
  return { spans, end: text.length };
}

// Returns where the string that opens at `quote` closes (its closing quote's index; the text's end when it does not).
function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
