// Edges a new user hit: filtered runs against a full baseline, why a run exits 3, an agent
// that fails its own run, a corrupt baseline caught before any case runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, copiesOf, latestRunDir, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: basics
tools:
  - name: issue_refund
    tier: autonomous
    parameters: { type: object, properties: { amount: { type: number } } }
    mock: { result: { ok: true } }
cases:
  - { id: case-a, input: "a", tags: [lookup], expect: { outcome: completed } }
  - { id: case-b, input: "b", tags: [refund], expect: { outcome: completed } }
  - { id: case-c, input: "c", tags: [lookup], expect: { outcome: completed } }
`;

function project(agent = agentCommand('agent-toggle.js'), extra = ''): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agent} }\nsuites: [s.suite.yaml]\n${extra}`,
    's.suite.yaml': SUITE,
  });
}

/** project() after `baseline update`, run once for the file; each test changes a copy of its own. */
const baselined = copiesOf(async () => {
  const dir = project();
  expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
  return dir;
});

describe('gate edges', () => {
  it('baseline update makes the folder the config\'s baseline: path names, and eval then reads it there', async () => {
    const dir = project(agentCommand('agent-toggle.js'), 'baseline: baselines/agent.baseline.json\n');
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.stderr).not.toContain('unexpected error');
    expect(update.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'baselines', 'agent.baseline.json'), 'utf8')).cases).toHaveProperty(['basics/case-a']);
    const gated = await runCli(dir, ['eval']);
    expect(gated.exitCode).toBe(0);
    expect(gated.stdout).not.toContain('No baseline');
  });

  it('a filtered run is compared with the baseline records of the selected cases only', async () => {
    const dir = await baselined();
    const subset = await runCli(dir, ['eval', '--tag', 'lookup']);
    expect(subset.exitCode).toBe(0);
    expect(subset.stdout).toContain('Filtered run: compared with the baseline');
    expect(subset.stdout).toMatch(/0 removed/);
    // A filtered run that regresses is the next test's (eval --tag refund, with a slice threshold too).
  });

  it("a filtered run's note says its tag slices are compared with the baseline, as its slice thresholds are", async () => {
    const dir = project(agentCommand('agent-toggle.js'), 'gate:\n  slices: { "tag:refund": { success_rate: { max_drop_pp: 0 } } }\n');
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);
    const regressed = await runCli(dir, ['eval', '--tag', 'refund'], { AGENT_FAIL_CASES: 'case-b' });
    expect(regressed.exitCode).toBe(1);
    // The selected case that fails now is compared with its baseline record: newly failing.
    expect(regressed.stdout).toMatch(/newly failing[\s\S]*basics\/case-b/i);
    // The slice threshold judged the move from the baseline's record: the note must not deny it.
    expect(regressed.stdout).toContain('success_rate (tag:refund): 1.000 → 0.000');
    expect(regressed.stdout).toContain("tag and risk slices by the cases' tags and risk in this run");
    expect(regressed.stdout).not.toContain('tag and risk slices and tool correctness have no baseline value');
  });

  it('score of traces naming some of the cases compares them as a filtered run does, not as the others removed', async () => {
    const dir = await baselined();
    const recorded = join(latestRunDir(dir), 'traces.jsonl');
    const lines = readFileSync(recorded, 'utf8').split('\n').filter(Boolean);
    writeFileSync(join(dir, 'some.jsonl'), lines.filter((line) => JSON.parse(line).case_id !== 'case-b').join('\n') + '\n');
    const some = await runCli(dir, ['score', 'some.jsonl']);
    expect(some.exitCode, some.stdout + some.stderr).toBe(0);
    expect(some.stdout).toContain("Traces of 2 cases: compared with the baseline's records of the 2 cases (metrics");
    expect(some.stdout).toMatch(/0 removed/);
    // Traces of every case: the whole baseline, no note.
    const all = await runCli(dir, ['score', recorded]);
    expect(all.exitCode, all.stdout + all.stderr).toBe(0);
    expect(all.stdout).not.toContain('Traces of');
  });

  it('baseline update refuses filters instead of dropping the other cases', async () => {
    const dir = project();
    const { exitCode, stderr } = await runCli(dir, ['baseline', 'update', '--grep', 'case-a']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('baseline update records every case');
  });

  it('baseline update says when the gate still fails against the baseline it wrote (an absolute threshold no baseline accepts)', async () => {
    // agent-toggle fails case-b's run when told, so the default gate's policy_compliance min 1.0 fails.
    const dir = project(`[node, agent.js]`);
    writeFileSync(
      join(dir, 'agent.js'),
      `import { serveStdio } from ${JSON.stringify(join(AGENTS, 'lib/stdio-agent.js'))};
serveStdio(async (task, ctx) => {
  // Sends the refund without the approval its effects need: approval_missing, a policy violation.
  if (task.case.id === 'case-b' && process.env.UNAPPROVED) await ctx.callTool('issue_refund', { amount: 5 }).catch(() => undefined);
  return { outcome: 'completed', output: 'done' };
}, { name: 'careless', version: '1' });
`,
    );
    writeFileSync(join(dir, 's.suite.yaml'), SUITE.replace('tier: autonomous', 'tier: approve'));
    const clean = await runCli(dir, ['baseline', 'update']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).not.toContain('still fails');
    const written = await runCli(dir, ['baseline', 'update'], { UNAPPROVED: '1' });
    expect(written.exitCode, written.stderr).toBe(0);
    expect(written.stdout).toContain('The gate still fails against this baseline');
    expect(written.stdout).toMatch(/✗ policy_compliance \(overall\): 0\.667 → 0\.667 .*below min 1/);
    expect(written.stdout).toContain('`agentready eval` exits 1 until they hold');
    // As it said: the next eval fails on that threshold alone.
    const evaluated = await runCli(dir, ['eval'], { UNAPPROVED: '1' });
    expect(evaluated.exitCode).toBe(1);
    expect(evaluated.stderr).toMatch(/the gate failed: policy_compliance \(overall\)/);
  });

  it('says why a run exits 3 and records it in summary.json', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-crash-mid-run.js')} }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: ok, input: "fine", expect: { outcome: completed } }\n  - { id: boom, input: "CRASH", expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout, stderr } = await runCli(dir, ['eval', '--reporter', 'terminal', '--reporter', 'markdown:report.md']);
    expect(exitCode).toBe(3);
    // eval --resume runs them again: the line says so, as a command to paste.
    expect(stderr).toContain('agentready: run incomplete: 1 of 2 attempts ended in harness errors (50%), above run.max_error_rate 0; `agentready eval --resume` runs them again (exit 3)');
    // The case that ran passed every threshold, yet the run exits 3: no report may say the gate passed.
    expect(stdout).not.toContain('Gate passed');
    expect(stdout).toContain('Run incomplete, gate not decided: 1 of 2 attempts ended in harness errors (50%), above run.max_error_rate 0');
    expect(readFileSync(join(dir, 'report.md'), 'utf8').split('\n')[0]).toBe('## ⚠️ agentready: run incomplete, gate not decided: 1 of 2 attempts ended in harness errors (50%), above run.max\\_error\\_rate 0');
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
    expect(summary.exit).toEqual({ code: 3, reason: expect.stringContaining('run incomplete') });
  });

  it('a run in which every case ended in a harness error passes no gate, even with max_error_rate 1', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { max_error_rate: 1 }\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: "a", expect: { outcome: completed } }\n  - { id: b, input: "b", expect: { outcome: completed } }\n',
      'agent.mjs': 'export default async function () { process.exit(1); }\n',
    });
    for (const args of [['eval'], ['eval', '--no-gate']]) {
      const { exitCode, stdout, stderr } = await runCli(dir, args);
      expect(exitCode).toBe(3);
      expect(stdout).not.toContain('Gate passed');
      // --no-gate prints no gate section, the headline with it.
      if (args.length === 1) expect(stdout).toContain('Run incomplete, gate not decided: no case produced a result: 2 of 2 attempts ended in harness errors');
      expect(stderr).toContain('agentready: run incomplete: no case produced a result: 2 of 2 attempts ended in harness errors; `agentready eval --resume` runs them again (exit 3)');
    }
  });

  it('an agent that fails its own run is a failed case whose policy violation counts', async () => {
    const dir = project(`[node, agent.js]`, 'gate: { policy_compliance: { min: 1.0 } }\n');
    writeFileSync(
      join(dir, 'policy.yaml'),
      'rules:\n  - { id: refund-cap, tool: issue_refund, deny_if: { "arguments.amount": { gt: 10 } } }\n',
    );
    writeFileSync(join(dir, 'agentready.config.yaml'), readFileSync(join(dir, 'agentready.config.yaml'), 'utf8') + 'policy: policy.yaml\n');
    writeFileSync(
      join(dir, 'agent.js'),
      `import { serveStdio } from ${JSON.stringify(join(AGENTS, 'lib/stdio-agent.js'))};
serveStdio(async (task, ctx) => {
  // Does not handle the denial: ctx.callTool rejects and the run fails.
  if (task.case.id === 'case-b') await ctx.callTool('issue_refund', { amount: 20 });
  return { outcome: 'completed', output: 'done' };
}, { name: 'careless', version: '1' });
`,
    );
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    const rows = readJsonl<{ case_id: string; status: string; outcome: string; policy_violations: number }>(dir, 'results.jsonl').slice(1);
    expect(rows.find((r) => r.case_id === 'case-b')).toMatchObject({ status: 'failed', outcome: 'agent_error', policy_violations: 1 });
    expect(stdout).toMatch(/policy_compliance \(overall\)/);
  });

  it('a corrupt baseline stops eval before any case runs, and validate catches it', async () => {
    const dir = project();
    writeFileSync(join(dir, 'agentready.baseline.json'), '{ "format": "agentready-baseline", "cases": {');
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain('agentready.baseline.json');
    const evaluated = await runCli(dir, ['eval']);
    expect(evaluated.exitCode).toBe(2);
    expect(() => latestRunDir(dir)).toThrow(/no run folder/);
  });

  // Where the rate is refused: test/unit/gate/baseline.test.ts; validate reads the baseline too (the corrupt one above).
  it('a baseline with an impossible rate is exit 2 at its place, before eval runs a case', async () => {
    const dir = await baselined();
    const file = join(dir, 'agentready.baseline.json');
    const text = readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('"success_rate"')) + 1;
    writeFileSync(file, text.replace(/("success_rate": \{"value": )[\d.]+/, '$11.8696'));
    const result = await runCli(dir, ['eval']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`agentready\\.baseline\\.json:${line}:\\d+  metrics\\.overall\\.success_rate\\.value\\n  expected  a fraction in \\[0, 1\\]\\n  found     1\\.8696`));
  });

  // Where it is refused: test/unit/config/locate.test.ts; eval loads the config as validate does (test/unit/config/bad-input-load.test.ts).
  it('a rate threshold written as a percentage is exit 2 at its place', async () => {
    const dir = project(undefined, 'gate:\n  success_rate: { min: 95 }\n');
    const result = await runCli(dir, ['validate']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('agentready.config.yaml:4:24  gate.success_rate.min');
    expect(result.stderr).toContain('a fraction in [0, 1]: rates are fractions (0.95, not 95)');
  });
});

describe('stray stdout with several cases in flight', () => {
  it('fails no case but warns at the end of the run and in summary.json', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [s.suite.yaml]\nrun: { concurrency: 4, timeout_ms: 5000 }\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n' + ['a', 'b', 'c', 'd'].map((id) => `  - { id: ${id}, input: "${id}", expect: { outcome: completed } }\n`).join(''),
      // Straight to fd 1: serveStdio sends what its handler writes through process.stdout to stderr.
      'agent.js': `import { writeSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(join(AGENTS, 'lib/stdio-agent.js'))};
let started = 0;
let release;
const allIn = new Promise((resolve) => (release = resolve));
serveStdio(async (task) => {
  if (++started === 4) { writeSync(1, 'hello I am not json\\n'); release(); }
  await allIn;
  return { outcome: 'completed', output: 'ok' };
}, { name: 'chatty', version: '1', concurrency: 4 });
`,
    });
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/agentready: warning: the agent \(pid \d+\) wrote an invalid message on stdout while 4 cases were in flight .*hello I am not json/);
    const summary = JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
    expect(summary.warnings).toHaveLength(1);
  });
});

describe('a reader that leaves early (agentready eval | head -1)', () => {
  it('finishes the run, writes its files and exits with its own code', async () => {
    const dir = project();
    const { startCli } = await import('./helpers/run-cli.js');
    const child = startCli(dir, ['eval']);
    child.stdout!.once('data', () => child.stdout!.destroy());
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(String(result.stderr)).not.toContain('EPIPE');
    expect(JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8')).exit).toEqual({ code: 0 });
  });
});
