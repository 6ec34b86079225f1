/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`) as text, escaped, and the
 * two an error that ends agentready before any report prints under `GITHUB_ACTIONS=true`: an
 * input error's (exit 2) and a run's that could not complete (exit 3). Apart from github.ts's
 * reporter, whose code reaches most of the run's: cli/main.ts imports this module on those error
 * paths alone, and a lazily imported module that reaches little splits no chunk of the bundle
 * (docs/architecture.md).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { neutralize } from '../common/sanitize.js';
import { UsageError, type AgentreadyError, type ConfigError, type ConfigIssue } from '../errors.js';
import { foundShown } from './format-issues.js';

/**
 * The folder annotation paths are relative to: GitHub places an annotation's `file` from the
 * repository's root, `$GITHUB_WORKSPACE` on a runner, not from the folder eval runs in (a
 * `working-directory` of the step or the action); the current folder elsewhere (undefined).
 */
export function annotationRoot(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env['GITHUB_WORKSPACE'] || undefined;
}

/**
 * The one `::error` an input error (exit 2) shows on the pull request under `GITHUB_ACTIONS=true`:
 * at its first located problem's file, line and column when it has one (from the repository's
 * root, as the cases' annotations), else on the run alone. The log keeps the whole message.
 */
export function inputErrorAnnotation(input: { error: ConfigError | UsageError; cwd: string; env: Readonly<Record<string, string | undefined>> }): string {
  const { error, cwd } = input;
  const root = annotationRoot(input.env);
  const title = { title: 'agentready: input error' };
  if (error instanceof UsageError) return workflowCommand('error', { properties: title, message: error.hint ? `${error.message}\n${error.hint}` : error.message });
  const errors = error.issues.filter((issue) => issue.severity !== 'warning');
  const first = errors[0] ?? error.issues[0];
  if (!first) return workflowCommand('error', { properties: title, message: error.message });
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more: see the log)` : '';
  return workflowCommand('error', { properties: { ...fileProperties(first, { cwd, root }), ...title }, message: `${first.path ? `${first.path}: ` : ''}${issueInOneLine(first)}${more}` });
}

/**
 * The one `::error` a run that could not complete before any report (exit 3: the agent did not
 * start, say) shows on the pull request under `GITHUB_ACTIONS=true`, on the run: its message as
 * the log has it, agent text in it redacted where it was thrown and escaped here.
 */
export function runErrorAnnotation(error: AgentreadyError): string {
  return workflowCommand('error', { properties: { title: 'agentready: the run could not complete' }, message: error.message.replace(/ \(exit \d+\)$/, '') });
}

/**
 * A problem on one line, with what the log's block says (format-issues.ts): `expected …, found …`
 * when it has an expectation (its `message` is then the schema's raw wording, which names no found
 * value), else its message and what was found.
 */
function issueInOneLine(issue: ConfigIssue): string {
  const found = issue.found === undefined ? '' : `, found ${foundShown(issue.found)}`;
  return issue.expected === undefined ? `${issue.message}${found}` : `expected ${issue.expected}${found}`;
}

/**
 * The file, line and col properties, the file relative to the root (else cwd) with forward
 * slashes; none for a file outside it (a `../` path, or another drive), which GitHub cannot place:
 * the annotation then stands on the run, and the log says where the case is.
 */
export function fileProperties(location: { file: string; line: number; column: number }, { cwd, root }: { cwd: string; root?: string | undefined }): Record<string, string> {
  const file = relative(root ?? cwd, resolve(cwd, location.file));
  if (file === '..' || file.startsWith(`..${sep}`) || isAbsolute(file)) return {};
  return { file: file.split('\\').join('/'), line: String(location.line), col: String(location.column) };
}

/**
 * `::command key=value,…::message` with GitHub's escaping (actions/toolkit `command.ts`):
 * `%`, CR and LF in the message; those plus `:` and `,` in property values. Terminal control
 * characters are made visible first, so agent text can neither start a new command nor act
 * on the log viewer.
 */
export function workflowCommand(command: string, { properties, message }: { properties: Record<string, string>; message: string }): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** A message body escaped for a workflow command. */
export function escapeData(text: string): string {
  return neutralize(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value escaped for a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
