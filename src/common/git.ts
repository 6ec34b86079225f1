/** The git commit a project's files were at, for the baseline's provenance and the history; what git holds of a file. */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { execFile } from 'node:child_process';
import { upToCheckout } from '../config/checkout.js';

/** `git rev-parse HEAD` in `cwd`; undefined outside a git checkout (or without git). */
export async function gitCommit(cwd: string): Promise<string | undefined> {
  return revParse(cwd, 'HEAD');
}

/** The commit checked out, and whether tracked files had changes not committed (neither outside a checkout). */
export type Checkout = { commit?: string; uncommitted?: true };

/**
 * The commit a run's code is at, for its history lines, and whether tracked files had changes not
 * committed (staged or not: the code run is not the commit's); {} outside a git checkout, or in
 * one with no commit yet. One `git status` (without its optional index lock, so a user's git
 * beside it never waits), which names the commit too; should it fail, `git rev-parse` names the commit alone.
 * Untracked files are not looked at (the run folders are untracked in a project that does not
 * ignore them), nor `.agentready/` of the project (a history kept in git changes with every run),
 * nor the files `besides` names (the baseline, which `baseline update` itself rewrites; one outside
 * the checkout makes git fail the status: the commit alone is named then).
 */
export async function gitCheckout(cwd: string, { besides = [] }: { besides?: readonly string[] } = {}): Promise<Checkout> {
  const others = besides.map((file) => `:(exclude,literal)${relative(cwd, file)}`);
  const stdout = await git(cwd, ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '--untracked-files=no', '--', ':/', ':(exclude).agentready', ...others]);
  // A status past its 5 s (a huge checkout) still names the commit, as before it was asked: changes unknown, none said.
  if (stdout === undefined) {
    const commit = await gitCommit(cwd);
    return commit === undefined ? {} : { commit };
  }
  const commit = /^# branch\.oid ([0-9a-f]{7,})$/m.exec(stdout)?.[1];
  if (commit === undefined) return {};
  // Headers start with `#`; any other line is a changed tracked file.
  const changed = stdout.split('\n').some((line) => line !== '' && !line.startsWith('#'));
  return changed ? { commit, uncommitted: true } : { commit };
}

/** `git rev-parse --show-toplevel` from `cwd`: the checkout's root folder; undefined outside a git checkout (or without git). */
async function gitRoot(cwd: string): Promise<string | undefined> {
  return revParse(cwd, '--show-toplevel');
}

/**
 * The git checkout `dir` is in, when `dir` is below its root: the root, and `dir` from it with `/`
 * (as a workflow at the root names it); undefined at the root or outside a checkout. A `dir` not
 * made yet (`init --dir` is about to) is in the checkout of the nearest folder above it there is.
 */
export async function checkoutAbove(dir: string): Promise<{ root: string; fromRoot: string } | undefined> {
  const wanted = resolvePath(dir);
  let from = wanted;
  while (!existsSync(from) && dirname(from) !== from) from = dirname(from);
  const root = await gitRoot(from);
  if (root === undefined) return undefined;
  const fromRoot = relative(realpathSync(root), join(realpathSync(from), relative(from, wanted)));
  return fromRoot === '' ? undefined : { root, fromRoot: fromRoot.split(sep).join('/') };
}

/**
 * The branch the repository of `dir` takes its pushes on, for the workflow `init` writes: the
 * remote's default branch (origin/HEAD, which a clone records), else `master` when the checkout
 * is on it (a repository made with git's own default before git 3, which is pushed as master);
 * undefined otherwise, or for a name a YAML flow list would not hold as it is.
 */
export async function defaultBranch(dir: string): Promise<string | undefined> {
  // `init --dir` names a folder it is about to make: git is asked from the nearest one there is.
  let from = resolvePath(dir);
  while (!existsSync(from) && dirname(from) !== from) from = dirname(from);
  const remote = (await git(from, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']))?.trim();
  const current = (await git(from, ['symbolic-ref', '--quiet', '--short', 'HEAD']))?.trim();
  const branch = remote?.startsWith('origin/') ? remote.slice('origin/'.length) : current === 'master' ? current : undefined;
  return branch !== undefined && /^[\w./-]+$/.test(branch) ? branch : undefined;
}

/** What `git rev-parse <what>` prints in `cwd`, trimmed; undefined when git fails or prints nothing. */
async function revParse(cwd: string, what: string): Promise<string | undefined> {
  return (await git(cwd, ['rev-parse', what]))?.trim() || undefined;
}

/**
 * What `git <args>` prints in `cwd`; undefined when it fails, exits non-zero, or takes past 5 s.
 * node:child_process, not execa: `eval` asks for the commit while its first cases run, and execa's
 * option handling and error building (git fails outside a checkout) cost ~5.5 ms more of the main
 * thread a call (10 against 4.5 ms CPU, measured alone on Node 20).
 */
function git(cwd: string, args: string[]): Promise<string | undefined> {
  if (!mayBeInCheckout(cwd)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000, encoding: 'utf8', windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/**
 * Whether git could find a checkout from `cwd`: a `.git` (a checkout's folder, or a worktree's or
 * submodule's file) in it or a folder above, or `GIT_DIR` set. Where it could not, git is not
 * spawned: outside a checkout, `eval` asked it twice (the status, then the commit alone), each
 * spawn ~5–10 ms of the main thread while the first cases ran (a fork of a process of ~100 MB,
 * waiting for the exec). A `.git` git would not look at (past `GIT_CEILING_DIRECTORIES`) still
 * spawns it, which then answers as ever.
 */
function mayBeInCheckout(cwd: string): boolean {
  if (process.env['GIT_DIR'] !== undefined) return true;
  // From the folder a symbolic link leads to, as git looks (above a link there may be no .git).
  return upToCheckout(physical(cwd)).root !== undefined;
}

function physical(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch {
    return resolvePath(cwd);
  }
}

/**
 * What git holds of `file`, against HEAD: `committed` (as it is), `changed` (committed, with
 * changes not committed: staged or not), `staged` (added, never committed), `untracked` (or
 * ignored, or removed from the index), or `unknown` when its folder is in no git checkout (or git is missing).
 */
export async function gitTracking(file: string): Promise<'committed' | 'changed' | 'staged' | 'untracked' | 'unknown'> {
  const stdout = await git(dirname(file), ['status', '--porcelain=v1', '--ignored', '--', basename(file)]);
  if (stdout === undefined) return 'unknown';
  // One line `XY path` (X: the index against HEAD, Y: the file against the index), none for a file as committed.
  const status = stdout.split('\n')[0]?.slice(0, 2) ?? '';
  if (status === '') return 'committed';
  // Removed from the index (`git rm --cached`): the next commit deletes it, the file stays untracked.
  if (status === '??' || status === '!!' || status.startsWith('D')) return 'untracked';
  return status.startsWith('A') ? 'staged' : 'changed';
}
