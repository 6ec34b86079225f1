/**
 * A JSONL line located without yaml's parse. A problem on a line is placed where YAML, reading
 * the line as the flow mapping it is, puts it (parse-yaml.ts `parseLocated`); that parse builds
 * a token tree and a node for every value, some 100 bytes of memory per byte of a large line
 * (a 7.7 MB trace line: 0.7 GB, mostly garbage collection). Here only the nodes a question asks
 * for are made, found by scanning the text: each `getIn` is one scan of the line at most.
 *
 * Only a line YAML would read as plain JSON (no duplicate key, not nested near YAML's limit, no
 * tab, carriage return or key over 1000 characters) is located here; any other is left to the
 * located parse, so every problem keeps the words and the place that parse gives it.
 */
import type { Document, Node, YAMLMap } from 'yaml';
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, DOUBLE as QUOTE, OPEN_BRACE, OPEN_BRACKET } from './char-codes.js';
import { jsonNestedPast } from './json-depth.js';
import { MAX_NESTING_DEPTH } from './defaults.js';
import { skipSpace, stringEnd, valueEnd } from './json-path-offset.js';
import { LineIndex } from './line-index.js';
import type { YamlFile } from './parse-yaml.js';
import { yamlLib } from './yaml-lib.js';

/** Keys longer than this send the line to yaml's parse (YAML limits an implicit key to 1024 characters). */
const LONGEST_KEY = 1000;

/** The line as a located file whose document answers `contents` and `getIn` from the text; undefined when yaml's parse must read it. */
export function locatedJsonLine(source: string, file: string): YamlFile | undefined {
  const start = skipSpace(source, 0);
  if (source.charCodeAt(start) !== OPEN_BRACE || /[\t\r]/.test(source)) return undefined;
  // Conservative: a line nested close to YAML's limit is left to the parse that enforces it.
  if (jsonNestedPast(source, MAX_NESTING_DEPTH - 2) !== undefined || !keysPlain(source, start)) return undefined;
  const contents = nodeAt(source, start);
  const doc = {
    contents,
    // As yaml's Document.getIn and Collection.getIn: a step into a scalar finds nothing.
    getIn(path: readonly unknown[], keepScalar?: boolean): unknown {
      if (path.length === 0) return contents;
      let at = start;
      for (const step of path) {
        const next = childStart(source, { at, step });
        if (next === undefined) return undefined;
        at = next;
      }
      const node = nodeAt(source, at);
      return keepScalar || !yamlLib().isScalar(node) ? node : node.value;
    },
  };
  return { file, source, doc: doc as unknown as Document.Parsed, lineCounter: LineIndex.of(source) };
}

/** The yaml node of the value at `at`, with its range; a mapping with its keys (what keyNode reads), its values left out. */
function nodeAt(source: string, at: number): Node {
  const { Pair, Scalar, YAMLMap, YAMLSeq } = yamlLib();
  const end = valueEnd(source, at);
  const first = source.charCodeAt(at);
  let node: Node;
  if (first === OPEN_BRACE) {
    const map: YAMLMap = new YAMLMap();
    forEachEntry(source, {
      at,
      visit: ({ keyStart, keyEnd, key }) => {
        const keyNode = new Scalar(key);
        keyNode.range = [keyStart, keyEnd, keyEnd];
        map.items.push(new Pair(keyNode, null));
        return false;
      },
    });
    node = map;
  } else node = first === OPEN_BRACKET ? new YAMLSeq() : new Scalar(undefined);
  node.range = [at, end, end];
  return node;
}

/** Where the value of `step` in the collection at `at` starts, as yaml's `get` finds it (a map's key by strict equality, a list's index as asItemIndex reads it). */
function childStart(source: string, { at, step }: { at: number; step: unknown }): number | undefined {
  const first = source.charCodeAt(at);
  if (first === OPEN_BRACE) {
    if (typeof step !== 'string') return undefined;
    let found: number | undefined;
    forEachEntry(source, {
      at,
      visit: ({ key, valueStart }) => {
        if (key !== step) return false;
        found = valueStart;
        return true;
      },
    });
    return found;
  }
  if (first !== OPEN_BRACKET) return undefined;
  const index = typeof step === 'string' && step !== '' ? Number(step) : step;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return undefined;
  let i = skipSpace(source, at + 1);
  if (source.charCodeAt(i) === CLOSE_BRACKET) return undefined;
  for (let n = 0; ; n++) {
    if (n === index) return i;
    i = skipSpace(source, valueEnd(source, i));
    if (source.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(source, i + 1);
  }
}

interface Entry {
  keyStart: number;
  keyEnd: number;
  key: string;
  valueStart: number;
}

/** Calls `visit` for each entry of the object at `at` until it returns true. */
function forEachEntry(source: string, { at, visit }: { at: number; visit: (entry: Entry) => boolean }): void {
  let i = skipSpace(source, at + 1);
  if (source.charCodeAt(i) === CLOSE_BRACE) return;
  for (;;) {
    const keyStart = i;
    const keyEnd = stringEnd(source, i);
    const valueStart = skipSpace(source, skipSpace(source, keyEnd) + 1);
    if (visit({ keyStart, keyEnd, key: keyText(source, { start: keyStart, end: keyEnd }), valueStart })) return;
    i = skipSpace(source, valueEnd(source, valueStart));
    if (source.charCodeAt(i) !== COMMA) return;
    i = skipSpace(source, i + 1);
  }
}

/** Whether every object of the line has its keys once each and none over LONGEST_KEY characters (JSON.parse took the line, so it is well-formed). */
function keysPlain(source: string, start: number): boolean {
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = start; i < source.length; i++) {
    const char = source.charCodeAt(i);
    if (char === QUOTE) {
      const end = stringEnd(source, i);
      if (expectKey) {
        if (end - i > LONGEST_KEY) return false;
        const keys = open[open.length - 1]!;
        const key = keyText(source, { start: i, end });
        if (keys.has(key)) return false;
        keys.add(key);
        expectKey = false;
      }
      i = end - 1;
    } else if (char === OPEN_BRACE) {
      open.push(new Set());
      expectKey = true;
    } else if (char === OPEN_BRACKET) open.push(undefined);
    else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      open.pop();
      expectKey = false;
    } else if (char === COMMA) expectKey = open[open.length - 1] !== undefined;
  }
  return true;
}

/** A key's text as JSON reads it (escapes decoded only when there are some). */
function keyText(source: string, { start, end }: { start: number; end: number }): string {
  const raw = source.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(source.slice(start, end)) as string) : raw;
}
