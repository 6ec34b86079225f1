/**
 * Commander wiring only: each command declares its flags, calls one action and hands its
 * exit code back. Actions are imported lazily so `--version` and `--help` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { REPORTER_NAMES } from '../report/names.js';

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
}

export interface EvalFlags {
  suite?: string[];
  grep?: string;
  tag?: string[];
  concurrency?: number;
  repeat?: number;
  reporter?: string[];
  gate: boolean;
  redact: boolean;
  /** --kill-switch: every case read-only, judged by the readiness check. */
  killSwitch?: boolean;
}

export interface BaselineUpdateFlags extends Omit<EvalFlags, 'gate' | 'reporter'> {
  force?: boolean;
  /** A run id or run folder to snapshot instead of running the suites. */
  from?: string;
}

type SetExitCode = (code: number) => void;

export function buildProgram(setExitCode: SetExitCode): Command {
  const program = new Command('agentready')
    .description('Eval and release gate for LLM agents')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'path of agentready.config.yaml (default: found in the current folder or above)')
    .option('--debug', 'show stacks and causes of errors')
    .exitOverride()
    .showHelpAfterError('(run agentready --help for usage)');

  const evalCommand = program
    .command('eval')
    .description('run the suites against the agent, compare with the baseline, exit non-zero on a regression');
  addRunFlags(evalCommand)
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect, [])
    .option('--no-gate', 'run and report without comparing; exit 0 when the run completed')
    .option('--kill-switch', 'run every case read-only (writes refused) and judge readiness: no write ran, every case answered or escalated')
    .action(async (flags: EvalFlags, command: Command) => {
      const { runEvalCommand } = await import('./actions/eval.js');
      setExitCode(await runEvalCommand(command.optsWithGlobals<GlobalOptions>(), flags));
    });

  program
    .command('validate')
    .description('check the config, suites and policy without starting the agent')
    .action(async (_flags: unknown, command: Command) => {
      const { runValidateCommand } = await import('./actions/validate.js');
      setExitCode(await runValidateCommand(command.optsWithGlobals<GlobalOptions>()));
    });

  program
    .command('card')
    .description('the 60-second readiness card: authority, costs, failure handling, readiness checklist')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (flags: import('./actions/card.js').CardFlags, command: Command) => {
      const { runCardCommand } = await import('./actions/card.js');
      setExitCode(await runCardCommand(command.optsWithGlobals<GlobalOptions>(), flags));
    });

  program
    .command('score <traces>')
    .description("score recorded traces against the suites (shadow mode): JSONL, one exec-style result per line, or a run folder's traces.jsonl")
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect, [])
    .option('--no-gate', 'score and report without comparing; exit 0 when every trace was scored')
    .option('--no-redact', 'write and print agent text without redacting PII')
    .action(async (traces: string, flags: import('./actions/score.js').ScoreFlags, command: Command) => {
      const { runScoreCommand } = await import('./actions/score.js');
      setExitCode(await runScoreCommand(command.optsWithGlobals<GlobalOptions>(), traces, flags));
    });

  program
    .command('compare <runA> <runB>')
    .description('compare two runs (run ids or run folders) metric by metric and case by case; exit 1 when B regresses past the gate')
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable); they report run B`, collect, [])
    .action(async (runA: string, runB: string, flags: import('./actions/compare.js').CompareFlags, command: Command) => {
      const { runCompareCommand } = await import('./actions/compare.js');
      setExitCode(await runCompareCommand(command.optsWithGlobals<GlobalOptions>(), { runA, runB }, flags));
    });

  const baseline = program.command('baseline').description('write or show the committed baseline');
  addRunFlags(baseline.command('update').description('run the suites and write the baseline from that run'))
    .option('--force', 'write the baseline even when the run had harness errors')
    .option('--from <run>', 'snapshot an existing run (a run id or run folder) instead of running the suites')
    .action(async (flags: BaselineUpdateFlags, command: Command) => {
      const { runBaselineUpdate } = await import('./actions/baseline.js');
      setExitCode(await runBaselineUpdate(command.optsWithGlobals<GlobalOptions>(), flags));
    });
  baseline
    .command('show')
    .description('print the baseline: provenance, metrics and failing cases')
    .action(async (_flags: unknown, command: Command) => {
      const { runBaselineShow } = await import('./actions/baseline.js');
      setExitCode(await runBaselineShow(command.optsWithGlobals<GlobalOptions>()));
    });

  for (const command of [program, ...program.commands, ...baseline.commands]) command.exitOverride();
  return program;
}

/** Flags shared by every command that runs the agent. */
function addRunFlags(command: Command): Command {
  return command
    .option('--suite <name...>', 'only these suites (name or file)')
    .option('--grep <pattern>', 'only cases whose id matches this regular expression', validRegex)
    .option('--tag <tag...>', 'only cases with one of these tags')
    .addOption(new Option('--concurrency <n>', 'cases in flight at once').argParser(positiveInt))
    .addOption(new Option('--repeat <k>', 'attempts per case').argParser(positiveInt))
    .option('--no-redact', 'write and print agent text without redacting PII');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return value;
}

function validRegex(raw: string): string {
  try {
    new RegExp(raw);
  } catch (error) {
    throw new InvalidArgumentError(`not a valid regular expression: ${(error as Error).message}`);
  }
  return raw;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
