import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseSince, readRunsSince } from '../../../src/run/read-window.js';
import { result } from '../gate/results-builder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date('2026-03-08T12:00:00Z');

describe('parseSince', () => {
  it('reads spans before now and dates', () => {
    expect(parseSince('7d', NOW).toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(parseSince('12h', NOW).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(parseSince('2w', NOW).toISOString()).toBe('2026-02-22T12:00:00.000Z');
    expect(parseSince('2026-03-01', NOW).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('refuses anything else with a hint', () => {
    for (const bad of ['7', 'seven days', '7m', '2026-13-45']) expect(() => parseSince(bad, NOW)).toThrow(UsageError);
  });

  it('refuses a day the month does not have, and a span reaching back past any date, instead of March 2 and an "unexpected error: Invalid time value"', () => {
    for (const bad of ['2026-02-30', '2026-04-31 10:00']) expect(() => parseSince(bad, NOW)).toThrow(`bad --since "${bad}"`);
    expect(() => parseSince('999999999999999999w', NOW)).toThrow('bad --since "999999999999999999w": a span that reaches back past any date');
    expect(parseSince('2024-02-29', NOW).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseSince('2026-03-01T10:30:00Z', NOW).toISOString()).toBe('2026-03-01T10:30:00.000Z');
  });

  it('refuses a date after now: a window that starts in the future holds no run', () => {
    expect(() => parseSince('2026-03-09', NOW)).toThrow('--since 2026-03-09 is in the future (now is 2026-03-08T12:00:00.000Z)');
    expect(parseSince('2026-03-08', NOW).toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });
});

describe('readRunsSince', () => {
  function runFolder(root: string, id: string, startedAt: string, extra: { header?: object; summary?: object } = {}): void {
    mkdirSync(path.join(root, id), { recursive: true });
    const header = { format: 'agentready-results', version: 1, run_id: id, fingerprint: 'f', started_at: startedAt, ...extra.header };
    writeFileSync(path.join(root, id, 'results.jsonl'), `${JSON.stringify(header)}\n${JSON.stringify(result({ case_id: 'a' }))}\n`);
    if (extra.summary) writeFileSync(path.join(root, id, 'summary.json'), JSON.stringify(extra.summary));
  }

  it('reads the runs that started in the window, oldest first, and names the folders it could not read', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-window-'));
    dirs.push(root);
    runFolder(root, '20260220-100000-000-aaaa', '2026-02-20T10:00:00.000Z');
    runFolder(root, '20260302-100000-000-bbbb', '2026-03-02T10:00:00.000Z');
    runFolder(root, '20260305-100000-000-cccc', '2026-03-05T10:00:00.000Z');
    mkdirSync(path.join(root, '20260306-100000-000-dddd'));
    writeFileSync(path.join(root, '20260306-100000-000-dddd', 'results.jsonl'), '{"format":"agentready-results","version":9}\n');
    const { runs, unreadable, before } = readRunsSince({ runsRoot: root, since: parseSince('7d', NOW), cwd: root });
    expect(runs.map((r) => [r.run_id, r.results.length, r.traces.length])).toEqual([['20260302-100000-000-bbbb', 1, 0], ['20260305-100000-000-cccc', 1, 0]]);
    expect(unreadable.map((u) => u.run)).toEqual(['20260306-100000-000-dddd']);
    // How many runs of the agent started before the window: what `report` says when the window holds none.
    expect(before).toBe(1);
    expect(readRunsSince({ runsRoot: root, since: parseSince('1h', NOW), cwd: root })).toMatchObject({ runs: [], before: 3 });
    expect(readRunsSince({ runsRoot: root, since: undefined, cwd: root })).toMatchObject({ before: 0 });
    expect(readRunsSince({ runsRoot: root, since: undefined, cwd: root }).runs).toHaveLength(3);
  });

  it('reads only the runs the config in use made (the configs of one folder share its runs folder); a run that recorded no config may be any', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-window-'));
    dirs.push(root);
    runFolder(root, '20260302-100000-000-aaaa', '2026-03-02T10:00:00.000Z');
    runFolder(root, '20260303-100000-000-bbbb', '2026-03-03T10:00:00.000Z', { header: { config: 'h.config.yaml' } });
    runFolder(root, '20260304-100000-000-cccc', '2026-03-04T10:00:00.000Z', { header: { config: 'mcp.config.yaml' } });
    runFolder(root, '20260220-100000-000-dddd', '2026-02-20T10:00:00.000Z', { header: { config: 'mcp.config.yaml' } });
    const ids = (config: string | undefined) => readRunsSince({ runsRoot: root, since: parseSince('7d', NOW), cwd: root, config }).runs.map((r) => r.run_id);
    expect(ids('h.config.yaml')).toEqual(['20260302-100000-000-aaaa', '20260303-100000-000-bbbb']);
    expect(ids('mcp.config.yaml')).toEqual(['20260302-100000-000-aaaa', '20260304-100000-000-cccc']);
    expect(ids(undefined)).toHaveLength(3);
    // Another config's run before the window is not one of this agent's runs there.
    expect(readRunsSince({ runsRoot: root, since: parseSince('7d', NOW), cwd: root, config: 'h.config.yaml' }).before).toBe(0);
  });

  it('leaves out kill-switch runs, replays and the shards a merged run joined, and marks score runs', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-window-'));
    dirs.push(root);
    runFolder(root, '20260301-100000-000-aaaa', '2026-03-01T10:00:00.000Z', { summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-110000-000-bbbb', '2026-03-01T11:00:00.000Z', { summary: { adapter: 'stdio', kill_switch: { ready: true } } });
    runFolder(root, '20260301-120000-000-cccc', '2026-03-01T12:00:00.000Z', { summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-120000-001-dddd', '2026-03-01T12:00:00.001Z', { summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-130000-000-eeee', '2026-03-01T13:00:00.000Z', { header: { merged_from: ['20260301-120000-000-cccc', '20260301-120000-001-dddd'] }, summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-140000-000-ffff', '2026-03-01T14:00:00.000Z', { summary: { adapter: 'recorded' } });
    runFolder(root, '20260301-150000-000-abcd', '2026-03-01T15:00:00.000Z', { header: { replay_of: 'r1-a' }, summary: { adapter: 'stdio' } });
    const { runs } = readRunsSince({ runsRoot: root, since: undefined, cwd: root });
    expect(runs.map((r) => [r.run_id, r.recorded])).toEqual([
      ['20260301-100000-000-aaaa', false],
      ['20260301-130000-000-eeee', false],
      ['20260301-140000-000-ffff', true],
    ]);
  });

  it('marks a run of some cases only (--grep and the like) as filtered', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-window-'));
    dirs.push(root);
    runFolder(root, '20260301-100000-000-aaaa', '2026-03-01T10:00:00.000Z', { header: { selection: { repeat: 1, mode: 'normal' } }, summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-110000-000-bbbb', '2026-03-01T11:00:00.000Z', { header: { selection: { grep: 'refund', repeat: 1, mode: 'normal' } }, summary: { adapter: 'stdio' } });
    runFolder(root, '20260301-120000-000-cccc', '2026-03-01T12:00:00.000Z', { summary: { adapter: 'stdio' } });
    const { runs } = readRunsSince({ runsRoot: root, since: undefined, cwd: root });
    expect(runs.map((r) => [r.run_id, r.filtered])).toEqual([
      ['20260301-100000-000-aaaa', false],
      ['20260301-110000-000-bbbb', true],
      ['20260301-120000-000-cccc', false],
    ]);
  });

  it('marks a run that did not finish (interrupted, or killed outright: no summary.json) as unfinished', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-window-'));
    dirs.push(root);
    runFolder(root, '20260301-100000-000-aaaa', '2026-03-01T10:00:00.000Z', { summary: { adapter: 'stdio', interrupted: false } });
    runFolder(root, '20260301-110000-000-bbbb', '2026-03-01T11:00:00.000Z', { summary: { adapter: 'stdio', interrupted: true } });
    runFolder(root, '20260301-120000-000-cccc', '2026-03-01T12:00:00.000Z');
    const { runs } = readRunsSince({ runsRoot: root, since: undefined, cwd: root });
    expect(runs.map((r) => [r.run_id, r.unfinished])).toEqual([
      ['20260301-100000-000-aaaa', false],
      ['20260301-110000-000-bbbb', true],
      ['20260301-120000-000-cccc', true],
    ]);
  });
});
