/**
 * Commander wiring only: each command declares its flags, calls one action and hands its
 * exit code back. Actions are imported lazily so `--version` and `--help` stay fast.
 */
import { Command, Option } from 'commander';
import type { EventEmitter } from 'node:events';
import { INIT_ADAPTERS } from '../config/init-project.js';
import { MAX_REPEAT } from '../config/defaults.js';
import { MODEL_MODES, type ModelMode } from '../config/schema/model-modes.js';
import { collect, configArg, grepArg, oneResume, positiveInt, repeatArg, resumeArg, shardArg } from './flag-args.js';
import type { AskedSelection } from '../lifecycle/eval-selection.js';
import { REPORTER_NAMES } from '../report/names.js';
import { COMMAND_NODE_MODULES, growYoungWhileCodeLoads, inlineLess, loadNodeModules } from '../run/heap.js';
import { exitIfKeptAlive } from './linger.js';
import { usageErrorLine } from './print.js';
import { commandGiven, commandOffers, misplacedOptionHint } from './misplaced-option.js';
import { packageVersion } from './version.js';
import { commandHint } from '../config/command-hint.js';

export interface GlobalOptions {
  config?: string;
  debug?: boolean;
  /** false with `--no-cache`. */
  cache?: boolean;
}

/** `eval`'s flags: the selection ones (--suite, --grep, --tag, --repeat, --shard, --kill-switch, --last-failed, --resume) are lifecycle's AskedSelection. */
export interface EvalFlags extends AskedSelection {
  concurrency?: number;
  reporter?: string[];
  gate: boolean;
  redact: boolean;
  /** --otlp <file>: also write the run as OTLP/JSON. */
  otlp?: string;
  force?: boolean;
  /** --models: the model gateway's mode for this run. */
  models?: ModelMode;
  /** --base-baseline <file>: the base branch's baseline, to name what the committed one loosens. */
  baseBaseline?: string;
}

export interface BaselineUpdateFlags extends Omit<EvalFlags, 'gate' | 'reporter' | 'otlp' | 'baseBaseline'> {
  force?: boolean;
  /** A run id or run folder to snapshot instead of running the suites. */
  from?: string;
}

type SetExitCode = (code: number) => void;

export function buildProgram(setCode: SetExitCode): Command {
  // Every action ends by setting its exit code: then nothing of the command is left to run.
  const setExitCode = (code: number) => {
    setCode(code);
    exitIfKeptAlive();
  };
  const program = new Command('agentready')
    .description('Eval and release gate for LLM agents')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'path of agentready.config.yaml (default: found in the current folder or above)', configArg)
    .option('--debug', 'show stacks and causes of errors')
    .option('--no-cache', 'check every suite file again instead of reading unchanged ones from .agentready/cache/')
    .exitOverride()
    // The root's own error for an option before the command (`--grep x eval`) says where it goes; commander keeps the arguments in rawArgs.
    .configureOutput({
      outputError: (text, write) => {
        const args = (program as unknown as { rawArgs?: string[] }).rawArgs ?? [];
        write(usageErrorLine(text, { misplaced: (flag) => misplacedOptionHint(program, { flag, args }), offers: (option) => commandOffers(program, { option, args }), command: commandGiven(program, args).name(), args }));
      },
    })
    .showHelpAfterError(`  run \`${commandHint('--help')}\` (or \`${commandHint('<command> --help')}\`) for usage`);

  const evalCommand = program
    .command('eval')
    .description('run the suites against the agent, compare with the baseline, exit non-zero on a regression');
  // A bare --resume after one naming a run is set without resumeArg (commander gives it `true`): refused here, before it replaces the run named.
  (evalCommand as unknown as EventEmitter).prependListener('option:resume', (value: string | null) => {
    const previous = evalCommand.getOptionValue('resume') as string | true | undefined;
    if (value === null && previous !== undefined) evalCommand.error(`error: option '--resume [run]' argument '' is invalid. ${oneResume(previous)}`, { exitCode: 2, code: 'commander.invalidArgument' });
  });
  addRunFlags(evalCommand)
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect)
    .option('--no-gate', 'run and report without comparing; exit 0 when the run completed')
    .option('--base-baseline <file>', "the base branch's baseline (git show <base>:agentready.baseline.json): the summary names what the committed one loosens against it; a missing file means the base has none")
    .option('--kill-switch', 'run every case read-only (writes refused) and judge readiness: no write ran, every case answered or escalated')
    .option('--otlp <file>', 'also write the run as OTLP/JSON in the OpenTelemetry GenAI conventions, for tracing tools')
    .addOption(new Option('--resume [run]', 'go on with an interrupted run (the newest, or this run id or folder): only its unfinished cases run, in its folder').argParser(resumeArg))
    .option('--force', 'with --resume: go on even though the suites changed since (changed cases run again)')
    .option('--last-failed', 'run only the cases that failed or errored in the newest finished run')
    .addOption(new Option('--shard <i/n>', `run only shard i of n (cases split by a stable hash of their id); join the shards with \`${commandHint('merge')}\``).argParser(shardArg))
    // `agentready eval evals/orders.suite.yaml`, as a vitest or Playwright user types it: --suite.
    .argument('[suites...]', 'only these suites (name, file or folder), as --suite')
    .action(async (suites: string[], flags: EvalFlags, command: Command) => {
      loadNodeModules(COMMAND_NODE_MODULES.eval);
      growYoungWhileCodeLoads();
      // Loading reads each case once, as validate does; the case phase inlines again (settleHeapForCases).
      inlineLess();
      const { runEvalCommand } = await import('./actions/eval.js');
      const selected = suites.length > 0 ? { ...flags, suite: [...(flags.suite ?? []), ...suites] } : flags;
      setExitCode(await runEvalCommand(command.optsWithGlobals<GlobalOptions>(), selected));
    });

  program
    .command('validate')
    .description("check the config, suites, policy, payload packs, tool handlers, scorer files, the agent module's syntax and default export, and baseline without starting the agent")
    .action(async (_flags: unknown, command: Command) => {
      loadNodeModules(COMMAND_NODE_MODULES.validate);
      inlineLess();
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
    .description("score recorded traces against the suites (shadow mode): JSONL, one exec-style result per line, a run folder's traces.jsonl (or the run folder), or OTLP/JSON")
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect)
    .option('--no-gate', 'score and report without comparing; exit 0 when every trace was scored')
    .option('--no-redact', 'write and print agent text without redacting PII')
    .option('--unlabeled', 'also score production traces (an OTLP trace with no agentready.case_id, a JSONL line with neither case_id nor suite) by the checks that need no label')
    .action(async (traces: string, flags: import('./actions/score.js').ScoreFlags, command: Command) => {
      const { runScoreCommand } = await import('./actions/score.js');
      setExitCode(await runScoreCommand(command.optsWithGlobals<GlobalOptions>(), { tracesPath: traces, flags }));
    });

  program
    .command('compare <runA> <runB>')
    .description('compare two runs (run ids or run folders) metric by metric and case by case; exit 1 when B regresses past the gate')
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable); they report run B`, collect)
    .action(async (runA: string, runB: string, flags: import('./actions/compare.js').CompareFlags, command: Command) => {
      const { runCompareCommand } = await import('./actions/compare.js');
      setExitCode(await runCompareCommand(command.optsWithGlobals<GlobalOptions>(), { runA, runB, flags }));
    });

  program
    .command('report')
    .description('the weekly review over the run folders and the history: failure reasons, policy blocks, cost hotspots, metrics over time, new failures, flaky cases')
    .option('--since <span>', 'only runs started since then: 12h, 7d, 2w or a date (default: every run)')
    .option('--reporter <name[:path]>', 'terminal, markdown, html, json (repeatable; default terminal)', collect)
    .action(async (flags: import('./actions/report.js').ReportFlags, command: Command) => {
      const { runReportCommand } = await import('./actions/report.js');
      setExitCode(await runReportCommand(command.optsWithGlobals<GlobalOptions>(), flags));
    });

  program
    .command('review [run]')
    .description('a risk-weighted sample of a run (default: the latest eval run) for human review, as a markdown checklist: every failing or policy-denied case, then each risk tier at its rate')
    .option('--rates <rates>', 'sampling rate per risk tier (a case without risk counts as low)', 'high=1,medium=0.25,low=0.05')
    .option('--seed <n>', 'seed of the sample (default: run.seed); the same seed gives the same sample')
    .option('--out <file>', 'write the checklist to this file instead of stdout')
    .option('--no-redact', 'print case inputs without redacting PII')
    .action(async (run: string | undefined, flags: import('./actions/review.js').ReviewFlags, command: Command) => {
      const { runReviewCommand } = await import('./actions/review.js');
      setExitCode(await runReviewCommand(command.optsWithGlobals<GlobalOptions>(), { ref: run, flags }));
    });

  program
    .command('init')
    .description('write a working project: config, a suite, a policy, an agent stub for the transport and a GitHub Actions workflow')
    .addOption(new Option('--adapter <adapter>', 'the transport of the agent stub').choices(INIT_ADAPTERS).default('stdio'))
    .option('--dir <dir>', 'folder to write the project into', '.')
    .action(async (flags: import('./actions/init.js').InitFlags) => {
      const { runInitCommand } = await import('./actions/init.js');
      setExitCode(await runInitCommand(flags));
    });

  program
    .command('merge <runs...>')
    .description('join the run folders (run ids or folders) of an `eval --shard i/n` matrix into one run, judged as one eval: metrics, gate, reporters, exit code')
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect)
    .option('--no-gate', 'merge and report without comparing; exit 0 when every shard is there')
    .option('--base-baseline <file>', "the base branch's baseline (git show <base>:agentready.baseline.json): the summary names what the committed one loosens against it; a missing file means the base has none")
    .option('--no-redact', 'write and print agent text without redacting PII')
    .action(async (runs: string[], flags: import('./actions/merge.js').MergeFlags, command: Command) => {
      const { runMergeCommand } = await import('./actions/merge.js');
      setExitCode(await runMergeCommand(command.optsWithGlobals<GlobalOptions>(), { refs: runs, flags }));
    });

  program
    .command('replay <trace>')
    .description('run one recorded case again (a trace id, <run>/<case-id> or <run>/<suite>/<case-id>) with its tool calls answered from the recording; print the exchange and the first divergence; exit 0 when it passes, 1 when not')
    .option('--live', 'answer the tool calls from the current mocks, faults and handlers instead of the recording')
    .addOption(modelsOption())
    .option('--reporter <name[:path]>', `${REPORTER_NAMES.join(', ')} (repeatable)`, collect)
    .option('--no-redact', 'write and print agent text without redacting PII')
    .action(async (trace: string, flags: import('./actions/replay.js').ReplayFlags, command: Command) => {
      const { runReplayCommand } = await import('./actions/replay.js');
      setExitCode(await runReplayCommand(command.optsWithGlobals<GlobalOptions>(), { ref: trace, flags }));
    });

  const baseline = program.command('baseline').description('write or show the committed baseline');
  addRunFlags(baseline.command('update').description('run the suites and write the baseline from that run'), { selects: false })
    .option('--force', 'write the baseline anyway from a run with harness errors, one that did not finish (--from), or one whose every case ended in the same agent error (a missing API key?)')
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
  // A command's usage error names its own help (`agentready eval --help`), the top level's its list of commands.
  for (const command of [...program.commands, ...baseline.commands]) command.showHelpAfterError(`  run \`${commandHint(`${commandPath(command)} --help`)}\` for usage`);
  return program;
}

/** A command's words after `agentready` (`baseline update`). */
function commandPath(command: Command): string {
  return command.parent?.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name();
}

/**
 * The flags of a command that runs the suites. `selects: false` (baseline update, which records
 * every case) keeps --suite, --grep and --tag out of --help; given anyway, the action refuses
 * them in words.
 */
function addRunFlags(command: Command, { selects = true }: { selects?: boolean } = {}): Command {
  return command
    .addOption(new Option('--suite <name...>', 'only these suites (name, file or folder)').hideHelp(!selects))
    .addOption(new Option('--grep <pattern>', 'only cases whose id, or <suite>/<id>, matches this regular expression, or /pattern/flags (/refund/i ignores case; repeatable: any of them)').argParser(grepArg).hideHelp(!selects))
    .addOption(new Option('--tag <tag...>', 'only cases with one of these tags (every word after it: name suites before it)').hideHelp(!selects))
    .addOption(new Option('--concurrency <n>', 'cases in flight at once').argParser(positiveInt))
    .addOption(new Option('--repeat <k>', `attempts per case (at most ${MAX_REPEAT})`).argParser(repeatArg))
    .addOption(modelsOption())
    .option('--no-redact', 'write and print agent text without redacting PII');
}

/** `--models`, on every command that runs the agent (eval, baseline update, replay). */
function modelsOption(): Option {
  return new Option('--models <mode>', 'model gateway: live (call the provider), record (call it and store each case\'s model calls) or replay (answer from the cassettes, no network); overrides models.mode').choices(MODEL_MODES);
}
