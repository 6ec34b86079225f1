/**
 * The GitHub Actions workflow `agentready init` writes, and where. GitHub reads workflows only in
 * the repository's own .github/workflows: a project in a subfolder of a git checkout gets its
 * workflow there (never over one of that name), its run steps run in the project's folder, and
 * the paths of the steps that run in no folder (upload, download, cache, hashFiles(),
 * setup-node's cache-dependency-path) are named from the root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { yamlLib } from './yaml-lib.js';

export const WORKFLOW = '.github/workflows/agentready.yml';

/** A git checkout the project is in, below its root: the root, and the project's folder from it with `/`. */
export interface CheckoutAbove {
  root: string;
  fromRoot: string;
}

/**
 * Where the workflow went: in the project (at the checkout's root, or in no checkout); at the
 * checkout's root for a project below it (`agentready.yml`, or `agentready-<folder>.yml` when
 * another project's workflow has that name); or in the project, made for the root, because
 * `file` at the root was taken by another's; or nowhere, because an agentready workflow that runs
 * this project's folder is at `file` already (init run again): it is kept as it is. `installIn`
 * is the folder `npm ci` runs in, from the root: the nearest with an npm lockfile (a
 * workspace's root), else the project's.
 */
export type WorkflowPlace =
  | { at: 'project' }
  /** `besideAnother`: named for the project's folder (`agentready-<folder>.yml`), another project's workflow having `agentready.yml`. */
  | ({ at: 'root'; file: string; besideAnother: boolean } & Install)
  | ({ at: 'taken'; file: string } & Install)
  | { at: 'kept'; file: string; fromRoot: string };

/** The project's folder from the checkout's root, and the lockfile `npm ci` installs from (from the root too: `installIn`/`lockfile`). */
interface Install {
  fromRoot: string;
  installIn: string;
  lockfile: string;
}

/** npm's lockfiles, the ones `npm ci` installs from. */
export const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * Where the workflow of the project in `dir` goes (the path from `dir`; none when one that runs
 * this project is there already), and what that place is. Never a file that is there: below the
 * root, `agentready.yml` when free, else `agentready-<folder>.yml`, else in the project.
 */
export function workflowPlace(dir: string, checkout: CheckoutAbove | undefined): { file: string | undefined; place: WorkflowPlace } {
  if (checkout === undefined) {
    const file = path.join(dir, WORKFLOW);
    return runsFolder(file) === '.' ? { file: undefined, place: { at: 'kept', file, fromRoot: '.' } } : { file: WORKFLOW, place: { at: 'project' } };
  }
  const install = { fromRoot: checkout.fromRoot, ...lockfileFolder(checkout) };
  const names = [WORKFLOW, path.posix.join(path.posix.dirname(WORKFLOW), `agentready-${folderSlug(checkout.fromRoot)}.yml`)];
  for (const [at, name] of names.entries()) {
    const file = path.join(checkout.root, name);
    if (!existsSync(file)) return { file: path.relative(dir, file), place: { at: 'root', file, besideAnother: at > 0, ...install } };
    if (runsFolder(file) === checkout.fromRoot) return { file: undefined, place: { at: 'kept', file, fromRoot: checkout.fromRoot } };
  }
  return { file: WORKFLOW, place: { at: 'taken', file: path.join(checkout.root, WORKFLOW), ...install } };
}

/** The project's folder from the root as one name (`packages/agent` → `packages-agent`): in file names, cache keys, concurrency groups. */
function folderSlug(fromRoot: string): string {
  return fromRoot.replace(/[^\w.-]+/g, '-');
}

/**
 * The folder, from the checkout's root, whose project the agentready workflow in `file` runs
 * (its `defaults.run.working-directory`, as init writes it; `.` when it has none), or undefined
 * for a file that is not one (no step runs agentready) or is not YAML. Read by meaning, not by
 * its bytes: users edit their workflows.
 */
function runsFolder(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = yamlLib().parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const rawFlow = raw as { defaults?: { run?: { 'working-directory'?: unknown } }; jobs?: Record<string, { steps?: { run?: unknown }[] } | null> } | null;
  const runs = Object.values(rawFlow?.jobs ?? {}).some((job) => (job?.steps ?? []).some((step) => typeof step?.run === 'string' && /\bagentready\b/.test(step.run)));
  if (!runs) return undefined;
  const rawFolder = rawFlow?.defaults?.run?.['working-directory'] ?? '.';
  return typeof rawFolder === 'string' ? path.posix.normalize(rawFolder.trim()).replace(/\/+$/, '') || '.' : undefined;
}

/**
 * The nearest npm lockfile from the project's folder up to the checkout's root, and its folder,
 * from the root; the project's package-lock.json when there is none yet (`npm i` there writes it).
 */
function lockfileFolder({ root, fromRoot }: CheckoutAbove): { installIn: string; lockfile: string } {
  for (let at = fromRoot; ; at = path.posix.dirname(at)) {
    const found = NPM_LOCKFILES.find((file) => existsSync(path.join(root, at, file)));
    if (found !== undefined) return { installIn: at, lockfile: path.posix.join(at, found) };
    if (at === '.') return { installIn: fromRoot, lockfile: path.posix.join(fromRoot, 'package-lock.json') };
  }
}

/** `text`, the template's workflow, made to run from the checkout's root for a project in `fromRoot`, installed in `installIn`. */
export function workflowBelowRoot(text: string, { fromRoot, installIn, lockfile }: Install): string {
  const name = folderSlug(fromRoot);
  const toInstall = path.posix.relative(fromRoot, installIn);
  const edits: [string | RegExp, string][] = [
    // Each project's own runs cancel each other, and its own history is restored: both are the repository's, not the workflow's.
    ['group: agentready-${{', `group: agentready-${name}-\${{`],
    [/agentready-history-/g, `agentready-history-${name}-`],
    // Nor does it edit another's pull-request comment: each project's verdict keeps a comment of its own.
    ['--exit-code "${{ steps.merge.outputs.exit-code }}"', `--exit-code "\${{ steps.merge.outputs.exit-code }}" --id ${name}`],
    [
      /^jobs:$/m,
      `# The project is in ${fromRoot}: every run step runs there. The steps that upload, download and\n# cache, and hashFiles(), run in no folder: their paths are from the repository's root.\ndefaults:\n  run:\n    working-directory: ${fromRoot}\njobs:`,
    ],
    // setup-node looks for the lockfile at the root only.
    [/with: \{ node-version: 22, cache: npm \}/g, `with: { node-version: 22, cache: npm, cache-dependency-path: ${lockfile} }`],
    [/path: \.agentready\//g, `path: ${fromRoot}/.agentready/`],
    [/^( {12})(\.agentready\/runs\/|agentready-junit\.xml)$/gm, `$1${fromRoot}/$2`],
    ["hashFiles('.agentready/", `hashFiles('${fromRoot}/.agentready/`],
  ];
  if (toInstall !== '') {
    edits.push(
      // The lockfile is a workspace's root's: npm ci there installs every workspace, and npm hoists agentready-cli to its node_modules/.
      [/^( {6})- run: npm ci$/gm, `$1- run: npm ci\n$1  working-directory: ${installIn}     # where the lockfile is: npm workspaces install from their root`],
      ['node node_modules/agentready-cli/', `node ${toInstall}/node_modules/agentready-cli/`],
    );
  }
  return edits.reduce((out, [from, to]) => {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`the init workflow template no longer holds ${String(from)}`);
    return next;
  }, text);
}
