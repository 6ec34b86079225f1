// projectHistory asks git for the commit only when the command first asks for it (eval: once its
// first cases went to the agent), once: every later call gets the same answer.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { historyOfRun, projectHistory, shardsRecordedAs } from '../../../src/lifecycle/index.js';
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
    expect(await outside.checkout()).toEqual({});
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@127.0.0.1', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
    await git('init', '-q');
    writeFileSync(join(dir, 'a.txt'), 'a');
    await git('add', 'a.txt');
    await git('commit', '-qm', 'a');
    const head = (await git('rev-parse', 'HEAD')).stdout.trim();
    const inside = projectHistory(dir);
    const first = inside.checkout();
    expect(inside.checkout()).toBe(first);
    expect(await first).toEqual({ commit: head });
    // Asked once: a commit made since is not seen by the same history.
    writeFileSync(join(dir, 'a.txt'), 'b');
    await git('commit', '-qam', 'b');
    expect(await inside.checkout()).toEqual({ commit: head });
  });

  it('says when tracked files have changes not committed (the code run is not the commit\'s); untracked files, as run folders, are not such changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-'));
    dirs.push(dir);
    const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@127.0.0.1', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
    await git('init', '-q');
    // No commit yet: no commit to name.
    expect(await projectHistory(dir).checkout()).toEqual({});
    writeFileSync(join(dir, 'agent.mjs'), 'export default 1;\n');
    await git('add', 'agent.mjs');
    await git('commit', '-qm', 'agent');
    mkdirSync(join(dir, '.agentready', 'runs'), { recursive: true });
    writeFileSync(join(dir, '.agentready', 'history.jsonl'), '');
    await git('add', '.agentready/history.jsonl');
    await git('commit', '-qm', 'history');
    const head = (await git('rev-parse', 'HEAD')).stdout.trim();
    // A history kept in git that the last run appended to, and the run folders beside it: not the agent's code.
    writeFileSync(join(dir, '.agentready', 'history.jsonl'), '{}\n');
    writeFileSync(join(dir, '.agentready', 'runs', 'r1.json'), '{}\n');
    expect(await projectHistory(dir).checkout()).toEqual({ commit: head });
    writeFileSync(join(dir, 'agent.mjs'), 'export default 2;\n');
    expect(await projectHistory(dir).checkout()).toEqual({ commit: head, uncommitted: true });
    await git('add', 'agent.mjs');
    expect(await projectHistory(dir).checkout()).toEqual({ commit: head, uncommitted: true });
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

describe('shardsRecordedAs', () => {
  it('names the earlier merges of the same shards by their run ids, oldest first, escapes in them neutralised (merge prints them)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-'));
    dirs.push(dir);
    const history = historyOfRun({ rootDir: dir, killSwitch: false, shard: false, shards: ['s1', 's2'] })!;
    mkdirSync(join(dir, '.agentready'), { recursive: true });
    const line = (runId: string) => `${JSON.stringify({ run_id: runId, suite: 's', case_id: 'a', shards: history.shards })}\n`;
    writeFileSync(history.file, line('20260101-000000-000-aaaa') + line('20260101-000000-000-aaaa') + line('evil\u001b[2J\u001b]0;owned\u0007'));
    const named = shardsRecordedAs(history);
    expect(named[0]).toBe('20260101-000000-000-aaaa');
    expect(named).toHaveLength(2);
    expect(named[1]).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
