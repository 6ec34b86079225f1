/** `agentready replay <trace_id | run/case-id>`: one recorded case again, its exchange printed with the first divergence; exit 0 pass, 1 fail. */
import { findRecording, replayAnswers, replayedCase, replayJudge } from '../../lifecycle/index.js';
import { createReplayReporter } from '../../report/format-replay.js';
import { createScreen } from '../../report/screen.js';
import { defaultRunsRoot } from '../../run/index.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import { checkReporters } from './reporter-check.js';
import { writeOut } from '../print.js';
import type { GlobalOptions } from '../program.js';
import type { ModelMode } from '../../config/schema/model-modes.js';
import { warnDefaultModels } from './default-models.js';

export interface ReplayFlags {
  live?: boolean;
  models?: ModelMode;
  reporter?: string[];
  redact: boolean;
}

export async function runReplayCommand(globals: GlobalOptions, { ref, flags }: { ref: string; flags: ReplayFlags }): Promise<number> {
  const checked = checkReporters(flags.reporter ?? []);
  const config = await loadConfigFor(globals);
  const reporters = reportersSparing(checked, { config });
  const runsRoot = defaultRunsRoot(config.rootDir);
  const recording = findRecording({ ref, runsRoot, cwd: process.cwd() });
  const live = flags.live === true;
  if (!live) await warnDefaultModels(config, flags.models);
  const source = replayedCase({ recording, config, live, modelsMode: flags.models, redact: flags.redact, runsRoot });
  const kase = config.suites.find((suite) => suite.name === recording.result.suite)?.cases.find((c) => c.id === recording.result.case_id);
  const screen = createScreen({ env: process.env, stream: process.stdout });
  const outcome = await runCommand({
    source,
    reporters: [
      ...reporters,
      createReplayReporter({ screen, write: writeOut, answers: replayAnswers({ config, live }), caseInput: kase?.input ?? '', recorded: recording.trace, redact: flags.redact, usersSaidAgain: !live && kase !== undefined && kase.turns === undefined }),
    ],
    judge: replayJudge,
    maxErrorRate: config.run.max_error_rate,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted — stopping the agent…\n',
  });
  return outcome.exit.code;
}
