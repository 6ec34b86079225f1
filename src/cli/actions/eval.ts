/** `agentready eval`: load, run, score, gate, report; returns the exit code. */
import { KillSwitchTally } from '../../run/readiness.js';
import { defaultRunsRoot, runSession } from '../../run/index.js';
import { loadConfigFor } from './common.js';
import { runWithLifecycle } from './run-lifecycle.js';
import type { EvalFlags, GlobalOptions } from '../program.js';

export async function runEvalCommand(globals: GlobalOptions, flags: EvalFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  // --kill-switch: every case read-only, judged by the readiness check; the tally feeds summary.json.
  const killSwitch = flags.killSwitch ? new KillSwitchTally() : undefined;
  return runWithLifecycle({
    config,
    reporters: flags.reporter ?? [],
    gate: flags.gate,
    filtered: Boolean(flags.suite?.length || flags.grep || flags.tag?.length),
    ...(killSwitch ? { killSwitch } : {}),
    interruptMessage: '\nagentready: interrupted — finishing what has ended, stopping the agent…\n',
    run: (hooks) =>
      runSession({
        config,
        filter: { suites: flags.suite, grep: flags.grep, tags: flags.tag },
        repeat: flags.repeat,
        concurrency: flags.concurrency,
        mode: killSwitch ? 'read_only' : 'normal',
        redact: flags.redact,
        runsRoot: defaultRunsRoot(config.rootDir),
        ...hooks,
      }),
  });
}
