/** What `agentready init` says once it wrote the project: the files, and the next two commands. */
import path from 'node:path';
import { commandHint, configFlag } from '../config/command-hint.js';
import { INSTALLED_ABOVE, type WorkflowPlace } from '../config/init-workflow.js';
import { CONFIG_FILE } from '../config/defaults.js';

export interface InitDone {
  adapter: string;
  /** The project's folder as the user named it ('.' for here). */
  shown: string;
  files: readonly string[];
  sdkMissing: boolean;
  /** Where the workflow went (its file shown from here): at the checkout's root for a project below it, where GitHub reads workflows. */
  workflow?: WorkflowPlace;
  /** The lockfile of another package manager than npm that locks the project (shown), and that manager's name: the workflow installs with npm. */
  lockedBy?: { lockfile: string; manager: string };
  /** The package.json (shown) whose spec for this package is a path outside the git checkout, which the workflow's `npm ci` cannot find on a CI machine. */
  installedFrom?: { manifest: string; spec: string };
}

export function formatInitDone({ adapter, shown, files, sdkMissing, workflow = { at: 'project' }, lockedBy, installedFrom }: InitDone): string {
  const config = shown === '.' ? '' : ` ${configFlag(path.join(shown, CONFIG_FILE))}`;
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
    workflowNote(workflow, shown) +
    (lockedBy === undefined
      ? ''
      : `\nNote: the workflow installs with npm (setup-node's \`cache: npm\`, \`npm ci\`), and this project is locked by ${lockedBy.lockfile}: change those steps to ${lockedBy.manager}'s before pushing it (node_modules/agentready-cli/docs/ci.md, "Another package manager").\n`) +
    (installedFrom === undefined
      ? ''
      : `\nNote: ${installedFrom.manifest} installs agentready-cli from ${installedFrom.spec}, outside the git checkout: the workflow's \`npm ci\` finds no such path on a CI machine. Copy the tarball into the project (vendor/), \`npm i -D ./vendor/<the tarball>\` and commit vendor/ (the README's "Your project").\n`)
  );
}

/** What the user is to know of a workflow made for a project below the checkout's root: where it is, where it installs; to move it when the root's names were taken; that one there was kept. */
function workflowNote(workflow: WorkflowPlace, shown: string): string {
  if (workflow.at === 'project') return '';
  // init run again: the workflow it wrote for this folder (edited or not) stays the user's.
  if (workflow.at === 'kept') return `\nThe workflow at ${workflow.file} runs this project already${workflow.fromRoot === '.' ? '' : ` (its steps run in ${workflow.fromRoot})`}: init left it as it is.\n`;
  // A folder above: the root of npm workspaces (it installs every workspace, agentready-cli hoisted to its node_modules/),
  // or the one npm installs a project with no package.json of its own in; each said as the workflow's comment says it.
  const install =
    workflow.installIn === workflow.fromRoot
      ? ''
      : ` It installs with npm ci in ${workflow.installIn === '.' ? "the repository's root" : workflow.installIn} (${INSTALLED_ABOVE[workflow.above ?? 'no package.json']}), and runs the comment script from the node_modules/ there, where npm puts agentready-cli.`;
  if (workflow.at === 'root') return `\nThe workflow is at ${workflow.file}, where GitHub reads it: its steps run in ${workflow.fromRoot}, its paths named from the repository's root.${install}\n`;
  return `\nNote: GitHub runs only the workflows in the repository's own .github/workflows/, and ${workflow.file} is there already: move ${path.join(shown, '.github', 'workflows', 'agentready.yml')} there under a name of its own (its steps run in ${workflow.fromRoot} and its paths are named from the repository's root already).${install}\n`;
}

// "an http agent", "an exec agent" as they are read aloud; "a stdio agent", "a module agent".
function article(adapter: string): string {
  return /^(?:http|exec)/.test(adapter) ? 'an' : 'a';
}
