/** Parses one YAML file into a located document; every YAML problem becomes an issue, none throws. */
import { LineCounter, parseDocument, visit, type Alias, type Document, type YAMLError } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { MAX_ALIAS_COUNT } from './defaults.js';
import { issueAtNode, issueAtOffset } from './locate.js';

/** A parsed file: its display path (relative to cwd), text, document and line index. */
export interface YamlFile {
  file: string;
  source: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** The document and its syntax problems (duplicate keys and a second document included). */
export function parseYaml(source: string, file: string): { yaml: YamlFile; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: yaml would rewrite `message` with its own code frame, and we render one ourselves.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yaml: YamlFile = { file, source, doc, lineCounter };
  const issues = [
    ...independentErrors(doc.errors).map((error) => yamlErrorIssue(yaml, error, 'error')),
    ...doc.warnings.map((warning) => yamlErrorIssue(yaml, warning, 'warning')),
  ];
  return { yaml, issues };
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

export type ToJsResult = { ok: true; value: unknown } | { ok: false; issue: ConfigIssue };

/** The document as plain JS, or an issue when alias expansion passes MAX_ALIAS_COUNT. */
export function yamlToJs(yaml: YamlFile): ToJsResult {
  try {
    return { ok: true, value: yaml.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      issue: issueAtNode(yaml, firstAlias(yaml) ?? yaml.doc.contents, {
        path: '',
        code: 'yaml_alias_limit',
        message: error.message,
        expected: `at most ${MAX_ALIAS_COUNT} alias expansions (*name) in the file`,
        found: 'more, as in a "billion laughs" file',
      }),
    };
  }
}

/** The first `*alias` node of the document, where an alias-limit issue points. */
function firstAlias(yaml: YamlFile): Alias | undefined {
  let found: Alias | undefined;
  visit(yaml.doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** A YAML syntax problem as a ConfigIssue, worded for the user. */
function yamlErrorIssue(yaml: YamlFile, error: YAMLError, severity: 'error' | 'warning'): ConfigIssue {
  const [start, end] = error.pos;
  const words = YAML_WORDS[error.code];
  const issue = issueAtOffset(yaml, start, end, {
    path: '',
    code: `yaml_${error.code.toLowerCase()}`,
    message: error.message,
    expected: words?.expected ?? 'valid YAML',
    found: words?.found ?? error.message,
    severity,
  });
  // `{ a: ${X} }` is a YAML error: in flow style `{` opens a mapping. Say how to write it.
  if (!words && issue.sourceLine?.includes('${')) {
    issue.expected = 'valid YAML: inside { } or [ ], a ${NAME} reference needs block style (key: ${NAME} on its own line) to stay a number or boolean, or quotes ("${NAME}") for a string';
  }
  return issue;
}

const YAML_WORDS: Partial<Record<YAMLError['code'], { expected: string; found: string }>> = {
  DUPLICATE_KEY: { expected: 'each key at most once in a mapping', found: 'this key a second time' },
  MULTIPLE_DOCS: { expected: 'one YAML document per file', found: 'a second document (after ---)' },
  TAB_AS_INDENT: { expected: 'spaces for indentation', found: 'a tab' },
};
