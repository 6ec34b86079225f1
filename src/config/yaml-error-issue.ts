/**
 * A YAML syntax problem (one of yaml's errors or warnings) as a ConfigIssue, worded for the user
 * and placed where the user can see it: an unclosed bracket at its opening, a key indented wrong
 * at the key, a duplicate key at the key itself, a bare ${NAME} in flow style with how to write it.
 */
import type { YAMLError } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { issueAtOffset } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { yamlLib } from './yaml-lib.js';
import { misalignedItem, misalignedKey, overIndentedKey } from './yaml-indent.js';
import { unclosedOpening } from './yaml-unclosed.js';

/** A YAML syntax problem as a ConfigIssue, worded for the user. */
export function yamlErrorIssue(yaml: YamlFile, { error, severity }: { error: YAMLError; severity: 'error' | 'warning' }): ConfigIssue {
  const opened = unclosedOpening(yaml.source, error) ?? tabInIndent(yaml.source, error) ?? misalignedItem(yaml.source, error) ?? overIndentedKey(yaml.source, error) ?? misalignedKey(yaml.source, error);
  const [start, end] = opened === undefined ? (error.code === 'DUPLICATE_KEY' ? duplicateKeyRange(yaml.source, error.pos) : error.pos) : [opened.at, opened.at + 1];
  const words = opened ?? YAML_WORDS[error.code];
  const issue = issueAtOffset({ yaml, start, end }, {
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
    // The parser's own words ("Unexpected flow-map-start at node end") say nothing of the reference.
    issue.found = 'a bare ${…}, whose { YAML reads as a mapping opening there';
  } else if (!words) {
    Object.assign(issue, valueWords(yaml.source, error));
  } else if (error.code === 'DUPLICATE_KEY') {
    const first = firstOfKey(yaml, start);
    // A doc's snippet pasted below a section of the same name (`run: { seed: 1 }` under init's `run:`): where the first is, and what to do.
    // A list entry's first key again (`id:` of the next case, its "- " forgotten): a new entry, not a key to merge.
    if (first?.entryLine !== undefined) issue.found = `key ${JSON.stringify(first.key)} a second time (first at line ${first.line}, column ${first.column}): of the entry whose "- " line ${first.entryLine} lacks`;
    else if (first?.entryStart) issue.found = `key ${JSON.stringify(first.key)} a second time in one entry (first at line ${first.line}, column ${first.column}): a new entry of the list starts with "- " (- ${first.key}: …)`;
    else if (first !== undefined) issue.found = `key ${JSON.stringify(first.key)} a second time (first at line ${first.line}, column ${first.column}): write what both hold under the first`;
  }
  return issue;
}

/**
 * A tab in the indentation of the line a problem is on, after spaces (`  \ttags:`): yaml reads
 * the line as a key at the wrong column, and where an editor shows it aligned the words of a
 * misaligned key would puzzle; a tab alone is yaml's TAB_AS_INDENT, worded as this.
 */
function tabInIndent(source: string, error: YAMLError): { at: number; expected: string; found: string } | undefined {
  const lineStart = source.lastIndexOf('\n', error.pos[0] - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, lineStart + 1000))![0];
  const tab = indent.indexOf('\t');
  return tab < 0 ? undefined : { at: lineStart + tab, ...YAML_WORDS.TAB_AS_INDENT! };
}

/** Where a repeated key's first is, and how it stands to a list entry whose "- " was forgotten. */
interface FirstOfKey {
  key: string;
  line: number;
  column: number;
  /** It is its entry's first key: this one starts the next entry, its "- " forgotten. */
  entryStart: boolean;
  /** The line of such a key before this one in the same entry: this key is of that next entry. */
  entryLine?: number;
}

/**
 * The first of the keys the duplicate at `offset` repeats, in its mapping: the key, where it
 * is (1-based) and how it stands to an entry of a list whose "- " was forgotten; undefined
 * when the document does not hold that mapping (it broke elsewhere).
 */
function firstOfKey(yaml: YamlFile, offset: number): FirstOfKey | undefined {
  const { visit, isScalar, isSeq } = yamlLib();
  const keyOf = (node: unknown) => (isScalar(node) ? node.value : undefined);
  const lineOf = (node: unknown) => (isScalar(node) && node.range ? yaml.lineCounter.linePos(node.range[0]) : undefined);
  let found: FirstOfKey | undefined;
  visit(yaml.doc, {
    // The visitor's (key, node, path) as one rest parameter: the path tells a list's entry.
    Map(...[, map, path]) {
      const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (index === -1) return undefined;
      const value = keyOf(map.items[index]!.key);
      const first = map.items.slice(0, index).find((pair) => keyOf(pair.key) === value);
      const at = lineOf(first?.key);
      if (at) {
        // A block entry only: in a flow one (`{ name: a, name: b }`) no "- " was forgotten.
        const entry = isSeq(path.at(-1)) && !map.flow ? keyOf(map.items[0]?.key) : undefined;
        const restart = entry === undefined ? undefined : map.items.slice(1, index).find((pair) => keyOf(pair.key) === entry);
        found = { key: String(value), line: at.line, column: at.col, entryStart: entry !== undefined && map.items[0] === first };
        const entryLine = lineOf(restart?.key)?.line;
        if (entryLine !== undefined) found.entryLine = entryLine;
      }
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Where a duplicate key is. yaml places it where the entry before ended when that entry's value
 * is empty (`expect:` then nothing: the end of that line); the key is the first thing after that
 * is no space, line break or comment, and runs to its colon (a quoted key whole).
 */
function duplicateKeyRange(source: string, [start, end]: [number, number]): [number, number] {
  const gap = /(?:[ \t\r\n]|#[^\n]*)*/y;
  gap.lastIndex = start;
  gap.exec(source);
  const key = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n]*[^:\s]/y;
  key.lastIndex = gap.lastIndex;
  return key.exec(source) ? [gap.lastIndex, key.lastIndex] : [gap.lastIndex, Math.max(end, gap.lastIndex + 1)];
}

/**
 * The plain values YAML refuses that a user writes as text (`input: Note: call me`, `@user`,
 * `"Refund" now`), each worded with the fix, which is quoting the whole value; undefined for
 * another problem, left in yaml's words.
 */
function valueWords(source: string, error: YAMLError): { expected: string; found: string } | undefined {
  const quoteIt = 'a value with YAML\'s special characters in quotes, the whole of it (input: "Note: it arrived broken"; in single quotes an apostrophe is written \'\')';
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') return { expected: `${quoteIt}, or a nested mapping on the lines after its key`, found: 'a second ": " in the value, which YAML reads as a mapping inside it' };
  const reserved = /^Plain value cannot start with (?:reserved|directive indicator) character (\S)/.exec(error.message)?.[1];
  if (error.code === 'BAD_SCALAR_START' && reserved !== undefined) return { expected: quoteIt, found: `a value starting with ${reserved}, which YAML reserves` };
  // `tools: - name: x`: a block list starts on the line after its key.
  if (error.code === 'UNEXPECTED_TOKEN' && error.message.startsWith('Unexpected block-seq-ind on same line with key')) {
    return { expected: 'a list on the lines after its key, one "- " item a line, indented (tools:, then   - name: x), or a flow list on its line ([a, b])', found: 'a "- " list item on the line of its key' };
  }
  // `input: "Refund" now`, `input: 'it's broken'`: the quote closed before the value ended.
  const before = source.slice(0, error.pos[0]).trimEnd().at(-1);
  if (error.code === 'UNEXPECTED_TOKEN' && error.message.startsWith('Unexpected scalar at node end') && (before === '"' || before === "'")) {
    return { expected: quoteIt, found: `more of the value after its closing ${before}` };
  }
  return undefined;
}

const YAML_WORDS: Partial<Record<YAMLError['code'], { expected: string; found: string }>> = {
  DUPLICATE_KEY: { expected: 'each key at most once in a mapping', found: 'this key a second time' },
  MULTIPLE_DOCS: { expected: 'one YAML document per file', found: 'a second document (after ---)' },
  TAB_AS_INDENT: { expected: 'spaces for indentation', found: 'a tab' },
};
