/**
 * The fast way to read a well-formed YAML file: js-yaml's event parser, which keeps no node tree
 * and no positions but the offsets of its events. It takes only files whose meaning it shares with
 * the located parse (parse-yaml.ts, on the `yaml` package): one document, YAML 1.2's core schema,
 * no tags, anchors or aliases, scalar keys only, nesting within MAX_NESTING_DEPTH, and no `$` where
 * `${NAME}` references are read (they need the scalar styles). Anything else, and any syntax error, returns
 * undefined and the located parse reads the file; so does any problem found later, since a
 * problem needs a position.
 */
import {
  constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent,
} from 'js-yaml';
import { MAX_NESTING_DEPTH } from './defaults.js';

export interface FastYaml {
  value: unknown;
  /** Offset of each `cases[i].id` value (of `cases[i]` itself when it has no id), in order. */
  caseIdOffsets: number[];
}

/** The file's data read the fast way, or undefined when it needs the located parse. */
export function parseFast(source: string, options: { interpolated: boolean }): FastYaml | undefined {
  if (options.interpolated && source.includes('$')) return undefined;
  // yaml refuses a tab where indentation could be, and reads a lone CR as no line break; js-yaml
  // allows both.
  if (source.includes('\t') || LONE_CR.test(source)) return undefined;
  // Directives (`%YAML 1.1` changes the schema) and document markers past a leading `---` (the
  // two count the documents they make differently).
  if (DIRECTIVE.test(source) || DOCUMENT_END.test(source) || (source.match(DOCUMENT_START)?.length ?? 0) > 1) return undefined;
  let events: Event[];
  let documents: unknown[];
  let caseIdOffsets: number[] | undefined;
  try {
    events = parseEvents(source, { maxDepth: MAX_NESTING_DEPTH + 1 });
    caseIdOffsets = walk(events, source);
    if (!caseIdOffsets) return undefined;
    documents = constructFromEvents(events, { source, maxAliases: 0 });
  } catch {
    return undefined;
  }
  if (documents.length !== 1) return undefined;
  return { value: documents[0], caseIdOffsets };
}

/** A stack entry: the number of children seen so far of an open mapping, or SEQUENCE. */
const SEQUENCE = -1;

/**
 * One pass over the events (document order; a mapping's children alternate key, value): undefined
 * when an event needs the located parse — an alias, a tag or an anchor (it words those itself), a
 * collection or a non-string plain scalar as a key, a number past a double's range (yaml reads
 * Infinity, js-yaml a string), an empty `cases` item. Else where each top-level `cases` item's
 * `id` value starts (the item's own start when it has none).
 */
function walk(events: readonly Event[], source: string): number[] | undefined {
  const stack: number[] = [];
  const caseIdOffsets: number[] = [];
  // The stack depth of the top-level `cases` list while inside it, else -1.
  let casesDepth = -1;
  let pendingCasesKey = false;
  let idKeyAt = -1;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.type === EVENT_ID.DOCUMENT) continue;
    if (event.type === EVENT_ID.ALIAS) return undefined;
    if (event.type === EVENT_ID.POP) {
      if (stack.length - 1 === casesDepth) casesDepth = -1;
      stack.pop();
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
      if (depth === 1) pendingCasesKey = isKey && keyText(event, source) === 'cases';
      if (item) {
        if (event.valueStart === -1) return undefined;
        caseIdOffsets.push(scalarStart(event, source));
      } else if (casesDepth !== -1 && depth === casesDepth + 2) {
        if (isKey) idKeyAt = keyText(event, source) === 'id' ? index : -1;
        else if (idKeyAt === index - 1) caseIdOffsets[caseIdOffsets.length - 1] = scalarStart(event, source);
      }
      continue;
    }
    // A mapping or a sequence opens.
    if (isKey) return undefined;
    if (item) caseIdOffsets.push(event.start);
    if (depth === 1 && pendingCasesKey && event.type === EVENT_ID.SEQUENCE) casesDepth = depth;
    pendingCasesKey = false;
    stack.push(event.type === EVENT_ID.MAPPING ? 0 : SEQUENCE);
  }
  return caseIdOffsets;
}

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
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

// Whether a plain scalar is a YAML 1.2 core number past a double's range.
function overflows(source: string, event: ScalarEvent): boolean {
  if (!MAYBE_NOT_STRING.has(source.charCodeAt(event.valueStart))) return false;
  const text = source.slice(event.valueStart, event.valueEnd);
  return CORE_FLOAT.test(text) && !Number.isFinite(Number(text));
}

const CORE_NOT_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

// Whether a plain key is a string under YAML 1.2's core schema (and not empty). Most keys start
// with a letter that no null, boolean or number starts with, and need no regex.
function plainStringKey(source: string, event: ScalarEvent): boolean {
  if (event.valueStart === -1 || event.valueEnd <= event.valueStart) return false;
  return !MAYBE_NOT_STRING.has(source.charCodeAt(event.valueStart)) || !CORE_NOT_STRING.test(source.slice(event.valueStart, event.valueEnd));
}

const MAYBE_NOT_STRING = new Set([...'~nNtTfF0123456789+-.'].map((char) => char.charCodeAt(0)));
