/**
 * How a command that never ran reads, for every process agentready starts (a stdio agent, a
 * user simulator, an exec command, a `target.start` server): execa's `spawn x ENOENT`, with a
 * hint for its usual cause. The one wording, so a typo in `command:` reads the same everywhere.
 */

/** What execa's result says of a spawn that failed. */
export interface SpawnFailure {
  code?: string;
  originalMessage?: string;
  shortMessage?: string;
}

/** `could not be started (spawn x ENOENT): no such program on the PATH, or file or folder from <cwd>`. */
export function notStarted(result: SpawnFailure, cwd: string): string {
  // One line: execa puts its own sentence (`The "cwd" option is invalid: …`) on a line before the spawn's.
  const said = (result.originalMessage ?? result.shortMessage ?? 'no reason given').split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
  const why = `could not be started (${said})`;
  return result.code === 'ENOENT' ? `${why}: no such program on the PATH, or file or folder from ${cwd}` : why;
}
