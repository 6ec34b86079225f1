// action.yml, run the way GitHub runs a composite action: each `run:` step in bash with its
// `env`, `if` and `working-directory`, outputs through $GITHUB_OUTPUT; the upload step is checked
// for the folder it would upload. The pull-request comment goes to a fake GitHub API on 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFakeGithub, type FakeComment, type FakeGithub } from './helpers/fake-github.js';
import { REPO, agentCommand, freePort, linkPackage, makeProject, runCli } from './helpers/run-cli.js';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as Action;
const REPOSITORY = 'octo/shop';
const PR = 7;

interface ActionRun {
  exitCode: number;
  log: string;
  outputs: Record<string, string>;
  /** The folder the upload-artifact step was given, when it ran. */
  uploaded: string | undefined;
  /** The upload-artifact step's other inputs (its artifact's name, overwrite), when it ran. */
  upload: { name: string; overwrite: boolean } | undefined;
}

/**
 * A folder holding an `npx` that stands in for npm's in the runs not about it: `npx --no-install
 * agentready …` runs the project's installed bin, as npm's npx does, without npm's ~0.5 s of CPU
 * (a run's eval step is the action's costliest part after eval itself). The pull-request test
 * runs npm's npx, so the action's lookup of the installed package stays checked.
 */
const NPX_STAND_IN = (() => {
  const bin = mkdtempSync(join(tmpdir(), 'agentready-npx-'));
  writeFileSync(
    join(bin, 'npx'),
    // As npm's npx, it finds the installed bin in the nearest node_modules/.bin at or above the current folder.
    '#!/bin/sh\n[ "$1 $2" = "--no-install agentready" ] || { echo "npx stand-in: unexpected arguments: $*" >&2; exit 127; }\nshift 2\nd=$PWD\nwhile [ ! -x "$d/node_modules/.bin/agentready" ] && [ "$d" != / ]; do d=$(dirname "$d"); done\nexec "$d/node_modules/.bin/agentready" "$@"\n',
    { mode: 0o755 },
  );
  return bin;
})();

/** Runs the action's steps in `dir` for a `pull_request` event (or `eventName`); `npx: 'npm'` runs npm's npx, not the stand-in. */
async function runAction(
  dir: string,
  github: FakeGithub,
  {
    inputs = {},
    eventName = 'pull_request',
    env = {},
    npx = 'stand-in',
  }: { inputs?: Record<string, string>; eventName?: string; env?: Record<string, string>; npx?: 'npm' | 'stand-in' } = {},
): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'agentready-runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(eventName === 'pull_request' ? { pull_request: { number: PR } } : { ref: 'refs/heads/main' }));
  const values: Record<string, string> = { 'github.token': github.token, 'github.event_name': eventName };
  const outputs: Record<string, string> = {};
  const lookup = (name: string) => values[name] ?? (name.startsWith('steps.eval.outputs.') ? outputs[name.slice('steps.eval.outputs.'.length)] ?? '' : undefined);
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
      const value = lookup(name);
      if (value === undefined) throw new Error(`action.yml uses \${{ ${name} }}, which this runner does not know`);
      return value;
    });
  /** `if:` expressions: always(), ==, !=, &&, ||, parentheses, string literals and known names. */
  const holds = (condition: string | undefined, failed: boolean) => {
    if (condition === undefined) return !failed;
    const js = condition
      .replace(/always\(\)/g, 'true')
      .replace(/([!=])=/g, '$1==')
      .replace(/\b(inputs|github|steps)\.[\w.-]+/g, (name) => JSON.stringify(lookup(name) ?? ''));
    return Boolean(new Function(`return (${js});`)());
  };

  // Defaults may be expressions themselves (`${{ github.token }}`).
  for (const [name, input] of Object.entries(ACTION.inputs)) values[`inputs.${name}`] = inputs[name] ?? expand(input.default ?? '');

  let failed = false;
  let exitCode = 0;
  let log = '';
  let uploaded: string | undefined;
  let upload: ActionRun['upload'];
  for (const step of ACTION.runs.steps) {
    if (!holds(step.if, failed)) continue;
    if (step.uses) {
      expect(step.uses).toMatch(/^actions\/upload-artifact@v7$/);
      uploaded = expand(String(step.with?.path));
      upload = { name: expand(String(step.with?.name)), overwrite: step.with?.overwrite === true };
      continue;
    }
    const outputFile = join(runnerTemp, `output-${Math.random()}`);
    writeFileSync(outputFile, '');
    const result = await execa('bash', ['-e', '-c', step.run!], {
      cwd: join(dir, expand(step['working-directory'] ?? '.')),
      reject: false,
      env: {
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value)])),
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: dir,
        CI: 'true',
        NO_COLOR: '1',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: join(runnerTemp, 'step-summary.md'),
        GITHUB_ACTION_PATH: REPO,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_EVENT_NAME: eventName,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_RUN_ID: '42',
        RUNNER_TEMP: runnerTemp,
        ...(npx === 'stand-in' ? { PATH: `${NPX_STAND_IN}${delimiter}${process.env.PATH}` } : {}),
        ...env,
      },
    });
    log += `${result.stdout}\n${result.stderr}\n`;
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const equals = line.indexOf('=');
      if (step.id === 'eval' && equals > 0) outputs[line.slice(0, equals)] = line.slice(equals + 1);
    }
    if (result.exitCode !== 0) {
      failed = true;
      exitCode = result.exitCode ?? 1;
    }
  }
  return { exitCode, log, outputs, uploaded, upload };
}

const SUITE = `suite: s
tools: []
cases:
  - { id: one, input: first, expect: { outcome: completed } }
  - { id: two, input: second, expect: { outcome: completed } }
`;

/** A project whose agentready is installed the way `npm install` links it. */
function userProject(): string {
  const dir = makeProject({
    'package.json': JSON.stringify({ name: 'shop', private: true }),
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-toggle.js')} }\nsuites: [s.suite.yaml]\n`,
    's.suite.yaml': SUITE,
  });
  linkPackage(dir);
  return dir;
}

/** The fake GitHub APIs the tests started, closed after the file. */
const fakes: FakeGithub[] = [];
afterAll(() => Promise.all(fakes.map((fake) => fake.close())));

/** A fake GitHub API of the test's own (the tests run at once, and one makes it refuse), and the comments of a pull request on it. */
async function fakeGithub(): Promise<{ github: FakeGithub; commentsOf: (number: number) => FakeComment[] }> {
  const github = await startFakeGithub(REPOSITORY);
  fakes.push(github);
  return { github, commentsOf: (number) => github.comments.get(number) ?? [] };
}

// Each test has its projects and its fake GitHub API: they wait on the action's steps (bash,
// the CLI, the agent, the comment script) and run at once.
describe.concurrent('action.yml', () => {
  it('is a composite action whose eval step runs the installed command with the github and markdown reporters', () => {
    expect(ACTION.runs.using).toBe('composite');
    const evalStep = ACTION.runs.steps.find((step) => step.id === 'eval')!;
    expect(evalStep.run).toMatch(/npx --no-install agentready eval --reporter github --reporter "markdown:\$summary"/);
    expect(existsSync(join(REPO, 'scripts/pr-comment.mjs'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('scripts/pr-comment.mjs');
  });

  it("docs/ci.md's table of inputs lists every input the action has, and no other", () => {
    const doc = readFileSync(join(REPO, 'docs/ci.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| input | default | meaning |'), doc.indexOf('Outputs: `exit-code`'));
    expect([...table.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]).sort()).toEqual(Object.keys(ACTION.inputs).sort());
  });

  // Two whole action runs (install, baseline gate, comment, upload): ~17 s alone on 2 cores, past 30 s under load.
  it('on a pull request: one comment created, then updated in place with the newly failing case; the run folder uploaded; the exit code kept', async () => {
    const { github, commentsOf } = await fakeGithub();
    const dir = userProject();
    expect((await runCli(dir, ['baseline', 'update'])).exitCode).toBe(0);

    const first = await runAction(dir, github, { npx: 'npm' });
    expect(first.exitCode).toBe(0);
    expect(first.log).toContain(`created comment`);
    expect(commentsOf(PR)).toHaveLength(1);
    expect(commentsOf(PR)[0]!.body).toMatch(/^<!-- agentready:pr-comment -->\n## ✅ agentready: gate passed/);
    expect(commentsOf(PR)[0]!.body).toContain('https://github.example/octo/shop/actions/runs/42');
    expect(first.uploaded).toBe(first.outputs['run-folder']);
    expect(existsSync(join(first.uploaded!, 'results.jsonl'))).toBe(true);
    expect(existsSync(join(first.uploaded!, 'summary.json'))).toBe(true);
    expect(readFileSync(join(first.outputs.summary!, '..', 'step-summary.md'), 'utf8')).toContain('agentready: gate passed');

    const second = await runAction(dir, github, { env: { AGENT_FAIL_CASES: 'two' } });
    expect(second.exitCode).toBe(1);
    expect(second.log).toMatch(/::error file=s\.suite\.yaml,line=5.*s\/two newly failing/);
    expect(second.log).toContain('updated comment');
    expect(commentsOf(PR)).toHaveLength(1);
    const body = commentsOf(PR)[0]!.body;
    expect(body).toMatch(/^<!-- agentready:pr-comment -->\n## ❌ agentready: gate FAILED/);
    expect(body).toMatch(/newly failing[\s\S]*s\/two/i);
    expect(second.uploaded).not.toBe(first.uploaded);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  }, 60_000);

  it('uploads under a name of each job’s own (matrix jobs tell theirs apart by comment-id), replacing a re-run’s earlier attempt', async () => {
    const { github } = await fakeGithub();
    // The jobs run at once, each in a project of its own, as a workflow's jobs do.
    const push = (inputs: Record<string, string> = {}) => runAction(userProject(), github, { eventName: 'push', inputs });
    const [plain, ...shards] = await Promise.all([push(), push({ 'comment-id': 'shard-1' }), push({ 'comment-id': 'shard-2' })]);
    expect(plain.upload).toEqual({ name: 'agentready-run', overwrite: true });
    // Artifact names are unique in a workflow run: two jobs under one name, the second upload fails (409).
    expect(shards.map((run) => run.upload?.name)).toEqual(['agentready-run-shard-1', 'agentready-run-shard-2']);
    const [named, matrix] = await Promise.all([
      push({ 'comment-id': 'shard-1', 'artifact-name': 'refunds-run' }),
      // A matrix value as comment-id ('py/3.12'): the characters an artifact name may not hold become '-', or the upload fails.
      push({ 'comment-id': 'py/3.12:linux "a"' }),
    ]);
    expect(named.upload?.name).toBe('refunds-run');
    expect(matrix.upload?.name).toBe('agentready-run-py-3.12-linux -a-');
  });

  it('uploads the run folder of a config above its working-directory (found there or above), which is not below it', async () => {
    const { github } = await fakeGithub();
    const dir = userProject();
    mkdirSync(join(dir, 'sub'));
    const run = await runAction(dir, github, { eventName: 'push', inputs: { 'working-directory': 'sub' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['run-folder']).toMatch(/\/\.agentready\/runs\/[^/]+$/);
    expect(run.uploaded).toBe(run.outputs['run-folder']);
    expect(existsSync(join(run.uploaded!, 'results.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'sub', '.agentready'))).toBe(false);
  });

  it("with base-baseline, a pull request is compared with the base branch's baseline (the merge commit's first parent); a push or an unfetched parent is not", async () => {
    const { github, commentsOf } = await fakeGithub();
    const committed = async (commits: number) => {
      const dir = userProject();
      const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
      await git('init', '-q');
      // The base branch's baseline has both cases passing; the pull request's accepts `two` failing.
      for (const [i, failing] of ['', 'two'].slice(-commits).entries()) {
        expect((await runCli(dir, ['baseline', 'update'], { AGENT_FAIL_CASES: failing })).exitCode).toBe(0);
        await git('add', 'agentready.baseline.json');
        await git('commit', '-qm', `commit ${i}`);
      }
      return dir;
    };
    const inputs = { 'base-baseline': 'agentready.baseline.json' };
    const env = { AGENT_FAIL_CASES: 'two' };
    const [dir, shallow] = await Promise.all([committed(2), committed(1)]);

    const pullRequest = await runAction(dir, github, { inputs, env });
    expect(pullRequest.exitCode).toBe(0);
    expect(commentsOf(PR)[0]!.body).toMatch(/^<!-- agentready:pr-comment -->\n## ⚠️ agentready: gate passed \(against a baseline this change loosened\)\n/);
    expect(commentsOf(PR)[0]!.body).toContain("- Passing in the base branch's baseline, now recorded as failing (known failures the gate no longer counts) (1): `s/two`");

    // A path in neither commit (misspelt) is said; the committed file, missing from the base only, is not.
    expect(pullRequest.log).not.toContain('is in neither this commit');
    const misspelt = await runAction(dir, github, { inputs: { 'base-baseline': 'agentready-baseline.json' }, env });
    expect(misspelt.log).toContain("::warning title=agentready::base-baseline: agentready-baseline.json is in neither this commit nor the base branch's");

    const push = await runAction(dir, github, { eventName: 'push', inputs, env });
    expect(readFileSync(push.outputs.summary!, 'utf8')).toMatch(/^## ✅ agentready: gate passed\n/);

    const unfetched = await runAction(shallow, github, { inputs, env });
    expect(unfetched.exitCode).toBe(0);
    expect(unfetched.log).toContain("::warning title=agentready::base-baseline: the base branch's commit (HEAD^1) is not fetched");
    expect(readFileSync(unfetched.outputs.summary!, 'utf8')).toMatch(/^## ✅ agentready: gate passed\n/);
  }, 60_000);

  it('finds its comment on a later page of a long thread and edits it; never posts a second', async () => {
    const { github, commentsOf } = await fakeGithub();
    const number = 8;
    const others = Array.from({ length: 230 }, (_, i) => ({ id: i + 1, body: `a review comment ${i}` }));
    others.splice(150, 0, { id: 5000, body: '<!-- agentready:pr-comment -->\nold verdict' });
    github.comments.set(number, others);
    const env = { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, GITHUB_EVENT_PATH: eventFile({ pull_request: { number } }) };
    const summary = join(mkdtempSync(join(tmpdir(), 'agentready-summary-')), 'summary.md');
    writeFileSync(summary, '✅ agentready: gate passed\n');
    const result = await execa('node', [join(REPO, 'scripts/pr-comment.mjs'), '--summary', summary, '--exit-code', '0'], { env });
    expect(result.stdout).toContain('updated comment 5000 on pull request #8');
    expect(commentsOf(number)).toHaveLength(231);
    expect(commentsOf(number).find((c) => c.id === 5000)!.body).toBe('<!-- agentready:pr-comment -->\n✅ agentready: gate passed\n');
    expect(github.requests.filter((r) => r.path.startsWith(`/repos/${REPOSITORY}/issues/${number}/comments`)).map((r) => r.path)).toEqual([
      `/repos/${REPOSITORY}/issues/${number}/comments?per_page=100`,
      `/repos/${REPOSITORY}/issues/${number}/comments?per_page=100&page=2`,
      `/repos/${REPOSITORY}/issues/${number}/comments?per_page=100&page=3`,
    ]);
  });

  it('edits only a comment that starts with its marker: a review comment quoting the marker further down is left as written', async () => {
    const { github, commentsOf } = await fakeGithub();
    const number = 10;
    const review = 'Why does the bot find its comment by `<!-- agentready:pr-comment -->`? It could match this one.';
    // The bot's own comment of an earlier push, since edited on GitHub's page (CRLF line ends), is still its own.
    github.comments.set(number, [{ id: 1, body: review }]);
    github.comments.set(number + 100, [{ id: 2, body: '<!-- agentready:pr-comment -->\r\nold verdict, edited\r\n' }]);
    const env = { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, GITHUB_EVENT_PATH: eventFile({ pull_request: { number } }) };
    const summary = join(mkdtempSync(join(tmpdir(), 'agentready-summary-')), 'summary.md');
    writeFileSync(summary, '✅ agentready: gate passed\n');
    const result = await execa('node', [join(REPO, 'scripts/pr-comment.mjs'), '--summary', summary, '--exit-code', '0'], { env });
    expect(result.stdout).toMatch(/created comment \d+ on pull request #10/);
    expect(commentsOf(number).map((c) => c.body)).toEqual([review, '<!-- agentready:pr-comment -->\n✅ agentready: gate passed\n']);
    const edited = await execa('node', [join(REPO, 'scripts/pr-comment.mjs'), '--summary', summary, '--exit-code', '0'], { env: { ...env, GITHUB_EVENT_PATH: eventFile({ pull_request: { number: number + 100 } }) } });
    expect(edited.stdout).toContain('updated comment 2 on pull request #110');
    expect(commentsOf(number + 100)).toHaveLength(1);
  });

  it('splits args as a shell splits words (quotes, a space inside them, a glob left as written) and runs none of it; an unclosed quote is bad input', async () => {
    const { github } = await fakeGithub();
    const dir = userProject();
    const quoted = await runAction(dir, github, { eventName: 'push', inputs: { args: `--grep "^one$" --reporter 'junit:my results.xml' --tag '*' $(touch ran)` } });
    // A command substitution is two words, as read, not run; `--tag *` (variadic, with them) selects no case: exit 2.
    expect(quoted.exitCode).toBe(2);
    expect(quoted.log).toContain('agentready: no case has the tags "*", "$(touch", "ran)"');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    const run = await runAction(dir, github, { eventName: 'push', inputs: { args: `--grep "^one$" --reporter 'junit:my results.xml'` } });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'my results.xml'), 'utf8')).toMatch(/<testsuites name="agentready" tests="1" /);
    const unclosed = await runAction(dir, github, { eventName: 'push', inputs: { args: '--grep "one' } });
    expect(unclosed.exitCode).toBe(2);
    expect(unclosed.log).toContain('::error title=agentready::args: an unclosed quote in: --grep "one');
  });

  it('--help (-h) prints the usage and what the script reads, exit 0 (was "unknown option \'--help\'", exit 2)', async () => {
    const script = join(REPO, 'scripts/pr-comment.mjs');
    for (const flag of ['--help', '-h']) {
      const help = await execa('node', [script, flag], { reject: false, env: { GITHUB_EVENT_PATH: '' } });
      expect(help.exitCode, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^usage: node pr-comment.mjs --summary <file> --exit-code <code> \[--id <id>\]\n/);
      expect(help.stdout).toContain('GITHUB_EVENT_PATH');
      expect(help.stderr).toBe('');
    }
  });

  it('a flag it does not know, or an event file that is not JSON, is one line naming it, exit 2, no stack trace', async () => {
    const script = join(REPO, 'scripts/pr-comment.mjs');
    const flag = await execa('node', [script, '--summry', 'summary.md'], { reject: false, env: { GITHUB_EVENT_PATH: '' } });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toMatch(/^agentready pr-comment: unknown option '--summry'/);
    expect(flag.stderr).toContain('usage: node pr-comment.mjs --summary <file> --exit-code <code> [--id <id>]');
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const eventPath = join(mkdtempSync(join(tmpdir(), 'agentready-event-')), 'event.json');
    writeFileSync(eventPath, '{"pull_request": ');
    const event = await execa('node', [script, '--exit-code', '0'], { reject: false, env: { GITHUB_EVENT_PATH: eventPath } });
    expect(event.exitCode).toBe(2);
    expect(event.stderr).toMatch(new RegExp(`^agentready pr-comment: ${eventPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not JSON: `));
    expect(event.stderr).not.toMatch(/\n\s+at /);
  });

  it("an API it cannot reach is a warning that says why (fetch's cause), exit 0", async () => {
    const port = await freePort();
    const env = { GITHUB_TOKEN: 't', GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_REPOSITORY: REPOSITORY, GITHUB_EVENT_PATH: eventFile({ pull_request: { number: 3 } }) };
    const result = await execa('node', [join(REPO, 'scripts/pr-comment.mjs'), '--exit-code', '0'], { env, reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`::warning title=agentready comment::could not comment on pull request #3: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  it('keeps one comment per comment-id, and says why when agentready wrote no summary', async () => {
    const { github, commentsOf } = await fakeGithub();
    const number = 9;
    const env = { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, GITHUB_EVENT_PATH: eventFile({ pull_request: { number } }) };
    const script = join(REPO, 'scripts/pr-comment.mjs');
    await execa('node', [script, '--summary', '/nonexistent/summary.md', '--exit-code', '2', '--id', 'shard-1'], { env });
    await execa('node', [script, '--summary', '/nonexistent/summary.md', '--exit-code', '3', '--id', 'shard-2'], { env });
    await execa('node', [script, '--summary', '/nonexistent/summary.md', '--exit-code', '3', '--id', 'shard-1'], { env });
    expect(commentsOf(number).map((c) => c.body.split('\n')[0])).toEqual(['<!-- agentready:pr-comment:shard-1 -->', '<!-- agentready:pr-comment:shard-2 -->']);
    expect(commentsOf(number)[0]!.body).toContain('agentready exited 3 before writing its summary');
  });

  it('outside a pull request it calls no API; a refusing API is a warning annotation, and the job keeps eval’s exit code', async () => {
    const { github } = await fakeGithub();
    const dir = userProject();
    const before = github.requests.length;
    const push = await runAction(dir, github, { eventName: 'push' });
    expect(push.exitCode).toBe(0);
    expect(github.requests.length).toBe(before);

    github.refuseWith = 403;
    try {
      const refused = await runAction(dir, github, { env: { AGENT_FAIL_CASES: 'one' } });
      expect(refused.log).toMatch(/::warning title=agentready comment::could not comment on pull request #7: GET \/repos\/octo\/shop\/issues\/7\/comments answered HTTP 403/);
      expect(refused.log).toContain('pull-requests: write');
      // No baseline in this project: the run completes and the gate's absolute thresholds decide.
      expect(refused.exitCode).toBe(Number(refused.outputs['exit-code']));
    } finally {
      github.refuseWith = undefined;
    }
  });
});

function eventFile(event: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'agentready-event-')), 'event.json');
  writeFileSync(path, JSON.stringify(event));
  return path;
}
