/** Whether the project runs agentready in CI: a GitHub Actions workflow that mentions it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Whether a GitHub Actions workflow mentioning agentready sits in `from` or a folder above it, up to the repository root. */
export function hasCiWorkflow(from: string): boolean {
  for (let dir = from; ; dir = dirname(dir)) {
    const workflows = join(dir, '.github', 'workflows');
    if (existsSync(workflows)) {
      for (const file of readdirSync(workflows)) {
        if (/\.ya?ml$/.test(file) && readFileSync(join(workflows, file), 'utf8').includes('agentready')) return true;
      }
    }
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return false;
  }
}
