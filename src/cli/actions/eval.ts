/**
 * `agentready eval`: the live agent through the run lifecycle; returns the exit code. A run
 * appends its verdicts to the history (a kill-switch run, read-only, does not) and, with
 * `--otlp`, writes its traces as OTLP/JSON.
 */
import { resolve } from 'node:path';
import { gitCommit } from '../../common/git.js';
import { agentreadyVersion } from '../../common/version.js';
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, liveAgent, readinessJudge, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot, historyPath } from '../../run/index.js';
import { loadConfigFor } from './common.js';
import { reportersFor, runCommand } from './run-command.js';
import type { EvalFlags, GlobalOptions } from '../program.js';

export async function runEvalCommand(globals: GlobalOptions, flags: EvalFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  const killSwitch = flags.killSwitch === true;
  // Read first: a corrupt baseline is exit 2 before a single case (or dollar) is spent.
  const baseline = flags.gate && !killSwitch ? await readBaseline(config.baselinePath) : undefined;
  const filtered = Boolean(flags.suite?.length || flags.grep || flags.tag?.length);
  const judge = !flags.gate
    ? ungated
    : killSwitch
      ? readinessJudge
      : baselineJudge({ gate: config.gate, baseline, baselinePath: config.baselinePath, filtered, cwd: process.cwd(), suites: config.suites });
  const outcome = await runCommand({
    // --kill-switch: every case read-only, judged by the readiness check; its tally goes to summary.json.
    source: liveAgent({
      config,
      selection: { filter: { suites: flags.suite, grep: flags.grep, tags: flags.tag }, repeat: flags.repeat, concurrency: flags.concurrency },
      mode: killSwitch ? 'read_only' : 'normal',
      redact: flags.redact,
      modelsMode: flags.models,
      runsRoot: defaultRunsRoot(config.rootDir),
    }),
    reporters: reportersFor(flags.reporter ?? []),
    judge,
    maxErrorRate: config.run.max_error_rate,
    killSwitch,
    otlp: flags.otlp === undefined ? undefined : { file: resolve(process.cwd(), flags.otlp), agentreadyVersion: agentreadyVersion() },
    history: killSwitch ? undefined : { file: historyPath(config.rootDir), commit: await gitCommit(config.rootDir) },
    interruptMessage: '\nagentready: interrupted — finishing what has ended, stopping the agent…\n',
  });
  return outcome.exit.code;
}
