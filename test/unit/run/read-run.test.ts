import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { listRuns, readRun, readRunSummary, redactedRun } from '../../../src/run/read-run.js';
import { damagedTraceLine, readTraces } from '../../../src/run/run-traces.js';
import { readResultsHeader } from '../../../src/run/results-file.js';
import { redactions } from '../../../src/common/redact-deep.js';

const HEADER = { format: 'agentready-results', version: 1, run_id: '20261124-100000-aaaa', fingerprint: 'fp', started_at: '2026-11-24T10:00:00.000Z' };

function attempt(case_id: string, attempt = 1, status = 'passed') {
  return {
    suite: 's', case_id, attempt, trace_id: `t-${case_id}-${attempt}`, fingerprint: `fp-${case_id}`, tags: [], status, outcome: 'completed',
    duration_ms: 5, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [],
  };
}

/** A project folder with runs under .agentready/runs; each run is [id, results.jsonl text, summary?]. */
function project(runs: [string, string, unknown?][]): { cwd: string; runsRoot: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'agentready-read-run-'));
  const runsRoot = join(cwd, '.agentready', 'runs');
  for (const [id, results, summary] of runs) {
    mkdirSync(join(runsRoot, id), { recursive: true });
    writeFileSync(join(runsRoot, id, 'results.jsonl'), results);
    if (summary !== undefined) writeFileSync(join(runsRoot, id, 'summary.json'), JSON.stringify(summary));
  }
  return { cwd, runsRoot };
}

const lines = (...values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');

describe('readRun', () => {
  const summary = { agent: { name: 'a', version: '1' }, adapter: 'stdio', interrupted: false, finished_at: 'x', duration_ms: 12 };

  it('reads a run by id or by folder path, with what summary.json says of the agent', () => {
    const where = project([['r1', lines(HEADER, attempt('a'), attempt('b')), summary]]);
    const byId = readRun('r1', where);
    expect(byId.results.map((r) => r.case_id)).toEqual(['a', 'b']);
    expect(byId).toMatchObject({ header: HEADER, agent: { name: 'a', version: '1' }, adapter: 'stdio', incomplete: false, duration_ms: 12 });
    expect(readRun('.agentready/runs/r1', where).dir).toBe(byId.dir);
    expect(readRun('.agentready/runs/r1/results.jsonl', where).dir).toBe(byId.dir);
    // As a shell completes a folder: `eval --resume r1/`, `merge r1/`.
    expect(readRun('r1/', where).dir).toBe(byId.dir);
  });

  it('drops a last line cut short by a killed run, and marks a run without summary incomplete', () => {
    const where = project([['r1', `${lines(HEADER, attempt('a'))}{"suite": "s", "case_`]]);
    const run = readRun('r1', where);
    expect(run.results).toHaveLength(1);
    expect(run.incomplete).toBe(true);
  });

  it('names the agent and transport of a run killed before its summary.json from its header, as it began', () => {
    const began = { ...HEADER, agent: { name: 'support-bot', version: '2.0' }, adapter: 'http' };
    const killed = readRun('r1', project([['r1', lines(began, attempt('a'))]]));
    expect(killed).toMatchObject({ agent: { name: 'support-bot', version: '2.0' }, adapter: 'http', incomplete: true });
    // summary.json, once written, says it as before; a header of an older version has neither.
    expect(readRun('r1', project([['r1', lines(began, attempt('a')), summary]]))).toMatchObject({ agent: { name: 'a', version: '1' }, adapter: 'stdio' });
    expect(readRun('r1', project([['r1', lines(HEADER, attempt('a'))]])).agent).toBeUndefined();
  });

  it("reads a run folder an editor saved with a byte order mark (Windows' Notepad) and CRLF line ends, as it was written", () => {
    const where = project([['r1', `\uFEFF${lines(HEADER, attempt('a'), attempt('b')).replaceAll('\n', '\r\n')}`]]);
    writeFileSync(join(where.runsRoot, 'r1', 'summary.json'), `\uFEFF${JSON.stringify(summary)}\r\n`);
    writeFileSync(join(where.runsRoot, 'r1', 'traces.jsonl'), `\uFEFF${JSON.stringify({ trace_id: 't-a-1', suite: 's', case_id: 'a', attempt: 1, mode: 'normal', outcome: 'completed', output: 'ok', duration_ms: 5, tool_calls: [], approvals: [], usage: [], policy_decisions: [] })}\r\n`);
    const run = readRun('r1', where);
    expect(run.results.map((r) => r.case_id)).toEqual(['a', 'b']);
    expect(run).toMatchObject({ header: HEADER, agent: { name: 'a', version: '1' }, incomplete: false });
    expect(readResultsHeader(run.dir)).toEqual(HEADER);
    expect(readRunSummary(run.dir, where.cwd)).toMatchObject({ state: 'read', summary: { adapter: 'stdio' } });
    expect([...readTraces(run.dir).keys()]).toEqual(['t-a-1']);
  });

  it('says where the line of a trace that is no longer one is, and what is wrong in it, rather than that the trace was lost', () => {
    const where = project([['r1', lines(HEADER, attempt('a')), summary]]);
    const good = { trace_id: 't-a-1', suite: 's', case_id: 'a', attempt: 1, mode: 'normal', outcome: 'completed', output: 'ok', duration_ms: 5, tool_calls: [], approvals: [], usage: [], policy_decisions: [] };
    const bad = JSON.stringify({ ...good, trace_id: 't-b-1', outcome: 7 });
    writeFileSync(join(where.runsRoot, 'r1', 'traces.jsonl'), `${JSON.stringify(good)}\n${bad}\n{"trace_id":"t-c-1", cut\n`);
    const dir = join(where.runsRoot, 'r1');
    expect(damagedTraceLine(dir, { traceId: 't-a-1', cwd: where.cwd })).toBeUndefined();
    expect(damagedTraceLine(dir, { traceId: 't-x-1', cwd: where.cwd })).toBeUndefined();
    expect(damagedTraceLine(dir, { traceId: 't-b-1', cwd: where.cwd })?.issues.map((i) => [i.file, i.line, i.column, i.path, i.found])).toEqual([
      ['.agentready/runs/r1/traces.jsonl', 2, bad.indexOf('7') + 1, 'outcome', '7'],
    ]);
    expect(damagedTraceLine(dir, { traceId: 't-c-1', cwd: where.cwd })?.issues.map((i) => [i.line, i.code])).toEqual([[3, 'invalid_json']]);
  });

  it('keeps the last line of an attempt written twice', () => {
    const where = project([['r1', lines(HEADER, attempt('a', 1, 'error'), attempt('a', 1, 'passed')), summary]]);
    expect(readRun('r1', where).results.map((r) => r.status)).toEqual(['passed']);
  });

  it('refuses a newer results version, naming it', () => {
    const where = project([['r1', lines({ ...HEADER, version: 2 }), summary]]);
    expect(() => readRun('r1', where)).toThrow(ConfigError);
    try {
      readRun('r1', where);
    } catch (error) {
      expect((error as ConfigError).issues[0]).toMatchObject({ code: 'newer_version', line: 1, found: '2' });
      expect((error as ConfigError).issues[0]!.message).toContain('newer agentready');
    }
  });

  it('refuses a header whose started_at is no date-time, at line 1: readers order runs by it', () => {
    for (const started_at of ['', 'garbage', '2026-11-24', '2026-11-24 10:00:00']) {
      const where = project([['r1', lines({ ...HEADER, started_at }, attempt('a')), summary]]);
      try {
        readRun('r1', where);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).issues.map((i) => [i.line, i.path, i.message])).toEqual([[1, 'started_at', 'an ISO 8601 date-time in UTC, as a run writes it (2026-12-05T10:00:00.000Z)']]);
      }
    }
  });

  it('refuses a header whose --grep pattern does not compile, at the pattern: --resume and merge threw it as their own bug', () => {
    for (const grep of ['(', ['refund', '[a-']]) {
      const where = project([['r1', lines({ ...HEADER, selection: { grep, repeat: 1, mode: 'normal' } }, attempt('a')), summary]]);
      try {
        readRun('r1', where);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const [issue] = (error as ConfigError).issues;
        expect([issue!.line, issue!.path, issue!.message]).toEqual([1, Array.isArray(grep) ? 'selection.grep[1]' : 'selection.grep', expect.stringMatching(/^a regular expression or \/pattern\/flags, as --grep takes it \(Invalid regular expression: /)]);
      }
    }
    expect(readRun('r1', project([['r1', lines({ ...HEADER, selection: { grep: ['^refund', 'b|c'], repeat: 1, mode: 'normal' } }, attempt('a')), summary]])).header.selection?.grep).toEqual(['^refund', 'b|c']);
  });

  it("reads a summary's finished_at that is no date-time as absent", () => {
    const where = project([['r1', lines(HEADER, attempt('a')), { ...summary, finished_at: 'garbage' }], ['r2', lines(HEADER, attempt('a')), { ...summary, finished_at: '2026-11-24T10:00:01.000Z' }]]);
    expect(readRun('r1', where)).not.toHaveProperty('finished_at');
    expect(readRun('r2', where).finished_at).toBe('2026-11-24T10:00:01.000Z');
  });

  it('reports a corrupt line with its line number', () => {
    const where = project([['r1', `${lines(HEADER, attempt('a'))}not json\n${lines({ ...attempt('b'), status: 'weird' })}`, summary]]);
    try {
      readRun('r1', where);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => [i.file, i.line, i.code])).toEqual([
        ['.agentready/runs/r1/results.jsonl', 3, 'invalid_json'],
        ['.agentready/runs/r1/results.jsonl', 4, 'invalid_value'],
      ]);
    }
  });

  it('places a result line\'s schema problem at its value, saying what was expected and what was found, not at column 1 in zod\'s words', () => {
    const bad = JSON.stringify({ ...attempt('b'), duration_ms: 'slow' });
    const where = project([['r1', `${lines(HEADER, attempt('a'))}${bad}\n`, summary]]);
    try {
      readRun('r1', where);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => [i.line, i.column, i.path, i.expected, i.found])).toEqual([
        [3, bad.indexOf('"slow"') + 1, 'duration_ms', 'a number', '"slow"'],
      ]);
    }
  });

  it('redacts what its problems quote of a corrupt run folder: a copied folder holds what the agent said', () => {
    const pii = 'jane.doe@example.com';
    const problems = (results: string, summaryText?: string) => {
      const where = project([['r1', results, summary]]);
      if (summaryText !== undefined) writeFileSync(join(where.runsRoot, 'r1', 'summary.json'), summaryText);
      try {
        readRun('r1', where);
      } catch (error) {
        return JSON.stringify((error as ConfigError).issues);
      }
      return expect.unreachable();
    };
    // The line quoted whole, and JSON.parse's own excerpt, which cuts anywhere (`..."name": jane.doe@e"...`), left out.
    expect(problems(`${lines(HEADER)}{"suite": "${pii}", oops\n`)).toContain('{\\"suite\\": \\"[email]\\", oops');
    expect(problems(`${lines(HEADER)}{"suite": "${pii}", oops\n`)).toContain('"column":35');
    expect(problems(`${lines(HEADER)}`, `{"agent": {"name": ${pii}}}`)).not.toMatch(/jane/);
  });

  it('redacts a run read back for output: its results and what its summary says of the agent', () => {
    const pii = 'jane.doe@example.com';
    const where = project([['r1', lines(HEADER, attempt(`mail ${pii}`)), { ...summary, agent: { name: `bot of ${pii}`, version: '1' }, adapter: `stdio ${pii}` }]]);
    const run = redactedRun(readRun('r1', where), redactions(true));
    expect(JSON.stringify([run.results, run.agent, run.adapter])).not.toContain(pii);
    expect(run.agent).toEqual({ name: 'bot of [email]', version: '1' });
    expect(redactedRun(readRun('r1', where), redactions(false)).agent?.name).toBe(`bot of ${pii}`);
  });

  it('refuses a file that is not a results file', () => {
    const where = project([['r1', lines({ hello: 1 }), summary]]);
    expect(() => readRun('r1', where)).toThrow(/not an agentready results file|has 1 problem/);
  });

  it('says which runs exist when the id names none, and that a folder without results is no run', () => {
    const where = project([['20261124-100000-aaaa', lines(HEADER), summary], ['20261125-100000-bbbb', lines(HEADER), summary]]);
    expect(listRuns(where.runsRoot)).toEqual(['20261124-100000-aaaa', '20261125-100000-bbbb']);
    try {
      readRun('nope', where);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe('no run "nope": neither a run folder nor a run id under .agentready/runs');
      expect((error as UsageError).hint).toBe('recent runs: 20261125-100000-bbbb, 20261124-100000-aaaa');
    }
    expect(() => readRun('.agentready', where)).toThrow(/is not a run folder/);
    expect(listRuns(join(where.cwd, 'missing'))).toEqual([]);
  });

  it('says a file is no run, and that a baseline given as one is what eval compares with (compare agentready.baseline.json <run>)', () => {
    const where = project([['20261124-100000-aaaa', lines(HEADER), summary]]);
    writeFileSync(join(where.cwd, 'agentready.baseline.json'), '{}');
    writeFileSync(join(where.cwd, 'notes.txt'), 'x');
    const refused = (ref: string): UsageError => {
      try {
        readRun(ref, where);
      } catch (error) {
        return error as UsageError;
      }
      return expect.unreachable();
    };
    const baseline = refused('agentready.baseline.json');
    expect(baseline).toBeInstanceOf(UsageError);
    expect(baseline.message).toBe('agentready.baseline.json is a file, not a run: give a run id, a run folder or its results.jsonl');
    expect(baseline.hint).toMatch(/^the baseline is no run: `.*eval` compares a new run with it, `.*baseline show` prints it; recent runs: 20261124-100000-aaaa$/);
    expect(refused('notes.txt').hint).toBe('recent runs: 20261124-100000-aaaa');
  });

  it('names a folder that shares only the filesystem root with the current one by its absolute path, not ../../tmp/…', () => {
    const where = project([['r1', lines(HEADER), summary]]);
    const far = { ...where, cwd: '/nowhere-near/proj' };
    const message = (ref: string): string => {
      try {
        readRun(ref, far);
      } catch (error) {
        return (error as UsageError).message;
      }
      return expect.unreachable();
    };
    expect(message(where.cwd)).toBe(`${where.cwd} is not a run folder (it has no results.jsonl)`);
    expect(message('nope')).toBe(`no run "nope": neither a run folder nor a run id under ${where.runsRoot}`);
  });
});
