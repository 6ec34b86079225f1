/**
 * The fast way to read a well-formed YAML file: js-yaml's event parser, which keeps no node tree
 * and no positions but the offsets of its events. It takes only files whose meaning it shares with
 * the located parse (parse-yaml.ts, on the `yaml` package): one document, YAML 1.2's core schema,
 * no tags, anchors or aliases, scalar keys only, nesting within MAX_NESTING_DEPTH, and no `$` where
 * `${NAME}` references are read (they need the scalar styles). Anything else, and any syntax error, returns
 * undefined and the located parse reads the file; so does any problem found later, since a
 * problem needs a position.
 */
import { CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { CR, HASH, LF, SPACE } from './char-codes.js';
import { MAX_NESTING_DEPTH } from './defaults.js';
import { isCoreString, MAYBE_NOT_STRING, pastDouble } from './core-scalars.js';
import { setOwn } from './own-key.js';
import { readCasesByLines } from './line-yaml.js';

export interface FastYaml {
  value: unknown;
  /** Offset of each `cases[i].id` value (of `cases[i]` itself when it has no id), in order. */
  caseIdOffsets: number[];
  /** Set when every `cases` item went through the `caseItem` option: the list holds what it returned. */
  casesMapped?: true;
}

/** What an item of a `cases:` list read a slice at a time becomes as soon as its slice is read. */
export type CaseItemMapper = (item: unknown) => unknown;

/** One parse's reading: also where its top-level `cases` key is, when it has one. */
type Reading = FastYaml & { casesKeyAt?: number };

/**
 * The file's data read the fast way, or undefined when it needs the located parse. `chunkChars`:
 * how much of a `cases:` list one parse takes at least (see casesRegion); tests make it small.
 * `caseItem`: applied to each item of a list read in slices, while its slice's data is young
 * (`casesMapped` says it was).
 */
export function parseFast(source: string, options: { interpolated: boolean; chunkChars?: number; caseItem?: CaseItemMapper }): FastYaml | undefined {
  if (options.interpolated && source.includes('$')) return undefined;
  // yaml refuses a tab where indentation could be, and reads a lone CR as no line break; js-yaml
  // allows both.
  if (source.includes('\t') || LONE_CR.test(source)) return undefined;
  // Directives (`%YAML 1.1` changes the schema) and document markers past a leading `---` (the
  // two count the documents they make differently).
  if (DIRECTIVE.test(source) || DOCUMENT_END.test(source) || (source.match(DOCUMENT_START)?.length ?? 0) > 1) return undefined;
  const chunkChars = options.chunkChars ?? CHUNK_CHARS;
  // Whatever its size: a list shorter than a slice is one slice (parseInChunks).
  const region = casesRegion(source, chunkChars);
  const chunked = region && parseInChunks(source, { region, caseItem: options.caseItem });
  if (chunked) return chunked;
  const read = parseWhole(source, { root: 'document', maxDepth: MAX_NESTING_DEPTH + 1 });
  return read && { value: read.value, caseIdOffsets: read.caseIdOffsets };
}

/**
 * One parse of `source`: its one document's data and its case ids' offsets (`root: 'cases'`: the
 * document is a slice of a `cases:` list, its items the cases).
 */
function parseWhole(source: string, options: { root: 'document' | 'cases'; maxDepth: number }): Reading | undefined {
  // A slice of plain YAML (most suites' cases) is read by lines, without js-yaml's events.
  const byLines = options.root === 'cases' ? readCasesByLines(source) : undefined;
  if (byLines) return byLines;
  try {
    return walk(parseEvents(source, { maxDepth: options.maxDepth }), { source, root: options.root });
  } catch {
    return undefined;
  }
}

/**
 * A suite's `cases:` list read a slice of items at a time, so that each slice's parser
 * events (about ten objects per line) die young instead of all of them living until the file is
 * built: the rest of the file is parsed without the list, then the list's items are put in.
 * A short list is one slice, read as a long one's are: by lines (line-yaml.ts) when it is plain
 * YAML, and each item through `caseItem`, where js-yaml's events and zod's check of the whole
 * file cost more (validate of 200 files of 50 cases, no suite cache: ~18% less CPU).
 * Undefined when a slice or the rest does not read as it would in the whole file (a quoted
 * scalar or a flow collection running over a slice's end leaves it unterminated, an error).
 */
function parseInChunks(source: string, { region, caseItem }: { region: CasesRegion; caseItem: CaseItemMapper | undefined }): FastYaml | undefined {
  const rest = parseWhole(source.slice(0, region.start) + source.slice(region.end), { root: 'document', maxDepth: MAX_NESTING_DEPTH + 1 });
  const value = rest?.value as Record<string, unknown> | undefined;
  // The rest must hold `cases:` as a top-level key, the one at keyAt, with nothing under it.
  if (!rest || rest.casesKeyAt !== region.keyAt || value === null || typeof value !== 'object' || value.cases !== null) return undefined;
  const cases: unknown[] = [];
  const caseIdOffsets: number[] = [];
  for (let index = 0; index < region.chunks.length; index++) {
    const start = region.chunks[index]!;
    const end = region.chunks[index + 1] ?? region.end;
    // The list sits one level down in the file: a slice may nest one level less.
    const chunk = parseWhole(source.slice(start, end), { root: 'cases', maxDepth: MAX_NESTING_DEPTH });
    if (!chunk || !Array.isArray(chunk.value)) return undefined;
    for (const item of chunk.value) cases.push(caseItem ? caseItem(item) : item);
    for (const offset of chunk.caseIdOffsets) caseIdOffsets.push(start + offset);
  }
  value.cases = cases;
  return caseItem ? { value, caseIdOffsets, casesMapped: true } : { value, caseIdOffsets };
}

/** A stack entry: the number of children seen so far of an open mapping, or SEQUENCE. */
const SEQUENCE = -1;

/**
 * One pass over the events (document order; a mapping's children alternate key, value) that
 * builds the data as js-yaml's constructor would with its core schema, and finds where each
 * top-level `cases` item's `id` value starts (the item's own start when it has none). Undefined
 * when the file is not one document or an event needs the located parse: an alias, a tag or an
 * anchor (it words those itself), a collection or a non-string plain scalar as a key, a key twice
 * in a mapping, a number past a double's range (yaml reads Infinity, js-yaml a string), an empty
 * `cases` item.
 */
function walk(events: readonly Event[], { source, root }: { source: string; root: 'document' | 'cases' }): Reading | undefined {
  // Per open collection: the number of children seen so far of a mapping, or SEQUENCE; its value;
  // a mapping's key waiting for its value.
  const stack: number[] = [];
  const values: Array<unknown[] | Record<string, unknown>> = [];
  const keys: string[] = [];
  const caseIdOffsets: number[] = [];
  let casesKeyAt: number | undefined;
  let documents = 0;
  let document: unknown = null;
  // The stack depth of the top-level `cases` list while inside it, else -1.
  let casesDepth = -1;
  let pendingCasesKey = false;
  let idKeyAt = -1;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.type === EVENT_ID.DOCUMENT) {
      documents++;
      continue;
    }
    if (event.type === EVENT_ID.ALIAS) return undefined;
    if (event.type === EVENT_ID.POP) {
      if (stack.length - 1 === casesDepth) casesDepth = -1;
      stack.pop();
      values.pop();
      continue;
    }
    if (event.tagStart !== -1 || event.anchorStart !== -1) return undefined;
    const depth = stack.length;
    const seen = depth === 0 ? SEQUENCE : stack[depth - 1]!;
    const isKey = seen !== SEQUENCE && seen % 2 === 0;
    if (seen !== SEQUENCE) stack[depth - 1] = seen + 1;
    const item = casesDepth !== -1 && depth === casesDepth + 1;
    if (event.type === EVENT_ID.SCALAR) {
      const plain = event.style === SCALAR_STYLE.PLAIN;
      if (isKey ? plain && !plainStringKey(source, event) : plain && overflows(source, event)) return undefined;
      if (isKey) {
        const key = getScalarValue(source, event);
        if (Object.hasOwn(values[depth - 1]!, key)) return undefined;
        keys[depth - 1] = key;
      } else if (depth === 0) document = scalarValue(event, source);
      else put(values[depth - 1]!, keys[depth - 1]!, scalarValue(event, source));
      if (depth === 1) {
        pendingCasesKey = isKey && keyText(event, source) === 'cases';
        if (pendingCasesKey) casesKeyAt = event.valueStart;
      }
      if (item) {
        if (event.valueStart === -1) return undefined;
        caseIdOffsets.push(scalarStart(event, source));
      } else if (casesDepth !== -1 && depth === casesDepth + 2) {
        if (isKey) idKeyAt = keyText(event, source) === 'id' ? index : -1;
        else if (idKeyAt === index - 1) caseIdOffsets[caseIdOffsets.length - 1] = scalarStart(event, source);
      }
      continue;
    }
    // A mapping or a sequence opens: it is its parent's value (or the document's) from now on.
    if (isKey) return undefined;
    const value = event.type === EVENT_ID.MAPPING ? {} : [];
    if (depth === 0) document = value;
    else put(values[depth - 1]!, keys[depth - 1]!, value);
    if (item) caseIdOffsets.push(event.start);
    if (depth === 1 && pendingCasesKey && event.type === EVENT_ID.SEQUENCE) casesDepth = depth;
    if (depth === 0 && root === 'cases') {
      if (event.type !== EVENT_ID.SEQUENCE) return undefined;
      casesDepth = 0;
    }
    pendingCasesKey = false;
    stack.push(event.type === EVENT_ID.MAPPING ? 0 : SEQUENCE);
    values.push(value);
  }
  if (documents !== 1) return undefined;
  return casesKeyAt === undefined ? { value: document, caseIdOffsets } : { value: document, caseIdOffsets, casesKeyAt };
}

// A value into its list, or into its mapping under `key` (`__proto__` as an own key, as js-yaml does).
// eslint-disable-next-line @typescript-eslint/max-params -- Reflect.set's (target, key, value), once per YAML value as a suite loads
function put(into: unknown[] | Record<string, unknown>, key: string, value: unknown): void {
  if (Array.isArray(into)) into.push(value);
  else setOwn(into, key, value);
}

// A scalar's value under YAML 1.2's core schema: a plain one may be null, a boolean or a number.
function scalarValue(event: ScalarEvent, source: string): unknown {
  const text = getScalarValue(source, event);
  if (event.style !== SCALAR_STYLE.PLAIN || (text !== '' && !MAYBE_NOT_STRING.has(text.charCodeAt(0)))) return text;
  return CORE_SCHEMA.resolveImplicitScalarTag(text).value;
}

/**
 * At least this much of a `cases:` list goes to one parse: about 200 cases of a few lines, whose
 * events (about a hundred bytes each, ten per line) die young. Calling js-yaml's parser that often
 * is as fast as once only in the CLI's bundle: scripts/build-cli.js keeps its state object to one
 * shape, which V8 would otherwise make anew on every call past the ninth.
 */
const CHUNK_CHARS = 16_384;

/** Where a top-level block `cases:` list's items lie, cut at item starts into chunks. */
interface CasesRegion {
  /** Offset of the `cases` key. */
  keyAt: number;
  /** From the first item's line to the line that ends the list (or the end of the file). */
  start: number;
  end: number;
  /** Where each chunk starts (the first at `start`): each at an item's line. */
  chunks: number[];
}

/**
 * The items of the file's `cases:` list, found by lines: one line `cases:` (a comment allowed),
 * then items `- ` at one indentation, each with the lines below it indented more (blank lines and
 * comments anywhere), up to a line indented less or one at that indentation that is no item.
 * What the lines only seem to show is caught after: parseInChunks checks what the parses say.
 */
function casesRegion(source: string, chunkChars: number): CasesRegion | undefined {
  const keys = [...source.matchAll(CASES_KEY)];
  if (keys.length !== 1) return undefined;
  const keyAt = keys[0]!.index;
  // The list's first line, the first below the key with something on it (not a comment): an item.
  let start = source.indexOf('\n', keyAt) + 1;
  let column = start;
  for (;;) {
    if (start === 0 || start >= source.length) return undefined;
    column = start;
    while (source.charCodeAt(column) === SPACE) column++;
    const first = source.charCodeAt(column);
    if (first !== HASH && first !== LF && !(first === CR && source.charCodeAt(column + 1) === LF) && column < source.length) break;
    start = source.indexOf('\n', column) + 1;
  }
  if (!ITEM.test(source.slice(column, column + 2))) return undefined;
  const indent = column - start;
  // The list ends at a line indented less, or as much but no item (blank lines and comments aside).
  const ends = new RegExp(`\\n(?:${indent > 0 ? ` {0,${indent - 1}}[^ #\\r\\n]|` : ''} {${indent}}(?!-(?:[ \\r\\n]|$))[^ #\\r\\n])`, 'g');
  ends.lastIndex = start;
  const end = (ends.exec(source)?.index ?? source.length - 1) + 1;
  // A chunk starts at the first item line at least chunkChars past the last one's start.
  const items = new RegExp(`\\n {${indent}}-(?:[ \\r\\n]|$)`, 'g');
  const chunks = [start];
  for (;;) {
    items.lastIndex = chunks.at(-1)! + chunkChars - 1;
    const item = items.exec(source);
    if (!item || item.index + 1 >= end) break;
    chunks.push(item.index + 1);
  }
  return { keyAt, start, end: Math.min(end, source.length), chunks };
}

const CASES_KEY = /^cases:(?: +#[^\r\n]*| *)\r?$/gm;
// An item's dash, at the end of its line or before a space.
const ITEM = /^-(?:[ \r\n]|$)/;

// A key's text: a plain key as written, a quoted one decoded.
function keyText(event: ScalarEvent, source: string): string {
  return event.style === SCALAR_STYLE.PLAIN ? source.slice(event.valueStart, event.valueEnd) : getScalarValue(source, event);
}

// Where a scalar's text starts as the located parse counts it: at its quote or block indicator.
function scalarStart(event: ScalarEvent, source: string): number {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return event.valueStart - 1;
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK:
      return Math.max(source.lastIndexOf('|', event.valueStart), source.lastIndexOf('>', event.valueStart));
    default:
      return event.valueStart;
  }
}

const DIRECTIVE = /^%/m;
const DOCUMENT_END = /^\.\.\.(?:\s|$)/m;
const DOCUMENT_START = /^---(?:\s|$)/gm;
const LONE_CR = /\r(?!\n)/;

// Whether a plain scalar is a YAML 1.2 core number past a double's range.
function overflows(source: string, event: ScalarEvent): boolean {
  if (!MAYBE_NOT_STRING.has(source.charCodeAt(event.valueStart))) return false;
  return pastDouble(source.slice(event.valueStart, event.valueEnd));
}

// Whether a plain key is a string under YAML 1.2's core schema (and not empty). Most keys start
// with a letter that no null, boolean or number starts with, and need no regex.
function plainStringKey(source: string, event: ScalarEvent): boolean {
  if (event.valueStart === -1 || event.valueEnd <= event.valueStart) return false;
  // Tried on the first character before any slice: most keys need none.
  return !MAYBE_NOT_STRING.has(source.charCodeAt(event.valueStart)) || isCoreString(source.slice(event.valueStart, event.valueEnd));
}
