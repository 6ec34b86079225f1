// `--base-baseline <file>`: the base branch's baseline, user input read before any case runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBaseBaseline } from '../../../src/cli/actions/base-baseline.js';
import { ConfigError, UsageError } from '../../../src/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readBaseBaseline', () => {
  it('is nothing without the flag, and no baseline for a path where no file is (the base has none)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    expect(await readBaseBaseline(undefined)).toBeUndefined();
    expect(await readBaseBaseline(join(dir, 'missing.json'))).toEqual({ baseline: undefined });
  });

  it('refuses a folder or a device as a usage error (exit 2), not as a bug of agentready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    const folder = readBaseBaseline(dir);
    await expect(folder).rejects.toBeInstanceOf(UsageError);
    await expect(folder).rejects.toThrow(`--base-baseline ${dir} is a folder, not a file`);
    // Read, /dev/zero never ends.
    if (process.platform !== 'win32') await expect(readBaseBaseline('/dev/zero')).rejects.toThrow('--base-baseline /dev/zero is not a regular file');
  });
});

describe('readBaseBaseline of a file that is no baseline', () => {
  it('says it is the base branch\'s, not the committed one to write again or check out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    const file = join(dir, 'base.json');
    writeFileSync(file, '');
    const error = await readBaseBaseline(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.found).toBe('the end of the file');
    expect((error as ConfigError).hint).toBe(`--base-baseline ${file} is the base branch's baseline, which this change does not write: fix it on that branch, or give the file \`git show <base>:agentready.baseline.json\` prints`);
    expect((error as ConfigError).hint).not.toContain('git checkout HEAD');
  });
});
