// The decisions `review` and `eval` take from earlier runs, before any case or print: which run
// review samples and its candidates; what `--last-failed` runs, or that there is nothing to run;
// which runs record their verdicts in the history.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult, Suite, Trace } from '../../../src/config/schema/index.js';
import { UsageError } from '../../../src/errors.js';
import type { ResolvedConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { historyOfRun, lastFailedCases, planResume, reviewCandidates, reviewedRun } from '../../../src/lifecycle/index.js';
import { policyFingerprint, suitesFingerprint } from '../../../src/run/index.js';
import { useConfigFlag } from '../../../src/config/command-hint.js';
import { configFlagFor } from '../../../src/config/config-flag.js';

const HEADER = { format: 'agentready-results', version: 1, fingerprint: 'fp', started_at: '2026-12-04T10:00:00.000Z' };
const SUMMARY = { agent: { name: 'a', version: '1' }, adapter: 'stdio', interrupted: false, finished_at: 'x', duration_ms: 12 };

function result(case_id: string, status: CaseResult['status'] = 'passed'): CaseResult {
  return {
    suite: 's', case_id, attempt: 1, trace_id: `t-${case_id}`, fingerprint: `fp-${case_id}`, tags: [], status, outcome: 'completed',
    duration_ms: 5, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [],
  };
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  useConfigFlag('');
});

/** The ` --config <file>` every hint names, as the cli sets it once it loaded the config (cli/actions/common.ts). */
function configInUse(file: string, cwd: string): void {
  useConfigFlag(configFlagFor(file, cwd));
}

type RunSpec = { id: string; results?: CaseResult[]; header?: object; summary?: object | false };

/** A runs folder holding each run (oldest first): its results, what its header and summary add; `summary: false` leaves it unfinished. */
function runsOf(runs: RunSpec[]): { runsRoot: string; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'agentready-earlier-runs-'));
  roots.push(cwd);
  const runsRoot = join(cwd, '.agentready', 'runs');
  for (const run of runs) {
    const dir = join(runsRoot, run.id);
    mkdirSync(dir, { recursive: true });
    const lines = [{ ...HEADER, run_id: run.id, ...run.header }, ...(run.results ?? [result('a')])];
    writeFileSync(join(dir, 'results.jsonl'), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    if (run.summary !== false) writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...SUMMARY, run_id: run.id, ...run.summary }));
  }
  return { runsRoot, cwd };
}

describe('reviewedRun', () => {
  it('takes the newest run that says what the agent does, finished or not: no kill-switch run, no replay', () => {
    const where = runsOf([
      { id: '20261204-100000-aaaa' },
      { id: '20261204-110000-bbbb', summary: false },
      { id: '20261204-120000-cccc', summary: { kill_switch: { ready: true } } },
      { id: '20261204-130000-dddd', header: { replay_of: 'trace-1' } },
    ]);
    expect(reviewedRun({ ref: undefined, ...where }).header.run_id).toBe('20261204-110000-bbbb');
  });

  it('looks past a score run, which judged recorded traces (its undecidable checks are its errors), as eval --last-failed does; a score run named is reviewed', () => {
    const scored = { agent: { name: 'recorded', version: 'run.otlp.json' }, adapter: 'recorded' };
    const where = runsOf([{ id: '20261204-100000-aaaa' }, { id: '20261204-110000-bbbb', results: [result('b', 'error')], summary: scored }]);
    expect(reviewedRun({ ref: undefined, ...where }).header.run_id).toBe('20261204-100000-aaaa');
    expect(reviewedRun({ ref: '20261204-110000-bbbb', ...where }).header.run_id).toBe('20261204-110000-bbbb');
    expect(() => reviewedRun({ ref: undefined, ...runsOf([{ id: '20261204-110000-bbbb', summary: scored }]) })).toThrow(
      'no run under .agentready/runs to review (kill-switch runs, replays, `score` runs and runs that recorded no attempt are not counted)',
    );
  });

  it('reviews a named run as asked, a kill-switch run too', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa' }, { id: '20261204-120000-cccc', summary: { kill_switch: { ready: true } } }]);
    expect(reviewedRun({ ref: '20261204-120000-cccc', ...where }).header.run_id).toBe('20261204-120000-cccc');
    expect(reviewedRun({ ref: '20261204-100000-aaaa', ...where }).header.run_id).toBe('20261204-100000-aaaa');
  });

  it('refuses when no run counts, naming where it looked', () => {
    const where = runsOf([{ id: '20261204-120000-cccc', summary: { kill_switch: { ready: true } } }]);
    const reviewed = () => reviewedRun({ ref: undefined, ...where });
    expect(reviewed).toThrow(UsageError);
    expect(reviewed).toThrow('no run under .agentready/runs to review (kill-switch runs, replays, `score` runs and runs that recorded no attempt are not counted)');
  });
});

describe('reviewedRun: a run that recorded no attempt', () => {
  it('is passed over when no run is named (stopped after its header, as one stopped before it is), and refused plainly when named', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa' }, { id: '20261204-110000-bbbb', results: [], summary: { interrupted: true } }]);
    expect(reviewedRun({ ref: undefined, ...where }).header.run_id).toBe('20261204-100000-aaaa');
    const named = () => reviewedRun({ ref: '20261204-110000-bbbb', ...where });
    expect(named).toThrow(UsageError);
    expect(named).toThrow('run 20261204-110000-bbbb recorded no attempt (its results.jsonl has its header alone): there is nothing to review');
    expect(named).toThrow(expect.objectContaining({ hint: '`agentready eval --resume 20261204-110000-bbbb` runs its cases, or name another run' }));
  });

  it('leaves none to review when it is the only run, saying which runs are not counted', () => {
    const where = runsOf([{ id: '20261204-110000-bbbb', results: [], summary: false }]);
    expect(() => reviewedRun({ ref: undefined, ...where })).toThrow(
      'no run under .agentready/runs to review (kill-switch runs, replays, `score` runs and runs that recorded no attempt are not counted)',
    );
  });
});

describe('reviewedRun: a damaged newest run folder', () => {
  it('is the located problem (exit 2, as eval --last-failed), its hint naming the newest run that reads to review instead', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa' }, { id: '20261204-110000-bbbb' }]);
    mkdirSync(join(where.runsRoot, '20261204-120000-cccc'));
    writeFileSync(join(where.runsRoot, '20261204-120000-cccc', 'results.jsonl'), 'garbage{\n');
    const reviewed = () => reviewedRun({ ref: undefined, ...where });
    expect(reviewed).toThrow(ConfigError);
    expect(reviewed).toThrow(expect.objectContaining({ hint: expect.stringContaining('agentready review 20261204-110000-bbbb') }));
  });
});

describe('reviewCandidates', () => {
  const trace = (case_id: string, input?: string): Trace => ({
    trace_id: `t-${case_id}`, suite: 's', case_id, attempt: 1, mode: 'normal', outcome: 'completed', output: 'ok', duration_ms: 1,
    tool_calls: [], approvals: [], usage: [], policy_decisions: [], ...(input === undefined ? {} : { input }),
  });
  const suites = [{ name: 's', cases: [{ id: 'a', input: 'now a' }, { id: 'b', input: 'now b' }] }] as unknown as Suite[];

  it("gives each attempt its trace and the trace's input, else the case's as written now, else none", () => {
    const results = [result('a'), result('b'), result('gone')];
    const traces = new Map([['t-a', trace('a', 'asked a')], ['t-b', trace('b')]]);
    const candidates = reviewCandidates({ results, traces, suites });
    expect(candidates.map((c) => [c.result.case_id, c.trace?.trace_id, c.input])).toEqual([
      ['a', 't-a', 'asked a'],
      ['b', 't-b', 'now b'],
      ['gone', undefined, undefined],
    ]);
    expect('trace' in candidates[2]!).toBe(false);
    expect('input' in candidates[2]!).toBe(false);
  });
});

describe('lastFailedCases', () => {
  it('runs what failed or errored in the newest finished agent run, each case once', () => {
    const where = runsOf([
      { id: '20261204-100000-aaaa', results: [result('a', 'failed'), result('b', 'error'), result('c'), { ...result('a', 'failed'), attempt: 2 }] },
      { id: '20261204-110000-bbbb', results: [result('z', 'failed')], summary: false },
      { id: '20261204-120000-cccc', results: [result('y', 'failed')], summary: { kill_switch: { ready: false } } },
    ]);
    const last = lastFailedCases(where);
    expect(last).toMatchObject({ kind: 'cases', cases: ['s/a', 's/b'] });
    expect(last.run.header.run_id).toBe('20261204-100000-aaaa');
  });

  it('says of a filtered run that passed that it ran only the cases its flags chose (those it left out may fail still)', () => {
    const filtered = runsOf([{ id: '20261204-100000-aaaa', header: { selection: { grep: 'refund$', tags: ['vip'], repeat: 1, mode: 'normal' } } }]);
    expect(lastFailedCases(filtered)).toMatchObject({ kind: 'nothing', note: 'no case failed or errored in run 20261204-100000-aaaa (it ran only the cases of --grep refund$ · --tag vip: `agentready eval` runs them all): nothing to run' });
    // A --last-failed run ran what had failed before it: no other case to speak of.
    const rerun = runsOf([{ id: '20261204-100000-aaaa', header: { selection: { cases: ['s/a'], repeat: 1, mode: 'normal' } } }]);
    expect(lastFailedCases(rerun)).toMatchObject({ kind: 'nothing', note: 'no case failed or errored in run 20261204-100000-aaaa: nothing to run' });
  });

  it('says there is nothing to run when nothing failed, and that --resume runs what the cost cap skipped', () => {
    expect(lastFailedCases(runsOf([{ id: '20261204-100000-aaaa' }]))).toMatchObject({ kind: 'nothing', note: 'no case failed or errored in run 20261204-100000-aaaa: nothing to run' });
    const capped = runsOf([{ id: '20261204-100000-aaaa', results: [result('a'), result('b', 'skipped'), result('c', 'skipped')] }]);
    const last = lastFailedCases(capped);
    expect(last.run.skippedForCost).toBe(2);
    expect(last).toMatchObject({
      kind: 'nothing',
      note: 'no case failed or errored in run 20261204-100000-aaaa: nothing to run; 2 attempts skipped at budgets.max_run_cost_usd: `agentready eval --resume` runs them',
    });
  });

  it('leaves out the production traces a score --unlabeled run judged: they are no cases of the suites', () => {
    const production = (id: string): CaseResult => ({ ...result(id, 'failed'), suite: 'production', fingerprint: 'production' });
    const mixed = lastFailedCases(runsOf([{ id: '20261204-100000-aaaa', results: [production('p1'), result('a', 'failed'), production('p2')] }]));
    expect(mixed).toMatchObject({ kind: 'cases', cases: ['s/a'] });
    const only = lastFailedCases(runsOf([{ id: '20261204-100000-aaaa', results: [production('p1'), production('p2'), result('a')] }]));
    expect(only).toMatchObject({
      kind: 'nothing',
      note: 'no case failed or errored in run 20261204-100000-aaaa: nothing to run; the production traces that failed (2 attempts) are no cases of the suites',
    });
  });

  it('looks past a score run, which judged recorded traces and ran no agent, to the newest run of the agent', () => {
    const scored = { agent: { name: 'recorded', version: 'traces.jsonl' }, adapter: 'recorded' };
    const where = runsOf([
      { id: '20261204-100000-aaaa', results: [result('a', 'failed'), result('b')] },
      { id: '20261204-110000-bbbb', results: [result('b', 'failed'), result('c', 'error')], summary: scored },
    ]);
    const last = lastFailedCases(where);
    expect(last).toMatchObject({ kind: 'cases', cases: ['s/a'] });
    expect(last.run.header.run_id).toBe('20261204-100000-aaaa');
    expect(() => lastFailedCases(runsOf([{ id: '20261204-110000-bbbb', results: [result('b', 'failed')], summary: scored }]))).toThrow(
      '--last-failed needs a finished run: there is none under .agentready/runs (kill-switch runs, replays and `score` runs are not counted)',
    );
  });

  it('reads the run that finished last, not the one that started last: a run resumed to its end after a newer one finished', () => {
    const where = runsOf([
      { id: '20261204-100000-aaaa', results: [result('a', 'failed'), result('b')], summary: false },
      { id: '20261204-110000-bbbb', results: [result('b')], summary: { finished_at: '2026-12-04T11:01:00.000Z' } },
    ]);
    // The first run, interrupted, is resumed to its end after the second finished: its summary.json is written last.
    writeFileSync(join(where.runsRoot, '20261204-100000-aaaa', 'summary.json'), JSON.stringify({ ...SUMMARY, run_id: '20261204-100000-aaaa', finished_at: '2026-12-04T12:00:00.000Z' }));
    expect(lastFailedCases(where)).toMatchObject({ kind: 'cases', cases: ['s/a'] });
    // Of two finished in start order, the newer still.
    const inOrder = runsOf([
      { id: '20261204-100000-aaaa', results: [result('a', 'failed')], summary: { finished_at: '2026-12-04T10:01:00.000Z' } },
      { id: '20261204-110000-bbbb', results: [result('b', 'failed')], summary: { finished_at: '2026-12-04T11:01:00.000Z' } },
    ]);
    expect(lastFailedCases(inOrder)).toMatchObject({ kind: 'cases', cases: ['s/b'] });
  });

  it('warns when the run it reads is one shard of a matrix, whose other shards failed cases it does not run; a merged run reads whole', () => {
    const shard = { selection: { shard: { index: 2, total: 3 }, repeat: 1, mode: 'normal' } };
    const last = lastFailedCases(runsOf([{ id: '20261204-100000-aaaa', results: [result('a', 'failed')], header: shard }]));
    expect(last).toMatchObject({
      kind: 'cases',
      cases: ['s/a'],
      shardOnly: 'run 20261204-100000-aaaa, the newest finished run, is shard 2/3: only what failed in that shard runs, not what failed in the other shards; `agentready merge <shard runs>` joins them into one run, which --last-failed then reads',
    });
    const merged = lastFailedCases(runsOf([{ id: '20261204-100000-aaaa', results: [result('a', 'failed')], header: { merged_from: ['x', 'y'], selection: { repeat: 1, mode: 'normal' } } }]));
    expect(merged).toMatchObject({ kind: 'cases', cases: ['s/a'] });
    expect('shardOnly' in merged).toBe(false);
    // A shard with no failure says nothing ran only of that shard, and how to read them all.
    expect(lastFailedCases(runsOf([{ id: '20261204-100000-aaaa', header: shard }]))).toMatchObject({
      kind: 'nothing',
      note: 'no case failed or errored in run 20261204-100000-aaaa (it ran only the cases of --shard 2/3: `agentready eval` runs them all): nothing to run; `agentready merge <shard runs>` joins its shards into one run, which --last-failed then reads',
    });
  });

  it('says what --last-failed can do about a damaged newest run: repair or remove it (it names no run)', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa', results: [result('a', 'failed')] }]);
    writeFileSync(join(where.runsRoot, '20261204-100000-aaaa', 'results.jsonl'), '{"format": "agentready-results", "version": 1}\nnot json\n');
    expect(() => lastFailedCases(where)).toThrow(ConfigError);
    try {
      lastFailedCases(where);
    } catch (error) {
      expect((error as ConfigError).hint).toBe('--last-failed reads the newest finished run: repair or remove that run folder, or run `agentready eval` for a new run');
      expect((error as ConfigError).issues.length).toBeGreaterThan(0);
    }
  });

  it('passes over a newer run that recorded no case (stopped before its first line: its results.jsonl empty, or only the start of its header), as the review does; a bare --resume names it', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa', results: [result('a', 'failed')] }]);
    const empty = (id: string, text: string) => {
      mkdirSync(join(where.runsRoot, id));
      writeFileSync(join(where.runsRoot, id, 'results.jsonl'), text);
    };
    empty('20261204-110000-bbbb', '');
    empty('20261204-120000-cccc', '{"format": "agentre');
    expect(lastFailedCases(where)).toMatchObject({ kind: 'cases', cases: ['s/a'], run: { header: { run_id: '20261204-100000-aaaa' } } });
    expect(reviewedRun({ ref: undefined, ...where }).header.run_id).toBe('20261204-100000-aaaa');
    const config = { suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    // A bare --resume says plainly that the newest run cannot be resumed and what to do (not "name another run").
    expect(() => planResume({ ref: undefined, config, force: false, ...where })).toThrow(
      expect.objectContaining({
        message: 'the newest run, 20261204-120000-cccc, records no case: it was stopped before it wrote its first line, so there is nothing to resume (what it was asked to run is not known)',
        hint: 'run `agentready eval` again with the flags it was started with, and remove .agentready/runs/20261204-120000-cccc',
      }),
    );
    // A named one keeps the reader's words.
    expect(() => planResume({ ref: '20261204-110000-bbbb', config, force: false, ...where })).toThrow(
      expect.objectContaining({ message: '.agentready/runs/20261204-110000-bbbb/results.jsonl records no case: the run was stopped before it wrote its first line', hint: 'name another run, or make a new one with `agentready eval`' }),
    );
  });

  it('a bare --resume whose newest run recorded no case names the interrupted run before it to go on with', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa', summary: { interrupted: true } }]);
    mkdirSync(join(where.runsRoot, '20261204-110000-bbbb'));
    writeFileSync(join(where.runsRoot, '20261204-110000-bbbb', 'results.jsonl'), '');
    const config = { suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    expect(() => planResume({ ref: undefined, config, force: false, ...where })).toThrow(
      expect.objectContaining({
        hint: 'run `agentready eval` again with the flags it was started with, and remove .agentready/runs/20261204-110000-bbbb; or go on with the newest interrupted run before it: `agentready eval --resume 20261204-100000-aaaa`',
      }),
    );
  });

  it('refuses when there is no finished run', () => {
    const where = runsOf([{ id: '20261204-110000-bbbb', summary: false }]);
    expect(() => lastFailedCases(where)).toThrow('--last-failed needs a finished run: there is none under .agentready/runs (kill-switch runs, replays and `score` runs are not counted)');
  });
});

describe('historyOfRun', () => {
  it('records a whole run, not a kill-switch run nor a shard', () => {
    expect(historyOfRun({ rootDir: '/p', killSwitch: false, shard: false })?.file).toBe(join('/p', '.agentready', 'history.jsonl'));
    expect(historyOfRun({ rootDir: '/p', killSwitch: true, shard: false })).toBeUndefined();
    expect(historyOfRun({ rootDir: '/p', killSwitch: false, shard: true })).toBeUndefined();
    // Its lines name the config's file (none for the embedded default): the configs of one folder share the history.
    expect(historyOfRun({ rootDir: '/p', killSwitch: false, shard: false, configFile: join('/p', 'b.config.yaml') })?.config).toBe('b.config.yaml');
    expect(historyOfRun({ rootDir: '/p', killSwitch: false, shard: false })).not.toHaveProperty('config');
  });
});

describe('planResume', () => {
  it('carries the requests the earlier sessions refused for want of the token, which the resumed run counts with its own', () => {
    const config = { suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    const header = { fingerprint: suitesFingerprint(config.suites), policy_fingerprint: policyFingerprint(config.policy) };
    const where = runsOf([{ id: '20261204-100000-aaaa', header, summary: { interrupted: true, unauthenticated_requests: 4 } }]);
    expect(planResume({ ref: undefined, config, force: false, ...where }).resume.unauthenticatedRequests).toBe(4);
  });

  it('refused for an edit of the suites, says which finished cases --force would run again or leave out, or that none changed (the edit is elsewhere)', () => {
    const suites = (fingerprints: Record<string, string>) => [{ name: 's', fingerprint: JSON.stringify(fingerprints), cases: Object.entries(fingerprints).map(([id, fingerprint]) => ({ id, fingerprint })) }];
    const config = (fingerprints: Record<string, string>) => ({ suites: suites(fingerprints), policy: { rules: [] } }) as unknown as ResolvedConfig;
    const header = { fingerprint: 'before', policy_fingerprint: policyFingerprint({ rules: [] }) };
    // a and b finished; c errored (it runs again either way); d never ran.
    const where = runsOf([{ id: '20261204-100000-aaaa', header, summary: false, results: [result('a'), result('b', 'failed'), result('c', 'error')] }]);
    const hint = (fingerprints: Record<string, string>) => {
      try {
        planResume({ ref: undefined, config: config(fingerprints), force: false, ...where });
      } catch (error) {
        return (error as UsageError).hint;
      }
      return expect.unreachable();
    };
    // Only d, which the run did not finish, and c, which runs again, changed.
    expect(hint({ a: 'fp-a', b: 'fp-b', c: 'new', d: 'new' })).toBe(
      'run `agentready eval` for a new run, or add --force to resume anyway (none of the 2 attempts it finished is of a case changed or removed since: all are kept, and the rest run)',
    );
    expect(hint({ a: 'new', c: 'fp-c' })).toBe('run `agentready eval` for a new run, or add --force to resume anyway (1 case it finished changed since and runs again: s/a; 1 case it finished is gone from the suites and left out: s/b)');
  });

  it('with no run named, goes on in the newest interrupted eval, not a newer merge killed before it wrote its summary.json (no eval to go on with)', () => {
    const config = { suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    const header = { fingerprint: suitesFingerprint(config.suites), policy_fingerprint: policyFingerprint(config.policy) };
    const where = runsOf([
      { id: '20261204-100000-aaaa', header, summary: false },
      { id: '20261204-110000-bbbb', header: { ...header, merged_from: ['x', 'y'] }, summary: false },
    ]);
    expect(planResume({ ref: undefined, config, force: false, ...where }).resume.header.run_id).toBe('20261204-100000-aaaa');
  });

  it('with no run named, goes on in the newest interrupted run of the config in use, not a newer one another config of the folder left', () => {
    const config = { file: '/project/h.config.yaml', suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    const header = { fingerprint: suitesFingerprint(config.suites), policy_fingerprint: policyFingerprint(config.policy) };
    const where = runsOf([
      { id: '20261204-100000-aaaa', header: { ...header, config: 'h.config.yaml' }, summary: false },
      { id: '20261204-110000-bbbb', header: { ...header, config: 'mcp.config.yaml' }, summary: false },
    ]);
    expect(planResume({ ref: undefined, config, force: false, ...where }).resume.header.run_id).toBe('20261204-100000-aaaa');
  });

  it('refuses a run named to --resume that another config made (the suites are the same), naming its config; a run that recorded none goes on', () => {
    const config = { file: '/project/h.config.yaml', suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    const header = { fingerprint: suitesFingerprint(config.suites), policy_fingerprint: policyFingerprint(config.policy) };
    const where = runsOf([
      { id: '20261204-100000-aaaa', header, summary: false },
      { id: '20261204-110000-bbbb', header: { ...header, config: 'mcp.config.yaml' }, summary: false },
      { id: '20261204-120000-cccc', header: { ...header, config: 'h.config.yaml' }, summary: false },
    ]);
    const other = () => planResume({ ref: '20261204-110000-bbbb', config, force: false, ...where });
    expect(other).toThrow(UsageError);
    expect(other).toThrow('run 20261204-110000-bbbb was made with mcp.config.yaml, not h.config.yaml: resuming it with this config would go on with another agent');
    expect(other).toThrow(expect.objectContaining({ hint: '`agentready eval --resume 20261204-110000-bbbb --config mcp.config.yaml` goes on with it as it was made' }));
    expect(planResume({ ref: '20261204-100000-aaaa', config, force: false, ...where }).resume.header.run_id).toBe('20261204-100000-aaaa');
    expect(planResume({ ref: '20261204-120000-cccc', config, force: false, ...where }).resume.header.run_id).toBe('20261204-120000-cccc');
  });

  it('with no run of the config in use, names the newest run another config made and the command going on with it', () => {
    const where = runsOf([{ id: '20261204-110000-bbbb', header: { config: 'mcp.config.yaml' }, summary: false }]);
    const config = { file: join(where.cwd, 'h.config.yaml'), suites: [], policy: { rules: [] } } as unknown as ResolvedConfig;
    const resume = () => planResume({ ref: undefined, config, force: false, ...where });
    expect(resume).toThrow(UsageError);
    expect(resume).toThrow(
      'no run to resume: there is no run folder made with h.config.yaml under .agentready/runs; the newest there, 20261204-110000-bbbb, was made with mcp.config.yaml: `agentready eval --resume 20261204-110000-bbbb --config mcp.config.yaml` goes on with it',
    );
    expect(() => planResume({ ref: undefined, config, force: false, runsRoot: join(where.cwd, 'none'), cwd: where.cwd })).toThrow('no run to resume: there is no run folder under none');
    // The run to make first is one of the config in use, which the search from the folder would not find.
    configInUse(join(where.cwd, 'h.config.yaml'), where.cwd);
    expect(() => resume()).toThrow(expect.objectContaining({ hint: 'run `agentready eval --config h.config.yaml` first' }));
  });

  it('refuses to go on in a run folder whose files are symbolic links, which it would write through outside the folder', () => {
    const where = runsOf([{ id: '20261204-100000-aaaa', summary: false }]);
    const outside = mkdtempSync(join(tmpdir(), 'agentready-outside-'));
    roots.push(outside);
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const dir = join(where.runsRoot, '20261204-100000-aaaa');
    symlinkSync(victim, join(dir, 'traces.jsonl'));
    symlinkSync(join(outside, 'not-yet'), join(dir, 'summary.json'));
    const resume = () => planResume({ ref: '20261204-100000-aaaa', config: {} as ResolvedConfig, force: false, ...where });
    expect(resume).toThrow(UsageError);
    expect(resume).toThrow('run 20261204-100000-aaaa cannot be resumed: its traces.jsonl, summary.json are symbolic links');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    unlinkSync(join(dir, 'summary.json'));
    expect(resume).toThrow('its traces.jsonl is a symbolic link');
    // running.json too: taking over a killed run's note rewrites it, through the link.
    unlinkSync(join(dir, 'traces.jsonl'));
    symlinkSync(victim, join(dir, 'running.json'));
    expect(resume).toThrow('run 20261204-100000-aaaa cannot be resumed: its running.json is a symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});

describe('the newest run of the config in use: two configs in one folder share its runs folder', () => {
  const runs: RunSpec[] = [
    { id: '20261204-100000-aaaa', header: { config: 'h.config.yaml' }, results: [result('a', 'failed')] },
    { id: '20261204-110000-bbbb', header: { config: 'mcp.config.yaml' }, results: [result('m', 'failed')] },
  ];

  it('review and --last-failed read the newest run the config in use made, not a newer one of another config', () => {
    const where = runsOf(runs);
    expect(reviewedRun({ ref: undefined, ...where, configFile: 'h.config.yaml' }).header.run_id).toBe('20261204-100000-aaaa');
    const last = lastFailedCases({ ...where, configFile: 'h.config.yaml' });
    expect(last.run.header.run_id).toBe('20261204-100000-aaaa');
    expect(last.kind === 'cases' && last.cases).toEqual(['s/a']);
    expect(lastFailedCases({ ...where, configFile: 'mcp.config.yaml' }).run.header.run_id).toBe('20261204-110000-bbbb');
  });

  it('with no run of the config in use, names the newest run of another config and how to read it', () => {
    const where = runsOf(runs);
    // The run to make first is one of the config in use, which the search from the folder would not find.
    configInUse(join(where.cwd, 'x.config.yaml'), where.cwd);
    expect(() => reviewedRun({ ref: undefined, ...where, configFile: join(where.cwd, 'x.config.yaml') })).toThrow(expect.objectContaining({ hint: 'run `agentready eval --config x.config.yaml` first, or name a run folder' }));
    expect(() => lastFailedCases({ ...where, configFile: join(where.cwd, 'x.config.yaml') })).toThrow(expect.objectContaining({ hint: 'run `agentready eval --config x.config.yaml` first' }));
    useConfigFlag('');
    expect(() => reviewedRun({ ref: undefined, ...where, configFile: 'x.config.yaml' })).toThrow(
      'no run made with x.config.yaml under .agentready/runs to review (kill-switch runs, replays, `score` runs and runs that recorded no attempt are not counted); the newest there, 20261204-110000-bbbb, was made with mcp.config.yaml: `agentready review 20261204-110000-bbbb` reads it',
    );
    expect(() => lastFailedCases({ ...where, configFile: 'x.config.yaml' })).toThrow(
      '--last-failed needs a finished run made with x.config.yaml: there is none under .agentready/runs (kill-switch runs, replays and `score` runs are not counted); the newest there, 20261204-110000-bbbb, was made with mcp.config.yaml: `agentready eval --last-failed --config mcp.config.yaml` reads it',
    );
  });
});
