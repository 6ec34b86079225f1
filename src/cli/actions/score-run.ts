/**
 * `agentready score` once its traces file is read (score.ts): the config loaded, the traces
 * matched to the suites' cases and scored, with the eval's table, reporters and gate.
 */
import { redactions } from '../../common/redact-deep.js';
import { ConfigError } from '../../errors.js';
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, recordedTraces, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot } from '../../run/index.js';
import { readTracesToScore, redactedTraceIssues } from '../../run/traces-file.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import type { CheckedReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';
import type { ScoreFlags } from './score.js';
import { commandHint } from '../../config/command-hint.js';

/** Scores the traces `text` (read from `file`, shown as `shown`) against the config's suites; returns the exit code. */
export async function scoreTracesText(
  globals: GlobalOptions,
  input: { tracesPath: string; flags: ScoreFlags; checked: CheckedReporters; traces: { file: string; shown: string; text: string } },
): Promise<number> {
  const { tracesPath, flags, checked } = input;
  const { file, shown, text } = input.traces;
  const config = await loadConfigFor(globals);
  const reporters = reportersSparing(checked, { config, also: [{ file, what: 'the traces being scored' }] });
  const read = readTracesToScore({ text, file: shown, suites: config.suites, unlabeled: flags.unlabeled === true, redact: flags.redact });
  if (!read.ok) {
    // The lines quoted are what the agent recorded (production traffic): redacted as its traces are, unless --no-redact.
    const issues = redactedTraceIssues(read.issues, redactions(flags.redact).deep);
    throw new ConfigError(issues, { message: `${shown} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, hint: `Fix the traces file, then run \`${commandHint(`score ${tracesPath}${flags.unlabeled === true ? ' --unlabeled' : ''}`)}\` again.` });
  }
  const { traces: matched, warnings } = read.value;

  const outcome = await runCommand({
    source: recordedTraces({ config, traces: matched, file, shown, redact: flags.redact, runsRoot: defaultRunsRoot(config.rootDir), warnings }),
    reporters,
    judge: flags.gate
      ? baselineJudge({ gate: config.gate, baseline: await readBaseline(config.baselinePath), baselinePath: config.baselinePath, selection: 'traces', cwd: process.cwd(), suites: config.suites })
      : ungated,
    maxErrorRate: config.run.max_error_rate,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted — finishing what has been scored…\n',
  });
  return outcome.exit.code;
}
