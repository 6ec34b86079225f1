/**
 * `agentready score` once its traces path names a file (score.ts): the config loaded, the
 * reporters checked against the project's files, then the traces read, matched to the suites'
 * cases and scored, with the eval's table, reporters and gate.
 */
import { redactions } from '../../common/redact-deep.js';
import { ConfigError } from '../../errors.js';
import { readText } from '../../config/read.js';
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, recordedTraces, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot } from '../../run/index.js';
import { printedTraceIssues, readTracesToScore } from '../../run/traces-file.js';
import { otlpProtobufFileReason } from '../../run/otlp/protobuf-sniff.js';
import { readEvalRun } from '../../run/eval-verdicts.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import type { CheckedReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';
import { unreadableTraces, type ScoreFlags } from './score.js';
import { commandHint } from '../../config/command-hint.js';
import { shellWord } from '../../config/shell-words.js';

/** Scores the traces file (`file`, shown as `shown`) against the config's suites; returns the exit code. */
export async function scoreTraces(globals: GlobalOptions, input: { tracesPath: string; flags: ScoreFlags; checked: CheckedReporters; traces: { file: string; shown: string } }): Promise<number> {
  const { tracesPath, flags, checked } = input;
  const { file, shown } = input.traces;
  const config = await loadConfigFor(globals, { agentless: true });
  const reporters = reportersSparing(checked, { config, also: [{ file, what: 'the traces being scored' }] });
  const text = readTraces(file, shown);
  // A run folder's own traces.jsonl: a trace of an attempt a --resume ran again is left out, as its results.jsonl counts it.
  const read = readTracesToScore({ text, file: shown, suites: config.suites, unlabeled: flags.unlabeled === true, redact: flags.redact, counts: readEvalRun(file)?.counts });
  if (!read.ok) {
    // The lines quoted are what the agent recorded (production traffic): redacted as its traces are, unless --no-redact.
    // Only the problems printed are redacted (the printout, main.ts's, counts the rest): nothing else writes the list out.
    const { SHOWN_ISSUES } = await import('../../report/format-issues.js');
    const issues = printedTraceIssues(read.issues, { deep: redactions(flags.redact).deep, shown: SHOWN_ISSUES });
    throw new ConfigError(issues, { message: `${shown} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, hint: `Fix the traces file, then run \`${commandHint(`score ${shellWord(tracesPath)}${flags.unlabeled === true ? ' --unlabeled' : ''}`)}\` again.` });
  }
  const { traces: matched, warnings } = read.value;

  const outcome = await runCommand({
    source: recordedTraces({ config, traces: matched, file, shown, redact: flags.redact, runsRoot: defaultRunsRoot(config.rootDir), warnings }),
    reporters,
    judge: flags.gate
      ? baselineJudge({ gate: config.gate, baseline: await readBaseline(config.baselinePath), baselinePath: config.baselinePath, selection: 'traces', cwd: process.cwd(), suites: config.suites, pricing: config.pricing })
      : ungated,
    maxErrorRate: config.run.max_error_rate,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted — finishing what has been scored…\n',
  });
  return outcome.exit.code;
}

// Returns the traces file's text, or throws why it cannot be read (exit 2): not UTF-8 (OTLP in protobuf, said so), permission denied.
function readTraces(file: string, shown: string): string {
  const read = readText(file);
  if (read.ok) return read.text;
  throw unreadableTraces(shown, otlpProtobufFileReason(file) ?? read.reason);
}
