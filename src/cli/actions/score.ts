/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case, a run folder's own traces.jsonl, or OTLP/JSON in the GenAI conventions) against the
 * suites' expectations, and with `--unlabeled` production traces by the checks that need no
 * label, with the eval's table, reporters and gate. This module reads the traces file alone: a
 * path that cannot be read is told before the config and the code that scores (score-run.ts) load.
 */
import { resolve } from 'node:path';
import { readText } from '../../config/read.js';
import { UsageError } from '../../errors.js';
import { checkReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';
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
  const file = resolve(process.cwd(), tracesPath);
  const shown = shownPath(file);
  const text = readTraces(file, shown);
  const { scoreTracesText } = await import('./score-run.js');
  return scoreTracesText(globals, { tracesPath, flags, checked, traces: { file, shown, text } });
}

// Returns the traces file's text, or throws the usage error naming the path (exit 2).
function readTraces(file: string, shown: string): string {
  const read = readText(file);
  if (!read.ok) throw new UsageError(`cannot read the traces file ${shown}: ${read.reason}`, 'give the path of a traces file: JSONL (one recorded trace per line, or a run folder\'s traces.jsonl) or OTLP/JSON');
  return read.text;
}
