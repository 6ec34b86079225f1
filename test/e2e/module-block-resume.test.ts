// A module agent whose case blocks the event loop for good: the watchdog ends
// the process (exit 3) and names the attempts in flight in the run folder (blocked.json), so
// `eval --resume` records the case as an error (AGENT_BLOCKED) instead of running it, and blocking
// the process, again: the run finishes, judged like any run with an errored case.
// The case blocks by Atomics.wait, which holds the main thread as `while (true) {}` does (no
// heartbeat, no timer, no signal handler runs) without burning a core for the watchdog's
// timeout_ms + 2 s, each of the three times: module-faults.test.ts blocks by a busy loop.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copiesOf, latestRunDir, makeProject, readJsonl, runCli, type CliResult } from './helpers/run-cli.js';

interface Row {
  case_id: string;
  status: string;
  error?: { code: string; message: string };
}

const AGENT = `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export default async function (task) {
  await sleep(5);
  if (task.case.input === 'spin') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (task.case.input === 'slow') await sleep(300);
  return { outcome: 'completed', output: 'ok' };
}
`;

function project(run: string): string {
  const cases = ['a', 'spin', 'slow', 'b'].map((id) => `  - { id: ${id}, input: ${id}, expect: { output: { contains: [ok] } } }`).join('\n');
  return makeProject({
    'agentready.config.yaml': `target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\nrun: { ${run} }\n`,
    'agent.mjs': AGENT,
    'evals/s.yaml': `suite: s\ntools: []\ncases:\n${cases}\n`,
  });
}

/**
 * The project run one case at a time after its first eval, which case spin blocked (made once for
 * the file: each block costs the watchdog's timeout_ms + 2 s), and that eval's answer; each test
 * that starts from it has a copy of its own.
 */
let firstBlocked: CliResult;
const blockedOnce = copiesOf(async () => {
  const dir = project('timeout_ms: 1000, concurrency: 1');
  firstBlocked = await runCli(dir, ['eval']);
  return dir;
});

function statuses(dir: string): Record<string, string> {
  const rows = readJsonl<Row>(dir, 'results.jsonl').slice(1);
  return Object.fromEntries(rows.map((row) => [row.case_id, row.error ? `${row.status} ${row.error.code}` : row.status]));
}

describe('eval --resume after a module agent blocked the process', () => {
  it('records the case that blocked as an error (AGENT_BLOCKED) and runs the rest to the end', async () => {
    const dir = await blockedOnce();
    const first = firstBlocked;
    expect(first.exitCode).toBe(3);
    expect(first.stderr).toMatch(/in case spin: .*`agentready eval --resume` records this case as an error \(AGENT_BLOCKED\) and runs the rest \(exit 3\)$/);
    expect(statuses(dir)).toEqual({ a: 'passed' });
    // replay of the case that blocked says so, and what --resume does with it: it recorded nothing to replay.
    const run = readJsonl<{ run_id: string }>(dir, 'results.jsonl')[0]!.run_id;
    const early = await runCli(dir, ['replay', `${run}/spin`]);
    expect([early.exitCode, early.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^agentready: s/spin blocked agentready's process in run ${run} \\(its blocked\\.json\\): it recorded no trace to replay\n.*eval --resume\` records it as an error \\(AGENT_BLOCKED\\)`))]);

    const resumed = await runCli(dir, ['eval', '--resume', '--reporter', 'junit:out.xml', '--reporter', 'terminal']);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^Resuming run \S+ \(4 cases\): 1 had finished, 1 had blocked the process \(an error\), running the other 2 against /);
    // The run finished: judged as any run with a harness error (run.max_error_rate 0).
    // Its one error blocked the process, which --resume would not run again: the line offers no resume.
    expect(resumed.stderr).toContain('1 of 4 attempts ended in harness errors (25%), above run.max_error_rate 0 (exit 3)');
    expect(resumed.exitCode).toBe(3);
    expect(statuses(dir)).toEqual({ a: 'passed', spin: 'error AGENT_BLOCKED', slow: 'passed', b: 'passed' });
    expect(resumed.stdout).toContain("✗ s/spin  error AGENT_BLOCKED: the module agent blocked agentready's process for");
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('tests="4"');
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
    expect(existsSync(join(latestRunDir(dir), 'blocked.json'))).toBe(false);
    const blockedTrace = readJsonl<Row & { trace_id: string }>(dir, 'results.jsonl').find((row) => row.case_id === 'spin')!.trace_id;
    for (const ref of [`${run}/spin`, blockedTrace]) {
      const late = await runCli(dir, ['replay', ref]);
      expect([late.exitCode, late.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^agentready: s/spin \\(trace ${blockedTrace}\\) blocked agentready's process in run ${run} and was recorded as an error \\(AGENT_BLOCKED\\) with no trace: there is nothing recorded to replay\n`))]);
    }

    // Finished: there is nothing more to resume.
    expect((await runCli(dir, ['eval', '--resume'])).exitCode).toBe(2);
  }, 60_000);

  it('with several cases in flight, blames none: they run first, one at a time, and the one that blocks again is recorded at the next --resume', async () => {
    const dir = project('timeout_ms: 1000, concurrency: 4');
    const first = await runCli(dir, ['eval']);
    expect(first.exitCode).toBe(3);
    expect(first.stderr).toMatch(/in one of the \d cases in flight .*`agentready eval --resume` runs (?:this case|these \d cases) one at a time first/);
    // What was in flight beside spin (slow, and a or b while they awaited) is not recorded.
    expect(statuses(dir)).not.toHaveProperty('spin');
    expect(statuses(dir)).not.toHaveProperty('slow');
    // Which case blocked is not known: replay blames none.
    const run = readJsonl<{ run_id: string }>(dir, 'results.jsonl')[0]!.run_id;
    const unblamed = await runCli(dir, ['replay', `${run}/slow`]);
    expect([unblamed.exitCode, unblamed.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^agentready: s/slow was in flight when a case blocked agentready's process in run ${run} \\(its blocked\\.json\\): it recorded no trace to replay\n.*eval --resume\` runs the cases that were in flight first, one at a time`))]);

    // The cases that were in flight run first, alone, in plan order: spin before slow, and it blocks again, named alone this time.
    const second = await runCli(dir, ['eval', '--resume']);
    expect(second.exitCode).toBe(3);
    expect(second.stderr).toMatch(/in case spin: .*records this case as an error \(AGENT_BLOCKED\)/);

    const third = await runCli(dir, ['eval', '--resume']);
    expect(third.exitCode).toBe(3);
    // slow, in flight beside spin, is not blamed: it ran and passed.
    expect(statuses(dir)).toEqual({ a: 'passed', b: 'passed', spin: 'error AGENT_BLOCKED', slow: 'passed' });
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(true);
  }, 90_000);

  it('runs again, under --force, a case that blocked and was changed since (the fix may work), instead of recording it', async () => {
    const dir = await blockedOnce();
    expect(firstBlocked.exitCode).toBe(3);
    const blocked = JSON.parse(readFileSync(join(latestRunDir(dir), 'blocked.json'), 'utf8')) as { attempts: { case_id: string; fingerprint?: string }[] };
    expect(blocked.attempts.map(({ case_id, fingerprint }) => [case_id, typeof fingerprint])).toEqual([['spin', 'string']]);

    // The user fixes the case: its input no longer makes the agent spin.
    const suite = join(dir, 'evals/s.yaml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('input: spin', 'input: fixed'));
    const resumed = await runCli(dir, ['eval', '--resume', '--force']);
    expect(resumed.stdout.split('\n')[0]).toMatch(/^Resuming run \S+ \(4 cases\): 1 had finished, running the other 3 against /);
    expect(resumed.exitCode).toBe(0);
    expect(statuses(dir)).toEqual({ a: 'passed', spin: 'passed', slow: 'passed', b: 'passed' });
  }, 60_000);
});
