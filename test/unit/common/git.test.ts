// git is asked only where it could find a checkout: a `.git` (folder or file) in the folder or one
// above, or GIT_DIR set. Elsewhere nothing is spawned (eval asked git twice there, each spawn a few
// ms of the main thread while its first cases ran), and the answer is the one git gave there: none.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitCheckout, gitCommit } from '../../../src/common/git.js';

const COMMIT = 'a'.repeat(40);
let dir: string;
let calls: string;
const saved = { PATH: process.env['PATH'], GIT_DIR: process.env['GIT_DIR'] };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentready-git-'));
  // A `git` that notes each call and answers as a clean checkout at COMMIT.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  calls = join(dir, 'calls.log');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$1" >> ${JSON.stringify(calls)}\nif [ "$1" = rev-parse ]; then echo "${COMMIT}"; else echo "# branch.oid ${COMMIT}"; fi\n`);
  chmodSync(join(bin, 'git'), 0o755);
  process.env['PATH'] = `${bin}${delimiter}${saved.PATH ?? ''}`;
  delete process.env['GIT_DIR'];
});

afterEach(() => {
  process.env['PATH'] = saved.PATH;
  if (saved.GIT_DIR === undefined) delete process.env['GIT_DIR'];
  else process.env['GIT_DIR'] = saved.GIT_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('git outside and inside a checkout', () => {
  it('spawns no git where no .git is in the folder or above it', async () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    expect(await gitCheckout(project)).toEqual({});
    expect(await gitCommit(project)).toBeUndefined();
    expect(existsSync(calls)).toBe(false);
  });

  it('asks git from a symbolic link to a folder of a checkout: git looks above the folder the link leads to', async () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'evals'));
    symlinkSync(join(dir, 'repo', 'evals'), join(dir, 'link'));
    expect(await gitCommit(join(dir, 'link'))).toBe(COMMIT);
  });

  it('asks git below a .git folder or a worktree\'s .git file, and where GIT_DIR is set', async () => {
    const nested = join(dir, 'repo', 'evals', 'deep');
    mkdirSync(nested, { recursive: true });
    mkdirSync(join(dir, 'repo', '.git'));
    expect(await gitCheckout(nested)).toEqual({ commit: COMMIT });

    const worktree = join(dir, 'worktree');
    mkdirSync(worktree);
    writeFileSync(join(worktree, '.git'), 'gitdir: ../repo/.git/worktrees/w\n');
    expect(await gitCommit(worktree)).toBe(COMMIT);

    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    process.env['GIT_DIR'] = join(dir, 'repo', '.git');
    expect(await gitCommit(elsewhere)).toBe(COMMIT);
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toEqual(['--no-optional-locks', 'rev-parse', 'rev-parse']);
  });
});
