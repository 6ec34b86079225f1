// A module agent runs in agentready's process: what would end that process (an uncaught
// exception, an unhandled rejection, process.exit()) costs only the case it was done in, or is a
// run warning outside any case; the other cases run on, the reports are written, and nothing the
// agent wrote reaches the terminal raw (no PII, no escapes, no stack).
//
// The tests run at once (describe.concurrent), each in a project of its own: most of their time is
// spent waiting (a watchdog's 3 s, a module blocked by Atomics.wait, 150 cases held 20 ms each), ~4 s of
// CPU in ~19 s one after the other, which kept a test worker idle.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, latestRunDir, makeProject, readJsonl, runCli, startCli } from './helpers/run-cli.js';

interface Row {
  case_id: string;
  status: string;
  outcome: string;
  error?: { code: string; message: string };
}

function project(inputs: string[], run = 'timeout_ms: 3000'): string {
  const cases = inputs.map((input) => `  - { id: ${input}, input: ${input}, expect: { output: { contains: [ok] } } }`).join('\n');
  return makeProject({
    'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-misbehaving.js'))} }\nsuites: [evals/*.yaml]\nrun: { ${run} }\n`,
    'evals/s.yaml': `suite: s\ntools: []\ncases:\n${cases}\n`,
  });
}

function rows(dir: string): Record<string, Row> {
  return Object.fromEntries(readJsonl<Row>(dir, 'results.jsonl').slice(1).map((row) => [row.case_id, row]));
}

function expectNothingRaw(printed: string): void {
  expect(printed).not.toMatch(/jane\.doe|corp-mail|4111|\x1b|\x07|^\s+at /m);
}

describe.concurrent('a module agent that throws or rejects where nothing catches it', () => {
  it('costs the case whose context raised it (AGENT_ERROR, redacted); one after its case ended is a run warning', async () => {
    const dir = project(['ok', 'uncaught', 'reject', 'late', 'ok2']);
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--reporter', 'junit:out.xml', '--reporter', 'terminal']);
    expect(exitCode).toBe(1);
    const byCase = rows(dir);
    expect(byCase['ok']!.status).toBe('passed');
    expect(byCase['ok2']!.status).toBe('passed');
    expect(byCase['late']!.status).toBe('passed');
    expect(byCase['uncaught']).toMatchObject({ status: 'failed', outcome: 'agent_error', error: { code: 'AGENT_ERROR' } });
    expect(byCase['uncaught']!.error!.message).toMatch(/^the agent module threw an uncaught exception: boom \[email\] \[card\] /);
    expect(byCase['reject']).toMatchObject({ status: 'failed', outcome: 'agent_error', error: { code: 'AGENT_ERROR' } });
    expect(byCase['reject']!.error!.message).toMatch(/^the agent module left a promise rejection unhandled: stray rejection \[email\] \[card\] /);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[]; exit_code: number };
    expect(summary.warnings).toEqual([expect.stringMatching(/^the agent module threw an uncaught exception after its case late ended: late boom \[email\] \[card\] /)]);
    expect(existsSync(join(dir, 'out.xml'))).toBe(true);
    expect(stdout).toContain('✗ s/uncaught  outcome: the agent ended with agent_error (the agent module threw an uncaught exception: boom [email] [card] \\x1b]0;PWNED\\x07)');
    expect(stdout).toContain('Gate FAILED');
    expectNothingRaw(stdout);
    expectNothingRaw(stderr);
  }, 60_000);

  it('a thrown Proxy whose every trap throws costs only its case, as the agent failing it (its instanceof test threw out of agentready: "unexpected error", the run lost)', async () => {
    const dir = project(['ok', 'proxy-throw', 'proxy-uncaught', 'proxy-reject']);
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toContain('unexpected error');
    expect(exitCode).toBe(1);
    const byCase = rows(dir);
    expect(byCase['ok']!.status).toBe('passed');
    for (const id of ['proxy-throw', 'proxy-uncaught', 'proxy-reject']) {
      expect(byCase[id], id).toMatchObject({ status: 'failed', outcome: 'agent_error', error: { code: 'AGENT_ERROR' } });
    }
    expect(byCase['proxy-throw']!.error!.message).toBe('the agent module threw: a value that cannot be shown');
    expect(byCase['proxy-uncaught']!.error!.message).toBe('the agent module threw an uncaught exception: a value that cannot be shown');
    expectNothingRaw(stdout);
    expectNothingRaw(stderr);
  }, 60_000);

  it('one raised while the module loads is a run warning, and the cases run', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\n',
      'agent.mjs': "setTimeout(() => { throw new Error('no key for ops@example.com'); }, 0);\nawait new Promise((resolve) => setTimeout(resolve, 20));\nexport default async () => ({ outcome: 'completed', output: 'ok' });\n",
      'evals/s.yaml': 'suite: s\ntools: []\ncases:\n  - { id: one, input: hi, expect: { output: { contains: [ok] } } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(0);
    expect(rows(dir)['one']!.status).toBe('passed');
    expect(stderr).toContain('warning: the agent module threw an uncaught exception while it loaded: no key for [email]');
    expect(stdout + stderr).not.toContain('ops@example.com');
  }, 60_000);

  // A one-case run of an agent whose `shutdown` has `body`: its exit code, stdout, stderr and summary's warnings.
  async function runWithShutdown(body: string): Promise<{ exitCode: number | undefined; stdout: string; stderr: string; warnings: string[] }> {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\n',
      'agent.mjs': `export default async () => ({ outcome: 'completed', output: 'ok' });\nexport async function shutdown() {\n${body}\n}\n`,
      'evals/s.yaml': 'suite: s\ntools: []\ncases:\n  - { id: one, input: hi, expect: { output: { contains: [ok] } } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    const { warnings } = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[] };
    return { exitCode, stdout, stderr, warnings };
  }

  it('one raised in its shutdown is a run warning, redacted (the warnings are read once the agent stopped)', async () => {
    const { exitCode, stdout, stderr, warnings } = await runWithShutdown("  setTimeout(() => { throw new Error('bye jane.doe@corp-mail.com'); }, 0);\n  await new Promise((resolve) => setTimeout(resolve, 20));");
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Gate passed');
    expect(stderr).toBe('agentready: warning: the agent module threw an uncaught exception in its shutdown: bye [email]');
    expect(warnings).toEqual(['the agent module threw an uncaught exception in its shutdown: bye [email]']);
  }, 60_000);

  it('one raised after the run ended (a timer its shutdown left) is said in one line that quotes nothing, and the exit stands', async () => {
    // The timer throws once summary.json is on disk, i.e. once the run's warnings were read: no race with the run's end.
    const { exitCode, stdout, stderr, warnings } = await runWithShutdown(
      "  const { existsSync, readdirSync } = await import('node:fs');\n" +
        "  const runs = '.agentready/runs';\n" +
        "  const timer = setInterval(() => {\n" +
        "    if (!existsSync(runs) || !readdirSync(runs).some((run) => existsSync(`${runs}/${run}/summary.json`))) return;\n" +
        "    clearInterval(timer);\n" +
        "    throw new Error('bye jane.doe@corp-mail.com');\n" +
        '  }, 5);',
    );
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Gate passed');
    expect(stderr).toBe('agentready: warning: the agent module threw where nothing caught it after the run ended; its message is not shown');
    expect(warnings).toEqual([]);
  }, 60_000);
});

describe.concurrent('a module agent that calls process.exit()', () => {
  it('fails its case (AGENT_EXITED, an error as a stdio agent that exits) and the run goes on to its reports and its own exit code', async () => {
    const dir = project(['ok', 'exit', 'late-exit', 'ok2']);
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--reporter', 'junit:out.xml', '--reporter', 'terminal']);
    expect(exitCode).toBe(3);
    const byCase = rows(dir);
    expect(byCase['ok']!.status).toBe('passed');
    expect(byCase['ok2']!.status).toBe('passed');
    expect(byCase['exit']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED', message: 'the agent module called process.exit(5)' } });
    expect(byCase['late-exit']!.status).toBe('passed');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')) as { warnings: string[]; exit_code: number };
    expect(summary.warnings).toEqual(['the agent module called process.exit(0) after its case late-exit ended; agentready went on']);
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('the agent module called process.exit(5)');
    expect(stdout).toContain('✗ s/exit  error AGENT_EXITED: the agent module called process.exit(5)');
    expect(stderr).toBe('agentready: warning: the agent module called process.exit(0) after its case late-exit ended; agentready went on\nagentready: run incomplete: 1 of 4 attempts ended in harness errors (25%), above run.max_error_rate 0; `agentready eval --resume` runs them again (exit 3)');
  }, 60_000);
});

describe.concurrent('a module agent that blocks the event loop', () => {
  it('is named and the process ends (exit 3) past its timeout, Ctrl-C or not; what finished is on disk and --resume goes on', async () => {
    const dir = project(['fast', 'spin', 'ok'], 'timeout_ms: 1000');
    const cli = startCli(dir, ['eval', '--reporter', 'junit:out.xml']);
    // Ctrl-C while it blocks: the handler cannot run, the watchdog still ends the process.
    while (!existsSync(join(dir, 'spun')) && cli.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    cli.kill('SIGINT');
    const { exitCode, stdout, stderr } = await cli;
    expect(exitCode).toBe(3);
    expect(String(stdout)).toBe('Running 3 cases against module-agent-misbehaving.js (module), concurrency 3');
    expect(String(stderr)).toMatch(
      /^agentready: the module agent blocked agentready's process for (\d+) ms (?:in case spin|in one of the \d cases in flight \((?:[\w-]+, )*spin(?:, [\w-]+)*\)): a module agent runs in agentready's process and cannot be stopped; use the stdio adapter for agents that may hang\. The cases that finished are in the run folder: `agentready eval --resume` (?:records this case as an error \(AGENT_BLOCKED\) and runs the rest|runs (?:this case|these \d cases) one at a time first \(one that blocks again is then named alone, and the next --resume records it as an error\) and then the rest) \(exit 3\)$/,
    );
    const blocked = Number(/for (\d+) ms/.exec(String(stderr))![1]);
    expect(blocked).toBeGreaterThan(3000);
    expect(Object.keys(rows(dir))).toEqual(['fast']);
    expect(existsSync(join(latestRunDir(dir), 'summary.json'))).toBe(false);

    const resumed = await runCli(dir, ['eval', '--resume', '--reporter', 'junit:out.xml']);
    expect(resumed.exitCode).toBe(0);
    expect(Object.values(rows(dir)).map((row) => [row.case_id, row.status])).toEqual([
      ['fast', 'passed'],
      ['spin', 'passed'],
      ['ok', 'passed'],
    ]);
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('tests="3"');
  }, 60_000);
});

describe.concurrent('a module agent whose cases each take a little synchronous time', () => {
  it('is not taken for one that blocks: cases that start and end are progress, however long their promises chain without a timer turn', async () => {
    // Each case spends 20 ms of its own, well within its 150 ms; 150 of them chained through promises
    // hold the event loop from its timers for 3 s, past the 2.15 s a block of one case may last.
    // It holds the thread by Atomics.wait's timeout, as a synchronous computation would, without
    // burning the 3 s of CPU (nor agentready's on 600 cases of 5 ms, as this test ran before).
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\nrun: { timeout_ms: 150, concurrency: 1 }\n',
      'agent.mjs': 'const held = new Int32Array(new SharedArrayBuffer(4));\nexport default async function () { await null; Atomics.wait(held, 0, 0, 20); return { outcome: "completed", output: "ok" }; }\n',
      'evals/s.yaml': `suite: s\ntools: []\ncases:\n${Array.from({ length: 150 }, (_, i) => `  - { id: c${i}, input: x, expect: { outcome: completed } }\n`).join('')}`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--no-gate']);
    // The run goes to its end (a loaded machine may time a case out, which is that case's failure, not a block).
    expect(stderr).not.toContain('blocked');
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/^150 cases · \d+ passed/m);
  }, 60_000);
});

describe.concurrent('a module agent that blocks the event loop while it loads', () => {
  it('ends the process (exit 3) past run.start_timeout_ms + 2 s, saying no case ran (there is nothing to resume)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\nrun: { start_timeout_ms: 500 }\n',
      // Blocked by Atomics.wait, which holds the thread as `for (;;) {}` does without burning a core for 2.5 s (as the case above blocks).
      'agent.mjs': 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\nexport default async () => ({ outcome: "completed", output: "ok" });\n',
      'evals/s.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/^agentready: the module agent blocked agentready's process for \d+ ms while its module loaded: .* No case ran \(exit 3\)$/);
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  }, 30_000);
});

describe.concurrent("a module agent's result that throws when agentready reads it", () => {
  it('a throwing getter, one deep in the output, a circle: each costs only its case, as the agent failing it, and says why', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\n',
      'agent.mjs': `export default async (task) => {
  const circle = { a: 1 };
  circle.self = circle;
  switch (task.case.input) {
    case 'getter': return { outcome: 'completed', get output() { throw new Error('x'); } };
    case 'deep': return { outcome: 'completed', output: { deep: { get y() { throw new Error('y'); } } } };
    case 'circle': return { outcome: 'completed', output: circle };
    // Keys the protocol does not read are left unread, circles and all (an SDK's response object).
    default: return { outcome: 'completed', output: 'ok', response: circle, get extra() { throw new Error('never read'); } };
  }
};
`,
      'evals/s.yaml': `suite: s\ntools: []\ncases:\n${['getter', 'deep', 'circle', 'fine'].map((id) => `  - { id: ${id}, input: ${id}, expect: { outcome: completed } }`).join('\n')}\n`,
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    expect(stderr).not.toContain('unexpected error');
    const byCase = rows(dir);
    expect(byCase['fine']).toMatchObject({ status: 'passed' });
    for (const id of ['getter', 'deep', 'circle']) expect(byCase[id]).toMatchObject({ status: 'failed', outcome: 'agent_error' });
    expect(stdout).toContain("✗ s/getter  outcome: expected outcome completed, got agent_error (the agent module's result threw when read: x)");
    expect(stdout).toContain("✗ s/deep  outcome: expected outcome completed, got agent_error (the agent module's result threw when read: y)");
    expect(stdout).toMatch(/✗ s\/circle {2}outcome: expected outcome completed, got agent_error \(the agent module's result threw when read: Converting circular structure to JSON/);
  });
});

describe.concurrent('a module agent that kills or aborts agentready', () => {
  it("process.kill(process.pid, 'SIGKILL') and process.abort() cost only their cases, as process.exit does; a kill of its own child goes through", async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.yaml]\nrun: { max_error_rate: 1 }\n',
      'agent.mjs': `import { spawn } from 'node:child_process';
export default async (task) => {
  if (task.case.input === 'kill') process.kill(process.pid, 'SIGKILL');
  if (task.case.input === 'abort') process.abort();
  if (task.case.input === 'child') {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const ended = new Promise((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    process.kill(child.pid, 'SIGKILL');
    return { outcome: 'completed', output: 'ok ' + (await ended) };
  }
  return { outcome: 'completed', output: 'ok' };
};
`,
      'evals/s.yaml': `suite: s\ntools: []\ncases:\n${['kill', 'abort', 'child', 'fine'].map((id) => `  - { id: ${id}, input: ${id}, expect: { output: { contains: [ok] } } }`).join('\n')}\n`,
    });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(stderr).not.toContain('unexpected error');
    expect(exitCode).toBe(0);
    const byCase = rows(dir);
    expect(byCase['kill']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED', message: 'the agent module called process.kill(process.pid, "SIGKILL")' } });
    expect(byCase['abort']).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED', message: 'the agent module called process.abort()' } });
    expect(byCase['child']).toMatchObject({ status: 'passed' });
    expect(byCase['fine']).toMatchObject({ status: 'passed' });
  });
});
