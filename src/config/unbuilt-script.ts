/**
 * What to do about a script a command runs that is not there when it is a build's output: an agent
 * written in TypeScript and run from its compiled file (`command: [node, dist/agent.js]`) before
 * the project was built, the usual cause on a fresh clone and in CI. Said at validate's warning
 * (custom-rules.ts targetProgramsFound) and at the start error of the process (adapters/not-started.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Extensions a TypeScript source is written with, in the order one is looked for. */
const SOURCE_ENDINGS = ['.ts', '.mts', '.tsx', '.cts'];

/**
 * `; not built yet? build the agent first (npm run build: package.json's "build" script), or run
 * its source through tsx (…, src/agent.ts)` for a missing `file` (relative to `folder`, the command's) when the
 * nearest package.json from `folder` up has a build script, or a TypeScript source of the same name
 * is where a build usually reads it from (`src/` for `dist/`, `build/`, `out/`, `lib/`); '' otherwise.
 */
export function unbuiltScriptHint({ folder, file }: { folder: string; file: string }): string {
  const parts = file.replace(/^\.\//, '').split(/[/\\]/);
  // A file in a folder of its own that a build writes, or that is not there at all: a typo of a script beside the config is no build's.
  if (parts.length < 2 || !(BUILD_FOLDER.test(parts[0]!) || !existsSync(path.resolve(folder, path.dirname(file))))) return '';
  const source = sourceOf(folder, parts);
  const build = hasBuildScript(folder);
  if (!build && source === undefined) return '';
  const run = source === undefined ? '' : `${build ? ', or' : ''} run its source through tsx (npm i -D tsx, then command: [node, --import, tsx, ${source}])`;
  return `; not built yet?${build ? ' build the agent first (npm run build: package.json\'s "build" script)' : ''}${run}`;
}

/** The folders a build writes its output to, by custom (tsc's outDir, bundlers'). */
const BUILD_FOLDER = /^(?:dist|build|out|lib)$/;

/** The TypeScript source a build would have compiled to the file of `parts` (`src/agent.ts` for `dist/agent.js`), as written from `folder`, when it is there. */
function sourceOf(folder: string, parts: readonly string[]): string | undefined {
  if (!BUILD_FOLDER.test(parts[0]!) || !/\.(?:c|m)?js$/.test(parts.at(-1)!)) return undefined;
  const stem = [...parts.slice(1, -1), parts.at(-1)!.replace(/\.(?:c|m)?js$/, '')];
  for (const root of ['src', '.']) {
    for (const ending of SOURCE_ENDINGS) {
      const candidate = path.posix.join(root, ...stem) + ending;
      if (existsSync(path.resolve(folder, candidate))) return candidate;
    }
  }
  return undefined;
}

/** Whether the nearest package.json from `folder` up names a `build` script. */
function hasBuildScript(folder: string): boolean {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const scripts = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, unknown> }).scripts;
        return typeof scripts?.build === 'string';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}
