/**
 * This package's version, read from its package.json: commander's `--version` (all but the bare
 * `agentready --version`, which bin/agentready.js answers without the bundle) and the OTLP resource.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../config/package-root.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

