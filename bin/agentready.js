#!/usr/bin/env node
// The CLI is one bundle (dist/cli-bundle/, built by scripts/build-cli.js): see docs/architecture.md.
// This file is CommonJS (bin/package.json): a CommonJS entry starts without Node's ES-module
// loader, ~3 ms of Node 20's start-up, so `agentready --version` (the one answer that needs no
// command parser; `cli/version.ts` reads the version for commander's other spellings) loads
// nothing but package.json, and writes it with one writeSync: process.stdout, made on first use,
// costs Node 20 ~3 ms (a stream, and for a pipe or a terminal the net or tty module). Every other
// command loads the CLI through load-cli.js (the CLI script with V8's code cache).
'use strict';
const { readFileSync, writeSync } = require('node:fs');
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
} else if (typeof process.getBuiltinModule !== 'function') {
  // package.json's engines.node: the CLI calls process.getBuiltinModule throughout, which Node 21
  // and 22.0-22.2 lack (added in 22.3, and in 20.16 on 20); told here, not as a bug of agentready.
  // (22.3-22.11 run the CLI, but engines leaves them out: there a CommonJS agent cannot require the package.)
  process.stderr.write(`agentready: Node.js ${process.version} is not supported: agentready needs Node.js 20.19 or later on 20, or 22.12 or later (package.json "engines")\n`);
  process.exitCode = 2;
} else {
  require('./load-cli.js')
    .loadCli()
    .then(({ main }) => main(process.argv));
}
