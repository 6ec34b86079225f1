import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunReportFileSchema } from '../../../src/config/schema/report.js';
import { formatJsonReport, JsonReporter } from '../../../src/report/json.js';
import { caseResult, runSummary, verdict } from './fixtures.js';

describe('JsonReporter', () => {
  it('writes what schemas/report.json describes (SPEC: every file has a JSON Schema), whatever the run had', () => {
    const reports = [
      formatJsonReport(runSummary([caseResult()]), verdict()),
      formatJsonReport(runSummary([caseResult()], { warnings: ['no price for model acme-9'], end: { kind: 'completed', tolerated: { errors: 2, counted: 6, maxErrorRate: 0.5, undecidable: 1 } } }), undefined),
      formatJsonReport({ ...runSummary([caseResult()], { end: { kind: 'no_results', errors: 3 } }), replayed: true, replayed_usd: 0.5 }, verdict()),
    ];
    for (const text of reports) expect(RunReportFileSchema.safeParse(JSON.parse(text)).error).toBeUndefined();
    // And it describes this file, not any: a key it does not know, or one left out, is refused.
    const { results: _results, ...withoutResults } = JSON.parse(reports[0]!) as Record<string, unknown>;
    expect(RunReportFileSchema.safeParse({ ...JSON.parse(reports[0]!), extra: 1 }).success).toBe(false);
    expect(RunReportFileSchema.safeParse(withoutResults).success).toBe(false);
  });


  it('writes the finished run as one JSON file, creating its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'out', 'report.json');
    const summary = runSummary([caseResult()]);
    await new JsonReporter(path).onRunEnd(summary, verdict());
    const report = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(report)).toEqual([
      'format', 'version', 'run_id', 'agent', 'adapter', 'started_at', 'finished_at', 'duration_ms',
      'interrupted', 'not_run', 'incomplete', 'tolerated_errors', 'unauthenticated_requests', 'warnings', 'metrics', 'models', 'verdict', 'results',
    ]);
    expect(report).toMatchObject({ run_id: summary.run_id, duration_ms: 10_500, verdict: { pass: true }, results: [{ case_id: 'refund-double-charge' }] });
    expect(report.metrics).toEqual(summary.metrics);
    expect(report.incomplete).toBeNull();
    expect(report.tolerated_errors).toBeNull();
    expect(report.not_run).toBeNull();
  });

  it('counts the attempts an interrupted run never ran, against those it planned, which its results alone do not tell', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'agentready-json-')), 'report.json');
    const reporter = new JsonReporter(path);
    reporter.onRunStart({ run_id: 'r1', run_dir: 'r1', agent: { name: 'a' }, adapter: 'stdio', suites: [], total: 20, concurrency: 1, kill_switch: false, origin: { kind: 'live' } });
    const stopped = runSummary([caseResult()], { interrupted: true, end: { kind: 'interrupted', started: true, signal: 'SIGTERM' } });
    await reporter.onRunEnd({ ...stopped, metrics: { ...stopped.metrics, overall: { ...stopped.metrics.overall, attempts: 6 } } }, undefined);
    const report = JSON.parse(await readFile(path, 'utf8'));
    expect([report.interrupted, report.not_run]).toEqual([true, 14]);
    expect(RunReportFileSchema.safeParse(report).error).toBeUndefined();
  });

  it("holds the run's warnings, as summary.json does: a script reading only the report learns that a model had no price", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'report.json');
    const unpriced = 'no price for model acme-9 (12 calls): its cost counts as $0, so the cost figures are understated';
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()], { warnings: [unpriced] }), verdict());
    expect(JSON.parse(await readFile(path, 'utf8')).warnings).toEqual([unpriced]);
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()]), verdict());
    expect(JSON.parse(await readFile(path, 'utf8')).warnings).toEqual([]);
  });

  it('says why a run is incomplete, where verdict.pass alone would read as a pass (exit 3: the gate was not decided)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'report.json');
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()], { end: { kind: 'no_results', errors: 3 } }), verdict());
    const report = JSON.parse(await readFile(path, 'utf8'));
    expect(report.verdict.pass).toBe(true);
    expect(report.incomplete).toBe('no case produced a result: 3 of 3 attempts ended in harness errors');
  });

  it('holds the harness errors a pass had within run.max_error_rate, as its headline names them in the other reports (not silently green)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'report.json');
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()], { end: { kind: 'completed', tolerated: { errors: 1, counted: 6, maxErrorRate: 0.2 } } }), verdict());
    const report = JSON.parse(await readFile(path, 'utf8'));
    expect(report).toMatchObject({ verdict: { pass: true }, incomplete: null, tolerated_errors: { errors: 1, counted: 6, max_error_rate: 0.2 } });
    expect(report.tolerated_errors).not.toHaveProperty('undecidable');
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()], { end: { kind: 'completed', tolerated: { errors: 2, counted: 6, maxErrorRate: 0.5, undecidable: 1 } } }), verdict());
    expect(JSON.parse(await readFile(path, 'utf8')).tolerated_errors).toEqual({ errors: 2, counted: 6, max_error_rate: 0.5, undecidable: 1 });
  });

  it('says a --models replay run\'s dollars were replayed from cassettes, as summary.json does, and says nothing of it otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'report.json');
    await new JsonReporter(path).onRunEnd({ ...runSummary([caseResult()]), replayed: true }, verdict());
    expect(JSON.parse(await readFile(path, 'utf8')).replayed).toBe(true);
    await new JsonReporter(path).onRunEnd(runSummary([caseResult()]), verdict());
    expect(JSON.parse(await readFile(path, 'utf8'))).not.toHaveProperty('replayed');
  });

  it('writes verdict null under --no-gate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-json-'));
    const path = join(dir, 'report.json');
    await new JsonReporter(path).onRunEnd(runSummary([]), undefined);
    expect(JSON.parse(await readFile(path, 'utf8')).verdict).toBeNull();
  });
});
