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

/**
 * The project's folder from the checkout's root, and the lockfile `npm ci` installs from (from the
 * root too: `installIn`/`lockfile`); `above`, when that is a folder above the project, says why.
 */
interface Install {
  fromRoot: string;
  installIn: string;
  lockfile: string;
  above?: InstallAbove;
}

/**
 * Why npm installs a project in a folder above it: the root of npm workspaces that name the project
 * (`npm ci` there installs every workspace), or, the project having no package.json of its own, the
 * nearest folder above with one (or with a lockfile), which `npm i` there uses.
 */
export type InstallAbove = 'workspace root' | 'no package.json';

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
 * Where npm installs the project, from the checkout's root, and its lockfile there: the project's
 * folder when it has a package.json or a lockfile of its own, unless the root of npm workspaces
 * above names it; else the nearest folder above with either (`npm i` in the project installs
 * there); else the project's (`npm i` there writes its package-lock.json). A lockfile above a
 * project with a package.json of its own, in no workspace, is another package's: `npm ci` there
 * would not install the project's dependencies.
 */
function lockfileFolder({ root, fromRoot }: CheckoutAbove): Omit<Install, 'fromRoot'> {
  const lockfileIn = (at: string) => path.posix.join(at, NPM_LOCKFILES.find((file) => existsSync(path.join(root, at, file))) ?? 'package-lock.json');
  const isPackage = (at: string) => existsSync(path.join(root, at, 'package.json')) || NPM_LOCKFILES.some((file) => existsSync(path.join(root, at, file)));
  if (isPackage(fromRoot)) {
    const workspaceRoot = ancestors(fromRoot).find((at) => namesWorkspace({ root, at, member: path.posix.relative(at, fromRoot) }));
    return workspaceRoot === undefined ? { installIn: fromRoot, lockfile: lockfileIn(fromRoot) } : { installIn: workspaceRoot, lockfile: lockfileIn(workspaceRoot), above: 'workspace root' };
  }
  const nearest = ancestors(fromRoot).find(isPackage);
  return nearest === undefined ? { installIn: fromRoot, lockfile: lockfileIn(fromRoot) } : { installIn: nearest, lockfile: lockfileIn(nearest), above: 'no package.json' };
}

// The folders above `fromRoot` up to the checkout's root (`.`), nearest first.
function ancestors(fromRoot: string): string[] {
  const above: string[] = [];
  for (let at = fromRoot; at !== '.'; ) above.push((at = path.posix.dirname(at)));
  return above;
}

/** Whether the package.json in `at` names `member` (a folder below it) among its npm workspaces (`"packages/*"`, `{ "packages": [...] }`). */
function namesWorkspace({ root, at, member }: { root: string; at: string; member: string }): boolean {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(root, at, 'package.json'), 'utf8'));
  } catch {
    return false;
  }
  const rawWorkspaces = (raw as { workspaces?: unknown } | null)?.workspaces;
  const listed = Array.isArray(rawWorkspaces) ? rawWorkspaces : (rawWorkspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(listed) && listed.some((pattern) => typeof pattern === 'string' && workspaceGlob(pattern).test(member));
}

// A workspaces pattern as a regular expression over a folder path: `*` any name, `**` any depth.
function workspaceGlob(pattern: string): RegExp {
  const parts = path.posix.normalize(pattern.trim()).replace(/^\.\/|\/+$/g, '').split(/(\*\*|\*)/);
  return new RegExp(`^${parts.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
}

/** The workflow's comment on the folder `npm ci` runs in, above the project's: why there. */
export const INSTALLED_ABOVE: Record<InstallAbove, string> = {
  'workspace root': 'the root of the npm workspaces the project is one of: npm ci there installs every workspace',
  'no package.json': 'the project has no package.json of its own: npm installs it in the nearest folder above with one',
};

/** `text`, the template's workflow, made to run from the checkout's root for a project in `fromRoot`, installed in `installIn`. */
export function workflowBelowRoot(text: string, { fromRoot, installIn, lockfile, above }: Install): string {
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
      // A workspace's root (npm ci there installs every workspace, and npm hoists agentready-cli to its node_modules/), or the
      // folder npm installs a project with no package.json of its own in.
      [/^( {6})- run: npm ci$/gm, `$1- run: npm ci\n$1  working-directory: ${installIn}     # ${INSTALLED_ABOVE[above ?? 'no package.json']}`],
      ['node node_modules/agentready-cli/', `node ${toInstall}/node_modules/agentready-cli/`],
    );
  }
  return edits.reduce((out, [from, to]) => {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`the init workflow template no longer holds ${String(from)}`);
    return next;
  }, text);
}
