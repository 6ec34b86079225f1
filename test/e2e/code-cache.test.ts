// The compiled-code cache bin/load-cli.js keeps (docs/architecture.md, "The build"): V8's code
// cache of the CLI script (dist/cli-script/main.cjs), in `<temp>/agentready-cache-<uid>` (with Node's
// own compile cache on Node 22.1+, for the modules Node's loader loads). A cache only changes how soon a command starts: a
// corrupt one, a folder that cannot be written or that another user could write, concurrent runs
// and NODE_DISABLE_COMPILE_CACHE leave every command as it is without one. Each test has a temp
// folder of its own (TMPDIR), so the caches of other tests and runs stay out of it.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceLoads } from './helpers/loaded-modules.js';
import { agentCommand, BIN, makeProject, REPO, runCli, type CliResult } from './helpers/run-cli.js';

const PROJECT = {
  'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }\nsuites: [s.suite.yaml]\n`,
  's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
};

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder for TMPDIR, and the cache folder the CLI makes in it. */
function tempFolder(): { tmp: string; cache: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'agentready-cache-test-'));
  temps.push(tmp);
  const uid = process.getuid?.();
  return { tmp, cache: join(tmp, uid === undefined ? 'agentready-cache' : `agentready-cache-${uid}`) };
}

/** The files under `folder`, relative to it (Node's compile cache, on Node 22.1+, in a folder of its own). */
function cacheFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return (readdirSync(folder, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => statSync(join(folder, file)).isFile()).sort();
}

/** The script's caches under `folder`. */
const scriptCaches = (folder: string): string[] => cacheFiles(folder).filter((file) => file.startsWith('script-'));

const validate = (dir: string, tmp: string, env: Record<string, string> = {}): Promise<CliResult> => runCli(dir, ['validate'], { TMPDIR: tmp, ...env });

/**
 * The first run of `validate` in a fresh temp folder (the first test's), its answer and a copy of the
 * cache it made: a test of what a run does with a cache that is there starts from a copy of it
 * (made again in each, cold, it cost each test a run). What a run answers is the same with a cache or
 * without one, so this first answer is every test's clean one.
 */
let first: { dir: string; tmp: string; cache: string; result: CliResult; made: string };
beforeAll(async () => {
  const dir = makeProject(PROJECT);
  const { tmp, cache } = tempFolder();
  const result = await validate(dir, tmp);
  const made = join(tempFolder().tmp, 'made');
  cpSync(cache, made, { recursive: true });
  first = { dir, tmp, cache, result, made };
});

/** A temp folder whose cache folder holds the cache `validate` made (its folder 0700, its file 0600, as made), and the clean answer. */
function cachedFolder(): { tmp: string; cache: string; clean: CliResult } {
  const { tmp, cache } = tempFolder();
  cpSync(first.made, cache, { recursive: true });
  chmodSync(cache, 0o700);
  for (const file of scriptCaches(cache)) chmodSync(join(cache, file), 0o600);
  return { tmp, cache, clean: first.result };
}

describe('the compiled-code cache', () => {
  it('is made by a first run in a folder of the user\'s that only they can read, and the next run answers the same from it', async () => {
    const { dir, tmp, cache, result } = first;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Valid: 1 suite, 1 case');
    const files = scriptCaches(cache);
    expect(files).toEqual([expect.stringMatching(/^script-[0-9a-f]{20}-[0-9a-z]+-v[\d.]+-\w+-\w+-\w+-validate\.cache$/)]);
    if (process.platform !== 'win32') {
      expect(lstatSync(cache).mode & 0o777).toBe(0o700);
      expect(lstatSync(cache).uid).toBe(process.getuid!());
      expect(statSync(join(cache, files[0]!)).mode & 0o777).toBe(0o600);
    }
    const madeAt = statSync(join(cache, files[0]!)).mtimeMs;
    const second = await validate(dir, tmp);
    expect({ ...second, dir: undefined }).toEqual({ ...result, dir: undefined });
    // Read, not made again.
    expect(scriptCaches(cache)).toEqual(files);
    expect(statSync(join(cache, files[0]!)).mtimeMs).toBe(madeAt);
  });

  it('is the command\'s own when options come before it: a --config or -c value is not taken for the command', async () => {
    const dir = makeProject({ ...PROJECT, ci: PROJECT['agentready.config.yaml'] });
    const { tmp, cache } = tempFolder();
    for (const args of [['--config', 'agentready.config.yaml', 'validate'], ['-c', 'ci', '--debug', 'validate'], ['--config=ci', 'validate']]) {
      const result = await runCli(dir, args, { TMPDIR: tmp });
      expect(result.exitCode, args.join(' ')).toBe(0);
    }
    // One cache, the command's (not 'other', nor one named after the config file 'ci').
    expect(scriptCaches(cache)).toEqual([expect.stringMatching(/-validate\.cache$/)]);
  });

  it('is made only by a run that did its command: not by bad input (exit 2) nor by a command\'s --help, which run little of its code', async () => {
    const dir = makeProject({ ...PROJECT, 'bad.config.yaml': 'target: { adapter: stdio }\nsuites: [s.suite.yaml]\n' });
    const { tmp, cache } = tempFolder();
    const bad = await runCli(dir, ['validate', '--config', 'bad.config.yaml'], { TMPDIR: tmp });
    expect(bad.exitCode).toBe(2);
    const help = await runCli(dir, ['validate', '--help'], { TMPDIR: tmp });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: agentready validate');
    expect(scriptCaches(cache).filter((file) => file.endsWith('-validate.cache'))).toEqual([]);
    const good = await validate(dir, tmp);
    expect(good.exitCode).toBe(0);
    expect(scriptCaches(cache).filter((file) => file.endsWith('-validate.cache'))).toHaveLength(1);
  });

  it('a script with no key of its text (its key line still zeros: a build stopped before keying it) runs with no cache', async () => {
    const { tmp, cache } = tempFolder();
    // The loader beside a script of its own: another text of the same length would share a zeros-named cache, which V8 would accept.
    const pkg = join(tmp, 'pkg');
    mkdirSync(join(pkg, 'dist/cli-script'), { recursive: true });
    cpSync(dirname(BIN), join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, 'dist/cli-script/main.cjs'), `// agentready script key: ${'0'.repeat(64)}\n(function (exports, require, module) { exports.main = () => { process.stdout.write('ran'); }; })`);
    const load = `require(${JSON.stringify(join(pkg, 'bin/load-cli.js'))}).loadCli().then(({ main }) => main())`;
    for (const run of [1, 2]) {
      const result = await execa('node', ['-e', load, 'validate'], { env: { TMPDIR: tmp }, reject: false });
      expect(result.stdout, `run ${run}: ${result.stderr}`).toBe('ran');
    }
    expect(scriptCaches(cache)).toEqual([]);
  });

  it('runs the CLI script, with no ES-module load; NODE_DISABLE_COMPILE_CACHE=1 runs the ES-module bundle and writes no cache', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache } = tempFolder();
    const trace = traceLoads(dir);
    const traced = await execa('node', [...trace.nodeArgs, BIN, 'validate'], { cwd: dir, reject: false, env: { CI: '1', NO_COLOR: '1', TMPDIR: tmp, ...trace.env } });
    expect(traced.exitCode).toBe(0);
    // (Node 22's load hooks see a require too: bin/load-cli.js.)
    expect(trace.read().loaded.filter((file) => !file.startsWith('bin/'))).toEqual([]);
    rmSync(cache, { recursive: true, force: true });
    const disabled = makeProject(PROJECT);
    const off = traceLoads(disabled);
    const run = await execa('node', [...off.nodeArgs, BIN, 'validate'], { cwd: disabled, reject: false, env: { CI: '1', NO_COLOR: '1', TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1', ...off.env } });
    expect(run.exitCode).toBe(0);
    expect(off.read().loaded.slice(0, 2)).toEqual(['bin/agentready.js', 'dist/cli-bundle/main.js']);
    expect(existsSync(cache)).toBe(false);
  });

  it('a corrupt or cut cache is ignored: the command answers as without one, and an hour later the cache is made again', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    const [file] = scriptCaches(cache);
    const path = join(cache, file!);
    // The first half alone (a write cut short), then garbage of the same length.
    writeFileSync(path, readFileSync(path).subarray(0, statSync(path).size >> 1));
    const cut = await validate(dir, tmp);
    expect({ ...cut, dir: undefined }).toEqual({ ...clean, dir: undefined });
    writeFileSync(path, Buffer.alloc(statSync(path).size * 2, 0x5a));
    const corrupt = await validate(dir, tmp);
    expect({ ...corrupt, dir: undefined }).toEqual({ ...clean, dir: undefined });
    const garbage = readFileSync(path);
    // Rejected, but not made again at once (a rejection the file's name did not foresee would cost every run a write).
    expect(readFileSync(path).equals(garbage)).toBe(true);
    const anHourAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(path, anHourAgo, anHourAgo);
    const again = await validate(dir, tmp);
    expect({ ...again, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(readFileSync(path).equals(garbage)).toBe(false);
    expect(readFileSync(path).subarray(0, 4).equals(Buffer.alloc(4, 0x5a))).toBe(false);
  });

  it('a temp folder that cannot be written, or a cache folder that is a file, leaves the command as it is, with no cache', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    // TMPDIR a file: nothing can be made under it (root too). /proc/self: Node's recursive mkdir spins there.
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    for (const unwritable of [file, '/proc/self']) {
      const result = await validate(dir, unwritable);
      expect({ ...result, dir: undefined }, unwritable).toEqual({ ...clean, dir: undefined });
    }
    rmSync(cache, { recursive: true });
    writeFileSync(cache, 'not a folder');
    const result = await validate(dir, tmp);
    expect({ ...result, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(readFileSync(cache, 'utf8')).toBe('not a folder');
  });

  it.runIf(process.platform !== 'win32')('a FIFO or a folder in the cache file\'s place neither holds nor fails the command: a FIFO is replaced by the cache', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    const [name] = scriptCaches(cache);
    const path = join(cache, name!);
    rmSync(path);
    // Opened for reading as it was, a FIFO no one writes to held the command forever.
    execFileSync('mkfifo', [path]);
    const fifo = await validate(dir, tmp);
    expect({ ...fifo, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(lstatSync(path).isFile()).toBe(true);
    rmSync(path);
    mkdirSync(path);
    const folder = await validate(dir, tmp);
    expect({ ...folder, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(lstatSync(path).isDirectory()).toBe(true);
  });

  it('a new cache prunes the folder: this install\'s caches of an older text, caches unused for a week and cut writes go; other installs\' in use, other files and folders stay', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache } = cachedFolder();
    const [name] = scriptCaches(cache);
    const [, key, install, rest = ''] = /^script-([0-9a-f]{20})-([0-9a-z]+)-(.+)$/.exec(name!)!;
    const otherKey = 'f'.repeat(20) === key ? 'e'.repeat(20) : 'f'.repeat(20);
    const otherInstall = install === 'zz' ? 'yy' : 'zz';
    const eightDaysAgo = (Date.now() - 8 * 24 * 3600_000) / 1000;
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    const plant = (file: string, time?: number) => {
      writeFileSync(join(cache, file), 'x', { mode: 0o600 });
      if (time !== undefined) utimesSync(join(cache, file), time, time);
    };
    const gone = {
      // This install before a rebuild or an upgrade in place: fresh, but its text is no more.
      rebuilt: `script-${otherKey}-${install}-${rest}`,
      // Another install's, unused (not read nor written) for eight days.
      unused: `script-${otherKey}-${otherInstall}-${rest}`,
      // An older agentready's name (no install in it), unused for eight days.
      olderName: `script-${otherKey}-${rest}`,
      cutWrite: `script-${otherKey}-${otherInstall}-${rest}.123.tmp`,
    };
    const stay = {
      // Another install beside this one, used today: never thrashed by this one's writes.
      besideInUse: `script-${otherKey}-${otherInstall}-${rest.replace('validate', 'eval')}`,
      // Read yesterday, made eight days ago: in use.
      readLately: `script-${key}-${otherInstall}-${rest.replace('validate', 'list')}`,
      freshWrite: `script-${otherKey}-${install}-${rest.replace('validate', 'eval')}.456.tmp`,
      notOurs: 'notes.cache',
    };
    plant(gone.rebuilt);
    plant(gone.unused, eightDaysAgo);
    plant(gone.olderName, eightDaysAgo);
    plant(gone.cutWrite, twoHoursAgo);
    plant(stay.besideInUse);
    plant(stay.readLately, eightDaysAgo);
    utimesSync(join(cache, stay.readLately), (Date.now() - 24 * 3600_000) / 1000, eightDaysAgo);
    plant(stay.freshWrite);
    plant(stay.notOurs, eightDaysAgo);
    const oldFolder = `script-${otherKey}-${otherInstall}-${rest.replace('validate', 'run')}`;
    mkdirSync(join(cache, oldFolder));
    utimesSync(join(cache, oldFolder), eightDaysAgo, eightDaysAgo);
    // A read prunes nothing: only a run that writes a cache does.
    await validate(dir, tmp);
    expect(readdirSync(cache)).toEqual(expect.arrayContaining([...Object.values(gone), ...Object.values(stay), oldFolder]));
    rmSync(join(cache, name!));
    const result = await validate(dir, tmp);
    expect(result.exitCode, result.stderr).toBe(0);
    const left = readdirSync(cache);
    expect(left).toEqual(expect.arrayContaining([name, ...Object.values(stay), oldFolder]));
    for (const file of Object.values(gone)) expect(left).not.toContain(file);
  });

  it.runIf(process.platform !== 'win32')('a cache folder another user could write to, or a link to a folder, is neither read nor written', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    rmSync(cache, { recursive: true });
    // Another user made it writable by all: what is in it is nobody's to trust.
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    writeFileSync(join(cache, 'planted'), 'x');
    const shared = await validate(dir, tmp);
    expect({ ...shared, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(readdirSync(cache)).toEqual(['planted']);
    rmSync(cache, { recursive: true });
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, cache);
    const linked = await validate(dir, tmp);
    expect({ ...linked, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it.runIf(process.platform !== 'win32')('a cache folder of this user\'s that others may read but not write (0755, made beforehand) is used: only their writing could plant code', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache } = tempFolder();
    mkdirSync(cache, { mode: 0o755 });
    chmodSync(cache, 0o755);
    const first = await validate(dir, tmp);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(scriptCaches(cache)).toHaveLength(1);
    expect(lstatSync(cache).mode & 0o777).toBe(0o755);
  });

  it.runIf(process.platform !== 'win32')('a temp folder others may write to (no sticky bit) is no place for a cache: they could rename the cache folder and put theirs in its place', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    rmSync(cache, { recursive: true });
    chmodSync(tmp, 0o777);
    const open = await validate(dir, tmp);
    expect({ ...open, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(existsSync(cache)).toBe(false);
    // As /tmp is: others may write, but only the owner of an entry may rename it.
    chmodSync(tmp, 0o1777);
    const sticky = await validate(dir, tmp);
    expect({ ...sticky, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(scriptCaches(cache)).toHaveLength(1);
  });

  it('two installed copies of one version whose script texts differ (an edit of the same length) each run their own text', async () => {
    const dir = makeProject(PROJECT);
    const { tmp } = tempFolder();
    // A second install of the package, patched in place (as patch-package does): same key line, same length.
    const copy = join(tmp, 'copy');
    for (const part of ['bin', 'dist/cli-script', 'package.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    const script = join(copy, 'dist/cli-script/main.cjs');
    writeFileSync(script, readFileSync(script, 'latin1').replaceAll('Valid: ', 'VALID: '), 'latin1');
    const runCopy = () => execa('node', [join(copy, 'bin/agentready.js'), 'validate'], { cwd: dir, reject: false, env: { CI: '1', NO_COLOR: '1', TMPDIR: tmp } });
    for (const round of [1, 2]) {
      const original = await validate(dir, tmp);
      expect(original.stdout, `round ${round}`).toContain('Valid: 1 suite, 1 case');
      const patched = await runCopy();
      expect(patched.exitCode).toBe(0);
      expect(patched.stdout, `round ${round}`).toContain('VALID: 1 suite, 1 case');
    }
  });

  it.runIf(process.platform !== 'win32')('a cache file that is a link, or that others could write, is not read: the run makes its own in its place', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache, clean } = cachedFolder();
    const [name] = scriptCaches(cache);
    const path = join(cache, name!);
    // A link to a file elsewhere (readFileSync would follow it): a whole cache, so one read would be used.
    const elsewhere = join(tmp, 'elsewhere.cache');
    renameSync(path, elsewhere);
    symlinkSync(elsewhere, path);
    const linked = await validate(dir, tmp);
    expect({ ...linked, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(lstatSync(path).isFile()).toBe(true);
    expect(lstatSync(elsewhere).isFile()).toBe(true);
    // Writable by others (0666): whatever they wrote in it is not run.
    chmodSync(path, 0o666);
    const open = await validate(dir, tmp);
    expect({ ...open, dir: undefined }).toEqual({ ...clean, dir: undefined });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('concurrent first runs each answer in full and leave one whole cache, no temporary file, that the next run reads', async () => {
    const dir = makeProject(PROJECT);
    const { tmp, cache } = tempFolder();
    const runs = await Promise.all(Array.from({ length: 4 }, () => validate(dir, tmp)));
    for (const run of runs) {
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const files = cacheFiles(cache);
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(scriptCaches(cache)).toHaveLength(1);
    const next = await validate(dir, tmp);
    expect(next.stdout).toBe(runs[0]!.stdout);
    expect(cacheFiles(cache)).toEqual(files);
  });

  it('a build whose ES-module step fails leaves no CLI script of an older build for the loader to run as this one\'s', async () => {
    const { tmp } = tempFolder();
    // A checkout whose src/ esbuild cannot bundle, with the previous build's script in dist/.
    const checkout = join(tmp, 'checkout');
    mkdirSync(join(checkout, 'src/cli'), { recursive: true });
    for (const part of ['scripts', 'package.json', 'package-lock.json']) cpSync(join(REPO, part), join(checkout, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
    writeFileSync(join(checkout, 'src/cli/main.ts'), 'export const broken = ;\n');
    mkdirSync(join(checkout, 'dist/cli-script'), { recursive: true });
    writeFileSync(join(checkout, 'dist/cli-script/main.cjs'), `// agentready script key: ${'1'.repeat(64)}\n(function () {})`);
    const build = await execa('node', ['scripts/build-cli.js'], { cwd: checkout, reject: false });
    expect(build.exitCode).toBe(1);
    expect(build.stderr).toContain('src/cli/main.ts:1:');
    expect(existsSync(join(checkout, 'dist/cli-script'))).toBe(false);
  });

  it('a module agent, JavaScript or TypeScript, runs the same from the cache (the script imports it through the loader)', async () => {
    const dir = makeProject({
      ...PROJECT,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'ts.config.yaml': 'target: { adapter: module, module: ./agent.ts }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
      'agent.ts': "export default async (task: { case: { id: string } }) => ({ outcome: 'completed' as const, output: `ok ${task.case.id}` });\n",
    });
    const { tmp, cache } = tempFolder();
    // The first run makes eval's cache, the next ones read it: the TypeScript agent's too (the cache is the command's, whatever the config).
    for (const [run, config] of ['agentready.config.yaml', 'agentready.config.yaml', 'ts.config.yaml'].entries()) {
      const result = await runCli(dir, ['--config', config, 'eval', '--no-gate'], { TMPDIR: tmp });
      expect(result.exitCode, `${config} run ${run + 1}: ${result.stderr}`).toBe(0);
      expect(result.stdout, `${config} run ${run + 1}`).toContain('1 passed');
    }
    expect(scriptCaches(cache)).toEqual([expect.stringMatching(/-eval\.cache$/)]);
  });

  it('a first run long enough for V8 to drop the bytecode of code it ran at start (many major collections) still caches that code', async () => {
    // A module agent whose first case allocates until the process has had MAJOR_GCS major
    // collections (V8 drops the bytecode of a function unused for 5 or 6 of them, --bytecode-old-age):
    // counted, not timed.
    const dir = makeProject({
      ...PROJECT,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': `import { PerformanceObserver } from 'node:perf_hooks';
const wanted = Number(process.env.MAJOR_GCS ?? 0);
let majors = 0;
new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.detail?.kind === 4) majors++; }).observe({ entryTypes: ['gc'] });
export default async () => {
  // More than the young generation holds (16 MiB), so that it is promoted and dies in the old one.
  const ring = new Array(64);
  for (let i = 0; majors < wanted && i < 100_000; i++) {
    ring[i % 64] = Array.from({ length: 5000 }, (_, j) => ({ j }));
    if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { outcome: 'completed', output: 'majors ' + majors };
};
`,
    });
    const evalIn = async (tmp: string, majors: number, env: Record<string, string> = {}) => {
      const result = await runCli(dir, ['eval', '--no-gate'], { TMPDIR: tmp, MAJOR_GCS: String(majors), ...env });
      expect(result.exitCode, result.stderr).toBe(0);
      return result;
    };
    const cacheOf = async (majors: number) => {
      const { tmp, cache } = tempFolder();
      await evalIn(tmp, majors);
      const [file] = scriptCaches(cache);
      return { tmp, path: join(cache, file!) };
    };
    const short = await cacheOf(0);
    const long = await cacheOf(12);
    // The same command ran the same code: the same functions cached, whatever the run's length
    // (without: ~60% of the short run's, and each later run compiled the rest again).
    expect(statSync(long.path).size / statSync(short.path).size).toBeGreaterThan(0.95);
    // And made under the flags a run starts with: the next run reads it, where a rejected cache
    // over an hour old would be made again; nor does it reject a cache of Node's (Node 22+) of a
    // module the first run loaded (the agent).
    const twoHoursAgo = Math.floor((Date.now() - 2 * 3600_000) / 1000);
    utimesSync(long.path, twoHoursAgo, twoHoursAgo);
    const next = await evalIn(long.tmp, 0, { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
    expect(statSync(long.path).mtimeMs).toBe(twoHoursAgo * 1000);
    expect(next.stderr).not.toContain('was rejected');
  });

  it.runIf(process.platform !== 'win32')('a TypeScript module loads with a temp folder that cannot be written, and tsx caches nothing in a folder others may write to', async () => {
    const dir = makeProject({
      ...PROJECT,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.ts }\nsuites: [s.suite.yaml]\n',
      'agent.ts': "export default async (task: { case: { id: string } }) => ({ outcome: 'completed' as const, output: `ok ${task.case.id}` });\n",
    });
    const { tmp } = tempFolder();
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    const unwritable = await runCli(dir, ['eval', '--no-gate'], { TMPDIR: file });
    expect(unwritable.exitCode, unwritable.stderr).toBe(0);
    expect(unwritable.stdout).toContain('1 passed');
    // tsx's own cache folder, made by another user writable by all.
    const tsxCache = join(tmp, `tsx-${process.geteuid!()}`);
    mkdirSync(tsxCache);
    chmodSync(tsxCache, 0o777);
    const shared = await runCli(dir, ['eval', '--no-gate'], { TMPDIR: tmp });
    expect(shared.exitCode, shared.stderr).toBe(0);
    expect(shared.stdout).toContain('1 passed');
    expect(readdirSync(tsxCache)).toEqual([]);
  });
});
