/**
 * agentready's own folder in a project, `<project>/.agentready/`: the run folders (`runs/`), the
 * history (`history.jsonl`) and the suite cache (`cache/`). Every reader and writer of them finds
 * it here, and no output (a reporter's file, `review --out`, `--otlp`) may be written inside it.
 */
import path from 'node:path';

/** The folder beside the config that holds what agentready keeps between commands. */
export function stateFolder(rootDir: string): string {
  return path.join(rootDir, '.agentready');
}
