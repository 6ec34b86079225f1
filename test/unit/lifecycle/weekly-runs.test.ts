// What `agentready report` reviews: the runs of the window (redacted) and the history, else the
// runs' own history; nothing at all to review is a usage error, whose hint depends on what is there.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useConfigFlag } from '../../../src/config/command-hint.js';
import { configFlagFor } from '../../../src/config/config-flag.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { UsageError } from '../../../src/errors.js';
import { weeklyRuns } from '../../../src/lifecycle/weekly-runs.js';
import { historyEntries } from '../../../src/run/history.js';
import { result } from '../gate/results-builder.js';

const PII = 'jane.doe@example.com';
const STARTED = '2026-11-24T10:00:00.000Z';

/** A project folder: each run (id, start, results; `corrupt` for a results file that is no run's), and the history's entries. */
function project(runs: Array<{ id: string; started_at?: string; results?: CaseResult[]; corrupt?: true; config?: string }>, history: ReturnType<typeof historyEntries> = []): string {
  const root = mkdtempSync(join(tmpdir(), 'agentready-weekly-runs-'));
  mkdirSync(join(root, '.agentready'));
  for (const run of runs) {
    const dir = join(root, '.agentready', 'runs', run.id);
    mkdirSync(dir, { recursive: true });
    const header = { format: 'agentready-results', version: 1, run_id: run.id, fingerprint: 'fp', started_at: run.started_at ?? STARTED, ...(run.config ? { config: run.config } : {}) };
    const lines = run.corrupt ? ['not a results file'] : [header, ...(run.results ?? [result({ case_id: 'a' })])].map((line) => JSON.stringify(line));
    writeFileSync(join(dir, 'results.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ run_id: run.id, agent: { name: 'a' }, adapter: 'stdio', interrupted: false, finished_at: STARTED, duration_ms: 1 }));
  }
  if (history.length > 0) writeFileSync(join(root, '.agentready', 'history.jsonl'), history.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  return root;
}

function read(root: string, since?: Date) {
  const told: string[] = [];
  const take = () => weeklyRuns({ rootDir: root, since, cwd: root, tell: (note) => told.push(note) });
  return { take, told };
}

describe('weeklyRuns', () => {
  it('reviews the runs, their agent text redacted, with a history made of them when there is none', () => {
    const results = [result({ case_id: 'a', status: 'error', error: { code: 'AGENT_CRASHED', message: `mail ${PII} failed` } }), result({ case_id: 'b' })];
    const { take, told } = read(project([{ id: 'r1', results }]));
    const { runs, history } = take();
    expect(runs.map((run) => run.run_id)).toEqual(['r1']);
    expect(JSON.stringify(runs)).not.toContain(PII);
    expect(runs[0]!.results[0]!.error?.message).toContain('[email]');
    expect(history).toEqual(historyEntries({ results: runs[0]!.results, runId: 'r1', startedAt: STARTED }));
    expect(told).toEqual([]);
  });

  it('leaves out the history lines of the attempts a run left out (summary.json left_out: cases removed before a --resume --force), as it leaves out their results', () => {
    const results = [result({ case_id: 'kept' }), result({ case_id: 'removed' })];
    const stored = historyEntries({ results, runId: 'r1', startedAt: STARTED });
    const root = project([{ id: 'r1', results }], stored);
    const summary = join(root, '.agentready/runs/r1/summary.json');
    writeFileSync(summary, JSON.stringify({ ...JSON.parse(readFileSync(summary, 'utf8')), left_out: [{ suite: 'support', case_id: 'removed', attempt: 1 }] }));
    const { runs, history } = read(root).take();
    expect(runs[0]!.results.map((r) => r.case_id)).toEqual(['kept']);
    expect(history.map((entry) => entry.case_id)).toEqual(['kept']);
  });

  it('prefers the stored history, which covers runs whose folders are gone', () => {
    const stored = historyEntries({ results: [result({ case_id: 'old' })], runId: 'r0', startedAt: '2026-11-01T00:00:00.000Z' });
    const { take } = read(project([{ id: 'r1' }], stored));
    expect(take().history).toEqual(stored);
  });

  it('redacts the stored history as it does the runs: the file is a cache a CI job or a merge could have filled', () => {
    const stored = historyEntries({ results: [result({ case_id: `mail ${PII}` })], runId: 'r0', startedAt: '2026-11-01T00:00:00.000Z' });
    const { take } = read(project([{ id: 'r1', results: [result({ case_id: `mail ${PII}` })] }], stored));
    const { runs, history } = take();
    expect(JSON.stringify(history)).not.toContain(PII);
    expect(history[0]!.case_id).toBe(runs[0]!.results[0]!.case_id);
  });

  it('reviews the history alone when no run is in the window, and says so', () => {
    const stored = historyEntries({ results: [result({ case_id: 'old' })], runId: 'r0', startedAt: '2026-11-01T00:00:00.000Z' });
    const { take, told } = read(project([], stored));
    expect(take()).toEqual({ runs: [], history: stored });
    expect(told).toEqual([`no run under ${join('.agentready', 'runs')}: the review covers the history in ${join('.agentready', 'history.jsonl')} only`]);
  });

  it('refuses nothing at all to review, hinting at the first eval', () => {
    const { take } = read(project([]));
    expect(take).toThrow(UsageError);
    expect(take).toThrow(`no run under ${join('.agentready', 'runs')} to review (kill-switch runs and replays are not counted) and no history in ${join('.agentready', 'history.jsonl')}`);
    expect(() => take()).toThrow(expect.objectContaining({ hint: 'run `agentready eval` first' }));
  });

  it('refuses a window that holds no run, counting the runs before it and hinting at a wider --since', () => {
    const since = new Date('2026-12-01T00:00:00.000Z');
    const { take } = read(project([{ id: 'r1' }]), since);
    expect(take).toThrow(`no run since ${since.toISOString()} under ${join('.agentready', 'runs')} to review (kill-switch runs and replays are not counted) and no history in ${join('.agentready', 'history.jsonl')}; 1 run started before it`);
    expect(() => take()).toThrow(expect.objectContaining({ hint: 'widen --since (e.g. --since 30d), or leave it out to review every run' }));
  });

  describe('of one of two configs sharing the folder (its runs folder and its history)', () => {
    const lines = (suite: string, runId: string) => historyEntries({ results: [result({ suite, case_id: `${suite}-1` })], runId, startedAt: STARTED });
    const ofA = { id: 'r1', config: 'a.config.yaml', results: [result({ suite: 'a', case_id: 'a-1' })] };
    const ofB = (root: string) => weeklyRuns({ rootDir: root, since: undefined, cwd: root, tell: () => undefined, config: 'b.config.yaml', configFile: join(root, 'b.config.yaml'), suites: ['b'] });

    it('refuses the config in use when only another config ran, naming that run and the command that reviews it, not reviewing its history', () => {
      const root = project([ofA], lines('a', 'r1'));
      expect(() => ofB(root)).toThrow(
        `no run made with b.config.yaml under ${join('.agentready', 'runs')} to review (kill-switch runs and replays are not counted) and no history of its suites in ${join('.agentready', 'history.jsonl')}; the newest there, r1, was made with a.config.yaml: \`agentready report --config a.config.yaml\` reads it`,
      );
      // The hint names the config in use as the cli set it once it loaded it (cli/actions/common.ts).
      useConfigFlag(configFlagFor(join(root, 'b.config.yaml'), root));
      try {
        expect(() => ofB(root)).toThrow(expect.objectContaining({ hint: 'run `agentready eval --config b.config.yaml` first' }));
      } finally {
        useConfigFlag('');
      }
    });

    it('reviews only its own history lines: of its suites, and of no run the other config made', () => {
      // r0's folder is gone: its line is told by its suite alone. r1's folder says the other config made it.
      const root = project([ofA, { id: 'r2', config: 'b.config.yaml', results: [result({ suite: 'b', case_id: 'b-1' })] }], [...lines('a', 'r0'), ...lines('b', 'r0'), ...lines('b', 'r1'), ...lines('a', 'r1'), ...lines('b', 'r2')]);
      expect(ofB(root).history.map((entry) => `${entry.run_id} ${entry.suite}`)).toEqual(['r0 b', 'r2 b']);
    });

    it('reviews, of a suite both configs name, the lines its own runs wrote once every run folder is gone, and the lines that name no config', () => {
      // The lead: both configs run suite s; no run folder is left, so only the line's config tells them apart.
      const of = (runId: string, config?: string) => historyEntries({ results: [result({ suite: 's', case_id: 's-1' })], runId, startedAt: STARTED, config });
      const root = project([], [...of('r0', 'a.config.yaml'), ...of('r1', 'b.config.yaml'), ...of('r2'), ...of('r3', 'a.config.yaml')]);
      const history = weeklyRuns({ rootDir: root, since: undefined, cwd: root, tell: () => undefined, config: 'b.config.yaml', configFile: join(root, 'b.config.yaml'), suites: ['s'] }).history;
      expect(history.map((entry) => `${entry.run_id} ${entry.config ?? '-'}`)).toEqual(['r1 b.config.yaml', 'r2 -']);
      // With the embedded default config (no config file), every line is kept, as before.
      expect(weeklyRuns({ rootDir: root, since: undefined, cwd: root, tell: () => undefined, suites: ['s'] }).history.map((entry) => entry.run_id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    });
  });

  it('tells each run folder it leaves out, also before refusing', () => {
    const { take, told } = read(project([{ id: 'r1', corrupt: true }]));
    expect(take).toThrow(UsageError);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^run r1 left out of the review: /);
  });

  it('tells where a run folder it leaves out is damaged, file:line:column and what was found, as review of that run does: "is corrupt (1 problem)" named no line', () => {
    const root = project([{ id: 'r1' }, { id: 'r2', results: [result({ case_id: 'a' }), { ...result({ case_id: 'b' }), status: 'bogus\u001b[2J' as never }] }]);
    const { take, told } = read(root);
    expect(take().runs.map((run) => run.run_id)).toEqual(['r1']);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^run r2 left out of the review: damaged at .*r2\/results\.jsonl:3:\d+ status: expected one of passed \| failed \| error \| skipped, found "bogus\\u001b\[2J"$/);
  });

  it('tells how many history lines it could not read and left out: a corrupt history read as a shorter one, without a word', () => {
    const root = project([{ id: 'r1' }], historyEntries({ results: [result({ case_id: 'a' })], runId: 'r0', startedAt: STARTED }));
    writeFileSync(join(root, '.agentready', 'history.jsonl'), `${readFileSync(join(root, '.agentready', 'history.jsonl'), 'utf8')}{"case_id": "a", "sta\n{"case_id": 5}\n`);
    const { take, told } = read(root);
    expect(take().history.map((entry) => entry.run_id)).toEqual(['r0']);
    expect(told).toEqual([expect.stringMatching(/^2 lines of \.agentready\/history\.jsonl could not be read .* left out of the review$/)]);
  });
});
