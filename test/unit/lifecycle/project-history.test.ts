// projectHistory asks git for the commit only when the command first asks for it (eval: once its
// first cases went to the agent), once: every later call gets the same answer.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { historyOfRun, projectHistory } from '../../../src/lifecycle/index.js';
import { appendHistory } from '../../../src/run/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('projectHistory', () => {
  it('names the checkout\'s commit, asked of git once, and no commit outside a checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-'));
    dirs.push(dir);
    const outside = projectHistory(dir);
    expect(outside.file).toBe(join(dir, '.agentready', 'history.jsonl'));
    expect(await outside.commit()).toBeUndefined();
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@127.0.0.1', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
    await git('init', '-q');
    writeFileSync(join(dir, 'a.txt'), 'a');
    await git('add', 'a.txt');
    await git('commit', '-qm', 'a');
    const head = (await git('rev-parse', 'HEAD')).stdout.trim();
    const inside = projectHistory(dir);
    const first = inside.commit();
    expect(inside.commit()).toBe(first);
    expect(await first).toBe(head);
    // Asked once: a commit made since is not seen by the same history.
    writeFileSync(join(dir, 'a.txt'), 'b');
    await git('commit', '-qam', 'b');
    expect(await inside.commit()).toBe(head);
  });
});

describe('historyOfRun', () => {
  it('refuses a history that is a symbolic link before the run (exit 2), naming it; none for a shard', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.agentready'));
    writeFileSync(join(dir, 'mine.txt'), 'mine\n');
    symlinkSync(join(dir, 'mine.txt'), join(dir, '.agentready', 'history.jsonl'));
    const refusal = (() => {
      try {
        historyOfRun({ rootDir: dir, killSwitch: false, shard: false });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as UsageError).message).toBe(`${join(dir, '.agentready', 'history.jsonl')} is a symbolic link: the run would append its verdicts to the file it points at`);
    expect(historyOfRun({ rootDir: dir, killSwitch: false, shard: true })).toBeUndefined();
  });

  it('appendHistory does not write through a link made after that check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'mine.txt'), 'mine\n');
    symlinkSync(join(dir, 'mine.txt'), join(dir, 'history.jsonl'));
    expect(() => appendHistory(join(dir, 'history.jsonl'), ['{"a":1}\n'])).toThrow(/ELOOP|symbolic/);
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('mine\n');
  });
});
