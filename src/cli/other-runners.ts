/**
 * The flags of other test runners (vitest, Jest, Playwright Test) a new user types out of habit,
 * each answered with what does that job here: `-t refund` is `--grep refund`, `-u` is
 * `baseline update`. Said under commander's "unknown option" line, which names no such flag. An
 * answer naming an option of the command (`option`) is said only on a command that has it: on
 * another, commander's own "did you mean" (a close option of that command) is said instead.
 */
import { commandHint } from '../config/command-hint.js';
import { envFileLoading } from '../lifecycle/env-file.js';

// vitest's and Playwright's merge-reports, as a flag or a command.
const MERGE_SAYS = () => `\`${commandHint('merge <run>...')}\` joins the run folders of \`eval --shard i/n\` into one run, one verdict and its reporters`;

/** What the unknown option was given to: the command's name, and the arguments typed (without node and the script). */
export interface RunnerContext {
  offers?: (option: string) => boolean;
  command?: string;
  args?: readonly string[];
}

/** The unknown flag as given (`--flag` or `--flag=value`) and where. */
type Given = { option: string } & RunnerContext;

const HABITS: readonly { flags: readonly string[]; option?: string; command?: string; say: (given: Given) => string }[] = [
  { flags: ['-t', '--testNamePattern', '--test-name-pattern', '-g', '--filter-pattern'], option: '--grep', say: () => '--grep <pattern> selects the cases whose id, or <suite>/<id>, matches a regular expression (repeatable)' },
  // Playwright's --grep-invert: a lookahead says "not" (it must fail on <suite>/<id> as on the id).
  {
    flags: ['--grep-invert'],
    option: '--grep',
    say: (given) => {
      const pattern = invertedPattern(given);
      return `no --grep-invert: --grep '/^(?!.*${pattern.includes('|') ? `(?:${pattern})` : pattern})/' selects the cases whose id does not match ${pattern}`;
    },
  },
  // `replay --trace <id>`: the trace is replay's argument.
  { flags: ['--trace'], command: 'replay', say: () => `the trace is replay's argument, without a flag: \`${commandHint('replay <trace id>')}\` (or <run>/<case-id>)` },
  // vitest --testTimeout, Jest --testTimeout, Playwright --timeout.
  { flags: ['--timeout', '--testTimeout', '--test-timeout'], say: () => "a case's time limit is `run.timeout_ms` in the config" },
  // Playwright's --trace on: every case is traced anyway.
  { flags: ['--trace'], say: () => `every case's trace is recorded in its run folder's traces.jsonl; \`${commandHint('replay <trace id>')}\` runs one again` },
  {
    flags: ['-u', '--update', '--updateSnapshot', '--update-snapshots'],
    say: () => `the committed baseline is the snapshot: \`${commandHint('baseline update')}\` runs the suites and writes it`,
  },
  { flags: ['--watch', '-w'], say: () => `no watch mode: run \`${commandHint('eval')}\` again, or \`${commandHint('eval --last-failed')}\` for what failed` },
  { flags: ['--bail', '-x', '--max-failures', '--maxFailures'], option: '--grep', say: () => 'every selected case runs, as the gate judges them together; run fewer with --grep, --tag, --suite or --last-failed' },
  { flags: ['--retries', '--retry', '--repeat-each'], option: '--repeat', say: () => '--repeat <k> runs each case k times and reports one that passes only some of them as flaky (nothing is retried until it passes)' },
  { flags: ['--workers', '-j', '--maxWorkers', '--max-workers', '--max-concurrency'], option: '--concurrency', say: () => '--concurrency <n>: how many cases are in flight at once' },
  // vitest's --outputFile, promptfoo's -o/--output.
  { flags: ['--outputFile', '--output-file', '-o', '--output'], option: '--reporter', say: () => '--reporter <name>:<file> writes a report to a file (json, junit, markdown, html; repeatable)' },
  // review's checklist: --out.
  { flags: ['--outputFile', '--output-file', '-o', '--output'], option: '--out', say: () => '--out <file> writes it to a file instead of stdout' },
  // promptfoo's --env-file: agentready loads no .env; the shell, or the agent itself, does.
  {
    flags: ['--env-file', '--env-path'],
    say: () => `no .env loading: ${envFileLoading('./.env')}`,
  },
  { flags: ['--passWithNoTests', '--pass-with-no-tests'], option: '--grep', say: () => 'a --grep, --tag or --suite that selects no case is bad input (exit 2), never a pass' },
  { flags: ['--project'], option: '--suite', say: () => '--suite <name> (a suite name, file or folder) runs only that suite' },
  { flags: ['--list', '--listTests', '--dry-run'], say: () => `\`${commandHint('validate')}\` lists the suites and how many cases each holds, without running the agent` },
  // Running again what failed: pytest --lf, Jest --onlyFailures, promptfoo --filter-failing / --retry-errors.
  {
    flags: ['--lf', '--onlyFailures', '--only-failures', '--filter-failing', '--filter-errors-only'],
    option: '--last-failed',
    say: () => '--last-failed runs the cases that failed or errored in the newest finished run',
  },
  {
    flags: ['--retry-errors'],
    option: '--resume',
    say: () => `\`${commandHint('eval --resume <run>')}\` runs again, in that run's folder, the attempts that ended in a harness error (as --last-failed does in a new run, with the failures)`,
  },
  // Splitting and joining: promptfoo --filter-range, vitest/Playwright merge-reports.
  { flags: ['--filter-range'], option: '--shard', say: () => '--shard i/n runs one part of the cases, split by a stable hash of their ids; `agentready merge` joins the parts' },
  { flags: ['--merge-reports'], say: MERGE_SAYS },
  // vitest --changed, Jest --onlyChanged: no tracking of changed files.
  {
    flags: ['--changed', '--onlyChanged', '--only-changed', '--changedSince', '--changed-since'],
    option: '--grep',
    say: () => `no tracking of changed files: name the suites to run (\`${commandHint('eval <suite file or folder>')}\`), or select cases with --grep or --tag`,
  },
];

/**
 * `  in agentready: …` for an unknown option another runner takes (written `--flag=value` too), or
 * undefined; `offers` says whether the command it was given to has an option (each habit's answer
 * said only where its option is, or on the command it names).
 */
export function otherRunnerHint(option: string, context: RunnerContext = {}): string | undefined {
  const flag = option.split('=', 1)[0]!;
  const offers = context.offers ?? (() => true);
  const habit = HABITS.find(
    (entry) => entry.flags.includes(flag) && (entry.option === undefined || offers(entry.option)) && (entry.command === undefined || entry.command === context.command),
  );
  return habit === undefined ? undefined : `  in agentready: ${habit.say({ ...context, option })}`;
}

/**
 * The pattern given to --grep-invert (`--grep-invert=x`, or the argument after it), to quote in a
 * --grep lookahead; `<pattern>` when none was given or it would not go in one as it is (a
 * `/…/flags` literal, an anchor, a quote the shell would end the argument at).
 */
function invertedPattern(given: Given): string {
  const args = given.args ?? [];
  const at = args.indexOf(given.option);
  const raw = given.option.includes('=') ? given.option.slice(given.option.indexOf('=') + 1) : at >= 0 ? args[at + 1] : undefined;
  return raw === undefined || raw === '' || /^[-/^]|'/.test(raw) ? '<pattern>' : raw;
}

/** The commands of other runners (`vitest run`, `playwright test`, `jest --listTests`'s `list`), each with what does that job here. */
const COMMAND_HABITS: readonly { commands: readonly string[]; say: () => string }[] = [
  { commands: ['run', 'test'], say: () => `\`${commandHint('eval')}\` runs the suites against the agent (name a suite after it to run only that one)` },
  { commands: ['list', 'ls'], say: () => `\`${commandHint('validate')}\` lists the suites and how many cases each holds, without running the agent` },
  { commands: ['merge-reports'], say: MERGE_SAYS },
];

/** `  in agentready: …` for an unknown command another runner has, or undefined. */
export function otherRunnerCommandHint(command: string): string | undefined {
  const habit = COMMAND_HABITS.find((entry) => entry.commands.includes(command));
  return habit === undefined ? undefined : `  in agentready: ${habit.say()}`;
}

/** Commands that take no file, each with what does the job of one given after it (`validate evals/a.suite.yaml`, as `tsc file` or `eslint file`). */
const FILE_HABITS: Readonly<Record<string, () => string>> = {
  validate: () => `validate checks the whole project its config names; \`${commandHint('eval <suite file>')}\` runs one suite, --config <file> names another config`,
};

/** `  …` for a file given to a command that takes none, or undefined. */
export function extraArgumentHint(command: string): string | undefined {
  const say = Object.hasOwn(FILE_HABITS, command) ? FILE_HABITS[command] : undefined;
  return say === undefined ? undefined : `  ${say()}`;
}

/**
 * What `init --adapter <value>` meant by a language, a runtime or a framework, where agentready's
 * adapters are transports: a Python agent is a command over stdio, http or exec; a framework's a
 * module agent.
 */
const ADAPTER_HABITS: readonly { values: readonly string[]; say: () => string }[] = [
  {
    values: ['python', 'python3', 'py', 'go', 'golang', 'ruby', 'rust', 'java', 'kotlin', 'csharp', 'c#', 'dotnet', 'php', 'elixir'],
    say: () =>
      `--adapter names how agentready reaches the agent, not its language: an agent in another language is a command it starts (stdio, or exec) or a server it calls (http). \`${commandHint('init --adapter stdio')}\` writes the project; then point target.command at yours (command: [python3, agent.py], say). docs/other-languages.md has a complete Python agent`,
  },
  {
    values: ['node', 'nodejs', 'js', 'javascript', 'ts', 'typescript', 'deno', 'bun'],
    say: () => '--adapter names how agentready reaches the agent: a JavaScript or TypeScript one is a module run in process (--adapter module) or a process over stdio (--adapter stdio, with serveStdio)',
  },
  {
    values: ['langgraph', 'langchain', 'mastra', 'openai', 'openai-agents', 'ai-sdk', 'vercel', 'vercel-ai'],
    // LangGraph, LangChain and the OpenAI Agents SDK are Python libraries too: module loads JavaScript only.
    say: () =>
      `a JavaScript or TypeScript agent built on a framework runs in process: --adapter module; docs/frameworks.md has a recipe for the Vercel AI SDK, the OpenAI Agents SDK, LangGraph and Mastra. A Python one (LangGraph, LangChain, the OpenAI Agents SDK) is a command: \`${commandHint('init --adapter stdio')}\`, then docs/other-languages.md`,
  },
  { values: ['mcp'], say: () => 'every adapter serves the case\'s tools over MCP too, at the run\'s mcp_url (docs/mcp.md): pick the transport that reaches the agent' },
];

/** `  in agentready: …` for an `--adapter` value naming a language, runtime or framework, or undefined. */
export function adapterValueHint(value: string): string | undefined {
  const habit = ADAPTER_HABITS.find((entry) => entry.values.includes(value.toLowerCase()));
  return habit === undefined ? undefined : `  in agentready: ${habit.say()}`;
}
