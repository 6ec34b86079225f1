// `eval --shard i/n` on separate processes (over different transports), then `agentready merge`:
// one run folder, one set of metrics, one gate verdict and the exit code `eval` gives; missing,
// doubled and mismatched shards are exit 2 naming them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agentCommand, EXAMPLE, makeExampleProject, makeProject, runCli } from './helpers/run-cli.js';

type Row = { suite: string; case_id: string; status: string; checks: { check: string; pass: boolean }[] };

function runIds(dir: string): string[] {
  const root = join(dir, '.agentready/runs');
  return existsSync(root) ? readdirSync(root).sort() : [];
}

function runFile(dir: string, run: string, file: string): string {
  return readFileSync(join(dir, '.agentready/runs', run, file), 'utf8');
}

/** The run id of each line of the project's history, in file order. */
function historyRuns(dir: string): string[] {
  const file = join(dir, '.agentready/history.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).run_id as string) : [];
}

function verdicts(dir: string, run: string): Record<string, string> {
  const rows = runFile(dir, run, 'results.jsonl').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as Row);
  return Object.fromEntries(rows.map((r) => [`${r.suite}/${r.case_id}`, `${r.status} ${r.checks.map((c) => `${c.check}:${c.pass}`).join(',')}`]));
}

/** Runs shards 1..n of `args` at once, as separate processes; their run folders by shard index, and what each printed. */
async function runShards(dir: string, total: number, args: string[] = [], env: Record<string, string> = {}): Promise<string[] & { stdout: string[]; dir: string }> {
  const before = new Set(runIds(dir));
  const results = await Promise.all(Array.from({ length: total }, (_, i) => runCli(dir, ['eval', '--shard', `${i + 1}/${total}`, ...args], env)));
  return Object.assign(byShard(dir, runIds(dir).filter((id) => !before.has(id))), { stdout: results.map((r) => r.stdout), dir });
}

function byShard(dir: string, runs: string[]): string[] {
  const index = (run: string) => JSON.parse(runFile(dir, run, 'results.jsonl').split('\n')[0]!).selection.shard.index as number;
  return runs.sort((a, b) => index(a) - index(b));
}

/** The run a command wrote: the one folder that was not there before it. */
async function newRun(dir: string, args: string[], env: Record<string, string> = {}): Promise<{ run: string; dir: string; exitCode: number | undefined; stdout: string; stderr: string }> {
  const before = new Set(runIds(dir));
  const result = await runCli(dir, args, env);
  const run = runIds(dir).find((id) => !before.has(id)) ?? '';
  return { run, dir, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

// The tests share nothing (a project of their own each, fixture agents only read) and mostly wait on
// the CLIs and agents they start (timeout_ms of a hung case), so they run at once.
describe.concurrent('eval --shard and merge', () => {
  it('shards that ran different versions of the agent merge with a warning naming each, as the merged run names only the first', async () => {
    const dir = makeExampleProject({
      'agent-v2.mjs': `export { default } from ${JSON.stringify(pathToFileURL(join(EXAMPLE, 'agent/module.js')).href)};\nexport const name = 'example-support-agent';\nexport const version = '2.0.0';\n`,
      'v2.config.yaml': readFileSync(join(EXAMPLE, 'agentready.config.yaml'), 'utf8').replace(/adapter: stdio\n\s*command:\s*\[node,\s*agent\/stdio\.js\]/, 'adapter: module\n  module: ./agent-v2.mjs'),
    });
    const [one, two] = await Promise.all([runCli(dir, ['eval', '--shard', '1/2', '--no-gate']), runCli(dir, ['--config', 'v2.config.yaml', 'eval', '--shard', '2/2', '--no-gate'])]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(two.exitCode, two.stderr).toBe(0);
    const [first, second] = byShard(dir, runIds(dir));
    const merged = await newRun(dir, ['merge', first!, second!]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const warning = `the shards ran different agents: example-support-agent 1.0.0 (1 shard run: ${first}); example-support-agent 2.0.0 (1 shard run: ${second}). The merged run is named after the first`;
    expect(merged.stderr).toContain(warning);
    expect(JSON.parse(runFile(dir, merged.run, 'summary.json')).warnings.join('\n')).toContain(warning);
  }, 120_000);

  it('shards given suite paths from a subfolder (`.`, `../evals/…`) merge, from the project folder, every case they ran', async () => {
    const dir = makeExampleProject();
    const shards = await Promise.all([1, 2].map((i) => runCli(join(dir, 'evals'), ['eval', '.', '../evals/world.suite.yaml', '--shard', `${i}/2`, '--no-gate'])));
    for (const shard of shards) expect(shard.exitCode, shard.stderr).toBe(0);
    const [first, second] = byShard(dir, runIds(dir));
    const ran = [...Object.keys(verdicts(dir, first!)), ...Object.keys(verdicts(dir, second!))].sort();
    const merged = await newRun(dir, ['merge', first!, second!, '--no-gate']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(ran.length).toBeGreaterThan(0);
    expect(Object.keys(verdicts(dir, merged.run)).sort()).toEqual(ran);
  }, 120_000);

  it('two shards run as separate processes, one over stdio and one over module, merge into what one eval gives', async () => {
    const dir = makeExampleProject({
      'module.config.yaml': readFileSync(join(EXAMPLE, 'agentready.config.yaml'), 'utf8').replace(
        /adapter: stdio\n\s*command:\s*\[node,\s*agent\/stdio\.js\]/,
        `adapter: module\n  module: ${JSON.stringify(join(EXAMPLE, 'agent/module.js'))}`,
      ),
    });
    const whole = await newRun(dir, ['eval']);
    expect(whole.exitCode).toBe(0);

    const [one, two] = await Promise.all([
      runCli(dir, ['eval', '--shard', '1/2', '--reporter', 'json:shard-1.json']),
      runCli(dir, ['--config', 'module.config.yaml', 'eval', '--shard', '2/2', '--reporter', 'json:shard-2.json']),
    ]);
    expect(one.exitCode).toBe(0);
    expect(two.exitCode).toBe(0);
    // Each names its shard on its first line.
    expect(one.stdout.split('\n')[0]).toMatch(/^Running \d+ cases? \(shard 1 of 2\) against /);
    expect(two.stdout.split('\n')[0]).toMatch(/^Running \d+ cases? \(shard 2 of 2\) against /);
    const shardRuns = byShard(dir, runIds(dir).filter((id) => id !== whole.run));
    expect(shardRuns).toHaveLength(2);
    // A shard is part of a run: it leaves the history alone, and merge records the whole run once.
    const wholeLines = historyRuns(dir);
    expect(wholeLines.length).toBeGreaterThan(0);
    expect(new Set(wholeLines)).toEqual(new Set([whole.run]));
    const shardOne = JSON.parse(readFileSync(join(dir, 'shard-1.json'), 'utf8')).results as Row[];
    const shardTwo = JSON.parse(readFileSync(join(dir, 'shard-2.json'), 'utf8')).results as Row[];
    expect(shardOne.length).toBeGreaterThan(0);
    expect(shardTwo.length).toBeGreaterThan(0);
    // Each case ran on exactly one shard.
    const ran = [...shardOne, ...shardTwo].map((r) => `${r.suite}/${r.case_id}`).sort();
    expect(ran).toEqual(Object.keys(verdicts(dir, whole.run)).sort());

    const merged = await newRun(dir, ['merge', ...shardRuns, '--reporter', 'junit:merged.xml', '--reporter', 'markdown:merged.md']);
    expect(merged.stderr).toBe('');
    expect(merged.exitCode).toBe(0);
    expect(merged.stdout).toContain('Gate passed');
    expect(merged.stdout).toMatch(/^Reading \d+ cases from 2 shard runs, recorded against /);
    expect(verdicts(dir, merged.run)).toEqual(verdicts(dir, whole.run));
    const summary = JSON.parse(runFile(dir, merged.run, 'summary.json'));
    const wholeSummary = JSON.parse(runFile(dir, whole.run, 'summary.json'));
    expect(summary.counts).toEqual(wholeSummary.counts);
    expect(summary.metrics.overall.success_rate).toEqual(wholeSummary.metrics.overall.success_rate);
    expect(summary.verdict.pass).toBe(true);
    expect(summary.exit).toEqual({ code: 0 });
    expect(historyRuns(dir)).toEqual([...wholeLines, ...Array<string>(summary.counts.attempts).fill(merged.run)]);
    expect(JSON.parse(runFile(dir, merged.run, 'results.jsonl').split('\n')[0]!).merged_from).toEqual(shardRuns);
    expect(runFile(dir, merged.run, 'traces.jsonl').split('\n').filter(Boolean)).toHaveLength(summary.counts.attempts);
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8').match(/<testcase /g)).toHaveLength(summary.counts.attempts);
    expect(readFileSync(join(dir, 'merged.md'), 'utf8')).toContain('### Cost');
    expect(summary.replayed).toBeUndefined();
    // Shards run with --models replay (their summaries say so) merge into a run whose dollars were not spent either.
    for (const run of shardRuns) {
      const file = join(dir, '.agentready/runs', run, 'summary.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), replayed: true }));
    }
    const replayed = await newRun(dir, ['merge', ...shardRuns, '--no-gate', '--reporter', 'markdown:replayed.md']);
    expect(replayed.exitCode, replayed.stderr).toBe(0);
    expect(JSON.parse(runFile(dir, replayed.run, 'summary.json')).replayed).toBe(true);
    expect(readFileSync(join(dir, 'replayed.md'), 'utf8')).toContain('replayed, not spent');
    // The same shards merged again (a CI gate job run again): their verdicts are in the history once.
    expect(replayed.stderr).toContain(`agentready: the history holds these shards' verdicts already (merged as ${merged.run}): this merge is not recorded again`);
    expect(historyRuns(dir)).toEqual([...wholeLines, ...Array<string>(summary.counts.attempts).fill(merged.run)]);

    // Missing, doubled and mismatched shards are named, exit 2. The refusals write nothing (the
    // history check below), so they run at once, beside the eval of another shard count.
    const [missing, doubled, notShard, again, other] = await Promise.all([
      runCli(dir, ['merge', shardRuns[0]!]),
      runCli(dir, ['merge', shardRuns[0]!, shardRuns[0]!, shardRuns[1]!]),
      runCli(dir, ['merge', whole.run, shardRuns[1]!]),
      // `merge .agentready/runs/*` run twice finds its own earlier merge: named as such.
      runCli(dir, ['merge', ...shardRuns, merged.run]),
      newRun(dir, ['eval', '--shard', '1/3']),
    ]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('shard 2/2 is missing');
    // On a CI matrix a shard is missing because its job stopped first: say where to look.
    expect(missing.stderr).toContain("shard 2/2 is missing: its run stopped before its first case (an agent that would not start leaves no run folder) or was not given here; that shard's log says why");
    expect(doubled.exitCode).toBe(2);
    expect(doubled.stderr).toContain(`shard 1/2 is given more than once: run ${shardRuns[0]} was given twice`);
    expect(notShard.exitCode).toBe(2);
    expect(notShard.stderr).toContain(`run ${whole.run} was not run with --shard`);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain(`run ${merged.run} is an earlier merge (of ${shardRuns.join(', ')}), not a shard: leave it out`);
    const mixed = await runCli(dir, ['merge', other.run, shardRuns[1]!]);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toMatch(/is shard 2\/2 but run \S+ is 1\/3|is shard 1\/3 but run \S+ is 2\/2/);
    const suite = join(dir, 'evals/account.suite.yaml');
    writeFileSync(suite, `${readFileSync(suite, 'utf8')}\n# changed after the shards ran\n`.replace(/input: "/, 'input: "Changed: '));
    const changed = await runCli(dir, ['merge', ...shardRuns]);
    expect(changed.exitCode).toBe(2);
    expect(changed.stderr).toContain(`run ${shardRuns[0]} ran other suites`);
    // Neither the refused merges nor the lone shard added a line.
    expect(historyRuns(dir)).toEqual([...wholeLines, ...Array<string>(summary.counts.attempts).fill(merged.run)]);
  }, 120_000);

  it('exits as eval would: a merged run that fails the gate is exit 1, and shard assignment stays put as cases are added', async () => {
    const cases = (ids: string[]) => ids.map((id) => `  - { id: ${id}, input: "${id === 'c3' ? 'HANG' : 'fine'}", expect: { outcome: completed } }\n`).join('');
    const project = (ids: string[]) =>
      makeProject({
        'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-hang.js')} }
suites: [s.suite.yaml]
run: { timeout_ms: 1000 }
gate: { success_rate: { min: 1.0 } }
`,
        's.suite.yaml': `suite: s\ntools: []\ncases:\n${cases(ids)}`,
      });
    const six = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    // Each run waits out the hung case's timeout_ms and cancel grace, so the whole eval, the shards
    // and the shards of the suite with cases added run at once, each in a project of its own (the
    // same config and suite path; only the suite's cases differ).
    const dir = project(six);
    // On GitHub Actions the shards annotate nothing: the merge annotates the failing case once.
    const github = { GITHUB_ACTIONS: 'true' };
    const [whole, shards, after] = await Promise.all([
      newRun(project(six), ['eval']),
      runShards(dir, 3, [], github),
      // Adding cases moves none of the old ones to another shard.
      runShards(project([...six, 'n1', 'n2', 'n3', 'n4']), 3, ['--no-gate']),
    ]);
    expect(whole.exitCode).toBe(1);
    expect(shards).toHaveLength(3);
    expect(shards.stdout.join('')).not.toContain('::error');
    const merged = await newRun(dir, ['merge', ...shards], github);
    expect(merged.exitCode).toBe(1);
    expect(merged.stderr).toContain('success_rate');
    expect(merged.stdout.match(/::error file=s\.suite\.yaml,line=\d+,col=\d+,title=agentready%3A s\/c3 /g)).toHaveLength(1);
    expect(verdicts(dir, merged.run)).toEqual(verdicts(whole.dir, whole.run));

    const before = shards.map((run) => Object.keys(verdicts(dir, run)));
    expect(after).toHaveLength(3);
    after.forEach((run, index) => {
      const held = Object.keys(verdicts(after.dir, run));
      expect(held.filter((key) => !key.startsWith('s/n'))).toEqual(before[index]);
    });
  }, 120_000);

  it('a merge past run.max_error_rate names the shard run to resume, then merge again: the hint works, where a bare `eval --resume` finds nothing', async () => {
    const cases = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `  - { id: ${id}, input: "${id === 'c' ? 'BAD' : id}", expect: { outcome: completed } }`).join('\n');
    const dir = makeProject({
      // A case whose input holds BAD gets an invalid answer (a harness error) until `fixed` exists.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task) {\n  if (task.case.input.includes('BAD') && !existsSync('fixed')) return { nope: 1 };\n  return { outcome: 'completed', output: 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${cases}\n`,
    });
    const shards = await runShards(dir, 2, ['--no-gate']);
    const errored = shards.find((run) => runFile(dir, run, 'results.jsonl').includes('"status":"error"'))!;
    const merged = await newRun(dir, ['merge', ...shards]);
    expect(merged.exitCode, merged.stderr).toBe(3);
    expect(merged.stderr).toContain(`above run.max_error_rate 0; \`agentready eval --resume ${errored}\` runs them again, then merge again (exit 3)`);
    writeFileSync(join(dir, 'fixed'), '');
    expect((await runCli(dir, ['eval', '--resume', errored, '--no-gate'])).exitCode).toBe(0);
    const again = await newRun(dir, ['merge', ...shards]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('6 cases · 6 passed');
    // The history: the first merge's six verdicts, then the one attempt the resumed shard ran since (as `eval --resume`
    // appends the attempts it runs), not the five it kept; merged a third time, nothing more.
    expect(again.stderr).toContain(`the history holds these shards' verdicts already (merged as ${merged.run}): this merge records only the 1 attempt the shards ran since`);
    expect(historyRuns(dir)).toEqual([...Array<string>(6).fill(merged.run), again.run]);
    const third = await runCli(dir, ['merge', ...shards]);
    expect(third.stderr).toContain(`(merged as ${merged.run}, ${again.run}): this merge is not recorded again`);
    expect(historyRuns(dir)).toEqual([...Array<string>(6).fill(merged.run), again.run]);
  });

  // Each refused value's message is program-help.test.ts's (the option's parser); here one as a user sees it.
  it('a shard resumed with --force after the suites changed merges, and a baseline is taken from it: it ran the suites as they are', async () => {
    const suite = (input: string) => `suite: s\ntools: []\ncases:\n  - { id: a, input: "${input}", expect: { outcome: completed } }\n  - { id: BAD-b, input: "BAD-b", expect: { outcome: completed } }\n`;
    const dir = makeProject({
      // A case whose input holds BAD gets an invalid answer (a harness error) until `fixed` exists: the shard finishes, and --resume runs it again.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task) {\n  if (task.case.input.includes('BAD') && !existsSync('fixed')) return { nope: 1 };\n  return { outcome: 'completed', output: 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': suite('a'),
    });
    expect((await runCli(dir, ['eval', '--shard', '1/1', '--no-gate'])).exitCode).toBe(3);
    const [shard] = runIds(dir);
    writeFileSync(join(dir, 'fixed'), '');
    writeFileSync(join(dir, 's.suite.yaml'), suite('a, edited'));
    const resumed = await runCli(dir, ['eval', '--resume', shard!, '--force', '--no-gate']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const merged = await runCli(dir, ['merge', shard!]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('2 cases · 2 passed');
    // The merged run is of the suites as they are too: a baseline is taken from it.
    const baseline = await runCli(dir, ['baseline', 'update', '--from', runIds(dir).at(-1)!]);
    expect(baseline.exitCode, baseline.stderr).toBe(0);
  });

  it('a shard none of the cases fell in does not start the agent (one that cannot start failed it, exit 3), and merge takes its run', async () => {
    // Case s/a falls in shard 1 of 2; shard 2 runs nothing. BROKEN makes the agent exit at once.
    const dir = makeProject({
      'agent.mjs': `if (process.env.BROKEN) { console.error('no API key'); process.exit(1); }\nexport default async () => ({ outcome: 'completed', output: 'ok' });\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
    });
    const empty = await newRun(dir, ['eval', '--shard', '2/2'], { BROKEN: '1' });
    expect(empty.exitCode, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('Running no case (shard 2 of 2: none of the cases fell in it): the agent (module) was not started');
    expect(empty.stdout).not.toContain('against');
    expect(JSON.parse(runFile(dir, empty.run, 'summary.json')).agent).toEqual({ name: 'not started (no case to run)' });
    const full = await newRun(dir, ['eval', '--shard', '1/2']);
    expect(full.exitCode, full.stderr).toBe(0);
    const merged = await newRun(dir, ['merge', empty.run, full.run]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('1 case · 1 passed');
    // Named after the agent the case ran against, with no "different agents" warning for the shard that started none.
    expect(JSON.parse(runFile(dir, merged.run, 'summary.json')).agent.name).toBe('agent.mjs');
    expect(merged.stderr).not.toContain('different agents');
  }, 120_000);

  it('a bad --shard is exit 2 before anything runs', async () => {
    const dir = makeProject({ 'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-hang.js')} }\nsuites: []\n` });
    const result = await runCli(dir, ['eval', '--shard', '0/2']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('expected i/n with 1 ≤ i ≤ n ≤ 1000 (as 2/4), got "0/2"');
    expect(runIds(dir)).toEqual([]);
  });
  it('merge --no-redact of a shard run redacted is exit 2 naming it: the merged folder would say as written of placeholders, which score then fails', async () => {
    const cases = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `  - { id: ${id}, input: "${id} bob@example.com", expect: { outcome: completed, output: { contains: "bob@example.com" } } }`).join('\n');
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': `suite: s\ntools: []\ncases:\n${cases}\n`,
    });
    const first = await newRun(dir, ['eval', '--shard', '1/2', '--no-redact']);
    const second = await newRun(dir, ['eval', '--shard', '2/2']);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    const refused = await newRun(dir, ['merge', first.run, second.run, '--no-gate', '--no-redact']);
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`agentready: merge --no-redact: shard run ${second.run} was made redacted, so the agent's text as written is in no folder to merge`);
    expect(refused.stderr).toContain('merge without --no-redact (every shard is then written redacted alike), or run that shard again with `agentready eval --no-redact --shard 2/2`');
    expect(refused.stderr).not.toContain('other flags');
    expect(refused.run).toBe('');
    // Shard 2 run again as written: the merged folder scores as the shards were judged.
    const again = await newRun(dir, ['eval', '--shard', '2/2', '--no-redact']);
    const merged = await newRun(dir, ['merge', first.run, again.run, '--no-gate', '--no-redact']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const scored = await runCli(dir, ['score', join('.agentready/runs', merged.run), '--no-gate']);
    expect(scored.stdout).toContain('6 cases · 6 passed');
  });

  it("merge in a gate job the shards' run folders never reached says so, not 'run eval first'", async () => {
    const dir = makeExampleProject();
    // `.agentready/runs/*` matched nothing: the shell passes it as written.
    const glob = await runCli(dir, ['merge', '.agentready/runs/*']);
    expect(glob.exitCode).toBe(2);
    expect(glob.stderr).toContain('no run ".agentready/runs/*": the pattern matched no file or folder, so the shell passed it as written');
    expect(glob.stderr).toContain('did the shard jobs upload their run folders');
    expect(glob.stderr).not.toMatch(/eval` first/);
    const id = await runCli(dir, ['merge', '20261206-100000-000-aaaa']);
    expect(id.exitCode).toBe(2);
    expect(id.stderr).toContain('no run "20261206-100000-000-aaaa": neither a run folder nor a run id under .agentready/runs; .agentready/runs holds no run either');
    expect(id.stderr).not.toMatch(/eval` first/);
  });

  it('merge of the folder of runs (as Playwright merge-reports and Vitest --merge-reports take a folder) says to name the shard runs in it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: a, expect: { outcome: completed } }\n',
    });
    expect((await runCli(dir, ['eval', '--shard', '1/1', '--no-gate'])).exitCode).toBe(0);
    for (const folder of ['.agentready/runs', '.agentready/runs/']) {
      const merged = await runCli(dir, ['merge', folder]);
      expect(merged.exitCode).toBe(2);
      expect(merged.stderr).toContain(".agentready/runs is a folder of runs, not a run: merge takes each shard's run folder\n  name them: `agentready merge .agentready/runs/*`");
    }
  });

  it("each testsuite of a merged JUnit file carries the start of the shards holding its cases, not the first shard's", async () => {
    const suites = ['s1', 's2', 's3', 's4', 's5', 's6'];
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: module, module: ./agent.mjs }\nsuites: [${suites.map((s) => `${s}.suite.yaml`).join(', ')}]\n`,
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      ...Object.fromEntries(suites.map((s) => [`${s}.suite.yaml`, `suite: ${s}\ntools: []\ncases:\n  - { id: only, input: "x", expect: { outcome: completed } }\n`])),
    });
    const shards = await runShards(dir, 2, ['--no-gate']);
    // The shards started apart (other jobs): shard 2 an hour after shard 1.
    const starts = ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z'];
    const suiteStart = new Map<string, string>();
    byShard(dir, shards).forEach((run, i) => {
      const file = join(dir, '.agentready/runs', run, 'results.jsonl');
      const [header, ...rows] = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, [JSON.stringify({ ...JSON.parse(header!), started_at: starts[i] }), ...rows].join('\n'));
      for (const row of rows.filter(Boolean)) suiteStart.set((JSON.parse(row) as Row).suite, starts[i]!);
    });
    // Each shard holds a suite of its own (one case each: the suite goes where its case's hash puts it).
    expect(new Set(suiteStart.values())).toEqual(new Set(starts));
    const merged = await newRun(dir, ['merge', ...shards, '--no-gate', '--reporter', 'junit:merged.xml']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const xml = readFileSync(join(dir, 'merged.xml'), 'utf8');
    for (const s of suites) expect(xml).toContain(`<testsuite name="${s}" tests="1" failures="0" errors="0" skipped="0" time="`);
    const stamped = Object.fromEntries([...xml.matchAll(/<testsuite name="(\w+)"[^>]* timestamp="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    expect(stamped).toEqual(Object.fromEntries(suiteStart));
    // Read back from its folder, the merged run does not know when each shard started: no testsuite says a wrong time.
    const again = await runCli(dir, ['compare', merged.run, merged.run, '--reporter', 'junit:again.xml']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again.xml'), 'utf8')).not.toContain('timestamp=');
  });

  it('a merged run reads like one run: its cases end, and results.jsonl lists them, in suite order then case order, not shard by shard', async () => {
    const suite = (name: string) => `suite: ${name}\ntools: []\ncases:\n${[1, 2, 3, 4, 5, 6].map((i) => `  - { id: c${i}, input: "x${i}", expect: { output: { contains: yes } } }`).join('\n')}\n`;
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [a.suite.yaml, b.suite.yaml]\nrun: { concurrency: 1 }\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'no' });\n",
      'a.suite.yaml': suite('a'),
      'b.suite.yaml': suite('b'),
    });
    const shards = await runShards(dir, 2, ['--no-gate']);
    const merged = await newRun(dir, ['merge', ...shards.map((run) => join(dir, '.agentready/runs', run)), '--no-gate']);
    expect(merged.exitCode).toBe(0);
    const planOrder = ['a', 'b'].flatMap((s) => [1, 2, 3, 4, 5, 6].map((i) => `${s}/c${i}`));
    // The lines printed as each case ends, before the ending's list (which was already in this order).
    const ended = merged.stdout.split('\n').filter((line) => line.startsWith('✗ ')).slice(0, 12).map((line) => line.split(/\s+/)[1]);
    expect(ended).toEqual(planOrder);
    expect(Object.keys(verdicts(dir, merged.run))).toEqual(planOrder);
  });
});
