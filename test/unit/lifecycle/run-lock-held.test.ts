// running.json stays until a run folder's last write, summary.json: a `--resume` begun before it would find
// the note gone and no summary, take the run for interrupted and run it again beside the ending process.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLifecycle } from '../../../src/lifecycle/index.js';
import { markRunning, RUNNING_FILE } from '../../../src/run/run-lock.js';
import { RunFolder, SUMMARY_FILE } from '../../../src/run/index.js';
import { endedSession } from './ended-session.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('running.json', () => {
  it('is kept by a closed run folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'agentready-held-'));
    folders.push(root);
    const folder = RunFolder.create(root, { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'f', started_at: '2026-12-05T00:00:00.000Z', redacted: true });
    folder.close();
    expect(existsSync(join(root, 'r1', RUNNING_FILE))).toBe(true);
  });

  it('is held while the run is judged and removed once summary.json is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-held-'));
    folders.push(dir);
    markRunning(dir);
    let heldWhileJudged: boolean | undefined;
    const outcome = await runLifecycle({
      source: { writesRunFolder: true, redact: true, run: () => Promise.resolve(endedSession({ run_dir: dir })) },
      reporters: [],
      judge: () => {
        heldWhileJudged = existsSync(join(dir, RUNNING_FILE)) && !existsSync(join(dir, SUMMARY_FILE));
        return { kind: 'ungated' as const };
      },
      signal: new AbortController().signal,
      maxErrorRate: 0,
      killSwitch: false,
      cwd: dir,
    });
    expect(outcome.end).toEqual({ kind: 'completed' });
    expect(heldWhileJudged).toBe(true);
    expect(existsSync(join(dir, SUMMARY_FILE))).toBe(true);
    expect(existsSync(join(dir, RUNNING_FILE))).toBe(false);
  });
});
