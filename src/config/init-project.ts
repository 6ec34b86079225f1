/**
 * The project `agentready init` writes, from the package's templates/init/: config, a suite
 * with labeled cases, a policy, an agent stub for the transport which passes them, and a
 * GitHub Actions workflow. It refuses to overwrite anything; the first `agentready eval`
 * there exits 0 with no further edit.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageFile } from './package-root.js';
import { NPM_LOCKFILES, workflowBelowRoot, workflowPlace, type CheckoutAbove, type WorkflowPlace } from './init-workflow.js';
import { UsageError } from '../errors.js';
import { shownPath } from './shown-path.js';
import { commandHint } from './command-hint.js';
import { shellWord } from './shell-words.js';
import { CONFIG_FILE, CONFIG_FILENAMES } from './defaults.js';
import { upToCheckout } from './checkout.js';

export const INIT_ADAPTERS = ['stdio', 'http', 'module', 'exec'] as const;
export type InitAdapter = (typeof INIT_ADAPTERS)[number];

/** This package's templates. */
const TEMPLATES = packageFile('templates/init');
/** The http stub's port when it is free at init time. */
const HTTP_PORT = 8123;

/** The package the stdio agent written by init imports (`agentready-cli/agent`), and the one init's workflow installs. */
export const SDK_PACKAGE = 'agentready-cli';

/**
 * Whether the project in `dir` can import this package (the stdio agent init writes does): it is
 * installed there or in a folder above, or `dir` is inside this package's own checkout.
 */
export function sdkReachableFrom(dir: string): boolean {
  try {
    createRequire(path.join(dir, CONFIG_FILE)).resolve(`${SDK_PACKAGE}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * What to do about files init would overwrite: most often the project's own agent (`agent.mjs`) or
 * policy, so the hint gives the command that writes the project into a folder of its own
 * (`agentready/`, its config then run with `--config`, as init's closing lines say), unless that folder is taken.
 */
function overwriteHint({ dir, adapter, many }: { dir: string; adapter: InitAdapter; many: boolean }): string {
  const them = many ? 'them' : 'it';
  const own = path.join(dir, 'agentready');
  if (existsSync(own)) return `move ${them} away, or pick another folder with --dir`;
  const adapterFlag = adapter === 'stdio' ? '' : ` --adapter ${adapter}`;
  return `move ${them} away, or write the project into a folder of its own: \`${commandHint(`init --dir ${shellWord(shownPath(own))}${adapterFlag}`)}\``;
}

/**
 * Writes the project into `dir` and returns the files written, relative to it, and where its
 * workflow went (the checkout's root, for a project below it); throws UsageError rather than overwrite.
 */
export async function initProject({
  adapter,
  dir,
  branch,
  checkout,
}: {
  adapter: InitAdapter;
  dir: string;
  branch?: string | undefined;
  /** The git checkout `dir` is in, when below its root. */
  checkout?: CheckoutAbove | undefined;
}): Promise<{ files: string[]; workflow: WorkflowPlace }> {
  const port = adapter === 'http' ? await portFor(HTTP_PORT) : HTTP_PORT;
  const { file: workflowFile, place } = workflowPlace(dir, checkout);
  const files = projectFiles({ adapter, port, branch: branch ?? 'main', workflow: { file: workflowFile, place }, schemas: schemasFolder(dir) });
  const blocker = fileInTheWay(dir);
  if (blocker !== undefined) {
    const shown = shownPath(blocker);
    throw new UsageError(`init cannot make a project in ${shownPath(dir)}: ${shown} is a file, not a folder`, 'give --dir a folder (it is made when missing)');
  }
  const existing = Object.keys(files).filter((file) => existsSync(path.join(dir, file)));
  if (existing.length > 0) {
    throw new UsageError(`init would overwrite ${existing.join(', ')} in ${dir}: nothing was written`, overwriteHint({ dir, adapter, many: existing.length > 1 }));
  }
  // A config under the other name (agentready.config.yml): the agentready.config.yaml written beside it would be read in its place.
  const shadowed = CONFIG_FILENAMES.find((name) => !(name in files) && existsSync(path.join(dir, name)));
  if (shadowed !== undefined) {
    throw new UsageError(
      `init cannot write agentready.config.yaml in ${dir}: ${shadowed} is a config already, and agentready would read the new file instead of it: nothing was written`,
      `move ${shadowed} away, or pick another folder with --dir`,
    );
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text, { flag: 'wx' });
  }
  return { files: [...Object.keys(files), ...(ignoreAgentreadyFolder(dir) ? [GITIGNORE] : [])], workflow: place };
}

/** The lockfiles of the package managers other than npm, whose install the workflow init writes (`npm ci`) is not. */
const FOREIGN_LOCKFILES = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
] as const;

/**
 * The lockfile of another package manager than npm that locks the project in `dir` (the nearest
 * lockfile in it or a folder above, up to the git checkout's root), or undefined.
 */
export function foreignLockfile(dir: string): { file: string; manager: string } | undefined {
  for (const at of upToCheckout(dir).folders) {
    if (NPM_LOCKFILES.some((file) => existsSync(path.join(at, file)))) return undefined;
    const found = FOREIGN_LOCKFILES.find(([file]) => existsSync(path.join(at, file)));
    if (found) return { file: path.join(at, found[0]), manager: found[1] };
  }
  return undefined;
}

const GITIGNORE = '.gitignore';

/** The file standing where `dir` or a folder above it would be (init could make no folder there), or undefined. */
function fileInTheWay(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(at)) return statSync(at).isDirectory() ? undefined : at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * `.agentready/` (run folders, the history, the suite cache: outputs and caches, kept by CI as
 * artifacts and caches, not committed) added to the folder's .gitignore, as Playwright's init
 * adds its report folders; true when the file was created or a line added. A .gitignore init
 * creates starts with `node_modules/` too, as a new Node project wants (`npm i -D agentready-cli`
 * makes one); one that is there gets the one line, nothing else of it changed.
 */
function ignoreAgentreadyFolder(dir: string): boolean {
  const file = path.join(dir, GITIGNORE);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : 'node_modules/\n';
  if (/^\/?\.agentready\/?\s*$/m.test(text)) return false;
  writeFileSync(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}.agentready/\n`);
  return true;
}

/**
 * Every file of the project, by path relative to its folder; the workflow (at `workflow.file`) runs on pushes to `branch`.
 * Each YAML file starts with the line that gives it completion in editors, to its schema in `schemas`.
 */
function projectFiles(input: { adapter: InitAdapter; port: number; branch: string; workflow: { file: string | undefined; place: WorkflowPlace }; schemas: SchemasFolder }): Record<string, string> {
  const { adapter, port, branch, workflow, schemas } = input;
  const template = (file: string) => readFileSync(path.join(TEMPLATES, file), 'utf8');
  const config = template('agentready.config.yaml').replace('__ADAPTER__', adapter).replace('__TARGET__', targetFor(adapter, port));
  return {
    [CONFIG_FILE]: schemaLine(schemas, { file: CONFIG_FILE, schema: 'config.json' }) + config,
    'evals/support.suite.yaml': schemaLine(schemas, { file: 'evals/support.suite.yaml', schema: 'suite.json' }) + template('evals/support.suite.yaml'),
    'policy.yaml': schemaLine(schemas, { file: 'policy.yaml', schema: 'policy.json' }) + template('policy.yaml'),
    'support.mjs': template('support.mjs'),
    ...(adapter === 'module' ? {} : { 'agent.mjs': template(`agents/${adapter}.mjs`) }),
    // None when one that runs this project is there already (init run again): it is kept as it is.
    ...(workflow.file === undefined ? {} : { [workflow.file]: workflowText({ text: template('github-workflow.yml'), branch, place: workflow.place }) }),
  };
}

/** The project's folder and the schemas/ folder of the package it uses, whose path the YAML files' schema lines give. */
interface SchemasFolder {
  dir: string;
  schemas: string;
}

/**
 * The package's schemas/ as the project in `dir` reaches them: those of the agentready-cli it
 * resolves, installed in `dir` or in a folder above (a workspace's hoisted node_modules), else
 * those of `dir`'s node_modules/agentready-cli, where init's closing line says to install it. Not
 * those of the agentready that runs init (npx's cache, a global install): a path out of the
 * project, true on this machine alone, would be committed.
 */
function schemasFolder(dir: string): SchemasFolder {
  const own = path.join(dir, 'node_modules', SDK_PACKAGE);
  let root = own;
  try {
    const resolved = path.dirname(createRequire(path.join(dir, CONFIG_FILE)).resolve(`${SDK_PACKAGE}/package.json`));
    // Installed in a folder holding the project, or the project inside the package's own checkout.
    const holder = path.dirname(path.dirname(resolved));
    if (isInside(dir, holder) || isInside(dir, resolved)) root = resolved;
  } catch {
    // Not installed yet: the project's own node_modules.
  }
  return { dir, schemas: path.join(root, 'schemas') };
}

/** True when `inner` is `outer` or a folder below it. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `# yaml-language-server: $schema=<path>` (docs/suite-format.md), the path from `file` (in the project) to `schema`. */
function schemaLine({ dir, schemas }: SchemasFolder, { file, schema }: { file: string; schema: string }): string {
  const relative = path.relative(path.dirname(path.join(dir, file)), path.join(schemas, schema));
  return `# yaml-language-server: $schema=${relative.split(path.sep).join('/')}\n`;
}

/** The template's workflow, on pushes to `branch`, run from the checkout's root when the project is below it. */
function workflowText({ text, branch, place }: { text: string; branch: string; place: WorkflowPlace }): string {
  const pushed = text.replace('branches: [main]', `branches: [${branch}]`).replace('(rename main ', `(rename ${branch} `);
  if (place.at !== 'root' && place.at !== 'taken') return pushed;
  // Beside another project's agentready.yml, its name in the Actions tab says which project it runs.
  const named = place.at === 'root' && place.besideAnother ? pushed.replace(/^name: agentready$/m, `name: agentready ${place.fromRoot}`) : pushed;
  return workflowBelowRoot(named, place);
}

/** The config's `target:` for the transport, in flow style. */
function targetFor(adapter: InitAdapter, port: number): string {
  switch (adapter) {
    case 'stdio':
      return '{ adapter: stdio, command: [node, agent.mjs] }';
    case 'http':
      return `{ adapter: http, url: "http://127.0.0.1:${port}/", start: { command: [node, agent.mjs], env: { PORT: "${port}" } } }`;
    case 'module':
      return '{ adapter: module, module: ./support.mjs }';
    case 'exec':
      return '{ adapter: exec, command: [node, agent.mjs] }';
  }
}

/**
 * `preferred` when nothing listens on it now, else a port the system picks. node:net is loaded
 * here, on first use: every command's parser reads INIT_ADAPTERS from this module. Not through
 * `import()`, which the CLI compiled from V8's code cache cannot call (config/dynamic-import.ts).
 */
async function portFor(preferred: number): Promise<number> {
  const { createServer } = process.getBuiltinModule('node:net');
  const listen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as { port: number };
        server.close(() => resolve(bound));
      });
    });
  return listen(preferred).then(async (port) => port ?? (await listen(0)) ?? preferred);
}
