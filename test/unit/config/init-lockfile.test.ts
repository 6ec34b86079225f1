// Which lockfile of another package manager than npm locks the project init writes (its workflow
// installs with npm): test/e2e/bad-input.test.ts runs `init` in a pnpm workspace for the note it prints.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { foreignLockfile } from '../../../src/config/init-project.js';
import { formatInitDone } from '../../../src/report/format-init.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('foreignLockfile', () => {
  it("is the nearest lockfile in the folder or above, pnpm's or yarn's, none where npm's is nearer or the nearest is above the git checkout's root", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-lock-'));
    dirs.push(dir);
    const files = { 'package.json': '{ "name": "p", "private": true }\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'yarnish/yarn.lock': '# yarn lockfile v1\n', 'npmish/package-lock.json': '{}\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n' };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
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
