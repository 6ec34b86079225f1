import { describe, expect, it } from 'vitest';
import { formatProgress, TerminalReporter } from '../../../src/report/terminal.js';
import type { CaseEnd, RunPlan } from '../../../src/report/reporter.js';
import { PLAIN_SCREEN, type Screen } from '../../../src/report/screen.js';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { caseResult, failedResult, runSummary, verdict } from './fixtures.js';

const plan = (total: number): RunPlan => ({
  run_id: 'r1',
  run_dir: '/repo/.agentready/runs/r1',
  agent: { name: 'support-bot', version: '1.2.0' },
  adapter: 'stdio',
  suites: [],
  total,
  concurrency: 4,
  kill_switch: false,
  origin: { kind: 'live' },
});
const end = (result: CaseResult) => ({ result, trace: {}, location: { file: 'x', line: 1, column: 1 } }) as unknown as CaseEnd;

// A reporter with captured output and a hand-moved clock.
function setup(screen: Screen, ci = false) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = { now: 0 };
  const reporter = new TerminalReporter({
    screen,
    write: (t) => out.push(t),
    writeErr: (t) => err.push(t),
    cwd: '/repo',
    now: () => clock.now,
    ci,
  });
  return { reporter, out, err, clock };
}

const LIVE: Screen = { ...PLAIN_SCREEN, isTTY: true, live: true };

describe('TerminalReporter', () => {
  it('without a live screen prints one line per failing case and no progress', () => {
    const { reporter, out, err } = setup(PLAIN_SCREEN);
    reporter.onRunStart(plan(3));
    reporter.onCaseEnd(end(caseResult()));
    reporter.onCaseEnd(end(failedResult({ case_id: 'bad\x1b[2J' })));
    reporter.onCaseEnd(end(caseResult({ case_id: 'boom', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited\nlast stderr lines:\n  oops' } })));
    expect(out).toEqual([
      'Running 3 cases against support-bot 1.2.0 (stdio), concurrency 3\n',
      '✗ tier1-support/bad\\x1b[2J  tools: expected call issue_refund was not made\n',
      // The message goes on (its stderr lines, in the failure list): its first line says so, as JUnit's message does.
      '✗ tier1-support/boom  error AGENT_EXITED: exited …\n',
    ]);
    expect(err).toEqual([]);
  });

  it('under --repeat labels every failing attempt with its number, attempt 1 too; a run of single attempts labels none', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(4), suites: [{ name: 'tier1-support', file: 'x', cases: 2 }] });
    reporter.onCaseEnd(end(failedResult({ attempt: 1 })));
    reporter.onCaseEnd(end(failedResult({ attempt: 2 })));
    expect(out.slice(1)).toEqual([
      '✗ tier1-support/refund-double-charge (attempt 1)  tools: expected call issue_refund was not made\n',
      '✗ tier1-support/refund-double-charge (attempt 2)  tools: expected call issue_refund was not made\n',
    ]);
    const single = setup(PLAIN_SCREEN);
    single.reporter.onRunStart({ ...plan(2), suites: [{ name: 'tier1-support', file: 'x', cases: 2 }] });
    single.reporter.onCaseEnd(end(failedResult({ attempt: 1 })));
    expect(single.out[1]).toBe('✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made\n');
  });

  it("labels a later attempt when the cases' attempts are uneven (score: a recorded case's second line is its attempt 2)", () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(3), suites: [{ name: 'tier1-support', file: 'x', cases: 2 }] });
    reporter.onCaseEnd(end(failedResult({ attempt: 2 })));
    expect(out[1]).toBe('✗ tier1-support/refund-double-charge (attempt 2)  tools: expected call issue_refund was not made\n');
  });

  it('says when the agent takes fewer cases at once than the concurrency asked', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(3), concurrency: 2, concurrency_asked: 8 });
    expect(out).toEqual(['Running 3 cases against support-bot 1.2.0 (stdio), concurrency 2 (8 asked: the agent takes 2 at once)\n']);
  });

  it('says the cases in flight at once: the concurrency, or fewer when fewer attempts are left to run', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart(plan(10));
    reporter.onRunStart(plan(2));
    reporter.onRunStart({ ...plan(10), resumed: 9, rerun: 0 });
    // The agent's cap is no limit on 2 cases: not said.
    reporter.onRunStart({ ...plan(2), concurrency: 4, concurrency_asked: 8 });
    expect(out.map((line) => /concurrency .*$/.exec(line.trimEnd())?.[0])).toEqual(['concurrency 4', 'concurrency 2', 'concurrency 1', 'concurrency 2']);
  });

  it('names the shard a run is on its first line, as a test runner does', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(3), shard: { index: 1, total: 2 } });
    reporter.onRunStart({ ...plan(3), shard: { index: 2, total: 2 }, resumed: 1, rerun: 0 });
    expect(out[0]).toBe('Running 3 cases (shard 1 of 2) against support-bot 1.2.0 (stdio), concurrency 3\n');
    expect(out[1]).toMatch(/^Resuming run \S+ \(3 cases, shard 2 of 2\): /);
  });

  it('says of a shard the cases did not reach that it runs none and started no agent (it said concurrency 1, then "against" an agent it no longer starts)', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(0), suites: [{ name: 'support', file: 'x', cases: 0 }], shard: { index: 3, total: 3 } });
    reporter.onRunStart({ ...plan(0), suites: [{ name: 'support', file: 'x', cases: 0 }], shard: { index: 3, total: 3 }, kill_switch: true });
    expect(out).toEqual(['Running no case (shard 3 of 3: none of the cases fell in it): the agent (stdio) was not started\n', 'Running no case (shard 3 of 3: none of the cases fell in it): the agent (stdio) was not started, kill switch on\n']);
  });

  it('says results read back from a recording are read, not run, and from where', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(24), origin: { kind: 'recorded', from: '2 shard runs\x1b[2J' } });
    expect(out).toEqual(['Reading 24 cases from 2 shard runs\\x1b[2J, recorded against support-bot 1.2.0 (stdio)\n']);
  });

  it('says traces the agent recorded itself are scored from their file, naming no agent that never ran', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart({ ...plan(3), agent: { name: 'recorded', version: 'prod.otlp.json' }, adapter: 'recorded', origin: { kind: 'traces', from: 'prod.otlp.json' } });
    expect(out).toEqual(['Scoring 3 cases from prod.otlp.json, traces the agent recorded\n']);
  });

  it('counts cases and attempts apart when the cases have uneven attempts (score: two traces of one case), in the first line and the progress line', () => {
    const { reporter, out, err } = setup(LIVE);
    reporter.onRunStart({ ...plan(4), suites: [{ name: 'support', file: 'x', cases: 3 }], agent: { name: 'recorded', version: 't.jsonl' }, adapter: 'recorded', origin: { kind: 'traces', from: 't.jsonl' } });
    expect(out).toEqual(['Scoring 3 cases (4 attempts) from t.jsonl, traces the agent recorded\n']);
    reporter.onCaseEnd(end(caseResult()));
    expect(err.at(-1)).toMatch(/^\r\x1b\[2K1\/4 attempts · /);
    // Attempt 1 keeps no label: only a later attempt says its number.
    reporter.onCaseEnd(end(failedResult({ attempt: 1 })));
    expect(out.at(-1)).toBe('✗ tier1-support/refund-double-charge  tools: expected call issue_refund was not made\n');
  });

  it('on a live screen redraws the progress line at most every 100 ms, and always at the last case', () => {
    const { reporter, err, clock } = setup(LIVE);
    reporter.onRunStart(plan(4));
    clock.now = 1000;
    reporter.onCaseEnd(end(caseResult()));
    clock.now = 1050;
    reporter.onCaseEnd(end(caseResult()));
    clock.now = 1100;
    reporter.onCaseEnd(end(caseResult()));
    clock.now = 1120;
    reporter.onCaseEnd(end(caseResult()));
    expect(err).toEqual([
      '\r\x1b[2K1/4 cases · 1 passed · 0 failed · 1.0s · ETA 3.0s',
      '\r\x1b[2K3/4 cases · 3 passed · 0 failed · 1.1s · ETA 367ms',
      '\r\x1b[2K4/4 cases · 4 passed · 0 failed · 1.1s',
    ]);
  });

  it('clears the progress line before printing a failure and at the end', () => {
    const { reporter, out, err, clock } = setup(LIVE);
    reporter.onRunStart(plan(2));
    clock.now = 500;
    reporter.onCaseEnd(end(caseResult()));
    reporter.onCaseEnd(end(failedResult()));
    expect(err).toEqual([
      '\r\x1b[2K1/2 cases · 1 passed · 0 failed · 500ms · ETA 500ms',
      '\r\x1b[2K',
      '\r\x1b[2K2/2 cases · 1 passed · 1 failed · 500ms',
    ]);
    reporter.onRunEnd(runSummary([]), undefined);
    expect(err.at(-1)).toBe('\r\x1b[2K');
    expect(out.at(-1)).toContain('Run folder:');
  });

  it('says of an interrupted run how many of the attempts it planned finished, not only that it was interrupted', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunStart(plan(20));
    const summary = runSummary([caseResult()], { interrupted: true, end: { kind: 'interrupted', started: true, signal: 'SIGTERM' } });
    reporter.onRunEnd({ ...summary, metrics: { ...summary.metrics, overall: { ...summary.metrics.overall, attempts: 6 } } }, undefined);
    expect(out.join('')).toContain('\nInterrupted (stopped by SIGTERM after 6 of 20 attempts: the rest did not finish): the results above cover only the cases that finished.\n');
  });

  it('counts the requests refused without the run\'s token in words, saying what to send', () => {
    for (const [count, words] of [[1, '1 request without the run\'s token was refused'], [2, '2 requests without the run\'s token were refused']] as const) {
      const { reporter, out } = setup(PLAIN_SCREEN);
      reporter.onRunEnd(runSummary([caseResult()], { unauthenticated_requests: count }), verdict({ pass: true }));
      expect(out.join('')).toContain(`${words} (HTTP 401): send \`Authorization: Bearer <token>\`, the run params' token, to tools_url and mcp_url, and call the model gateway at the run params' \`models\` base URLs as they are (the token is in their path).`);
    }
  });

  it('prints the table, the failures, the verdict and the run folder at the end', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    reporter.onRunEnd(runSummary([caseResult(), failedResult()]), verdict({ pass: true }));
    const text = out.join('');
    const order = ['40 cases', 'slice', '✗ tier1-support/refund-double-charge', 'Gate passed', 'Run folder: .agentready/runs/2026-01-02T03-04-05-abc · 10.5s'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('after a failed gate with failing cases, ends with the commands that run them again and replay the first, by its trace id, outside CI only', () => {
    const run = (input: { ci: boolean; pass: boolean; killSwitch?: boolean }) => {
      const { reporter, out } = setup(PLAIN_SCREEN, input.ci);
      reporter.onRunStart({ ...plan(2), kill_switch: input.killSwitch === true });
      reporter.onRunEnd(runSummary([caseResult({ case_id: 'fine' }), failedResult({ trace_id: 'tr-first' }), failedResult({ case_id: 'later', trace_id: 'tr-later' })]), verdict({ pass: input.pass }));
      return out.join('').trimEnd().split('\n');
    };
    const lines = run({ ci: false, pass: false });
    expect(lines.at(-2)).toBe('Run folder: .agentready/runs/2026-01-02T03-04-05-abc · 10.5s');
    expect(lines.at(-1)).toBe('Next: `agentready eval --last-failed` runs the failing cases again; `agentready replay tr-first` replays tier1-support/refund-double-charge, its tool calls answered from this run');
    // CI's pull-request comment says it; a passed gate exits 0; --last-failed looks past a kill-switch run.
    for (const quiet of [{ ci: true, pass: false }, { ci: false, pass: true }, { ci: false, pass: false, killSwitch: true }]) expect(run(quiet).at(-1)).toMatch(/^Run folder: /);
  });

  it("names no replay of a case that blocked agentready's process (it recorded no trace): the next failing case's, else the rerun alone", () => {
    const blocked = caseResult({ case_id: 'blocks', status: 'error', trace_id: 'tr-blocked', error: { code: 'AGENT_BLOCKED', message: 'blocked' } });
    const ending = (results: CaseResult[]) => {
      const { reporter, out } = setup(PLAIN_SCREEN);
      reporter.onRunStart(plan(2));
      reporter.onRunEnd(runSummary(results), verdict({ pass: false }));
      return out.join('').trimEnd().split('\n').at(-1);
    };
    expect(ending([blocked, failedResult({ trace_id: 'tr-next' })])).toContain('`agentready replay tr-next` replays tier1-support/refund-double-charge');
    expect(ending([blocked])).toBe('Next: `agentready eval --last-failed` runs the failing cases again');
  });

  it('points each failing case at where it is written, file:line:column from the current folder, as vitest and Playwright do', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    const failing = failedResult();
    reporter.onRunStart(plan(2));
    reporter.onCaseEnd(end(caseResult({ case_id: 'fine' })));
    reporter.onCaseEnd({ ...end(failing), location: { file: '/repo/evals/support.suite.yaml', line: 12, column: 9 } });
    reporter.onRunEnd(runSummary([caseResult({ case_id: 'fine' }), failing]), verdict({ pass: true }));
    const text = out.join('');
    expect(text).toContain(`    trace ${failing.trace_id}\n    defined at evals/support.suite.yaml:12:9\n`);
    expect(text.match(/ defined at /g)).toHaveLength(1);
  });

  it("shows a failing case's tool calls with what each was answered (the tool's result, or the error in its place), neutralized, as the agent saw them", () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    const failing = failedResult();
    const call = (seq: number, over: Record<string, unknown>) => ({ seq, name: 'lookup_order', arguments: { order_id: '1234' }, at_ms: seq, latency_ms: 1, ...over });
    const trace = {
      tool_calls: [
        call(0, { answer: 'fault', error: { kind: 'rate_limit', message: 'HTTP 429 Too Many Requests' } }),
        call(1, { answer: 'answer', result: { status: 'delivered', charged: [20], note: 'ok\x1b[2J' } }),
      ],
    };
    reporter.onRunStart(plan(1));
    reporter.onCaseEnd({ kind: 'ran', result: failing, trace, location: { file: '/repo/evals/support.suite.yaml', line: 12, column: 9 } } as unknown as CaseEnd);
    reporter.onRunEnd(runSummary([failing]), verdict({ pass: true }));
    expect(out.join('')).toContain([
      '    call lookup_order {"order_id":"1234"} ⇐ fault: "HTTP 429 Too Many Requests"',
      '    call lookup_order {"order_id":"1234"} ⇐ {"status":"delivered","charged":[20],"note":"ok\\u001b[2J"}',
      `    trace ${failing.trace_id}`,
    ].join('\n'));
  });

  it('with no failed or error attempt in the metrics, lists no failure and reads no attempt', () => {
    const { reporter, out } = setup(PLAIN_SCREEN);
    const summary = runSummary([]);
    const unread = {
      [Symbol.iterator]: () => {
        throw new Error('the attempts were read');
      },
    };
    summary.metrics.overall = { ...summary.metrics.overall, failed: 0, errors: 0 };
    reporter.onRunEnd({ ...summary, results: unread as unknown as CaseResult[], figures: unread as unknown as CaseResult[] }, undefined);
    expect(out.join('')).not.toContain('✗');
    expect(out.join('')).toContain('Run folder:');
  });

  it('writes run errors to stderr, neutralized', () => {
    const { reporter, err } = setup(PLAIN_SCREEN);
    reporter.onError(new Error('agent said \x1b]0;hi\x07'));
    expect(err).toEqual(['agentready: error: agent said \\x1b]0;hi\\x07\n']);
  });
});

describe('formatProgress', () => {
  it('shows errors and skipped only when there are some, and no ETA before the first case', () => {
    const base = { total: 40, passed: 0, failed: 0, errors: 0, skipped: 0, startedAt: 0, unit: 'cases' as const, repeated: false };
    expect(formatProgress({ ...base, done: 0 }, 0)).toBe('0/40 cases · 0 passed · 0 failed · 0ms');
    expect(formatProgress({ ...base, done: 12, passed: 10, failed: 1, errors: 1, skipped: 0 }, 3200)).toBe(
      '12/40 cases · 10 passed · 1 failed · 1 error · 3.2s · ETA 7.5s',
    );
    // Under --repeat the line counts attempts, and says so.
    expect(formatProgress({ ...base, total: 120, done: 12, passed: 12, unit: 'attempts' }, 1000)).toBe('12/120 attempts · 12 passed · 0 failed · 1.0s · ETA 9.0s');
  });
});
