/**
 * A YAML syntax problem (one of yaml's errors or warnings) as a ConfigIssue, worded for the user
 * and placed where the user can see it: an unclosed bracket at its opening, a key indented wrong
 * at the key, a duplicate key at the key itself, a bare ${NAME} in flow style with how to write it.
 */
import type { YAMLError } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { issueAtOffset } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { misalignedKey, overIndentedKey } from './yaml-indent.js';
import { unclosedOpening } from './yaml-unclosed.js';

/** A YAML syntax problem as a ConfigIssue, worded for the user. */
export function yamlErrorIssue(yaml: YamlFile, { error, severity }: { error: YAMLError; severity: 'error' | 'warning' }): ConfigIssue {
  const opened = unclosedOpening(yaml.source, error) ?? overIndentedKey(yaml.source, error) ?? misalignedKey(yaml.source, error);
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
  }
  return issue;
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

const YAML_WORDS: Partial<Record<YAMLError['code'], { expected: string; found: string }>> = {
  DUPLICATE_KEY: { expected: 'each key at most once in a mapping', found: 'this key a second time' },
  MULTIPLE_DOCS: { expected: 'one YAML document per file', found: 'a second document (after ---)' },
  TAB_AS_INDENT: { expected: 'spaces for indentation', found: 'a tab' },
};
