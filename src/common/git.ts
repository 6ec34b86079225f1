/** The git commit a project's files were at, for the baseline's provenance and the history; whether git tracks a file. */
import { basename, dirname } from 'node:path';
import { execa } from 'execa';

/** `git rev-parse HEAD` in `cwd`; undefined outside a git checkout (or without git). */
export async function gitCommit(cwd: string): Promise<string | undefined> {
  const result = await execa('git', ['rev-parse', 'HEAD'], { cwd, reject: false, timeout: 5000 });
  return result.exitCode === 0 && typeof result.stdout === 'string' ? result.stdout.trim() || undefined : undefined;
}

/**
 * Whether git tracks `file` (committed, or staged to be): `tracked`, `untracked`, or `unknown`
 * when its folder is in no git checkout (or git is missing).
 */
export async function gitTracking(file: string): Promise<'tracked' | 'untracked' | 'unknown'> {
  const result = await execa('git', ['ls-files', '--', basename(file)], { cwd: dirname(file), reject: false, timeout: 5000 });
  if (result.exitCode !== 0 || typeof result.stdout !== 'string') return 'unknown';
  return result.stdout.trim() === '' ? 'untracked' : 'tracked';
}
