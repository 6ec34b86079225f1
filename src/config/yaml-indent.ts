/**
 * A key indented past the key above it (`- id: a` then `     input: hi`): yaml reports
 * "Nested mappings are not allowed in compact mappings" at the value above (`a`), which names
 * neither the line to fix nor the fix. This finds that line and says it.
 */
import type { YAMLError } from 'yaml';
import { endOfLine, type UnclosedOpening } from './yaml-unclosed.js';

/**
 * The key a BLOCK_AS_IMPLICIT_KEY error is about, when it is the first line after the error's
 * that is indented past the key owning the value there; undefined for other errors, and for a
 * second mapping on one line (`a: b: c`), which yaml's own words fit.
 */
export function overIndentedKey(source: string, error: YAMLError): UnclosedOpening | undefined {
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  const pos = error.pos[0];
  const lineStart = source.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = endOfLine(source, pos);
  if (/:(\s|$)/.test(source.slice(pos, lineEnd))) return undefined;
  const prefix = source.slice(lineStart, pos);
  const keyColumn = /^[ ]*(?:-[ ]+)*/.exec(prefix)![0].length;
  const key = /^[^:]*/.exec(prefix.slice(keyColumn))![0].trim();
  let next = lineEnd + 1;
  while (next < source.length) {
    const end = endOfLine(source, next);
    const text = source.slice(next, end);
    if (/^\s*(#|$)/.test(text)) {
      next = end + 1;
      continue;
    }
    const indent = /^[ ]*/.exec(text)![0].length;
    if (indent <= keyColumn) return undefined;
    const lineNumber = source.slice(0, lineStart).split('\n').length;
    return {
      at: next + indent,
      expected: `the keys of one mapping at one column (here ${keyColumn + 1}, as "${key}:" on line ${lineNumber}); a mapping nested under a key starts on the line after it`,
      found: 'a key indented past the key above it',
    };
  }
  return undefined;
}

/**
 * The key a BAD_INDENT error ("All mapping items must start at the same column") is about: yaml
 * points at the line's first column, the key stands after its indentation, at a column where no
 * mapping still open above it has its keys (a key dedented out of its mapping, or past it).
 */
export function misalignedKey(source: string, error: YAMLError): UnclosedOpening | undefined {
  // A key dedented between a list's "- " and its item's keys is yaml's "Sequence item without - indicator", at the line's first column too.
  const sequenceItem = error.code === 'MISSING_CHAR' && error.message.startsWith('Sequence item without - indicator');
  if (error.code !== 'BAD_INDENT' && !sequenceItem) return undefined;
  const { start, text, indent } = lineAt(source, error.pos[0]);
  if (indent === text.length) return undefined;
  return {
    at: start + indent,
    expected: 'each key of a mapping at the column of the keys before it (a mapping nested under a key starts on the line after it, indented past it)',
    found: `a key at column ${indent + 1}, where no mapping open above it has its keys`,
  };
}

/**
 * The list item a BLOCK_AS_IMPLICIT_KEY error is about when it stands at a line's start (`  - a`
 * then ` - b`): yaml reads the dedented "- " as a list used as a key, and the wording of a value
 * holding a second ": " would send the user to quote it; or a BAD_INDENT one ("All sequence items
 * must start at the same column", `  - run: a` then `   - run: b`), which misalignedKey would call a
 * key. Undefined for other errors and lines.
 */
export function misalignedItem(source: string, error: YAMLError): UnclosedOpening | undefined {
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY' && error.code !== 'BAD_INDENT') return undefined;
  const { start, text, indent } = lineAt(source, error.pos[0]);
  if (error.pos[0] > start + indent || !/^-(\s|$)/.test(text.slice(indent))) return undefined;
  return {
    at: start + indent,
    expected: 'each "- " item of a list at the column of the items before it',
    found: `a "- " list item at column ${indent + 1}, where no list open above it has its items`,
  };
}

// Returns the line holding `pos`: where it starts, its text, and how many spaces indent it.
function lineAt(source: string, pos: number): { start: number; text: string; indent: number } {
  const start = source.lastIndexOf('\n', pos - 1) + 1;
  const text = source.slice(start, endOfLine(source, pos));
  return { start, text, indent: /^[ ]*/.exec(text)![0].length };
}
