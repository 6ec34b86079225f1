#!/usr/bin/env node
// The CLI is one bundle (dist/cli-bundle/, built by scripts/build-cli.js): see docs/architecture.md.
// This file is CommonJS (bin/package.json): a CommonJS entry starts without Node's ES-module
// loader, ~3 ms of Node 20's start-up, so `agentready --version` (the one answer that needs no
// command parser; `cli/version.ts` reads the version for commander's other spellings) loads
// nothing but package.json, and writes it with one writeSync: process.stdout, made on first use,
// costs Node 20 ~3 ms (a stream, and for a pipe or a terminal the net or tty module). Every other
// command imports the bundle, an ES module.
'use strict';
const { accessSync, constants, mkdirSync, readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const line = `${JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')).version}\n`;
  try {
    writeSync(1, line);
  } catch {
    // A non-blocking stdout that is full (EAGAIN) or gone (EPIPE): as any other print goes.
    process.stdout.write(line);
  }
} else {
  enableCompileCache();
  import('../dist/cli-bundle/main.js').then(({ main }) => main(process.argv));
}

/**
 * Node 22.1+ keeps V8's compiled code of the bundle between runs, in a folder of the OS temp folder
 * (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and compiles it each time.
 */
function enableCompileCache() {
  const module = require('node:module');
  if (!module.enableCompileCache || process.env.NODE_DISABLE_COMPILE_CACHE || process.env.NODE_COMPILE_CACHE) return;
  // Node spins forever on a cache folder it cannot create or write: only a usable one is named.
  const folder = join(require('node:os').tmpdir(), 'node-compile-cache');
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
