// Ctrl-C, then `eval --resume`: only the unfinished cases run, in the same run folder, and the
// reports and the gate cover every case; `--last-failed` runs what failed or errored last time.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, copiesOf, latestRunDir, makeExampleProject, makeProject, runCli, startCli } from './helpers/run-cli.js';

const SUITE = `suite: s
tools: []
cases:
  - { id: a, input: "one", expect: { outcome: completed } }
  - { id: b, input: "two", expect: { outcome: completed } }
  - { id: c, input: "WAIT three", expect: { outcome: completed } }
  - { id: d, input: "four", expect: { outcome: completed } }
`;

function project(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-resumable.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 60000, concurrency: 1 }
`,
    's.suite.yaml': SUITE,
    // While this file exists, case c waits for Ctrl-C.
    hold: '',
  });
}

function runIds(dir: string): string[] {
  return readdirSync(join(dir, '.agentready/runs')).sort();
}

function results(dir: string, run: string): { case_id: string; status: string }[] {
  return readFileSync(join(dir, '.agentready/runs', run, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line));
}

/** Resolves once the only run's results.jsonl holds `count` results (re-read as the run writes, bounded by the deadline). */
async function waitForResults(dir: string, count: number, deadlineMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const root = join(dir, '.agentready/runs');
    if (existsSync(root) && runIds(dir).some((run) => existsSync(join(root, run, 'results.jsonl')) && results(dir, run).length >= count)) return;
    if (Date.now() - started > deadlineMs) throw new Error(`results.jsonl did not reach ${count} results within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // re-check the file, bounded by the deadline
  }
}

/** Runs eval (with `flags`), sends SIGINT (or `signal`) once two cases are on disk (case c is then waiting), returns the interrupted result. */
async function interruptedRun(dir: string, signal: 'SIGINT' | 'SIGTERM' = 'SIGINT', flags: readonly string[] = []): Promise<{ exitCode: number | undefined; stderr: string }> {
  const child = startCli(dir, ['eval', '--reporter', 'junit:first.xml', ...flags]);
  await waitForResults(dir, 2);
  child.kill(signal);
  const result = await child;
  return { exitCode: result.exitCode, stderr: String(result.stderr) };
}

/** project() after an eval interrupted by SIGINT (its answer), made once for the file; each test that resumes it has a copy of its own. */
let firstInterrupted: { exitCode: number | undefined; stderr: string };
const interruptedProject = copiesOf(async () => {
  const dir = project();
  firstInterrupted = await interruptedRun(dir);
  return dir;
});

describe('eval --resume', () => {
  it('after a real SIGINT runs only the unfinished cases, in the same run folder, and reports and gates them all', async () => {
    const dir = await interruptedProject();
    const first = firstInterrupted;
    expect(first.exitCode).toBe(130);
    expect(first.stderr).toContain('agentready eval --resume');
    const [run] = runIds(dir);
    expect(results(dir, run!).map((r) => r.case_id)).toEqual(['a', 'b']);

    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 'ran.log'), '');
    const second = await runCli(dir, ['eval', '--resume', '--reporter', 'junit:all.xml', '--reporter', 'json:all.json']);
    expect(second.exitCode).toBe(0);
    // Only c and d reached the agent the second time.
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['c', 'd']);
    expect(runIds(dir)).toEqual([run]);
    expect(results(dir, run!).map((r) => r.case_id).sort()).toEqual(['a', 'b', 'c', 'd']);
    // It says that it resumes, and how much of the run is left, before the whole run's figures.
    expect(second.stdout.split('\n')[0]).toMatch(new RegExp(`^Resuming run ${run} \\(4 cases\\): 2 had finished, running the other 2 against `));
    expect(second.stdout).toContain('4 cases · 4 passed');
    expect(second.stdout).toContain('Gate passed');
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(false);
    expect(summary.counts).toMatchObject({ attempts: 4, passed: 4 });
    expect(summary.exit).toEqual({ code: 0 });
    expect(readFileSync(join(dir, 'all.xml'), 'utf8').match(/<testcase /g)).toHaveLength(4);
    const json = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'));
    expect(json.results).toHaveLength(4);
  });

  it('after SIGTERM (exit 143) goes on the same way, at the --concurrency the resume gives: only the unfinished cases, in the same run folder', async () => {
    const dir = project();
    expect((await interruptedRun(dir, 'SIGTERM')).exitCode).toBe(143);
    const [run] = runIds(dir);
    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 'ran.log'), '');
    // A --concurrency given to the resume is the resumed session's (the interrupted one ran 1 at a time, its config's).
    const resumed = await runCli(dir, ['eval', '--resume', '--concurrency', '2']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout.split('\n')[0]).toMatch(/, concurrency 2$/);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['c', 'd']);
    expect(runIds(dir)).toEqual([run]);
    expect(results(dir, run!).map((r) => r.case_id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps what the interrupted session warned of: the resumed run says it again and its summary.json keeps it', async () => {
    // Case a writes a notification agentready does not know on stdout: no case's fault, a warning of the run.
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-resumable.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 60000, concurrency: 1 }
`,
      's.suite.yaml': SUITE.replace('input: "one"', 'input: "NOISE one"'),
      hold: '',
    });
    const first = await interruptedRun(dir);
    expect(first.exitCode).toBe(130);
    expect(first.stderr).toContain('agentready: warning: the agent');
    expect(first.stderr).toContain('unknown notification "made/up"');
    const [run] = runIds(dir);
    rmSync(join(dir, 'hold'));
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    // Said once, at the resumed run's end, as at the interrupted session's.
    expect(resumed.stderr.split('\n').filter((line) => line.includes('unknown notification "made/up"'))).toHaveLength(1);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary.warnings).toEqual([expect.stringContaining('unknown notification "made/up"')]);
  });

  it('warns when the agent changed between the sessions: the cases finished before are the earlier version\'s', async () => {
    const dir = await interruptedProject();
    const [run] = runIds(dir);
    rmSync(join(dir, 'hold'));
    // The same agent, now reporting version 2.0.0: the target the config names changed, the suites and policy did not.
    const lib = pathToFileURL(join(AGENTS, 'lib/stdio-agent.js')).href;
    writeFileSync(join(dir, 'v2.mjs'), `import { serveStdio } from ${JSON.stringify(lib)};\nserveStdio(async () => ({ outcome: 'completed', output: 'ok' }), { name: 'agent-resumable', version: '2.0.0' });\n`);
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8').replace(/command: \[[^\]]*\]/, 'command: [node, v2.mjs]'));
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const warning = 'the run was resumed against agent-resumable 2.0.0, but its earlier session ran agent-resumable 1.0.0: the 2 attempts it had finished are that agent\'s';
    expect(resumed.stderr).toContain(warning);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary.warnings).toEqual([expect.stringContaining(warning)]);
  });

  it('refuses a run whose suites changed since (exit 2) unless --force, which runs the changed case again', async () => {
    const dir = await interruptedProject();
    expect(firstInterrupted.exitCode).toBe(130);
    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('input: "one"', 'input: "one, changed"'));
    const refused = await runCli(dir, ['eval', '--resume']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/the suites changed since run \S+ started/);
    expect(refused.stderr).toContain('--force');

    writeFileSync(join(dir, 'ran.log'), '');
    const forced = await runCli(dir, ['eval', '--resume', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['a', 'c', 'd']);
    const [run] = runIds(dir);
    // a and b had finished; a changed, so it runs again beside c and d.
    expect(forced.stdout.split('\n')[0]).toMatch(new RegExp(`^Resuming run ${run} \\(4 cases\\): 2 had finished, 1 of them of a case changed since, which run again: running 3 against `));
    expect(forced.stdout).toContain('4 cases · 4 passed');
    expect(new Set(results(dir, run!).map((r) => r.case_id))).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('refuses a run whose policy changed since (exit 2), --force or not: the rest would be judged by other rules', async () => {
    const dir = project();
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8') + 'policy: policy.yaml\n');
    const policy = 'rules:\n  - { id: no-refunds, tool: issue_refund, deny_if: { arguments.amount: { gt: 100 } } }\n';
    writeFileSync(join(dir, 'policy.yaml'), policy);
    expect((await interruptedRun(dir)).exitCode).toBe(130);
    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 'policy.yaml'), policy.replace('gt: 100', 'gt: 50'));
    for (const args of [['eval', '--resume'], ['eval', '--resume', '--force']]) {
      const refused = await runCli(dir, args);
      expect(refused.exitCode, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/the policy changed since run \S+ started \(policy fingerprint \S+, now \S+\): its finished cases were judged by other rules than the rest would be/);
    }
    // The policy it started with: it goes on.
    writeFileSync(join(dir, 'policy.yaml'), policy);
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('4 cases · 4 passed');
  });

  it('refuses a finished run, a run id that does not exist, filters next to --resume and --force without it (exit 2)', async () => {
    const dir = project();
    rmSync(join(dir, 'hold'));
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const finished = await runCli(dir, ['eval', '--resume']);
    expect(finished.exitCode).toBe(2);
    expect(finished.stderr).toMatch(/run \S+ finished: there is nothing to resume/);
    // Every case passed: --last-failed would find nothing to run, so it is not offered.
    expect(finished.stderr).toMatch(/run `agentready eval` for a new run\s*$/);
    expect(finished.stderr).not.toContain('--last-failed');
    const unknown = await runCli(dir, ['eval', '--resume', 'no-such-run']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no run "no-such-run"');
    const clash = await runCli(dir, ['eval', '--resume', '--grep', 'a']);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain('it cannot take --grep');
    const forceAlone = await runCli(dir, ['eval', '--force']);
    expect(forceAlone.exitCode).toBe(2);
    expect(forceAlone.stderr).toContain('--force goes with --resume');
  }, 60_000);

  it('refuses a run still running in another agentready (exit 2), which would run its cases a second time beside it', async () => {
    const dir = project();
    const running = startCli(dir, ['eval']);
    await waitForResults(dir, 2);
    const [run] = runIds(dir);
    const second = await runCli(dir, ['eval', '--resume']);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain(`agentready: run ${run} is still running: agentready (pid ${running.pid}) is writing it`);
    // Nothing ran twice: c (held) reached the agent once, d not yet.
    running.kill('SIGINT');
    expect((await running).exitCode).toBe(130);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['a', 'b', 'c']);
  });

  it('refuses (exit 2, before any case) to write the attempts left with another redaction than the run\'s folder holds; the run\'s own goes on', async () => {
    // The inputs hold an email the agent echoes: a case of c and d written redacted beside a and b
    // written as they were would fail its check when `score` reads the folder back as --no-redact.
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-resumable.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 60000, concurrency: 1 }
`,
      's.suite.yaml': SUITE.replace(/input: "([^"]+)", expect: \{ outcome: completed \}/g, 'input: "$1 bob@example.com", expect: { outcome: completed, output: { contains: "bob@example.com" } }'),
      hold: '',
    });
    expect((await interruptedRun(dir, 'SIGINT', ['--no-redact'])).exitCode).toBe(130);
    const [run] = runIds(dir);
    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 'ran.log'), '');
    const redacted = await runCli(dir, ['eval', '--resume']);
    expect(redacted.exitCode, redacted.stderr).toBe(2);
    expect(redacted.stderr).toContain(`agentready: run ${run} was made with --no-redact: its folder holds the agent's text as written, and the 2 attempts still to run would be written redacted beside it`);
    expect(redacted.stderr).toContain(`\`agentready eval --resume ${run} --no-redact\``);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8')).toBe('');
    expect(results(dir, run!).map((r) => r.case_id)).toEqual(['a', 'b']);

    const resumed = await runCli(dir, ['eval', '--resume', '--no-redact']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    // Read back as one folder, the run scores as the eval judged it.
    const scored = await runCli(dir, ['score', join('.agentready/runs', run!), '--no-gate']);
    expect(scored.exitCode, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('4 cases · 4 passed');

    // The other way: a redacted run is not resumed with --no-redact, which would put the agent's text as written in its folder.
    const other = await interruptedProject();
    const [redactedRun] = runIds(other);
    rmSync(join(other, 'hold'));
    writeFileSync(join(other, 'ran.log'), '');
    const raw = await runCli(other, ['eval', '--resume', '--no-redact']);
    expect(raw.exitCode, raw.stderr).toBe(2);
    expect(raw.stderr).toContain(`agentready: run ${redactedRun} redacts PII in its folder: --no-redact would write the agent's text as written into it for the 2 attempts still to run`);
    expect(raw.stderr).toContain(`go on as the run began: \`agentready eval --resume ${redactedRun}\`, or run \`agentready eval --no-redact\` for a new run`);
    expect(readFileSync(join(other, 'ran.log'), 'utf8')).toBe('');
  });

  it('a resume with nothing left to run keeps the redaction its folder was written with in summary.json (the card said a redacted run was made with --no-redact)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: "hi bob@example.com", expect: { outcome: completed } }\n',
    });
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const [run] = runIds(dir);
    // Killed after its last result, before its summary (SIGKILL): every attempt is in the folder, redacted.
    rmSync(join(dir, '.agentready/runs', run!, 'summary.json'));
    const resumed = await runCli(dir, ['eval', '--resume', '--no-redact']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8')).redacted).toBe(true);
    const card = await runCli(dir, ['card']);
    expect(card.stdout).not.toContain('PII NOT redacted');
  });

  it('a bare --resume whose newest run finished points at an older interrupted one', async () => {
    const dir = await interruptedProject();
    expect(firstInterrupted.exitCode).toBe(130);
    const [interrupted] = runIds(dir);
    rmSync(join(dir, 'hold'));
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const finished = await runCli(dir, ['eval', '--resume']);
    expect(finished.exitCode).toBe(2);
    expect(finished.stderr).toContain(`the newest interrupted run is ${interrupted}: \`agentready eval --resume ${interrupted}\``);
  }, 60_000);
});

describe('eval --resume after harness errors', () => {
  it('runs again the attempts that ended in a harness error (SPEC §11: errors are not retried automatically; --resume runs them again), in the same run folder, a finished run included', async () => {
    const dir = makeProject({
      // An exec agent whose case b exits without an answer (AGENT_EXITED) while the file crash exists.
      'agent.cjs': `const fs = require('node:fs');
const task = JSON.parse(fs.readFileSync(0, 'utf8'));
fs.appendFileSync('ran.log', task.case.id + '\\n');
if (task.case.id === 'b' && fs.existsSync('crash')) process.exit(1);
process.stdout.write(JSON.stringify({ outcome: 'completed', output: 'ok' }) + '\\n');
`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n  - { id: b, input: x, expect: { outcome: completed } }\n',
      'agentready.config.yaml': 'target: { adapter: exec, command: [node, agent.cjs] }\nsuites: [s.suite.yaml]\n',
      crash: '',
    });
    const first = await runCli(dir, ['eval']);
    expect(first.exitCode, first.stderr).toBe(3);
    expect(first.stdout).toContain('2 cases · 1 passed · 0 failed · 1 error');
    rmSync(join(dir, 'crash'));
    writeFileSync(join(dir, 'ran.log'), '');
    const resumed = await runCli(dir, ['eval', '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^Resuming run \S+ \(2 cases\): 1 had finished, 1 had ended in a harness error, which runs again: running 1 against /);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['b']);
    expect(resumed.stdout).toContain('2 cases · 2 passed · 0 failed · 0 errors');
    expect(runIds(dir)).toHaveLength(1);
    // The first session finished and appended its verdicts to the history: the resumed one appends only the attempt it ran, not a's twice.
    const history = readFileSync(join(dir, '.agentready', 'history.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { case_id: string; status: string });
    expect(history.map((entry) => `${entry.case_id} ${entry.status}`)).toEqual(['a passed', 'b error', 'b passed']);
    // Nothing errored now: the run finished, and there is nothing to resume.
    const again = await runCli(dir, ['eval', '--resume']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/run \S+ finished: there is nothing to resume/);
  }, 60_000);
});

describe('eval --last-failed', () => {
  it('runs only what failed or errored in the newest finished run, compared with the baseline as a filtered run', async () => {
    const dir = project();
    rmSync(join(dir, 'hold'));
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('input: "two", expect: { outcome: completed }', 'input: "two", expect: { outcome: refused }'));
    const first = await runCli(dir, ['eval', '--no-gate']);
    expect(first.stdout).toContain('4 cases · 3 passed · 1 failed');
    writeFileSync(join(dir, 'ran.log'), '');
    const again = await runCli(dir, ['eval', '--last-failed', '--no-gate']);
    expect(again.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['b']);
    expect(again.stdout).toContain('1 case · 0 passed · 1 failed');
    // A filter that leaves none of them out is not "no case matches the filters / the suites are".
    const disjoint = await runCli(dir, ['eval', '--last-failed', '--no-gate', '--grep', 'four']);
    expect(disjoint.exitCode).toBe(2);
    expect(disjoint.stderr).toContain('none of the 1 case that failed last time (s/b) is in the suites and matches the other filters');
    expect(disjoint.stderr).toContain('drop --suite, --grep or --tag to run them');
    // With no filter, the case is gone from the suites: no filter to drop.
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('id: b,', 'id: b2,'));
    const renamed = await runCli(dir, ['eval', '--last-failed', '--no-gate']);
    expect(renamed.exitCode).toBe(2);
    expect(renamed.stderr).toContain('they were renamed or removed from the suites since that run');

    // One of two failed cases renamed since: the other runs, and the renamed one is named, not left out unsaid.
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('input: "two", expect: { outcome: completed }', 'input: "two", expect: { outcome: refused }').replace('input: "four", expect: { outcome: completed }', 'input: "four", expect: { outcome: refused }'));
    expect((await runCli(dir, ['eval', '--no-gate'])).stdout).toContain('4 cases · 2 passed · 2 failed');
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('id: b,', 'id: b2,').replace('input: "four", expect: { outcome: completed }', 'input: "four", expect: { outcome: refused }'));
    writeFileSync(join(dir, 'ran.log'), '');
    const partly = await runCli(dir, ['eval', '--last-failed', '--no-gate']);
    expect(partly.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['d']);
    expect(partly.stderr).toMatch(/^agentready: warning: 1 case that failed in run \S+ is no longer in the suites \(renamed or removed since\), so it does not run: s\/b$/m);

    // Fixed: the newest finished run now has no failure, so there is nothing to run.
    writeFileSync(join(dir, 's.suite.yaml'), SUITE);
    expect((await runCli(dir, ['eval', '--last-failed'])).exitCode).toBe(0);
    const none = await runCli(dir, ['eval', '--last-failed']);
    expect(none.exitCode).toBe(0);
    expect(none.stderr).toMatch(/no case failed or errored in run \S+: nothing to run/);
  }, 60_000);
});

describe('eval --last-failed after eval --repeat k', () => {
  it('runs each failed case over the k attempts the run made, as a flaky case was judged (--repeat chooses otherwise)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-flaky.js')} }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n`,
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${['a', 'b', 'c'].map((id) => `  - { id: ${id}, input: x, expect: { outcome: completed } }\n`).join('')}`,
    });
    // b fails every second attempt in one agent process: with 2 attempts it is flaky, with 1 it passes.
    const env = { AGENT_FLAKY_CASES: 'b' };
    expect((await runCli(dir, ['eval', '--repeat', '2', '--no-gate'], env)).stdout).toContain('flaky: s/b');
    const again = await runCli(dir, ['eval', '--last-failed', '--no-gate'], env);
    expect(again.stdout.split('\n')[0]).toMatch(/^Running 1 case × 2 attempts against /);
    expect(again.stdout).toContain('flaky: s/b');
    const once = await runCli(dir, ['eval', '--last-failed', '--repeat', '1', '--no-gate'], env);
    expect(once.stdout.split('\n')[0]).toMatch(/^Running 1 case against /);
  }, 60_000);
});

describe('eval --last-failed --shard i/n', () => {
  it('each shard reads the same earlier run, not a sibling shard made just before it, so the shards run every failed case once and merge', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const dir = makeProject({
      'agent.mjs': `import { appendFileSync } from 'node:fs';
export default async function agent(task) {
  appendFileSync('ran.log', task.case.id + '\\n');
  return { outcome: 'completed', output: 'ok' };
}
`,
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${ids.map((id) => `  - { id: ${id}, input: x, expect: { outcome: refused } }\n`).join('')}`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
    });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    writeFileSync(join(dir, 'ran.log'), '');
    for (const shard of ['1/2', '2/2']) expect((await runCli(dir, ['eval', '--last-failed', '--shard', shard, '--no-gate'])).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(ids);
    const merged = await runCli(dir, ['merge', ...runIds(dir).slice(-2), '--no-gate']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('8 cases · 0 passed · 8 failed');
  }, 60_000);
});

describe('eval --resume after the run-wide cost cap', () => {
  it('runs the attempts the cap skipped, once the cap allows: the cost already spent counts against it', async () => {
    const config = (cap: number) => `target: { adapter: module, module: ./agent.mjs }
suites: [s.suite.yaml]
run: { concurrency: 1 }
budgets: { max_run_cost_usd: ${cap} }
`;
    const dir = makeProject({
      // Every case costs $0.01 and says which case ran.
      'agent.mjs': `import { appendFileSync } from 'node:fs';
export default async function agent(task, ctx) {
  appendFileSync('ran.log', task.case.id + '\\n');
  ctx.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 0.01 });
  return { outcome: 'completed', output: 'ok' };
}
`,
      's.suite.yaml': SUITE,
      'agentready.config.yaml': config(0.015),
    });
    const ran = () => readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean);
    const capped = await runCli(dir, ['eval', '--no-gate']);
    expect(capped.exitCode).toBe(3);
    expect(capped.stderr).toContain('2 attempts skipped after the run reached budgets.max_run_cost_usd; raise it and `agentready eval --resume` runs them');
    expect(ran()).toEqual(['a', 'b']);
    const [run] = runIds(dir);

    // Nothing failed, but the run is not done: --last-failed says where the rest is.
    const lastFailed = await runCli(dir, ['eval', '--last-failed', '--no-gate']);
    expect(lastFailed.exitCode).toBe(0);
    expect(lastFailed.stderr).toContain('nothing to run; 2 attempts skipped at budgets.max_run_cost_usd: `agentready eval --resume` runs them');

    // The same cap: what the run spent already reaches it, so nothing more runs.
    const stillCapped = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(stillCapped.exitCode).toBe(3);
    expect(ran()).toEqual(['a', 'b']);

    // A cap the run fits under: the two skipped attempts run, in the same run folder.
    writeFileSync(join(dir, 'agentready.config.yaml'), config(1));
    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.exitCode).toBe(0);
    expect(ran()).toEqual(['a', 'b', 'c', 'd']);
    expect(runIds(dir)).toEqual([run]);
    expect(resumed.stdout).toContain('4 cases · 4 passed');
    const byCase = new Map(results(dir, run!).map((r) => [r.case_id, r.status]));
    expect([...byCase]).toEqual([['a', 'passed'], ['b', 'passed'], ['c', 'passed'], ['d', 'passed']]);
  }, 60_000);

  it('says which part of a resumed run was replayed when its sessions ran under different --models, not the last session\'s mode for all', async () => {
    const dir = makeExampleProject();
    expect((await runCli(dir, ['eval', '--suite', 'support-account', '--no-gate'])).exitCode).toBe(0);
    // The run, as a replayed session cut short would leave it: its first 4 attempts kept, its summary saying replayed.
    const run = latestRunDir(dir);
    const lines = readFileSync(join(run, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 5);
    writeFileSync(join(run, 'results.jsonl'), `${lines.join('\n')}\n`);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(run, 'summary.json'), JSON.stringify({ ...summary, interrupted: true, replayed: true }));
    const kept = lines.slice(1).reduce((sum, line) => sum + (JSON.parse(line) as { cost_usd: number }).cost_usd, 0);
    expect(kept).toBeGreaterThan(0);
    // Resumed live: the kept attempts' dollars were replayed, the rest spent.
    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.exitCode).toBe(0);
    const after = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as { replayed?: true; replayed_usd?: number; metrics: { overall: { cost_total: number } } };
    expect(after.replayed).toBeUndefined();
    expect(after.replayed_usd).toBeCloseTo(kept, 10);
    expect(after.metrics.overall.cost_total).toBeGreaterThan(kept);
    expect(resumed.stdout).toMatch(/\$ total \$[\d.]+ \(\$[\d.]+ of it replayed, not spent\): model calls answered from cassettes in the sessions or shards run with --models replay, the rest spent/);
  });
  it('after kill -KILL, the resumed run\'s duration_ms counts the killed session\'s time, as results.jsonl recorded it, not only the last session\'s', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { timeout_ms: 60000, concurrency: 1 }\n',
      's.suite.yaml': SUITE,
      // Case a takes 1.5 s of the agent's time (its work, not a wait for the test); c waits while ./hold exists.
      'agent.mjs': `import { existsSync } from 'node:fs';
export default async function agent(task, ctx) {
  if (task.case.id === 'a') await new Promise((resolve) => setTimeout(resolve, 1500));
  if (task.case.input.includes('WAIT') && existsSync('hold')) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
  return { outcome: 'completed', output: 'ok' };
}
`,
      hold: '',
    });
    const child = startCli(dir, ['eval', '--no-gate']);
    await waitForResults(dir, 2);
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    const [run] = runIds(dir);
    const killed = results(dir, run!) as unknown as { duration_ms: number }[];
    rmSync(join(dir, 'hold'));
    const resumed = await runCli(dir, ['eval', '--resume', '--no-gate']);
    expect(resumed.exitCode).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8')) as { duration_ms: number; timings: { cases_ms: number } };
    // The killed session ran a and b one after the other: at least their recorded durations, before the last session's cases.
    const killedCases = killed.reduce((sum, r) => sum + r.duration_ms, 0);
    expect(killedCases).toBeGreaterThanOrEqual(1500);
    expect(summary.duration_ms).toBeGreaterThanOrEqual(killedCases + summary.timings.cases_ms);
  }, 60_000);
});

describe('eval --resume --force after a case was removed from the suites', () => {
  it('leaves its finished attempt out of the run, says so, and every reader of the run counts the same cases', async () => {
    const suite = (cases: string[]) => `suite: s\ntools: []\ncases:\n${cases.map((id) => `  - { id: ${id}, input: "${id}", expect: { outcome: completed } }\n`).join('')}`;
    const dir = makeProject({
      // A case whose input holds BAD gets an invalid answer (a harness error): the run finishes, and --resume runs it again.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task) {\n  if (task.case.input.includes('BAD') && !existsSync('fixed')) return { nope: 1 };\n  return { outcome: 'completed', output: 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': suite(['a', 'b', 'c', 'BAD-d']),
    });
    expect((await runCli(dir, ['eval'])).exitCode).toBe(3);
    const [run] = runIds(dir);
    writeFileSync(join(dir, 'fixed'), '');
    writeFileSync(join(dir, 's.suite.yaml'), suite(['a', 'c', 'BAD-d']));
    const resumed = await runCli(dir, ['eval', '--resume', '--force']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^Resuming run \S+ \(3 cases\): 3 had finished, 1 of them of a case removed since, left out, 1 had ended in a harness error, which runs again: running 1 against /);
    expect(resumed.stderr).toContain('warning: the suites no longer have the case s/b (removed or renamed since the run started): its 1 attempt the run had finished is left out of the run');
    // results.jsonl keeps b's line; summary.json lists it as left out and counts the rest.
    expect(results(dir, run!).map((r) => r.case_id)).toContain('b');
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary.left_out).toEqual([{ suite: 's', case_id: 'b', attempt: 1 }]);
    expect(summary.counts.attempts).toBe(3);
    const compared = await runCli(dir, ['compare', run!, run!]);
    expect(compared.stdout).toContain('A: agent.mjs · 3 cases · 3 passed');
  });
});
