// The GitHub Actions workflow init writes, read as GitHub runs it: when its jobs run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initProject } from '../../../src/config/init-project.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request?: unknown; push?: { branches?: string[] } };
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  jobs: { eval: Job; gate: Job };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function workflow(): Promise<Workflow> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-'));
  dirs.push(dir);
  await initProject({ adapter: 'module', dir });
  return parse(readFileSync(path.join(dir, '.github/workflows/agentready.yml'), 'utf8')) as Workflow;
}

describe('the workflow init writes', () => {
  it('merges after failed shards but not after the run was cancelled (always() runs on cancel too)', async () => {
    const { gate } = (await workflow()).jobs;
    expect(gate.needs).toBe('eval');
    expect(gate.if?.replace(/\s/g, '')).toBe('${{!cancelled()}}');
  });

  it('keeps one comment on the pull request: the merged summary, with merge\'s exit code, by the script the package ships (a failing gate too, not on cancel)', async () => {
    const { gate } = (await workflow()).jobs;
    expect(gate.permissions).toMatchObject({ 'pull-requests': 'write' });
    const merge = gate.steps.find((step) => step.run?.includes('agentready merge'));
    const summary = /--reporter "markdown:([^"]+)"/.exec(merge?.run ?? '')?.[1];
    expect(summary).toBeDefined();
    expect(merge?.run).toMatch(/echo "exit-code=\$code" >> "\$GITHUB_OUTPUT"\n\s*exit "\$code"/);
    const comment = gate.steps.find((step) => step.run?.includes('pr-comment.mjs'));
    expect(comment?.run).toBe(`node node_modules/agentready-cli/scripts/pr-comment.mjs --summary "${summary!}" --exit-code "\${{ steps.${merge!.id!}.outputs.exit-code }}"`);
    expect(comment?.if?.replace(/\s/g, '')).toBe("${{!cancelled()&&github.event_name=='pull_request'}}");
    expect(comment?.env?.['GITHUB_TOKEN']).toBe('${{ github.token }}');
    const shipped = (JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../package.json'), 'utf8')) as { files: string[] }).files;
    expect(shipped).toContain('scripts/pr-comment.mjs');
  });

  it('cancels the run of an older push to the same pull request, so a run pays for the newest commit only', async () => {
    const { concurrency } = await workflow();
    expect(concurrency?.group).toContain('github.event.pull_request.number');
    expect(concurrency?.['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it("docs/runbook.md's matrix workflow cancels as init's does: older pull-request runs only, never the default branch's", async () => {
    const { concurrency } = await workflow();
    const runbook = readFileSync(path.join(import.meta.dirname, '../../../docs/runbook.md'), 'utf8');
    const snippet = /### GitHub Actions\n\n```yaml\n([\s\S]*?)```/.exec(runbook)?.[1];
    expect(snippet).toBeDefined();
    expect((parse(snippet!) as Workflow).concurrency).toEqual(concurrency);
  });

  it("docs/runbook.md's matrix workflow is one to copy whole: init's triggers, npm's cache, and the merged run and JUnit file uploaded", async () => {
    const { on } = await workflow();
    const runbook = readFileSync(path.join(import.meta.dirname, '../../../docs/runbook.md'), 'utf8');
    const snippet = parse(/### GitHub Actions\n\n```yaml\n([\s\S]*?)```/.exec(runbook)![1]!) as Workflow;
    expect(snippet.on).toEqual(on);
    for (const job of [snippet.jobs.eval, snippet.jobs.gate]) expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with).toMatchObject({ cache: 'npm' });
    const upload = snippet.jobs.gate.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toContain('agentready-junit.xml');
  });

  it('runs on pushes to the default branch too, so a pull request restores a history its base branch saved (a PR alone starts empty)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-'));
    dirs.push(dir);
    await initProject({ adapter: 'module', dir });
    const text = readFileSync(path.join(dir, '.github/workflows/agentready.yml'), 'utf8');
    const { on } = parse(text) as Workflow;
    expect(on).toHaveProperty('pull_request');
    expect(on.push?.branches).toEqual(['main']);
    // The cost is said where the trigger is: a run per push, every case's model calls.
    const comment = text.split('\n').filter((line) => line.startsWith('#') || line.trimStart().startsWith('# ')).join(' ');
    expect(comment).toMatch(/push.*default branch.*model calls/s);
    expect(comment).not.toMatch(/else its base branch's\)/);
  });

  it("passes every flag its agentready commands take, and the README's paragraph on it names each one beyond a shard's and a reporter's", async () => {
    const { jobs } = await workflow();
    const commands = [...jobs.eval.steps, ...jobs.gate.steps].flatMap((step) => step.run?.match(/agentready (?:eval|merge)[^\n]*/g) ?? []);
    // `set -- --base-baseline …` passes it to merge as "$@".
    const flags = new Set([...commands, ...jobs.gate.steps.flatMap((step) => step.run?.match(/set -- [^\n]*/g) ?? [])].flatMap((line) => line.match(/--[a-z][a-z-]+/g) ?? []));
    expect([...flags].sort()).toEqual(['--base-baseline', '--no-gate', '--reporter', '--shard']);
    const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('`init` writes `agentready.config.yaml`'), readme.indexOf('It refuses to\noverwrite'));
    // The shards, their --no-gate and the merged verdict, the summary and the JUnit file are its words already.
    expect(paragraph).toContain('`--base-baseline`');
  });

  it('runs on pushes to the branch git names the default (defaultBranch: master, or a clone\'s origin/HEAD), main when it names none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-'));
    dirs.push(dir);
    await initProject({ adapter: 'module', dir, branch: 'master' });
    expect((parse(readFileSync(path.join(dir, '.github/workflows/agentready.yml'), 'utf8')) as Workflow).on.push?.branches).toEqual(['master']);
  });

  it('keeps the history in the job that merges: restored before merge, saved after it (a failing gate too); the shards touch none', async () => {
    const { eval: shard, gate } = (await workflow()).jobs;
    const history = '.agentready/history.jsonl';
    expect(shard.steps.some((step) => step.uses?.startsWith('actions/cache') || JSON.stringify(step).includes('history'))).toBe(false);
    const at = (find: (step: Step) => boolean) => gate.steps.findIndex(find);
    const restore = at((step) => step.uses === 'actions/cache/restore@v6');
    const merge = at((step) => step.run?.includes('agentready merge') === true);
    const save = at((step) => step.uses === 'actions/cache/save@v6');
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(merge).toBeGreaterThan(restore);
    expect(save).toBeGreaterThan(merge);
    const [restored, saved] = [gate.steps[restore]!, gate.steps[save]!];
    expect(restored.with?.path).toBe(history);
    expect(saved.with?.path).toBe(history);
    // A cache entry is never overwritten: each run saves under its own key, and restores the newest by prefix.
    expect(saved.with?.key).toBe(restored.with?.key);
    expect(saved.with?.key).toContain('github.run_id');
    expect(saved.with?.key?.startsWith(restored.with?.['restore-keys'] ?? '\0')).toBe(true);
    expect(saved.if?.replace(/\s/g, '')).toContain('!cancelled()');
  });

  it('tells an agent that calls a model where its key goes, that a fork gets none, and points at the docs section that says what to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-'));
    dirs.push(dir);
    await initProject({ adapter: 'module', dir });
    const text = readFileSync(path.join(dir, '.github/workflows/agentready.yml'), 'utf8');
    const lines = text.split('\n');
    const step = lines.findIndex((line) => line.includes('agentready eval --shard'));
    const comment = lines.slice(step - 3, step).join(' ');
    expect(comment).toMatch(/OPENAI_API_KEY.*secrets.*fork.*--models replay.*docs\/ci\.md, section 6/);
    const ci = readFileSync(path.join(import.meta.dirname, '../../../docs/ci.md'), 'utf8');
    expect(ci).toMatch(/^## 6\. An agent that calls a model$/m);
  });
});

interface Placed {
  defaults?: { run?: { 'working-directory'?: string } };
  concurrency?: { group?: string };
  jobs: Record<string, { steps: (Step & { 'working-directory'?: string })[] }>;
}

/** A checkout at a temporary root with the project's folder `fromRoot` below it, and `files` (from the root) written first. */
function checkout(fromRoot: string, files: Record<string, string>): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-init-root-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return { root, dir: path.join(root, fromRoot) };
}

/** Every path the workflow names, each from the repository's root (as GitHub resolves it), by what names it. */
function pathsFromRoot(flow: Placed): { what: string; at: string }[] {
  const wd = flow.defaults?.run?.['working-directory'] ?? '.';
  const out: { what: string; at: string }[] = [];
  for (const [job, { steps }] of Object.entries(flow.jobs)) {
    for (const step of steps) {
      const from = step['working-directory'] ?? wd;
      for (const line of (step.with?.path ?? '').split('\n').filter(Boolean)) out.push({ what: `${job} ${step.uses ?? ''} path`, at: path.posix.normalize(line) });
      const dep = step.with?.['cache-dependency-path'];
      if (dep !== undefined) out.push({ what: `${job} cache-dependency-path`, at: dep });
      for (const [, file] of (step.if ?? '').matchAll(/hashFiles\('([^']+)'\)/g)) out.push({ what: `${job} hashFiles`, at: file! });
      const script = /node (\S+pr-comment\.mjs)/.exec(step.run ?? '')?.[1];
      if (script !== undefined) out.push({ what: `${job} pr-comment`, at: path.posix.join(from, script) });
      if (step.run === 'npm ci') out.push({ what: `${job} npm ci`, at: path.posix.join(from, 'package-lock.json') });
      const merged = /agentready merge (\S+)/.exec(step.run ?? '')?.[1];
      if (merged !== undefined) out.push({ what: `${job} merge`, at: path.posix.join(from, merged) });
    }
  }
  return out;
}

describe('the Node and the actions the workflows set up', () => {
  // Node 20 reached its end of life in April 2026; actions/checkout and actions/setup-node v7 (2026) run on Node 24.
  const REPO = path.join(import.meta.dirname, '../../..');
  const texts = ['templates/init/github-workflow.yml', 'docs/ci.md', 'docs/runbook.md', 'docs/reports.md'].map((file) => ({ file, text: readFileSync(path.join(REPO, file), 'utf8') }));

  it('sets up Node 22 with actions/checkout and actions/setup-node v7, in the template and in every workflow of the docs', () => {
    for (const { file, text } of texts) {
      const versions = [...text.matchAll(/node-version: (\d+)/g)].map((m) => m[1]);
      const actions = [...text.matchAll(/actions\/(checkout|setup-node)@(v\d+)/g)].map((m) => `${m[1]}@${m[2]}`);
      expect(versions.length, file).toBeGreaterThan(0);
      expect(new Set(versions), file).toEqual(new Set(['22']));
      expect(new Set(actions), file).toEqual(new Set(['checkout@v7', 'setup-node@v7']));
    }
  });

  it('names every other action at its current major (Node 24 runtimes), in the template, the composite action and the docs', () => {
    // upload-artifact v7 (archive: false opt-in, ESM), download-artifact v8 (pattern/merge-multiple kept; digest
    // mismatch now an error), cache v6 (ESM, same inputs); pnpm/action-setup v5, not v6: v6 ignores a pnpm 10 `version`.
    const current: Record<string, string> = { 'actions/upload-artifact': 'v7', 'actions/download-artifact': 'v8', 'actions/cache/restore': 'v6', 'actions/cache/save': 'v6', 'pnpm/action-setup': 'v5' };
    const named = [...texts, { file: 'action.yml', text: readFileSync(path.join(REPO, 'action.yml'), 'utf8') }].flatMap(({ file, text }) =>
      [...text.matchAll(/uses: ([\w./-]+)@(v\d+)/g)].filter((m) => m[1]! in current).map((m) => ({ file, action: m[1]!, major: m[2]! })));
    expect(new Set(named.map((use) => use.action))).toEqual(new Set(Object.keys(current)));
    expect(named.filter((use) => use.major !== current[use.action])).toEqual([]);
  });

  it('keeps Node 22 in the workflow made for a subfolder, beside its lockfile', async () => {
    const { root, dir } = checkout('packages/agent', { 'packages/agent/package-lock.json': '{}\n' });
    await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/agent' } });
    const flow = parse(readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8')) as Placed;
    const setups = Object.values(flow.jobs).flatMap((job) => job.steps).filter((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setups.map((step) => [step.uses, step.with?.['node-version']])).toEqual([['actions/setup-node@v7', 22], ['actions/setup-node@v7', 22]]);
  });
});

describe('the workflow init writes for a project in a subfolder of a git checkout', () => {
  it('is written at the checkout root\'s .github/workflows, its steps run in the project, every path it names under the project (its lockfile there)', async () => {
    const { root, dir } = checkout('packages/agent', { 'packages/agent/package-lock.json': '{}\n' });
    const { files } = await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/agent' } });
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
    expect(files).toContain('../../.github/workflows/agentready.yml');
    const flow = parse(readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8')) as Placed;
    expect(flow.defaults?.run?.['working-directory']).toBe('packages/agent');
    const paths = pathsFromRoot(flow);
    // Each kind of path is there, in each job that needs it.
    expect(paths.map(({ what }) => what).sort()).toEqual(
      [
        'eval cache-dependency-path', 'eval npm ci', 'eval actions/upload-artifact@v7 path',
        'gate cache-dependency-path', 'gate npm ci', 'gate actions/download-artifact@v8 path', 'gate actions/cache/restore@v6 path',
        'gate merge', 'gate pr-comment', 'gate actions/cache/save@v6 path', 'gate hashFiles',
        'gate actions/upload-artifact@v7 path', 'gate actions/upload-artifact@v7 path',
      ].sort(),
    );
    for (const { what, at } of paths) expect(at.startsWith('packages/agent/'), `${what}: ${at}`).toBe(true);
    expect(paths.find(({ what }) => what === 'gate pr-comment')?.at).toBe('packages/agent/node_modules/agentready-cli/scripts/pr-comment.mjs');
    expect(paths.find(({ what }) => what === 'eval cache-dependency-path')?.at).toBe('packages/agent/package-lock.json');
    // The history of one project is not restored by another's workflow, nor its runs cancelled by another's.
    const gate = flow.jobs['gate']!.steps;
    const restore = gate.find((step) => step.uses === 'actions/cache/restore@v6');
    expect(restore?.with?.['restore-keys']).toBe('agentready-history-packages-agent-');
    expect(flow.concurrency?.group).toContain('packages-agent');
    // Nor does it edit another project's pull-request comment (two workflows, one marker, each run overwrote the other's verdict).
    expect(gate.find((step) => step.run?.includes('pr-comment.mjs'))?.run).toMatch(/ --id packages-agent$/);
  });

  it('installs at the checkout root when the lockfile is there (npm workspaces), and reads the comment script from the root\'s node_modules', async () => {
    const { root, dir } = checkout('packages/agent', { 'package-lock.json': '{}\n', 'package.json': '{ "workspaces": ["packages/*"] }\n' });
    await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/agent' } });
    const flow = parse(readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8')) as Placed;
    const paths = pathsFromRoot(flow);
    expect(paths.filter(({ what }) => what.endsWith('npm ci')).map(({ at }) => at)).toEqual(['package-lock.json', 'package-lock.json']);
    expect(paths.filter(({ what }) => what.endsWith('cache-dependency-path')).map(({ at }) => at)).toEqual(['package-lock.json', 'package-lock.json']);
    expect(paths.find(({ what }) => what === 'gate pr-comment')?.at).toBe('node_modules/agentready-cli/scripts/pr-comment.mjs');
    for (const { what, at } of paths.filter(({ what }) => / path$|hashFiles|merge/.test(what))) expect(at.startsWith('packages/agent/'), `${what}: ${at}`).toBe(true);
  });

  it("says why it installs above the project, true of each case; a lockfile above a package of its own in no workspace is another's: it installs in the project", async () => {
    const npmCi = (root: string) => {
      const flow = parse(readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8')) as Placed;
      const text = readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8');
      return { dirs: Object.values(flow.jobs).flatMap((job) => job.steps).filter((step) => step.run === 'npm ci').map((step) => step['working-directory'] ?? 'packages/agent'), comments: [...text.matchAll(/^ +working-directory: \S+ +# (.*)$/gm)].map((m) => m[1]) };
    };
    const workspace = checkout('packages/agent', { 'package-lock.json': '{}\n', 'package.json': '{ "workspaces": ["packages/*"] }\n', 'packages/agent/package.json': '{}\n' });
    await initProject({ adapter: 'module', dir: workspace.dir, checkout: { root: workspace.root, fromRoot: 'packages/agent' } });
    expect(npmCi(workspace.root)).toEqual({ dirs: ['.', '.'], comments: Array(2).fill('the root of the npm workspaces the project is one of: npm ci there installs every workspace') });
    const unpackaged = checkout('packages/agent', { 'package-lock.json': '{}\n', 'package.json': '{}\n' });
    await initProject({ adapter: 'module', dir: unpackaged.dir, checkout: { root: unpackaged.root, fromRoot: 'packages/agent' } });
    expect(npmCi(unpackaged.root)).toEqual({ dirs: ['.', '.'], comments: Array(2).fill('the project has no package.json of its own: npm installs it in the nearest folder above with one') });
    // Was npm ci at the root, "npm workspaces install from their root": it installed the root's packages, not the project's.
    const own = checkout('packages/agent', { 'package-lock.json': '{}\n', 'package.json': '{ "workspaces": ["tools/*"] }\n', 'packages/agent/package.json': '{}\n' });
    const placed = await initProject({ adapter: 'module', dir: own.dir, checkout: { root: own.root, fromRoot: 'packages/agent' } });
    expect(placed.workflow).toMatchObject({ installIn: 'packages/agent', lockfile: 'packages/agent/package-lock.json' });
    expect(npmCi(own.root)).toEqual({ dirs: ['packages/agent', 'packages/agent'], comments: [] });
  });

  it('never overwrites a workflow at the root: another project\'s name taken, it takes a name of its own there; both taken, it writes it in the project, as GitHub will run it once moved', async () => {
    const theirs = 'name: theirs\njobs: { eval: { steps: [{ run: npx agentready eval }] } }\n';
    const { root, dir } = checkout('packages/billing', { '.github/workflows/agentready.yml': theirs });
    const own = await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/billing' } });
    expect(readFileSync(path.join(root, '.github/workflows/agentready.yml'), 'utf8')).toBe(theirs);
    expect(own.files).toContain('../../.github/workflows/agentready-packages-billing.yml');
    expect(own.workflow).toMatchObject({ at: 'root', besideAnother: true, file: path.join(root, '.github/workflows/agentready-packages-billing.yml') });
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
    const flow = parse(readFileSync(path.join(root, '.github/workflows/agentready-packages-billing.yml'), 'utf8')) as Placed & { name?: string };
    expect(flow.defaults?.run?.['working-directory']).toBe('packages/billing');
    // Its name in the Actions tab is not the other's.
    expect(flow.name).toBe('agentready packages/billing');

    const taken = checkout('packages/billing', { '.github/workflows/agentready.yml': theirs, '.github/workflows/agentready-packages-billing.yml': 'name: also theirs\n' });
    const { files, workflow } = await initProject({ adapter: 'module', dir: taken.dir, checkout: { root: taken.root, fromRoot: 'packages/billing' } });
    expect(readFileSync(path.join(taken.root, '.github/workflows/agentready-packages-billing.yml'), 'utf8')).toBe('name: also theirs\n');
    expect(files).toContain('.github/workflows/agentready.yml');
    expect(workflow).toEqual({ at: 'taken', file: path.join(taken.root, '.github/workflows/agentready.yml'), fromRoot: 'packages/billing', installIn: 'packages/billing', lockfile: 'packages/billing/package-lock.json' });
    expect((parse(readFileSync(path.join(taken.dir, '.github/workflows/agentready.yml'), 'utf8')) as Placed).defaults?.run?.['working-directory']).toBe('packages/billing');
  });

  it('run again for the same folder, keeps the workflow it wrote there (edited since) and writes no second one; another folder gets its own beside it', async () => {
    const { root, dir } = checkout('packages/a', {});
    await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/a' } });
    const atRoot = path.join(root, '.github/workflows/agentready.yml');
    const edited = readFileSync(atRoot, 'utf8').replace('working-directory: packages/a', "working-directory: './packages/a/'").replace(/^name: agentready$/m, 'name: agent evals');
    writeFileSync(atRoot, edited);
    rmSync(dir, { recursive: true });
    const again = await initProject({ adapter: 'module', dir, checkout: { root, fromRoot: 'packages/a' } });
    expect(again.workflow).toEqual({ at: 'kept', file: atRoot, fromRoot: 'packages/a' });
    expect(again.files.some((file) => file.includes('.github'))).toBe(false);
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
    expect(existsSync(path.join(dir, 'agentready.config.yaml'))).toBe(true);
    expect(readFileSync(atRoot, 'utf8')).toBe(edited);

    const b = path.join(root, 'packages/b');
    const other = await initProject({ adapter: 'module', dir: b, checkout: { root, fromRoot: 'packages/b' } });
    const own = path.join(root, '.github/workflows/agentready-packages-b.yml');
    expect(other.workflow).toMatchObject({ at: 'root', file: own });
    expect((parse(readFileSync(own, 'utf8')) as Placed).defaults?.run?.['working-directory']).toBe('packages/b');
    rmSync(b, { recursive: true });
    expect((await initProject({ adapter: 'module', dir: b, checkout: { root, fromRoot: 'packages/b' } })).workflow).toEqual({ at: 'kept', file: own, fromRoot: 'packages/b' });
    expect(existsSync(path.join(b, '.github'))).toBe(false);
  });

  it('run again at the root (or in no checkout), keeps the workflow it wrote there; refuses one that runs another folder', async () => {
    const { root } = checkout('.', {});
    await initProject({ adapter: 'module', dir: root });
    const file = path.join(root, '.github/workflows/agentready.yml');
    const written = readFileSync(file, 'utf8');
    // The project's files deleted, its workflow kept.
    for (const file of ['agentready.config.yaml', 'evals', 'policy.yaml', 'support.mjs']) rmSync(path.join(root, file), { recursive: true });
    const again = await initProject({ adapter: 'module', dir: root });
    expect(again.workflow).toEqual({ at: 'kept', file, fromRoot: '.' });
    expect(again.files).not.toContain('.github/workflows/agentready.yml');
    expect(readFileSync(file, 'utf8')).toBe(written);

    const other = checkout('.', { '.github/workflows/agentready.yml': 'defaults: { run: { working-directory: packages/a } }\njobs: { eval: { steps: [{ run: npx agentready eval }] } }\n' });
    await expect(initProject({ adapter: 'module', dir: other.root })).rejects.toThrow(/init would overwrite \.github\/workflows\/agentready\.yml in /);
  });
});
