/**
 * The one way a module of the CLI reaches node:fs/promises: loaded when a file is first read or
 * written through it, not as the module loads. Node loads it with a dozen modules of its own
 * (readline's interface, the file watchers, directory handles): a few milliseconds of a command's
 * start, which an `eval` that writes no report file, cassette or baseline never uses (over stdio,
 * nothing else loads it; a module agent's import loads it with Node's ES-module loader). Through
 * `process.getBuiltinModule`, as run/young-generation.ts loads node:perf_hooks: an `import()` the
 * CLI script could not run from its code cache (scripts/build-cli.js).
 */
export function fsPromises(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}
