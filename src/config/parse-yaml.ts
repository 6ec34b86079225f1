/**
 * Parses one YAML file into a located document; every YAML problem becomes an issue, none throws.
 * A well-formed file is read the fast way (fast-yaml.ts) and located only when asked where
 * something is: an issue, which then parses it again with positions.
 */
import type { Alias, CST, Document, Node, YAMLError } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './defaults.js';
import { parseFast, type CaseItemMapper, type FastYaml } from './fast-yaml.js';
import { LineIndex } from './line-index.js';
import { yamlLib } from './yaml-lib.js';
import { issueAtNode, issueAtOffset } from './locate.js';
import { yamlErrorIssue } from './yaml-error-issue.js';
import { firstConflictMarker } from './merge-conflict.js';
import { locatedHasIn } from './located-has-in.js';

/** A parsed file: its display path (relative to cwd), text, document and line index. */
export interface YamlFile {
  file: string;
  source: string;
  /** The located document; for a file read the fast way, parsed on first use. */
  readonly doc: Document.Parsed;
  lineCounter: LineIndex;
  /** Set when the file was read the fast way: its data, and where its cases' ids are. */
  fast?: FastYaml;
  /** Set once the fast way's data was let go (releaseData): questions go to the located document. */
  released?: true;
}

/**
 * Lets go of a file's data read the fast way, once only its cases' ids are still asked for (a
 * large suite's data is as large as what is resolved from it): anything else asked after that
 * parses the file again with positions.
 */
export function releaseData(yaml: YamlFile): void {
  if (!yaml.fast) return;
  yaml.fast = { value: undefined, caseIdOffsets: yaml.fast.caseIdOffsets };
  yaml.released = true;
}

/**
 * The document and its syntax problems (duplicate keys and a second document included).
 * `interpolated`: `${NAME}` references will be replaced in it (the config file). `caseItem`: see
 * parseFast.
 */
export function parseYaml(
  { source, file }: { source: string; file: string },
  options: { interpolated: boolean; caseItem?: CaseItemMapper } = { interpolated: false },
): { yaml: YamlFile; issues: ConfigIssue[] } {
  const fast = parseFast(source, options);
  if (fast) return { yaml: lazilyLocated({ file, source, fast }), issues: [] };
  return parseLocated(source, file);
}

/**
 * A file read the fast way (now or by an earlier command: suite-cache.ts, which keeps its line
 * starts): its line index costs one scan; its document is parsed when first asked for. The getter
 * holds the text and the name only: holding `input` would keep the data releaseData lets go.
 */
export function lazilyLocated(input: { file: string; source: string; fast: FastYaml; lineStarts?: Uint32Array }): YamlFile {
  const { source, file, fast } = input;
  const lineCounter = input.lineStarts ? new LineIndex(input.lineStarts) : LineIndex.of(source);
  let doc: Document.Parsed | undefined;
  return {
    file,
    source,
    fast,
    lineCounter,
    get doc() {
      return (doc ??= parseLocated(source, file).yaml.doc);
    },
  };
}

/**
 * Whether the file has a key at `path` (present with any value, null included). A file read the
 * fast way answers from its data, so asking does not parse it again with positions.
 */
export function hasIn(yaml: YamlFile, path: readonly (string | number)[]): boolean {
  if (!yaml.fast || yaml.released) return locatedHasIn(yaml.doc, path);
  let node: unknown = yaml.fast.value;
  for (const key of path) {
    node = childIn(node, key);
    if (node === ABSENT) return false;
  }
  return true;
}

/**
 * `hasIn(yaml, [...list, index, key])` for the items of the list at `list`, which is found once:
 * for a rule that asks it of every case (10,000 cases: two paths made and walked from the top
 * for each, ~5 ms of a cold load).
 */
export function itemHasIn(yaml: YamlFile, list: readonly (string | number)[]): (index: number, key: string) => boolean {
  if (!yaml.fast || yaml.released) return (index, key) => hasIn(yaml, [...list, index, key]);
  let items: unknown = yaml.fast.value;
  for (const key of list) items = items === ABSENT ? ABSENT : childIn(items, key);
  return (index, key) => {
    const item = items === ABSENT ? ABSENT : childIn(items, index);
    return item !== ABSENT && childIn(item, key) !== ABSENT;
  };
}

/** What a path step finds in data: an item of a list by its index, a mapping's own key's value, else ABSENT. */
function childIn(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= node.length) return ABSENT;
  } else if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return ABSENT;
  return (node as Record<string | number, unknown>)[key];
}

const ABSENT = Symbol('absent');

/** The keys of the mapping at `path` (unknown ones included: what the file says), or [] when there is none there. */
export function keysIn(yaml: YamlFile, path: readonly (string | number)[]): string[] {
  if (!yaml.fast || yaml.released) {
    const node = yaml.doc.getIn(path, true);
    return yamlLib().isMap(node) ? node.items.map((pair) => String(yamlLib().isScalar(pair.key) ? pair.key.value : pair.key)) : [];
  }
  let node: unknown = yaml.fast.value;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
}

/** The located parse: yaml's token tree, nesting watched, composed into one document. */
export function parseLocated(source: string, file: string): { yaml: YamlFile; issues: ConfigIssue[] } {
  const lineCounter = new LineIndex();
  const tokenized = tokenize(source, lineCounter);
  if ('tooDeepAt' in tokenized) {
    const yaml: YamlFile = { file, source, doc: yamlLib().parseDocument(''), lineCounter };
    return {
      yaml,
      issues: [issueAtOffset({ yaml, start: tokenized.tooDeepAt, end: undefined }, {
        path: '',
        code: 'yaml_too_deep',
        message: `mappings and lists nested more than ${MAX_NESTING_DEPTH} levels deep`,
        expected: `at most ${MAX_NESTING_DEPTH} levels of nested mappings and lists`,
        found: `level ${MAX_NESTING_DEPTH + 1} here`,
      })],
    };
  }
  const { tokens } = tokenized;
  const doc = composeFirst(tokens, source.length);
  const yaml: YamlFile = { file, source, doc, lineCounter };
  // A merge's conflict markers break the YAML around them: said once, at the first, in place of the parser's words.
  const conflict = doc.errors.length > 0 ? firstConflictMarker(source) : undefined;
  if (conflict) return { yaml, issues: [mergeConflictIssue(yaml, conflict)] };
  const issues = [
    ...independentErrors(doc.errors).map((error) => yamlErrorIssue(yaml, { error, severity: 'error' })),
    ...doc.warnings.map((warning) => yamlErrorIssue(yaml, { error: warning, severity: 'warning' })),
  ];
  return { yaml, issues };
}

/** A file a merge left with conflict markers, at the first marker line. */
function mergeConflictIssue(yaml: YamlFile, { index, marker }: { index: number; marker: string }): ConfigIssue {
  return issueAtOffset({ yaml, start: index, end: index + marker.length }, {
    path: '',
    code: 'merge_conflict',
    message: 'the file has unresolved merge conflicts',
    expected: 'a file without merge conflicts: resolve each one (keep one side, or both, and remove the <<<<<<<, ======= and >>>>>>> lines)',
    found: `unresolved merge conflicts (a ${marker} marker)`,
  });
}

/** The first document of the tokens, as yaml's parseDocument composes it: a second one is an error. */
function composeFirst(tokens: readonly CST.Token[], length: number): Document.Parsed {
  // prettyErrors off: yaml would rewrite `message` with its own code frame, and we render one ourselves.
  // logLevel error: its warnings are issues here, not lines on stderr (a mapping as a key says one).
  const { Composer, YAMLParseError } = yamlLib();
  // resolveKnownTags off: YAML 1.1's !!binary, !!set, !!omap, !!timestamp would be a Uint8Array, a Set, a
  // Map or a Date, no JSON (an agent got {}); unresolved, they are a warning at the tag and keep their data.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, logLevel: 'error', resolveKnownTags: false });
  let first: Document.Parsed | undefined;
  for (const doc of composer.compose(tokens, true, length)) {
    if (!first) first = doc;
    else {
      first.errors.push(new YAMLParseError([doc.range[0], doc.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document.
  return first!;
}

/**
 * Duplicate keys and extra documents are each their own problem; any other syntax error
 * derails the parser, and the errors after it only echo the first, so one is kept.
 */
function independentErrors(errors: readonly YAMLError[]): YAMLError[] {
  const independent = errors.filter((error) => error.code === 'DUPLICATE_KEY' || error.code === 'MULTIPLE_DOCS');
  const first = errors.find((error) => !independent.includes(error));
  return first ? [first, ...independent] : independent;
}

/**
 * yaml's token tree of the source, built lexeme by lexeme, or the offset where a collection opens
 * past MAX_NESTING_DEPTH. Both yaml's parser (closing collections) and its composer recurse once
 * per level: nested deep enough they run out of stack, and where that happens inside V8's regexp
 * compiler the process aborts. So the parser's own stack of open collections is watched, and a
 * file nested too deep is never parsed further nor composed.
 */
function tokenize(source: string, lineCounter: LineIndex): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const { Lexer, Parser } = yamlLib();
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // as parser.parse(source) does first
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(source)) {
    tokens.push(...parser.next(lexeme));
    if (parser.stack.length <= MAX_NESTING_DEPTH) continue;
    const open = parser.stack.filter((token) => COLLECTIONS.has(token.type));
    if (open.length > MAX_NESTING_DEPTH) return { tooDeepAt: open.at(-1)!.offset };
  }
  tokens.push(...parser.end());
  return { tokens };
}

const COLLECTIONS = new Set<CST.Token['type']>(['block-map', 'block-seq', 'flow-collection']);

export type ToJsResult = { ok: true; value: unknown } | { ok: false; issue: ConfigIssue };

/**
 * The document as plain JS, or an issue: an alias without its anchor, an alias inside the node
 * it names (its value would contain itself), nesting past MAX_NESTING_DEPTH once aliases are
 * expanded, or alias expansion past MAX_ALIAS_COUNT.
 */
export function yamlToJs(yaml: YamlFile): ToJsResult {
  if (yaml.fast && !yaml.released) return { ok: true, value: yaml.fast.value };
  const aliasIssue = checkAliases(yaml);
  if (aliasIssue) return { ok: false, issue: aliasIssue };
  try {
    return { ok: true, value: yaml.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      issue: issueAtNode({ yaml, node: firstAlias(yaml) ?? yaml.doc.contents }, {
        path: '',
        code: 'yaml_alias_limit',
        message: error.message,
        expected: `at most ${MAX_ALIAS_COUNT} alias expansions (*name) in the file`,
        found: 'more, as in a "billion laughs" file',
      }),
    };
  }
}

/**
 * Resolves every alias as yaml does (the last `&name` before it, in document order) and measures
 * how deep the value nests with aliases expanded. The walk recurses only along the written
 * nesting, which tokenize has bounded; an alias counts its anchor's height, computed once.
 */
function checkAliases(yaml: YamlFile): ConfigIssue | undefined {
  const { isAlias, isCollection, isNode, isPair } = yamlLib();
  const anchors = new Map<string, Node>();
  const heights = new Map<Node, number>();
  const open = new Set<Node>();
  let problem: { alias: Alias; kind: 'unknown' | 'circular' | 'too_deep' } | undefined;
  const height = (node: unknown, depth: number): number => {
    if (problem) return 0;
    if (isPair(node)) return Math.max(height(node.key, depth), height(node.value, depth));
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const expanded = target ? heights.get(target) ?? 0 : 0;
      if (!target || open.has(target)) problem = { alias: node, kind: target ? 'circular' : 'unknown' };
      else if (depth + expanded > MAX_NESTING_DEPTH) problem = { alias: node, kind: 'too_deep' };
      return expanded;
    }
    if (!isNode(node)) return 0;
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) return 0;
    open.add(node);
    const own = 1 + node.items.reduce((most: number, item) => Math.max(most, height(item, depth + 1)), 0);
    open.delete(node);
    heights.set(node, own);
    return own;
  };
  height(yaml.doc.contents, 0);
  if (!problem) return undefined;
  const name = problem.alias.source;
  const words = {
    unknown: { code: 'yaml_unknown_alias', message: `alias *${name} has no anchor &${name} before it`, expected: `an anchor &${name} earlier in the file`, found: `*${name} with no &${name} before it` },
    circular: { code: 'yaml_circular_alias', message: `alias *${name} is inside the node anchored &${name}: its value would contain itself`, expected: `an alias outside the node anchored &${name}`, found: `*${name} inside &${name}` },
    too_deep: { code: 'yaml_too_deep', message: `with alias *${name} expanded, mappings and lists nest more than ${MAX_NESTING_DEPTH} levels deep`, expected: `at most ${MAX_NESTING_DEPTH} levels of nested mappings and lists, aliases expanded`, found: `more, with *${name} expanded here` },
  }[problem.kind];
  return issueAtNode({ yaml, node: problem.alias }, { path: '', ...words });
}

/** The first `*alias` node of the document, where an alias-limit issue points. */
function firstAlias(yaml: YamlFile): Alias | undefined {
  const { visit } = yamlLib();
  let found: Alias | undefined;
  visit(yaml.doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}
