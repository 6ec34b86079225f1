import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../../src/config/index.js';
import { MAX_TEXT_BYTES, readText } from '../../../src/config/read.js';
import { ConfigError, UsageError } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp project holding `files` (path → text); returns its folder. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-load-'));
  dirs.push(root);
  // The agent script CONFIG runs (`node agent.js`), as a project has it: a missing one is a warning.
  for (const [file, text] of Object.entries({ 'agent.js': '', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** The issues of a load that must fail. */
async function issuesOf(cwd: string, env: Record<string, string> = {}) {
  const error = await loadConfig({ names: namesRedactionChanges, cwd, env }).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.issues;
}

const CONFIG = 'target:\n  adapter: stdio\n  command: [node, agent.js]\nsuites: [evals/*.suite.yaml]\n';
const SUITE = (name: string, tool = 'lookup_order') =>
  `suite: ${name}\ntools:\n  - name: lookup_order\ncases:\n  - id: a\n    input: hi\n    tags: [refund]\n    mocks: [{ tool: ${tool}, result: 1 }]\n    expect: { outcome: completed }\n`;

describe('findConfigFile', () => {
  it('walks up from a subfolder and accepts .yml', () => {
    const root = project({ 'agentready.config.yml': CONFIG, 'a/b/keep.txt': '' });
    expect(findConfigFile(path.join(root, 'a/b'))).toBe(path.join(root, 'agentready.config.yml'));
  });
});

describe('loadConfig', () => {
  it('loads a valid project: suites sorted, cases located relative to cwd, warnings kept', async () => {
    const root = project({
      'agentready.config.yaml': `${CONFIG}policy: policy.yaml\n`,
      'policy.yaml': 'rules:\n  - { id: r, tool: "delete_*", require_prior: [lookup_order] }\n',
      'evals/b.suite.yaml': SUITE('beta'),
      'evals/a.suite.yaml': SUITE('alpha'),
    });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: path.join(root, 'evals'), env: {} });
    expect(config.suites.map((s) => s.name)).toEqual(['alpha', 'beta']);
    expect(config.suites[0]!.cases[0]!.location).toEqual({ file: 'a.suite.yaml', line: 5, column: 9 });
    expect(config.policy.file).toBe(path.join(root, 'policy.yaml'));
    expect(config.target).toMatchObject({ cwd: root });
    expect(config.warnings).toMatchObject([{ file: '../policy.yaml', path: 'rules[0].tool', severity: 'warning' }]);
  });

  it('an unset ${VAR} is one problem at its value, not also the file it names missing (suites, policy, module)', async () => {
    const root = project({
      'agentready.config.yaml': 'target: { adapter: module, module: "${AGENT_FILE}" }\nsuites: ["${SUITES}"]\npolicy: "${POLICY}"\n',
    });
    expect((await issuesOf(root)).map((i) => [i.path, i.code])).toEqual([
      ['target.module', 'env_unset'],
      ['suites[0]', 'env_unset'],
      ['policy', 'env_unset'],
    ]);
  });

  it('reports every problem of every file in one ConfigError, sorted by file, line and column', async () => {
    const root = project({
      'agentready.config.yaml': `${CONFIG}policy: policy.yaml\nrun: { repeat: 0 }\n`,
      'policy.yaml': 'rules:\n  - { id: r }\n',
      'evals/b.suite.yaml': SUITE('beta', 'lookup_ordr'),
      'evals/a.suite.yaml': SUITE('alpha').replace('outcome: completed', 'outcome: complete'),
    });
    const issues = await issuesOf(root);
    expect(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}`)).toEqual([
      'agentready.config.yaml:6:16 run.repeat',
      'evals/a.suite.yaml:9:24 cases[0].expect.outcome',
      'evals/b.suite.yaml:8:21 cases[0].mocks[0].tool',
      'policy.yaml:2:5 rules[0].tool',
    ]);
  });

  it('locates a suites glob that matches nothing at that glob, and a missing policy at `policy:`', async () => {
    const root = project({
      'agentready.config.yaml': `${CONFIG.replace('[evals/*.suite.yaml]', '[evals/*.suite.yaml, more/*.suite.yaml]')}policy: rules.yaml\n`,
      'evals/a.suite.yaml': SUITE('alpha'),
    });
    const issues = await issuesOf(root);
    expect(issues).toMatchObject([
      { line: 4, column: 30, path: 'suites[1]', code: 'no_suite_files', found: 'no file matches "more/*.suite.yaml"' },
      { line: 5, column: 9, path: 'policy', code: 'unreadable', found: '"rules.yaml": no such file' },
    ]);
  });

  it('refuses a suites glob that matches the config file or the policy file at that glob, without reading them as suites', async () => {
    // Read as suites, they gave one "no tools/cases key" and one "no key target here" per key.
    const root = project({
      'agentready.config.yaml': `${CONFIG.replace('[evals/*.suite.yaml]', '["*.yaml", evals/*.suite.yaml]')}policy: policy.yaml\n`,
      'policy.yaml': 'rules: []\n',
      'evals/a.suite.yaml': SUITE('alpha'),
    });
    expect(await issuesOf(root)).toMatchObject([{
      line: 4, column: 10, path: 'suites[0]', code: 'suite_glob_not_suite',
      found: '"*.yaml" matches the config file (agentready.config.yaml) and the policy file (policy.yaml)',
    }]);
  });

  it('refuses an exclusion glob (!evals/x.suite.yaml) at it, which read as a glob matched nothing', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG.replace('[evals/*.suite.yaml]', '[evals/*.suite.yaml, "!evals/b.suite.yaml"]'),
      'evals/a.suite.yaml': SUITE('alpha'),
      'evals/b.suite.yaml': SUITE('beta'),
    });
    expect(await issuesOf(root)).toMatchObject([{ line: 4, column: 30, path: 'suites[1]', code: 'glob_negation', found: '"!evals/b.suite.yaml", an exclusion (a glob starting with !)' }]);
  });

  it('takes `policy: false` as no policy and refuses `policy: true`, which names no file', async () => {
    // Told what to write instead, not "expected false" (true is meant as a policy on: the path names it).
    const expected = 'the path of a policy file, relative to the config file (policy: policy.yaml), or false for no policy';
    for (const [value, found] of [['true', 'true'], ['[a]', '["a"]'], ['3', '3']]) {
      const root = project({ 'agentready.config.yaml': `${CONFIG}policy: ${value}\n`, 'evals/a.suite.yaml': SUITE('alpha') });
      expect(await issuesOf(root)).toMatchObject([{ path: 'policy', expected, found }]);
    }
  });

  it('refuses an http target URL without http:// or https:// (localhost:8123 parses as scheme "localhost:", and every case failed INTERNAL)', async () => {
    const root = project({ 'agentready.config.yaml': 'target: { adapter: http, url: "localhost:8123" }\nsuites: [evals/*.suite.yaml]\n', 'evals/a.suite.yaml': SUITE('alpha') });
    expect(await issuesOf(root)).toMatchObject([
      { line: 1, column: 31, path: 'target.url', expected: 'an http:// or https:// URL, as http://127.0.0.1:8123/', found: '"localhost:8123"' },
    ]);
  });

  it('refuses a number or boolean in target.env, saying to quote it as written (a process environment holds strings)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG.replace('suites:', '  env: { PORT: 08080, DEBUG: true }\nsuites:'), 'evals/a.suite.yaml': SUITE('alpha') });
    expect(await issuesOf(root)).toMatchObject([
      { path: 'target.env.PORT', expected: 'a string (in quotes, "08080": unquoted, YAML reads it as a number)', found: '8080' },
      { path: 'target.env.DEBUG', expected: 'a string (in quotes, "true": unquoted, YAML reads it as a boolean)', found: 'true' },
    ]);
  });

  it('warns when an agentready.config.yml beside the agentready.config.yaml read is not, unless --config names the file', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'agentready.config.yml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).warnings).toMatchObject([{
      file: 'agentready.config.yaml', line: 1, column: 1, code: 'config_beside_config', severity: 'warning',
      message: 'agentready.config.yml is beside it and not read: agentready reads agentready.config.yaml when both are in a folder. Delete or rename one of them, so that edits go to the file that is read',
    }]);
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, configPath: 'agentready.config.yaml' })).warnings).toEqual([]);
  });

  it('warns at the config when a policy.yaml beside it is not named by `policy:`, whose rules would silently judge nothing', async () => {
    const root = project({ 'agentready.config.yaml': `# a comment\n${CONFIG}`, 'policy.yaml': 'rules: []\n', 'evals/a.suite.yaml': SUITE('alpha') });
    const { warnings, policy } = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(policy.file).toBeUndefined();
    expect(warnings).toMatchObject([{ file: 'agentready.config.yaml', line: 2, column: 1, path: 'policy', code: 'policy_not_named', severity: 'warning' }]);
    expect(warnings[0]!.message).toContain('policy.yaml is beside the config but not loaded: the config has no `policy:`');
    expect(warnings[0]!.message).toContain('`policy: false` to run without one');
    // Named, or no such file: nothing to say.
    writeFileSync(path.join(root, 'agentready.config.yaml'), `${CONFIG}policy: policy.yaml\n`);
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).warnings).toEqual([]);
    // `policy: false`: a second config in the folder that runs without the policy on purpose.
    writeFileSync(path.join(root, 'agentready.config.yaml'), `${CONFIG}policy: false\n`);
    const without = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(without.warnings).toEqual([]);
    expect(without.policy).toEqual({ file: undefined, rules: [] });
    rmSync(path.join(root, 'policy.yaml'));
    writeFileSync(path.join(root, 'agentready.config.yaml'), CONFIG);
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).warnings).toEqual([]);
  });

  it('warns at a target cwd (or target.start.cwd) where no folder is, which the command would be started in', async () => {
    const stdio = project({ 'agentready.config.yaml': CONFIG.replace('command: [node, agent.js]', 'command: [node, agent.js]\n  cwd: nope'), 'evals/a.suite.yaml': SUITE('alpha') });
    const { warnings } = await loadConfig({ names: namesRedactionChanges, cwd: stdio, env: {} });
    expect(warnings).toMatchObject([{ line: 4, column: 8, path: 'target.cwd', severity: 'warning', found: '"nope" (no folder at nope)' }]);
    const http = project({ 'agentready.config.yaml': 'target: { adapter: http, url: "http://127.0.0.1:1/", start: { command: [node, s.js], cwd: srv } }\nsuites: [evals/*.suite.yaml]\n', 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: http, env: {} })).warnings).toMatchObject([{ path: 'target.start.cwd', found: '"srv" (no folder at srv)' }]);
    mkdirSync(path.join(http, 'srv'));
    writeFileSync(path.join(http, 'srv/s.js'), '');
    expect((await loadConfig({ names: namesRedactionChanges, cwd: http, env: {} })).warnings).toEqual([]);
  });

  it('warns at a command whose program is neither on the PATH nor a file: validate said Valid, and eval stopped at AGENT_START', async () => {
    const stdio = project({ 'agentready.config.yaml': CONFIG.replace('command: [node, agent.js]', 'command: [pythn3, agent.py]'), 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: stdio, env: {} })).warnings).toMatchObject([
      { path: 'target.command[0]', severity: 'warning', found: '"pythn3" (no such program on the PATH)', expected: 'a program on the PATH (node, python3, …) or the path of an executable file' },
    ]);
    const http = project({ 'agentready.config.yaml': 'target: { adapter: http, url: "http://127.0.0.1:1/", start: { command: [./bin/serve, x] } }\nsuites: [evals/*.suite.yaml]\n', 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: http, env: {} })).warnings).toMatchObject([{ path: 'target.start.command[0]', found: '"./bin/serve" (no file at ./bin/serve from the command\'s folder)' }]);
    mkdirSync(path.join(http, 'bin'));
    writeFileSync(path.join(http, 'bin/serve'), '');
    expect((await loadConfig({ names: namesRedactionChanges, cwd: http, env: {} })).warnings).toEqual([]);
    expect((await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') }), env: {} })).warnings).toEqual([]);
  });

  it('warns at a whole command line written as the program (`["node agent.js"]`, no shell splits it) with its words as the entries', async () => {
    const stdio = project({ 'agentready.config.yaml': CONFIG.replace('command: [node, agent.js]', 'command: ["node agent.js --verbose"]'), 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: stdio, env: {} })).warnings).toMatchObject([
      { path: 'target.command[0]', code: 'missing_program', found: '"node agent.js --verbose" (no such program on the PATH)', expected: 'the program and each argument an entry of its own (no shell splits the command): [node, agent.js, "--verbose"]' },
    ]);
  });

  it('warns at the script an interpreter would run where no file is (`node agnet.js`): validate said Valid, and every case failed as the agent exited', async () => {
    const stdio = project({ 'agentready.config.yaml': CONFIG.replace('command: [node, agent.js]', 'command: [node, --import, tsx, agnet.ts]'), 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: stdio, env: {} })).warnings).toMatchObject([
      { path: 'target.command[3]', code: 'missing_script', severity: 'warning', found: '"agnet.ts" (no file at agnet.ts from the command\'s folder)', expected: "the script node runs, its path relative to the command's folder" },
    ]);
    writeFileSync(path.join(stdio, 'agnet.ts'), '');
    expect((await loadConfig({ names: namesRedactionChanges, cwd: stdio, env: {} })).warnings).toEqual([]);
    // Code given inline, a module by its name, an argument no script's name: nothing to look for.
    for (const command of ['[node, -e, "1"]', '[python3, -m, agent.main]', '[node, --env-file, .env]', '[tsx, watch, agent.ts]'])
      expect((await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', command), 'evals/a.suite.yaml': SUITE('alpha') }), env: {} })).warnings).toEqual([]);
  });

  it('warns at a TypeScript script `node` runs with no loader on a Node that does not strip types (Node 20): validate said Valid, and the agent died at its start', async () => {
    const warned = async (command: string) =>
      (await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', command), 'evals/a.suite.yaml': SUITE('alpha'), 'agent.ts': '', 'sim.ts': '' }), env: {} })).warnings;
    const strips = Boolean((process.features as { typescript?: unknown }).typescript);
    const expected = strips ? [] : [{
      path: 'target.command[1]',
      code: 'typescript_without_loader',
      severity: 'warning',
      found: `"agent.ts" (agent.ts is TypeScript, which Node ${process.versions.node} does not run by itself: run it through a loader (npm i -D tsx, then command: [node, --import, tsx, agent.ts]) or, for an agent module, use target: { adapter: module }, which loads TypeScript itself)`,
    }];
    expect(await warned('[node, agent.ts]')).toMatchObject(expected);
    expect(await warned('[node, --enable-source-maps, agent.ts]')).toMatchObject(expected.map((issue) => ({ ...issue, path: 'target.command[2]' })));
    // Through a loader, or a runner of its own: Node never sees the .ts alone.
    for (const command of ['[node, --import, tsx, agent.ts]', '[node, --experimental-strip-types, agent.ts]', '[node, agent.js]']) expect(await warned(command)).toEqual([]);
    // Whatever loader a --import, --require or --loader names (swc, esbuild-register, jiti): the script may be TypeScript.
    for (const command of ['[node, --import, "@swc-node/register/esm-register", agent.ts]', '[node, -r, esbuild-register, agent.ts]', '[node, "--import=jiti/register", agent.ts]']) expect(await warned(command)).toEqual([]);
    // What follows the script is the script's own arguments, not Node's: no loader there.
    expect(await warned('[node, agent.ts, --import, tsx]')).toMatchObject(expected);
    // NODE_OPTIONS the agent gets loads one too: the command's env, or agentready's own.
    expect(await warned('[node, agent.ts]\n  env: { NODE_OPTIONS: "--import tsx" }')).toEqual([]);
    const own = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = '--require ts-node/register';
    try {
      expect(await warned('[node, agent.ts]')).toEqual([]);
      // Unless the command's env sets another.
      expect(await warned('[node, agent.ts]\n  env: { NODE_OPTIONS: "--max-old-space-size=4096" }')).toMatchObject(expected);
    } finally {
      if (own === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = own;
    }
  });

  it('names the script beside a missing one that differs from it only in its ending (`node bot.js` where bot.mjs is, as a README reader saved it)', async () => {
    const warned = async (command: string, files: Record<string, string>) =>
      (await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', command), 'evals/a.suite.yaml': SUITE('alpha'), ...files }), env: {} })).warnings;
    expect(await warned('[node, bot.js]', { 'bot.mjs': '' }).then((w) => w.map((i) => i.found))).toEqual([
      '"bot.js" (no file at bot.js from the command\'s folder; bot.mjs is there)',
    ]);
    expect(await warned('[node, --import, tsx, src/agent.mjs]', { 'src/agent.ts': '', 'src/agent.cts': '', 'src/agent.md': '', 'src/agents.ts': '' }).then((w) => w.map((i) => i.found))).toEqual([
      '"src/agent.mjs" (no file at src/agent.mjs from the command\'s folder; src/agent.cts, src/agent.ts are there)',
    ]);
    // A folder that is not there, or nothing alike in it: the warning as before.
    expect(await warned('[node, gone/agent.js]', {}).then((w) => w.map((i) => i.found))).toEqual(['"gone/agent.js" (no file at gone/agent.js from the command\'s folder)']);
  });

  it('says a missing build output may not be built yet (`node dist/agent.js` on a fresh clone): the build script, the TypeScript source to run instead', async () => {
    const warned = async (command: string, files: Record<string, string>) =>
      (await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', command), 'evals/a.suite.yaml': SUITE('alpha'), ...files }), env: {} })).warnings.map((i) => i.found);
    const build = { 'package.json': JSON.stringify({ type: 'module', scripts: { build: 'tsc' } }) };
    expect(await warned('[node, dist/agent.js]', { ...build, 'src/agent.ts': '' })).toEqual([
      '"dist/agent.js" (no file at dist/agent.js from the command\'s folder; not built yet? build the agent first (npm run build: package.json\'s "build" script), or run its source through tsx (npm i -D tsx, then command: [node, --import, tsx, src/agent.ts]))',
    ]);
    expect(await warned('[node, build/server/main.mjs]', { 'package.json': '{}', 'src/server/main.mts': '' })).toEqual([
      '"build/server/main.mjs" (no file at build/server/main.mjs from the command\'s folder; not built yet? run its source through tsx (npm i -D tsx, then command: [node, --import, tsx, src/server/main.mts]))',
    ]);
    expect(await warned('[node, out/agent.js]', build)).toEqual(['"out/agent.js" (no file at out/agent.js from the command\'s folder; not built yet? build the agent first (npm run build: package.json\'s "build" script))']);
    // A typo beside the config is no build's, build script or not.
    expect(await warned('[node, agnet.js]', { ...build, 'src/agent.ts': '' })).toEqual(['"agnet.js" (no file at agnet.js from the command\'s folder)']);
  });

  it('warns at the script a runner would have run where no file is (`npx tsx agnet.ts`, `uv run agnet.py`), and at none it cannot tell', async () => {
    // The runners as files of the project, so the test needs neither on the PATH.
    const bin = { 'bin/npx': '', 'bin/uv': '', 'evals/a.suite.yaml': SUITE('alpha') };
    const warned = async (command: string) => (await loadConfig({ names: namesRedactionChanges, cwd: project({ ...bin, 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', command) }), env: {} })).warnings;
    expect(await warned('[./bin/npx, --yes, tsx, agnet.ts]')).toMatchObject([
      { path: 'target.command[3]', code: 'missing_script', severity: 'warning', found: '"agnet.ts" (no file at agnet.ts from the command\'s folder)', expected: "the script tsx runs, its path relative to the command's folder" },
    ]);
    expect(await warned('[./bin/npx, -p, tsx@4, tsx@4, --import, x, agnet.mjs]')).toMatchObject([{ path: 'target.command[6]', code: 'missing_script' }]);
    expect(await warned('[./bin/uv, run, --with, httpx, agnet.py]')).toMatchObject([
      { path: 'target.command[4]', code: 'missing_script', found: '"agnet.py" (no file at agnet.py from the command\'s folder)', expected: "the script uv runs, its path relative to the command's folder" },
    ]);
    expect(await warned('[./bin/uv, run, --frozen, --, python3, -u, agnet.py]')).toMatchObject([{ path: 'target.command[6]', code: 'missing_script' }]);
    // A script that is there; a runner's option it does not know (another folder, code inline), a package's own command: nothing to look for.
    const there = project({ ...bin, 'agent.py': '', 'agentready.config.yaml': CONFIG.replace('[node, agent.js]', '[./bin/uv, run, agent.py]') });
    expect((await loadConfig({ names: namesRedactionChanges, cwd: there, env: {} })).warnings).toEqual([]);
    for (const command of ['[./bin/uv, run, --directory, sub, agnet.py]', '[./bin/npx, -c, "tsx agnet.ts"]', '[./bin/npx, my-agent, agnet.ts]', '[./bin/uv, run, python, -m, agnet]'])
      expect(await warned(command)).toEqual([]);
  });

  it("warns at the user simulator's command as at the target's: its script where no file is, its program nowhere, its cwd no folder (validate said Valid, every conversation ended in a harness error)", async () => {
    const warned = async (user: string) => (await loadConfig({ names: namesRedactionChanges, cwd: project({ 'agentready.config.yaml': `${CONFIG}user: ${user}\n`, 'evals/a.suite.yaml': SUITE('alpha') }), env: {} })).warnings;
    expect(await warned('{ command: [node, gone-sim.js] }')).toMatchObject([
      { path: 'user.command[1]', code: 'missing_script', severity: 'warning', found: '"gone-sim.js" (no file at gone-sim.js from the command\'s folder)' },
    ]);
    expect(await warned('{ command: [pythn3, sim.py] }')).toMatchObject([{ path: 'user.command[0]', code: 'missing_program', found: '"pythn3" (no such program on the PATH)' }]);
    expect(await warned('{ command: [node, agent.js], cwd: sim }')).toMatchObject([{ path: 'user.cwd', code: 'missing_folder', found: '"sim" (no folder at sim)' }]);
    expect(await warned('{ command: [node, agent.js] }')).toEqual([]);
  });

  it('refuses an http header a request could not carry, at the header (it failed every case as INTERNAL)', async () => {
    const root = project({ 'agentready.config.yaml': 'target:\n  adapter: http\n  url: "http://127.0.0.1:1/"\n  headers: { "bad header": x, ok: "a\\nb" }\nsuites: [evals/*.suite.yaml]\n', 'evals/a.suite.yaml': SUITE('alpha') });
    expect(await issuesOf(root)).toMatchObject([
      { line: 4, column: 14, path: 'target.headers["bad header"]', expected: expect.stringMatching(/^an HTTP header name: letters, digits and /) },
      { line: 4, column: 35, path: 'target.headers.ok', expected: 'an HTTP header value on one line' },
    ]);
  });

  it('refuses a suites glob with ** that starts outside the project (/**, ../**) at the glob, before walking; a file path outside still loads', async () => {
    const root = project({
      'proj/agentready.config.yaml': CONFIG.replace('[evals/*.suite.yaml]', '["/**/*.suite.yaml", "../**/*.suite.yaml", "evals/**/*.suite.yaml"]'),
      'proj/evals/a.suite.yaml': SUITE('alpha'),
      'other/b.suite.yaml': SUITE('beta'),
      'proj/agent.js': '',
    });
    expect(await issuesOf(path.join(root, 'proj'))).toMatchObject([
      { line: 4, column: 10, path: 'suites[0]', code: 'suite_glob_outside', found: '"/**/*.suite.yaml": an absolute glob with ** (it would walk every folder under /)' },
      { line: 4, column: 30, path: 'suites[1]', code: 'suite_glob_outside', found: '"../**/*.suite.yaml": a glob with ** that starts outside the project folder, at .. (it would walk every folder under it)' },
    ]);
    const outside = path.join(root, 'other/b.suite.yaml');
    writeFileSync(path.join(root, 'proj/agentready.config.yaml'), CONFIG.replace('[evals/*.suite.yaml]', `[${JSON.stringify(outside)}, "../other/*.suite.yaml", "evals/**/*.suite.yaml"]`));
    expect((await loadConfig({ names: namesRedactionChanges, cwd: path.join(root, 'proj'), env: {} })).suites.map((s) => s.name)).toEqual(['beta', 'alpha']);
  });

  it('names the file beside a missing scorer whose name it misspells (ton.mjs for tone.mjs), and none when two are as near', async () => {
    const suite = (scorer: string) => SUITE('alpha').replace('expect: { outcome: completed }', `expect: { outcome: completed, custom: [${scorer}] }`);
    const root = project({ 'agentready.config.yaml': CONFIG, 'agent.js': '', 'evals/a.suite.yaml': suite('./scorers/ton.mjs'), 'evals/scorers/tone.mjs': 'export default () => ({ pass: true });\n', 'evals/scorers/other.mjs': '' });
    expect((await issuesOf(root)).map((issue) => issue.found)).toEqual(['"./scorers/ton.mjs" (no scorer file at evals/scorers/ton.mjs; tone.mjs is there)']);
    writeFileSync(path.join(root, 'evals/scorers/toe.mjs'), '');
    expect((await issuesOf(root)).map((issue) => issue.found)).toEqual(['"./scorers/ton.mjs" (no scorer file at evals/scorers/ton.mjs)']);
  });

  it('says which files a suites glob misses by their extension alone (.yml for .yaml)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yml': SUITE('alpha') });
    expect(await issuesOf(root)).toMatchObject([
      { line: 4, column: 10, path: 'suites[0]', code: 'no_suite_files', found: 'no file matches "evals/*.suite.yaml" (with the other extension it would match evals/a.suite.yml: rename it, or change the glob)' },
    ]);
  });

  it('warns at a suites glob that matched suites of a suite beside them it misses by its extension alone (a.suite.yaml and b.suite.yml), but not of one another glob reads', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha'), 'evals/b.suite.yml': SUITE('beta') });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(config.suites.map((suite) => suite.name)).toEqual(['alpha']);
    expect(config.warnings).toMatchObject([
      {
        line: 4,
        column: 10,
        path: 'suites[0]',
        code: 'suite_other_extension',
        severity: 'warning',
        found: '"evals/*.suite.yaml", which misses evals/b.suite.yml by its extension alone: rename it to end in .yaml, or change the glob ("evals/*.suite.{yaml,yml}")',
      },
    ]);
    writeFileSync(path.join(root, 'agentready.config.yaml'), CONFIG.replace('[evals/*.suite.yaml]', '[evals/*.suite.yaml, evals/b.suite.yml]'));
    const both = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(both.suites.map((suite) => suite.name)).toEqual(['alpha', 'beta']);
    expect(both.warnings).toEqual([]);
  });

  it('warns of no file a suites glob misses by its extension that is no suite: the policy file, a compose file beside the suites (renamed, the glob would read them as suites)', async () => {
    const config = CONFIG.replace('[evals/*.suite.yaml]', '["evals/*.yaml"]\npolicy: evals/policy.yml');
    const root = project({ 'agentready.config.yaml': config, 'evals/a.yaml': SUITE('alpha'), 'evals/policy.yml': 'rules: []\n', 'evals/docker-compose.yml': 'services: {}\n' });
    const loaded = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(loaded.suites.map((suite) => suite.name)).toEqual(['alpha']);
    expect(loaded.warnings).toEqual([]);
    // A suite among them is still missed, and only it is named.
    writeFileSync(path.join(root, 'evals/b.yml'), SUITE('beta'));
    const missed = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(missed.warnings.map((warning) => warning.found)).toEqual(['"evals/*.yaml", which misses evals/b.yml by its extension alone: rename it to end in .yaml, or change the glob ("evals/*.{yaml,yml}")']);
  });

  it("warns at an http target's start.env.PORT that is not its url's port (the server would listen where agentready does not wait for it), and not at one that is", async () => {
    const http = (port: string) => `target:\n  adapter: http\n  url: "http://127.0.0.1:8199/"\n  start: { command: [node, agent.js], env: { PORT: "${port}" } }\nsuites: [evals/*.suite.yaml]\n`;
    const root = project({ 'agentready.config.yaml': http('8123'), 'evals/a.suite.yaml': SUITE('alpha') });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(config.warnings).toMatchObject([
      {
        line: 4,
        path: 'target.start.env.PORT',
        code: 'start_port_mismatch',
        severity: 'warning',
        expected: 'the port of target.url (8199), where agentready waits for the server to answer',
        found: '"8123": the server would listen at port 8123 and never answer at http://127.0.0.1:8199/, so the run would wait out its start\'s time limit and stop (exit 3)',
      },
    ]);
    writeFileSync(path.join(root, 'agentready.config.yaml'), http('8199'));
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).warnings).toEqual([]);
  });

  it('says of a folder named where a suites glob goes (as eval --suite takes one) which glob names its suites, and of a glob written with backslashes that globs use /', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG.replace('[evals/*.suite.yaml]', '[evals, "evals\\\\*.suite.yaml"]'), 'evals/a.suite.yaml': SUITE('alpha') });
    expect((await issuesOf(root)).map((issue) => [issue.path, issue.found])).toEqual([
      ['suites[0]', 'no file matches "evals" (evals is a folder: name the suite files in it, "evals/**/*.suite.yaml")'],
      ['suites[1]', 'no file matches "evals\\\\*.suite.yaml" (a glob separates folders with /, on Windows too; \\ escapes the character after it: "evals/*.suite.yaml")'],
    ]);
  });

  it('says which suites a *.suite.yaml glob misses by the .suite in their name alone (evals/refunds.yaml), none but suites', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/refunds.yaml': SUITE('alpha'), 'evals/notes.yaml': 'title: not a suite\n' });
    expect(await issuesOf(root)).toMatchObject([
      { line: 4, column: 10, path: 'suites[0]', code: 'no_suite_files', found: 'no file matches "evals/*.suite.yaml" (without ".suite" it would match evals/refunds.yaml: name it *.suite.yaml, or change the glob)' },
    ]);
    // The config and its policy, beside a `*.suite.yaml` glob at the root, are no suite named so.
    const top = project({ 'agentready.config.yaml': CONFIG.replace('[evals/*.suite.yaml]', '["*.suite.yaml"]'), 'policy.yaml': 'rules: []\n' });
    expect((await issuesOf(top)).filter((issue) => issue.code === 'no_suite_files').map((issue) => issue.found)).toEqual(['no file matches "*.suite.yaml"']);
  });

  it("refuses an empty policy or baseline path, and a baseline that is a folder, at its key (not a crash reading a folder)", async () => {
    const empty = project({ 'agentready.config.yaml': `${CONFIG}policy: ''\nbaseline: ''\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(empty)).toMatchObject([
      { line: 5, column: 9, path: 'policy', code: 'too_small', expected: 'a non-empty string' },
      { line: 6, column: 11, path: 'baseline', code: 'too_small', expected: 'a non-empty string' },
    ]);
    const folder = project({ 'agentready.config.yaml': `${CONFIG}baseline: evals\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(folder)).toMatchObject([{ line: 5, column: 11, path: 'baseline', code: 'unreadable', found: '"evals": a folder, not a file' }]);
    const byDefault = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('a'), 'agentready.baseline.json/keep': '' });
    expect(await issuesOf(byDefault)).toMatchObject([{ line: 1, column: 1, path: '', found: '"agentready.baseline.json": a folder, not a file' }]);
  });

  it('refuses a baseline path under a file at its key (no folder can be made there), not a crash after the run', async () => {
    const root = project({ 'agentready.config.yaml': `${CONFIG}baseline: evals/a.suite.yaml/agent.baseline.json\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(root)).toMatchObject([
      { line: 5, column: 11, path: 'baseline', code: 'unreadable', found: `"evals/a.suite.yaml/agent.baseline.json": under ${path.join('evals', 'a.suite.yaml')}, a file: no folder can be made there` },
    ]);
    const deeper = project({ 'agentready.config.yaml': `${CONFIG}baseline: evals/a.suite.yaml/x/b.json\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(deeper)).toMatchObject([{ path: 'baseline', found: `"evals/a.suite.yaml/x/b.json": under ${path.join('evals', 'a.suite.yaml')}, a file: no folder can be made there` }]);
  });

  it('refuses a baseline path under /proc at its key: baseline update ran every case, then failed on the mkdir as an unexpected error', async () => {
    const root = project({ 'agentready.config.yaml': `${CONFIG}baseline: /proc/agentready-none/b.json
`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(root)).toMatchObject([{ line: 5, column: 11, path: 'baseline', code: 'unreadable', found: '"/proc/agentready-none/b.json": under /proc, on the kernel\'s proc filesystem: no file can be made there' }]);
  });

  it('refuses a policy or baseline that is a device, at its key: reading /dev/zero never ends', async () => {
    const root = project({ 'agentready.config.yaml': `${CONFIG}policy: /dev/zero\nbaseline: /dev/urandom\n`, 'evals/a.suite.yaml': SUITE('a') });
    const notFile = 'not a regular file (a socket or a device: reading it could block or never end)';
    expect(await issuesOf(root)).toMatchObject([
      { line: 5, column: 9, path: 'policy', found: `"/dev/zero": ${notFile}` },
      { line: 6, column: 11, path: 'baseline', found: `"/dev/urandom": ${notFile}` },
    ]);
    expect(readText('/dev/zero')).toEqual({ ok: false, reason: notFile });
  });

  it('refuses a file longer than one text may be by its size, before reading it: a 600 MB traces file read whole, then failed in Node\'s words', () => {
    const huge = path.join(project({}), 'huge.jsonl');
    // Sparse: no disk written, and nothing read.
    writeFileSync(huge, '');
    truncateSync(huge, 600_000_000);
    expect(readText(huge)).toEqual({ ok: false, reason: 'a file of 572 MiB, more than the 512 MiB read as one text: split it into smaller files' });
    truncateSync(huge, MAX_TEXT_BYTES + 1);
    expect(readText(huge)).toMatchObject({ ok: false, reason: expect.stringMatching(/^a file of 512 MiB, more than/) });
  });

  it('reads a FIFO as a file (process substitution, --traces <(…)): the user\'s own pipe, which git cannot carry into a project', () => {
    const fifo = path.join(project({}), 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The writer is another process: readText blocks this thread until it has written and closed.
    const writer = spawn('sh', ['-c', 'printf "suite: a\\n" > "$0"', fifo], { stdio: 'ignore' });
    expect(readText(fifo)).toEqual({ ok: true, text: 'suite: a\n' });
    writer.kill();
  });

  it('refuses an agent module or a custom scorer that is a device or a folder, at its entry: importing /dev/zero reads until memory runs out', async () => {
    const config = 'target:\n  adapter: module\n  module: /dev/zero\nsuites: [evals/*.suite.yaml]\n';
    const suite = 'suite: a\ntools: []\ncases:\n  - id: a\n    input: hi\n    expect: { outcome: completed, custom: [./scorer] }\n';
    const root = project({ 'agentready.config.yaml': config, 'evals/a.suite.yaml': suite, 'evals/scorer/index.js': '' });
    const notFile = 'not a regular file (a socket or a device: reading it could block or never end)';
    expect(await issuesOf(root)).toMatchObject([
      { file: 'agentready.config.yaml', line: 3, column: 11, path: 'target.module', severity: 'error', found: `"/dev/zero" (${notFile})` },
      { file: path.join('evals', 'a.suite.yaml'), line: 6, column: 44, path: 'cases[0].expect.custom[0]', found: '"./scorer" (a folder, not a file)' },
    ]);
  });

  it('refuses a tool handler that is a device or a folder as such, at its entry, not as a missing module', async () => {
    const suite = 'suite: a\ntools:\n  - name: t\n    handler: ./lib#run\n  - name: u\n    handler: /dev/zero\ncases:\n  - id: a\n    input: hi\n    expect: { outcome: completed }\n';
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite, 'evals/lib/index.js': '' });
    const notFile = 'not a regular file (a socket or a device: reading it could block or never end)';
    expect(await issuesOf(root)).toMatchObject([
      { line: 4, column: 14, path: 'tools[0].handler', code: 'unreadable', message: `the handler module ${path.join('evals', 'lib')}: a folder, not a file`, found: '"./lib#run" (a folder, not a file)' },
      { line: 6, column: 14, path: 'tools[1].handler', code: 'unreadable', found: `"/dev/zero" (${notFile})` },
    ]);
  });

  it('refuses bytes that are not UTF-8, at their line and column, a UTF-16 file by its byte order mark and a compressed one by its magic bytes, not read as replacement characters', async () => {
    const file = (bytes: Buffer) => {
      const at = path.join(project({}), 'f.yaml');
      writeFileSync(at, bytes);
      return at;
    };
    expect(readText(file(Buffer.from('a: 1\nb: h\xff\xfei\n', 'latin1')))).toEqual({ ok: false, reason: 'not UTF-8 text (a byte that is no UTF-8 at line 2, column 5): save it as UTF-8', at: { line: 2, column: 5 } });
    expect(readText(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')])))).toEqual({ ok: false, reason: 'UTF-16 text, not UTF-8: save it as UTF-8' });
    // A compressed file (an OpenTelemetry Collector's file exporter with compression, a traces file gzipped for storage) is said to be one.
    const { gzipSync } = await import('node:zlib');
    expect(readText(file(gzipSync('{"resourceSpans":[]}\n')))).toEqual({ ok: false, reason: 'a gzip-compressed file, not text: decompress it first (gunzip -k)' });
    // zstd's frame magic (node:zlib of Node 20 has no zstd to make one).
    expect(readText(file(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, 0xff])))).toEqual({ ok: false, reason: 'a zstd-compressed file, not text: decompress it first (zstd -d)' });
    const text = '\ufeffa: "\ufffd é 😀"\n';
    // The byte order mark is left out, so that line 1's columns are an editor's.
    expect(readText(file(Buffer.from(text, 'utf8')))).toEqual({ ok: true, text: text.slice(1) });
  });

  it('says nothing of the policy\'s tools, arguments or the gate\'s slices against the suites while a suite does not parse: its tools and tags are unknown', async () => {
    const root = project({
      'agentready.config.yaml': `${CONFIG}policy: policy.yaml\ngate: { slices: { "tag:refund": { success_rate: { min: 1 } } } }\n`,
      'policy.yaml': 'rules:\n  - { id: r, tool: issue_refund, require: [arguments.reason] }\n  - { id: s, tool: lookup_order, require: [arguments.reason] }\n',
      'evals/a.suite.yaml': SUITE('a').replace('tags: [refund]', 'tags: [lookup]'),
      // A merge left it broken: it declares issue_refund, with a reason, and the refund cases.
      'evals/b.suite.yaml': 'suite: b\ntools:\n  - { name: issue_refund, parameters: { properties: { reason: { type: string } } } }\n<<<<<<< HEAD\ncases: []\n=======\n>>>>>>> other\n',
    });
    expect((await issuesOf(root)).map((i) => [i.file, i.code])).toEqual([['evals/b.suite.yaml', 'merge_conflict']]);
    // Saved in Latin-1: not read at all.
    writeFileSync(path.join(root, 'evals/b.suite.yaml'), Buffer.from('suite: b\ntools:\n  - { name: issue_refund }\ncases:\n  - { id: caf\xe9, input: hi, expect: {} }\n', 'latin1'));
    expect((await issuesOf(root)).map((i) => [i.file, i.code])).toEqual([['evals/b.suite.yaml', 'unreadable']]);
  });

  it('places a suite\'s byte that is no UTF-8 (a Latin-1 é) at its line and column, where an editor jumps, not at 1:1', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/latin.suite.yaml': '' });
    writeFileSync(path.join(root, 'evals/latin.suite.yaml'), Buffer.from(SUITE('latin').replace('input: hi', 'input: caf\xe9'), 'latin1'));
    expect(await issuesOf(root)).toMatchObject([{ file: 'evals/latin.suite.yaml', line: 6, column: 15, code: 'unreadable', found: 'not UTF-8 text (a byte that is no UTF-8 at line 6, column 15): save it as UTF-8' }]);
  });

  it('says a wrong type once: no size bound of the other type beside it (`suites: ""` is not a list)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG.replace('[evals/*.suite.yaml]', "''"), 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(root)).toMatchObject([{ line: 4, path: 'suites', code: 'invalid_type', expected: 'a list' }]);
  });

  it('reports YAML problems and duplicate suite names across files', async () => {
    const root = project({
      'agentready.config.yaml': CONFIG,
      'evals/a.suite.yaml': SUITE('same'),
      'evals/b.suite.yaml': SUITE('same'),
      'evals/c.suite.yaml': `${SUITE('gamma')}suite: again\n`,
    });
    const issues = await issuesOf(root);
    expect(issues.map((i) => [i.file, i.line, i.code])).toEqual([
      ['evals/b.suite.yaml', 1, 'duplicate_suite'],
      ['evals/c.suite.yaml', 10, 'yaml_duplicate_key'],
    ]);
  });

  it('a ConfigError carries the warnings too, so they are not lost behind the errors', async () => {
    const suite = 'suite: a\ntools:\n  - name: lookup_order\ncases:\n  - id: a\n    input: hi\n    expect: { outcome: completed, forbid: [ghost_tool] }\n    bogus: 1\n';
    const issues = await issuesOf(project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite }));
    expect(issues.map((i) => `${i.line} ${i.severity ?? 'error'}`)).toEqual(['7 warning', '8 error']);
  });

  it('refuses a timeout_ms longer than a Node timer can wait (it would fire at once)', async () => {
    const root = project({ 'agentready.config.yaml': `${CONFIG}run: { timeout_ms: 3000000000 }\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(root)).toMatchObject([{ line: 5, path: 'run.timeout_ms', code: 'too_big' }]);
  });

  it('refuses counts and sizes that could not be built: a billion repeats, an oversized input past any string, 2^31 rate-limited calls, a billion variants per case', async () => {
    const suite = SUITE('a').replace('suite: a\n', 'suite: a\nadversarial: [malformed_input, rate_limit]\n').replace('    mocks:', '    expect: { outcome: completed, tools: [{ name: lookup_order }] }\n    mocks:').replace(/    expect: \{ outcome: completed \}\n/, '');
    const root = project({
      'agentready.config.yaml': `${CONFIG}run: { repeat: 1000000000 }\nadversarial: { max_input_chars: 2147483647, variants_per_case: 1000000000 }\nadversarial_packs: [pack.yaml]\n`,
      'evals/a.suite.yaml': suite,
      'pack.yaml': 'pack: p\ncategory: rate_limit\npayloads:\n  - { id: many, calls: 2147483647, retry_after_ms: 1 }\n',
    });
    expect((await issuesOf(root)).map((i) => `${i.file}:${i.line} ${i.path} ${i.code}`)).toEqual([
      'agentready.config.yaml:5 run.repeat too_big',
      'agentready.config.yaml:6 adversarial.max_input_chars too_big',
      'agentready.config.yaml:6 adversarial.variants_per_case too_big',
      'pack.yaml:4 payloads[0].calls too_big',
    ]);
    writeFileSync(path.join(root, 'agentready.config.yaml'), `${CONFIG}adversarial: { variants_per_case: { rate_limit: 1001 } }\nadversarial_packs: [pack.yaml]\n`);
    expect(await issuesOf(root)).toMatchObject([
      { line: 5, column: 49, path: 'adversarial.variants_per_case.rate_limit', code: 'too_big', expected: 'a number of at most 1000' },
      { file: 'pack.yaml' },
    ]);
    // Just inside the bounds the same project loads.
    const fine = project({
      'agentready.config.yaml': `${CONFIG}run: { repeat: 1000 }\nadversarial: { max_input_chars: 10000000, variants_per_case: 1000 }\nadversarial_packs: [pack.yaml]\n`,
      'evals/a.suite.yaml': suite,
      'pack.yaml': 'pack: p\ncategory: rate_limit\npayloads:\n  - { id: many, calls: 100, retry_after_ms: 1 }\n',
    });
    const config = await loadConfig({ names: namesRedactionChanges, cwd: fine, env: {} });
    expect(config.suites[0]!.variants?.map((t) => t.count)).toEqual([expect.any(Number), 3]);
  });

  it('with agentless (card, compare, report, review, baseline show), an unset ${VAR} under target is no error: only starting the agent reads it', async () => {
    const files = {
      'agentready.config.yaml': 'target:\n  adapter: http\n  url: http://127.0.0.1:8080/run\n  headers: { authorization: "Bearer ${AGENT_KEY}" }\nsuites: [evals/*.suite.yaml]\n',
      'evals/a.suite.yaml': SUITE('a'),
    };
    const root = project(files);
    expect((await issuesOf(root)).map((i) => [i.path, i.code])).toEqual([['target.headers.authorization', 'env_unset']]);
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, agentless: true });
    expect(config.suites.map((s) => s.name)).toEqual(['a']);
    expect(config.warnings).toEqual([]);
    // Elsewhere an unset variable stays an error: the suites, the baseline and the gate are read.
    const elsewhere = project({ ...files, 'agentready.config.yaml': `${files['agentready.config.yaml']}baseline: \${BASE}/b.json\n` });
    const error = await loadConfig({ names: namesRedactionChanges, cwd: elsewhere, env: {}, agentless: true }).catch((e: unknown) => e);
    expect(error instanceof ConfigError && error.issues.map((i) => [i.path, i.code])).toEqual([['baseline', 'env_unset']]);
  });

  it('with agentless, an unset ${VAR} in a target.url that is no URL as written is no error; the url stays as written, and the rest is still checked', async () => {
    const config = (url: string, extra = '') => `target:\n  adapter: http\n  url: "${url}"\n${extra}suites: [evals/*.suite.yaml]\n`;
    const root = project({ 'agentready.config.yaml': config('http://127.0.0.1:${PORT}/'), 'evals/a.suite.yaml': SUITE('a') });
    expect((await issuesOf(root)).map((i) => [i.path, i.code, i.line, i.column])).toEqual([['target.url', 'env_unset', 3, 8]]);
    const loaded = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, agentless: true });
    expect(loaded.target).toMatchObject({ adapter: 'http', url: 'http://127.0.0.1:${PORT}/' });
    expect(loaded.warnings).toEqual([]);
    // Another error in the config still stops it (the unset variable listed with it, as for a header's).
    const broken = project({ 'agentready.config.yaml': config('${AGENT_URL}', 'run: { timeout_ms: -1 }\n'), 'evals/a.suite.yaml': SUITE('a') });
    const error = await loadConfig({ names: namesRedactionChanges, cwd: broken, env: {}, agentless: true }).catch((e: unknown) => e);
    expect(error instanceof ConfigError && error.issues.map((i) => [i.path, i.code])).toEqual([['target.url', 'env_unset'], ['run.timeout_ms', 'too_small']]);
  });

  it('reports an unset ${VAR} in the config at its value', async () => {
    const root = project({ 'agentready.config.yaml': `${CONFIG}baseline: \${BASE}/b.json\n`, 'evals/a.suite.yaml': SUITE('a') });
    expect(await issuesOf(root)).toMatchObject([{ line: 5, column: 11, code: 'env_unset' }]);
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: { BASE: 'out' } });
    expect(config.baselinePath).toBe(path.join(root, 'out/b.json'));
  });

  it('throws a UsageError with a hint when there is no config file', async () => {
    const root = project({ 'x.txt': '' });
    const error = await loadConfig({ names: namesRedactionChanges, cwd: root, configPath: 'nope.yaml', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('cannot read nope.yaml: no such file');
  });

  it('names the folder and the way out when no config is found', async () => {
    // The temp folder's ancestors hold no config; this test would mislead if /tmp had one.
    const root = project({ 'x.txt': '' });
    if (findConfigFile(root) !== undefined) throw new Error('a config file above the temp folder spoils this test');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`no agentready.config.yaml in ${root} or any folder above it`);
    expect(error.hint).toContain('`agentready init` writes one');
  });

  it('names a config written under another name in the folder (agentready.yaml), not init', async () => {
    const root = project({ 'agentready.yaml': 'target: {}\n', 'agentready.baseline.json': '{}' });
    if (findConfigFile(root) !== undefined) throw new Error('a config file above the temp folder spoils this test');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as UsageError;
    expect(error.message).toBe(`no agentready.config.yaml in ${root} or any folder above it`);
    expect(error.hint).toBe('agentready.yaml is here, but agentready looks for agentready.config.yaml (or .yml): rename it, or pass --config agentready.yaml');
    // The baseline alone is no config under another name.
    const baselineOnly = project({ 'agentready.baseline.json': '{}' });
    expect(((await loadConfig({ names: namesRedactionChanges, cwd: baselineOnly, env: {} }).catch((e: unknown) => e)) as UsageError).hint).toContain('`agentready init` writes one');
  });
});

describe('loadConfig: a `__proto__` key the user wrote', () => {
  const own = (value: unknown) => {
    const record = value as Record<string, unknown>;
    return Object.hasOwn(record, '__proto__') ? record['__proto__'] : 'no own __proto__ key';
  };

  // A case of each reading: the plain block style goes by lines (line-yaml), a flow mapping by js-yaml's events (fast-yaml).
  it.each([
    ['block', '    context:\n      __proto__:\n        admin: true\n      user: ann\n'],
    ['flow', '    context: { __proto__: { admin: true }, user: ann }\n'],
  ])('keeps it in a case context (%s style) as an own key, the prototype untouched', async (_style, context) => {
    const suite =
      'suite: alpha\nstate: { __proto__: { suite: 1 }, orders: {} }\ntools:\n  - name: lookup_order\ncases:\n  - id: a\n    input: hi\n' +
      context +
      '    state: { __proto__: { case: 2 } }\n' +
      '    mocks: [{ tool: lookup_order, when: { __proto__: { lte: 3 } }, result: { __proto__: { r: 1 } } }]\n' +
      '    expect:\n      tools: [{ name: lookup_order, args: { __proto__: { any: true } } }]\n      state: { __proto__: { suite: 1 } }\n';
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite });
    const kase = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).suites[0]!.cases[0]!;
    expect(own(kase.context)).toEqual({ admin: true });
    expect(kase.context['user']).toBe('ann');
    expect(Object.getPrototypeOf(kase.context)).toBe(Object.prototype);
    expect(own(kase.state)).toEqual({ suite: 1, case: 2 });
    expect(Object.keys(kase.state!)).toEqual(['__proto__', 'orders']);
    expect(own(kase.mocks[0]!.when)).toEqual({ lte: 3 });
    expect(own(kase.mocks[0]!.result)).toEqual({ r: 1 });
    expect(own(kase.expect.tools![0]!.args)).toEqual({ any: true });
    expect(own(kase.expect.state)).toEqual({ suite: 1 });
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('still refuses a context that is not a mapping, as a record', async () => {
    const suite = 'suite: alpha\ntools: []\ncases:\n  - id: a\n    input: hi\n    context: [1, 2]\n    expect: { outcome: completed }\n';
    const [issue] = await issuesOf(project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite }));
    expect(issue).toMatchObject({ path: 'cases[0].context', line: 6 });
  });
});
