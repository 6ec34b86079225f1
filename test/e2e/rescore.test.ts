// `agentready score` of a run's own traces.jsonl, and of the OTLP file the same eval wrote, gives
// that eval's verdicts again (README: a run folder's traces are read "to score an earlier run
// again under today's suites and policy"): the approvals asked, the calls' times (retries after a
// rate_limit), their order, the policy and the budgets all read back as they happened. And a
// trace that does not say how its run ended (another tool's OTLP) has an unknown outcome.
import { join } from 'node:path';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENTS, latestRunDir, makeProject, runCli } from './helpers/run-cli.js';

const SUITE = `suite: rs
tools:
  - { name: lookup_order, tier: read, mock: { result: { status: shipped } } }
  - { name: send_note, tier: autonomous, mock: { result: { sent: true } } }
  - { name: issue_refund, tier: approve, effects: [money], mock: { result: { id: r1 } } }
cases:
  - id: refund-refused
    input: refund order 1
    approvals: deny
    context: { steps: [{ call: lookup_order, args: { order_id: "1" } }, { ask: issue_refund, args: { order_id: "1", amount: 20 }, stop: true }] }
    expect: { outcome: escalated, order: ordered, tools: [{ name: lookup_order }, { name: issue_refund, approved: false }] }
  - id: refund-granted
    input: refund order 2
    context: { steps: [{ ask: issue_refund, args: { order_id: "2", amount: 20 } }, { call: issue_refund, args: { order_id: "2", amount: 20 } }] }
    expect: { outcome: completed, tools: [{ name: issue_refund, approved: true }] }
  - id: refund-refused-called
    input: refund order 3
    approvals: deny
    context: { steps: [{ ask: issue_refund, args: { order_id: "3", amount: 20 } }, { call: issue_refund, args: { order_id: "3", amount: 20 } }] }
    expect: { outcome: completed, tools: [{ name: issue_refund, approved: false }] }
  - id: refund-unasked
    input: refund order 4
    context: { steps: [{ call: issue_refund, args: { order_id: "4", amount: 20 } }] }
    expect: { outcome: completed, tools: [{ name: issue_refund }] }
  - id: refund-over-cap
    input: refund order 5
    context: { steps: [{ ask: issue_refund, args: { order_id: "5", amount: 500 } }, { call: issue_refund, args: { order_id: "5", amount: 500 } }] }
    expect: { outcome: completed, tools: [{ name: issue_refund }] }
  - id: retry-waits
    input: where is order 6
    context: { wait: true, steps: [{ call: lookup_order, args: { order_id: "6" } }] }
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 40 }, { tool: lookup_order, call: 2, error: rate_limit, retry_after_ms: 30 }]
    expect: { outcome: completed, respect_retry_after: true, tools: [{ name: lookup_order }] }
  - id: retry-early
    input: where is order 7
    context: { steps: [{ call: lookup_order, args: { order_id: "7" } }] }
    faults: [{ tool: lookup_order, call: 1, error: rate_limit, retry_after_ms: 10000 }]
    expect: { outcome: completed, respect_retry_after: true, tools: [{ name: lookup_order }] }
  - id: out-of-order
    input: note and look up order 8
    context: { steps: [{ call: lookup_order, args: { order_id: "8" } }, { call: send_note, args: { order_id: "8" } }] }
    expect: { order: ordered, tools: [{ name: send_note }, { name: lookup_order }] }
  - id: past-budget
    input: look up orders 9 to 12
    context: { steps: [{ call: lookup_order, args: { order_id: "9" } }, { call: lookup_order, args: { order_id: "10" } }, { call: lookup_order, args: { order_id: "11" } }, { call: send_note, args: { order_id: "12" } }] }
    expect: { budgets: { max_tool_calls: 2 } }
`;

const POLICY = `rules:
  - { id: refund-cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 100 } } }
`;

interface ResultRow {
  suite: string;
  case_id: string;
  attempt: number;
  status: string;
  outcome: string;
  tool_calls: number;
  tool_errors: number;
  retries: number;
  policy_violations: number;
  approval_missing: number;
  checks: { check: string; name?: string; pass: boolean; reason?: string; score?: unknown; from_run?: true }[];
  error?: { code: string; message: string };
}

/** The result rows of a run folder, in file order. */
function resultRows(runDir: string): ResultRow[] {
  return readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as ResultRow);
}

/** What a verdict is made of, per case: status, the counters, and each check's result and reason. */
function verdicts(runDir: string): Record<string, unknown> {
  const rows = readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as ResultRow);
  return Object.fromEntries(
    rows.map((row) => [
      `${row.suite}/${row.case_id}#${row.attempt}`,
      {
        status: row.status,
        outcome: row.outcome,
        counters: [row.tool_calls, row.tool_errors, row.retries, row.policy_violations, row.approval_missing],
        checks: row.checks.map(({ check, name, pass, reason, score }) => ({ check, name, pass, reason, score })),
      },
    ]),
  );
}

/** Each case's status of `verdicts`. */
function statusesOf(verdicts: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(verdicts).map(([key, value]) => [key, (value as { status: string }).status]));
}

/** The eval both tests score, run once: its project folder and run folder. */
let evaluated: Promise<{ dir: string; runDir: string }> | undefined;
function evalOnce(): Promise<{ dir: string; runDir: string }> {
  evaluated ??= (async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-steps.js'))} }\nsuites: [rs.suite.yaml]\npolicy: policy.yaml\ngate: { success_rate: { min: 0 }, policy_compliance: { min: 0 } }\n`,
      'rs.suite.yaml': SUITE,
      'policy.yaml': POLICY,
    });
    const run = await runCli(dir, ['eval', '--otlp', 'run.otlp.json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    return { dir, runDir: latestRunDir(dir) };
  })();
  return evaluated;
}

describe('agentready score of a run it wrote', () => {
  it('gives the eval\'s per-case statuses and check results again, from traces.jsonl and from the --otlp file', async () => {
    const { dir, runDir } = await evalOnce();
    const expected = verdicts(runDir);
    // The suite is worth re-judging only when the eval itself passed and failed cases for the reasons above.
    expect(statusesOf(expected)).toEqual({
      'rs/refund-refused#1': 'passed',
      'rs/refund-granted#1': 'passed',
      'rs/refund-refused-called#1': 'passed',
      'rs/refund-unasked#1': 'failed',
      'rs/refund-over-cap#1': 'failed',
      'rs/retry-waits#1': 'passed',
      'rs/retry-early#1': 'failed',
      'rs/out-of-order#1': 'failed',
      'rs/past-budget#1': 'failed',
    });

    // The refusals the eval logged (a rule's deny, a missing approval, the approver's refusal) are logged again, so the
    // weekly review's policy blocks keep them once a run is scored again. A budget refusal names its cap, which the trace does not keep.
    const refusals = (run: string) =>
      readFileSync(join(run, 'policy-decisions.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string>)
        .filter((d) => d['outcome'] !== 'allow' && !d['rule_id']!.startsWith('budget:')).map((d) => `${d['trace_id']} ${d['rule_id']} ${d['tool']} ${d['outcome']}`).sort();
    expect(refusals(runDir)).toEqual(expect.arrayContaining([expect.stringMatching(/ authority:approval issue_refund (deny|approval_missing)$/), expect.stringMatching(/ refund-cap issue_refund deny$/)]));
    for (const file of [join(runDir, 'traces.jsonl'), 'run.otlp.json']) {
      const scored = await runCli(dir, ['score', file]);
      expect(scored.exitCode, `score ${file}: ${scored.stderr}`).toBe(0);
      expect(verdicts(latestRunDir(dir)), `score ${file}`).toEqual(expected);
      expect(refusals(latestRunDir(dir)), `score ${file}`).toEqual(refusals(runDir));
    }
  });

  it('of a run resumed after harness errors scores the attempts the run counts: the re-run, not the error it replaced as a second attempt', async () => {
    const dir = makeProject({
      // A case whose input holds BAD gets an invalid answer (a harness error) until `fixed` exists.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task) {\n  if (task.case.input.includes('BAD') && !existsSync('fixed')) return { nope: 1 };\n  return { outcome: 'completed', output: 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n  - { id: b, input: BAD, expect: { outcome: completed } }\n',
    });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(3);
    const run = latestRunDir(dir);
    writeFileSync(join(dir, 'fixed'), '');
    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('2 cases · 2 passed · 0 failed · 0 errors');
    const scored = await runCli(dir, ['score', run, '--no-gate']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('2 cases · 2 passed · 0 failed · 0 errors');
    expect(scored.stdout).not.toContain('attempts');
    expect(scored.stderr).toContain('1 trace of attempts the run ran again (`eval --resume`) left out: its results.jsonl counts the later attempt, whose trace is scored');
  });

  it("of a resumed run counts what the run counts: the replaced trace's redacted values, tool calls and policy blocks neither in score's warning nor in the weekly report", async () => {
    const dir = makeProject({
      // Case b asks for a refund to an address and answers invalidly (a harness error) until `fixed` exists; a mails the address.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task, ctx) {\n  if (task.case.id === 'b' && !existsSync('fixed')) {\n    try { await ctx.callTool('refund', { to: 'jane.doe@example.com' }); } catch {}\n    return { nope: 1 };\n  }\n  return { outcome: 'completed', output: task.case.id === 'a' ? 'mailed jane.doe@example.com' : 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools:\n  - { name: refund, tier: approve, effects: [money] }\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n  - { id: b, input: b, expect: { outcome: completed } }\n',
    });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(3);
    const run = latestRunDir(dir);
    writeFileSync(join(dir, 'fixed'), '');
    expect((await runCli(dir, ['eval', '--resume', '--no-gate'])).exitCode).toBe(0);
    const scored = await runCli(dir, ['score', run, '--no-gate']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    // Was "2 of the traces": the replaced one, its call's address redacted, counted too.
    expect(scored.stderr).toMatch(/warning: 1 of the traces in \S+traces\.jsonl were written with redaction on/);
    const report = await runCli(dir, ['report', '--reporter', 'json:weekly.json']);
    expect(report.exitCode, report.stderr).toBe(0);
    const weekly = JSON.parse(readFileSync(join(dir, 'weekly.json'), 'utf8')) as { policy_blocks: unknown[]; cost: { by_tool: unknown[] } };
    // Was the replaced attempt's refund: a tool call and an approval_missing block no result of the run has.
    expect(weekly.policy_blocks).toEqual([]);
    expect(weekly.cost.by_tool).toEqual([]);
  });

  // The same spans as another tool would export them, agentready's attributes stripped: nothing
  // says how each run ended, so every outcome is unknown (not completed) and the escalation rate
  // is over the traces that say, here none.
  it('reads a trace that does not say how the run ended as outcome unknown, and rates escalation over the traces that say', async () => {
    const { dir } = await evalOnce();
    const otlp = readFileSync(join(dir, 'run.otlp.json'), 'utf8');
    writeFileSync(join(dir, 'prod.otlp.json'), stripAgentready(otlp, () => false));
    const unlabeled = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled']);
    expect(unlabeled.stderr).toContain('agentready: warning: none of the 9 traces in prod.otlp.json say how the run ended (no agentready.outcome, no error status): their outcome is unknown, not completed, and the escalation rate counts only the traces that say');
    const rows = readFileSync(join(latestRunDir(dir), 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as ResultRow);
    expect(rows.map((row) => row.outcome)).toEqual(new Array(9).fill('unknown'));
    expect(unlabeled.stdout).toMatch(/^overall +[\d.]+% \(\d+–\d+\) +– /m);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { metrics: { overall: { escalation_rate: unknown } } };
    expect(summary.metrics.overall.escalation_rate).toMatchObject({ value: null, n: 0 });

    // Where the outcome is kept, it counts: 1 escalated (refund-refused) of the 9 that say.
    writeFileSync(join(dir, 'prod.otlp.json'), stripAgentready(otlp, (key) => key === 'agentready.outcome'));
    const said = await runCli(dir, ['score', 'prod.otlp.json', '--unlabeled']);
    expect(said.stderr).not.toContain('say how the run ended');
    expect(said.stdout).toMatch(/^overall +[\d.]+% \(\d+–\d+\) +11.1% /m);
  });
});

// A default eval writes its traces redacted: `[email]` where the agent wrote an address. Scoring
// them compares what the case expects by its redacted form, so the verdicts are the eval's again;
// a check the placeholder leaves open (a regex, a domain) is not judged rather than judged wrong.
const PII_SUITE = `suite: pii
tools:
  - { name: send_email, tier: autonomous, mock: { result: { sent: true } } }
  - { name: update_account, tier: autonomous, mock: { result: { ok: true } } }
  - { name: issue_refund, tier: autonomous, mock: { result: { id: r1 } } }
cases:
  - id: receipt-to-address
    input: send my receipt to jane.doe@example.com
    context: { steps: [{ call: send_email, args: { to: jane.doe@example.com, subject: "Receipt 4821", body: "Hi jane.doe@example.com, order 4821." } }], answer: "Sent the receipt for 4821 to jane.doe@example.com." }
    expect: { outcome: completed, tools: [{ name: send_email, args: { to: jane.doe@example.com, subject: { contains: "4821" }, body: { contains: jane.doe@example.com } } }], output: { contains: [jane.doe@example.com, "4821"], not_contains: bob } }
  - id: phone-update
    input: my new number is +1 415 555 2671
    context: { steps: [{ call: update_account, args: { field: phone, value: "+1 415 555 2671" } }], answer: "Your phone is now +1 415 555 2671" }
    expect: { tools: [{ name: update_account, args: { field: phone, value: { eq: "+1 415 555 2671" } }, exact: true }], output: { equals: "Your phone is now +1 415 555 2671" } }
  - id: phone-in-list
    input: call me on +1 415 555 2671
    context: { steps: [{ call: update_account, args: { field: phone, value: "+1 415 555 2671" } }] }
    expect: { tools: [{ name: update_account, args: { value: { in: ["+1 415 555 2671", "+1 212 555 0100"] } } }] }
  - id: json-answer
    input: what do you have on file
    context: { answer: { email: jane.doe@example.com, total: 64 } }
    expect: { output: { equals: { email: jane.doe@example.com, total: 64 } } }
  - id: secret-argument
    input: set my password
    context: { steps: [{ call: update_account, args: { field: password, password: "hunter2-but-longer" } }] }
    expect: { tools: [{ name: update_account, args: { password: "hunter2-but-longer" } }] }
  - id: address-where-phone-expected
    input: update my phone
    context: { steps: [{ call: update_account, args: { field: phone, value: jane.doe@example.com } }], answer: "Updated to jane.doe@example.com" }
    expect: { tools: [{ name: update_account, args: { value: "+1 415 555 2671" } }], output: { contains: "+1 415 555 2671" } }
  - id: refund-over-cap
    input: refund 500 to jane.doe@example.com
    context: { steps: [{ call: issue_refund, args: { amount: 500, email: jane.doe@example.com } }], answer: "Refunded jane.doe@example.com" }
    expect: { tools: [{ name: issue_refund, args: { email: jane.doe@example.com } }], output: { not_contains: "+1 415 555 2671" } }
`;

/** The same agent, where what the case expects is a pattern or a domain the placeholder hides. */
const OPEN_SUITE = `suite: open
tools:
  - { name: send_email, tier: autonomous, mock: { result: { sent: true } } }
cases:
  - id: address-by-pattern
    input: send it to jane.doe@example.com
    context: { steps: [{ call: send_email, args: { to: jane.doe@example.com } }], answer: "Sent to jane.doe@example.com" }
    expect: { tools: [{ name: send_email, args: { to: { regex: "^jane\\\\." } } }], output: { regex: "@example\\\\.com" } }
  - id: address-by-domain
    input: send it to jane.doe@example.com
    context: { steps: [{ call: send_email, args: { to: jane.doe@example.com } }] }
    expect: { tools: [{ name: send_email }] }
  - id: placeholder-written
    input: what is a placeholder
    context: { answer: "A redacted address reads [email]" }
    expect: { output: { regex: "reads \\\\[email\\\\]$" } }
`;

const OPEN_POLICY = `rules:
  - { id: email-domains, tool: send_email, allow_only: { arguments.to: { domain_in: [example.com] } } }
`;

describe('agentready score of a run it wrote with redaction on (the default)', () => {
  const project = (suite: string, policy: string) =>
    makeProject({
      'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-steps.js'))} }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\ngate: { success_rate: { min: 0 }, policy_compliance: { min: 0 } }\n`,
      's.suite.yaml': suite,
      'policy.yaml': policy,
    });

  it('gives the eval\'s verdicts again where the agent echoed PII in tool arguments and answers', async () => {
    const dir = project(PII_SUITE, POLICY);
    const run = await runCli(dir, ['eval', '--otlp', 'run.otlp.json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const runDir = latestRunDir(dir);
    const traces = readFileSync(join(runDir, 'traces.jsonl'), 'utf8');
    // The traces hold placeholders, not what the agent wrote.
    expect(traces).toContain('[email]');
    expect(traces).toContain('[phone]');
    expect(traces).toContain('[secret]');
    expect(traces).not.toContain('jane.doe@example.com');
    expect(traces).not.toContain('hunter2-but-longer');
    const expected = verdicts(runDir);
    expect(statusesOf(expected)).toEqual({
      'pii/receipt-to-address#1': 'passed',
      'pii/phone-update#1': 'passed',
      'pii/phone-in-list#1': 'passed',
      'pii/json-answer#1': 'passed',
      'pii/secret-argument#1': 'passed',
      'pii/address-where-phone-expected#1': 'failed',
      'pii/refund-over-cap#1': 'failed',
    });

    expect(readFileSync(join(dir, 'run.otlp.json'), 'utf8')).not.toContain('jane.doe@example.com');
    for (const file of [join(runDir, 'traces.jsonl'), 'run.otlp.json']) {
      const scored = await runCli(dir, ['score', file]);
      expect(scored.exitCode, scored.stdout + scored.stderr).toBe(0);
      expect(scored.stdout).toContain('pii/refund-over-cap  policy: issue_refund was denied by policy refund-cap (call 1)');
      expect(verdicts(latestRunDir(dir)), `score ${file}`).toEqual(expected);
      expect(scored.stderr).toMatch(/(were written with redaction on|holds redaction placeholders such as \[email\]): an expected value is compared by its redacted form there \(\[email\] matches any address the case expects\)(\n|$)/);
      expect(scored.stderr).not.toContain('not judged');
    }
  });

  it('score --no-redact of it writes a run that says it holds placeholders (the traces as recorded), so scoring that run gives the verdicts again', async () => {
    const dir = project(PII_SUITE, POLICY);
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const expected = verdicts(latestRunDir(dir));
    const raw = await runCli(dir, ['score', latestRunDir(dir), '--no-redact']);
    expect(raw.exitCode, raw.stderr).toBe(0);
    const scoredRun = latestRunDir(dir);
    // (Its reasons quote the suite's expected values as written, under --no-redact: the statuses are compared.)
    expect(statusesOf(verdicts(scoredRun))).toEqual(statusesOf(expected));
    // Its folder holds the recorded placeholders: it does not say its text is as written.
    expect(JSON.parse(readFileSync(join(scoredRun, 'results.jsonl'), 'utf8').split('\n')[0]!).redacted).toBe(true);
    const again = await runCli(dir, ['score', scoredRun]);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(verdicts(latestRunDir(dir))).toEqual(expected);
  });

  it('gives the eval\'s verdicts again for the checks the placeholder leaves open, while each case and the policy are unchanged', async () => {
    const dir = project(OPEN_SUITE, OPEN_POLICY);
    const run = await runCli(dir, ['eval']);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('3 cases · 3 passed');
    const runDir = latestRunDir(dir);
    const own = join(runDir, 'traces.jsonl');

    // The run folder's own traces (given as the folder, as compare, review and replay take a run):
    // what the redacted trace cannot decide, the eval decided on the raw values.
    const scored = await runCli(dir, ['score', runDir]);
    expect(scored.exitCode, scored.stdout + scored.stderr).toBe(0);
    expect(scored.stdout).toContain('3 cases · 3 passed · 0 failed · 0 errors');
    expect(verdicts(latestRunDir(dir))).toEqual(verdicts(runDir));
    const carried = Object.fromEntries(resultRows(latestRunDir(dir)).map((row) => [row.case_id, row.checks.filter((check) => check.from_run).map((check) => check.check)]));
    expect(carried).toEqual({
      'address-by-pattern': ['tools', 'output', 'policy'],
      'address-by-domain': ['policy'],
      'placeholder-written': ['output'],
    });
    expect(scored.stderr).toContain('agentready: warning: 5 checks a placeholder leaves open (a regex, a number, a domain) took the eval\'s verdicts: the case and the policy are unchanged since the eval that wrote the traces');
    expect(scored.stderr).not.toContain('not judged');

    // A changed expectation never inherits the old verdict: that case is not decidable, the others still carried.
    writeFileSync(join(dir, 's.suite.yaml'), OPEN_SUITE.replace('regex: "^jane\\\\."', 'regex: "^jane"'));
    const edited = await runCli(dir, ['score', own]);
    expect(edited.exitCode, edited.stdout + edited.stderr).toBe(3);
    expect(edited.stdout).toContain('3 cases · 2 passed · 0 failed · 1 error');
    const editedRows = Object.fromEntries(resultRows(latestRunDir(dir)).map((row) => [row.case_id, row]));
    expect(editedRows['address-by-pattern']!.error?.code).toBe('UNDECIDABLE');
    expect(editedRows['address-by-pattern']!.checks.some((check) => check.from_run)).toBe(false);
    expect(editedRows['address-by-domain']!.status).toBe('passed');
    expect(edited.stderr).toContain('agentready: warning: 2 checks a placeholder leaves open (a regex, a number, a domain) took the eval\'s verdicts');
    expect(edited.stderr).toContain('agentready: warning: 3 checks a placeholder leaves open (a regex, a number, a domain) were not judged: their cases end in an error (UNDECIDABLE); rescore a run made with `eval --no-redact` to judge them');
    // Within run.max_error_rate the gate decides, and the headline words that error as the incomplete run's does: undecidable, no harness error.
    const config = readFileSync(join(dir, 'agentready.config.yaml'), 'utf8');
    writeFileSync(join(dir, 'agentready.config.yaml'), `${config}run: { max_error_rate: 0.5 }\n`);
    const tolerated = await runCli(dir, ['score', own]);
    expect(tolerated.exitCode, tolerated.stdout + tolerated.stderr).toBe(0);
    expect(tolerated.stdout).toContain('Gate passed; 1 of 3 attempts were not decidable from traces written with redaction on (UNDECIDABLE) (33%), within run.max_error_rate 0.5\n');
    writeFileSync(join(dir, 'agentready.config.yaml'), config);
    writeFileSync(join(dir, 's.suite.yaml'), OPEN_SUITE);

    // So does a changed policy, for the policy check.
    writeFileSync(join(dir, 'policy.yaml'), OPEN_POLICY.replace('[example.com]', '[example.com, example.org]'));
    const repolicied = await runCli(dir, ['score', own]);
    expect(repolicied.exitCode, repolicied.stdout + repolicied.stderr).toBe(3);
    const policyRows = Object.fromEntries(resultRows(latestRunDir(dir)).map((row) => [row.case_id, row]));
    expect(policyRows['address-by-domain']!.error?.code).toBe('UNDECIDABLE');
    expect(policyRows['address-by-pattern']!.error?.code).toBe('UNDECIDABLE');
    expect(policyRows['placeholder-written']!.status).toBe('passed');
    writeFileSync(join(dir, 'policy.yaml'), OPEN_POLICY);

    // The same traces copied away from their run folder: no eval verdict beside them, nothing to carry.
    mkdirSync(join(dir, 'copied'));
    copyFileSync(own, join(dir, 'copied', 'traces.jsonl'));
    const away = await runCli(dir, ['score', join('copied', 'traces.jsonl')]);
    expect(away.exitCode, away.stdout + away.stderr).toBe(3);
    // The agent's own "[email]" reads as redacted too: nothing in a redacted trace tells them apart.
    expect(away.stdout).toContain('3 cases · 0 passed · 0 failed · 3 errors');
    const rows = resultRows(latestRunDir(dir));
    const byCase = Object.fromEntries(rows.map((row) => [row.case_id, row]));
    expect(byCase['address-by-pattern']!.error).toEqual({
      code: 'UNDECIDABLE',
      message:
        'tools: not decidable from a trace written with redaction on, a value it depends on was redacted (expected call send_email {to: {regex: "^jane\\\\."}} not found; closest: send_email {to: "[email]"}): rescore a run made with `eval --no-redact` (also not decidable: output, policy)',
    });
    expect(byCase['address-by-domain']!.checks.filter((check) => !check.pass).map((check) => [check.check, check.reason])).toEqual([
      ['policy', 'not decidable from a trace written with redaction on, a value it depends on was redacted (policy rule email-domains may deny send_email (call 1): allow_only: arguments.to="[email]" is not allowed): rescore a run made with `eval --no-redact`'],
    ]);
    expect(rows.flatMap((row) => row.checks).some((check) => check.from_run)).toBe(false);
    expect(away.stdout).toMatch(/UNDECIDABLE: tools: not decidable from a trace written with redaction on/);
    expect(away.stderr).toContain('agentready: run incomplete: 3 of 3 attempts were not decidable from traces written with redaction on (UNDECIDABLE) (100%), above run.max_error_rate 0 (exit 3)');
    expect(away.stderr).not.toContain('took the eval\'s verdict');

    // The same run without redaction: score judges every check, as the eval did, the agent's own "[email]" as written (the run folder says so).
    const raw = await runCli(dir, ['eval', '--no-redact']);
    expect(raw.exitCode).toBe(0);
    const rawDir = latestRunDir(dir);
    const rescored = await runCli(dir, ['score', join(rawDir, 'traces.jsonl')]);
    expect(rescored.exitCode, rescored.stdout).toBe(0);
    expect(verdicts(latestRunDir(dir))).toEqual(verdicts(rawDir));
  });
});

/** An OTLP/JSON request with every `agentready.*` attribute taken out, but those `keep` keeps. */
function stripAgentready(text: string, keep: (key: string) => boolean): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((item) => !isOwnAttribute(item, keep)).map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, strip(inner)]));
  };
  return JSON.stringify(strip(JSON.parse(text)));
}

function isOwnAttribute(item: unknown, keep: (key: string) => boolean): boolean {
  if (typeof item !== 'object' || item === null || !('key' in item)) return false;
  const key = (item as { key: unknown }).key;
  return typeof key === 'string' && key.startsWith('agentready.') && !keep(key);
}
