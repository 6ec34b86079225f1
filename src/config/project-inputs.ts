/**
 * The files a project's run reads and its pull requests review: the config, each suite, the
 * policy and the baseline, and the code and data they name: the agent's module or the files its
 * command runs, the user simulator's, each tool handler module, each custom scorer, each state
 * file, each payload pack and each recorded model-call cassette; and the files the checkout is
 * built and run with (package.json, its lockfile, .gitignore, .github/: `checkoutFiles`). An output (a `--reporter` file, `--otlp`) must never be written over one of them:
 * `--reporter json:agentready.baseline.json` would replace the committed baseline with a report,
 * `markdown:evals/support.suite.yaml` a suite with a summary, and `json:agent.mjs` the agent.
 */
import { stateFolder } from './state-folder.js';
import { isFile } from './read.js';
import { upToCheckout } from './checkout.js';
import path from 'node:path';
import type { ResolvedConfig, Suite } from './schema/index.js';

/** A file the project reads, absolute, and what it is in words ("the baseline", "suite support"). */
export interface ProjectInput {
  file: string;
  what: string;
  /** A folder, not a file: whose `.json` files are all the project's (`json`: the cassettes, recorded or yet to be), or whose every file is (`any`: agentready's own folder). */
  folder?: 'json' | 'any';
}

type InputsOf = Pick<ResolvedConfig, 'file' | 'baselinePath' | 'policy' | 'suites' | 'target' | 'rootDir' | 'user' | 'packFiles' | 'models'>;

/** The config's own files and those it names; the embedded default config has no file of its own. */
export function projectInputs(config: InputsOf): ProjectInput[] {
  const inputs: ProjectInput[] = [{ file: config.baselinePath, what: 'the baseline' }];
  if (config.file !== undefined) inputs.push({ file: config.file, what: 'the config' });
  if (config.policy.file !== undefined) inputs.push({ file: config.policy.file, what: 'the policy' });
  for (const suite of config.suites) inputs.push({ file: suite.file, what: `suite ${suite.name}` });
  inputs.push(...agentFiles(config));
  inputs.push(...checkoutFiles(config.rootDir));
  for (const file of config.packFiles ?? []) inputs.push({ file, what: 'a payload pack' });
  // The folder, not each file in it: a project may hold thousands, and `--models record` writes new ones.
  inputs.push({ file: config.models.cassettes, what: 'a model-call cassette', folder: 'json' });
  // The run folders, the history and the cache: a review written over a run's results.jsonl would lose the run.
  inputs.push({ file: stateFolder(config.rootDir), what: "agentready's own folder (run folders, history, cache)", folder: 'any' });
  for (const suite of config.suites) {
    inputs.push(...suiteCode(suite));
    for (const file of suite.worldFiles ?? []) inputs.push({ file, what: `a state file of suite ${suite.name}` });
  }
  return inputs;
}

/** The files of a folder the project is built or run with, when there: `--reporter json:package.json` would replace one with a report. */
const BUILD_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', '.gitignore'];

// Returns the build files of the config's folder and of each folder above it up to the checkout's root (the first holding .git), and that root's .github folder; outside a checkout, the config's folder's.
function checkoutFiles(rootDir: string): ProjectInput[] {
  const walk = upToCheckout(rootDir);
  const folders = walk.root === undefined ? walk.folders.slice(0, 1) : walk.folders;
  const inputs: ProjectInput[] = folders.flatMap((dir) => BUILD_FILES.map((name) => path.join(dir, name)).filter(isFile).map((file) => ({ file, what: 'a file the project is built or run with' })));
  inputs.push({ file: path.join(folders[folders.length - 1]!, '.github'), what: "the checkout's .github folder (workflows, CI settings)", folder: 'any' });
  return inputs;
}

// Returns the agent's module, the files its command (or its server's, or the user simulator's) names that exist.
function agentFiles({ target, rootDir, user }: InputsOf): ProjectInput[] {
  const inputs: ProjectInput[] = [];
  switch (target.adapter) {
    case 'module':
      inputs.push({ file: target.module, what: 'the agent module' });
      break;
    case 'stdio':
    case 'exec':
      inputs.push(...commandFiles({ command: target.command, cwd: path.resolve(rootDir, target.cwd ?? '.') }, "a file the agent's command names"));
      break;
    case 'http':
      if (target.start) inputs.push(...commandFiles({ command: target.start.command, cwd: path.resolve(rootDir, target.start.cwd ?? '.') }, "a file the agent's start command names"));
      break;
  }
  if (user) inputs.push(...commandFiles(user, "a file the user simulator's command names"));
  return inputs;
}

// Returns each word of a command that names a file from its folder (`agent.mjs` of `[node, agent.mjs]`, `./agent.py`).
function commandFiles(run: { command: readonly string[]; cwd: string }, what: string): ProjectInput[] {
  return run.command.flatMap((word) => {
    const file = path.resolve(run.cwd, word);
    return isFile(file) ? [{ file, what }] : [];
  });
}

// Returns the suite's tool handler modules and the custom scorers its cases name, each once.
function suiteCode(suite: Pick<Suite, 'name' | 'file' | 'tools' | 'cases'>): ProjectInput[] {
  const byFile = new Map<string, string>();
  for (const tool of suite.tools) {
    if (tool.handler && !byFile.has(tool.handler.file)) byFile.set(tool.handler.file, `the handler of tool ${tool.name} in suite ${suite.name}`);
  }
  const dir = path.dirname(suite.file);
  for (const kase of suite.cases) {
    for (const written of kase.expect.custom ?? []) {
      const file = path.resolve(dir, written);
      if (!byFile.has(file)) byFile.set(file, `the custom scorer ${written} of suite ${suite.name}`);
    }
  }
  return [...byFile].map(([file, what]) => ({ file, what }));
}
