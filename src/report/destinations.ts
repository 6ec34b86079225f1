/**
 * The `--reporter` values checked before anything runs (the first case, the agent, the files'
 * loading): every name known and spelled `name[:path]`, every file writable where it is, no two
 * writing the same file. A run pays for its cases before its reporters write, so what can be
 * told now must not wait for the end (exit 2, naming the reporter as given and its path). What
 * only the end can tell (a full disk, a permission changed meanwhile) is the hub's to report.
 */
import { realpathSync } from 'node:fs';
import path, { isAbsolute, relative, resolve } from 'node:path';
import type { ProjectInput } from '../config/project-inputs.js';
import { describeUnwritable, whyUnwritable } from '../common/writable.js';
import { UsageError } from '../errors.js';
import { defaultPathOf, readReporterSpec } from './specs.js';

/**
 * Checks the `--reporter` specs (and eval's `--otlp` file, one more output of the run) against
 * their spelling and the disk, throwing one UsageError for the first that cannot work; then
 * `$GITHUB_STEP_SUMMARY`, the runner's file the markdown summary is appended to under GitHub
 * Actions (`stepSummary`, from `stepSummaryFile`), which failed at the end of a run of many minutes.
 * What only the end can tell (a full disk) is still reported there, like any other output's.
 */
export function checkReporterOutputs(input: OutputsGiven & { stepSummary?: string | undefined }): void {
  checkOutputs(destinationsOf(input));
  const { stepSummary, cwd } = input;
  if (stepSummary === undefined) return;
  try {
    checkDestination({ subject: '$GITHUB_STEP_SUMMARY', path: stepSummary, file: resolve(cwd, stepSummary), cwd, spell: (path) => `GITHUB_STEP_SUMMARY=${path}`, defaultName: 'step-summary.md' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(error.message, 'under GITHUB_ACTIONS=true the markdown summary is appended to the file GITHUB_STEP_SUMMARY names: set it to a file this process can write, or unset it for no step summary');
  }
}

/**
 * The file `$GITHUB_STEP_SUMMARY` names, as given, when a run appends its markdown summary to it:
 * under `GITHUB_ACTIONS=true`, and not for a shard (the merge job summarizes once for all shards);
 * else undefined.
 */
export function stepSummaryOf(context: { env: NodeJS.ProcessEnv; shard: boolean }): string | undefined {
  const given = context.env['GITHUB_STEP_SUMMARY'];
  return context.env['GITHUB_ACTIONS'] === 'true' && !context.shard && given ? given : undefined;
}

/** `--reporter` specs and eval's `--otlp` file, as given, and the folder their paths are relative to. */
type OutputsGiven = { specs: readonly string[]; otlp?: string | undefined; cwd: string };

/**
 * Throws a UsageError when an output file is one the project reads (the config, a suite, the
 * policy, the baseline): the run would write over it. Told once the config has named them, before
 * the first case.
 */
export function checkOutputsSpareInputs(input: OutputsGiven & { inputs: readonly ProjectInput[] }): void {
  checkFilesSpareInputs({ files: destinationsOf(input).files, inputs: input.inputs });
}

/** Throws a UsageError for the first output file that is one the project reads (the weekly review's formats come here too). */
export function checkFilesSpareInputs(input: { files: readonly Destination[]; inputs: readonly ProjectInput[] }): void {
  const reads = new Map(input.inputs.filter((read) => read.folder === undefined).map((read) => [realFile(read.file), read]));
  const folders = input.inputs.filter((read) => read.folder !== undefined).map((read) => ({ inside: realFile(read.file) + path.sep, read }));
  for (const output of input.files) {
    const file = realFile(output.file);
    const read = reads.get(file) ?? folders.find((folder) => file.startsWith(folder.inside) && (folder.read.folder === 'any' || file.endsWith('.json')))?.read;
    if (read) throw new UsageError(`${output.subject} would write over ${output.path}, ${read.what}`, `give it a path of its own, as ${output.spell(`out/${output.defaultName}`)}`);
  }
}

// Returns the file with its links resolved (a reporter's path may reach a suite through one); one not there yet, in its folder's real path.
function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realFile(parent), path.basename(file));
  }
}

// Returns the outputs the specs name: the reporters that print, by name, and the files written.
function destinationsOf(input: OutputsGiven): { printers: string[]; files: Destination[] } {
  const { cwd } = input;
  const printers: string[] = [];
  const files = input.specs.flatMap((spec): Destination[] => {
    const output = readReporterSpec(spec, cwd);
    if (output.kind !== 'file') {
      printers.push(output.name);
      return [];
    }
    const { name } = output;
    return [{ subject: `reporter ${name}`, path: output.path, file: output.file, cwd, spell: (path) => `--reporter ${name}:${path}`, defaultName: defaultPathOf(name) ?? 'report' }];
  });
  if (input.otlp !== undefined) {
    const path = input.otlp;
    files.push({ subject: '--otlp', path, file: resolve(cwd, path), cwd, spell: (p) => `--otlp ${p}`, defaultName: 'agentready.otlp.json' });
  }
  return { printers, files };
}

/**
 * Throws a UsageError for the first output that cannot work: a printing reporter given twice
 * (it would print the whole report twice), a file that cannot be written, two outputs writing
 * one file. `printers` are the names of the reporters that print, as given.
 */
export function checkOutputs(input: { printers: readonly string[]; files: readonly Destination[] }): void {
  const printing = new Set<string>();
  for (const name of input.printers) {
    if (printing.has(name)) throw new UsageError(`reporter ${name} is given twice`, 'give it once: it prints, to the terminal or the CI log');
    printing.add(name);
  }
  const writers = new Map<string, Destination>();
  for (const output of input.files) {
    checkDestination(output);
    const other = writers.get(output.file);
    const instead = output.spell(`out/${output.defaultName}`);
    if (other?.subject === output.subject) throw new UsageError(`${output.subject} is given twice for ${output.path}`, `give it once, or give each its own path, as ${instead}`);
    if (other) throw new UsageError(`${other.subject} and ${output.subject} would both write ${output.path}`, `give each its own path, as ${instead}`);
    writers.set(output.file, output);
  }
}

/** One output file to check: how messages name it, its path as given and resolved, and how the user spells a path for it. */
export interface Destination {
  /** `reporter junit`, `--otlp`. */
  subject: string;
  /** As given (or the default), for messages. */
  path: string;
  /** Absolute. */
  file: string;
  cwd: string;
  /** The option as typed with another path, for hints (`--reporter junit:out/junit.xml`). */
  spell: (path: string) => string;
  /** The file name a hint suggests inside a folder. */
  defaultName: string;
}

/**
 * Throws a UsageError when the output cannot be written at its file: the path names a folder,
 * a file stands where a folder would be made, or no permission.
 */
export function checkDestination(output: Destination): void {
  const { subject, path, cwd } = output;
  const inFolder = `name a file in it, as ${output.spell(joined(path, output.defaultName))}`;
  // An empty path resolves to the current folder: "cannot write : it is a folder", hinting a file at the root (`/agentready.otlp.json`).
  if (path === '') throw new UsageError(`${subject} needs a file name, got an empty path`, `name a file, as ${output.spell(output.defaultName)}`);
  // "-" is stdout to Unix tools; here it would be a file named "-" (and stdout is the terminal reporter's, or review's own without --out).
  if (path === '-') {
    const jq = output.defaultName.endsWith('.json') ? ` (jq . ${output.defaultName})` : '';
    throw new UsageError(`${subject} cannot write to "-": it names a file, and a file named "-" is not stdout`, `name a file, as ${output.spell(output.defaultName)}, and read that${jq}`);
  }
  // A collector's endpoint (`--otlp http://127.0.0.1:4318/v1/traces`) was written as folders `http:/127.0.0.1:4318/v1/` and said "Wrote".
  if (/^[a-z][a-z\d+.-]+:\/\//i.test(path)) {
    const post = output.subject === '--otlp' ? `; a Collector reads it with its otlpjsonfile receiver, or POST it to an OTLP/HTTP endpoint: curl -H 'content-type: application/json' --data-binary @${output.defaultName} ${path}` : '';
    throw new UsageError(`${subject} writes a file, and ${path} is a URL: agentready sends nothing over the network`, `name a file, as ${output.spell(output.defaultName)}${post}`);
  }
  // "out/" says a folder even where none exists yet: a file named "out" is not what was meant.
  if (/[/\\]$/.test(path)) throw new UsageError(`${subject} cannot write ${path}: the path names a folder, not a file`, inFolder);
  const problem = whyUnwritable(output.file);
  if (problem) throw new UsageError(`${subject} cannot write ${path}: ${describeUnwritable(problem, (at) => shown(at, cwd))}`, problem.kind === 'folder' ? inFolder : 'give a path this process can create, relative to the current folder');
}

// Returns `folder/name` as the user would type it.
function joined(folder: string, name: string): string {
  return `${folder.replace(/[/\\]+$/, '')}/${name}`;
}

// Returns a path relative to cwd when it lies inside it, else as it is.
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
