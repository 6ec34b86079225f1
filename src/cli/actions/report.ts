/**
 * `agentready report [--since 7d]`: the weekly review over the run folders of the window and
 * the history (SPEC §14), in the formats `--reporter` names. Reads only; exit 0 unless the input
 * is bad or there is nothing to review (no run in the window and no history: exit 2, as `review`
 * with no run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { redactions } from '../../common/redact-deep.js';
import { utcDay } from '../../config/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { plural } from '../../common/plural.js';
import { quarantinedCases } from '../../gate/index.js';
import { createScreen } from '../../report/screen.js';
import { buildWeeklyReview, checkWeeklyOutputs, formatWeekly, parseWeeklyOutput, type WeeklyFormat, type WeeklyReview } from '../../report/weekly/index.js';
import { defaultRunsRoot, redactedResult } from '../../run/index.js';
import { historyEntries, historyPath, readHistory } from '../../run/history.js';
import { parseSince, readRunsSince } from '../../run/read-window.js';
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
  const config = await loadConfigFor(globals);
  const now = new Date();
  const since = flags.since === undefined ? undefined : parseSince(flags.since, now);
  const read = readRunsSince(defaultRunsRoot(config.rootDir), since, cwd);
  const { unreadable } = read;
  // A run made with --no-redact holds the agent's text as written: redacted before the review groups and normalises it.
  const clean = redactions(true);
  const runs = read.runs.map((run) => ({ ...run, results: run.results.map((result) => redactedResult(result, clean)), traces: clean.deep(run.traces) }));
  for (const { run, reason } of unreadable) writeError(`agentready: run ${run} left out of the review: ${reason}\n`);
  // The history covers runs whose folders are gone; without one, the runs at hand stand in.
  const stored = readHistory(historyPath(config.rootDir));
  if (runs.length === 0) {
    // Nothing at all to review is an input error, as review's no run (exit 2); a window the history still covers is reviewed.
    const none = `no run${since ? ` since ${since.toISOString()}` : ''} under ${relative(cwd, defaultRunsRoot(config.rootDir)) || '.'}`;
    const history = relative(cwd, historyPath(config.rootDir));
    if (stored.entries.length === 0) {
      const older = read.before > 0 ? `; ${plural(read.before, 'run')} started before it` : '';
      throw new UsageError(
        `${none} to review (kill-switch runs and replays are not counted) and no history in ${history}${older}`,
        read.before > 0 ? 'widen --since (e.g. --since 30d), or leave it out to review every run' : 'run `agentready eval` first',
      );
    }
    writeError(`agentready: ${none}: the review covers the history in ${history} only\n`);
  }
  const history = stored.entries.length > 0 ? stored.entries : runs.flatMap((r) => historyEntries({ results: r.results, runId: r.run_id, startedAt: r.started_at }));
  const review = buildWeeklyReview({
    runs,
    history,
    gate: config.gate,
    ...(since ? { since: since.toISOString() } : {}),
    now: now.toISOString(),
    quarantined: quarantinedCases(config.suites, utcDay(now)),
  });
  for (const output of outputs) write(output, review, cwd);
  return EXIT.PASSED;
}

// Prints or writes one format of the review.
function write(output: { format: WeeklyFormat; path: string | undefined }, review: WeeklyReview, cwd: string): void {
  const text = formatWeekly(output.format, review, createScreen({ env: process.env, stream: process.stdout }));
  if (output.format === 'terminal') {
    writeOut(text);
    return;
  }
  const file = resolve(cwd, output.path!);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  writeError(`agentready: wrote the ${output.format} review to ${relative(cwd, file) || file}\n`);
}
