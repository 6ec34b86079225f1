/**
 * Whether a located YAML document has a key at a path, its aliases followed (parse-yaml.ts's
 * `hasIn` for a file read with positions).
 */
import type { Document } from 'yaml';
import { yamlLib } from './yaml-lib.js';

/**
 * `doc.hasIn` through aliases: yaml's stops at one, so a case written as an alias of another
 * (`- *base`) was told it had no `input`, which its anchor's case has.
 */
export function locatedHasIn(doc: Document.Parsed, path: readonly (string | number)[]): boolean {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
      if (!pair) return false;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && key >= 0 && key < node.items.length) {
      node = node.items[key];
    } else {
      return false;
    }
  }
  return true;
}
