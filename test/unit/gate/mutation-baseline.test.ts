/** The baseline file: what a case record keeps, where a bad value is reported, how the text is laid out. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shownPath } from '../../../src/config/shown-path.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../../src/errors.js';
import { buildBaseline, parseBaseline, readBaseline } from '../../../src/gate/baseline.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { narrowBaseline } from '../../../src/gate/narrow.js';
import { serializeStable } from '../../../src/gate/serialize.js';
import { baselineOf } from './fixtures.js';
import { failing, result } from './results-builder.js';

function issuesOf(text: string): ConfigIssue[] {
  try {
    parseBaseline(text, 'b.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** A valid baseline as a person might have reformatted it by hand: odd spacing, escapes, literals. */
function handWritten(caseRecord: string): string {
  return `{
  "format": "agentready-baseline", "version": 1,
  "provenance": {"agent": {"name": "a \\"quoted\\" agent}]", "version": "1"}, "adapter": "stdio"},
  "fingerprint": "f",
  "metrics": {"overall": {"cases": 1, "attempts": 1, "passed": 1, "failed": 0, "errors": 0, "skipped": 0,
    "success_rate": {"value": 1, "successes": 1, "n": 1, "low": 0.2065, "high": 1},
    "escalation_rate": {"value": 0, "successes": 0, "n": 1, "low": 0, "high": 0.7935},
    "policy_compliance": {"value": 1, "successes": 1, "n": 1, "low": 0.2065, "high": 1},
    "budget_compliance": {"value": 1, "successes": 1, "n": 1, "low": 0.2065, "high": 1},
    "error_rate": {"value": 0, "successes": 0, "n": 1, "low": 0, "high": 0.7935},
    "tool_correctness": null, "tool_precision": null, "tool_recall": null,
    "cost_per_task": 0.01, "cost_total": 0.01, "p50_latency_ms": 1000, "p95_latency_ms": 1000,
    "retries": 0, "tool_errors": 0, "policy_denials": 0, "approval_missing": 0}, "slices": {}},
  "cases": {
    "s/{a}": ${caseRecord},
    "s/b": {"status": "passed", "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "y"}
  }
}
`;
}

describe('parseBaseline: where a schema problem is reported', () => {
  it('accepts the hand-written file', () => {
    expect(parseBaseline(handWritten('{"status": "passed", "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "x"}'), 'b.json').cases).toHaveProperty(['s/{a}']);
  });

  it('points into an array, past strings with escaped quotes and braces, and past literals', () => {
    const text = handWritten(
      '{"status": "failed", "attempts": 1, "passes": 0, "outcome": "said \\"}\\" ]", "duration_ms": 1e3, "cost_usd": 0,\n      "failed_checks": ["policy", true, 5], "fingerprint": "x"}',
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.path, i.line, i.column, i.found, i.expected])).toEqual([
      ['cases["s/{a}"].failed_checks[1]', positionOf(text, 'true').line, positionOf(text, 'true').column, 'true', 'a string'],
      ['cases["s/{a}"].failed_checks[2]', positionOf(text, '5]').line, positionOf(text, '5]').column, '5', 'a string'],
    ]);
  });

  it('points a missing key in a nested object at that object, saying the key is not there', () => {
    const text = handWritten('{ "status": "passed", "attempts": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "x" }');
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: 'cases["s/{a}"].passes', ...positionOf(text, '{ "status"'), message: 'missing required key "passes"', found: 'no "passes" key' });
    expect(issue!.expected).toMatch(/^key "passes" with /);
  });

  it('names unknown keys, and cuts a long found value at 80 characters', () => {
    const long = 'x'.repeat(100);
    const text = handWritten(`{"status": "passed", "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "x", "note": "${long}", "why": 1}`);
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ path: 'cases["s/{a}"]', expected: 'no keys note, why', found: '["note","why"]', ...positionOf(text, '{"status"') });
    const [cut] = issuesOf(handWritten(`{"status": "${long}", "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "x"}`));
    expect(cut!.found).toHaveLength(80);
    expect(cut!.found).toMatch(/^"x+…$/);
  });

  it('keeps a found value of exactly 80 characters whole', () => {
    const value = 'y'.repeat(78); // 80 characters once quoted
    const text = handWritten(`{"status": "passed", "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": ${JSON.stringify(value)}}`).replace(
      '"adapter": "stdio"',
      `"adapter": ${JSON.stringify(value)}, "extra": 1`,
    );
    expect(issuesOf(text).map((i) => i.path)).toEqual(['provenance']);
    const enumIssue = issuesOf(handWritten(`{"status": ${JSON.stringify(value)}, "attempts": 1, "passes": 1, "duration_ms": 1, "cost_usd": 0, "fingerprint": "x"}`))[0]!;
    expect(enumIssue).toMatchObject({ expected: 'one of passed | failed | error', found: JSON.stringify(value) });
  });

  it('locates a syntax error from its position, or at the end of a truncated file', () => {
    expect(issuesOf('{\n  "a": 1,,\n}')[0]).toMatchObject({ line: 2, column: 10, path: '', code: 'invalid_json', expected: 'a JSON baseline written by `agentready baseline update`' });
    expect(issuesOf('')[0]).toMatchObject({ line: 1, column: 1 });
    expect(issuesOf('{\n"a": [1,\n')[0]).toMatchObject({ line: 3, column: 1 });
  });

  it('skips an array value before the wrong one', () => {
    const text = handWritten('{"status": "failed", "attempts": 1, "passes": 0, "failed_checks": [ "fingerprint", "budget" ], "duration_ms": 1, "cost_usd": 0, "fingerprint": 57}');
    expect(issuesOf(text)[0]).toMatchObject({ path: 'cases["s/{a}"].fingerprint', ...positionOf(text, '57}'), found: '57', expected: 'a string' });
  });

  it('reports a value out of range with the bound in words', () => {
    const text = handWritten('{"status": "passed", "attempts": 1, "passes": 1, "duration_ms": -1, "cost_usd": 0, "fingerprint": "x"}');
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ path: 'cases["s/{a}"].duration_ms', code: 'too_small', found: '-1', expected: 'a number of at least 0', ...positionOf(text, '-1') });
  });

  it('reports a wrong value at the top of a non-object file', () => {
    expect(issuesOf('  [1]')[0]).toMatchObject({ path: '', line: 1, column: 3 });
  });
});

describe('readBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-mutation-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a corrupt file by its path as messages show it (relative to the current folder, or absolute from one that shares only the root)', async () => {
    const path = join(dir, 'corrupt.json');
    writeFileSync(path, '{"format": ');
    const error = await readBaseline(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.file).toBe(shownPath(path));
    expect((error as ConfigError).issues[0]!.file).not.toMatch(/^\.\.\/\.\.\/\.\.\//);
  });

  it('throws for a path that exists but cannot be read as a file', async () => {
    const folder = join(dir, 'a-folder.json');
    mkdirSync(folder);
    await expect(readBaseline(folder)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('buildBaseline: a case record', () => {
  it('counts only attempts that ran, and is flaky only with a pass and a failure', () => {
    const baseline = buildBaseline({
      results: [
        result({ case_id: 'a', attempt: 1, status: 'failed' }),
        result({ case_id: 'a', attempt: 2, status: 'failed' }),
        result({ case_id: 'a', attempt: 3, status: 'skipped' }),
        result({ case_id: 'b', attempt: 1 }),
        result({ case_id: 'b', attempt: 2, status: 'error' }),
      ],
      metrics: { overall: baselineOf([]).metrics.overall, slices: {} },
      agent: { name: 'a', version: '1' },
      adapter: 'stdio',
      fingerprint: 'f',
    });
    expect(baseline.cases['support/a']).toMatchObject({ status: 'failed', attempts: 2, passes: 0 });
    expect(baseline.cases['support/a']).not.toHaveProperty('flaky');
    expect(baseline.cases['support/b']).toMatchObject({ status: 'error', attempts: 2, passes: 1 });
    expect(baseline.cases['support/b']).not.toHaveProperty('flaky');
  });

  it('keeps only the checks that failed, and leaves out an outcome the attempt did not have', () => {
    const { outcome: _dropped, ...noOutcome } = result({ case_id: 'a', status: 'failed', checks: [failing('budget', 'over'), { check: 'policy', pass: true }] });
    const baseline = baselineOf([noOutcome]);
    expect(baseline.cases['support/a']!.failed_checks).toEqual(['budget']);
    expect(baseline.cases['support/a']).not.toHaveProperty('outcome');
  });

  it('counts escalations only in attempts that were judged', () => {
    const baseline = baselineOf([
      result({ case_id: 'a', attempt: 1, outcome: 'escalated' }),
      result({ case_id: 'a', attempt: 2, status: 'error', outcome: 'escalated' }),
    ]);
    expect(baseline.cases['support/a']!.escalations).toBe(1);
  });
});

describe('narrowBaseline', () => {
  const baseline = baselineOf([
    result({ case_id: 'a', tags: ['x'], outcome: 'escalated' }),
    result({ case_id: 'b/c', status: 'failed', checks: [failing('policy', 'denied'), failing('budget', 'over')] }),
    result({ case_id: 'gone' }),
  ]);
  const narrowed = narrowBaseline({ baseline, keys: new Set(['support/a', 'support/b/c']) });

  it('keeps only the selected case records', () => {
    expect(Object.keys(narrowed.cases)).toEqual(['support/a', 'support/b/c']);
    expect(narrowed.provenance).toEqual(baseline.provenance);
  });

  it('recomputes the metrics from the records: outcome, failed policy and budget checks, suite slices only', () => {
    expect(narrowed.metrics.overall).toMatchObject({
      cases: 2,
      escalation_rate: { successes: 1, n: 2 },
      policy_compliance: { successes: 1, n: 2 },
      budget_compliance: { successes: 1, n: 2 },
      policy_denials: 1,
      success_rate: { successes: 1, n: 2 },
    });
    expect(Object.keys(narrowed.metrics.slices)).toEqual(['suite:support']);
  });

  it("takes tags and risk from the run's results for the cases whose fingerprint is the baseline's, so those slices are recomputed too", () => {
    const labels = [result({ case_id: 'a', tags: ['refund'], risk: 'high' }), result({ case_id: 'b/c', tags: ['refund'], fingerprint: 'changed' })];
    const labelled = narrowBaseline({ baseline, keys: new Set(['support/a', 'support/b/c']), labels });
    expect(Object.keys(labelled.metrics.slices).sort()).toEqual(['risk:high', 'suite:support', 'tag:refund']);
    expect(labelled.metrics.slices['tag:refund']).toMatchObject({ cases: 1, success_rate: { successes: 1, n: 1 } });
  });

  it('counts every attempt of a baseline made with --repeat: cost_total, success_rate and escalations as the run counts them', () => {
    const repeated = baselineOf([
      result({ case_id: 'r', attempt: 1, cost_usd: 0.002 }),
      result({ case_id: 'r', attempt: 2, status: 'failed', cost_usd: 0.004, outcome: 'escalated' }),
      result({ case_id: 'e', attempt: 1, status: 'error', cost_usd: 0 }),
      result({ case_id: 'e', attempt: 2, status: 'error', cost_usd: 0 }),
    ]);
    const overall = narrowBaseline({ baseline: repeated, keys: new Set(['support/r', 'support/e']) }).metrics.overall;
    expect(overall.cost_total).toBeCloseTo(0.006, 9);
    expect(overall).toMatchObject({ attempts: 4, success_rate: { successes: 1, n: 2 }, escalation_rate: { successes: 1, n: 2 }, error_rate: { successes: 2, n: 4 } });
    expect(overall).toEqual(computeMetrics(repeatedRun()).overall);
  });
});

/** The run the repeated baseline above was made of, for comparing its metrics whole. */
function repeatedRun() {
  return [
    result({ case_id: 'r', attempt: 1, cost_usd: 0.003 }),
    result({ case_id: 'r', attempt: 2, status: 'failed', cost_usd: 0.003, outcome: 'escalated' }),
    result({ case_id: 'e', attempt: 1, status: 'error', cost_usd: 0 }),
    result({ case_id: 'e', attempt: 2, status: 'error', cost_usd: 0 }),
  ];
}

describe('serializeStable', () => {
  it('leaves out undefined keys and writes null, flat records on one line', () => {
    expect(serializeStable({ b: null, a: 1, c: undefined })).toBe('{"a": 1, "b": null}\n');
  });

  it('breaks a record holding records over lines, arrays of records included', () => {
    expect(serializeStable({ list: [{ a: { b: 1 } }, { a: null }], flat: [1, null] })).toBe(
      '{\n  "flat": [1, null],\n  "list": [\n    {\n      "a": {"b": 1}\n    },\n    {"a": null}\n  ]\n}\n',
    );
  });

  it('writes a record whose lists hold only scalars and nulls on one line, and breaks one holding a record', () => {
    expect(serializeStable({ a: [1, null] })).toBe('{"a": [1, null]}\n');
    expect(serializeStable({ a: [1, { b: 1 }] })).toBe('{\n  "a": [\n    1,\n    {"b": 1}\n  ]\n}\n');
  });

  it('writes null beside a nested record', () => {
    expect(serializeStable({ a: null, b: { c: { d: 1 } } })).toBe('{\n  "a": null,\n  "b": {\n    "c": {"d": 1}\n  }\n}\n');
  });

  it('rounds by what a key measures: milliseconds whole, USD to 6 decimals, anything else to 4', () => {
    expect(serializeStable({ wait_ms: 12.6, refund_usd: 0.12345678, cost_total: 1.23456789, rate: 0.123456, usd_note: 0.123456 })).toBe(
      '{"cost_total": 1.234568, "rate": 0.1235, "refund_usd": 0.123457, "usd_note": 0.1235, "wait_ms": 13}\n',
    );
  });
});
