#!/usr/bin/env node
// The CLI is one bundle (dist/cli-bundle/, built by scripts/build-cli.js): see docs/architecture.md.
// Node 22.1+ keeps V8's compiled code of it between runs (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1
// turns it off); Node 20 has no such cache and compiles it each time.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/cli-bundle/main.js');
await main(process.argv);
