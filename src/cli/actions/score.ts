/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case, a run folder's own traces.jsonl, or OTLP/JSON in the GenAI conventions) against the
 * suites' expectations, and with `--unlabeled` production traces by the checks that need no
 * label, with the eval's table, reporters and gate. This module checks the traces path alone: one
 * with no file to read is told before the config and the code that scores (score-run.ts) load.
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { notRegularFile } from '../../config/read.js';
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
  // A path with no file to read is told at once; the file is read once the reporters are known to spare the project's files (score-run.ts).
  const missing = existsSync(file) ? notRegularFile(file) : 'no such file';
  if (missing !== undefined) throw unreadableTraces(shown, missing);
  const { scoreTraces } = await import('./score-run.js');
  return scoreTraces(globals, { tracesPath, flags, checked, traces: { file, shown } });
}

/** The usage error (exit 2) for a traces file that cannot be read, `reason` in words. */
export function unreadableTraces(shown: string, reason: string): UsageError {
  return new UsageError(`cannot read the traces file ${shown}: ${reason}`, 'give the path of a traces file: JSONL (one recorded trace per line, or a run folder\'s traces.jsonl) or OTLP/JSON');
}
