/**
 * What a Node process loads: the files of this checkout it loaded as ES modules (through an
 * ES-module load hook in the process itself) and Node's own modules (process.moduleLoadList at
 * its exit). `traceLoads(dir)` writes the hooks into the temp project `dir`; run the process
 * with its `nodeArgs` and `env`, then `read()`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './run-cli.js';

const TRACER = {
  'trace/hooks.mjs': `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.LOADED_LOG, url + '\\n');
  return next(url, context);
}
`,
  'trace/register.mjs': "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  // Node's own modules the process has loaded by its exit (process.moduleLoadList), one a line.
  'trace/builtins.mjs': "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.BUILTINS_LOG, process.moduleLoadList.join('\\n')));\n",
};

export interface LoadTrace {
  nodeArgs: string[];
  env: { LOADED_LOG: string; BUILTINS_LOG: string };
  /** The checkout's files loaded (relative to it, in load order) and Node's own modules (`child_process`, `internal/dgram`…). */
  read(): { loaded: string[]; builtins: string[] };
}

export function traceLoads(dir: string): LoadTrace {
  mkdirSync(join(dir, 'trace'), { recursive: true });
  for (const [path, text] of Object.entries(TRACER)) writeFileSync(join(dir, path), text);
  const env = { LOADED_LOG: join(dir, 'loaded.log'), BUILTINS_LOG: join(dir, 'builtins.log') };
  return {
    nodeArgs: ['--import', join(dir, 'trace/register.mjs'), '--import', join(dir, 'trace/builtins.mjs')],
    env,
    read() {
      const urls = readFileSync(env.LOADED_LOG, 'utf8').split('\n').filter(Boolean);
      const loaded = urls.map((url) => relative(REPO, fileURLToPath(url))).filter((file) => !file.startsWith('..'));
      const builtins = readFileSync(env.BUILTINS_LOG, 'utf8').split('\n').flatMap((line) => (line.startsWith('NativeModule ') ? [line.slice('NativeModule '.length)] : []));
      return { loaded, builtins };
    },
  };
}
