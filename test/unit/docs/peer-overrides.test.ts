// `npm ci` in this checkout warns "ERESOLVE overriding peer dependency" for every package whose
// peer the lockfile resolves to a version outside its range: the README's Development section names
// the devDependency each comes with, so a contributor on a fresh clone knows the warning is expected;
// and an npm that asks to approve install scripts (npm 11's allowScripts) names the packages it lists.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
// npm's own range reading (hoisted from the dev dependencies: eslint, vite, …).
const semver = createRequire(join(ROOT, 'package.json'))('semver') as { satisfies(version: string, range: string, options: { includePrerelease: boolean }): boolean };
type LockEntry = { version?: string; hasInstallScript?: boolean; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
const lock = (JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;

// Returns the entry Node would resolve `name` to from the package at lock key `from`: its own node_modules, then each folder above.
function resolved(from: string, name: string): LockEntry | undefined {
  for (let dir = from; ; ) {
    const entry = lock[`${dir === '' ? '' : `${dir}/`}node_modules/${name}`];
    if (entry !== undefined || dir === '') return entry;
    const above = dir.lastIndexOf('/node_modules/');
    dir = above === -1 ? '' : dir.slice(0, above);
  }
}

/** The package a lock key is installed under: `@mastra/core` for node_modules/@mastra/core/node_modules/ai. */
function ownerOf(key: string): string {
  return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key)![1]!;
}

describe("npm ci's peer dependency overrides", () => {
  it('come with the devDependencies the README names as their cause', () => {
    const owners = new Set(
      Object.entries(lock).flatMap(([key, entry]) =>
        Object.entries(entry.peerDependencies ?? {})
          .filter(([peer]) => !entry.peerDependenciesMeta?.[peer]?.optional)
          .filter(([peer, range]) => {
            const version = resolved(key, peer)?.version;
            return version !== undefined && !semver.satisfies(version, range, { includePrerelease: true });
          })
          .map(() => ownerOf(key)),
      ),
    );
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const sentence = /`npm warn ERESOLVE overriding peer dependency` lines are ([^:]+):/.exec(readme)?.[1] ?? '';
    // Both ways: a devDependency removed, or one that no longer overrides, leaves no stale name behind.
    const named = [...sentence.matchAll(/`([^`]+)`/g)].map(([, name]) => name!);
    expect(named.sort()).toEqual([...owners].sort());
  });
});

describe("npm ci's install scripts not yet covered by allowScripts", () => {
  it('are those of the packages the README names', () => {
    const withScripts = new Set(Object.entries(lock).filter(([key, entry]) => key !== '' && entry.hasInstallScript === true).map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const sentence = /`npm warn ERESOLVE[^]*?`install scripts not yet covered by allowScripts`\) names ([^(:]+)/.exec(readme)?.[1] ?? '';
    const named = [...sentence.matchAll(/`([^`]+)`/g)].map(([, name]) => name!);
    expect(named.sort()).toEqual([...withScripts].sort());
  });
});
