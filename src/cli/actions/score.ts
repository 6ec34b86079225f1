/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case, a run folder's own traces.jsonl, or OTLP/JSON in the GenAI conventions) against the
 * suites' expectations, and with `--unlabeled` production traces by the checks that need no
 * label, with the eval's table, reporters and gate.
 */
import { resolve } from 'node:path';
import { redactions } from '../../common/redact-deep.js';
import { readText } from '../../config/read.js';
import { ConfigError, UsageError } from '../../errors.js';
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, recordedTraces, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot } from '../../run/index.js';
import { readTracesToScore, redactedTraceIssues } from '../../run/traces-file.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import { checkReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';
import { commandHint } from '../../config/command-hint.js';
import { shownPath } from '../../config/shown-path.js';

export interface ScoreFlags {
  reporter?: string[];
  gate: boolean;
  redact: boolean;
  /** Score production traces (no case id) by the checks that need no label. */
  unlabeled?: boolean;
}

export async function runScoreCommand(globals: GlobalOptions, { tracesPath, flags }: { tracesPath: string; flags: ScoreFlags }): Promise<number> {
  const checked = checkReporters(flags.reporter ?? []);
  const config = await loadConfigFor(globals);
  const file = resolve(process.cwd(), tracesPath);
  const shown = shownPath(file);
  const reporters = reportersSparing(checked, { config, also: [{ file, what: 'the traces being scored' }] });
  const text = readTraces(file, shown);
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

function readTraces(file: string, shown: string): string {
  const read = readText(file);
  if (!read.ok) throw new UsageError(`cannot read the traces file ${shown}: ${read.reason}`, 'give the path of a traces file: JSONL (one recorded trace per line, or a run folder\'s traces.jsonl) or OTLP/JSON');
  return read.text;
}
