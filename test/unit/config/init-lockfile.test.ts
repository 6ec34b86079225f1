// Which lockfile of another package manager than npm locks the project init writes (its workflow
// installs with npm): test/e2e/bad-input.test.ts runs `init` in a pnpm workspace for the note it prints.
// And whether that workflow's `npm ci` can install this package on a CI machine: a tarball path
// package.json records outside the git checkout (`npm i ../x.tgz`) is not on the runner.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installOutsideCheckout } from '../../../src/config/init-install.js';
import { foreignLockfile } from '../../../src/config/init-project.js';
import { formatInitDone } from '../../../src/report/format-init.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-lock-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('foreignLockfile', () => {
  it("is the nearest lockfile in the folder or above, pnpm's or yarn's, none where npm's is nearer or the nearest is above the git checkout's root", () => {
    const dir = makeTree({ 'package.json': '{ "name": "p", "private": true }\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'yarnish/yarn.lock': '# yarn lockfile v1\n', 'npmish/package-lock.json': '{}\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n' });
    // A folder below the lockfile's (init --dir makes it): a workspace's package, locked at the workspace's root.
    expect(foreignLockfile(path.join(dir, 'agents/support'))).toEqual({ file: path.join(dir, 'pnpm-lock.yaml'), manager: 'pnpm' });
    expect(foreignLockfile(path.join(dir, 'yarnish'))).toEqual({ file: path.join(dir, 'yarnish/yarn.lock'), manager: 'yarn' });
    expect(foreignLockfile(path.join(dir, 'npmish'))).toBeUndefined();
    // A lockfile above the git checkout's root is another project's.
    expect(foreignLockfile(path.join(dir, 'repo'))).toBeUndefined();
  });

  it("is named in init's note as the user sees it, with its manager", () => {
    const said = formatInitDone({ adapter: 'module', shown: 'yarnish', files: [], sdkMissing: false, lockedBy: { lockfile: 'yarnish/yarn.lock', manager: 'yarn' } });
    expect(said).toContain("this project is locked by yarnish/yarn.lock: change those steps to yarn's before pushing it");
  });
});

const manifest = (spec: string, field = 'devDependencies'): string => JSON.stringify({ name: 'p', [field]: { 'agentready-cli': spec } });

describe('installOutsideCheckout', () => {
  it('is the nearest package.json naming the package by a path outside the git checkout', () => {
    const dir = makeTree({
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/package.json': manifest('file:../agentready-cli-0.1.0.tgz', 'dependencies'),
      'repo/vendored/package.json': manifest('file:vendor/agentready-cli-0.1.0.tgz'),
      'repo/versioned/package.json': manifest('^0.1.0'),
      'repo/absolute/package.json': manifest('/opt/agentready-cli-0.1.0.tgz'),
      'repo/other/package.json': JSON.stringify({ name: 'o', dependencies: { zod: '^3' } }),
      'outside/package.json': manifest('file:../x.tgz'),
    });
    const repo = path.join(dir, 'repo');
    expect(installOutsideCheckout(repo)).toEqual({ manifest: path.join(repo, 'package.json'), spec: 'file:../agentready-cli-0.1.0.tgz' });
    // init --dir names a folder not made yet: the root's package.json (a workspace's) decides.
    expect(installOutsideCheckout(path.join(repo, 'packages/agent'))?.spec).toBe('file:../agentready-cli-0.1.0.tgz');
    // A package.json that names none: the one above decides.
    expect(installOutsideCheckout(path.join(repo, 'other'))?.manifest).toBe(path.join(repo, 'package.json'));
    expect(installOutsideCheckout(path.join(repo, 'absolute'))).toEqual({ manifest: path.join(repo, 'absolute/package.json'), spec: '/opt/agentready-cli-0.1.0.tgz' });
    // Inside the checkout, or a version: the nearest decides, so the root's path outside is not named.
    expect(installOutsideCheckout(path.join(repo, 'vendored'))).toBeUndefined();
    expect(installOutsideCheckout(path.join(repo, 'versioned'))).toBeUndefined();
    // No checkout: nothing to tell inside from outside.
    expect(installOutsideCheckout(path.join(dir, 'outside'))).toBeUndefined();
  });

  it("is named in init's note, with what to do instead", () => {
    const said = formatInitDone({ adapter: 'stdio', shown: '.', files: [], sdkMissing: false, installedFrom: { manifest: 'package.json', spec: 'file:../x.tgz' } });
    expect(said).toContain("Note: package.json installs agentready-cli from file:../x.tgz, outside the git checkout: the workflow's `npm ci` finds no such path on a CI machine.");
    expect(formatInitDone({ adapter: 'stdio', shown: '.', files: [], sdkMissing: false })).not.toContain('outside the git checkout');
  });
});
