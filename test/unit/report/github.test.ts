import { describe, expect, it } from 'vitest';
import { formatAnnotations, GithubReporter } from '../../../src/report/github.js';
import { escapeData, escapeProperty, inputErrorAnnotation, workflowCommand } from '../../../src/report/github-commands.js';
import { ConfigError } from '../../../src/errors.js';
import type { CaseEnd } from '../../../src/report/reporter.js';
import { caseResult, failedResult, runSummary, thresholdCheck, verdict } from './fixtures.js';

describe('workflow-command escaping (actions/toolkit rules)', () => {
  it('escapes %, CR and LF in data; also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done\\r%0Anext');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    expect(workflowCommand('error', { properties: { file: 'evals/a,b.yaml', line: '3', title: 'x: y' }, message: 'm' })).toBe('::error file=evals/a%2Cb.yaml,line=3,title=x%3A y::m');
    expect(workflowCommand('notice', { properties: {}, message: 'only text' })).toBe('::notice::only text');
  });

  it('keeps hostile agent text on one command line with terminal escapes made visible', () => {
    const line = workflowCommand('error', { properties: {}, message: 'ok\n::add-mask::x\x1b]0;title\x07' });
    // The runner does not read commands inside an annotation's message; its first colon is escaped all the same, as in every print of agent text.
    expect(line).toBe('::error::ok%0A\\x3a:add-mask::x\\x1b]0;title\\x07');
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('formatAnnotations', () => {
  const locations = new Map([
    ['tier1-support\0refund-double-charge', { file: '/repo/evals/support.suite.yaml', line: 14, column: 9 }],
  ]);

  it('annotates each failing case at its `- id:` line and each failed threshold', () => {
    const lines = formatAnnotations({
      results: [failedResult(), caseResult({ case_id: 'ok' }), caseResult({ case_id: 'lost', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' } })],
      verdict: verdict({
        pass: false,
        checks: [thresholdCheck(), thresholdCheck({ metric: 'policy_compliance', pass: true })],
        diff: { newly_failing: [{ key: 'tier1-support/refund-double-charge', suite: 'tier1-support', case_id: 'refund-double-charge' }], newly_passing: [], known_failing: [], added: [], removed: [], changed: [] },
      }),
      locations,
      cwd: '/repo',
    });
    expect(lines).toEqual([
      '::error title=agentready gate%3A success_rate (overall)::0.95 → 0.90 (−5.0 pp) > max_drop_pp 2',
      '::error file=evals/support.suite.yaml,line=14,col=9,title=agentready%3A tier1-support/refund-double-charge newly failing::tools: expected call issue_refund was not made (expected {"name":"issue_refund","args":{"amount":{"lte":20}}}, found [{"name":"lookup_order","arguments":{"order_id":"1234"}}])%0Atrace tr-0001',
      '::error title=agentready%3A tier1-support/lost harness error::error AGENT_EXITED: exited%0Atrace tr-0001',
    ]);
  });

  it('gives no file to a case whose suite lies outside the workspace GitHub places annotations from (no ../ path)', () => {
    const outside = new Map([['tier1-support\0refund-double-charge', { file: '/shared/evals/support.suite.yaml', line: 14, column: 9 }]]);
    const [line] = formatAnnotations({ results: [failedResult()], verdict: undefined, locations: outside, cwd: '/repo/agent', root: '/repo/agent' });
    expect(line).toMatch(/^::error title=agentready%3A tier1-support\/refund-double-charge failed::/);
    expect(line).not.toContain('file=');
    // Inside the workspace, from its root.
    const [inside] = formatAnnotations({ results: [failedResult()], verdict: undefined, locations, cwd: '/repo/evals', root: '/repo' });
    expect(inside).toMatch(/^::error file=evals\/support\.suite\.yaml,line=14,col=9,/);
  });

  it('puts the verdict among the annotations GitHub shows (the first ten errors of a step) and says when there are more', () => {
    const failing = Array.from({ length: 12 }, (_, i) => failedResult({ case_id: `c${i}`, trace_id: `tr-${i}` }));
    const lines = formatAnnotations({
      results: failing,
      verdict: verdict({ pass: false, checks: [thresholdCheck(), thresholdCheck({ metric: 'policy_compliance', pass: true })] }),
      locations: new Map(),
      cwd: '/repo',
    });
    const shown = lines.filter((line) => line.startsWith('::error')).slice(0, 10); // GitHub shows the first 10 errors of a step
    expect(shown).toContain('::error title=agentready gate%3A success_rate (overall)::0.95 → 0.90 (−5.0 pp) > max_drop_pp 2');
    // Every case is still annotated, after the verdict, and a notice says GitHub shows only some of them.
    expect(lines.filter((line) => line.startsWith('::error title=agentready%3A tier1-support/c'))).toHaveLength(12);
    expect(lines.filter((line) => line.startsWith('::notice'))).toEqual([
      '::notice title=agentready%3A 13 errors::GitHub shows the first 10 annotations of each level of a step: the gate\'s first, then the failing cases in run order. The step\'s log lists every failing case; the job\'s summary, the first of them.',
    ]);
  });

  it('adds no notice while every annotation is shown', () => {
    const lines = formatAnnotations({
      results: Array.from({ length: 9 }, (_, i) => failedResult({ case_id: `c${i}` })),
      verdict: verdict({ pass: false, checks: [thresholdCheck()] }),
      locations: new Map(),
      cwd: '/repo',
    });
    expect(lines).toHaveLength(10);
    expect(lines.some((line) => line.startsWith('::notice'))).toBe(false);
  });

  it('annotates at the level the gate gives a case: a known failure is a warning, a quarantined case a notice, each saying why', () => {
    const fails = (case_id: string) => failedResult({ case_id, trace_id: `tr-${case_id}` });
    const lines = formatAnnotations({
      results: [fails('new'), fails('known'), fails('parked'), caseResult({ case_id: 'parked-error', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' } })],
      verdict: verdict({
        pass: false,
        diff: {
          newly_failing: [{ key: 'tier1-support/new', suite: 'tier1-support', case_id: 'new' }],
          newly_passing: [],
          known_failing: [{ key: 'tier1-support/known', suite: 'tier1-support', case_id: 'known' }],
          added: [],
          removed: [],
          changed: [],
        },
        quarantined: [
          { suite: 'tier1-support', case_id: 'parked', until: '2027-01-31', reason: 'flaky upstream' },
          { suite: 'tier1-support', case_id: 'parked-error', until: '2027-01-31', reason: 'flaky upstream' },
        ],
      }),
      locations: new Map(),
      cwd: '/repo',
    });
    const why = 'tools: expected call issue_refund was not made (expected {"name":"issue_refund","args":{"amount":{"lte":20}}}, found [{"name":"lookup_order","arguments":{"order_id":"1234"}}])';
    expect(lines).toEqual([
      `::error title=agentready%3A tier1-support/new newly failing::${why}%0Atrace tr-new`,
      `::warning title=agentready%3A tier1-support/known failed (known failure)::failed in the baseline too: a known failure, not a regression%0A${why}%0Atrace tr-known`,
      `::notice title=agentready%3A tier1-support/parked failed (quarantined)::quarantined until 2027-01-31 (flaky upstream): reported, not counted by the gate%0A${why}%0Atrace tr-parked`,
      '::notice title=agentready%3A tier1-support/parked-error harness error (quarantined)::quarantined until 2027-01-31 (flaky upstream): reported, not counted by the gate%0Aerror AGENT_EXITED: exited%0Atrace tr-0001',
    ]);
  });

  it('titles a case a redacted trace could not decide as such, not as a harness error (score words it so in its headline)', () => {
    const lines = formatAnnotations({
      results: [caseResult({ case_id: 'open', status: 'error', error: { code: 'UNDECIDABLE', message: 'tools: not decidable' } })],
      verdict: verdict(),
      locations,
      cwd: '/repo',
    });
    expect(lines[0]).toBe('::error title=agentready%3A tier1-support/open not decidable (redacted trace)::error UNDECIDABLE: tools: not decidable%0Atrace tr-0001');
  });

  it('keeps a known failure a warning when one of its attempts was a harness error, as the gate folds it', () => {
    const [line] = formatAnnotations({
      results: [caseResult({ case_id: 'known', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' } }), failedResult({ case_id: 'known', attempt: 2 })],
      verdict: verdict({ diff: { newly_failing: [], newly_passing: [], known_failing: [{ key: 'tier1-support/known', suite: 'tier1-support', case_id: 'known' }], added: [], removed: [], changed: [] } }),
      locations: new Map(),
      cwd: '/repo',
    });
    expect(line).toMatch(/^::warning title=agentready%3A tier1-support\/known failed \(known failure\) \(failed 2\/2 attempts\)::failed in the baseline too/);
  });

  it('says nothing for a passing run, and tallies repeated attempts', () => {
    expect(formatAnnotations({ results: [caseResult()], verdict: verdict(), locations, cwd: '/repo' })).toEqual([]);
    const [line] = formatAnnotations({ results: [caseResult(), failedResult({ attempt: 2 })], verdict: undefined, locations, cwd: '/repo' });
    expect(line).toContain(',title=agentready%3A tier1-support/refund-double-charge failed (flaky%3A 1/2 attempts passed)::');
  });

  it('says on the run why it is incomplete (exit 3) before anything else: cases skipped at the run cost cap have no annotation of their own', () => {
    const end = { kind: 'skipped_for_cost', skipped: 2 } as const;
    const lines = formatAnnotations({ results: [caseResult()], verdict: verdict(), end, locations, cwd: '/repo' });
    expect(lines).toEqual(['::error title=agentready%3A run incomplete::Run incomplete, gate not decided: 2 attempts skipped after the run reached budgets.max_run_cost_usd']);
    const errors = { kind: 'too_many_errors', errors: 1, counted: 2, maxErrorRate: 0 } as const;
    const [first, second] = formatAnnotations({ results: [caseResult({ case_id: 'lost', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' } })], verdict: undefined, end: errors, locations, cwd: '/repo' });
    expect(first).toBe('::error title=agentready%3A run incomplete::Run incomplete, gate not decided: 1 of 2 attempts ended in harness errors (50%25), above run.max_error_rate 0');
    expect(second).toMatch(/^::error title=agentready%3A tier1-support\/lost harness error::/);
    // A completed or interrupted run has no such line (an interrupt is the user's, or the runner's cancel).
    expect(formatAnnotations({ results: [caseResult()], verdict: verdict(), end: { kind: 'interrupted', started: true, signal: 'SIGINT' }, locations, cwd: '/repo' })).toEqual([]);
  });
});

describe('GithubReporter', () => {
  it('remembers where each case is written and prints its annotations at the end', () => {
    const out: string[] = [];
    const reporter = new GithubReporter({ cwd: '/repo', write: (t) => out.push(t) });
    const result = failedResult();
    reporter.onCaseEnd({ result, trace: {}, location: { file: 'evals/s.suite.yaml', line: 3, column: 7 } } as unknown as CaseEnd);
    reporter.onRunEnd(runSummary([result]), undefined);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^::error file=evals\/s\.suite\.yaml,line=3,col=7,title=.*\n$/);
    reporter.onRunEnd(runSummary([caseResult()]), verdict());
    expect(out).toHaveLength(1);
  });

  it('annotates a repeated case at its line when an attempt after a passed one failed, and an errored case too', () => {
    const out: string[] = [];
    const reporter = new GithubReporter({ cwd: '/repo', write: (t) => out.push(t) });
    const at = (line: number) => ({ file: 'evals/s.suite.yaml', line, column: 7 });
    const results = [
      caseResult({ attempt: 1 }),
      failedResult({ attempt: 2 }),
      caseResult({ case_id: 'lost', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' } }),
      caseResult({ case_id: 'fine' }),
    ];
    for (const [i, result] of results.entries()) reporter.onCaseEnd({ result, trace: {}, location: at([3, 3, 9, 12][i]!) } as unknown as CaseEnd);
    reporter.onRunEnd(runSummary(results), undefined);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('refund-double-charge'))).toEqual([expect.stringMatching(/^::error file=evals\/s\.suite\.yaml,line=3,col=7,/)]);
    expect(lines.filter((line) => line.includes('tier1-support/lost'))).toEqual([expect.stringMatching(/^::error file=evals\/s\.suite\.yaml,line=9,col=7,/)]);
    expect(out.join('')).not.toContain('fine');
  });
});

describe('inputErrorAnnotation', () => {
  const issue = {
    file: '/repo/evals/s.suite.yaml', line: 37, column: 16, path: 'cases[2].expect.outcome', code: 'invalid_value',
    message: 'Invalid option: expected one of "completed"|"partial"', expected: 'one of completed | partial', found: '"clarifed"',
  };

  it('says what was expected and found, as the log does, not the schema\'s raw message', () => {
    const annotation = inputErrorAnnotation({ error: new ConfigError([issue, { ...issue, line: 40 }]), cwd: '/repo', env: { GITHUB_WORKSPACE: '/repo' } });
    expect(annotation).toBe('::error file=evals/s.suite.yaml,line=37,col=16,title=agentready%3A input error::cases[2].expect.outcome: expected one of completed | partial, found "clarifed" (and 1 more: see the log)');
  });

  it('takes secrets out of what was found, as the log does', () => {
    const annotation = inputErrorAnnotation({ error: new ConfigError([{ ...issue, found: '"sk-proj-abcdefghijklmnop0123456789ABCDEFGHIJ"' }]), cwd: '/repo', env: {} });
    expect(annotation).toMatch(/, found "\[secret\]"$/);
  });

  it('keeps the message of a problem with no expectation, with what was found', () => {
    const { expected: _, ...noExpectation } = issue;
    const annotation = inputErrorAnnotation({ error: new ConfigError([{ ...noExpectation, message: 'faults do not apply under exec' }]), cwd: '/repo', env: {} });
    expect(annotation).toBe('::error file=evals/s.suite.yaml,line=37,col=16,title=agentready%3A input error::cases[2].expect.outcome: faults do not apply under exec, found "clarifed"');
  });
});
