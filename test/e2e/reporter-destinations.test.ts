// A --reporter that could never write its file is a usage error (exit 2) before anything runs:
// the agent is not started and no case is paid for, in every command that takes --reporter.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, REPO, runCli } from './helpers/run-cli.js';

/** An agent that says it was started (file `started`) and logs each case it runs (one line each in `cases.log`). */
const COUNTING_AGENT = `import { appendFileSync, writeFileSync } from 'node:fs';
import { serveStdio } from ${JSON.stringify(join(REPO, 'fixtures/agents/lib/stdio-agent.js'))};
writeFileSync('started', '');
serveStdio(async (task) => {
  appendFileSync('cases.log', task.case.id + '\\n');
  return { outcome: 'completed', output: 'done' };
}, { name: 'counting', version: '1.0.0' });
`;

// Returns a project with the counting agent, two cases, and a file named `blocker` where a folder could be.
function project(): string {
  const dir = makeProject({
    'agent.mjs': COUNTING_AGENT,
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\n',
    's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n  - { id: b, input: ho, expect: { outcome: completed } }\n',
    blocker: 'a file where a reporter would need a folder\n',
  });
  mkdirSync(join(dir, 'reports'));
  return dir;
}

// Returns whether the agent was started, ran a case, or left a run folder.
function traces(dir: string): { started: boolean; ranCases: boolean; runFolder: boolean } {
  return { started: existsSync(join(dir, 'started')), ranCases: existsSync(join(dir, 'cases.log')), runFolder: existsSync(join(dir, '.agentready/runs')) };
}

const NOTHING_RAN = { started: false, ranCases: false, runFolder: false };

describe('eval --reporter checked before the first case', () => {
  it('a folder that cannot be created: exit 2 naming the reporter and its path, the agent never started', async () => {
    const dir = project();
    const result = await runCli(dir, ['eval', '--reporter', 'markdown:out/summary.md', '--reporter', 'junit:blocker/junit.xml']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toBe(
      'agentready: reporter junit cannot write blocker/junit.xml: blocker is a file, so no folder can be made there\n  give a path this process can create, relative to the current folder',
    );
    expect(traces(dir)).toEqual(NOTHING_RAN);
    // Nothing was made for the reporters that could have written.
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a path that is a folder, and a name=path spelling: exit 2 with how to write it', async () => {
    const dir = project();
    const folder = await runCli(dir, ['eval', '--reporter', 'html:reports']);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('agentready: reporter html cannot write reports: it is a folder\n  name a file in it, as --reporter html:reports/agentready-report.html');
    const spelled = await runCli(dir, ['eval', '--reporter', 'junit=out/junit.xml']);
    expect(spelled.exitCode).toBe(2);
    expect(spelled.stderr).toContain('agentready: unknown reporter "junit=out/junit.xml"\n  a reporter\'s path follows a colon: --reporter junit:out/junit.xml');
    expect(traces(dir)).toEqual(NOTHING_RAN);
  });

  it('two reporters writing one file, and an --otlp file that cannot be written: exit 2, nothing ran', async () => {
    const dir = project();
    const twice = await runCli(dir, ['eval', '--reporter', 'json:r.json', '--reporter', 'junit:r.json']);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain('agentready: reporter json and reporter junit would both write r.json');
    const otlp = await runCli(dir, ['eval', '--otlp', 'blocker/run.otlp.json']);
    expect(otlp.exitCode).toBe(2);
    expect(otlp.stderr).toContain('agentready: --otlp cannot write blocker/run.otlp.json: blocker is a file');
    expect(traces(dir)).toEqual(NOTHING_RAN);
  });

  it('$GITHUB_STEP_SUMMARY under GitHub Actions that cannot be written: exit 2 naming it, nothing ran; a shard, which appends none, runs', async () => {
    const dir = project();
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: 'blocker/step-summary.md' };
    const result = await runCli(dir, ['eval', '--no-gate'], env);
    expect(result.exitCode, result.stdout).toBe(2);
    expect(result.stderr).toBe(
      'agentready: $GITHUB_STEP_SUMMARY cannot write blocker/step-summary.md: blocker is a file, so no folder can be made there\n  under GITHUB_ACTIONS=true the markdown summary is appended to the file GITHUB_STEP_SUMMARY names: set it to a file this process can write, or unset it for no step summary',
    );
    expect(traces(dir)).toEqual(NOTHING_RAN);
    const merged = await runCli(dir, ['merge', 'no-shard-1', 'no-shard-2'], env);
    expect(merged.stderr.split('\n')[0]).toBe('agentready: $GITHUB_STEP_SUMMARY cannot write blocker/step-summary.md: blocker is a file, so no folder can be made there');
    const shard = await runCli(dir, ['eval', '--no-gate', '--shard', '1/2'], env);
    expect(shard.exitCode, shard.stderr).toBe(0);
    // Resumed (killed before its summary): a shard is known from its run's header, and still appends none; a whole run does.
    const [shardRun] = readdirSync(join(dir, '.agentready/runs'));
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const wholeRun = readdirSync(join(dir, '.agentready/runs')).find((run) => run !== shardRun)!;
    for (const run of [shardRun!, wholeRun]) rmSync(join(dir, '.agentready/runs', run, 'summary.json'));
    const resumedShard = await runCli(dir, ['eval', '--no-gate', '--resume', shardRun!], env);
    expect(resumedShard.exitCode, resumedShard.stderr).toBe(0);
    const resumedWhole = await runCli(dir, ['eval', '--no-gate', '--resume', wholeRun], env);
    expect(resumedWhole.exitCode).toBe(2);
    expect(resumedWhole.stderr).toContain('agentready: $GITHUB_STEP_SUMMARY cannot write blocker/step-summary.md');
  });

  it('the same run with writable paths runs every case and writes the files', async () => {
    const dir = project();
    const result = await runCli(dir, ['eval', '--no-gate', '--reporter', 'junit:out/deep/junit.xml', '--reporter', 'html:reports/r.html']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(dir, 'out/deep/junit.xml')) && existsSync(join(dir, 'reports/r.html'))).toBe(true);
    // And it says where: the last line of stdout names the files written.
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Wrote out/deep/junit.xml, reports/r.html');
  });
});

describe('the other commands that take --reporter check it before they read anything', () => {
  // Each command's own inputs do not exist: the reporter's problem is the one reported.
  it.each([
    ['score', ['score', 'missing-traces.jsonl']],
    ['compare', ['compare', 'no-run-a', 'no-run-b']],
    ['merge', ['merge', 'no-shard-1', 'no-shard-2']],
    ['replay', ['replay', 'no-run/a']],
    ['report', ['report']],
  ])('%s', async (_name, args) => {
    const dir = project();
    const result = await runCli(dir, [...args, '--reporter', 'markdown:blocker/summary.md']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('agentready: reporter markdown cannot write blocker/summary.md: blocker is a file, so no folder can be made there');
    expect(traces(dir)).toEqual(NOTHING_RAN);
  });
});

describe("no output writes over the project's own files", () => {
  it('eval refuses a reporter or --otlp file that is the baseline, a suite, the policy, the config or package.json: exit 2 before the first case, the file as it was', async () => {
    const dir = project();
    writeFileSync(join(dir, 'agentready.baseline.json'), 'the committed baseline\n');
    writeFileSync(join(dir, 'policy.yaml'), 'rules: []\n');
    writeFileSync(join(dir, 'package.json'), '{"name": "mine"}\n');
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\n');
    const tries: Array<[string[], string]> = [
      [['--reporter', 'json:agentready.baseline.json'], 'agentready: reporter json would write over agentready.baseline.json, the baseline\n  give it a path of its own, as --reporter json:out/agentready-report.json'],
      [['--reporter', 'junit:out/j.xml', '--reporter', 'markdown:./s.suite.yaml'], 'agentready: reporter markdown would write over ./s.suite.yaml, suite s\n  give it a path of its own, as --reporter markdown:out/agentready-summary.md'],
      [['--otlp', 'policy.yaml'], 'agentready: --otlp would write over policy.yaml, the policy\n  give it a path of its own, as --otlp out/agentready.otlp.json'],
      [['--reporter', 'html:agentready.config.yaml'], 'agentready: reporter html would write over agentready.config.yaml, the config\n  give it a path of its own, as --reporter html:out/agentready-report.html'],
      [['--otlp', 'package.json'], 'agentready: --otlp would write over package.json, a file the project is built or run with\n  give it a path of its own, as --otlp out/agentready.otlp.json'],
    ];
    const files = ['agentready.baseline.json', 's.suite.yaml', 'policy.yaml', 'agentready.config.yaml', 'package.json'];
    const before = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    for (const [flags, message] of tries) {
      const result = await runCli(dir, ['eval', ...flags]);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr).toBe(message);
    }
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    expect(traces(dir)).toMatchObject({ ranCases: false, runFolder: false });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.each([
    // A file that holds no traces: its problems were told had it been read. (A traces path with no file is told first, before the config loads: bad-input.test.ts.)
    ['score', ['score', 'agentready.config.yaml']],
    ['compare', ['compare', 'no-run-a', 'no-run-b']],
    ['merge', ['merge', 'no-shard-1', 'no-shard-2']],
    ['replay', ['replay', 'no-run/a']],
    ['report', ['report']],
  ])('%s refuses one too, before it reads its runs or traces', async (_name, args) => {
    const dir = project();
    const result = await runCli(dir, [...args, '--reporter', 'markdown:s.suite.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('agentready: reporter markdown would write over s.suite.yaml, suite s');
    expect(readFileSync(join(dir, 's.suite.yaml'), 'utf8')).toMatch(/^suite: s\n/);
  });

  // The code and data the config names are the project's too: a report over them breaks the next run.
  // Which file is which, each named in words, is test/unit/config/project-inputs.test.ts's; eval
  // here refuses two of them in such a project, for the wiring.
  it("eval refuses a reporter over the agent's script or module, or a tool handler, in a project naming its scorer, state files, payload pack, cassettes and user simulator: exit 2, the files as they were", async () => {
    const dir = project();
    for (const folder of ['scorers', 'packs', 'cassettes/s']) mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, 'cassettes/s/a.json'), '{"recorded": "model calls"}\n');
    writeFileSync(join(dir, 'tools.mjs'), 'export function lookup() { return { ok: true }; }\n');
    writeFileSync(join(dir, 'scorers/ok.mjs'), 'export default () => ({ pass: true });\n');
    writeFileSync(join(dir, 'packs/mine.yaml'), 'pack: mine\ncategory: malformed_input\npayloads:\n  - { id: mine-cut, kind: truncate, keep: 0.5 }\n');
    writeFileSync(join(dir, 'sim.mjs'), '// a user simulator this test never starts\n');
    writeFileSync(join(dir, 'state.json'), '{"n": 1}\n');
    writeFileSync(join(dir, 'final.json'), '{"n": 1}\n');
    writeFileSync(join(dir, 's.suite.yaml'), 'suite: s\nstate: ./state.json\ntools:\n  - { name: lookup, handler: ./tools.mjs#lookup }\ncases:\n  - { id: a, input: hi, expect: { outcome: completed, custom: [./scorers/ok.mjs], state: ./final.json } }\n');
    const config = 'suites: [s.suite.yaml]\nadversarial_packs: [packs/*.yaml]\nuser: { command: [node, sim.mjs] }\n';
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, ./agent.mjs] }\n${config}`);
    const tries: Array<[string, string]> = [
      ['json:agent.mjs', 'agent.mjs, a file the agent\'s command names'],
      ['markdown:tools.mjs', 'tools.mjs, the handler of tool lookup in suite s'],
    ];
    const files = ['agent.mjs', 'tools.mjs', 'scorers/ok.mjs', 'packs/mine.yaml', 'sim.mjs', 'state.json', 'final.json', 'cassettes/s/a.json'];
    const before = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    for (const [spec, over] of tries) {
      const result = await runCli(dir, ['eval', '--reporter', spec]);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`agentready: reporter ${spec.split(':')[0]} would write over ${over}`);
    }
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: module, module: agent.mjs }\n${config}`);
    const moduleRun = await runCli(dir, ['eval', '--otlp', './agent.mjs']);
    expect(moduleRun.stderr.split('\n')[0]).toBe('agentready: --otlp would write over ./agent.mjs, the agent module');
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    expect(traces(dir)).toMatchObject({ ranCases: false, runFolder: false });
  });

  // agentready cannot tell what the agent reads from what it writes: a file its command names (its own log, `--log out.json`) is spared too, and named as such, not as the agent.
  it("names a file the agent's command gives as an argument as that, not as the agent's command itself", async () => {
    const dir = project();
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, agent.mjs, --log, out.json] }\nsuites: [s.suite.yaml]\n');
    writeFileSync(join(dir, 'out.json'), '{"the agent": "log"}\n');
    const result = await runCli(dir, ['eval', '--reporter', 'json:out.json']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("agentready: reporter json would write over out.json, a file the agent's command names");
    expect(traces(dir)).toMatchObject({ ranCases: false, runFolder: false });
  });

  it("review --out refuses the project's files too: exit 2, the file as it was", async () => {
    const dir = project();
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    for (const [out, what] of [['s.suite.yaml', 'suite s'], ['agent.mjs', "a file the agent's command names"]]) {
      const before = readFileSync(join(dir, out!), 'utf8');
      const result = await runCli(dir, ['review', '--out', out!]);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`agentready: --out would write over ${out}, ${what}`);
      expect(readFileSync(join(dir, out!), 'utf8')).toBe(before);
    }
  });

  it("refuses an output inside agentready's own folder: a run's results.jsonl or summary.json, the history (review --out, --reporter), the run as it was", async () => {
    const dir = project();
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const [run] = readdirSync(join(dir, '.agentready/runs'));
    const results = `.agentready/runs/${run}/results.jsonl`;
    const before = readFileSync(join(dir, results), 'utf8');
    const what = "agentready's own folder (run folders, history, cache)";
    const review = await runCli(dir, ['review', '--out', results]);
    expect(review.exitCode, review.stderr).toBe(2);
    expect(review.stderr.split('\n')[0]).toBe(`agentready: --out would write over ${results}, ${what}`);
    const summary = `.agentready/runs/${run}/summary.json`;
    const evalOver = await runCli(dir, ['eval', '--reporter', `json:${summary}`]);
    expect(evalOver.exitCode, evalOver.stderr).toBe(2);
    expect(evalOver.stderr.split('\n')[0]).toBe(`agentready: reporter json would write over ${summary}, ${what}`);
    const report = await runCli(dir, ['report', '--reporter', 'markdown:.agentready/history.jsonl']);
    expect(report.exitCode, report.stderr).toBe(2);
    expect(report.stderr.split('\n')[0]).toBe(`agentready: reporter markdown would write over .agentready/history.jsonl, ${what}`);
    expect(readFileSync(join(dir, results), 'utf8')).toBe(before);
    expect((await runCli(dir, ['review', run!])).exitCode).toBe(0);
  });

  it('score refuses a reporter that would write over the traces it scores', async () => {
    const dir = project();
    const traces = '{"suite": "s", "case_id": "a", "outcome": "completed", "output": "done"}\n'; // scores as it is: the run would end by writing its report
    writeFileSync(join(dir, 'prod.jsonl'), traces);
    const result = await runCli(dir, ['score', 'prod.jsonl', '--reporter', 'json:prod.jsonl']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('agentready: reporter json would write over prod.jsonl, the traces being scored');
    expect(readFileSync(join(dir, 'prod.jsonl'), 'utf8')).toBe(traces);
  });
});
