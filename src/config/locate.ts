/**
 * Places problems in the source: a zod issue path, a YAML node or an offset becomes a
 * 1-based line and column, the source line and (on one line) the end column for carets.
 */
import type { Node } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import type { YamlFile } from './parse-yaml.js';
import type { SourceLocation } from './schema/resolved.js';
import { yamlLib } from './yaml-lib.js';

export type PathKey = PropertyKey;

/** What an issue says apart from where it is. */
export type IssueFields = Omit<ConfigIssue, 'file' | 'line' | 'column' | 'endColumn' | 'sourceLine'>;

/** A path of keys into a YAML file. */
export interface YamlPath {
  yaml: YamlFile;
  path: readonly PathKey[];
}

/** Issue at the deepest existing node along `path`. */
export function issueAtPath({ yaml, path }: YamlPath, fields: IssueFields): ConfigIssue {
  return issueAtNode({ yaml, node: deepestNode(yaml, path) }, fields);
}

/**
 * Issue at the key that ends `path`, in its mapping (unknown keys, bad record keys); at the
 * deepest existing node along `path` when there is no such key.
 */
export function issueAtKey({ yaml, path }: YamlPath, fields: IssueFields): ConfigIssue {
  const key = path.length > 0 ? keyNode(yaml, path) : undefined;
  return key ? issueAtNode({ yaml, node: key }, fields) : issueAtPath({ yaml, path }, fields);
}

/** Issue at a node's start; at the document's start when there is no node (an empty file). */
export function issueAtNode({ yaml, node }: { yaml: YamlFile; node: Node | null | undefined }, fields: IssueFields): ConfigIssue {
  const range = node?.range;
  if (!range) return issueAtOffset({ yaml, start: 0, end: undefined }, fields);
  return issueAtOffset({ yaml, start: range[0], end: range[1] }, fields);
}

/** Issue at a character offset of the source, with carets up to `end` when it is on the same line. */
export function issueAtOffset({ yaml, start, end }: { yaml: YamlFile; start: number; end: number | undefined }, fields: IssueFields): ConfigIssue {
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

/** The key node that ends `path` (a key of the mapping at the path before it), if both exist. */
export function keyNode(yaml: YamlFile, path: readonly PathKey[]): Node | undefined {
  const { isMap, isNode, isPair } = yamlLib();
  const mapPath = path.slice(0, -1);
  const key = path[path.length - 1];
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

/** Where the `id` value of cases[index] sits, for annotations. */
export function caseLocation(yaml: YamlFile, index: number): SourceLocation {
  return locationAt(yaml, yaml.fast ? yaml.fast.caseIdOffsets[index] : deepestNode(yaml, ['cases', index, 'id'])?.range?.[0]);
}

/**
 * Where tag `tag` of cases[index] sits, for the error that refuses it. No fast way keeps where
 * tags are: a file read the fast way is parsed with positions here, asked only of a tag to refuse.
 */
export function caseTagLocation(yaml: YamlFile, { index, tag }: { index: number; tag: number }): SourceLocation {
  return locationAt(yaml, deepestNode(yaml, ['cases', index, 'tags', tag])?.range?.[0]);
}

/** The file's place at a character offset (its start when there is none). */
function locationAt(yaml: YamlFile, offset: number | undefined): SourceLocation {
  const { line, col } = yaml.lineCounter.linePos(offset ?? 0);
  return { file: yaml.file, line, column: col };
}

/**
 * Whether the file's text may hold `key` as a key: false when the text has neither the key as
 * written nor a backslash (an escape could spell it, `"\x63ustom"`). A rule that looks for a rare
 * key in every case of a large suite asks this first (customScorersExist and validJsonSchemas over
 * 10,000 plain cases, cold: ~2-4 ms of CPU, 0.4 with it).
 */
export function mayHoldKey(yaml: Pick<YamlFile, 'source'>, key: string): boolean {
  return yaml.source.includes(key) || yaml.source.includes('\\');
}
