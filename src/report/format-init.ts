/** What `agentready init` says once it wrote the project: the files, and the next two commands. */
import path from 'node:path';
import { commandHint } from '../config/command-hint.js';

export interface InitDone {
  adapter: string;
  /** The project's folder as the user named it ('.' for here). */
  shown: string;
  files: readonly string[];
  sdkMissing: boolean;
  /** The git checkout's root, shown, when the project is in one below its root: GitHub reads workflows only there. */
  gitRootAbove?: string;
  /** With gitRootAbove: the project's folder from the checkout's root, as a workflow names it (its working-directory, its paths). */
  fromRoot?: string;
  /** The lockfile of another package manager than npm that locks the project (shown), and that manager's name: the workflow installs with npm. */
  lockedBy?: { lockfile: string; manager: string };
}

export function formatInitDone({ adapter, shown, files, sdkMissing, gitRootAbove, fromRoot = shown, lockedBy }: InitDone): string {
  const config = shown === '.' ? '' : ` --config ${path.join(shown, 'agentready.config.yaml')}`;
  // The stdio agent imports the SDK by its package name: it must be installed where the project is.
  // Not on the registry yet: from its tarball, as the README's "Your project" says.
  const install = sdkMissing
    ? 'First install this package where the project is (agent.mjs imports agentready-cli/agent): `npm pack` in an agentready checkout, copy the tarball into the project (vendor/) and `npm i -D ./vendor/agentready-cli-<version>.tgz`, as the README\'s "Your project" says (`npm i -D agentready-cli` once it is published)\n'
    : '';
  return (
    `Wrote an agentready project for ${article(adapter)} ${adapter} agent in ${shown}:\n${files.map((file) => `  ${file}`).join('\n')}\n\n` +
    install +
    `Run it: ${commandHint(`eval${config}`)}\n` +
    `Then replace the rules in support.mjs with your agent, and commit a baseline: ${commandHint(`baseline update${config}`)}\n` +
    (gitRootAbove === undefined
      ? ''
      : `\nNote: GitHub runs only the workflows in the repository's own .github/workflows/${rootWorkflows(gitRootAbove)}: move ${path.join(shown, '.github', 'workflows', 'agentready.yml')} there, with its steps run in ${fromRoot} (defaults.run.working-directory: ${fromRoot}) and the paths its upload, download and cache steps and its hashFiles() name under ${fromRoot}/ (those steps are not run in a working-directory), and setup-node's cache-dependency-path at the lockfile when it is not at the root (setup-node looks there only).\n`) +
    (lockedBy === undefined
      ? ''
      : `\nNote: the workflow installs with npm (setup-node's \`cache: npm\`, \`npm ci\`), and this project is locked by ${lockedBy.lockfile}: change those steps to ${lockedBy.manager}'s before pushing it (node_modules/agentready-cli/docs/ci.md, "Another package manager").\n`)
  );
}

/** Where that folder is from here, when it is not here (then `.github/workflows/` says it already). */
function rootWorkflows(gitRoot: string): string {
  return path.normalize(gitRoot) === '.' ? '' : ` (${path.join(gitRoot, '.github', 'workflows')})`;
}

// "an http agent", "an exec agent" as they are read aloud; "a stdio agent", "a module agent".
function article(adapter: string): string {
  return /^(?:http|exec)/.test(adapter) ? 'an' : 'a';
}
