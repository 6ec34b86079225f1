/** Whether the project runs agentready in CI: a GitHub Actions workflow that mentions it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upToCheckout } from './checkout.js';

/**
 * Whether a GitHub Actions workflow mentioning agentready runs for the project in `from`: in a git
 * checkout, one in its root's .github/workflows, the only one GitHub reads (`init --dir` below the
 * root writes its workflow there, or in the project, to be moved, when the root's name is taken);
 * outside a checkout, one in `from` or a folder above.
 */
export function hasCiWorkflow(from: string): boolean {
  const { folders, root } = upToCheckout(from);
  return root === undefined ? folders.some(mentionsAgentready) : mentionsAgentready(root);
}

/** Whether a workflow in `dir`/.github/workflows mentions agentready. */
function mentionsAgentready(dir: string): boolean {
  const workflows = join(dir, '.github', 'workflows');
  if (!existsSync(workflows)) return false;
  return readdirSync(workflows).some((file) => /\.ya?ml$/.test(file) && readFileSync(join(workflows, file), 'utf8').includes('agentready'));
}
