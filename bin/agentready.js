#!/usr/bin/env node
// The CLI is one bundle (dist/cli-bundle/, built by scripts/build-cli.js): see docs/architecture.md.
import { main } from '../dist/cli-bundle/main.js';

await main(process.argv);
