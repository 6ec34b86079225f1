#!/usr/bin/env node
// The CLI is one bundle (dist/cli-bundle/, built by scripts/build-cli.js): see docs/architecture.md.
// Node 22.1+ keeps V8's compiled code of it between runs, in a folder of the OS temp folder
// (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and compiles it each time.
import { accessSync, constants, mkdirSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (module.enableCompileCache && !process.env.NODE_DISABLE_COMPILE_CACHE && !process.env.NODE_COMPILE_CACHE) {
  // Node spins forever on a cache folder it cannot create or write: only a usable one is named.
  const folder = join(tmpdir(), 'node-compile-cache');
  try {
    // Not `recursive`: Node 22's recursive mkdir spins on some unwritable parents (/proc/self).
    try {
      mkdirSync(folder);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    accessSync(folder, constants.W_OK);
    module.enableCompileCache(folder);
  } catch {
    // No cache: the bundle is compiled as on Node 20.
  }
}
const { main } = await import('../dist/cli-bundle/main.js');
await main(process.argv);
