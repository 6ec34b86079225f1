// package.json's engines.node against what runs: every runtime dependency the lockfile installs
// admits each Node release engines admits, and engines admits no release that lacks a Node API
// the CLI calls (Node 22.0 failed `agentready eval` with "process.getBuiltinModule is not a
// function" while engines said ">=20.19"), nor one where a CommonJS agent cannot require the
// package (ERR_REQUIRE_ESM on 22.3-22.11).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// npm's own range reading (hoisted from the dev dependencies: eslint, vite, …).
const semver = createRequire(join(ROOT, 'package.json'))('semver') as { satisfies(version: string, range: string): boolean };

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { type?: string; engines: { node: string }; exports: Record<string, unknown> };
const engines = manifest.engines.node;
type LockEntry = { dev?: boolean; engines?: { node?: string } | string[] };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** The first release of each Node line from 18 to 26 that engines admits, and the line's last (x.99.0 standing for it). */
function admittedEnds(): string[] {
  const ends: string[] = [];
  for (let major = 18; major <= 26; major++) {
    const minor = Array.from({ length: 100 }, (_, i) => i).find((i) => semver.satisfies(`${major}.${i}.0`, engines));
    if (minor !== undefined) ends.push(`${major}.${minor}.0`, `${major}.99.0`);
  }
  return ends;
}

/** Node APIs the CLI calls unguarded, and the first release of each line that has them (no entry: the line lacks it). */
const NODE_APIS: { api: string; since: Record<number, string> }[] = [
  { api: 'process.getBuiltinModule', since: { 20: '20.16.0', 22: '22.3.0', 23: '23.0.0', 24: '24.0.0', 25: '25.0.0', 26: '26.0.0' } },
];
/** require() of an ES module without a flag: what a CommonJS agent needs to load an ES-module-only package. */
const REQUIRE_ESM: Record<number, string> = { 20: '20.19.0', 22: '22.12.0', 23: '23.0.0', 24: '24.0.0', 25: '25.0.0', 26: '26.0.0' };

// Returns the releases among `versions` that come before `since`'s first of their line.
function before(versions: string[], since: Record<number, string>): string[] {
  return versions.filter((version) => {
    const first = since[Number(version.split('.')[0])];
    return first === undefined || semver.satisfies(version, `<${first}`);
  });
}

function* sourceTexts(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceTexts(path);
    else if (entry.name.endsWith('.ts')) yield readFileSync(path, 'utf8');
  }
}

describe('package.json engines.node', () => {
  it('admits Node 20.19 and the current lines', () => {
    for (const version of ['20.19.0', '22.12.0', '24.0.0']) expect(semver.satisfies(version, engines), version).toBe(true);
  });

  it('is admitted by every runtime dependency in the lockfile, at both ends of each Node line it admits', () => {
    const ends = admittedEnds();
    const refused = Object.entries(lock.packages).flatMap(([key, entry]) => {
      const range = !entry.dev && key !== '' && entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      return range === undefined ? [] : ends.filter((version) => !semver.satisfies(version, range)).map((version) => `${key} (${range}) refuses ${version}`);
    });
    expect(refused).toEqual([]);
  });

  it('admits no release that lacks a Node API src/ calls', () => {
    const sources = [...sourceTexts(join(ROOT, 'src'))];
    const lacking = NODE_APIS.filter(({ api }) => sources.some((text) => text.includes(api))).flatMap(({ api, since }) =>
      before(admittedEnds(), since).map((version) => `${version} lacks ${api}`),
    );
    expect(lacking).toEqual([]);
  });

  it('admits no release where a CommonJS agent cannot require the package, which is ES modules only', () => {
    // No `require` condition in exports: a CommonJS agent's require('agentready-cli/agent') loads the ES module itself.
    expect(manifest.type).toBe('module');
    expect(JSON.stringify(manifest.exports)).not.toContain('"require"');
    expect(before(admittedEnds(), REQUIRE_ESM)).toEqual([]);
  });
});
