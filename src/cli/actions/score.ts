/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case, a run folder's own traces.jsonl, or OTLP/JSON in the GenAI conventions) against the
 * suites' expectations, and with `--unlabeled` production traces by the checks that need no
 * label, with the eval's table, reporters and gate. A run folder given stands for its own
 * traces.jsonl. This module checks the traces path alone: one with no file to read is told
 * before the config and the code that scores (score-run.ts) load.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { isFolder, notRegularFile } from '../../config/read.js';
import { UsageError } from '../../errors.js';
import { checkReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';
import { shownPath } from '../../config/shown-path.js';
import { commandHint } from '../../config/command-hint.js';
import { TRACES_FILE } from '../../run/run-files.js';

export interface ScoreFlags {
  reporter?: string[];
  gate: boolean;
  redact: boolean;
  /** Score production traces (no case id) by the checks that need no label. */
  unlabeled?: boolean;
}

export async function runScoreCommand(globals: GlobalOptions, { tracesPath, flags }: { tracesPath: string; flags: ScoreFlags }): Promise<number> {
  const checked = checkReporters(flags.reporter ?? []);
  const given = resolve(process.cwd(), tracesPath);
  // A run folder is read by its own traces.jsonl, as compare, review and replay take a run folder.
  const file = isFolder(given) && existsSync(join(given, TRACES_FILE)) ? join(given, TRACES_FILE) : given;
  const shown = shownPath(file);
  // A path with no file to read is told at once; the file is read once the reporters are known to spare the project's files (score-run.ts).
  const missing = existsSync(file) ? notRegularFile(file) : 'no such file';
  if (missing !== undefined && tracesPath === '-') {
    throw new UsageError(`cannot read the traces file -: ${missing}`, `"-" names a file, not stdin: to score traces piped in, give /dev/stdin (\`… | ${commandHint('score /dev/stdin')}\`)`);
  }
  if (missing !== undefined) throw unreadableTraces(shown, missing);
  const { scoreTraces } = await import('./score-run.js');
  return scoreTraces(globals, { tracesPath, flags, checked, traces: { file, shown } });
}

/** The usage error (exit 2) for a traces file that cannot be read, `reason` in words. */
export function unreadableTraces(shown: string, reason: string): UsageError {
  return new UsageError(`cannot read the traces file ${shown}: ${reason}`, 'give the path of a traces file: JSONL (one recorded trace per line, or a run folder\'s traces.jsonl) or OTLP/JSON');
}
