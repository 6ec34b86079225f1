/** `agentready eval`: the live agent through the run lifecycle; returns the exit code. */
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, liveAgent, readinessJudge, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot } from '../../run/index.js';
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
      : baselineJudge({ gate: config.gate, baseline, baselinePath: config.baselinePath, filtered, cwd: process.cwd() });
  const outcome = await runCommand({
    // --kill-switch: every case read-only, judged by the readiness check; its tally goes to summary.json.
    source: liveAgent({
      config,
      selection: { filter: { suites: flags.suite, grep: flags.grep, tags: flags.tag }, repeat: flags.repeat, concurrency: flags.concurrency },
      mode: killSwitch ? 'read_only' : 'normal',
      redact: flags.redact,
      runsRoot: defaultRunsRoot(config.rootDir),
    }),
    reporters: reportersFor(flags.reporter ?? []),
    judge,
    maxErrorRate: config.run.max_error_rate,
    killSwitch,
    interruptMessage: '\nagentready: interrupted — finishing what has ended, stopping the agent…\n',
  });
  return outcome.exit.code;
}
