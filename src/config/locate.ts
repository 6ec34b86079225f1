/**
 * Places problems in the source: a zod issue path, a YAML node or an offset becomes a
 * 1-based line and column, the source line and (on one line) the end column for carets.
 */
import type { Node } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import type { YamlFile } from './parse-yaml.js';
import { yamlLib } from './yaml-lib.js';

export type PathKey = PropertyKey;

/** What an issue says apart from where it is. */
export type IssueFields = Omit<ConfigIssue, 'file' | 'line' | 'column' | 'endColumn' | 'sourceLine'>;

/**
 * Issue at the deepest existing node along `path`. With `at: 'key'` and an existing last
 * step, it points at that key of its mapping (unknown keys, bad record keys).
 */
export function issueAtPath(yaml: YamlFile, path: readonly PathKey[], fields: IssueFields, at: 'value' | 'key' = 'value'): ConfigIssue {
  if (at === 'key' && path.length > 0) {
    const key = keyNode(yaml, path.slice(0, -1), path[path.length - 1]!);
    if (key) return issueAtNode(yaml, key, fields);
  }
  return issueAtNode(yaml, deepestNode(yaml, path), fields);
}

/** Issue at a node's start; at the document's start when there is no node (an empty file). */
export function issueAtNode(yaml: YamlFile, node: Node | null | undefined, fields: IssueFields): ConfigIssue {
  const range = node?.range;
  if (!range) return issueAtOffset(yaml, 0, undefined, fields);
  return issueAtOffset(yaml, range[0], range[1], fields);
}

/** Issue at a character offset of the source, with carets up to `end` when it is on the same line. */
export function issueAtOffset(yaml: YamlFile, start: number, end: number | undefined, fields: IssueFields): ConfigIssue {
  const { line, col } = yaml.lineCounter.linePos(start);
  const issue: ConfigIssue = { file: yaml.file, line, column: col, ...fields };
  const sourceLine = lineText(yaml, line);
  if (sourceLine !== undefined) issue.sourceLine = sourceLine;
  if (end !== undefined && end > start) {
    const last = yaml.lineCounter.linePos(end);
    if (last.line === line) issue.endColumn = last.col;
  }
  return issue;
}

/** The deepest node that exists along `path`, or the document's root node. */
export function deepestNode(yaml: YamlFile, path: readonly PathKey[]): Node | undefined {
  const { isNode } = yamlLib();
  for (let depth = path.length; depth > 0; depth--) {
    const node: unknown = yaml.doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node)) return node;
  }
  return isNode(yaml.doc.contents) ? yaml.doc.contents : undefined;
}

/** The key node of `key` in the mapping at `mapPath`, if both exist. */
export function keyNode(yaml: YamlFile, mapPath: readonly PathKey[], key: PathKey): Node | undefined {
  const { isMap, isNode, isPair } = yamlLib();
  const map = mapPath.length === 0 ? yaml.doc.contents : yaml.doc.getIn(mapPath as unknown[], true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isPair(item) && keyValue(item.key) === String(key));
  return pair && isNode(pair.key) ? pair.key : undefined;
}

/** A mapping key as the string zod sees. */
function keyValue(key: unknown): string | undefined {
  const { isScalar } = yamlLib();
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** The text of 1-based `line`, without its line break. */
function lineText(yaml: YamlFile, line: number): string | undefined {
  const starts = yaml.lineCounter.lineStarts;
  const start = starts[line - 1];
  if (start === undefined) return undefined;
  const end = starts[line] ?? yaml.source.length;
  return yaml.source.slice(start, end).replace(/\r?\n$/, '');
}
