/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case, or a run folder's own traces.jsonl) against the suites' expectations, with the
 * eval's table, reporters and gate.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError, UsageError } from '../../errors.js';
import { readBaseline } from '../../gate/index.js';
import { baselineJudge, recordedTraces, ungated } from '../../lifecycle/index.js';
import { defaultRunsRoot, matchRecordedTraces, parseRecordedTraces } from '../../run/index.js';
import { loadConfigFor } from './common.js';
import { reportersFor, runCommand } from './run-command.js';
import type { GlobalOptions } from '../program.js';

export interface ScoreFlags {
  reporter?: string[];
  gate: boolean;
  redact: boolean;
}

export async function runScoreCommand(globals: GlobalOptions, tracesPath: string, flags: ScoreFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  const file = resolve(process.cwd(), tracesPath);
  const shown = relative(process.cwd(), file) || file;
  const text = readTraces(file, shown);
  const parsed = parseRecordedTraces(text, shown);
  const matched = matchRecordedTraces(parsed.lines, config.suites, shown);
  const issues = [...parsed.issues, ...(matched.ok ? [] : matched.issues)].sort((a, b) => a.line - b.line);
  if (issues.length > 0 || !matched.ok) {
    throw new ConfigError(issues, `${shown} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, `Fix the traces file, then run \`agentready score ${tracesPath}\` again.`);
  }
  const warnings =
    parsed.redacted > 0
      ? [`${parsed.redacted} of the traces in ${shown} were written with redaction on: values hold placeholders such as [email], so checks and policy rules on them may fail; score a run made with \`eval --no-redact\``]
      : [];

  const outcome = await runCommand({
    source: recordedTraces({ config, traces: matched.value, file, redact: flags.redact, runsRoot: defaultRunsRoot(config.rootDir), warnings }),
    reporters: reportersFor(flags.reporter ?? []),
    judge: flags.gate
      ? baselineJudge({ gate: config.gate, baseline: await readBaseline(config.baselinePath), baselinePath: config.baselinePath, filtered: false, cwd: process.cwd() })
      : ungated,
    maxErrorRate: config.run.max_error_rate,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted — finishing what has been scored…\n',
  });
  return outcome.exit.code;
}

function readTraces(file: string, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the traces file ${shown}${code ? ` (${code})` : ''}`, 'give the path of a JSONL file, one recorded trace per line');
  }
}
