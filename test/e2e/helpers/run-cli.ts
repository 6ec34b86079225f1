/**
 * runCli: make a temp project from files, run the built `bin/agentready.js` in it as a user
 * would, and return what the user sees: exit code, stdout, stderr, and the run folder.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';

export const REPO = resolve(import.meta.dirname, '../../..');
export const BIN = join(REPO, 'bin/agentready.js');
export const AGENTS = join(REPO, 'fixtures/agents');
export const EXAMPLE = join(REPO, 'fixtures/example');

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  dir: string;
}

/** Temp projects of the current test file, removed after it (kept with KEEP_E2E=1, to look into). */
const made: string[] = [];
/** Agents the current test file started (startHttpAgent), stopped after it. */
const started: (() => void)[] = [];

/**
 * Stops the agents the test file started and removes its temp projects: called after each test
 * file by test/e2e/helpers/file-cleanup.ts (a setup file, run again for every file, where a hook
 * registered here at import would be registered once per worker: the e2e files share modules).
 */
export function cleanUpTestFile(): void {
  for (const stop of started.splice(0)) stop();
  if (process.env.KEEP_E2E) return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Starts an http agent script that prints "listening on <url>"; its url. Stopped after the test file. */
export function startHttpAgent(script: string): Promise<string> {
  const agent = execa('node', [script], { buffer: false, reject: false });
  started.push(() => agent.kill());
  return new Promise<string>((resolvePromise, reject) => {
    let output = '';
    agent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolvePromise(match[1]!);
    });
    agent.on('exit', () => reject(new Error(`the http agent ${script} exited: ${output}`)));
  });
}

/** A temp folder holding the given files (paths relative to it). */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-e2e-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/**
 * A project set up once for the test file (`setUp`: its files and the CLI runs that make its state),
 * handed to each test that asks as a copy of its own: what a test writes (runs, traces, an edited
 * file) no other test sees, and the runs that set it up are not made again for each.
 */
export function copiesOf(setUp: () => Promise<string>): () => Promise<string> {
  let original: Promise<string> | undefined;
  return async () => {
    original ??= setUp();
    const copy = makeProject({});
    cpSync(await original, copy, { recursive: true });
    return copy;
  };
}

/** A temp copy of the bundled example with its agent referenced by absolute path. */
export function makeExampleProject(extra: Record<string, string> = {}): string {
  const dir = makeProject({});
  cpSync(join(EXAMPLE, 'evals'), join(dir, 'evals'), { recursive: true });
  cpSync(join(EXAMPLE, 'policy.yaml'), join(dir, 'policy.yaml'));
  const config = readFileSync(join(EXAMPLE, 'agentready.config.yaml'), 'utf8').replace(
    /command:\s*\[node,\s*agent\/stdio\.js\]/,
    `command: [node, ${JSON.stringify(join(EXAMPLE, 'agent/stdio.js'))}]`,
  );
  writeFileSync(join(dir, 'agentready.config.yaml'), config);
  for (const [path, content] of Object.entries(extra)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function startCli(dir: string, args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false }> {
  return execa('node', [BIN, ...args], {
    cwd: dir,
    reject: false,
    // npm_config_user_agent empty unless a test sets it: `npm test` sets it for vitest, and the CLI's hints follow it (config/command-hint.ts).
    env: { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_WORKSPACE: '', npm_config_user_agent: '', ...env },
    extendEnv: true,
    timeout: 60_000,
  }) as ResultPromise<{ reject: false }>;
}

export async function runCli(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await startCli(dir, args, env);
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), dir };
}

/** The only run folder under the project (most recent when several). */
export function latestRunDir(dir: string): string {
  const root = join(dir, '.agentready/runs');
  if (!existsSync(root)) throw new Error(`no run folder under ${root}`);
  const runs = readdirSync(root).sort();
  return join(root, runs[runs.length - 1]!);
}

/** The lines of a JSONL file in the latest run folder, parsed. */
export function readJsonl<T = Record<string, unknown>>(dir: string, file: string): T[] {
  return readFileSync(join(latestRunDir(dir), file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** A stdio target line for one of the fixture agents. */
export function agentCommand(name: string): string {
  return `[node, ${JSON.stringify(join(AGENTS, name))}]`;
}

/**
 * Links this checkout into the project as `npm install` would link the package: its
 * `node_modules/<name>` (so `import … from 'agentready-cli/agent'` resolves) and `.bin/agentready`
 * (so `npx --no-install agentready` finds it).
 */
export function linkPackage(dir: string): void {
  const { name } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string };
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules', name));
  symlinkSync(join('..', name, 'bin/agentready.js'), join(dir, 'node_modules/.bin/agentready'));
}

/**
 * A TCP port free on 127.0.0.1 right now (for an agent the test starts itself), from 20000–32767:
 * below the ephemeral ranges of Linux (32768–60999) and macOS/Windows (49152–65535). A port the
 * OS gave out for `listen(0)` is the OS's to give out again, to any test running beside this one
 * (an agentready endpoint, a connection), before the agent binds it (EADDRINUSE, seen in CI);
 * outside those ranges only another test's pick could take it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    if (await canListen(port)) return port;
  }
}

/** Whether 127.0.0.1:`port` can be listened on now (the server is closed again). */
function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
