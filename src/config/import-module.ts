/**
 * Loading a user's ES module, JavaScript or TypeScript: agent modules, custom scorers, tool handlers. TypeScript
 * goes through tsx's loader, which works on Node 20 without flags.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** The module's ES exports; throws what the import threw (a missing file, a syntax error). */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.has(path.extname(file))) {
    const { tsImport } = await import('tsx/esm/api');
    return interopExports((await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>);
  }
  return interopExports((await import(pathToFileURL(file).href)) as Record<string, unknown>);
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/**
 * The module's exports, imported once per process: `validate`'s check of a handler module and
 * the run's use of it share one evaluation (tsx would otherwise evaluate a TS module twice).
 */
export function importModuleOnce(file: string): Promise<Record<string, unknown>> {
  let exports = loaded.get(file);
  if (exports === undefined) {
    exports = importModule(file);
    loaded.set(file, exports);
    // A failed import is not cached: the next attempt reads the file again.
    exports.catch(() => loaded.delete(file));
  }
  return exports;
}

/**
 * The ES exports of the module. A TypeScript file outside a `"type": "module"` package is
 * compiled as CommonJS, so its exports arrive wrapped as the namespace's `default`: unwrap them.
 */
function interopExports(exports: Record<string, unknown>): Record<string, unknown> {
  const inner = exports.default;
  if (typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>).default === 'function') {
    return inner as Record<string, unknown>;
  }
  return exports;
}
