/** This package's version, read from its package.json; nothing else is loaded to say it. */
import { readFileSync } from 'node:fs';
import { packageFile } from '../config/package-root.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Whether the command line asks only for the version (`agentready --version`), as commander would answer it. */
export function asksOnlyVersion(rawArgv: readonly string[]): boolean {
  const args = rawArgv.slice(2);
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}
