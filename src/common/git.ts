/** The git commit a project's files were at, for the baseline's provenance and the history. */
import { execa } from 'execa';

/** `git rev-parse HEAD` in `cwd`; undefined outside a git checkout (or without git). */
export async function gitCommit(cwd: string): Promise<string | undefined> {
  const result = await execa('git', ['rev-parse', 'HEAD'], { cwd, reject: false, timeout: 5000 });
  return result.exitCode === 0 && typeof result.stdout === 'string' ? result.stdout.trim() || undefined : undefined;
}
