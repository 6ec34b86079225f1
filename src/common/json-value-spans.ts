/**
 * The values inside a JSON object or array written in text (`{"value": "hunter2", "name": "DB"}`), or a JavaScript one as Node
 * prints it (`{ value: 'hunter2' }`, console.log's form on an agent's stderr): where each string's characters and each other
 * value are, not its keys, for a rule that takes them all out (secret-rules.ts: an object or list after a secret's name). Pure.
 */
import type { Span } from './phone.js';
import { namesSecretMetadata } from './key-names.js';

/** A value that is no secret's text: JSON's and JavaScript's literals. */
const LITERALS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'undefined']);

/**
 * The spans of the values in the object or array that opens at `open` in `text` (each string's characters between its quotes,
 * double or single, each number or unquoted word), in order, with where the object ends (the text's end when it does not close);
 * not a key (quoted, or a word before a ':'), nor the value of a key of metadata about a secret (`name`, `version`: key-names.ts
 * `namesSecretMetadata`), nor `true`, `false`, `null`, `undefined`.
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
    } else if (c === '"' || c === "'") {
      const close = stringEnd(text, i);
      if (isKey(text, close + 1)) key = text.slice(i + 1, close);
      else if (close > i + 1 && !(key !== undefined && namesSecretMetadata(key))) spans.push({ start: i + 1, end: close });
      i = close + 1;
    } else if (/[\s,:]/.test(c)) i++;
    else {
      // A number, a literal or an unquoted word: a key before a ':', else a value.
      let j = i + 1;
      while (j < text.length && !/[\s,:{}[\]"']/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (isKey(text, j)) key = word;
      else if (!LITERALS.has(word) && !(key !== undefined && namesSecretMetadata(key))) spans.push({ start: i, end: j });
      i = j;
    }
  }
  return { spans, end: text.length };
}

// Returns whether what follows `at` in `text` is a ':' (spaces before it): what stands before `at` is a key.
function isKey(text: string, at: number): boolean {
  return /^[ \t\r\n]*:/.test(text.slice(at, at + 8));
}

// Returns where the string that opens at `quote` closes (its closing quote's index, the same quote; the text's end when it does not).
function stringEnd(text: string, quote: number): number {
  const mark = text[quote];
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === mark) return i;
  }
  return text.length;
}
