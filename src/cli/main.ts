/**
 * The CLI edge: parse argv, run one action, and turn every error into one clear message
 * and an exit code. This is the only `catch` that decides an exit code.
 */

import { existsSync, writeSync } from 'node:fs';
import { CommanderError } from 'commander';
import { claimStrayFault, lateUserCode, outsideAgentCode } from '../adapters/stray-faults.js';
import { neutralize } from '../common/sanitize.js';
import { describeThrown } from '../common/thrown.js';
import { runOpened } from '../common/run-opened.js';
import { diskRefusal } from '../common/disk-refusal.js';
import { binLinkBeside, invokerFrom, localBinFrom, useInvoker } from '../config/command-hint.js';
import { shownFolder, shownPath } from '../config/shown-path.js';
import { userModuleOnStack } from '../config/user-modules.js';
import { AgentreadyError, ConfigError, EXIT, HarnessError, UsageError } from '../errors.js';
import { tightenHeapGrowth } from '../run/heap.js';
import { exitIfKeptAlive } from './linger.js';
import { missingCommandLine } from './missing-command.js';
import { flushThenExit, isOwnExit } from './own-exit.js';
import { colorOn, writeError, writeOut, writeReason } from './print.js';

// bin/load-cli.js calls it at exit, before it makes V8's code cache of the CLI.
export { restoreHeapFlags } from '../run/heap.js';

/** Set once the command has ended (its action returned, or its error was reported): the exit code it gave. */
let ended: { code: number } | undefined;

/** Whether the command ended before the process did: bin/load-cli.js makes the code cache of a whole command only. */
export function commandEnded(): boolean {
  return ended !== undefined;
}

/** Runs one command line. `agentready --version` alone never gets here: bin/agentready.js answers it without loading the bundle. */
export async function main(rawArgv: readonly string[]): Promise<void> {
  // The parser is a chunk of its own. What every command loads anyway (the heap's flags, the stray
  // errors' owner, the error printing) is imported with this module: each dynamic import is an entry
  // point of the bundle, and every entry splits the modules it shares into more chunks, each a
  // file to resolve, read, compile and link (docs/architecture.md). The module adapter's fault
  // handling loads with it; until then every stray error is agentready's own.
  const { buildProgram } = await import('./program.js');
  // `agentready eval | head`: the reader left. The run still finishes, writes its files and
  // exits with its own code; only the printing stops. The streams are made here, before
  // tightenHeapGrowth: a pipe's (node:net, diagnostics_channel) or a file's (SyncWriteStream)
  // modules compile with the code cache built into Node only under Node's own flags (run/heap.ts
  // loadNodeModules): made after, ~2 ms more CPU (Node 20, stderr a pipe).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  tightenHeapGrowth();
  // The package manager that started agentready (npx, pnpm exec…): every hint names the command as it runs it.
  const rawUserAgent = process.env['npm_config_user_agent'];
  useInvoker(invokerFrom(rawUserAgent), localBinFrom(startedThrough(rawArgv[1]), process.cwd()));
  const debug = rawArgv.includes('--debug');
  // An error nothing caught: a module agent's goes to its case (or the run's warnings); agentready's own is a bug.
  let toldUnrecorded = false;
  const onStray = (kind: 'uncaught' | 'unhandled') => (error: unknown) => {
    const claim = claimStrayFault(kind, error);
    if (claim === 'unrecorded' && !toldUnrecorded) {
      toldUnrecorded = true;
      // Not quoted: nothing here redacts it. The run's results were all written before it. Written
      // out of the agent's context (this handler runs in it), where the agent's own output is its log.
      outsideAgentCode(() => process.stderr.write('agentready: warning: the agent module threw where nothing caught it after the run ended; its message is not shown\n'));
    }
    if (claim !== 'own') return;
    // Thrown by a timer a tool handler left after its call returned: the handler's, not a bug of agentready's.
    const late = lateUserCode();
    // Said by describeThrown, which never throws: a Proxy whose traps throw made `instanceof` throw here, and Node end the process with the trap's stack.
    const stray = late === undefined ? error : new HarnessError('RUN_INCOMPLETE', `${late} threw after its call had returned (from a timer or callback it left): ${describeThrown(error)}`, { cause: error });
    // Printed out of the context it was raised in: a handler's is routed to its case's log.
    void outsideAgentCode(async () => reportError(stray, debug)).then(flushThenExit);
  };
  process.on('uncaughtException', onStray('uncaught'));
  // A process.exit() of code that runs in agentready's process but whose exits are not trapped
  // (a tool handler's from a timer it left after its call returned, a handler's or a custom
  // scorer's module as it is imported, by `validate` too, or a timer it set): the command did not
  // end as it says, so not with its code; said of the module whose code it was, when one is known,
  // and of the run only once one began.
  process.on('exit', (code) => {
    // agentready's own exit (own-exit.ts) may run in a handler's context, its flush's callback.
    if (isOwnExit()) return;
    const by = lateUserCode();
    if (by !== undefined) {
      process.exitCode = EXIT.HARNESS;
      // Once the command had ended, its run was whole: said so, not that it may be cut short.
      const after = ended === undefined ? ': the run may be cut short, with no summary.json' : ` after the command had ended with code ${ended.code}`;
      writeSync(2, `agentready: ${by} called process.exit after its call had returned (from a timer or callback it left), ending agentready with code ${code}${after}; a tool handler or a custom scorer ends its call by returning or throwing, not the run (exit ${EXIT.HARNESS})\n`);
    } else if (ended === undefined) {
      // Cut short: an exit 0 here read as a passing gate in CI.
      process.exitCode = EXIT.HARNESS;
      const { who, how } = exitCaller();
      writeSync(2, `agentready: ${who} called process.exit(${code})${how}, before the command had ended${cutShort()}; code agentready imports runs in its process, and ends its work by returning or throwing, not the process (exit ${EXIT.HARNESS})\n`);
    } else if (code !== ended.code) {
      process.exitCode = ended.code;
      const { who, how } = exitCaller();
      writeSync(2, `agentready: warning: ${who} called process.exit(${code})${how} after the command had ended; agentready exits with the command's code, ${ended.code}\n`);
    }
  });
  process.on('unhandledRejection', onStray('unhandled'));
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync([...rawArgv]);
  } catch (error) {
    // commander showed the help in place of a missing command: why, as the last line.
    if (error instanceof CommanderError && error.code === 'commander.help' && error.exitCode !== 0) writeError(missingCommandLine(rawArgv.slice(2)));
    process.exitCode = await reportError(error, debug);
    // A command that failed has ended too: what the user's code it loaded started (an agent or
    // handler module that opened a client as it loaded, then failed to load or beside a bad
    // input) would otherwise hold the process for ever after the error. commander's own errors
    // come before any of it loads.
    if (!(error instanceof CommanderError)) exitIfKeptAlive();
  }
  ended = { code: Number(process.exitCode ?? 0) };
}

/**
 * Whose `process.exit()` ended the process, not agentready's own nor a handler's or scorer's call's
 * (those are named by lateUserCode): the user's module whose code called it, when one is on the
 * stack (called in the `exit` listener, whose stack holds the caller's); otherwise any of them.
 */
function exitCaller(): { who: string; how: string } {
  const module = userModuleOnStack();
  if (module === undefined) return { who: "code running in agentready's process (an agent module, a tool handler's or custom scorer's module, or a timer or callback one of them left)", how: '' };
  return { who: `the ${module.role} module ${shownPath(module.file)}`, how: module.importing ? ' as it was imported' : ' from a timer or callback it left' };
}

/** What an exit before the command ended cut short: the run it had opened, when it had; before any (`validate`, or `eval` loading its inputs), nothing to say. */
function cutShort(): string {
  const run = runOpened();
  return run === undefined ? '' : `: the run in ${shownFolder(run)} was cut short, with no summary.json`;
}

/** Prints the error as the user should see it and returns the exit code. */
async function reportError(error: unknown, debug: boolean): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has printed its own message already.
    return error.exitCode === 0 ? EXIT.PASSED : EXIT.USAGE;
  }
  if (error instanceof ConfigError) {
    const { formatConfigIssues } = await import('../report/format-issues.js');
    writeError(formatConfigIssues(error.issues, { color: colorOn(process.stderr), cwd: process.cwd(), hint: error.hint }));
  } else if (error instanceof UsageError) {
    writeError(`agentready: ${neutralize(error.message)}${error.hint ? `\n  ${neutralize(error.hint)}` : ''}\n`);
  } else if (error instanceof AgentreadyError) {
    // It may quote the agent (its last stderr lines): redacted where it was thrown, its control characters made visible here.
    writeReason({ lines: error.message.split('\n'), code: error.exitCode });
  } else if (diskRefusal(error) !== undefined) {
    // The disk refused a file agentready writes outside the run folder's own (the history, a baseline): the user's to fix, not a bug.
    writeError(`agentready: the disk refused: ${neutralize((error as Error).message)}${cutShort()} (exit ${EXIT.HARNESS})\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    writeError(`agentready: unexpected error: ${neutralize(message)}\n  this is a bug in agentready; rerun with --debug and report it\n`);
  }
  if (debug) writeError(`${neutralize(describeStack(error, (await import('../common/redact.js')).redact))}\n`);
  // On GitHub Actions an input error, or a run that could not complete, also shows on the pull request, not only in the log.
  if (process.env['GITHUB_ACTIONS'] === 'true') {
    if (error instanceof ConfigError || error instanceof UsageError) await annotate((github) => github.inputErrorAnnotation({ error, cwd: process.cwd(), env: process.env }));
    else if (error instanceof AgentreadyError) await annotate((github) => github.runErrorAnnotation(error));
  }
  return error instanceof AgentreadyError ? error.exitCode : EXIT.HARNESS;
}

/** One `::error` (an input error's, exit 2, or a run's that could not complete, exit 3); on stdout, as the github reporter writes. */
async function annotate(build: (github: typeof import('../report/github-commands.js')) => string): Promise<void> {
  const github = await import('../report/github-commands.js');
  writeOut(`${build(github)}\n`);
}

/**
 * The stack and every `cause` below it. A cause that is no Error (a child's exit, `{"exitCode":1,…}`)
 * is its JSON, redacted (it may hold what a process printed), where String() said `[object Object]`.
 */
function describeStack(error: unknown, redact: (text: string) => string): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    lines.push(depth === 0 ? '' : 'Caused by:', current instanceof Error ? (current.stack ?? current.message) : redact(describeThrown(current)));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.filter(Boolean).join('\n');
}

// Returns the path agentready was started through: the project's bin link when pnpm's shell script started node on the package's file beside it (binLinkBeside), else process.argv[1].
function startedThrough(script: string | undefined): string | undefined {
  const link = binLinkBeside(script);
  return link !== undefined && existsSync(link) ? link : script;
}
