/**
 * The package as a user gets it: `npm pack` of this checkout (dist/ built beforehand), installed
 * with `npm ci --offline` into a fresh project, so that only what `files` ships and what the npm
 * cache already holds is used. No network: `npm ci` of this checkout cached every dependency's
 * tarball, but not the registry's version lists that `npm install <tarball>` would need to
 * resolve ranges, so the fresh project gets a lockfile cut from this checkout's own: the same
 * versions, found in the cache by their integrity.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { execa } from 'execa';
import { REPO } from './run-cli.js';

export const PACKAGE_NAME = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string }).name;

/** The packs and installed projects of the current test file, removed after it (kept with KEEP_E2E=1). */
const made: string[] = [];

/** Removes the test file's packs and installed projects: called after each file by test/e2e/helpers/file-cleanup.ts. */
export function cleanUpInstalled(): void {
  if (process.env.KEEP_E2E) return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

type LockEntry = {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
};
type Manifest = { name: string; version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };

const checkoutLock = () => (JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
const checkoutManifest = () => JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;

export interface Packed {
  tarball: string;
  integrity: string;
  files: string[];
}

/** `npm pack` of the checkout (its `prepare` is skipped: the tests run after the build). */
export async function packCheckout(): Promise<Packed> {
  const destination = tempDir('agentready-pack-');
  const { stdout } = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: REPO });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; integrity: string; files: Array<{ path: string }> }>;
  return { tarball: join(destination, packed!.filename), integrity: packed!.integrity, files: packed!.files.map((file) => file.path) };
}

/** Where Node finds `name` from the package at `from` ('' is the project): the nearest node_modules up the tree. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf('/node_modules/')))) {
    const candidate = at === '' ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (at === '') return undefined;
  }
}

/**
 * The lockfile of a project whose dev dependency is the tarball: every package it needs, at the
 * path and version it has here.
 */
function lockFor(packed: Packed, projectDir: string): { lock: object; devDependencies: Record<string, string> } {
  const packages = checkoutLock();
  const manifest = checkoutManifest();
  const tarballSpec = `file:${posix.normalize(relative(projectDir, packed.tarball))}`;
  const kept: Record<string, LockEntry> = {};
  const queue: Array<[string, string]> = Object.keys(manifest.dependencies).map((name) => ['', name]);
  while (queue.length > 0) {
    const [from, name] = queue.pop()!;
    const at = resolveIn(packages, from, name);
    if (!at || kept[at]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[at]!;
    kept[at] = { ...entry, dev: true };
    for (const deps of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies]) {
      for (const dep of Object.keys(deps ?? {})) queue.push([at, dep]);
    }
  }
  const devDependencies = { [manifest.name]: tarballSpec };
  kept[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: tarballSpec,
    integrity: packed.integrity,
    dev: true,
    dependencies: manifest.dependencies,
    bin: manifest.bin,
    engines: manifest.engines,
  };
  const root = { name: 'user-project', devDependencies };
  return { lock: { name: 'user-project', lockfileVersion: 3, requires: true, packages: { '': root, ...kept } }, devDependencies };
}

/**
 * A fresh ES-module project with the tarball installed offline as a dev dependency, `files` in it,
 * and `linked` (names of this checkout's own dev dependencies, such as typescript: tools the tests
 * run there, not what they test) linked from this checkout's node_modules, as a workspace links
 * them: installed as well, typescript and @types/node cost `npm ci` ~1.6 s of CPU to unpack.
 */
export async function installedProject(packed: Packed, files: Record<string, string>, linked: string[] = []): Promise<string> {
  const dir = tempDir('agentready-user-');
  const { lock, devDependencies } = lockFor(packed, dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module', devDependencies }, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  await execa('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: { npm_config_update_notifier: 'false' } });
  for (const name of linked) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const INSTALLED_ENV = { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_WORKSPACE: '' };

/** Runs the installed command as the docs say to: `npx --no-install agentready …`, in `dir` (or a folder below it). */
export function runInstalledWithNpx(dir: string, args: string[], subdir = '.') {
  return execa('npx', ['--no-install', 'agentready', ...args], { cwd: join(dir, subdir), reject: false, env: INSTALLED_ENV, timeout: 120_000 });
}

/**
 * Runs the bin `npx --no-install agentready …` finds (the project's node_modules/.bin/agentready)
 * in `dir` (or a folder below it), as npx starts it (npm_config_user_agent names npm, so the hints
 * name npx), without npx's ~0.5 s of CPU a call: for the tests not about npx.
 */
export function runInstalled(dir: string, args: string[], subdir = '.') {
  return execa('node', [join(dir, 'node_modules/.bin/agentready'), ...args], {
    cwd: join(dir, subdir),
    reject: false,
    env: { ...INSTALLED_ENV, npm_config_user_agent: `npm/? node/${process.version} ${process.platform} ${process.arch} workspaces/false` },
    timeout: 120_000,
  });
}
