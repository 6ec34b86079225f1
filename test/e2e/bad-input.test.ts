// Bad input gets one clear message per problem, exit 2, and never a stack trace.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { homedir } from 'node:os';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { AGENTS, agentCommand, freePort, makeProject, runCli, startHttpAgent } from './helpers/run-cli.js';

const CONFIG = `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }
suites: [evals/*.suite.yaml]
`;

describe('bad input', () => {
  it('a malformed suite is reported with file:line:column, expected and found, exit 2', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/refunds.suite.yaml': `suite: refunds
tools:
  - name: lookup_order
cases:
  - id: refund-1
    input: "refund"
    expect:
      outcome: complete
  - id: refund-2
    input: "refund"
    mocks:
      - tool: lookup_ordr
        result: {}
    expect: { outcome: completed }
`,
    });
    for (const command of [['validate'], ['eval']]) {
      const { exitCode, stderr, stdout } = await runCli(dir, command);
      expect(exitCode).toBe(2);
      expect(stderr).toContain('evals/refunds.suite.yaml:8:16');
      expect(stderr).toContain('cases[0].expect.outcome');
      // The misspelt choice is named, as a misspelt key is.
      expect(stderr).toContain('  expected  one of completed | partial | escalated | clarified | refused: did you mean "completed"?\n  found     "complete"\n');
      expect(stderr).toContain('evals/refunds.suite.yaml:12:15');
      expect(stderr).toContain('lookup_ordr');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).toBe('');
      expect(existsSync(join(dir, '.agentready/runs'))).toBe(false);
    }
  });

  it('on GitHub Actions an input error is also one ::error annotation: at its first problem, the path from $GITHUB_WORKSPACE; without a location on the run', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/refunds.suite.yaml': `suite: refunds
tools: []
cases:
  - id: refund-1
    input: "refund"
    expect: { outcome: complete }
  - id: refund-2
    input: "refund"
    expect: { outcome: finished }
`,
    });
    const github = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dirname(dir) };
    const bad = await runCli(dir, ['eval'], github);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('evals/refunds.suite.yaml:6:24');
    const annotations = bad.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      `::error file=${basename(dir)}/evals/refunds.suite.yaml,line=6,col=24,title=agentready%3A input error::cases[0].expect.outcome: ${annotations[0]!.split('cases[0].expect.outcome: ')[1]}`,
    ]);
    expect(annotations[0]).toMatch(/\(and 1 more: see the log\)$/);
    // A usage error has no location: the annotation is on the run.
    writeFileSync(join(dir, 'evals/refunds.suite.yaml'), 'suite: refunds\ntools: []\ncases:\n  - { id: refund-1, input: "refund", expect: { outcome: completed } }\n');
    const merge = await runCli(dir, ['merge', 'no-such-run'], github);
    expect(merge.exitCode).toBe(2);
    const [annotation, ...rest] = merge.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(rest).toEqual([]);
    expect(annotation).toMatch(/^::error title=agentready%3A input error::\S/);
    expect(merge.stderr).toContain(annotation!.split('::')[2]!.split('%0A')[0]!);
  });

  it('the mistakes of a hand-written project validate said nothing of, or hinted wrong, are each told at its place, exit 2: a key above its section, a command on one line, a merge key in a mock, another language\'s operator', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target:\nadapter: stdio\ncommand: node agent.js\nsuites: [evals/*.suite.yaml]\npolicy: policy.yaml\nconcurrency: 2\n',
      'policy.yaml': 'rules:\n  - { id: cap, tool: issue_refund, deny_if: { args.amount: { gt: 100 } } }\n  - { id: most, tool: issue_refund, deny_if: { arguments.amount: { ge: 500 } } }\n',
      'evals/a.suite.yaml': 'suite: s\ntools:\n  - { name: issue_refund, tier: approve, mock: { result: &ok { refund_id: rf-1, status: done } } }\ncases:\n  - id: a\n    input: refund\n    mocks: [{ tool: issue_refund, result: { <<: *ok, status: pending } }]\n    expect: { outcome: completed }\n',
    });
    const { exitCode, stderr } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.config.yaml:2:1  adapter\n  expected  no key "adapter" here: did you mean target.adapter?');
    expect(stderr).toContain('agentready.config.yaml:3:1  command\n  expected  no key "command" here: did you mean target.command?');
    expect(stderr).toContain('agentready.config.yaml:6:1  concurrency\n  expected  no key "concurrency" here: did you mean run.concurrency?');
    expect(stderr).toContain('policy.yaml:2:47  rules[0].deny_if["args.amount"]\n  expected  a dotted path starting with arguments. or context.: did you mean "arguments.amount"?');
    expect(stderr).toContain('policy.yaml:3:68  rules[1].deny_if["arguments.amount"].ge\n  expected  an operator: did you mean "gte"?');
    expect(stderr).toContain('evals/a.suite.yaml:7:45  cases[0].mocks[0].result["<<"]\n  expected  keys of its own: YAML merge keys (`<<: *base`) are not read');
    expect(stderr).not.toMatch(/^\s+at /m);
    // The command, once under target: its words, not the one-word list that could not start.
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target:\n  adapter: stdio\n  command: node agent.js\nsuites: [evals/*.suite.yaml]\n');
    const command = await runCli(dir, ['validate']);
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toContain('agentready.config.yaml:3:12  target.command\n  expected  a list, the program and each argument an entry of its own: [node, agent.js]\n');
  });

  it("a misspelt adapter (a discriminator's value) is named too, at its place", async () => {
    const dir = makeProject({ 'agentready.config.yaml': 'target: { adapter: modul, module: agent.mjs }\nsuites: [s.suite.yaml]\n' });
    const { exitCode, stderr } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.config.yaml:1:20  target.adapter\n  expected  one of stdio | http | module | exec: did you mean "module"?\n  found     "modul"\n');
  });

  it('validate accepts a good project and counts its cases, tools and rules in the singular when there is one', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `${CONFIG}policy: policy.yaml\n`,
      'policy.yaml': 'rules:\n  - { id: cap, tool: issue_refund, deny_if: { arguments.amount: { gt: 100 } } }\n',
      'evals/a.suite.yaml': 'suite: a\ntools: [{ name: issue_refund, tier: approve }]\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    const { exitCode, stdout } = await runCli(dir, ['validate']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('a: 1 case, 1 tool\n');
    expect(stdout).toContain('policy.yaml  1 rule\n');
    expect(stdout).toContain('Valid: 1 suite, 1 case.');
  });

  // validate --help names what it checks: test/unit/cli/program-help.test.ts (the text), code-cache.test.ts (printed, exit 0).

  it('a module target whose file does not exist is a warning at target.module; eval then stops with "no such file" (exit 3)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agnet.mjs }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain('1 warning');
    const evalRun = await runCli(dir, ['eval']);
    for (const { stderr } of [validate, evalRun]) {
      expect(stderr).toContain('agentready.config.yaml:1:36  warning  target.module');
      expect(stderr).toContain('found     "./agnet.mjs" (no agent module at agnet.mjs)');
    }
    expect(evalRun.exitCode).toBe(3);
    expect(evalRun.stderr).toMatch(/could not load the agent module \S*agnet\.mjs: no such file \(exit 3\)$/m);
    expect(evalRun.stderr).not.toMatch(/cli-bundle|cli-script/);
  });

  it("an unset ${VAR} under target stops eval and validate (exit 2) but not the commands that start no agent", async () => {
    const config = `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')}, env: { AGENT_KEY: "\${AGENT_KEY}" } }\nsuites: [evals/*.suite.yaml]\n`;
    const dir = makeProject({ 'agentready.config.yaml': config, 'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: one, input: hi, expect: { outcome: completed } }\n' });
    const evalRun = await runCli(dir, ['eval']);
    expect(evalRun.exitCode).toBe(2);
    expect(evalRun.stderr).toContain('target.env.AGENT_KEY');
    const card = await runCli(dir, ['card']);
    expect(card.stderr).toBe('');
    expect(card.exitCode).toBe(0);
    // merge joins shards that ran where the key was set, in a gate job without it.
    const shards = await Promise.all([1, 2].map((i) => runCli(dir, ['eval', '--shard', `${i}/2`, '--no-gate'], { AGENT_KEY: 'k' })));
    for (const shard of shards) expect(shard.exitCode, shard.stderr).toBe(0);
    const merge = await runCli(dir, ['merge', '--no-gate', ...readdirSync(join(dir, '.agentready/runs'))]);
    expect(merge.stderr).toBe('');
    expect(merge.exitCode).toBe(0);
    // score reads recorded traces and starts no agent either.
    // The shard that ran the suite's one case (the other's traces file is empty).
    const shard = readdirSync(join(dir, '.agentready/runs')).find((run) => readFileSync(join(dir, '.agentready/runs', run, 'traces.jsonl'), 'utf8') !== '')!;
    const score = await runCli(dir, ['score', `.agentready/runs/${shard}/traces.jsonl`]);
    expect(score.stderr).not.toContain('AGENT_KEY');
    expect(score.exitCode, score.stderr).toBe(0);
  });

  it('an unset ${VAR} that is the whole target.url (no URL as written) stops validate at its place (exit 2), not report or card', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target:\n  adapter: http\n  url: "${AGENT_URL}"\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: one, input: hi, expect: { outcome: completed } }\n',
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toContain('agentready.config.yaml:3:8');
    expect(validate.stderr).toContain('target.url');
    expect(validate.stderr).toContain('found     AGENT_URL unset');
    // A run recorded where the URL was set; the report job has none.
    const run = await runCli(dir, ['eval', '--no-gate'], { AGENT_URL: await startHttpAgent(join(AGENTS, 'conversation-http.js')) });
    expect(run.exitCode, run.stderr).toBe(0);
    const card = await runCli(dir, ['card']);
    expect(card.stderr).toBe('');
    expect(card.exitCode).toBe(0);
    const report = await runCli(dir, ['report']);
    expect(report.stderr).toBe('');
    expect(report.exitCode).toBe(0);
  });

  it('--debug adds the stack', async () => {
    const dir = makeProject({ 'agentready.config.yaml': `${CONFIG}bogus: 1\n` });
    const { exitCode, stderr } = await runCli(dir, ['--debug', 'validate']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^\s+at /m);
  });

  it('a custom scorer with a syntax error stops eval with exit 2 naming its file, line and column (JS and TS)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed, custom: [./tone.js, ./tone.ts] } }\n',
      'evals/tone.js': 'export default function tone(trace) {\n  return { pass: true \n}\n',
      'evals/tone.ts': 'export default function tone(trace: unknown) {\n  return { pass: true };\n}\n',
    });
    const js = await runCli(dir, ['eval']);
    expect(js.exitCode).toBe(2);
    expect(js.stderr.trimEnd()).toBe('agentready: could not load the custom scorer ./tone.js: evals/tone.js:4:1: Unexpected end of file');
    const ts = await runCli(makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed, custom: [./tone.ts] } }\n',
      'evals/tone.ts': 'export default function tone(trace: unknown) {\n  return { pass: true, };;\n  const = 1;\n}\n',
    }), ['eval']);
    expect(ts.exitCode).toBe(2);
    expect(ts.stderr).toContain('could not load the custom scorer ./tone.ts: evals/tone.ts:3:9: ');
  });

  it("an agent module that does not parse: validate says where (exit 2) without running it; eval, which imports it, says where in the same words (exit 2, JS and TS)", async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'agent.mjs': 'export default async function agent(task) {\n  return { outcome: "completed", output: 1 ;\n}\n',
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stdout).not.toContain('Valid');
    expect(validate.stderr).toContain('agentready.config.yaml:1:36  target.module\n');
    expect(validate.stderr).toContain('found     "./agent.mjs" (agent.mjs:2:44: Expected "}" but found ";")\n');
    // Reported at the config's target.module, fixed in the module: the last line names it.
    expect(validate.stderr).toContain('\nFix agent.mjs, then run `agentready validate` to check it without running the agent.');
    expect(validate.stderr).not.toMatch(/^\s+at /m);
    // Bad input in the user's file, as validate finds it: exit 2, its place relative to the cwd, how to check it without running the agent.
    const evalRun = await runCli(dir, ['eval']);
    expect(evalRun.exitCode).toBe(2);
    expect(evalRun.stderr.trimEnd()).toBe('agentready: the agent module agent.mjs does not parse: agent.mjs:2:44: Expected "}" but found ";"\n  Fix agent.mjs, then run `agentready validate` to check it without running the agent.');
    const ts = await runCli(makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./src/agent.ts }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'src/agent.ts': 'export default async function agent(task: unknown) {\n  return { outcome: "completed", output: 1 ;\n}\n',
    }), ['eval']);
    expect(ts.exitCode).toBe(2);
    expect(ts.stderr.trimEnd()).toBe('agentready: the agent module src/agent.ts does not parse: src/agent.ts:2:44: Expected "}" but found ";"\n  Fix src/agent.ts, then run `agentready validate` to check it without running the agent.');
  });

  it("a TypeScript agent module that imports what is not installed names the import and its importer, without Node's require stack and tsx's ?namespace= query", async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.ts }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'agent.ts': "import OpenAI from 'agentready-no-such-package';\nexport default async function agent() {\n  return { outcome: 'completed', output: String(OpenAI) };\n}\n",
    });
    const evalRun = await runCli(dir, ['eval']);
    expect(evalRun.exitCode).toBe(3);
    expect(evalRun.stderr.trimEnd()).toBe(`agentready: could not load the agent module ${dir}/agent.ts: Cannot find module 'agentready-no-such-package' imported from ${dir}/agent.ts (exit 3)`);
  });

  it('an agent module that parses but throws a SyntaxError while it loads (JSON.parse at its top level) did not start: exit 3, not bad input', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'agent.mjs': 'const settings = JSON.parse("{");\nexport default async function agent() {\n  return { outcome: "completed", output: settings };\n}\n',
    });
    const evalRun = await runCli(dir, ['eval']);
    expect(evalRun.exitCode).toBe(3);
    expect(evalRun.stderr).toMatch(/could not load the agent module \S*agent\.mjs: Expected property name or '}' in JSON at position 1/);
    expect(evalRun.stderr).not.toContain('does not parse');
  });

  it('a custom scorer that exports no default function, or does not load, is an error of validate at its entry; eval stops on it too (exit 2)', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed, custom: [./named.js] } }\n  - { id: b, input: x, expect: { outcome: completed, custom: [./broken.js] } }\n  - { id: c, input: x, expect: { outcome: completed, custom: [./broken.js] } }\n',
      'evals/named.js': 'export function tone() {\n  return { pass: true };\n}\n',
      'evals/broken.js': 'export default function tone(trace) {\n  return { pass: true \n}\n',
    });
    const validate = await runCli(dir, ['validate']);
    expect(validate.exitCode).toBe(2);
    expect(validate.stdout).not.toContain('Valid');
    expect(validate.stderr).toContain('evals/a.suite.yaml:4:63  cases[0].expect.custom[0]\n  expected  a JS or TS module, its path relative to the suite file, that exports a default function (trace) => ({ pass, score?, reason? })\n  found     "./named.js" (no default export in evals/named.js)\n');
    expect(validate.stderr).toContain('evals/a.suite.yaml:5:63  cases[1].expect.custom[0]\n');
    expect(validate.stderr).toContain('found     "./broken.js" (could not load it: evals/broken.js:4:1: Unexpected end of file)\n');
    // Each entry that names it, the module imported once.
    expect(validate.stderr).toContain('evals/a.suite.yaml:6:63  cases[2].expect.custom[0]\n');
    expect(validate.stderr).not.toMatch(/^\s+at /m);
    const evalRun = await runCli(dir, ['eval', '--grep', '^a$']);
    expect(evalRun.exitCode).toBe(2);
    expect(evalRun.stderr).toContain('agentready: the custom scorer ./named.js must export a default function (trace) => ({ pass, score?, reason? })');
    expect(evalRun.stderr).toContain('found no default export in evals/named.js');
  });

  it('no config found is a usage error', async () => {
    const dir = makeProject({});
    const { exitCode, stderr } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('agentready.config.yaml');
  });

  it('unknown commands and flags exit 2; --version prints the version', async () => {
    const dir = makeProject({});
    expect((await runCli(dir, ['evaluate'])).exitCode).toBe(2);
    expect((await runCli(dir, ['eval', '--no-such-flag'])).exitCode).toBe(2);
    expect((await runCli(dir, ['eval', '--concurrency', 'zero'])).exitCode).toBe(2);
    // Digits only, as review --seed: Number() read "0x2" as 2 and "1e3" as 1000, a number the user did not write.
    const hex = await runCli(dir, ['eval', '--repeat', '0x2']);
    expect(hex.exitCode).toBe(2);
    expect(hex.stderr).toContain('agentready: invalid --repeat: expected a whole number ≥ 1, got "0x2"');
    expect((await runCli(dir, ['eval', '--concurrency', '1e3'])).exitCode).toBe(2);
    // commander's errors read as the CLI's own: an `agentready:` line, the suggestion on it, argv's controls made visible.
    const typo = await runCli(dir, ['eval', '--reportr', 'x']);
    expect(typo.stderr.trimEnd()).toBe("agentready: unknown option '--reportr' (did you mean --reporter?)\n  run `agentready eval --help` for usage");
    // The top level's own errors name its list of commands.
    expect((await runCli(dir, ['evl'])).stderr.trimEnd()).toBe("agentready: unknown command 'evl' (did you mean eval?)\n  run `agentready --help` (or `agentready <command> --help`) for usage");
    expect((await runCli(dir, ['baseline', 'update', '--grepp', 'x'])).stderr).toContain('\n  run `agentready baseline update --help` for usage');
    // Another runner's habit is answered with what does that job here, by the command as run (npx here).
    const npx = { npm_config_user_agent: 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false' };
    const vitest = await runCli(dir, ['eval', '-t', 'refund'], npx);
    expect(vitest.exitCode).toBe(2);
    expect(vitest.stderr.trimEnd()).toBe(
      "agentready: unknown option '-t'\n  in agentready: --grep <pattern> selects the cases whose id, or <suite>/<id>, matches a regular expression (repeatable)\n  run `npx --no-install agentready eval --help` for usage",
    );
    expect((await runCli(dir, ['eval', '--update-snapshots'], npx)).stderr).toContain('\n  in agentready: the committed baseline is the snapshot: `npx --no-install agentready baseline update` runs the suites and writes it\n');
    expect((await runCli(dir, ['eval', '--retries=2'])).stderr).toContain("agentready: unknown option '--retries=2'\n  in agentready: --repeat <k> runs each case k times");
    const hostile = await runCli(dir, ['eval', '--x\u001b[2Jy']);
    expect(hostile.stderr.split('\n')[0]).toBe("agentready: unknown option '--x\\x1b[2Jy'");
    // As run.repeat: a hundred million attempts ran out of memory planning them (a V8 abort, exit 134).
    const huge = await runCli(dir, ['eval', '--repeat', '100000000']);
    expect(huge.exitCode).toBe(2);
    expect(huge.stderr).toContain('agentready: invalid --repeat: expected at most 1000 attempts per case (as run.repeat), got "100000000"');
    const version = await runCli(dir, ['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("Playwright's, vitest's and promptfoo's flags typed out of habit are answered with agentready's way (exit 2, before any case)", async () => {
    const dir = makeProject({});
    const cases: Array<{ args: string[]; says: string }> = [
      // The user's own pattern, quoted in the lookahead (an alternation grouped); none given: a placeholder.
      { args: ['eval', '--grep-invert', 'billing'], says: "in agentready: no --grep-invert: --grep '/^(?!.*billing)/' selects the cases whose id does not match billing" },
      { args: ['eval', '--grep-invert=refund|billing'], says: "in agentready: no --grep-invert: --grep '/^(?!.*(?:refund|billing))/' selects the cases whose id does not match refund|billing" },
      { args: ['eval', '--grep-invert'], says: "in agentready: no --grep-invert: --grep '/^(?!.*<pattern>)/' selects the cases whose id does not match <pattern>" },
      // On replay, --trace names the trace to run again: it is replay's argument.
      { args: ['replay', '--trace', 'abc'], says: "in agentready: the trace is replay's argument, without a flag: `agentready replay <trace id>` (or <run>/<case-id>)" },
      { args: ['eval', '--models', 'replay', '--trace', 'on'], says: "in agentready: every case's trace is recorded in its run folder's traces.jsonl" },
      { args: ['eval', '--timeout', '5000'], says: "in agentready: a case's time limit is `run.timeout_ms` in the config" },
      { args: ['eval', '--testTimeout=5000'], says: "in agentready: a case's time limit is `run.timeout_ms` in the config" },
      { args: ['eval', '--trace', 'on'], says: "in agentready: every case's trace is recorded in its run folder's traces.jsonl; `agentready replay <trace id>` runs one again" },
      { args: ['eval', '--filter-pattern', 'refund'], says: 'in agentready: --grep <pattern> selects the cases whose id' },
      { args: ['eval', '--max-concurrency', '4'], says: 'in agentready: --concurrency <n>: how many cases are in flight at once' },
      // Answered by the command's own options: review writes its checklist with --out, and has no --repeat (commander's nearest option stands).
      { args: ['review', '-o', 'x.md'], says: "agentready: unknown option '-o'\n  in agentready: --out <file> writes it to a file instead of stdout\n  run `agentready review --help` for usage" },
      { args: ['review', '--retries', '2'], says: "agentready: unknown option '--retries' (did you mean --rates?)\n  run `agentready review --help` for usage" },
      { args: ['card', '-o', 'x.md'], says: "agentready: unknown option '-o'\n  run `agentready card --help` for usage" },
      { args: ['eval', '-o', 'x.xml'], says: "agentready: unknown option '-o'\n  in agentready: --reporter <name>:<file> writes a report to a file" },
      // Playwright's comma list of reporters; a file named `out.xml,html` was written before.
      { args: ['eval', '--reporter=junit:out.xml,html'], says: 'agentready: --reporter takes one reporter, not the list "junit:out.xml,html"\n  one reporter per --reporter: --reporter junit:out.xml --reporter html' },
      { args: ['merge', 'x', '--reporter', 'markdown,github'], says: 'one reporter per --reporter: --reporter markdown --reporter github' },
    ];
    const runs = await Promise.all(cases.map(({ args }) => runCli(dir, args)));
    runs.forEach(({ exitCode, stderr }, i) => {
      const { args, says } = cases[i]!;
      expect(exitCode, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toContain(says);
    });
  });

  it('a missing command (agentready alone, baseline alone, help <unknown>) shows the help, exits 2 and says why on its last line', async () => {
    const dir = makeProject({});
    const cases: Array<{ args: string[]; last: string }> = [
      { args: [], last: 'agentready: no command given: `agentready eval` runs the suites; the commands are listed above' },
      { args: ['--config', 'x.yaml'], last: 'agentready: no command given: `agentready eval` runs the suites; the commands are listed above' },
      { args: ['baseline'], last: 'agentready: baseline takes a command: `agentready baseline update` writes the baseline, `agentready baseline show` prints it' },
      { args: ['help', 'evl'], last: 'agentready: no command is named "evl": the commands are listed above' },
    ];
    const runs = await Promise.all(cases.map(({ args }) => runCli(dir, args)));
    runs.forEach(({ exitCode, stderr }, i) => {
      const { args, last } = cases[i]!;
      expect(exitCode, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toContain('Usage: agentready');
      expect(stderr.trimEnd().split('\n').at(-1), args.join(' ')).toBe(last);
    });
    // Asked for, the help is no error.
    const help = await runCli(dir, ['help']);
    expect(help.exitCode).toBe(0);
    expect(help.stderr).not.toContain('agentready:');
  });

  // The rest of the hostile files (circular aliases, alias bombs, NUL, BOM and CRLF) load in-process: test/unit/config/bad-input-load.test.ts.
  it('hostile files (a suite nested thousands deep, which eval reads; a baseline, which validate reads) end in exit 2, never a crash', async () => {
    const SUITE = 'suite: a\ntools: [{ name: lookup_order }]\ncases:\n  - { id: a, input: x, context: { customer_id: c-1 }, expect: { outcome: completed } }\n';
    const deepDashes = `${'- '.repeat(3000)}x\n`;
    const nasty: Array<{ name: string; files: Record<string, string>; command?: string[]; exit: number; at?: string }> = [
      { name: 'a suite nested 3000 levels deep, twice', files: { 'evals/a.suite.yaml': deepDashes + deepDashes }, command: ['eval'], exit: 2, at: 'evals/a.suite.yaml:1:201' },
      { name: 'a baseline nested 100000 deep', files: { 'agentready.baseline.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, exit: 2, at: 'agentready.baseline.json:1:101' },
    ];
    const results = await Promise.all(nasty.map(({ files, command }) => {
      const dir = makeProject({ 'agentready.config.yaml': `${CONFIG}policy: policy.yaml\n`, 'policy.yaml': 'rules: []\n', 'evals/a.suite.yaml': SUITE, ...files });
      return runCli(dir, command ?? ['validate']);
    }));
    results.forEach(({ exitCode, stderr }, i) => {
      const { name, exit, at } = nasty[i]!;
      expect(exitCode, `${name}: ${stderr}`).toBe(exit);
      expect(stderr, name).not.toMatch(/unexpected error|^\s+at |FATAL/m);
      if (at) expect(stderr, name).toContain(at);
    });
  });

  it('a traces file for `score` nested thousands deep, or a trace past 10,000 tool calls (as an exec result), is a located problem, exit 2', async () => {
    const calls = `[${Array.from({ length: 10_001 }, () => '{"name":"t"}').join(',')}]`;
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'traces.jsonl': `{"case_id":"a","outcome":"completed","output":${'['.repeat(20_000)}${']'.repeat(20_000)}}\n{"case_id":"a","outcome":"completed","tool_calls":${calls}}\n`,
    });
    const { exitCode, stderr } = await runCli(dir, ['score', 'traces.jsonl']);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain('traces.jsonl:1:151');
    expect(stderr).toContain('traces.jsonl:2:38  tool_calls\n  expected  at most 10000 tool calls in one trace, as in an exec result\n  found     10001 tool calls\n');
    expect(stderr).not.toMatch(/unexpected error|^\s+at /m);
    // A traces path that is a folder or missing is said in words, as the config's is, not by its errno code.
    const folder = await runCli(dir, ['score', 'evals']);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain('agentready: cannot read the traces file evals: a folder, not a file\n');
    expect((await runCli(dir, ['score', 'gone.jsonl'])).stderr).toContain('agentready: cannot read the traces file gone.jsonl: no such file\n  give the path of a traces file: JSONL (one recorded trace per line, or a run folder\'s traces.jsonl) or OTLP/JSON');
    // Told before the config loads (nor the code that scores): a suite with a problem is not read first.
    writeFileSync(join(dir, 'evals/a.suite.yaml'), 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: finished } }\n');
    const first = await runCli(dir, ['score', 'gone.jsonl']);
    expect(first.exitCode).toBe(2);
    expect(first.stderr).toBe("agentready: cannot read the traces file gone.jsonl: no such file\n  give the path of a traces file: JSONL (one recorded trace per line, or a run folder's traces.jsonl) or OTLP/JSON");
    // `-`, stdin to Unix tools, is a file name here: the hint names the path that reads a pipe.
    const dash = await runCli(dir, ['score', '-']);
    expect(dash.exitCode).toBe(2);
    expect(dash.stderr).toBe('agentready: cannot read the traces file -: no such file\n  "-" names a file, not stdin: to score traces piped in, give /dev/stdin (`… | agentready score /dev/stdin`)');
  });

  it('a traces file in OTLP protobuf (binary) is said to be that, with how to have JSON written, exit 2 (it said "not UTF-8 text: save it as UTF-8")', async () => {
    // An export request as OTLP/HTTP's `http/protobuf` sends it: resource_spans { scope_spans { span { trace_id, span_id, name } } }.
    const field = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
    const span = Buffer.concat([field(0x0a, Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex')), field(0x12, Buffer.from('b7ad6b7169203331', 'hex')), field(0x2a, Buffer.from('invoke_agent support'))]);
    const request = field(0x0a, field(0x12, field(0x12, span)));
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
    });
    writeFileSync(join(dir, 'prod.otlp.pb'), request);
    const { exitCode, stderr } = await runCli(dir, ['score', 'prod.otlp.pb', '--unlabeled']);
    expect(exitCode, stderr).toBe(2);
    expect(stderr).toContain('agentready: cannot read the traces file prod.otlp.pb: an OTLP export request in protobuf (binary)');
    expect(stderr).toContain('not OTLP/JSON');
    expect(stderr).not.toContain('save it as UTF-8');
  });

  it('a missing --config outside every folder of the current one is named as typed (absolute), one beside it relative', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG });
    const absent = `/agentready-absent-${basename(dir)}/agentready.config.yaml`;
    const outside = await runCli(dir, ['validate', '--config', absent]);
    expect(outside.exitCode, outside.stderr).toBe(2);
    expect(outside.stderr).toContain(`agentready: cannot read ${absent}: no such file`);
    const beside = await runCli(dir, ['validate', '--config', '../absent.config.yaml']);
    expect(beside.stderr).toContain('agentready: cannot read ../absent.config.yaml: no such file');
  });

  it('a --config that names a folder says which file to give: the config in it, when it holds one (it said only: a folder, not a file)', async () => {
    const dir = makeProject({ 'app/agentready.config.yaml': CONFIG, 'empty/.keep': '' });
    const holding = await runCli(dir, ['validate', '--config', 'app']);
    expect(holding.exitCode).toBe(2);
    expect(holding.stderr).toBe(`agentready: cannot read app: a folder, not a file\n  give the config file in it: --config ${join('app', 'agentready.config.yaml')}`);
    const empty = await runCli(dir, ['validate', '-c', 'empty']);
    expect(empty.stderr).toBe('agentready: cannot read empty: a folder, not a file\n  give --config the path of a config file (agentready.config.yaml); without --config it is found in the current folder or above');
  });

  it('a --config file that is not there names the config beside where it was looked for (`--config agentready.yaml`), and nothing where none is', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG, 'sub/.keep': '' });
    const misnamed = await runCli(dir, ['validate', '--config', 'agentready.yaml']);
    expect(misnamed.exitCode).toBe(2);
    expect(misnamed.stderr).toBe('agentready: cannot read agentready.yaml: no such file\n  agentready.config.yaml is there: --config agentready.config.yaml');
    const above = await runCli(join(dir, 'sub'), ['eval', '-c', '../agentready.yml']);
    expect(above.stderr).toBe(`agentready: cannot read ../agentready.yml: no such file\n  ${join('..', 'agentready.config.yaml')} is there: --config ${join('..', 'agentready.config.yaml')}`);
    expect((await runCli(join(dir, 'sub'), ['validate', '-c', 'nothing.yaml'])).stderr).toBe('agentready: cannot read nothing.yaml: no such file');
  });

  it('a JSONL line that names no case is a production trace under --unlabeled (SPEC §9, §14), as an OTLP trace is; without the flag it is exit 2, told of it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': 'suite: a\ntools: [{ name: lookup, tier: read }, { name: refund, tier: approve }]\ncases:\n  - { id: a, input: x, expect: { outcome: completed } }\n',
      'traces.jsonl': [
        '{"trace_id":"t-ok","outcome":"completed","output":"hi","tool_calls":[{"name":"lookup","arguments":{},"result":{}}]}',
        '{"outcome":"completed","output":"hi","tool_calls":[{"name":"refund","arguments":{},"result":{}}]}',
      ].join('\n') + '\n',
    });
    const unlabeled = await runCli(dir, ['score', 'traces.jsonl', '--unlabeled', '--no-gate']);
    expect(unlabeled.exitCode, unlabeled.stderr).toBe(0);
    expect(unlabeled.stdout).toContain('2 cases · 1 passed · 1 failed');
    // Its case id is its trace id, else its line; the unapproved write is a violation, judged without a label.
    expect(unlabeled.stdout).toContain('✗ production/line-2  policy: refund ran without a granted approval (call 1)');
    expect(unlabeled.stdout).not.toContain('✗ production/t-ok');
    const plain = await runCli(dir, ['score', 'traces.jsonl']);
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toContain('traces.jsonl:1:1');
    expect(plain.stderr).toContain('or `--unlabeled` to score a line with neither case_id nor suite as a production trace');
    // A line that names its suite but no case meant a case: still a problem under --unlabeled, at its place.
    writeFileSync(join(dir, 'traces.jsonl'), '{"suite":"a","outcome":"completed","output":"hi"}\n');
    const suiteOnly = await runCli(dir, ['score', 'traces.jsonl', '--unlabeled']);
    expect(suiteOnly.exitCode, suiteOnly.stderr).toBe(2);
    expect(suiteOnly.stderr).toContain('traces.jsonl:1:1');
    expect(suiteOnly.stderr).toContain('(under --unlabeled a line with neither case_id nor suite is a production trace)');
    expect(suiteOnly.stderr).toContain('Fix the traces file, then run `agentready score traces.jsonl --unlabeled` again.');
    // A path with a space is quoted in the command to paste, as a shell reads it back as one word.
    writeFileSync(join(dir, 'prod traces.jsonl'), '{"suite":"a","outcome":"completed","output":"hi"}\n');
    const spaced = await runCli(dir, ['score', 'prod traces.jsonl', '--unlabeled']);
    expect(spaced.stderr).toContain("Fix the traces file, then run `agentready score 'prod traces.jsonl' --unlabeled` again.");
  });

});

/**
 * A folder to run from that shares only the filesystem's root with `path` (under the temp folder): the home
 * folder, or a system one. The repository will not do: a clone in the temp folder (CI's) shares it.
 * Nothing is written there: the command reads `path` or writes next to it.
 */
function farFolder(path: string): string {
  const top = path.split(sep)[1];
  const far = [homedir(), '/usr', '/etc', '/var'].find((folder) => folder.split(sep)[1] !== top && existsSync(folder));
  expect(far, `a folder under another top folder than ${path}`).toBeDefined();
  return far!;
}

describe('a config far from the current folder', () => {
  it('names a broken --config that shares only the filesystem root with the current folder by its absolute path in every line, not ../../../tmp/…', async () => {
    const file = join(makeProject({ 'bad.yaml': 'target: [\n' }), 'bad.yaml');
    const from = farFolder(file);
    const broken = await runCli(from, ['validate', '--config', file]);
    expect(broken.exitCode, broken.stderr).toBe(2);
    expect(broken.stderr).toContain(`agentready: ${file} has 1 problem\n`);
    expect(broken.stderr).toContain(`\n${file}:1:9\n`);
    expect(broken.stderr).not.toContain('../');
  });
});

describe('init where this package is not installed', () => {
  it('writes the workflow of a project below a git checkout\'s root at the root, where GitHub reads it, run in the project; never over one there', async () => {
    const dir = makeProject({});
    await execa('git', ['init', '-q'], { cwd: dir });
    const below = await runCli(dir, ['init', '--adapter', 'module', '--dir', 'agents/support']);
    expect(below.exitCode, below.stderr).toBe(0);
    expect(below.stdout).toContain('  ../../.github/workflows/agentready.yml\n');
    expect(below.stdout).toContain("The workflow is at .github/workflows/agentready.yml, where GitHub reads it: its steps run in agents/support, its paths named from the repository's root.");
    expect(existsSync(join(dir, 'agents/support/.github'))).toBe(false);
    const written = readFileSync(join(dir, '.github/workflows/agentready.yml'), 'utf8');
    expect(written).toContain('    working-directory: agents/support\n');
    // No lockfile yet: npm i -D in the project writes it there, where the workflow installs.
    expect(written).toContain('cache-dependency-path: agents/support/package-lock.json');
    // Run from a subfolder: the paths are told from here, the workflow's folders from the checkout's root.
    mkdirSync(join(dir, 'agents', 'billing'), { recursive: true });
    const inside = await runCli(join(dir, 'agents', 'billing'), ['init', '--adapter', 'module']);
    expect(inside.exitCode, inside.stderr).toBe(0);
    // The root's agentready.yml runs agents/support: agents/billing's gets a name of its own beside it.
    expect(inside.stdout).toContain("The workflow is at ../../.github/workflows/agentready-agents-billing.yml, where GitHub reads it: its steps run in agents/billing");
    expect(readFileSync(join(dir, '.github/workflows/agentready.yml'), 'utf8')).toBe(written);
    expect(readFileSync(join(dir, '.github/workflows/agentready-agents-billing.yml'), 'utf8')).toContain('    working-directory: agents/billing\n');
    expect(existsSync(join(dir, 'agents/billing/.github'))).toBe(false);
    // Run again for the same folder, the workflow it wrote is kept: initProject's and formatInitDone's unit tests.
    const atRoot = makeProject({});
    await execa('git', ['init', '-q'], { cwd: atRoot });
    const root = await runCli(atRoot, ['init', '--adapter', 'module']);
    expect(root.exitCode).toBe(0);
    expect(root.stdout).not.toMatch(/Note: GitHub|The workflow is at/);
    expect(readFileSync(join(atRoot, '.github/workflows/agentready.yml'), 'utf8')).not.toContain('working-directory');
  });

  it('names a --dir that shares only the filesystem root with the current folder by its absolute path, not ../../../tmp/…', async () => {
    const dir = join(makeProject({}), 'far');
    const from = farFolder(dir);
    const far = await runCli(from, ['init', '--adapter', 'module', '--dir', dir]);
    expect(far.exitCode, far.stderr).toBe(0);
    expect(far.stdout).toContain(`Wrote an agentready project for a module agent in ${dir}:\n`);
    expect(far.stdout).not.toContain('../');
  });

  it('refuses a --dir that is a file, or below one, as a usage error (exit 2), not an unexpected EEXIST', async () => {
    const dir = makeProject({ 'notes.txt': 'x\n' });
    for (const target of ['notes.txt', 'notes.txt/sub']) {
      const refused = await runCli(dir, ['init', '--adapter', 'module', '--dir', target]);
      expect(refused.exitCode, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`agentready: init cannot make a project in ${target}: notes.txt is a file, not a folder\n  give --dir a folder (it is made when missing)`);
      expect(refused.stderr).not.toContain('bug in agentready');
    }
    // An empty --dir (`--dir "$PROJECT"` with the variable unset) wrote the project into the current folder.
    const empty = await runCli(dir, ['init', '--adapter', 'module', '--dir', '']);
    expect(empty.exitCode, empty.stderr).toBe(2);
    expect(empty.stderr).toBe('agentready: init needs a folder, got an empty --dir\n  name a folder, as --dir . for the current one');
    expect(existsSync(join(dir, 'agentready.config.yaml'))).toBe(false);
  });

  it('says to install it first for a stdio agent (which imports agentready-cli/agent), not for a module one', async () => {
    const dir = makeProject({});
    const stdio = await runCli(dir, ['init', '--adapter', 'stdio', '--dir', 'stdio']);
    expect(stdio.exitCode).toBe(0);
    // Not published yet: a bare `npm i -D agentready-cli` is a 404 today, so the tarball comes first.
    expect(stdio.stdout).toContain('First install this package where the project is (agent.mjs imports agentready-cli/agent): `npm pack` in an agentready checkout, copy the tarball into the project (vendor/) and `npm i -D ./vendor/agentready-cli-<version>.tgz`, as the README\'s "Your project" says (`npm i -D agentready-cli` once it is published)\n');
    // Run before installing it: the agent's start fails on the import, and the reason says what to install.
    const early = await runCli(join(dir, 'stdio'), ['eval']);
    expect(early.exitCode).toBe(3);
    expect(early.stderr.split('\n')[0]).toBe(
      `agentready: agent exited with code 1 during start-up: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'agentready-cli' imported from ${join(dir, 'stdio', 'agent.mjs')}; agentready-cli is not installed where the agent runs: install it as a dev dependency of the project (README, "Your project": \`npm pack\` in an agentready checkout, then \`npm i -D ./vendor/agentready-cli-<version>.tgz\`; \`npm i -D agentready-cli\` once published) (exit 3)`,
    );
    // Run as the README says (`npx --no-install agentready init`): npm's user agent, so the next commands are npx's.
    const module = await runCli(dir, ['init', '--adapter', 'module', '--dir', 'module'], { npm_config_user_agent: 'npm/10.8.2 node/v20.19.0 linux x64 workspaces/false' });
    expect(module.exitCode).toBe(0);
    expect(module.stdout).not.toContain('npm i -D agentready-cli');
    // Both next commands name the config written in --dir: from here, a bare one would not find it.
    expect(module.stdout).toContain('Run it: npx --no-install agentready eval --config module/agentready.config.yaml\n');
    expect(module.stdout).toContain('commit a baseline: npx --no-install agentready baseline update --config module/agentready.config.yaml');
  });
});

describe("init's workflow and the default branch", () => {
  // master, main and a --dir yet to be made: test/unit/common/default-branch.test.ts and init-workflow.test.ts.
  it('runs on pushes to the remote\'s default branch, as git knows it in a clone, whatever branch is checked out', async () => {
    const feature = makeProject({});
    await execa('git', ['init', '-q', '-b', 'add-agent'], { cwd: feature });
    await execa('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd: feature });
    const clone = join(makeProject({}), 'clone');
    await execa('git', ['clone', '-q', feature, clone]);
    await execa('git', ['checkout', '-q', '-b', 'topic'], { cwd: clone });
    expect((await runCli(clone, ['init', '--adapter', 'module'])).exitCode).toBe(0);
    expect(/^ {4}branches: \[(.*)\]$/m.exec(readFileSync(join(clone, '.github/workflows/agentready.yml'), 'utf8'))?.[1]).toBe('add-agent');
  });
});

describe('init in a project locked by another package manager', () => {
  it("says the workflow installs with npm, which a project in a pnpm workspace must change before pushing it", async () => {
    const dir = makeProject({ 'package.json': '{ "name": "p", "private": true }\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    // --dir below the lockfile's folder: a workspace's package, locked at the workspace's root.
    const pnpm = await runCli(dir, ['init', '--adapter', 'module', '--dir', 'agents/support']);
    expect(pnpm.exitCode, pnpm.stderr).toBe(0);
    expect(pnpm.stdout).toContain('Note: the workflow installs with npm (setup-node\'s `cache: npm`, `npm ci`), and this project is locked by pnpm-lock.yaml: change those steps to pnpm\'s before pushing it (node_modules/agentready-cli/docs/ci.md, "Another package manager").');
    // yarn's, npm's and a lockfile above the checkout's root: test/unit/config/init-lockfile.test.ts.
  });
});

describe('init --adapter http', () => {
  it("gives the agent's ctx.callTool the same error as stdio and module do: kind, status and retry_after_ms", async () => {
    const dir = makeProject({});
    const init = await runCli(dir, ['init', '--adapter', 'http']);
    expect(init.exitCode, init.stderr).toBe(0);
    const port = await freePort();
    const config = join(dir, 'agentready.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replaceAll('8123', String(port)));
    // An agent that waits what the 429 asks, as a ported stdio or module agent does.
    writeFileSync(join(dir, 'support.mjs'), `export default async function support(task, ctx) {
  try { await ctx.callTool('lookup_order', { order_id: '1' }); return { outcome: 'completed', output: 'no error' }; }
  catch (error) { return { outcome: 'escalated', output: \`\${error.kind} \${error.status} retry after \${error.retry_after_ms}\` }; }
}
`);
    writeFileSync(join(dir, 'evals/support.suite.yaml'), `suite: support
tools:
  - { name: lookup_order, tier: read, mock: { result: { status: shipped } } }
cases:
  - id: limited
    input: where is order 1
    faults: [{ tool: lookup_order, error: rate_limit, retry_after_ms: 50 }]
    expect: { outcome: escalated, output: { contains: "rate_limit 429 retry after 50" } }
`);
    const run = await runCli(dir, ['eval']);
    expect(run.stdout, run.stderr).toMatch(/1 cases? · 1 passed/);
    expect(run.exitCode).toBe(0);
  });
});
