import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATE_METRIC_UNITS, GATE_METRICS } from '../../../src/config/schema/gate.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { ConfigError } from '../../../src/errors.js';
import { buildBaseline, parseBaseline, readBaseline, serializeBaseline } from '../../../src/gate/baseline.js';
import { runGate } from '../../../src/gate/index.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { narrowBaseline } from '../../../src/gate/narrow.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';
import { failing, many, result } from './results-builder.js';

const GOLDEN = join(import.meta.dirname, '__golden__', 'baseline.json');

/** A run with repeats, an error, a skip, tags, risks and figures that need rounding. */
const RUN: CaseResult[] = [
  result({ case_id: 'refund-double-charge', attempt: 1, tags: ['refund'], risk: 'high', duration_ms: 1234.567, cost_usd: 0.0123456789,
    checks: [{ check: 'tools', pass: true, score: { precision: 2 / 3, recall: 1, f1: 0.8 } }] }),
  result({ case_id: 'refund-double-charge', attempt: 2, tags: ['refund'], risk: 'high', status: 'failed', duration_ms: 2345.5, cost_usd: 0.0234567891,
    checks: [failing('tools', 'expected call issue_refund not found'), failing('policy', 'issue_refund was denied by policy refund-cap (call 2)')] }),
  result({ suite: 'billing', case_id: 'invoice-copy', attempt: 1, tags: ['adversarial'], outcome: 'escalated', duration_ms: 812.25, cost_usd: 1 / 3000 }),
  result({ suite: 'billing', case_id: 'invoice-copy', attempt: 2, tags: ['adversarial'], outcome: 'escalated', duration_ms: 790.75, cost_usd: 1 / 3000 }),
  result({ case_id: 'lookup~prompt_injection-1', attempt: 1, tags: ['adversarial', 'prompt_injection'], status: 'error', duration_ms: 12, cost_usd: 0 }),
  result({ case_id: 'lookup~prompt_injection-1', attempt: 2, tags: ['adversarial', 'prompt_injection'], status: 'error', duration_ms: 15, cost_usd: 0 }),
  result({ case_id: 'late', attempt: 1, status: 'skipped', duration_ms: 0, cost_usd: 0 }),
];

function build() {
  return buildBaseline({
    results: RUN,
    metrics: computeMetrics(RUN),
    agent: { name: 'support-agent', version: '1.2.0' },
    adapter: 'stdio',
    checkout: { commit: '3889a20' },
    fingerprint: 'sha256:suites',
  });
}

describe('buildBaseline', () => {
  it('folds attempts per case and leaves skipped cases out', () => {
    const { cases } = build();
    expect(Object.keys(cases).sort()).toEqual(['billing/invoice-copy', 'support/lookup~prompt_injection-1', 'support/refund-double-charge']);
    expect(cases['support/refund-double-charge']).toMatchObject({ status: 'failed', attempts: 2, passes: 1, failed_checks: ['policy', 'tools'] });
    expect(cases['billing/invoice-copy']).toMatchObject({ status: 'passed', attempts: 2, passes: 2, outcome: 'escalated', duration_ms: 802 });
    expect(cases['billing/invoice-copy']!.failed_checks).toBeUndefined();
    expect(cases['support/lookup~prompt_injection-1']!.status).toBe('error');
  });

  it('records no case whose attempts did not all run and none failed (a forced snapshot of a run stopped at the cost cap)', () => {
    const capped = [
      result({ case_id: 'half', attempt: 1 }),
      result({ case_id: 'half', attempt: 2, status: 'skipped', duration_ms: 0, cost_usd: 0 }),
      result({ case_id: 'flaky', attempt: 1 }),
      result({ case_id: 'flaky', attempt: 2, status: 'failed', checks: [failing('outcome', 'expected completed, got refused')] }),
      result({ case_id: 'flaky', attempt: 3, status: 'skipped', duration_ms: 0, cost_usd: 0 }),
    ];
    const { cases } = buildBaseline({ results: capped, metrics: computeMetrics(capped), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp' });
    expect(Object.keys(cases)).toEqual(['support/flaky']);
    expect(cases['support/flaky']).toMatchObject({ status: 'failed', attempts: 2, passes: 1, flaky: true });
  });

  it('records a checkout with changes not committed as HEAD and `uncommitted`, in version 2, which reads back; a clean one stays version 1', () => {
    // Cases that scored no tool call: version 3 is for tool scores (the next test).
    const untooled = RUN.map((attempt) => ({ ...attempt, checks: attempt.checks.filter((check) => check.check !== 'tools') }));
    const input = { results: untooled, metrics: computeMetrics(untooled), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp' };
    const dirty = buildBaseline({ ...input, checkout: { commit: '3889a20', uncommitted: true } });
    expect(dirty.version).toBe(2);
    expect(dirty.provenance).toEqual({ agent: { name: 'a' }, adapter: 'stdio', commit: '3889a20', uncommitted: true });
    expect(parseBaseline(serializeBaseline(dirty), 'agentready.baseline.json')).toMatchObject({ version: 2, provenance: dirty.provenance });
    expect(buildBaseline({ ...input, checkout: { commit: '3889a20' } })).toMatchObject({ version: 1, provenance: { commit: '3889a20' } });
    expect(buildBaseline(input)).toMatchObject({ version: 1, provenance: { agent: { name: 'a' }, adapter: 'stdio' } });
  });

  it("records a case's mean tool scores over its judged attempts, in version 3, which reads back; a case that scored no call has none", () => {
    const tools = (f1: number, precision: number, recall: number) => ({ checks: [{ check: 'tools' as const, pass: true as const, score: { f1, precision, recall } }] });
    const run = [
      result({ case_id: 'refund', attempt: 1, ...tools(1, 1, 1) }),
      result({ case_id: 'refund', attempt: 2, ...tools(0.5, 0.5, 0.5) }),
      result({ case_id: 'refund', attempt: 3, status: 'error', checks: [] }),
      result({ case_id: 'chat' }),
    ];
    const written = buildBaseline({ results: run, metrics: computeMetrics(run), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp', checkout: { commit: '3889a20', uncommitted: true } });
    expect(written.version).toBe(3);
    expect(written.cases['support/refund']).toMatchObject({ tool_correctness: 0.75, tool_precision: 0.75, tool_recall: 0.75 });
    expect(written.cases['support/chat']).not.toHaveProperty('tool_correctness');
    const text = serializeBaseline(written);
    // One line a case still, the scores beside its other figures.
    expect(text).toContain('"support/refund": {"status": "error", "passes": 2, "attempts": 3, "outcome": "completed", "tool_correctness": 0.75, "tool_precision": 0.75, "tool_recall": 0.75, "duration_ms": 1000');
    expect(parseBaseline(text, 'agentready.baseline.json').cases['support/refund']).toMatchObject({ tool_correctness: 0.75 });
    // The three are written together: one alone is a hand edit, refused where it is.
    const alone = text.replace('"tool_correctness": 0.75, "tool_precision": 0.75, "tool_recall": 0.75, ', '"tool_correctness": 0.75, ');
    expect(() => parseBaseline(alone, 'agentready.baseline.json')).toThrow(ConfigError);
    try {
      parseBaseline(alone, 'agentready.baseline.json');
    } catch (error) {
      expect((error as ConfigError).issues).toMatchObject([{ path: 'cases["support/refund"].tool_correctness', message: expect.stringContaining('tool_correctness without tool_precision') }]);
    }
  });
});

describe('a case\'s outcome under --repeat', () => {
  // Attempt 1 escalated, the other two completed: one escalation in three.
  const repeated = [1, 2, 3].map((attempt) => result({ case_id: 'refund', attempt, outcome: attempt === 1 ? 'escalated' : 'completed' }));
  const baseline = buildBaseline({ results: repeated, metrics: computeMetrics(repeated), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp' });

  it('is the outcome of its attempts that did not escalate (escalations counts the others), not the first attempt\'s', () => {
    expect(baseline.cases['support/refund']).toMatchObject({ attempts: 3, escalations: 1, outcome: 'completed' });
  });

  it('so the baseline narrowed to the case (a filtered run\'s comparison) keeps the run\'s escalation rate, 1 in 3, not 3 in 3', () => {
    expect(computeMetrics(repeated).overall.escalation_rate).toMatchObject({ successes: 1, n: 3 });
    expect(narrowBaseline({ baseline, keys: new Set(['support/refund']) }).metrics.overall.escalation_rate).toMatchObject({ successes: 1, n: 3 });
  });

  it('is the most frequent of them, the earliest of equals; with every attempt escalated or in error, the first attempt\'s', () => {
    const outcomeOf = (outcomes: NonNullable<CaseResult['outcome']>[], status: CaseResult['status'] = 'passed') => {
      const attempts = outcomes.map((outcome, i) => result({ case_id: 'c', attempt: i + 1, outcome, status }));
      return buildBaseline({ results: attempts, metrics: computeMetrics(attempts), agent: { name: 'a' }, adapter: 'stdio', fingerprint: 'fp' }).cases['support/c']!.outcome;
    };
    expect(outcomeOf(['unknown', 'completed', 'completed'])).toBe('completed');
    expect(outcomeOf(['partial', 'escalated', 'completed'])).toBe('partial');
    expect(outcomeOf(['escalated', 'escalated'])).toBe('escalated');
    expect(outcomeOf(['agent_error', 'completed'], 'error')).toBe('agent_error');
  });
});

describe('serializeBaseline', () => {
  it('matches the golden file reviewers read', () => {
    // After an intended format change: UPDATE_GOLDEN=1 npx vitest run test/unit/gate/baseline.test.ts, then review the diff.
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, serializeBaseline(build()));
    expect(serializeBaseline(build())).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is stable: key order of the input does not matter, and a round trip changes nothing', () => {
    const text = serializeBaseline(build());
    const reordered = JSON.parse(text, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(serializeBaseline(reordered)).toBe(text);
    expect(serializeBaseline(parseBaseline(text, 'b.json'))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it("reads a baseline an editor saved again with a byte order mark (Windows' Notepad) as it was written", () => {
    const text = serializeBaseline(build());
    expect(serializeBaseline(parseBaseline(`\uFEFF${text}`, 'b.json'))).toBe(text);
  });
});

describe('serializeBaseline layout', () => {
  it('puts each case on one line, status first and fingerprint last, so a changed case is a one-line diff', () => {
    const text = serializeBaseline(build());
    const caseLines = text.split('\n').filter((line) => /^ {4}"[^"]+\/[^"]+": \{/.test(line));
    expect(caseLines).toHaveLength(3);
    expect(caseLines[2]).toBe(
      '    "support/refund-double-charge": {"status": "failed", "passes": 1, "attempts": 2, "flaky": true, "outcome": "completed", "failed_checks": ["policy", "tools"], "tool_correctness": 0.8, "tool_precision": 0.6667, "tool_recall": 1, "duration_ms": 1790, "cost_usd": 0.017901, "fingerprint": "fp-refund-double-charge"}', // the last case: no comma
    );
    const edited = serializeBaseline({ ...build(), cases: { ...build().cases, 'billing/invoice-copy': { ...build().cases['billing/invoice-copy']!, fingerprint: 'fp-v2' } } });
    const changed = text.split('\n').filter((line, i) => line !== edited.split('\n')[i]);
    expect(changed).toHaveLength(1);
  });

  it('writes each rate on one line, reading order, rounded to 4 decimals', () => {
    expect(serializeBaseline(build())).toContain('"success_rate": {"value": 0.75, "successes": 3, "n": 4, "low": 0.3006, "high": 0.9544}');
  });

  it('starts with what the file is and where it came from, and holds no timestamp or absolute path', () => {
    const text = serializeBaseline(build());
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'provenance', 'fingerprint', 'metrics', 'cases']);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|\/tmp\/|\/home\//);
  });
});

describe('parseBaseline', () => {
  const valid = serializeBaseline(build());

  function issuesOf(text: string) {
    try {
      parseBaseline(text, 'agentready.baseline.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  }

  it('locates a JSON syntax error by line and column', () => {
    const broken = valid.replace('"adapter": "stdio"', '"adapter": "stdio",,');
    const [issue] = issuesOf(broken);
    const line = broken.split('\n').findIndex((l) => l.includes(',,')) + 1;
    expect(issue).toMatchObject({ file: 'agentready.baseline.json', line, code: 'invalid_json' });
    expect(issue!.message).toMatch(/^not valid JSON: /);
    // What the parser found, not only what was expected.
    expect(issue!.found).toMatch(/^unexpected ','/);
  });

  it("gives a problem its line of the file for the code frame, as a config file's, redacted as the file is read", () => {
    const [syntax] = issuesOf('{\n  "format": "agentready-baseline",\n  "owner": "ana@example.com",,\n}');
    expect(syntax).toMatchObject({ line: 3, code: 'invalid_json', sourceLine: '  "owner": "[email]",,' });
    const [schema] = issuesOf(valid.replace('"adapter": "stdio"', '"adapter": 7'));
    expect(schema!.sourceLine).toContain('"adapter": 7');
  });

  it('names what the parser found: a token, the end of the file', () => {
    expect(issuesOf('{"format": tru}')[0]!.found).toMatch(/^unexpected '[}u]'/);
    expect(issuesOf('{\n  "format": ')[0]!.found).toBe('the end of the file');
  });

  it('refuses a key given twice, at the second (a conflict resolved by keeping both sides), which JSON.parse would read as the last side alone', () => {
    const lines = valid.split('\n');
    const at = lines.findIndex((line) => line.startsWith('  "fingerprint"'));
    const both = [...lines.slice(0, at + 1), '  "fingerprint": "0123456789abcdef",', ...lines.slice(at + 1)].join('\n');
    expect(issuesOf(both)).toEqual([
      expect.objectContaining({ line: at + 2, column: 3, code: 'duplicate_key', found: '"fingerprint" a second time', sourceLine: '  "fingerprint": "0123456789abcdef",' }),
    ]);
    // The same case key in two objects is no repeat; nor is a key spelled as a value.
    expect(() => parseBaseline(valid, 'agentready.baseline.json')).not.toThrow();
  });

  it('says a file with merge conflict markers has unresolved merge conflicts, and how to regenerate it', () => {
    const lines = valid.split('\n');
    const conflicted = [...lines.slice(0, 3), '<<<<<<< HEAD', lines[3], '=======', lines[3], '>>>>>>> feature', ...lines.slice(4)].join('\n');
    expect(issuesOf(conflicted)).toEqual([
      {
        file: 'agentready.baseline.json',
        line: 4,
        column: 1,
        path: '',
        code: 'merge_conflict',
        message: 'the baseline has unresolved merge conflicts',
        expected: 'a baseline without merge conflicts: regenerate it with `agentready baseline update` (or resolve the conflict and keep one side)',
        found: 'unresolved merge conflicts (a <<<<<<< marker)',
        sourceLine: '<<<<<<< HEAD',
      },
    ]);
  });

  it('says how to get a good file back: agentready writes it, so write it again or restore the committed one', () => {
    const error = (() => {
      try {
        parseBaseline('{"format": ', 'agentready.baseline.json');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toBe('agentready writes this file: write it again with `agentready baseline update`, or restore the committed one (`git checkout HEAD -- agentready.baseline.json`).');
  });

  it('says a baseline of a newer version was written by a newer agentready, at its version, with the upgrade to make', () => {
    const newer = valid.replace('"version": 3', '"version": 5');
    expect(newer).not.toBe(valid);
    const line = newer.split('\n').findIndex((l) => l.includes('"version": 5')) + 1;
    const error = (() => {
      try {
        parseBaseline(newer, 'agentready.baseline.json');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('agentready.baseline.json was written by a newer agentready (baseline version 5); this one reads version 4: upgrade agentready');
    expect(error.issues).toEqual([expect.objectContaining({ line, path: 'version', code: 'newer_version', found: '5' })]);
    expect(error.hint).toContain('Upgrade agentready');
    // An older or a non-integer version stays the schema's problem.
    expect(issuesOf(valid.replace('"version": 3', '"version": 0'))[0]).toMatchObject({ path: 'version' });
    expect(issuesOf(valid.replace('"version": 3', '"version": 1.5'))[0]).not.toMatchObject({ code: 'newer_version' });
  });

  it('locates the end of a truncated file', () => {
    const [issue] = issuesOf('{\n  "format": ');
    expect(issue).toMatchObject({ line: 2, column: 13 });
  });

  it('reports schema problems with their path, found value and position', () => {
    const text = valid.replace('"status": "failed"', '"status": "flaky"');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    const line = text.split('\n').findIndex((l) => l.includes('"flaky"')) + 1;
    expect(issues[0]).toMatchObject({
      path: 'cases["support/refund-double-charge"].status',
      line,
      column: text.split('\n')[line - 1]!.indexOf('"flaky"') + 1,
      found: '"flaky"',
      expected: 'one of passed | failed | error',
    });
  });

  it('reports a file nested past 100 levels at the bracket that goes past (showing the value ran out of stack)', () => {
    const deep = `{\n  "format": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(issuesOf(deep)).toEqual([
      {
        file: 'agentready.baseline.json',
        line: 2,
        column: 112,
        path: '',
        code: 'too_deep',
        message: 'nested more than 100 levels deep',
        expected: 'a JSON baseline written by `agentready baseline update`',
        found: 'level 101 here',
        sourceLine: `  "format": ${'['.repeat(180)}`, // 192 characters: to the column, 112, and 80 past it
      },
    ]);
  });

  it('refuses an impossible rate at its place: out of [0, 1], or not successes / n', () => {
    const overall = (text: string) => text.split('\n').findIndex((l) => l.includes('"success_rate"')) + 1;
    const line = overall(valid);
    const rateLine = valid.split('\n')[line - 1]!;
    const out = valid.replace(rateLine, rateLine.replace(/"value": [\d.]+/, '"value": 1.8696'));
    expect(issuesOf(out).map((i) => [i.path, i.line, i.column, i.message])).toEqual([
      ['metrics.overall.success_rate.value', line, rateLine.indexOf('"value"') + 10, 'a fraction in [0, 1]'],
    ]);
    const off = valid.replace(rateLine, rateLine.replace(/"value": [\d.]+, "successes": \d+, "n": \d+/, '"value": 0.5, "successes": 20, "n": 23'));
    expect(issuesOf(off).map((i) => [i.path, i.line, i.message])).toEqual([
      ['metrics.overall.success_rate.value', line, 'value 0.5 is not successes / n: expected 0.8696 (successes 20 / n 23)'],
    ]);
    const more = valid.replace(rateLine, rateLine.replace(/"successes": \d+, "n": \d+/, '"successes": 30, "n": 23'));
    expect(issuesOf(more).map((i) => [i.path, i.message])).toEqual([['metrics.overall.success_rate.successes', '30 successes of n = 23: a rate has at most n successes']]);
  });

  // A hand-edited record the gate would read as attempts that never ran: refused at its place, as an impossible rate is.
  it('refuses an impossible case record: more passes or escalations than attempts, a passed case with a failed attempt, a failed or error one that passed them all, a flaky one without both', () => {
    const flaky = '"status": "failed", "passes": 1, "attempts": 2, "flaky": true';
    const line = valid.split('\n').findIndex((l) => l.includes(flaky)) + 1;
    const edits: Array<[string, string, string]> = [
      ['"status": "failed", "passes": 3, "attempts": 2', 'passes', '3 passes of 2 attempts: a case passes at most every attempt'],
      [`${flaky}, "outcome": "completed", "escalations": 3`, 'escalations', '3 escalations of 2 attempts: at most one an attempt'],
      ['"status": "passed", "passes": 1, "attempts": 2', 'status', 'a passed case passed every attempt, and 1 of 2 did'],
      // A status edited to accept a failure: the diff would read the case failed, the recomputed figures passed.
      ['"status": "failed", "passes": 2, "attempts": 2', 'status', 'a failed case passed fewer than all its attempts, and 2 of 2 passed'],
      ['"status": "error", "passes": 2, "attempts": 2', 'status', 'an error case passed fewer than all its attempts, and 2 of 2 passed'],
      ['"status": "failed", "passes": 0, "attempts": 2, "flaky": true', 'flaky', 'a flaky case passed some attempts and not all, and 0 of 2 did'],
    ];
    for (const [record, key, message] of edits) {
      const edited = valid.replace(`${flaky}, "outcome": "completed"`, record.includes('outcome') ? record : `${record}, "outcome": "completed"`);
      expect(edited).not.toBe(valid);
      expect(issuesOf(edited).map((i) => [i.path, i.line, i.message])).toEqual([[`cases["support/refund-double-charge"].${key}`, line, message]]);
    }
  });

  it('points a missing key at the object that lacks it', () => {
    const issues = issuesOf('{"format": "agentready-baseline", "version": 1}');
    expect(issues.map((i) => i.path).sort()).toEqual(['cases', 'fingerprint', 'metrics', 'provenance']);
    expect(issues.every((i) => i.line === 1 && i.column === 1)).toBe(true);
    // In the words the config files use: the key, what it should hold, and that it is not there.
    expect(issues.find((i) => i.path === 'metrics')).toMatchObject({ expected: 'key "metrics" with a mapping', found: 'no "metrics" key' });
    expect(issuesOf(valid.replace('"version": 3', '"version": 0'))).toMatchObject([{ path: 'version', expected: 'one of 1 | 2 | 3 | 4', found: '0' }]);
  });
});

describe('parseBaseline of a baseline holding what a run would have redacted', () => {
  // The file is committed, and merged from branches: a key or a name written with --no-redact, or by hand, is redacted as it is read, as a run's results are.
  it('redacts its case keys and the agent named, and keeps its ids, hashes and figures', () => {
    const written = build();
    const pii = 'jane.doe@example.com';
    written.cases[`support/mail ${pii}`] = written.cases['support/refund-double-charge']!;
    written.provenance.agent = { name: `agent of ${pii}`, version: '1.2.0' };
    written.provenance.commit = '3889a20c1f0e9d8b7a6f5e4d3c2b1a0998877665';
    const read = parseBaseline(serializeBaseline(written), 'agentready.baseline.json');
    expect(JSON.stringify(read)).not.toContain(pii);
    expect(Object.keys(read.cases)).toContain('support/mail [email]');
    expect(read.provenance.agent.name).toBe('agent of [email]');
    const corrupt = serializeBaseline(written).replace('"status": "passed"', `"status": "${pii}"`);
    const quoted = (text: string) => {
      try {
        parseBaseline(text, 'agentready.baseline.json');
      } catch (error) {
        return JSON.stringify((error as ConfigError).issues);
      }
      return expect.unreachable();
    };
    expect(quoted(corrupt)).toContain('"found":"\\"[email]\\""');
    // JSON.parse's own excerpt cuts anywhere (`..."format": jane.doe@e"...`): left out.
    expect(quoted(`{"format": ${pii}`)).not.toMatch(/jane/);
    const clean = parseBaseline(serializeBaseline(build()), 'agentready.baseline.json');
    expect(serializeBaseline(clean)).toBe(serializeBaseline(build()));
    expect(read.provenance.commit).toBe(written.provenance.commit);
  });
});

describe('readBaseline and runGate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-baseline-'));

  it('returns undefined for a missing file, and the gate applies only absolute thresholds', async () => {
    const path = join(dir, 'missing.json');
    expect(await readBaseline(path)).toBeUndefined();
    const verdict = await runGate({ results: RUN, metrics: computeMetrics(RUN), gate: { success_rate: { max_drop_pp: 0 } }, baselinePath: path });
    expect(verdict).toMatchObject({ pass: true, has_baseline: false, baseline_path: path });
  });

  it('reads a written baseline and compares with it', async () => {
    const path = join(dir, 'agentready.baseline.json');
    writeFileSync(path, serializeBaseline(build()));
    expect(await readBaseline(path)).toEqual(parseBaseline(readFileSync(path, 'utf8'), path));
    const now = RUN.map((r) => (r.case_id === 'invoice-copy' ? { ...r, status: 'failed' as const } : r));
    const verdict = await runGate({ results: now, metrics: computeMetrics(now), gate: { success_rate: { max_drop_pp: 0 } }, baselinePath: path });
    expect(verdict.pass).toBe(false);
    expect(verdict.diff.newly_failing.map((c) => c.key)).toEqual(['billing/invoice-copy']);
  });

  it('judges the same run against the baseline it wrote as no move, though the file rounds its figures', async () => {
    // 2 of 3 passed is 0.6667 in the file (above the run's 0.66666…); 1234.4 ms is 1234; $0.0000012345 is 0.000001.
    const run = [...many(3, 1, { duration_ms: 1234.4, cost_usd: 0.0000012345 })];
    const path = join(dir, 'rounded.json');
    writeFileSync(path, serializeBaseline(buildBaseline({ results: run, metrics: computeMetrics(run), agent: { name: 'a', version: '1' }, adapter: 'stdio', fingerprint: 'f' })));
    expect(JSON.parse(readFileSync(path, 'utf8')).metrics.overall.success_rate.value).toBe(0.6667);
    const gate = { success_rate: { max_drop_pp: 0 }, error_rate: { max_rise_pp: 0 }, p95_latency_ms: { max_rise_pct: 0 }, cost_per_task: { max_rise_pct: 0 } };
    const verdict = await runGate({ results: run, metrics: computeMetrics(run), gate, baselinePath: path });
    expect(verdict.checks.filter((check) => !check.pass)).toEqual([]);
    expect(verdict.moves).toEqual([]);
    expect(verdict.pass).toBe(true);
    // A real drop is still one: 1 of 3 passing is −33.3 pp, from the counts the file keeps whole.
    const worse = many(3, 2, { duration_ms: 1234.4, cost_usd: 0.0000012345 });
    const dropped = await runGate({ results: worse, metrics: computeMetrics(worse), gate, baselinePath: path });
    expect(dropped.checks.find((check) => check.metric === 'success_rate')).toMatchObject({ pass: false, baseline: 2 / 3, current: 1 / 3 });
  });

  it('any run judged against the baseline file it wrote: no relative rule fails and nothing moved', () => {
    const attempt = fc.record({
      status: fc.constantFrom('passed' as const, 'failed' as const, 'error' as const),
      duration_ms: fc.double({ min: 0, max: 1e6, noNaN: true }),
      cost_usd: fc.double({ min: 0, max: 10, noNaN: true }),
      tag: fc.constantFrom('refund', 'lookup'),
    });
    const everyRelative = Object.fromEntries(
      GATE_METRICS.map((metric) => [metric, GATE_METRIC_UNITS[metric] === 'rate' ? { max_drop_pp: 0, max_rise_pp: 0 } : { max_rise_pct: 0 }]),
    );
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 1, maxLength: 40 }), (attempts) => {
        const run = attempts.map((a, i) => result({ case_id: `c${i}`, status: a.status, duration_ms: a.duration_ms, cost_usd: a.cost_usd, tags: [a.tag] }));
        const metrics = computeMetrics(run);
        const text = serializeBaseline(buildBaseline({ results: run, metrics, agent: { name: 'a', version: '1' }, adapter: 'stdio', fingerprint: 'f' }));
        const baseline = parseBaseline(text, 'agentready.baseline.json');
        const verdict = decideVerdict({ metrics, baseline, gate: { ...everyRelative, slices: { 'tag:refund': everyRelative } }, results: run, baselinePath: 'b.json' });
        expect(verdict.checks.filter((check) => !check.pass)).toEqual([]);
        expect(verdict.moves).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });

  it('throws a ConfigError for a corrupt file', async () => {
    const path = join(dir, 'corrupt.json');
    writeFileSync(path, '{"format": ');
    await expect(readBaseline(path)).rejects.toBeInstanceOf(ConfigError);
  });
});
