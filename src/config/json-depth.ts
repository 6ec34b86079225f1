/**
 * How deep JSON text nests, found without parsing it: V8's JSON.parse copes with any depth, but
 * JSON.stringify and every recursive walk after it run out of stack on a value nested deep enough.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, DOUBLE as QUOTE, OPEN_BRACE, OPEN_BRACKET } from './char-codes.js';

/** The offset of the first `[` or `{` that opens level `max + 1` (strings skipped), or undefined. */
export function jsonNestedPast(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      if (++depth > max) return i;
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) depth--;
  }
  return undefined;
}

/**
 * Whether a value (already parsed, or handed over in process: a module agent's) nests arrays and
 * objects more than `max` levels deep, itself the first level; found without recursion, and
 * without looking past level `max + 1`.
 */
export function valueNestedPast(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: item, depth } = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
