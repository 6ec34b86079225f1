import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardRuns } from '../../../src/lifecycle/card-runs.js';
import { ConfigError } from '../../../src/errors.js';

const HEADER = { format: 'agentready-results', version: 1, run_id: '20261124-100000-aaaa', fingerprint: 'fp', started_at: '2026-11-24T10:00:00.000Z' };
const SUMMARY = { run_id: '20261124-100000-aaaa', agent: { name: 'a', version: '1' }, adapter: 'stdio', interrupted: false, finished_at: 'x', duration_ms: 12 };

function attempt(case_id: string, status = 'passed') {
  return {
    suite: 's', case_id, attempt: 1, trace_id: `t-${case_id}-${status}`, fingerprint: `fp-${case_id}`, tags: [], status, outcome: 'completed',
    duration_ms: 5, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [],
  };
}

/** A runs folder holding one run whose results.jsonl is `results`. */
function runsRoot(results: string): string {
  const root = join(mkdtempSync(join(tmpdir(), 'agentready-card-runs-')), 'runs');
  const dir = join(root, SUMMARY.run_id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.jsonl'), results);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(SUMMARY));
  return root;
}

/** A runs folder holding each run: its id, what its results header and summary add, its results. */
function runsOf(runs: Array<{ id: string; header?: object; summary?: object }>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'agentready-card-runs-')), 'runs');
  for (const run of runs) {
    const dir = join(root, run.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.jsonl'), `${JSON.stringify({ ...HEADER, run_id: run.id, ...run.header })}\n${JSON.stringify(attempt('a'))}\n`);
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...SUMMARY, run_id: run.id, ...run.summary }));
  }
  return root;
}

describe('cardRuns', () => {
  it('passes over kill-switch runs (by their summary, or their header alone) and replays for the last run, as isAgentRun does', () => {
    const root = runsOf([
      { id: '20261124-100000-aaaa' },
      { id: '20261124-110000-bbbb', summary: { kill_switch: { ready: true } } },
      { id: '20261124-120000-cccc', header: { selection: { repeat: 1, mode: 'read_only' } } },
      { id: '20261124-130000-dddd', header: { replay_of: 'trace-1' } },
    ]);
    const { lastRun, killSwitchRun } = cardRuns({ runsRoot: root, suites: [], cwd: process.cwd() });
    expect(lastRun?.summary.run_id).toBe('20261124-100000-aaaa');
    expect(killSwitchRun?.run_id).toBe('20261124-110000-bbbb');
  });

  it('passes over an interrupted run (only the cases that finished) for an older complete one, and falls back to it when there is none', () => {
    const root = runsOf([
      { id: '20261124-100000-aaaa' },
      { id: '20261124-110000-bbbb', summary: { interrupted: true } },
    ]);
    expect(cardRuns({ runsRoot: root, suites: [], cwd: process.cwd() }).lastRun?.summary.run_id).toBe('20261124-100000-aaaa');
    const alone = runsOf([{ id: '20261124-110000-bbbb', summary: { interrupted: true } }]);
    expect(cardRuns({ runsRoot: alone, suites: [], cwd: process.cwd() }).lastRun?.summary.run_id).toBe('20261124-110000-bbbb');
  });

  it("reads the last run's results as run/ does: an attempt written twice counts once, as its last line", () => {
    const text = [HEADER, attempt('a', 'error'), attempt('b'), attempt('a', 'passed')].map((v) => JSON.stringify(v)).join('\n') + '\n';
    const { lastRun } = cardRuns({ runsRoot: runsRoot(text), suites: [], cwd: process.cwd() });
    expect(lastRun?.results.map((r) => [r.case_id, r.status])).toEqual([
      ['a', 'passed'],
      ['b', 'passed'],
    ]);
  });

  it('still speaks of a run with a line it cannot read: that line is left out', () => {
    const text = [JSON.stringify(HEADER), JSON.stringify(attempt('a')), '{"not": "a result"}', 'garbage', JSON.stringify(attempt('b'))].join('\n') + '\n';
    const { lastRun } = cardRuns({ runsRoot: runsRoot(text), suites: [], cwd: process.cwd() });
    expect(lastRun?.results.map((r) => r.case_id)).toEqual(['a', 'b']);
  });

  it('refuses (a bad input naming the file and its line) a run newer than the one it would speak of whose summary.json is not JSON, instead of an older run shown as the newest', () => {
    const root = runsOf([{ id: '20261124-100000-aaaa' }, { id: '20261124-110000-bbbb' }, { id: '20261124-120000-cccc' }]);
    // Cut short (a copy that broke off): the newest run; one killed outright (no summary.json) beside it is passed over.
    writeFileSync(join(root, '20261124-110000-bbbb', 'summary.json'), '{"run_id": "20261124-110000-bbbb",\n "agent": {');
    rmSync(join(root, '20261124-120000-cccc', 'summary.json'));
    let thrown: unknown;
    try {
      cardRuns({ runsRoot: root, suites: [], cwd: root });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { issues, hint } = thrown as ConfigError;
    expect(issues).toEqual([expect.objectContaining({ file: '20261124-110000-bbbb/summary.json', line: 2, code: 'invalid_json' })]);
    expect(hint).toContain('newer than 20261124-100000-aaaa');
    // One older than the run the card speaks of changes nothing.
    writeFileSync(join(root, '20261124-110000-bbbb', 'summary.json'), JSON.stringify({ ...SUMMARY, run_id: '20261124-110000-bbbb' }));
    writeFileSync(join(root, '20261124-100000-aaaa', 'summary.json'), 'garbage');
    expect(cardRuns({ runsRoot: root, suites: [], cwd: root }).lastRun?.summary.run_id).toBe('20261124-110000-bbbb');
  });

  it('passes over a file beside the run folders (a README, notes): no run, as a folder with no summary.json is not, not an unreadable newest run', () => {
    const root = runsOf([{ id: '20261124-100000-aaaa' }]);
    // Sorted after every run id: taken for the newest run, its summary.json "could not be read (ENOTDIR)".
    writeFileSync(join(root, 'README.md'), 'the runs of this project\n');
    expect(cardRuns({ runsRoot: root, suites: [], cwd: root }).lastRun?.summary.run_id).toBe('20261124-100000-aaaa');
  });
});

describe('cardRuns: two configs in one folder share its runs folder', () => {
  it('speaks of the newest run of the config in use, not a newer one another config made; a run that recorded no config may be any', () => {
    const root = runsOf([
      { id: '20261124-090000-0000', summary: { adapter: 'old' } },
      { id: '20261124-100000-aaaa', header: { config: 'h.config.yaml' }, summary: { adapter: 'stdio' } },
      { id: '20261124-110000-bbbb', header: { config: 'mcp.config.yaml' }, summary: { adapter: 'mcp' } },
    ]);
    expect(cardRuns({ runsRoot: root, suites: [], cwd: process.cwd(), configFile: 'h.config.yaml' }).lastRun?.summary.run_id).toBe('20261124-100000-aaaa');
    expect(cardRuns({ runsRoot: root, suites: [], cwd: process.cwd(), configFile: 'mcp.config.yaml' }).lastRun?.summary.run_id).toBe('20261124-110000-bbbb');
    expect(cardRuns({ runsRoot: root, suites: [], cwd: process.cwd(), configFile: 'other.config.yaml' }).lastRun?.summary.run_id).toBe('20261124-090000-0000');
  });
});

describe('cardRuns: no run of the config in use', () => {
  it('names the newest run another config of the folder made, and makes its own with --config when the search would not find the config in use', () => {
    const folder = mkdtempSync(join(tmpdir(), 'agentready-card-runs-'));
    const root = join(folder, '.agentready', 'runs');
    mkdirSync(join(root, '20261124-110000-bbbb'), { recursive: true });
    writeFileSync(join(root, '20261124-110000-bbbb', 'results.jsonl'), `${JSON.stringify({ ...HEADER, run_id: '20261124-110000-bbbb', config: 'mcp.config.yaml' })}\n${JSON.stringify(attempt('a'))}\n`);
    writeFileSync(join(root, '20261124-110000-bbbb', 'summary.json'), JSON.stringify({ ...SUMMARY, run_id: '20261124-110000-bbbb' }));
    const runs = cardRuns({ runsRoot: root, suites: [], cwd: folder, configFile: join(folder, 'h.config.yaml') });
    expect(runs.lastRun).toBeUndefined();
    expect(runs.noRun).toEqual({ eval: 'eval --config h.config.yaml', other_config_run: { run_id: '20261124-110000-bbbb', config: 'mcp.config.yaml', card: 'card --config mcp.config.yaml' } });
    // The config the search finds from the folder needs no --config; with no other config's run there is none to name.
    writeFileSync(join(folder, 'agentready.config.yaml'), 'suites: []\n');
    rmSync(root, { recursive: true });
    expect(cardRuns({ runsRoot: root, suites: [], cwd: folder, configFile: join(folder, 'agentready.config.yaml') }).noRun).toEqual({ eval: 'eval', other_config_run: null });
    rmSync(folder, { recursive: true });
  });
});
