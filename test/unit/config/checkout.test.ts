// The walk from a folder up to its git checkout's root, which init, the card, the protected project files and git's spawn share.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { upToCheckout } from '../../../src/config/checkout.js';

/** A temporary folder, removed when the test ends. */
function outer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-checkout-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('upToCheckout', () => {
  it('walks from the folder up to the nearest one holding a .git folder, included, and stops there', () => {
    const top = outer();
    const project = join(top, 'repo', 'agents', 'support');
    mkdirSync(project, { recursive: true });
    mkdirSync(join(top, 'repo', '.git'));
    mkdirSync(join(top, '.git'));
    expect(upToCheckout(project)).toEqual({ folders: [project, join(top, 'repo', 'agents'), join(top, 'repo')], root: join(top, 'repo') });
    expect(upToCheckout(join(top, 'repo'))).toEqual({ folders: [join(top, 'repo')], root: join(top, 'repo') });
  });

  it('takes a .git file (a worktree or a submodule) as a checkout root too', () => {
    const top = outer();
    const sub = join(top, 'sub');
    mkdirSync(join(sub, 'src'), { recursive: true });
    writeFileSync(join(sub, '.git'), 'gitdir: ../.git/modules/sub\n');
    expect(upToCheckout(join(sub, 'src')).root).toBe(sub);
  });

  it('resolves a relative folder, so the walk goes on above the current folder', () => {
    const top = outer();
    const project = join(top, 'a', 'b');
    mkdirSync(project, { recursive: true });
    mkdirSync(join(top, '.git'));
    expect(upToCheckout(relative(process.cwd(), project))).toEqual({ folders: [project, dirname(project), top], root: top });
  });

  it('outside a checkout: no root, and every folder up to the filesystem root', () => {
    const top = outer();
    const walk = upToCheckout(top);
    // The temporary folder is in no checkout (as ci-workflow.test.ts's checks outside a checkout take too).
    expect(walk.root).toBeUndefined();
    expect(walk.folders[0]).toBe(top);
    expect(walk.folders.at(-1)).toBe(parse(top).root);
    walk.folders.slice(1).forEach((folder, i) => expect(folder).toBe(dirname(walk.folders[i]!)));
  });
});
