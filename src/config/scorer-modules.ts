/**
 * Custom scorer modules (`expect.custom`): importing one and checking it exports a default function,
 * and what is said of one that does not load or exports none. One owner for both places that
 * import them: `validate` (checkScorerModules, a problem at each suite entry naming the module) and
 * the run (run/custom-scorers.ts, a usage error before the first case).
 */
import path from 'node:path';
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { importModuleOnce } from './import-module.js';
import { issueAtPath, type PathKey } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { isFile } from './read.js';
import type { Salvaged } from './salvage.js';
import type { WrittenSuite } from './schema/suite.js';

export type ScorerModule =
  | { ok: true; fn: (...args: never[]) => unknown }
  | { ok: false; code: 'scorer_unloadable' | 'scorer_not_exported'; message: string; found: string };

/** What a custom scorer module must be, as `expected` says it. */
const EXPECTED = 'a JS or TS module, its path relative to the suite file, that exports a default function (trace) => ({ pass, score?, reason? })';

/**
 * The module's default export, or why there is none usable: it does not load (with its file, line
 * and column when the import says them: a syntax error) or exports no default function. `written`
 * is the path as the suite gives it; `shown`, the file as messages name it.
 */
export async function loadScorerModule(input: { file: string; written: string; shown: string }): Promise<ScorerModule> {
  const { file, written, shown } = input;
  let exports: Record<string, unknown>;
  try {
    exports = await importModuleOnce(file, 'custom scorer');
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replaceAll(file, shown);
    const why = message.includes(shown) ? message : `${shown}: ${message}`;
    return { ok: false, code: 'scorer_unloadable', message: `could not load the custom scorer ${written}: ${why}`, found: `could not load it: ${why.split('\n')[0] ?? why}` };
  }
  const fn = exports.default;
  if (typeof fn === 'function') return { ok: true, fn: fn as (...args: never[]) => unknown };
  return {
    ok: false,
    code: 'scorer_not_exported',
    message: `the custom scorer ${written} must export a default function (trace) => ({ pass, score?, reason? })`,
    found: `${fn === undefined ? 'no default export' : `a default export of type ${typeof fn}`} in ${shown}`,
  };
}

/**
 * Every custom scorer module the suite names, imported and checked, a problem at each entry whose
 * module does not load or exports no default function (a missing file is customScorersExist's).
 */
export async function checkScorerModules(input: {
  suite: Salvaged<WrittenSuite>;
  yaml: YamlFile;
  absPath: string;
  display: (absPath: string) => string;
}): Promise<ConfigIssue[]> {
  const dir = path.dirname(input.absPath);
  const issues: ConfigIssue[] = [];
  // Each module once, however many cases name it: a failed import is not cached by importModuleOnce.
  const loadedByKey = new Map<string, Promise<ScorerModule>>();
  const cases = input.suite.cases ?? [];
  // Indexed, and nothing made for a case without custom scorers: entries() made an iterator, an
  // [index, case] pair and an empty list for every case of a large suite.
  for (let i = 0; i < cases.length; i++) {
    const custom = cases[i]?.expect?.custom;
    if (custom === undefined) continue;
    for (let j = 0; j < custom.length; j++) {
      const written = custom[j];
      if (typeof written !== 'string') continue;
      const file = path.resolve(dir, written);
      if (!isFile(file)) continue;
      // Keyed by the path as written too: the message names the module as the entry does.
      const key = `${file}\0${written}`;
      let loading = loadedByKey.get(key);
      if (loading === undefined) {
        loading = loadScorerModule({ file, written, shown: input.display(file) });
        loadedByKey.set(key, loading);
      }
      const loaded = await loading;
      if (loaded.ok) continue;
      const at: PathKey[] = ['cases', i, 'expect', 'custom', j];
      issues.push(issueAtPath({ yaml: input.yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: loaded.code,
        message: loaded.message,
        expected: EXPECTED,
        found: `${JSON.stringify(written)} (${loaded.found})`,
      }));
    }
  }
  return issues;
}
