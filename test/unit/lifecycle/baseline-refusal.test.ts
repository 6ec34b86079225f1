// baseline update's refusal quotes the agent's error messages, read from a run folder under --from,
// where a run made with --no-redact keeps them as the agent wrote them: what it prints is redacted,
// unless the command itself is told --no-redact.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/index.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { redactions } from '../../../src/common/redact-deep.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { baselineRefusal, refuseOtherSuites, refuseSnapshot, skippedRefusal, unfinishedRefusal } from '../../../src/lifecycle/baseline-refusal.js';
import { plannedResults, snapshotResults, writeBaselineFromRun } from '../../../src/lifecycle/baseline-update.js';
import { HarnessError, UsageError } from '../../../src/errors.js';
import { PRODUCTION_SUITE } from '../../../src/config/production-case.js';
import type { ResultsHeader } from '../../../src/config/schema/results.js';
import type { Suite } from '../../../src/config/schema/index.js';
import { suitesFingerprint, type RunRecord } from '../../../src/run/index.js';
import { result } from '../gate/results-builder.js';

const PII = 'jane.doe@example.com';
const failed = (id: string, status: 'failed' | 'error', message: string): CaseResult =>
  result({ case_id: id, status, outcome: status === 'error' ? 'error' : 'agent_error', error: { code: status === 'error' ? 'AGENT_CRASHED' : 'AGENT_ERROR', message } });

const harnessErrored = [failed('a', 'error', `crashed\nstderr: mail ${PII} failed`), result({ case_id: 'b' })];

describe("baseline update's refusal", () => {
  const alike = ['a', 'b'].map((id) => failed(id, 'failed', `no account for ${PII}`));
  const harness = harnessErrored;

  it('redacts the one agent error every case ended in, and the harness errors it names', () => {
    for (const results of [alike, harness]) {
      const refusal = baselineRefusal(results, { force: false, clean: redactions(true).text });
      expect(refusal).toContain('[email]');
      expect(refusal).not.toContain(PII);
    }
  });

  it('quotes them as written under --no-redact, and refuses nothing under --force', () => {
    expect(baselineRefusal(harness, { force: false, clean: redactions(false).text })).toContain(`a: crashed\n    stderr: mail ${PII} failed`);
    expect(baselineRefusal(alike, { force: true, clean: redactions(true).text })).toBeUndefined();
  });
});

describe('baseline update --from a run of other suites', () => {
  // A run of another config's suites, or of these before an edit: a baseline of its cases would not be of these.
  it('is refused, naming both fingerprints; a run of these suites is not', () => {
    const here = suitesFingerprint([]);
    expect(() => refuseOtherSuites({ header: { run_id: 'r1', fingerprint: here }, suites: [] })).not.toThrow();
    const refused = () => refuseOtherSuites({ header: { run_id: 'r1', fingerprint: '0123abcd' }, suites: [] });
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow(`run r1 ran other suites than these, or these before an edit (fingerprint 0123abcd; the suites here are ${here}): a baseline records the cases of the suites as they are here`);
  });
});

describe('baseline update --from a run that may not become the baseline', () => {
  const fingerprint = suitesFingerprint([]);
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint, started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 1, mode: 'normal' } };
  const whole = { header, results: [result({ case_id: 'a' }), result({ case_id: 'b' })], killSwitch: false, incomplete: false };
  const snapshot = (run: Partial<typeof whole>, force = false) => () => refuseSnapshot({ run: { ...whole, ...run }, suites: [], force });
  const refusedAs = (refused: () => void, kind: typeof UsageError | typeof HarnessError, message: string) => {
    expect(refused).toThrow(kind);
    expect(refused).toThrow(message);
  };

  it('takes a whole finished run of these suites without harness errors', () => {
    expect(snapshot({})).not.toThrow();
  });

  it('refuses a kill-switch run, even one whose header names no selection', () => {
    const { selection: _, ...older } = header;
    for (const run of [{ killSwitch: true }, { killSwitch: true, header: older }]) {
      refusedAs(snapshot(run), UsageError, 'run r1 ran read-only (--kill-switch): a baseline records every case as the agent answers it');
    }
  });

  it('refuses a run of some cases: filters, --last-failed or a shard', () => {
    const selections = [{ grep: 'refund' }, { suites: ['support'] }, { tags: ['smoke'] }, { cases: ['support/a'] }, { shard: { index: 1, total: 2 } }];
    for (const picked of selections) {
      refusedAs(snapshot({ header: { ...header, selection: { repeat: 1, mode: 'normal', ...picked } } }), UsageError, 'run r1 selected only some cases (filters, --last-failed or --shard)');
    }
  });

  it('refuses a run of other suites', () => {
    refusedAs(snapshot({ header: { ...header, fingerprint: '0123abcd' } }), UsageError, 'run r1 ran other suites than these, or these before an edit (fingerprint 0123abcd');
  });

  it('refuses a run that scored production traces, counting them', () => {
    const traces = ['p1', 'p2'].map((id) => result({ case_id: id, suite: PRODUCTION_SUITE, fingerprint: PRODUCTION_SUITE }));
    refusedAs(snapshot({ results: [...whole.results, ...traces] }), UsageError, 'run r1 scored 2 production traces (`score --unlabeled`)');
    // A case of a suite that happens to be called production is a case of the suites.
    expect(snapshot({ results: [result({ case_id: 'a', suite: PRODUCTION_SUITE })] })).not.toThrow();
  });

  it('refuses an unfinished run unless forced', () => {
    refusedAs(snapshot({ incomplete: true }), HarnessError, 'run r1 did not finish (interrupted, or no summary.json); the baseline was not written. Pass --force to record the cases it has.');
    expect(snapshot({ incomplete: true }, true)).not.toThrow();
  });

});

describe('baseline update --from a run folder holding what a run would have redacted', () => {
  // A run made with --no-redact, or copied from a CI artifact: the baseline is committed and its keys printed.
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z' };
  const run = { header, results: [failed(`mail ${PII}`, 'failed', 'no'), result({ case_id: 'b' })], agent: { name: `agent of ${PII}` }, adapter: 'stdio' };
  const snapshot = async (redact: boolean) => {
    const rootDir = mkdtempSync(join(tmpdir(), 'agentready-snapshot-'));
    const config = { rootDir, baselinePath: join(rootDir, 'agentready.baseline.json'), gate: DEFAULT_GATE, suites: [] } as unknown as ResolvedConfig;
    const said = await writeBaselineFromRun({ config, run: run as unknown as RunRecord, redact });
    return { said, written: readFileSync(config.baselinePath, 'utf8') };
  };

  it('writes and says its case keys and agent redacted', async () => {
    const { said, written } = await snapshot(true);
    expect(written).toContain('support/mail [email]');
    expect(written).not.toContain(PII);
    expect(said).not.toContain(PII);
  });

  it('keeps them as written under --no-redact', async () => {
    expect((await snapshot(false)).written).toContain(`support/mail ${PII}`);
  });
});

describe('baseline update --from a run holding lines no session of it wrote', () => {
  // As --resume keeps only the attempts the run planned: a case the suites lack, or an attempt past the run's repeat, added by hand.
  const suites = [{ name: 'support', cases: [{ id: 'a' }, { id: 'b' }] }] as unknown as Suite[];
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 2, mode: 'normal' } };
  const measured = [1, 2].flatMap((attempt) => ['a', 'b'].map((id) => result({ case_id: id, attempt })));
  const added = [result({ case_id: 'ghost', status: 'failed' }), result({ case_id: 'a', attempt: 3, status: 'failed' })];
  const folder = (results: CaseResult[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-planned-'));
    writeFileSync(join(dir, 'results.jsonl'), [header, ...results].map((line) => JSON.stringify(line)).join('\n') + '\n');
    return { dir, header, results };
  };

  it('leaves them out, each a warning at its line', () => {
    const { results, leftOut } = plannedResults({ run: folder([...measured, ...added]), suites, shown: 'runs/r1' });
    expect(results).toEqual(measured);
    expect(leftOut.map((issue) => [`${issue.file}:${issue.line}`, issue.severity, issue.message])).toEqual([
      ['runs/r1/results.jsonl:6', 'warning', 'left out of the baseline: support/ghost is no case of the suites, so no session of run r1 ran it'],
      ['runs/r1/results.jsonl:7', 'warning', "left out of the baseline: attempt 3 of support/a is past the run's repeat (2), so no session of run r1 wrote it"],
    ]);
  });

  // The refusal judges what the baseline would record: a line left out neither causes one nor hides one.
  const fingerprinted = { ...header, fingerprint: suitesFingerprint(suites) };
  const snapshot = (results: CaseResult[]) => () => snapshotResults({ run: { ...folder(results), header: fingerprinted, killSwitch: false, incomplete: false }, suites, force: false, clean: redactions(true).text, shown: 'r1' });

  it('refuses a run with harness errors unless forced, their agent text redacted', () => {
    const errored = measured.map((line, i) => (i === 0 ? { ...line, ...harnessErrored[0] } : line));
    const refused = snapshot(errored);
    expect(refused).toThrow(HarnessError);
    expect(refused).toThrow('1 case ended in harness errors, so the baseline was not written');
    expect(refused).toThrow('[email]');
    expect(snapshotResults({ run: { ...folder(errored), header: fingerprinted, killSwitch: false, incomplete: false }, suites, force: true, clean: redactions(true).text, shown: 'r1' }).results).toEqual(errored);
  });

  it('writes a run whose only harness error is on a line left out, with its warning', () => {
    const ghost = failed('ghost', 'error', 'crashed');
    const { results, leftOut } = snapshot([...measured, ghost])();
    expect(results).toEqual(measured);
    expect(leftOut.map((issue) => issue.message)).toEqual(['left out of the baseline: support/ghost is no case of the suites, so no session of run r1 ran it']);
  });

  it('refuses a run whose every planned attempt ended in one agent_error, though a line left out passed', () => {
    const alike = [1, 2].flatMap((attempt) => ['a', 'b'].map((id) => ({ ...failed(id, 'failed', 'no API key'), attempt })));
    expect(snapshot([...alike, result({ case_id: 'ghost' })])).toThrow('every case (4 attempts) ended in agent_error with one and the same message');
  });

  // An interrupted run with no finished attempt (or only lines left out): a baseline of no case would accept nothing and hide every case as added.
  it('refuses a run with no attempt to record, even forced: exit 2 saying why', () => {
    for (const [results, incomplete] of [[[], true], [[result({ case_id: 'ghost' })], true], [[], false]] as const) {
      const refused = () => snapshotResults({ run: { ...folder([...results]), header: fingerprinted, killSwitch: false, incomplete }, suites, force: true, clean: redactions(true).text, shown: 'r1' });
      expect(refused).toThrow(UsageError);
      expect(refused).toThrow('run r1 has no finished attempt of the suites\' cases: a baseline of it would record no case, so it was not written, even with --force');
    }
  });

  // An interrupted run whose every case ran fewer attempts than planned and failed none: each is left out, so the baseline would hold no case.
  it('refuses a run whose every case is partial, even forced: exit 2 saying why and what to do', () => {
    const partial = [result({ case_id: 'a' }), result({ case_id: 'b' })];
    const refused = () => snapshotResults({ run: { ...folder(partial), header: fingerprinted, killSwitch: false, incomplete: true }, suites, force: true, clean: redactions(true).text, shown: 'r1' });
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow('every case run r1 ran (2) is partial: it ran fewer attempts than the run planned (2) and failed none, so it is not judged and no baseline records it; a baseline of the run would record no case, so it was not written, even with --force');
    // One case judged (a failed attempt folds failed) is a baseline of one case: --force records it.
    const oneJudged = [result({ case_id: 'a', status: 'failed' }), result({ case_id: 'b' })];
    expect(snapshotResults({ run: { ...folder(oneJudged), header: fingerprinted, killSwitch: false, incomplete: true }, suites, force: true, clean: redactions(true).text, shown: 'r1' }).results).toEqual(oneJudged);
  });

  it('keeps a run of what it planned as it is; a header naming no selection ran each case once', () => {
    expect(plannedResults({ run: folder(measured), suites, shown: 'r1' })).toEqual({ results: measured, leftOut: [] });
    const { selection: _, ...older } = header;
    const once = plannedResults({ run: { ...folder(measured), header: older }, suites, shown: 'r1' });
    expect(once.results).toEqual(measured.slice(0, 2));
    expect(once.leftOut.map((issue) => issue.line)).toEqual([4, 5]);
  });
});

describe('baseline update of a run that stopped at budgets.max_run_cost_usd', () => {
  const fingerprint = suitesFingerprint([]);
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint, started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 1, mode: 'normal' } };

  it('refuses it: the cases it skipped would have no verdict and read as added to every later run', () => {
    expect(skippedRefusal({ skipped: 0, run: 'r1', from: false })).toBeUndefined();
    expect(skippedRefusal({ skipped: 15, run: 'r1', from: false })).toBe(
      '15 attempts were skipped after the run reached budgets.max_run_cost_usd, so the baseline was not written: it would hold no verdict for their cases, which every later run would read as added (raise the cap and run it again, or go on with this run (`agentready eval --resume r1`) and snapshot it (`agentready baseline update --from r1`))',
    );
  });

  it('--from refuses it unless forced, which records the cases that ran, as of an interrupted run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-snapshot-capped-'));
    writeFileSync(join(dir, 'results.jsonl'), '');
    const results = [result({ case_id: 'a' }), result({ case_id: 'b', status: 'skipped' })];
    const suites = [{ name: 'support', file: join(dir, 's.suite.yaml'), cases: [{ id: 'a' }, { id: 'b' }] }] as unknown as Suite[];
    const run = { dir, header: { ...header, fingerprint: suitesFingerprint(suites) }, results, killSwitch: false, incomplete: false };
    const snap = (force: boolean) => () => snapshotResults({ run, suites, force, clean: (text) => text, shown: dir });
    expect(snap(false)).toThrow(HarnessError);
    expect(snap(false)).toThrow('1 attempt of run r1 was skipped after the run reached budgets.max_run_cost_usd, so the baseline was not written');
    expect(snap(false)).toThrow('(go on with it first (raise the cap: `agentready eval --resume r1`), or pass --force to record the cases that ran (not one with an attempt skipped and none failed: it was not judged))');
    expect(snap(true)().results.map((r) => r.case_id)).toEqual(['a', 'b']);
  });
});

describe('a live baseline update whose exit calls the run incomplete', () => {
  it('writes no baseline even under --force: attempts skipped at the cost cap, or every attempt a harness error', () => {
    expect(unfinishedRefusal({ run: 'r1', skipped: 2, attempts: 5, errors: 0 })).toMatch(/^2 attempts were skipped after the run reached budgets\.max_run_cost_usd/);
    expect(unfinishedRefusal({ run: 'r1', skipped: 0, attempts: 3, errors: 3 })).toBe(
      'every attempt (3) ended in a harness error, so the baseline was not written, even with --force: a baseline of it would hold no measured verdict (fix what the errors say, then run it again)',
    );
    // Some measured: baselineRefusal's to refuse, or --force's to record.
    expect(unfinishedRefusal({ run: 'r1', skipped: 0, attempts: 3, errors: 2 })).toBeUndefined();
  });
});

describe('baseline update of a run whose every case is quarantined', () => {
  // Nothing the gate counts ran: a baseline of it held no measured case and empty metrics, which no relative threshold compares with.
  const quarantine = { until: '2999-12-31', reason: 'flaky upstream' };
  const suites = [{ name: 'support', cases: [{ id: 'a', suite: 'support', quarantine }, { id: 'b', suite: 'support', quarantine }] }] as unknown as Suite[];
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z' };
  const run = { header, results: [result({ case_id: 'a' }), result({ case_id: 'b', status: 'failed' })], agent: { name: 'agent' }, adapter: 'stdio' } as unknown as RunRecord;
  const update = async (previous?: string) => {
    const rootDir = mkdtempSync(join(tmpdir(), 'agentready-quarantined-'));
    const config = { rootDir, baselinePath: join(rootDir, 'agentready.baseline.json'), gate: DEFAULT_GATE, suites } as unknown as ResolvedConfig;
    if (previous !== undefined) writeFileSync(config.baselinePath, previous);
    const said = await writeBaselineFromRun({ config, run, redact: true });
    return { said, file: config.baselinePath };
  };

  it('writes no baseline, and says why, naming the cases', async () => {
    const { said, file } = await update();
    expect(() => readFileSync(file, 'utf8')).toThrow(/ENOENT/);
    expect(said).toMatch(/^Every case that ran is quarantined \(2\): support\/a \(until 2999-12-31\), support\/b \(until 2999-12-31\)\. The gate counts none of them and a quarantined case's result is no known state, so \S*agentready\.baseline\.json was not written\. Write it once cases run that are not quarantined\.\n$/);
  });

  it('leaves the previous baseline as it was: its metrics were not replaced with empty ones', async () => {
    // A baseline of the cases before their quarantine: both passed.
    const before = await update();
    const unquarantined = [{ name: 'support', cases: [{ id: 'a', suite: 'support' }, { id: 'b', suite: 'support' }] }] as unknown as Suite[];
    const config = { rootDir: join(before.file, '..'), baselinePath: before.file, gate: DEFAULT_GATE, suites: unquarantined } as unknown as ResolvedConfig;
    await writeBaselineFromRun({ config, run: { ...run, results: [result({ case_id: 'a' }), result({ case_id: 'b' })] }, redact: true });
    const previous = readFileSync(before.file, 'utf8');
    expect(JSON.parse(previous).metrics.overall.success_rate.value).toBe(1);
    const { said, file } = await update(previous);
    expect(readFileSync(file, 'utf8')).toBe(previous);
    expect(said).toContain('was not written; the baseline there is left as it was.');
  });

  it('says so of a previous baseline it could not read (merge conflict markers), left as it was too', async () => {
    const conflicted = '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> main\n';
    const { said, file } = await update(conflicted);
    expect(readFileSync(file, 'utf8')).toBe(conflicted);
    expect(said).toMatch(/was not written; the baseline there, which could not be read \([^\n]+\), is left as it was\. /);
  });
});

describe('baseline update --from a --repeat run interrupted before every case ran all its attempts (--force)', () => {
  // The lead: eval --repeat 3 interrupted after a ran 2 attempts and b 1; the baseline records each case's attempts as they ran.
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z', selection: { repeat: 3, mode: 'normal' } };
  const write = async (results: CaseResult[]) => {
    const rootDir = mkdtempSync(join(tmpdir(), 'agentready-uneven-'));
    const config = { rootDir, baselinePath: join(rootDir, 'agentready.baseline.json'), gate: DEFAULT_GATE, suites: [] } as unknown as ResolvedConfig;
    const said = await writeBaselineFromRun({ config, run: { header, results, agent: { name: 'agent' }, adapter: 'stdio' } as unknown as RunRecord, redact: true });
    return { said, written: JSON.parse(readFileSync(config.baselinePath, 'utf8')) as { cases: Record<string, { attempts: number }> } };
  };

  it('says its cases ran fewer attempts than planned, and how many, beside the records that keep them', async () => {
    // a failed one of its 2 attempts (failed, whatever the third would do); b passed its 1 of 3: no pass (SPEC §11 Repeats), left out as a skipped case is.
    const { said, written } = await write([result({ case_id: 'a', status: 'failed' }), result({ case_id: 'b' }), result({ case_id: 'a', attempt: 2 })]);
    expect(written.cases['support/a']).toMatchObject({ attempts: 2, status: 'failed', flaky: true });
    expect(written.cases['support/b']).toBeUndefined();
    expect(said).toContain('Its cases ran 1 to 2 times each, of the 3 attempts the run planned (--repeat 3): each record keeps the attempts that ran');
    expect(said).toContain('1 case that ran fewer attempts than planned and failed none is no pass, and left out (a later eval lists it as added).');
    expect(said).toMatch(/^Wrote .*: 1 case, 0 passing, 1 flaky\./);
    const once = await write([result({ case_id: 'a' }), result({ case_id: 'b', status: 'failed' })]);
    expect(once.said).toContain('Its cases ran once each, of the 3 attempts the run planned (--repeat 3)');
    expect(once.said).toContain('1 case that ran fewer attempts than planned and failed none is no pass');
    expect(Object.keys(once.written.cases)).toEqual(['support/b']);
    const whole = [1, 2, 3].flatMap((attempt) => [result({ case_id: 'a', attempt }), result({ case_id: 'b', attempt })]);
    expect((await write(whole)).said).not.toContain('Its cases ran');
  });
});
