// One run lifecycle behind eval, score, baseline update and compare: the run folder always has its
// summary.json, a reporter that fails is exit 3 everywhere (and summary.json says so), and the
// exit decision is the same whoever asks.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSummaryFileSchema, type RunSummaryFile } from '../../src/config/schema/index.js';
import { execa } from 'execa';
import { AGENTS, agentCommand, BIN, copiesOf, latestRunDir, makeProject, readJsonl, runCli, type CliResult } from './helpers/run-cli.js';

const SUITE = `suite: basics
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: case-a
    input: "where is my order"
    expect: { outcome: completed }
  - id: case-b
    input: "refund please"
    expect: { outcome: completed }
`;

function project(extraConfig = '', files: Record<string, string> = {}): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }
suites: [evals/*.suite.yaml]
${extraConfig}`,
    'evals/basics.suite.yaml': SUITE,
    ...files,
  });
}

/** One `eval` of a fresh project (run once per file): what it printed, in the project it ran in, which no test changes. */
let plainEval: Promise<CliResult> | undefined;
const firstEval = (): Promise<CliResult> => (plainEval ??= runCli(project(), ['eval']));

/** The project after that passing eval: a copy for each test that starts from a finished run. */
const evaluated = copiesOf(async () => {
  const { exitCode, dir } = await firstEval();
  expect(exitCode).toBe(0);
  return dir;
});

/** That project with a second run after it, in which case-b failed (--no-gate): runs A and B to compare, a copy for each test. */
const evaluatedTwice = copiesOf(async () => {
  const dir = await evaluated();
  const second = await runCli(dir, ['eval', '--no-gate'], { AGENT_FAIL_CASES: 'case-b' });
  expect(second.exitCode, second.stderr).toBe(0);
  return dir;
});

function runIds(dir: string): string[] {
  return readdirSync(join(dir, '.agentready/runs')).sort();
}

function summaryOf(dir: string): RunSummaryFile {
  return JSON.parse(readFileSync(join(latestRunDir(dir), 'summary.json'), 'utf8'));
}

/** An agent written into the project, serving with the fixtures' stdio library. */
function inlineAgent(body: string): string {
  return `import { serveStdio } from ${JSON.stringify(join(AGENTS, 'lib/stdio-agent.js'))};\n${body}\n`;
}

describe('score of a run with repeats', () => {
  it('counts the traces of one case as its attempts: "2 cases × 3 attempts", not 6 cases', async () => {
    const dir = project();
    expect((await runCli(dir, ['eval', '--repeat', '3'])).stdout).toContain('Running 2 cases × 3 attempts against');
    const scored = await runCli(dir, ['score', join(latestRunDir(dir), 'traces.jsonl')]);
    expect(scored.stdout).toMatch(/^Scoring 2 cases × 3 attempts from /);
  });
});

describe('baseline update', () => {
  it('leaves a finished run folder (with summary.json) that `baseline update --from` takes as it is', async () => {
    const dir = project();
    const update = await runCli(dir, ['baseline', 'update']);
    expect(update.exitCode).toBe(0);
    const [run] = runIds(dir);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', run!, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ format: 'agentready-summary', run_id: run, exit: { code: 0 } });
    // Nothing beyond its format (the reporters' in-memory figures, say).
    expect(RunSummaryFileSchema.safeParse(summary).success).toBe(true);
    const again = await runCli(dir, ['baseline', 'update', '--from', run!]);
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
  });
});

describe('baseline update and case selection', () => {
  // Its help lists none of them, eval's all three: test/unit/cli/program-help.test.ts.
  it('refuses --suite, --grep and --tag in words (exit 2)', async () => {
    const dir = project();
    const refused = await runCli(dir, ['baseline', 'update', '--tag', 'refund']);
    expect(refused.stderr).toContain('baseline update records every case, so it takes no --suite, --grep or --tag');
    expect(refused.exitCode).toBe(2);
  });
});

describe('eval <suite file or name>', () => {
  it('runs only the suites named as arguments, as --suite does', async () => {
    const dir = project('', { 'evals/other.suite.yaml': SUITE.replace('suite: basics', 'suite: other').replace('id: case-b', 'id: case-c') });
    const byFile = await runCli(dir, ['eval', '--no-gate', 'evals/other.suite.yaml']);
    expect(byFile.exitCode, byFile.stderr).toBe(0);
    const cases = () => readJsonl(dir, 'results.jsonl').slice(1).map((r) => `${r['suite']}/${r['case_id']}`).sort();
    expect(cases()).toEqual(['other/case-a', 'other/case-c']);
    const byName = await runCli(dir, ['eval', '--no-gate', 'basics', '--suite', 'other']);
    expect(byName.exitCode, byName.stderr).toBe(0);
    expect(cases()).toEqual(['basics/case-a', 'basics/case-b', 'other/case-a', 'other/case-c']);
    const unknown = await runCli(dir, ['eval', '--no-gate', 'evals/nope.suite.yaml']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('agentready: evals/nope.suite.yaml does not exist\n  the suites are: basics (evals/basics.suite.yaml), other (evals/other.suite.yaml)');
    const misnamed = await runCli(dir, ['eval', '--no-gate', '--suite', 'basic']);
    expect(misnamed.exitCode).toBe(2);
    expect(misnamed.stderr).toContain('agentready: no suite is named "basic"\n  the suites are: basics');
    // A --tag no case has is named, with the tags there are (here none); one that some case has but the other filters exclude is not.
    const untagged = await runCli(dir, ['eval', '--no-gate', '--tag', 'refnd']);
    expect(untagged.exitCode).toBe(2);
    expect(untagged.stderr.trimEnd()).toBe('agentready: no case has the tag "refnd"\n  no case has any tag: a case gives them as tags: [refund, …]');
    const tagged = project('', { 'evals/other.suite.yaml': SUITE.replace('suite: basics', 'suite: other').replace('id: case-b', 'id: case-c\n    tags: [refund, vip]') });
    expect((await runCli(tagged, ['eval', '--no-gate', '--tag', 'refnd', '--tag', 'vp'])).stderr).toContain('agentready: no case has the tags "refnd", "vp"\n  the tags are: refund, vip');
    // No case selected is the command's input (exit 2, SPEC §7), not a failed gate (vitest's and Playwright's 1).
    const none = await runCli(tagged, ['eval', '--no-gate', '--tag', 'vip', '--grep', 'case-a']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('agentready: no case matches --grep and --tag together\n  alone, --grep selects 2 cases, --tag selects 1 case; a case runs when it matches each of them (any one value of each)');
  });
});

describe('a reporter that cannot write', () => {
  // /dev/full takes the open and refuses the write (ENOSPC): a disk that fills up during the run,
  // which no check before the run can see.
  it('at the end is exit 3 in eval, named as the user named it, and summary.json records that exit', async () => {
    const dir = project();
    const { exitCode, stderr } = await runCli(dir, ['eval', '--reporter', 'junit:/dev/full']);
    expect(stderr).toContain('agentready: reporter junit could not write /dev/full: ENOSPC');
    expect(stderr).toContain('a reporter failed');
    expect(exitCode).toBe(3);
    expect(summaryOf(dir).exit.code).toBe(3);
  });

  it('at the end is exit 3 in compare too; one that could never write is exit 2 before the runs are read', async () => {
    const dir = await evaluatedTwice();
    // B (the first run, every case passing) after A (case-b failing): a comparison that passes, so the reporter's failure decides the exit.
    const [b, a] = runIds(dir);
    const { exitCode, stderr } = await runCli(dir, ['compare', a!, b!, '--reporter', 'junit:/dev/full']);
    expect(stderr).toContain('a reporter failed');
    expect(exitCode).toBe(3);
    const never = await runCli(dir, ['compare', a!, b!, '--reporter', 'junit:agentready.config.yaml/report.xml']);
    expect(never.stderr).toContain('agentready: reporter junit cannot write agentready.config.yaml/report.xml: agentready.config.yaml is a file');
    expect(never.exitCode).toBe(2);
  });
});

describe('a report under /proc, where no folder can be made', () => {
  // Run as root, nothing refused it before the run, and Node 20's recursive mkdir at the run's end
  // spun forever at full CPU, deaf to SIGTERM.
  it('is refused before the run with exit 2, naming the path, for junit, json and markdown', async () => {
    const dir = project();
    for (const spec of ['junit:/proc/agentready-none/j.xml', 'json:/proc/agentready-none/r.json', 'markdown:/proc/agentready-none/r.md']) {
      const { exitCode, stderr } = await runCli(dir, ['eval', '--reporter', spec]);
      const [name, path] = spec.split(':');
      expect(stderr).toContain(`agentready: reporter ${name} cannot write ${path}: /proc is on the kernel's proc filesystem, where no file can be made`);
      expect(exitCode).toBe(2);
    }
    expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
  });
});

describe('the default gate', () => {
  it('says that it applied when the config has no gate thresholds', async () => {
    const { exitCode, stdout } = await firstEval();
    expect(exitCode).toBe(0);
    expect(stdout).toContain('No gate thresholds configured and no baseline at agentready.baseline.json');
  });

  it('with no baseline, fails a run in which a case failed, says how to accept it, and passes once the baseline has it', async () => {
    const dir = project();
    const failing = { AGENT_FAIL_CASES: 'case-b' };
    const first = await runCli(dir, ['eval'], failing);
    expect(first.stdout).toContain('no baseline at agentready.baseline.json: with nothing to compare with every failing case is new');
    expect(first.stdout).toContain('To accept the current failures, write the baseline: `agentready baseline update`.');
    expect(first.stdout).not.toContain('Gate passed');
    expect(first.exitCode).toBe(1);
    expect((await runCli(dir, ['baseline', 'update'], failing)).exitCode).toBe(0);
    const second = await runCli(dir, ['eval'], failing);
    expect(second.stdout).toContain('Gate passed');
    expect(second.exitCode).toBe(0);
  });
});

describe('the hints name the command as the user ran agentready', () => {
  // npm, npx and pnpm set npm_config_user_agent (also inside a package.json script); a locally
  // installed agentready is not on a terminal's PATH, so a hint says how to run it from there.
  it.each([
    ['npx (or an npm script)', 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', 'npx --no-install agentready'],
    ['pnpm exec', 'pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm exec agentready'],
    ['node bin/agentready.js (or a global install)', '', 'agentready'],
  ])('run through %s: the no-baseline hint and validate\'s', async (_how, userAgent, command) => {
    const env = { npm_config_user_agent: userAgent };
    // No user agent is how runCli runs every command: the file's first eval is that run.
    const run = userAgent === '' ? await firstEval() : await runCli(project(), ['eval'], env);
    const { dir } = run;
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`To compare later runs with this one, write the baseline: \`${command} baseline update\`.`);
    const validate = await runCli(dir, ['validate'], env);
    expect(validate.stdout).toContain(`none yet (create one with \`${command} baseline update\`)`);
  });

  it('run as node_modules/.bin/agentready, as the runbook starts it where one process gets the signals: the hint names that link, on no PATH', async () => {
    const dir = project();
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(BIN, join(dir, 'node_modules/.bin/agentready'));
    const validate = await execa('node', ['node_modules/.bin/agentready', 'validate'], { cwd: dir, reject: false, env: { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', npm_config_user_agent: '' } });
    expect(validate.exitCode, String(validate.stderr)).toBe(0);
    expect(String(validate.stdout)).toContain('none yet (create one with `node_modules/.bin/agentready baseline update`)');
  });

  it("run as pnpm's node_modules/.bin/agentready, a shell script starting node on the package's file: the hint names the link too", async () => {
    const dir = project();
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(dirname(dirname(BIN)), join(dir, 'node_modules/agentready-cli'));
    writeFileSync(join(dir, 'node_modules/.bin/agentready'), '#!/bin/sh\nbasedir=$(dirname "$0")\nexec node "$basedir/../agentready-cli/bin/agentready.js" "$@"\n', { mode: 0o755 });
    const validate = await execa('node_modules/.bin/agentready', ['validate'], { cwd: dir, reject: false, env: { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', npm_config_user_agent: '' } });
    expect(validate.exitCode, String(validate.stderr)).toBe(0);
    expect(String(validate.stdout)).toContain('none yet (create one with `node_modules/.bin/agentready baseline update`)');
  });
});

describe('eval --kill-switch --no-gate', () => {
  it('exits 0 when the run completed, though the readiness check failed', async () => {
    const dir = project('', {
      'agent.js': inlineAgent(`serveStdio(async () => ({ outcome: 'completed', output: '' }), { name: 'mute', version: '1' });`),
    });
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n`);
    const gated = await runCli(dir, ['eval', '--kill-switch', '--reporter', 'terminal', '--reporter', 'markdown:report.md', '--reporter', 'json:report.json']);
    expect(gated.stdout).toContain('NOT ready.');
    expect(gated.exitCode).toBe(1);
    // Every report states the readiness result, as the terminal and summary.json do.
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^## ❌ agentready: kill switch: NOT ready \(\d+ failing attempts?\)\n/);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).kill_switch).toEqual(summaryOf(dir).kill_switch);
    const ungated = await runCli(dir, ['eval', '--kill-switch', '--no-gate']);
    expect(ungated.stdout).toContain('NOT ready.');
    expect(ungated.exitCode).toBe(0);
    expect(summaryOf(dir).exit.code).toBe(0);
  });
});

describe('a dead agent', () => {
  it("is described by the exception's own message, not a stack frame or Node's banner", async () => {
    const dir = project('', {
      'agent.js': inlineAgent(`function deep(n) { if (n === 0) lookupOrder(); else deep(n - 1); }
serveStdio(async () => { setTimeout(() => deep(30), 1); return new Promise(() => {}); }, { name: 'dead', version: '1' });`),
    });
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\nrun: { concurrency: 1 }\n`);
    const { exitCode, stdout } = await runCli(dir, ['eval', '--grep', '^case-a$']);
    expect(exitCode).toBe(3);
    const [result] = readJsonl<{ error: { message: string } }>(dir, 'results.jsonl').slice(1);
    const [first] = result!.error.message.split('\n');
    // With where it was thrown: the agent's line 2, however deep the recursion pushed that frame.
    expect(first).toBe('agent process exited unexpectedly (code=1, signal=null): ReferenceError: lookupOrder is not defined (at agent.js:2:33)');
    expect(result!.error.message).not.toMatch(/Node\.js v\d/);
    expect(stdout).toContain('ReferenceError: lookupOrder is not defined');
  });
});

describe('compare and a corrupt run folder', () => {
  it('points at the run folder, not at `agentready validate`', async () => {
    const dir = await evaluated();
    const [a] = runIds(dir);
    const results = join(dir, '.agentready/runs', a!, 'results.jsonl');
    writeFileSync(results, `${readFileSync(results, 'utf8')}{"suite": "basics", "case_id": 3}\n`);
    const { exitCode, stderr } = await runCli(dir, ['compare', a!, a!]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('results.jsonl');
    expect(stderr).not.toContain('agentready validate');
  });
});

describe('compare on GitHub Actions', () => {
  it("annotates run B's regressions and appends the step summary, as eval and merge do, with no --reporter", async () => {
    const dir = await evaluatedTwice();
    const [a, b] = runIds(dir);
    const stepSummary = join(dir, 'step-summary.md');
    const { exitCode, stdout } = await runCli(dir, ['compare', a!, b!], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary });
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/^::error file=.*case-b/m);
    expect(readFileSync(stepSummary, 'utf8')).toContain('## ❌ agentready: gate FAILED');
  });
});

describe('compare and a read-only run', () => {
  it('refuses a --kill-switch run, judged by readiness rather than by its cases, with exit 2', async () => {
    const dir = await evaluatedTwice();
    // case-b failed in the second run; read-only, every case passes the readiness check.
    expect((await runCli(dir, ['eval', '--kill-switch'])).exitCode).toBe(0);
    const [, normal, readOnly] = runIds(dir);
    for (const [a, b] of [[normal!, readOnly!], [readOnly!, normal!]] as const) {
      const { exitCode, stdout, stderr } = await runCli(dir, ['compare', a, b]);
      expect(exitCode).toBe(2);
      expect(stdout).not.toContain('Gate passed');
      expect(stderr).toContain(`agentready: run ${readOnly} ran read-only (--kill-switch): its cases were judged by the readiness check, not by their expectations, so it is not compared`);
    }
    // A kill-switch run whose results header names no selection (written before headers did) is
    // one still: its summary says so, as every other reader of earlier runs takes it.
    const results = join(dir, '.agentready', 'runs', readOnly!, 'results.jsonl');
    const [header, ...lines] = readFileSync(results, 'utf8').split('\n');
    const { selection: _selection, ...older } = JSON.parse(header!) as Record<string, unknown>;
    writeFileSync(results, [JSON.stringify(older), ...lines].join('\n'));
    const { exitCode, stderr } = await runCli(dir, ['compare', normal!, readOnly!]);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain(`run ${readOnly} ran read-only (--kill-switch)`);
    // Nor does it become the baseline: its cases passed the readiness check, not their expectations.
    const snapshot = await runCli(dir, ['baseline', 'update', '--from', readOnly!]);
    expect(snapshot.exitCode, snapshot.stderr).toBe(2);
    expect(snapshot.stderr).toContain(`run ${readOnly} ran read-only (--kill-switch)`);
    expect(existsSync(join(dir, 'agentready.baseline.json'))).toBe(false);
  });
});

const TONE = `export default function tone(trace) {
  const polite = typeof trace.output === 'string' && trace.output.startsWith('ok:');
  return { pass: polite, score: polite ? 1 : 0, reason: polite ? 'polite' : 'not polite' };
}
`;
const STRICT_TS = `import type { } from 'node:fs';
interface Verdict { pass: boolean; score?: number; reason?: string }
export default (trace: { output: unknown }): Verdict => ({ pass: false, score: 0.25, reason: \`too casual: \${String(trace.output)}\` });
`;
const THROWS = `export default () => { throw new Error('the judge is down'); };\n`;
const NOT_BOOLEAN = `export default () => ({ pass: 'yes' });\n`;

describe('custom checks (expect.custom)', () => {
  function customProject(custom: string): string {
    return project('', {
      'evals/basics.suite.yaml': `suite: basics
tools: []
cases:
  - id: case-a
    input: "where is my order"
    expect:
      outcome: completed
      custom: [${custom}]
`,
      'evals/scorers/tone.js': TONE,
      'evals/scorers/strict.ts': STRICT_TS,
      'evals/scorers/throws.js': THROWS,
      'evals/scorers/not-boolean.js': NOT_BOOLEAN,
    });
  }

  it('runs JS and TS scorers named relative to the suite; a throw or a non-boolean pass fails that check with why', async () => {
    const dir = customProject('./scorers/tone.js, ./scorers/strict.ts, ./scorers/throws.js, ./scorers/not-boolean.js');
    const { exitCode, stdout } = await runCli(dir, ['eval', '--reporter', 'junit:out/junit.xml']);
    expect(exitCode).toBe(1); // no baseline: the default gate asks every case to pass
    const [result] = readJsonl<{ status: string; checks: Record<string, unknown>[] }>(dir, 'results.jsonl').slice(1);
    expect(result!.status).toBe('failed');
    const custom = result!.checks.filter((c) => c.check === 'custom');
    expect(custom).toEqual([
      { check: 'custom', pass: true, name: './scorers/tone.js', value: 1, reason: 'polite' },
      expect.objectContaining({ check: 'custom', pass: false, name: './scorers/strict.ts', value: 0.25, reason: 'too casual: ok: where is my order' }),
      expect.objectContaining({ check: 'custom', pass: false, name: './scorers/throws.js', reason: 'custom scorer ./scorers/throws.js threw: the judge is down' }),
      expect.objectContaining({ check: 'custom', pass: false, name: './scorers/not-boolean.js' }),
    ]);
    expect(String(custom[3]!.reason)).toMatch(/pass.*boolean/);
    expect(stdout).toContain('too casual: ok: where is my order');
    const junit = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('./scorers/strict.ts');
    expect(junit).toContain('too casual: ok: where is my order');
    expect(junit).toContain('score 0.25');
  });

  it('validate takes the scorers that exist and names one that does not, at its position', async () => {
    const present = await runCli(customProject('./scorers/tone.js, ./scorers/strict.ts'), ['validate']);
    expect(present.stderr).toBe('');
    expect(present.exitCode).toBe(0);
    const { exitCode, stderr } = await runCli(customProject('./scorers/tone.js, ./scorers/missing.js'), ['validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/evals\/basics\.suite\.yaml:8:\d+\s+cases\[0\]\.expect\.custom\[1\]/);
    expect(stderr).toContain('no scorer file at evals/scorers/missing.js');
  });
});
