/** Obfuscations for prompt-injection payloads (`encode.with`): each a pure text → text function. */
import type { InjectionEncoding } from '../schema/adversarial.js';

const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

/** Latin letters and the Cyrillic letters that look the same. */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: '\u0430', c: '\u0441', e: '\u0435', i: '\u0456', o: '\u043e', p: '\u0440', x: '\u0445', y: '\u0443',
  A: '\u0410', B: '\u0412', C: '\u0421', E: '\u0415', H: '\u041d', K: '\u041a', M: '\u041c', O: '\u041e', P: '\u0420', T: '\u0422', X: '\u0425',
};

const ENCODERS: Readonly<Record<InjectionEncoding, (text: string) => string>> = {
  base64: (text) => Buffer.from(text, 'utf8').toString('base64'),
  hex: (text) => Buffer.from(text, 'utf8').toString('hex'),
  rot13: (text) => text.replace(/[a-z]/gi, (c) => rotate(c, 13)),
  reverse: (text) => [...text].reverse().join(''),
  spaced: (text) => [...text].join(' '),
  zero_width: (text) => [...text].join('\u200b'),
  leet: (text) => text.replace(/[aeiost]/g, (c) => LEET[c] ?? c),
  url: (text) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  unicode_escape: (text) => text.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  html_entities: (text) => [...text].map((c) => `&#${c.codePointAt(0)};`).join(''),
  homoglyph: (text) => text.replace(/[A-Za-z]/g, (c) => HOMOGLYPHS[c] ?? c),
  split: (text) => (text.match(/[\s\S]{1,4}/g) ?? []).map((piece) => JSON.stringify(piece)).join(' + '),
};

export function encodeText(encoding: InjectionEncoding, text: string): string {
  return ENCODERS[encoding](text);
}

/** A letter moved `by` places along its alphabet, keeping its case. */
function rotate(letter: string, by: number): string {
  const base = letter <= 'Z' ? 65 : 97;
  return String.fromCharCode(((letter.charCodeAt(0) - base + by) % 26) + base);
}
