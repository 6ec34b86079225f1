// The branch init's workflow runs on pushes to, as git says it (real git, in temp repositories):
// test/e2e/bad-input.test.ts runs `init` in a clone for the CLI's wiring of it into the workflow.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBranch } from '../../../src/common/git.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repository(branch: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-branch-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q', '-b', branch], { cwd: dir });
  return dir;
}

describe.skipIf(process.platform === 'win32')('defaultBranch', () => {
  it('is master for a checkout on master (git\'s own default before git 3), none on another branch (init\'s workflow then says main), the remote\'s default branch for a clone', async () => {
    // A repository made with git's own default pushes master: GitHub's default branch then.
    const master = repository('master');
    expect(await defaultBranch(master)).toBe('master');
    // `init --dir` a folder it is about to make: asked from the nearest one there is.
    expect(await defaultBranch(join(master, 'agents', 'new'))).toBe('master');
    // A feature branch is not the default one.
    const feature = repository('add-agent');
    expect(await defaultBranch(feature)).toBeUndefined();
    // A clone knows its remote's default branch (origin/HEAD), whatever branch is checked out.
    execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: feature });
    const clone = join(repository('unused'), 'clone');
    execFileSync('git', ['clone', '-q', feature, clone]);
    execFileSync('git', ['checkout', '-q', '-b', 'topic'], { cwd: clone });
    expect(await defaultBranch(clone)).toBe('add-agent');
  });
});
