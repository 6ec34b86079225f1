/**
 * Whether the workflow `agentready init` writes can install this package on a CI machine: its
 * `npm ci` installs from the path package.json records for a tarball (`npm i ../x.tgz` records
 * `file:../x.tgz`), and a path outside the git checkout does not exist on the runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { upToCheckout } from './checkout.js';
import { SDK_PACKAGE } from './init-project.js';
const DEPENDENCY_FIELDS = ['devDependencies', 'dependencies', 'optionalDependencies'] as const;

/**
 * The nearest package.json from `dir` up to its git checkout's root that names this package, and
 * its spec, when that spec is a path outside the checkout; undefined otherwise (a version, a path
 * inside, no checkout, no package.json naming it).
 */
export function installOutsideCheckout(dir: string): { manifest: string; spec: string } | undefined {
  const { folders, root } = upToCheckout(dir);
  if (root === undefined) return undefined;
  for (const manifest of folders.map((at) => path.join(at, 'package.json')).filter((file) => existsSync(file))) {
    const spec = specIn(manifest);
    if (spec === undefined) continue;
    const target = pathOf(spec);
    if (target === undefined) return undefined;
    const fromRoot = path.relative(root, path.resolve(path.dirname(manifest), target));
    return fromRoot.startsWith('..') || path.isAbsolute(fromRoot) ? { manifest, spec } : undefined;
  }
  return undefined;
}

// The spec package.json gives this package, if any (an unreadable package.json names none).
function specIn(manifest: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    for (const field of DEPENDENCY_FIELDS) {
      const spec = (json[field] as Record<string, unknown> | undefined)?.[SDK_PACKAGE];
      if (typeof spec === 'string') return spec;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

// The path a spec installs from (`file:../x.tgz`, `../x.tgz`, `/abs/x.tgz`), or undefined for a version, a URL, a git spec.
function pathOf(spec: string): string | undefined {
  if (spec.startsWith('file:')) return spec.slice('file:'.length);
  return /^(\.{1,2}\/|\/)/.test(spec) ? spec : undefined;
}
