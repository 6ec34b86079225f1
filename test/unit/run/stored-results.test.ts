// StoredResults: a run's results in plan order, read back from results.jsonl on each pass.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { RESULTS_FILE, RunFolder } from '../../../src/run/run-folder.js';
import { StoredResults } from '../../../src/run/stored-results.js';

const result = (id: string, extra: Partial<CaseResult> = {}): CaseResult => ({
  suite: 's', case_id: id, attempt: 1, trace_id: `t-${id}`, fingerprint: 'f', tags: [], status: 'passed', duration_ms: 1, cost_usd: 0,
  model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [], ...extra,
});

function folder(): RunFolder {
  return RunFolder.create(mkdtempSync(join(tmpdir(), 'agentready-stored-')), { format: 'agentready-results', version: 1, run_id: 'r', fingerprint: 'f', started_at: '2026-01-01T00:00:00.000Z' });
}

describe('StoredResults', () => {
  it('yields the results in plan order whatever order they were written in, as often as asked, held ones included', () => {
    const run = folder();
    const stored = new StoredResults(join(run.dir, RESULTS_FILE), 5);
    stored.recorded(3, run.appendResult(result('c3')));
    stored.recorded(0, run.appendResult(result('c0', { status: 'failed' })));
    stored.hold(1, result('c1'));
    // A line longer than the read window, with characters of several bytes.
    stored.recorded(4, run.appendResult(result('c4', { error: { code: 'X', message: 'é'.repeat(1 << 20) } })));
    run.close();
    expect(stored.length).toBe(4);
    const ids = () => [...stored].map((r) => r.case_id);
    expect(ids()).toEqual(['c0', 'c1', 'c3', 'c4']);
    expect(ids()).toEqual(['c0', 'c1', 'c3', 'c4']);
    const all = [...stored];
    expect(all[0]!.status).toBe('failed');
    expect(all[3]!.error!.message.length).toBe(1 << 20);
  });

  it('writes the lines of a batch when it returns, where appendResult said, in one piece per file', () => {
    const run = folder();
    const stored = new StoredResults(join(run.dir, RESULTS_FILE), 3);
    const fileText = () => readFileSync(join(run.dir, RESULTS_FILE), 'utf8');
    const before = fileText();
    stored.recorded(0, run.appendResult(result('c0')));
    run.batch(() => {
      stored.recorded(2, run.appendResult(result('c2', { error: { code: 'X', message: 'é' } })));
      stored.recorded(1, run.appendResult(result('c1')));
      // Held until the batch returns.
      expect(fileText().split('\n').length).toBe(before.split('\n').length + 1);
    });
    expect(fileText().trim().split('\n').length).toBe(4);
    run.close();
    expect([...stored].map((r) => r.case_id)).toEqual(['c0', 'c1', 'c2']);
  });

  it('reads a resumed folder past what an earlier session wrote', () => {
    const first = folder();
    first.appendResult(result('old'));
    first.close();
    const again = RunFolder.reopen(first.dir);
    const stored = new StoredResults(join(first.dir, RESULTS_FILE), 1);
    stored.recorded(0, again.appendResult(result('new')));
    again.close();
    expect([...stored].map((r) => r.case_id)).toEqual(['new']);
  });
});
