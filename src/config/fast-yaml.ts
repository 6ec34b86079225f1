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
  try {
    events = parseEvents(source, { maxDepth: MAX_NESTING_DEPTH + 1 });
    if (!plainEvents(events, source)) return undefined;
    documents = constructFromEvents(events, { source, maxAliases: 0 });
  } catch {
    return undefined;
  }
  if (documents.length !== 1) return undefined;
  const walked = walk(events, source);
  if (!walked) return undefined;
  return { value: documents[0], caseIdOffsets: walked.caseIdOffsets };
}

// Whether no event carries a tag or an anchor, or is an alias (the located parse words those
// itself), or is a number too large for a double (yaml reads Infinity, js-yaml a string).
function plainEvents(events: readonly Event[], source: string): boolean {
  for (const event of events) {
    if (event.type === EVENT_ID.ALIAS) return false;
    if (event.type === EVENT_ID.SCALAR || event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      if (event.tagStart !== -1 || event.anchorStart !== -1) return false;
    }
    if (event.type === EVENT_ID.SCALAR && event.style === SCALAR_STYLE.PLAIN && overflows(source.slice(event.valueStart, event.valueEnd))) return false;
  }
  return true;
}

type Frame = { kind: 'mapping'; start: number; items: number } | { kind: 'sequence'; start: number };

/**
 * One pass over the events: undefined when a mapping has a collection as a key; else where each
 * top-level `cases` item's `id` value starts. Events come in document order; a mapping's children
 * alternate key, value.
 */
function walk(events: readonly Event[], source: string): { caseIdOffsets: number[] } | undefined {
  const stack: Frame[] = [];
  const caseIdOffsets: number[] = [];
  // Where we stand relative to the top-level `cases` list: its depth in the stack once entered.
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
    const parent = stack.at(-1);
    const isKey = parent?.kind === 'mapping' && parent.items % 2 === 0;
    if (parent?.kind === 'mapping') parent.items++;
    if (isKey && event.type !== EVENT_ID.SCALAR) return undefined;
    // A key that is empty, null, a boolean or a number: yaml and js-yaml write it as text differently.
    if (isKey && event.type === EVENT_ID.SCALAR && event.style === SCALAR_STYLE.PLAIN && !plainStringKey(source.slice(event.valueStart, event.valueEnd))) return undefined;
    const depth = stack.length;
    if (event.type === EVENT_ID.SCALAR) {
      const text = isKey ? keyText(event, source) : '';
      if (isKey && depth === 1) pendingCasesKey = text === 'cases';
      else if (!isKey && depth === 1) pendingCasesKey = false;
      // An empty item has no text to point at: the located parse says where it is.
      if (casesDepth !== -1 && depth === casesDepth + 1 && event.valueStart === -1) return undefined;
      if (casesDepth !== -1 && depth === casesDepth + 1) caseIdOffsets.push(scalarStart(event, source));
      else if (isKey && casesDepth !== -1 && depth === casesDepth + 2 && text === 'id') idKeyAt = index;
      else if (!isKey && idKeyAt === index - 1 && depth === casesDepth + 2) caseIdOffsets[caseIdOffsets.length - 1] = scalarStart(event, source);
      continue;
    }
    // A mapping or a sequence opens.
    if (casesDepth !== -1 && depth === casesDepth + 1) caseIdOffsets.push(event.start);
    if (depth === 1 && pendingCasesKey && !isKey) {
      pendingCasesKey = false;
      if (event.type === EVENT_ID.SEQUENCE) casesDepth = depth;
    }
    stack.push(event.type === EVENT_ID.MAPPING ? { kind: 'mapping', start: event.start, items: 0 } : { kind: 'sequence', start: event.start });
  }
  return { caseIdOffsets };
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
function overflows(text: string): boolean {
  return CORE_FLOAT.test(text) && !Number.isFinite(Number(text));
}

const CORE_NOT_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

// Whether a plain key is a string under YAML 1.2's core schema (and not empty).
function plainStringKey(text: string): boolean {
  return text !== '' && !CORE_NOT_STRING.test(text);
}
