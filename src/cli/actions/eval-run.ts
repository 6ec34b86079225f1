/**
 * `agentready eval` once its files are loaded: the resume or last-failed plan, the baseline, the
 * judge and the run. Loaded by cli/actions/eval.ts once the config file is read and the agent
 * spawned, so this code (the run, the gate, the reporters) compiles while the agent boots.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../../config/index.js';
import { EXIT, STOP_SIGNAL_EXIT, stopSignalOf } from '../../errors.js';
import { costThresholdsOf, evalJudge, evalSelection, historyOfRun, liveAgent, resumeRefOf, type EarlyAgent } from '../../lifecycle/index.js';
import { defaultRunsRoot, isFiltered } from '../../run/index.js';
import { createCheckedReporters, runCommand } from './run-command.js';
import { checkStepSummary, type CheckedReporters } from './reporter-check.js';
import type { InterruptWatcher } from '../interrupt.js';
import { writeError } from '../print.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { packageVersion } from '../version.js';
import type { EvalFlags } from '../program.js';
import { baseBaselineFor } from './base-baseline.js';

/**
 * The readers of earlier runs (and the schemas of what they read: summary.json's), for --resume and
 * --last-failed only: a new run writes its folder and reads none (docs/architecture.md).
 */
const earlierRuns = () => import('../../lifecycle/earlier-runs.js');

/** The run of a loaded project, its agent spawned (or not: `early` holds none when the adapter could not be made). */
export async function evalWith(input: {
  flags: EvalFlags; config: ResolvedConfig; early: EarlyAgent; interrupts: InterruptWatcher; phase: { running: boolean }; checked: CheckedReporters;
  /** Work the first cases need not wait for (the suite cache's writes): made once they went to the agent. */
  afterFirstCases?: () => void;
}): Promise<number> {
  const { flags, config, early, interrupts } = input;
  const cwd = process.cwd();
  const runsRoot = defaultRunsRoot(config.rootDir);
  const resumed = flags.resume === undefined ? undefined : (await earlierRuns()).planResume({ ref: resumeRefOf({ ...flags, resume: flags.resume }), config, force: flags.force === true, runsRoot, cwd });
  const { filter, killSwitch, shard, ...planned } = evalSelection({ asked: flags, resumed });
  // A resumed run that is no shard appends to $GITHUB_STEP_SUMMARY: checked now its header said so.
  if (resumed !== undefined && shard === undefined) checkStepSummary(input.checked);
  let { repeat } = planned;
  if (flags.lastFailed) {
    const last = (await earlierRuns()).lastFailedCases({ runsRoot, cwd, shard: shard !== undefined, suites: config.suites, configFile: config.file });
    if (last.kind === 'nothing') {
      writeError(`agentready: ${last.note}\n`);
      return EXIT.PASSED;
    }
    if (last.shardOnly !== undefined) writeError(`agentready: warning: ${neutralizeLine(last.shardOnly)}\n`);
    if (last.gone !== undefined) writeError(`agentready: warning: ${neutralizeLine(last.gone)}\n`);
    filter.cases = last.cases;
    // A flaky case failed one of k attempts: it is judged again over as many, unless --repeat says otherwise.
    if (repeat === undefined && last.repeat !== undefined && last.repeat > config.run.repeat) repeat = last.repeat;
  }
  // Read first: a corrupt baseline is exit 2 before a single case (or dollar) is spent.
  // Its reader (and schema) loaded only when there is a file to read, as validate does.
  const baseline = flags.gate && !killSwitch && statSync(config.baselinePath, { throwIfNoEntry: false })
    ? await (await import('../../gate/baseline.js')).readBaseline(config.baselinePath)
    : undefined;
  const base = await baseBaselineFor({ file: flags.baseBaseline, gate: flags.gate, killSwitch });
  const judge = evalJudge({ gate: flags.gate, killSwitch, config, baseline, base, filtered: isFiltered(filter), cwd });
  const history = historyOfRun({ rootDir: config.rootDir, killSwitch, shard: shard !== undefined, configFile: config.file });
  // Interrupted while the files loaded: no run. Once the agent's start was begun (a stdio agent
  // sent `initialize`), it is the run's: interrupted while the agent was starting, no case ran.
  if (interrupts.signal.aborted && !early.started) return STOP_SIGNAL_EXIT[stopSignalOf(interrupts.signal)];
  const outcome = await runCommand({
    // Interrupted before then (the agent still starting), there is no run folder for --resume to go on with.
    onRunStart: () => (input.phase.running = true),
    // --kill-switch: every case read-only, judged by the readiness check; its tally goes to summary.json.
    source: liveAgent({
      config,
      selection: { filter, repeat, concurrency: flags.concurrency },
      mode: killSwitch ? 'read_only' : 'normal',
      redact: flags.redact,
      modelsMode: flags.models,
      runsRoot,
      resume: resumed?.resume,
      early,
      // Once the first cases went to the agent: the suite cache's writes (the history's commit is runLifecycle's).
      ...(input.afterFirstCases ? { afterFirstCases: input.afterFirstCases } : {}),
    }),
    reporters: createCheckedReporters(input.checked, { shard: shard !== undefined }),
    judge,
    maxErrorRate: config.run.max_error_rate,
    killSwitch,
    otlp: flags.otlp === undefined ? undefined : { file: resolve(cwd, flags.otlp), shown: flags.otlp, agentreadyVersion: packageVersion() },
    history,
    costThresholds: costThresholdsOf({ config, gated: flags.gate && !killSwitch }),
    resumable: true,
    interrupts,
  });
  return outcome.exit.code;
}
