/** Importing a user's JS or TS module (an agent, a custom scorer): TypeScript through tsx's loader, which works on Node 20 without flags. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** The module's ES exports; throws what the import threw. */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  if (TS_EXTENSIONS.has(path.extname(file))) {
    const { tsImport } = await import('tsx/esm/api');
    return interopExports((await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>);
  }
  return interopExports((await import(pathToFileURL(file).href)) as Record<string, unknown>);
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
