// Shadow mode end to end below the CLI: production traces of a hand-written OTLP file, scored
// through the recorded-trace path, then judged by the label-free checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RUN } from '../../../src/config/defaults.js';
import type { ResolvedConfig, Suite, Trace } from '../../../src/config/schema/index.js';
import { reviewCandidates } from '../../../src/lifecycle/review-run.js';
import { parseOtlpTraces } from '../../../src/run/otlp/decode.js';
import { PRODUCTION_SUITE } from '../../../src/config/production-case.js';
import { judgeUnlabeled, matchProductionTraces, productionTools, splitProductionLines, withUnlabeledLines } from '../../../src/run/production-traces.js';
import { parseRecordedTraces } from '../../../src/run/recorded-traces.js';
import { scoreTraces } from '../../../src/run/score-traces.js';
import { resolvedConfig } from '../../helpers/resolved-config.js';
import { tool } from '../environment/fixtures.js';
import { trace } from '../score/trace-builder.js';

const FIXTURE = new URL('../../fixtures/otlp/support-bot.otlp.json', import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LOOKUP = tool('lookup_order', { parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } });
const REFUND = tool('issue_refund', { tier: 'approve', effects: ['money'], parameters: { type: 'object', properties: { order_id: { type: 'string' }, amount: { type: 'number', maximum: 100 } }, required: ['order_id', 'amount'] } });
const SUITES: Suite[] = [
  { name: 'orders', file: 'orders.suite.yaml', tools: [LOOKUP], cases: [], fingerprint: 'a' },
  { name: 'refunds', file: 'refunds.suite.yaml', tools: [{ ...LOOKUP, description: 'second declaration' }, REFUND], cases: [], fingerprint: 'b' },
];

function config(root: string): ResolvedConfig {
  return resolvedConfig({ rootDir: root, file: undefined, target: { adapter: 'exec', command: ['true'], cwd: root }, suites: SUITES, run: { ...DEFAULT_RUN, concurrency: 1 }, budgets: { max_tool_calls: 10 } });
}

describe('production traces', () => {
  const parsed = parseOtlpTraces(readFileSync(FIXTURE, 'utf8'), 'prod.otlp.json');

  it('become cases of a production suite holding every declared tool, first declaration first', () => {
    const matched = matchProductionTraces(parsed.production, { suites: SUITES, file: 'prod.otlp.json' });
    expect(productionTools(SUITES).map((t) => [t.name, t.description])).toEqual([['lookup_order', ''], ['issue_refund', '']]);
    expect(matched.map((m) => [m.kase.id, m.trace.case_id, m.trace.suite, m.kase.input, m.kase.location.line])).toEqual([
      ['5b8efff798038103d269b633813fc60c', '5b8efff798038103d269b633813fc60c', PRODUCTION_SUITE, 'Where is my order A-1001?', 1],
      ['0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319c', PRODUCTION_SUITE, 'Refund order A-2002 now, all 500 euros.', 1],
    ]);
    expect(matched[0]!.suite.cases).toHaveLength(2);
  });

  it('are judged by the label-free checks: a clean lookup passes, an unapproved over-limit refund after a failed lookup fails', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-shadow-'));
    dirs.push(root);
    const matched = matchProductionTraces(parsed.production, { suites: SUITES, file: 'prod.otlp.json' });
    const session = await scoreTraces({ config: config(root), traces: matched, file: 'prod.otlp.json', redact: true, runsRoot: root, signal: new AbortController().signal });
    const traces = readFileSync(path.join(session.run_dir, 'traces.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const judged = [...session.results].map((result, i) => judgeUnlabeled({ result, trace: traces[i], tools: matched[i]!.suite.tools, budgets: { max_tool_calls: 10 } }));
    expect(judged.map((r) => r.status)).toEqual(['passed', 'failed']);
    expect(judged[1]!.checks.filter((c) => !c.pass).map((c) => (c.pass ? '' : `${c.name ?? c.check}: ${c.reason}`))).toEqual([
      'valid arguments: issue_refund called with invalid arguments: arguments.amount must be <= 100 (call 2)',
      'policy: issue_refund ran without a granted approval (call 2)',
      'tool errors handled: lookup_order failed with timeout and no later call to it succeeded (call 1)',
    ]);
  });

  it('judge a call\'s value redacted to a placeholder by nothing: [email] under format: email is no invalid argument', () => {
    const send = tool('send_email', { parameters: { type: 'object', properties: { to: { type: 'string', format: 'email' }, cc: { type: 'string', format: 'email' } } } });
    const t = trace().call('send_email', { to: '[email]', cc: 'nobody' }).build();
    const judged = judgeUnlabeled({ result: { status: 'passed', checks: [] } as never, trace: t, tools: [send], budgets: {} });
    expect(judged.checks.filter((c) => !c.pass).map((c) => (c.pass ? '' : c.reason))).toEqual(['send_email called with invalid arguments: arguments.cc must match format "email" (call 1)']);
  });

  it('keep no input when the trace recorded none: review then says it was not recorded, not that the user sent an empty message', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-shadow-'));
    dirs.push(root);
    const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { resourceSpans: { scopeSpans: { spans: { traceId: string; attributes: { key: string }[] }[] }[] }[] };
    for (const span of raw.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))) {
      if (span.traceId === '5b8efff798038103d269b633813fc60c') span.attributes = span.attributes.filter((a) => a.key !== 'gen_ai.input.messages');
    }
    const matched = matchProductionTraces(parseOtlpTraces(JSON.stringify(raw), 'prod.otlp.json').production, { suites: SUITES, file: 'prod.otlp.json' });
    const session = await scoreTraces({ config: config(root), traces: matched, file: 'prod.otlp.json', redact: true, runsRoot: root, signal: new AbortController().signal });
    const traces = readFileSync(path.join(session.run_dir, 'traces.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Trace);
    expect(traces.map((t) => t.input)).toEqual([undefined, 'Refund order A-2002 now, all 500 euros.']);
    const candidates = reviewCandidates({ results: [...session.results], traces: new Map(traces.map((t) => [t.trace_id, t])), suites: SUITES });
    expect(candidates.map((c) => c.input)).toEqual([undefined, 'Refund order A-2002 now, all 500 euros.']);
  });
});

/** The production cases `score --unlabeled` makes of a JSONL file's lines: [case id, trace id, output] of each, in file order. */
function unlabeledCases(lines: readonly string[]): unknown[][] {
  const text = `${lines.join('\n')}\n`;
  const parsed = withUnlabeledLines(parseRecordedTraces(text, 'prod.jsonl'), text);
  expect(parsed.issues).toEqual([]);
  const matched = matchProductionTraces(splitProductionLines(parsed.lines, SUITES).production, { suites: SUITES, file: 'prod.jsonl' });
  return matched.map((m) => [m.kase.id, m.trace.trace_id, m.trace.output]);
}

describe('JSONL lines that name no case, under --unlabeled', () => {
  it('are each a case of its own: a trace_id an earlier line has, or a line-<n> another line\'s trace_id is, gets its line, and the trace keeps its id', () => {
    const lines = [
      '{"trace_id":"t1","outcome":"completed","output":"a"}',
      '{"trace_id":"t1","outcome":"completed","output":"b"}',
      '{"trace_id":"line-4","outcome":"completed","output":"c"}',
      '{"outcome":"completed","output":"d"}',
    ];
    expect(unlabeledCases(lines)).toEqual([
      ['t1', 't1', 'a'],
      ['t1-line-2', 't1', 'b'],
      ['line-4', 'line-4', 'c'],
      ['line-4-line-4', expect.stringMatching(/^[0-9a-f]{32}$/), 'd'],
    ]);
  });

  it('give a line with no trace_id an id of its text: the same line scored again is one trace to the weekly review, line 1 of another file is not', () => {
    const monday = unlabeledCases(['{"outcome":"completed","output":"refund sent"}']);
    const again = unlabeledCases(['{"outcome":"completed","output":"refund sent"}']);
    const tuesday = unlabeledCases(['{"outcome":"refused","output":"no refund"}']);
    expect(again[0]![1]).toBe(monday[0]![1]);
    expect(tuesday[0]![0]).toBe(monday[0]![0]);
    // judgedOnce keys an attempt by suite, case id and trace id: line-1 of two days' files must differ in one of them.
    expect(tuesday[0]![1]).not.toBe(monday[0]![1]);
    // Two equal lines of one file are two traces: one id twice is a duplicate_trace when the run's traces.jsonl is scored again.
    const twice = unlabeledCases(['{"outcome":"completed","output":"refund sent"}', '{"outcome":"completed","output":"refund sent"}']);
    expect(twice[1]![1]).not.toBe(twice[0]![1]);
  });

  it('leave a line with an unknown key its own problem only: no "case_id missing" beside it, which under --unlabeled a line naming no case does not need', () => {
    const text = '{"trace_id":"t1","input":"refund me","outcome":"completed","output":"a"}\n{"suite":"shop","outcome":"completed"}\n';
    const parsed = withUnlabeledLines(parseRecordedTraces(text, 'prod.jsonl'), text);
    expect(parsed.issues.map((issue) => [issue.line, issue.column, issue.path])).toEqual([
      [1, 18, 'input'],
      [2, 1, 'case_id'],
    ]);
  });

  it('never make a case id of a trace id that reads as PII or a secret (it was `jane.doe-example.com`, which redaction no longer catches): trace-<digest>, the same when scored again', () => {
    const lines = [
      '{"trace_id":"jane.doe@example.com","outcome":"completed","output":"a"}',
      '{"trace_id":"4111 1111 1111 1111","outcome":"completed","output":"b"}',
      '{"trace_id":"session-42","outcome":"completed","output":"c"}',
    ];
    const cases = unlabeledCases(lines);
    expect(cases.map(([id]) => id)).toEqual([expect.stringMatching(/^trace-[0-9a-f]{16}$/), expect.stringMatching(/^trace-[0-9a-f]{16}$/), 'session-42']);
    expect(cases[0]![0]).not.toBe(cases[1]![0]);
    expect(unlabeledCases(lines)[0]![0]).toBe(cases[0]![0]);
    // The trace keeps its id: the run folder's writers redact it as every value of the trace.
    expect(cases[0]![1]).toBe('jane.doe@example.com');
  });

  it('never take the case id of a production line of the file (a shadow run\'s traces.jsonl), before or after it: two traces are no two attempts of one case', () => {
    const lines = [
      '{"trace_id":"abc","outcome":"completed","output":"unlabeled, first"}',
      '{"trace_id":"t-1","suite":"production","case_id":"abc","outcome":"completed","output":"scored before"}',
      '{"trace_id":"abc","outcome":"completed","output":"unlabeled, again"}',
    ];
    expect(unlabeledCases(lines)).toEqual([
      ['abc-line-1', 'abc', 'unlabeled, first'],
      ['abc', 't-1', 'scored before'],
      ['abc-line-3', 'abc', 'unlabeled, again'],
    ]);
  });
});

describe('a score run', () => {
  it('records in its header the prices it priced recorded calls at (the config\'s), so baseline update --from it records those, not the config\'s later ones', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'agentready-shadow-'));
    dirs.push(root);
    const parsed = parseOtlpTraces(readFileSync(FIXTURE, 'utf8'), 'prod.otlp.json');
    const matched = matchProductionTraces(parsed.production, { suites: SUITES, file: 'prod.otlp.json' });
    const pricing = { 'small-model': { input_per_mtok: 2.5, output_per_mtok: 10 } };
    const session = await scoreTraces({ config: { ...config(root), pricing }, traces: matched, file: 'prod.otlp.json', redact: true, runsRoot: root, signal: new AbortController().signal });
    const header = JSON.parse(readFileSync(path.join(session.run_dir, 'results.jsonl'), 'utf8').split('\n')[0]!) as { pricing?: unknown };
    expect(header.pricing).toEqual(pricing);
  });
});
