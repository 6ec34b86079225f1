/** The config's `baseline:` path (or the default) checked before a run: it must be a file or nothing yet. */
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { DEFAULT_BASELINE } from './defaults.js';
import type { Display } from './load.js';
import { issueAtPath } from './locate.js';
import { notRegularFile } from './read.js';
import { kernelFilesystem } from './kernel-filesystem.js';
import type { WrittenConfig } from './schema/config.js';
import type { CheckedFile } from './validate.js';

/** The baseline's path names a folder, a socket or a device, or lies under a file or in /proc or /sys: no run could read or write it (a missing file is a first run). */
export function baselineNotFile(input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: Display }): ConfigIssue[] {
  const { config, rootDir, display } = input;
  const raw = config.value?.baseline ?? (config.data as Record<string, unknown> | undefined)?.baseline;
  const written = typeof raw === 'string' && raw.length > 0 ? raw : undefined;
  const absPath = path.resolve(rootDir, written ?? DEFAULT_BASELINE);
  const kind = notRegularFile(absPath) ?? underFile(absPath, display);
  if (!kind) return [];
  return [issueAtPath({ yaml: config.yaml, path: written === undefined ? [] : ['baseline'] }, {
    path: written === undefined ? '' : 'baseline',
    code: 'unreadable',
    message: `the baseline ${display(absPath)} is ${kind}`,
    expected: `the path of the baseline file, relative to the config file${written === undefined ? ' (set `baseline:`; the default is agentready.baseline.json)' : ''}`,
    found: `${JSON.stringify(written ?? DEFAULT_BASELINE)}: ${kind}`,
  })];
}

/**
 * The file above a missing path, where `baseline update` could make no folder (`baseline:
 * evals/a.suite.yaml/b.json`): reading it is ENOTDIR, and writing it would fail once every case ran.
 */
function underFile(absPath: string, display: Display): string | undefined {
  for (let at = path.dirname(absPath); at !== path.dirname(at); at = path.dirname(at)) {
    const stats = statOrNothing(at);
    if (stats && !stats.isDirectory()) return `under ${display(at)}, a file: no folder can be made there`;
    // Under /proc or /sys: `baseline update` ran every case, then failed on the mkdir as agentready's own 'unexpected error'.
    const kernel = stats ? kernelFilesystem(at) : undefined;
    if (kernel) return `under ${display(at)}, on the kernel's ${kernel} filesystem: no file can be made there`;
    if (stats) return undefined;
  }
  return undefined;
}

// Returns what is at `path`, or nothing there (ENOENT, or ENOTDIR: a file further up, which the loop reaches).
function statOrNothing(at: string): Stats | undefined {
  try {
    return statSync(at);
  } catch {
    return undefined;
  }
}
