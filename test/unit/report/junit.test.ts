import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptTally } from '../../../src/report/failing-cases.js';
import { attr, formatJunit, JunitReporter, text } from '../../../src/report/junit.js';
import { caseResult, failedResult, runSummary, verdict } from './fixtures.js';

// Returns each testcase's name and its child element (failure/error/skipped) with its message.
function testcases(xml: string) {
  return [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)" time="([^"]*)"(?:\/>|>\s*<(\w+)(?: message="([^"]*)")?)/g)].map(
    ([, name, classname, time, child, message]) => ({ name, classname, time, child: child ?? 'none', message }),
  );
}

describe('formatJunit', () => {
  const results = [
    caseResult({ case_id: 'ok', duration_ms: 1500 }),
    failedResult({ case_id: 'wrong-tool' }),
    caseResult({ case_id: 'slow', status: 'failed', outcome: 'timeout', checks: [] }),
    failedResult({ case_id: 'cut', outcome: 'timeout' }),
    caseResult({ case_id: 'crash', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited (code=1)' }, checks: [] }),
    caseResult({ case_id: 'later', status: 'skipped', duration_ms: 0 }),
    caseResult({ suite: 'billing', case_id: 'flaky', attempt: 1 }),
    failedResult({ suite: 'billing', case_id: 'flaky', attempt: 2 }),
    caseResult({ suite: 'billing', case_id: 'flaky', attempt: 3 }),
    caseResult({ suite: 'billing', case_id: 'steady', attempt: 1 }),
    caseResult({ suite: 'billing', case_id: 'steady', attempt: 2 }),
  ];
  const xml = formatJunit(results, { timestamp: '2026-01-02T03:04:05.000Z' });

  it('has one testcase per case with the right child element', () => {
    expect(testcases(xml)).toEqual([
      { name: 'ok', classname: 'tier1-support', time: '1.500', child: 'none', message: undefined },
      { name: 'wrong-tool', classname: 'tier1-support', time: '1.234', child: 'failure', message: 'tools: expected call issue_refund was not made' },
      { name: 'slow', classname: 'tier1-support', time: '1.234', child: 'failure', message: 'timed out' },
      { name: 'cut', classname: 'tier1-support', time: '1.234', child: 'failure', message: 'timed out · tools: expected call issue_refund was not made' },
      { name: 'crash', classname: 'tier1-support', time: '1.234', child: 'error', message: 'AGENT_EXITED: exited (code=1)' },
      { name: 'later', classname: 'tier1-support', time: '0.000', child: 'skipped', message: 'skipped' },
      { name: 'flaky', classname: 'billing', time: '3.702', child: 'failure', message: 'flaky: 2/3 attempts passed' },
      { name: 'steady', classname: 'billing', time: '2.468', child: 'none', message: undefined },
    ]);
  });

  it('says why a case was skipped when the run said so (the run-wide cost cap)', () => {
    const capped = formatJunit([caseResult({ case_id: 'capped', status: 'skipped', duration_ms: 0, error: { code: 'SKIPPED', message: 'the run reached max_run_cost_usd 1' }, checks: [] })], { timestamp: 'T' });
    expect(testcases(capped)).toEqual([{ name: 'capped', classname: 'tier1-support', time: '0.000', child: 'skipped', message: 'skipped: the run reached max_run_cost_usd 1' }]);
  });

  it('gives an error that quotes lines (the agent\'s last stderr) its first line as the message attribute, and the whole in the body', () => {
    const quoting = formatJunit([caseResult({ case_id: 'died', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited (code=1)\nlast stderr lines:\n  boom' }, checks: [] })], { timestamp: 'T' });
    expect(testcases(quoting)[0]!.message).toBe('AGENT_EXITED: exited (code=1) …');
    expect(quoting).toMatch(/<error message="[^"]*">AGENT_EXITED: exited \(code=1\)\nlast stderr lines:\n {2}boom\n/);
    expect(quoting).not.toContain('\\n');
  });

  it('marks an interrupted run: the attempts that never ran are one error, counted, so the file does not read as clean', () => {
    const stopped = formatJunit([caseResult({ case_id: 'a' }), caseResult({ case_id: 'b' })], { timestamp: 'T', interrupted: { signal: 'SIGINT', planned: 24 } });
    expect(stopped).toContain('<testsuites name="agentready" tests="3" failures="0" errors="1" skipped="0"');
    expect(testcases(stopped).at(-1)).toEqual({ name: 'run interrupted', classname: 'agentready', time: '0.000', child: 'error', message: 'the run was stopped by SIGINT after 2 of 24 attempts: the rest did not finish' });
    expect(formatJunit([caseResult({ case_id: 'a' })], { timestamp: 'T' })).not.toContain('interrupted');
  });

  it('under an interrupted --repeat run, a case that ran fewer attempts than planned and failed none is skipped, not passed', () => {
    // a ran 1 of its 2 attempts and passed it; b ran both; c failed the one it ran (failed, whatever the second would do).
    const results = [caseResult({ case_id: 'a' }), caseResult({ case_id: 'b' }), caseResult({ case_id: 'b', attempt: 2 }), failedResult({ case_id: 'c' })];
    const stopped = formatJunit(results, { timestamp: 'T', interrupted: { signal: 'SIGINT', planned: 6, repeat: 2 } });
    const byName = new Map(testcases(stopped).map((t) => [t.name, t]));
    expect(byName.get('a')).toMatchObject({ child: 'skipped', message: 'skipped (1/2 attempts ran: not judged)' });
    expect(byName.get('b')!.child).toBe('none');
    expect(byName.get('c')!.child).toBe('failure');
    // Without the plan (a run that was not interrupted) each case's attempts are all of them.
    expect(testcases(formatJunit(results, { timestamp: 'T' })).find((t) => t.name === 'a')!.child).toBe('none');
  });

  it('counts per suite and overall', () => {
    expect(xml).toContain('<testsuites name="agentready" tests="8" failures="4" errors="1" skipped="1" time="12.606">');
    expect(xml).toContain(
      '<testsuite name="tier1-support" tests="6" failures="3" errors="1" skipped="1" time="6.436" timestamp="2026-01-02T03:04:05.000Z">',
    );
    expect(xml).toContain('<testsuite name="billing" tests="2" failures="1" errors="0" skipped="0" time="6.170"');
  });

  it('puts every failing check with expected and found in the failure body, escaped', () => {
    const body = /<failure message="tools[^"]*">([^<]*)<\/failure>/.exec(xml)?.[1];
    expect(body).toMatchInlineSnapshot(`
      "tools: expected call issue_refund was not made
        expected  {&quot;name&quot;:&quot;issue_refund&quot;,&quot;args&quot;:{&quot;amount&quot;:{&quot;lte&quot;:20}}}
        found     [{&quot;name&quot;:&quot;lookup_order&quot;,&quot;arguments&quot;:{&quot;order_id&quot;:&quot;1234&quot;}}]
      output: does not contain &quot;refund&quot;
        expected  {&quot;contains&quot;:[&quot;refund&quot;]}
        found     &quot;Sorry\\u001b[31m, I cannot help with that.&quot;
      trace tr-0001"
    `);
  });

  it('folds a case as the gate does: a failed attempt beside an error is a failure; attempts partly skipped that passed are skipped, not judged', () => {
    const mixed = formatJunit([
      caseResult({ case_id: 'broke', attempt: 1, status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' }, checks: [] }),
      failedResult({ case_id: 'broke', attempt: 2 }),
      caseResult({ case_id: 'cut-short', attempt: 1 }),
      caseResult({ case_id: 'cut-short', attempt: 2, status: 'skipped', duration_ms: 0 }),
    ]);
    expect(testcases(mixed).map((t) => [t.name, t.child])).toEqual([['broke', 'failure'], ['cut-short', 'skipped']]);
    expect(mixed).toContain('tests="2" failures="1" errors="0" skipped="1"');
    expect(mixed).toContain('<skipped message="skipped (1/2 attempts ran: not judged)"/>');
    expect(mixed).toContain('attempts: 4, 1 passed, 1 failed, 1 error, 1 skipped -->');
  });

  it('says what it counts under repeats, and carries the attempts in each testsuite', () => {
    expect(xml).toMatch(/^<\?xml[^>]*>\n<!-- tests, failures, errors and skipped count cases: each case ran up to 3 attempts \(--repeat\)/);
    expect(xml).toMatch(/<testsuite name="billing"[^>]*>\n {4}<properties>\n {6}<property name="agentready.attempts" value="5"\/>\n {6}<property name="agentready.attempts_passed" value="4"\/>\n {6}<property name="agentready.attempts_failed" value="1"\/>/);
    expect(formatJunit([caseResult()])).not.toContain('<!--');
    expect(formatJunit([caseResult()])).not.toContain('<properties>');
  });

  it('names the failing attempt in a flaky body', () => {
    const body = /<failure message="flaky: 2\/3 attempts passed">([^<]*)<\/failure>/.exec(xml)?.[1];
    expect(body?.startsWith('attempt 2:\ntools: expected call issue_refund was not made')).toBe(true);
  });

  it("counts a flaky case's attempts as every reporter does, an attempt that could not run among them", () => {
    const mixed = formatJunit([
      caseResult({ case_id: 'f', attempt: 1 }),
      failedResult({ case_id: 'f', attempt: 2 }),
      caseResult({ case_id: 'f', attempt: 3, status: 'error', error: { code: 'AGENT_EXITED', message: 'exited (code=1)' }, checks: [] }),
    ]);
    expect(testcases(mixed)[0]?.message).toBe('flaky: 1/3 attempts passed');
  });

  it("carries a repeated errored case's tally in its <error> message, as every reporter says it", () => {
    const attempts = [
      caseResult({ case_id: 'e', attempt: 1 }),
      caseResult({ case_id: 'e', attempt: 2, status: 'error', error: { code: 'AGENT_EXITED', message: 'exited (code=1)\nlast stderr lines:\n  boom' }, checks: [] }),
      caseResult({ case_id: 'e', attempt: 3, status: 'error', error: { code: 'AGENT_TIMEOUT', message: 'timed out' }, checks: [] }),
    ];
    const errored = formatJunit(attempts);
    // The wording is attemptTally's, which the terminal, markdown and GitHub reporters print.
    const tally = attemptTally(attempts)!.text;
    expect(tally).toBe('harness error in 2/3 attempts');
    expect(testcases(errored)[0]).toMatchObject({ child: 'error', message: `AGENT_EXITED: exited (code=1) … (${tally})` });
    // The body keeps the whole message; a case that ran once has no tally.
    expect(errored).toContain('>AGENT_EXITED: exited (code=1)\nlast stderr lines:\n  boom\n');
    expect(testcases(formatJunit([caseResult({ case_id: 'once', status: 'error', error: { code: 'AGENT_EXITED', message: 'exited' }, checks: [] })]))[0]?.message).toBe('AGENT_EXITED: exited');
  });

  it("carries a repeated failed case's tally in its <failure> message, as the terminal says it", () => {
    const attempts = [failedResult({ case_id: 'x', attempt: 1 }), failedResult({ case_id: 'x', attempt: 2 })];
    const tally = attemptTally(attempts)!.text;
    expect(tally).toBe('failed 2/2 attempts');
    const message = testcases(formatJunit(attempts))[0]?.message;
    expect(message).toMatch(new RegExp(`^tools: expected call issue_refund was not made.* \\(${tally}\\)$`));
    // A case that ran once has no tally.
    expect(testcases(formatJunit([failedResult({ case_id: 'once' })]))[0]?.message).not.toContain('attempts');
  });

  it('produces well-formed XML: only legal characters, balanced elements', () => {
    const nasty = formatJunit([failedResult({ case_id: 'a<b>&"c\'\x00\x1b[31m\uFFFE\uD800', checks: [{ check: 'output', pass: false, reason: ']]> </failure>', expected: 1, found: 2 }] })]);
    expect(nasty).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE\uFFFF]|[\uD800-\uDFFF]/);
    expect(nasty).toContain('name="a&lt;b&gt;&amp;&quot;c&apos;\\x00\\x1b[31m"');
    expect(nasty).toContain('&lt;/failure&gt;');
    expect(nasty.match(/<testcase\b/g)).toHaveLength(1);
    expect(nasty.match(/<\/testcase>/g)).toHaveLength(1);
  });
});

describe('formatJunit of a merged run', () => {
  it('gives each testsuite its own start, and none to a suite whose start is not known, not the first shard\'s to all', () => {
    const results = [caseResult({ suite: 'early', case_id: 'a' }), caseResult({ suite: 'late', case_id: 'b' }), caseResult({ suite: 'unknown', case_id: 'c' })];
    const xml = formatJunit(results, { timestamp: new Map([['early', '2026-01-01T00:00:00.000Z'], ['late', '2026-01-01T00:05:00.000Z']]) });
    const opening = (suite: string) => xml.split('\n').find((line) => line.includes(`<testsuite name="${suite}"`))!;
    expect(opening('early')).toContain('timestamp="2026-01-01T00:00:00.000Z"');
    expect(opening('late')).toContain('timestamp="2026-01-01T00:05:00.000Z"');
    expect(opening('unknown')).not.toContain('timestamp=');
  });
});

describe('XML escaping', () => {
  it.each([
    ['a & b < c > d', '"a &amp; b &lt; c &gt; d"'],
    [`say "hi" it's`, '"say &quot;hi&quot; it&apos;s"'],
    ['two\nlines\ttab', '"two\\nlines\\ttab"'],
    ['bell\x07 nul\x00', '"bell\\x07 nul\\x00"'],
    ['emoji 🙂 kept, lone \uDC00 dropped, \uFFFF dropped', '"emoji 🙂 kept, lone  dropped,  dropped"'],
  ])('attr(%j)', (input, expected) => expect(attr(input)).toBe(expected));

  it('keeps newlines in element text', () => {
    expect(text('a\n<b>\x1b')).toBe('a\n&lt;b&gt;\\x1b');
  });
});

describe('JunitReporter', () => {
  it('marks a failure the gate did not count, a known failure or a quarantined case, as the terminal, markdown, html and github reporters do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-junit-'));
    const path = join(dir, 'junit.xml');
    const results = [failedResult({ case_id: 'known' }), failedResult({ case_id: 'parked' }), failedResult({ case_id: 'new' })];
    const known = { key: 'tier1-support/known', suite: 'tier1-support', case_id: 'known', status: 'failed' as const };
    const parked = { suite: 'tier1-support', case_id: 'parked', until: '2099-01-01', reason: 'flaky upstream' };
    await new JunitReporter(path).onRunEnd(runSummary(results), verdict({ diff: { ...verdict().diff, known_failing: [known] }, quarantined: [parked] }));
    expect(testcases(await readFile(path, 'utf8')).map((c) => [c.name, c.child, c.message])).toEqual([
      ['known', 'failure', 'tools: expected call issue_refund was not made (known failure: failed in the baseline too)'],
      ['parked', 'failure', 'tools: expected call issue_refund was not made (quarantined: not counted by the gate)'],
      ['new', 'failure', 'tools: expected call issue_refund was not made'],
    ]);
  });

  it('writes the file at run end, creating its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-junit-'));
    const path = join(dir, 'nested', 'junit.xml');
    await new JunitReporter(path).onRunEnd(runSummary([caseResult()]), undefined);
    const xml = await readFile(path, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="agentready" tests="1"')).toBe(true);
  });

  it("gives <testsuites time> the run's wall time, as Playwright's junit reporter does, not the sum of its cases' times (run side by side); each <testsuite time> stays its cases' sum", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentready-junit-'));
    const path = join(dir, 'junit.xml');
    const results = [caseResult({ case_id: 'a', duration_ms: 400 }), caseResult({ case_id: 'b', duration_ms: 410 }), caseResult({ case_id: 'c', duration_ms: 399 })];
    await new JunitReporter(path).onRunEnd(runSummary(results, { duration_ms: 425 }), undefined);
    const xml = await readFile(path, 'utf8');
    expect(xml).toMatch(/<testsuites name="agentready" [^>]* time="0\.425">/);
    expect(xml).toMatch(/<testsuite name="tier1-support" [^>]* time="1\.209"/);
  });
});
