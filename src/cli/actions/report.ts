/**
 * `agentready report [--since 7d]`: the weekly review over the run folders of the window and
 * the history (SPEC §14), in the formats `--reporter` names. Reads only; exit 0 unless the input
 * is bad or there is nothing to review (no run in the window and no history: exit 2, as `review`
 * with no run).
 */
import { writeFileSync } from 'node:fs';
import { makeFolderFor } from '../../common/make-folder.js';
import { resolve } from 'node:path';
import { utcDay } from '../../config/index.js';
import { projectInputs } from '../../config/project-inputs.js';
import { EXIT } from '../../errors.js';
import { quarantinedCases } from '../../gate/index.js';
import { redact } from '../../common/redact.js';
import { formatWrittenFiles } from '../../report/hub.js';
import { createScreen } from '../../report/screen.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { buildWeeklyReview, checkWeeklyOutputs, checkWeeklySpareInputs, formatWeekly, parseWeeklyOutput, type WeeklyFormat, type WeeklyReview } from '../../report/weekly/index.js';
import { weeklyRuns } from '../../lifecycle/index.js';
import { parseSince } from '../../run/read-window.js';
import { configName } from '../../run/index.js';
import { writeError, writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export interface ReportFlags {
  since?: string;
  reporter?: string[];
}

export async function runReportCommand(globals: GlobalOptions, flags: ReportFlags): Promise<number> {
  const outputs = (flags.reporter?.length ? flags.reporter : ['terminal']).map(parseWeeklyOutput);
  const cwd = process.cwd();
  checkWeeklyOutputs(outputs, cwd);
  const config = await loadConfigFor(globals, { agentless: true });
  checkWeeklySpareInputs(outputs, { cwd, inputs: projectInputs(config) });
  const now = new Date();
  const since = flags.since === undefined ? undefined : parseSince(flags.since, now);
  const { runs, history } = weeklyRuns({ rootDir: config.rootDir, since, cwd, tell: (note) => writeError(`agentready: ${note}\n`), config: configName(config.file), configFile: config.file, suites: config.suites.map((suite) => suite.name) });
  const review = buildWeeklyReview({
    runs,
    history,
    gate: config.gate,
    ...(since ? { since: since.toISOString() } : {}),
    now: now.toISOString(),
    // A reason is the team's words and may name a customer: printed redacted, as eval prints it.
    quarantined: quarantinedCases(config.suites, utcDay(now)).map((q) => ({ ...q, reason: redact(q.reason) })),
  });
  const written = outputs.flatMap((output) => write(review, { output, cwd }));
  // On stdout, after the review, as eval names the reports it wrote.
  const line = formatWrittenFiles(written);
  if (line !== undefined) writeOut(`${neutralizeLine(line)}\n`);
  return EXIT.PASSED;
}

// Prints or writes one format of the review; returns the file written, as given, if any.
function write(review: WeeklyReview, { output, cwd }: { output: { format: WeeklyFormat; path: string | undefined }; cwd: string }): string[] {
  const text = formatWeekly(review, { format: output.format, screen: createScreen({ env: process.env, stream: process.stdout }) });
  if (output.format === 'terminal') {
    writeOut(text);
    return [];
  }
  const file = resolve(cwd, output.path!);
  makeFolderFor(file);
  writeFileSync(file, text);
  return [output.path!];
}
