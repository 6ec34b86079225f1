/**
 * Where in JSON text the value at a path is, found by scanning the text: a reader that renames
 * keys before validating (OTLP's snake_case field names read as lowerCamelCase) locates a schema
 * issue in the text as written. The text is JSON that already parsed, nested no deeper than the
 * reader allows.
 */

/** How the reader names a key of the text (its own renaming), to compare with the path's. */
export type KeyName = (raw: string) => string;

/**
 * The offset of the value at `path` in `text`; when the text lacks part of the path (a missing
 * field), the offset of the deepest value it holds on the way. A key repeated in an object is the
 * last one, as JSON.parse reads it.
 */
export function jsonPathOffset(text: string, { path, keyName = (raw) => raw }: { path: readonly PropertyKey[]; keyName?: KeyName }): number {
  let at = skipSpace(text, 0);
  for (const step of path) {
    const next = childAt(text, { at, step, keyName });
    if (next === undefined) break;
    at = next;
  }
  return at;
}

// The offset of the value `step` names inside the array or object that starts at `at`, or undefined.
function childAt(text: string, { at, step, keyName }: { at: number; step: PropertyKey; keyName: KeyName }): number | undefined {
  const open = text[at];
  if (open !== '[' && open !== '{') return undefined;
  let i = skipSpace(text, at + 1);
  let index = 0;
  let found: number | undefined;
  while (i < text.length && text[i] !== ']' && text[i] !== '}') {
    let matches = open === '[' && step === index;
    if (open === '{') {
      const keyEnd = stringEnd(text, i);
      matches = keyName(JSON.parse(text.slice(i, keyEnd)) as string) === step;
      i = skipSpace(text, skipSpace(text, keyEnd) + 1);
    }
    if (matches) found = i;
    i = skipSpace(text, valueEnd(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
    index++;
  }
  return found;
}

/** The offset just past the JSON value that starts at `at` (a string's closing quote, a collection's closing bracket, a literal's last character). */
export function valueEnd(text: string, at: number): number {
  if (text[at] === '"') return stringEnd(text, at);
  if (text[at] !== '[' && text[at] !== '{') {
    let i = at;
    while (i < text.length && !',]}'.includes(text[i]!) && !isSpace(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const char = text[i];
    if (char === '"') i = stringEnd(text, i) - 1;
    else if (char === '[' || char === '{') depth++;
    else if ((char === ']' || char === '}') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The offset just past the closing quote of the string opening at `at`. */
export function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** The offset of the first character at or after `at` that is not JSON whitespace. */
export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
