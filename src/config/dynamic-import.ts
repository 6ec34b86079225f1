/**
 * `import()` of what the CLI bundle does not hold: a user's module (import-module.ts) and tsx's
 * loader. The CLI runs as one script compiled from V8's code cache (bin/load-cli.js), and V8
 * loses a cached script's `import()` callback ("A dynamic import callback was not specified"):
 * there the build names the loader's own `import()`, AGENTREADY_IMPORT, as this module's. The
 * ES-module bundle, tsc's dist/ and the tests have none and call `import()` here.
 */
declare const AGENTREADY_IMPORT: ((specifier: string) => Promise<unknown>) | undefined;

export function importSpecifier(specifier: string): Promise<unknown> {
  return typeof AGENTREADY_IMPORT === 'function' ? AGENTREADY_IMPORT(specifier) : import(specifier);
}
