/**
 * `agentready eval`: the live agent through the run lifecycle; returns the exit code. A run that
 * is not interrupted appends its verdicts to the history (a kill-switch run, read-only, does
 * not) and, with `--otlp`, the run is also written as OTLP/JSON. This module loads only what
 * reads the files and spawns the agent: the rest (eval-run.ts) loads once the agent is spawned,
 * while it boots.
 */
import { UsageError } from '../../errors.js';
import type { ProjectSettings } from '../../config/index.js';
import { EarlyAgent } from '../../lifecycle/early-agent.js';
import { holdYoungForSuites } from '../../run/heap.js';
import { loadConfigFor } from './common.js';
import { checkReporters, spareProjectFiles } from './reporter-check.js';
import { checkCassettesWritable } from '../../lifecycle/cassettes-check.js';
import { watchInterrupts } from '../interrupt.js';
import { writeError } from '../print.js';
import type { EvalFlags, GlobalOptions } from '../program.js';
import { commandHint } from '../../config/command-hint.js';
import { warnDefaultModels } from './default-models.js';

export async function runEvalCommand(globals: GlobalOptions, flags: EvalFlags): Promise<number> {
  if (flags.force && flags.resume === undefined) throw new UsageError('--force goes with --resume: it lets a run go on after its suites changed', commandHint('eval --resume --force'));
  // A reporter that could never write is told before the agent boots, not after the run it would report.
  // A resumed run's shard is read from its header: $GITHUB_STEP_SUMMARY is checked once it is (eval-run.ts).
  const checked = checkReporters(flags.reporter ?? [], { otlp: flags.otlp, shard: flags.shard !== undefined || flags.resume !== undefined });
  // The agent boots while the files load, and is stopped again should the run not start; so
  // Ctrl-C is watched from the start: before the run, it ends the command once the loading has.
  const phase = { running: false };
  const interrupts = watchInterrupts(() => writeError(phase.running ? runInterrupted() : LOAD_INTERRUPTED));
  const early = new EarlyAgent({ concurrency: flags.concurrency, redact: flags.redact });
  // The suite cache's writes wait until the first cases went to the agent (or the command ends).
  const cacheWrites: Array<() => void> = [];
  const writeCache = () => {
    for (const job of cacheWrites.splice(0)) job();
  };
  try {
    const onSettings = (settings: ProjectSettings) => {
      holdYoungForSuites();
      return early.spawn(settings);
    };
    const config = await loadConfigFor(globals, { onSettings, cacheWrites: (job) => cacheWrites.push(job) });
    spareProjectFiles(checked, { config });
    checkCassettesWritable(config, flags.models);
    await warnDefaultModels(config, flags.models);
    // A Ctrl-C pressed while the files loaded (a read that blocked) ends the command before the run is begun.
    await interrupts.delivered();
    // A stdio agent is sent `initialize` now: it answers while the run's code loads and plans.
    const selectsAll = !(flags.suite?.length || flags.grep?.length || flags.tag?.length || flags.lastFailed || flags.shard || flags.resume !== undefined);
    early.start(interrupts.signal, { suites: config.suites, selectsAll, shard: flags.shard });
    const { evalWith } = await import('./eval-run.js');
    return await evalWith({ flags, config, early, interrupts, phase, checked, afterFirstCases: writeCache });
  } finally {
    writeCache();
    interrupts.dispose();
    await early.discard();
  }
}

const runInterrupted = () => `\nagentready: interrupted — finishing what has ended, stopping the agent… (\`${commandHint('eval --resume')}\` goes on from here)\n`;
const LOAD_INTERRUPTED = '\nagentready: interrupted before the first case: stopping the agent\n';
