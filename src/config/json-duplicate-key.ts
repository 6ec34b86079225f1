/**
 * A key JSON text repeats in one object, found without parsing it: JSON.parse keeps the last of
 * each and says nothing, so a file merged by hand with both sides of a conflict kept (each side's
 * `"fingerprint"`, each side's figures) would read as one side's, silently.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, DOUBLE as QUOTE, OPEN_BRACE, OPEN_BRACKET } from './char-codes.js';

/** An object's keys so far (`keys`), and whether the next string is a key; an array holds none. */
type Frame = { keys: Keys; keyNext: boolean } | undefined;

/** A few keys in a list (a case record's eight: no Set to build per object), many in a Set. */
class Keys {
  private few: string[] = [];
  private many: Set<string> | undefined;

  /** Adds `key`; false when it was there already. */
  add(key: string): boolean {
    if (this.many) {
      const before = this.many.size;
      return this.many.add(key).size > before;
    }
    if (this.few.includes(key)) return false;
    this.few.push(key);
    if (this.few.length > 32) this.many = new Set(this.few);
    return true;
  }
}

/** The first key of `text` (valid JSON) that an earlier key of its object spells the same: its offset and itself as written, or undefined. */
export function jsonDuplicateKey(text: string): { at: number; key: string } | undefined {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    const frame = frames.at(-1);
    if (char === QUOTE) {
      const start = i;
      i = closingQuote(text, i);
      if (frame?.keyNext !== true) continue;
      const key = text.slice(start + 1, i);
      // JSON.parse reads "\u0061" as "a": a key with escapes is compared as the key it spells.
      if (!frame.keys.add(key.includes('\\') ? (JSON.parse(text.slice(start, i + 1)) as string) : key)) return { at: start, key };
      frame.keyNext = false;
    } else if (char === OPEN_BRACE) frames.push({ keys: new Keys(), keyNext: true });
    else if (char === OPEN_BRACKET) frames.push(undefined);
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) frames.pop();
    else if (char === COMMA && frame) frame.keyNext = true;
  }
  return undefined;
}

/** The offset of the quote that closes the string opening at `open` (one after an even run of backslashes). */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}
