// `--base-baseline <file>`: the base branch's baseline, user input read before any case runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseBaselineFor } from '../../../src/cli/actions/base-baseline.js';
import { readBaseBaseline } from '../../../src/lifecycle/base-baseline.js';
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

  it("says a base branch's baseline of a newer agentready is the base branch's, for an upgrade here: not one to write again with baseline update", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    const file = join(dir, 'base.json');
    writeFileSync(file, '{ "version": 99 }\n');
    const error = await readBaseBaseline(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.code).toBe('newer_version');
    expect((error as ConfigError).hint).toBe(`--base-baseline ${file} is the base branch's baseline, written by a newer agentready than this change runs: upgrade agentready on this branch (as the base branch did) to compare with it`);
    expect((error as ConfigError).hint).not.toContain('baseline update');
  });
});

describe('baseBaselineFor', () => {
  afterEach(() => vi.restoreAllMocks());
  const stderrOf = async (input: Parameters<typeof baseBaselineFor>[0]) => {
    let text = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
    const base = await baseBaselineFor(input);
    vi.restoreAllMocks();
    return { base, text };
  };

  it('warns that --base-baseline is ignored under --no-gate or a kill-switch run, where no gate compares baselines (it was silent), and reads nothing', async () => {
    // A folder: read, it would be a usage error.
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    expect(await stderrOf({ file: dir, gate: false, killSwitch: false })).toEqual({ base: undefined, text: `agentready: warning: --base-baseline ${dir} is ignored: --no-gate judges no baseline\n` });
    expect(await stderrOf({ file: dir, gate: true, killSwitch: true })).toEqual({ base: undefined, text: `agentready: warning: --base-baseline ${dir} is ignored: a kill-switch run is judged by its readiness, not against a baseline\n` });
  });

  it('says nothing without the flag, and reads the file where the gate compares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-base-'));
    dirs.push(dir);
    expect(await stderrOf({ file: undefined, gate: false, killSwitch: true })).toEqual({ base: undefined, text: '' });
    expect(await stderrOf({ file: join(dir, 'missing.json'), gate: true, killSwitch: false })).toEqual({ base: { baseline: undefined }, text: '' });
  });
});
