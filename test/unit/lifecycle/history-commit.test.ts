// The history's git commit is asked once the run's first cases are under way, not before them:
// spawning git would delay the first case. The lines at the run's end still name it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLifecycle, type CaseSource } from '../../../src/lifecycle/index.js';
import type { SessionStart } from '../../../src/run/index.js';
import { endedSession } from './ended-session.js';
import { result } from '../gate/results-builder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const START: SessionStart = { run_id: 'r1', run_dir: '/nowhere/r1', agent: { name: 'agent', version: '1', concurrency: 1 }, adapter: 'stdio', suites: [], total: 1, concurrency: 1 };

/** A live-like source: starts, hands out its first case in the same turn, and ends a few turns later. */
function source(events: string[]): CaseSource {
  const figures = [result({ case_id: 'a' })];
  return {
    writesRunFolder: false,
    redact: true,
    run: async (hooks) => {
      await hooks.onStart(START);
      events.push('first case dispatched');
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      events.push('last case ended');
      return endedSession({ results: figures, figures });
    },
  };
}

describe("the history's commit", () => {
  it('is asked of git once, after the first case was handed out, and names the history lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-commit-'));
    dirs.push(dir);
    const events: string[] = [];
    const file = join(dir, 'history.jsonl');
    const history = {
      file,
      checkout: () => {
        events.push('commit asked');
        return Promise.resolve({ commit: 'abc123', uncommitted: true as const });
      },
    };
    await runLifecycle({ source: source(events), reporters: [], judge: () => ({ kind: 'ungated' }), signal: new AbortController().signal, maxErrorRate: 1, killSwitch: false, cwd: dir, history });
    // Asked again at the end, for the lines: projectHistory's asks git once (project-history.test.ts).
    expect(events).toEqual(['first case dispatched', 'commit asked', 'last case ended', 'commit asked']);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { case_id: string; commit?: string; uncommitted?: boolean });
    expect(lines.map(({ case_id, commit, uncommitted }) => [case_id, commit, uncommitted])).toEqual([['a', 'abc123', true]]);
  });

  it("is asked, and the history's text made, while the agent stops; the lines are written once it stopped, and not for a Ctrl-C during the stop", async () => {
    for (const ctrlC of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'agentready-history-stop-'));
      dirs.push(dir);
      const events: string[] = [];
      const file = join(dir, 'history.jsonl');
      const controller = new AbortController();
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      const figures = [result({ case_id: 'a' })];
      // The commit the lines name is asked as their text is made.
      const history = {
        file,
        checkout: () => {
          events.push('commit asked');
          return Promise.resolve({ commit: 'abc123' });
        },
      };
      const source: CaseSource = { writesRunFolder: false, redact: true, run: () => Promise.resolve(endedSession({ results: figures, figures, stopped })) };
      const done = runLifecycle({ source, reporters: [], judge: () => ({ kind: 'ungated' }), signal: controller.signal, maxErrorRate: 1, killSwitch: false, cwd: dir, history });
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(events).toEqual(['commit asked']);
      expect(() => readFileSync(file)).toThrow(/ENOENT/);
      if (ctrlC) controller.abort();
      stop();
      const outcome = await done;
      if (ctrlC) {
        expect(outcome.end.kind).toBe('interrupted');
        expect(() => readFileSync(file)).toThrow(/ENOENT/);
      } else {
        expect(readFileSync(file, 'utf8')).toContain('"case_id":"a"');
      }
    }
  });
});

describe('the history of a run stopped at budgets.max_run_cost_usd', () => {
  it('is not written, as for an interrupted run: `eval --resume` records the run whole once it completes, and would record the attempts that ran twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-history-capped-'));
    dirs.push(dir);
    const file = join(dir, 'history.jsonl');
    const history = { file, checkout: () => Promise.resolve({}) };
    const figures = [result({ case_id: 'a' }), result({ case_id: 'b', status: 'skipped' })];
    const capped: CaseSource = { writesRunFolder: false, redact: true, run: () => Promise.resolve(endedSession({ results: figures, figures, skipped_for_cost: 1 })) };
    const outcome = await runLifecycle({ source: capped, reporters: [], judge: () => ({ kind: 'ungated' }), signal: new AbortController().signal, maxErrorRate: 1, killSwitch: false, cwd: dir, history });
    expect(outcome.exit.code).toBe(3);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
