/**
 * YAML merge keys (`<<: *base`) where any value goes: a case's `context`, a mock's `result`, a
 * world's `state`. The YAML 1.2 parser reads `<<` as a plain key, so where the schema knows the
 * keys it is an unknown key (known-mistakes.ts says why); here the merged keys would silently be
 * missing and the agent, a mock's answer or a state check would get a key named `<<` instead.
 */
import { z } from 'zod';
import type { Node } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { issueAtKey, type PathKey } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { yamlLib } from './yaml-lib.js';

/** What a merge key is told, here and as an unknown key. */
export const MERGE_KEY_WORDS = 'YAML merge keys (`<<: *base`) are not read (YAML 1.2 has none): write the keys out, or alias a whole value (`expect: *checks`)';

/**
 * An error at each merge key of an alias (or a list of them) that no other issue is at (`reported`:
 * the dotted paths of the file's issues): the file's anchors are only read where a merge is
 * written, so a file without `<<` costs one search of its text.
 */
export function mergeKeyIssues(yaml: YamlFile, reported: ReadonlySet<string>): ConfigIssue[] {
  // A file read the fast way has no alias (fast-yaml.ts leaves those to the located parse), so nothing to merge.
  if (yaml.fast || !yaml.source.includes('<<')) return [];
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  const issues: ConfigIssue[] = [];
  const walk = (node: unknown, path: PathKey[]): void => {
    if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : undefined;
      const at = [...path, String(key?.value)];
      const merged = isAlias(pair.value) || (isSeq(pair.value) && pair.value.items.length > 0 && pair.value.items.every((item) => isAlias(item)));
      if (key?.value === '<<' && key.type === 'PLAIN' && merged) {
        const dotted = z.core.toDotPath(at);
        if (!reported.has(dotted)) issues.push(issueAtKey({ yaml, path: at }, {
          path: dotted,
          code: 'merge_key',
          message: 'a YAML merge key, which is not read',
          expected: `keys of its own: ${MERGE_KEY_WORDS}`,
          found: `"<<", read as a key named "<<" holding ${sourceOf(yaml, pair.value as Node)}, whose keys are not merged here`,
        }));
      } else if (key) walk(pair.value, at);
    }
  };
  walk(yaml.doc.contents, []);
  return issues;
}

/** The text a node was written as (`*base`, `[*a, *b]`). */
function sourceOf(yaml: YamlFile, node: Node): string {
  return node.range ? yaml.source.slice(node.range[0], node.range[1]).trim() : 'an alias';
}
