/**
 * The shard runs `merge` is given, read. In a CI gate job they are the shard jobs' run folders,
 * downloaded: a run named that is not there, or a pattern that matched nothing, is most often
 * shards that uploaded nothing (or a download to another folder), not a project that never ran
 * `eval`, which is what reading a run elsewhere says.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandHint } from '../config/command-hint.js';
import { shownFolder } from '../config/shown-path.js';
import { UsageError } from '../errors.js';
import { formatShard, listRuns, readRun, RESULTS_FILE, type RunRecord } from '../run/index.js';

/** The hint when the shards' runs are not where merge looks. */
const NOT_DOWNLOADED = "did the shard jobs upload their run folders (.agentready/runs/*), and this job download them there? A shard's `eval` that failed before its first case leaves none";

/** Reads the run `ref` names; a UsageError in merge's words when it names nothing. */
export function readShardRun(ref: string, where: { runsRoot: string; cwd: string }): RunRecord {
  // The shell passes a pattern that matches no file as written (`.agentready/runs/*`).
  if (/[*?[]/.test(ref) && !existsSync(resolve(where.cwd, ref))) {
    throw new UsageError(`no run "${ref}": the pattern matched no file or folder, so the shell passed it as written`, NOT_DOWNLOADED);
  }
  try {
    return readRun(ref, where);
  } catch (error) {
    // `merge .agentready/runs`, as Playwright's merge-reports and Vitest's --merge-reports take a folder of shard reports.
    if (error instanceof UsageError && holdsRuns(resolve(where.cwd, ref))) {
      const folder = ref.replace(/[/\\]+$/, '');
      throw new UsageError(`${folder} is a folder of runs, not a run: merge takes each shard's run folder`, `name them: \`${commandHint(`merge ${folder}/*`)}\` (the shards of one matrix only)`);
    }
    // With no run folder at all, reading a run says to run `eval` first: here the shards ran elsewhere.
    if (!(error instanceof UsageError) || listRuns(where.runsRoot).length > 0) throw error;
    throw new UsageError(`${error.message}; ${shownFolder(where.runsRoot, where.cwd)} holds no run either`, NOT_DOWNLOADED);
  }
}

/** Whether `dir` is a folder (not a run) holding run folders. */
function holdsRuns(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).some((name) => existsSync(join(dir, name, RESULTS_FILE)));
  } catch {
    return false;
  }
}

/**
 * `merge --no-redact` of shards some of which were run redacted: the merged folder would say it holds the agent's
 * text as written (its header's `redacted: false`) beside their placeholders, which `score` and `replay` then read
 * as the agent's own text (a check expecting an address fails on `[email]`). A UsageError naming them; none for a
 * redacted merge, which redacts every shard alike, nor for a shard written before runs recorded it.
 */
export function refuseRedactedShards(runs: readonly RunRecord[], { redact }: { redact: boolean }): void {
  if (redact) return;
  const redacted = runs.filter((run) => run.header.redacted === true);
  if (redacted.length === 0) return;
  const ids = redacted.map((run) => run.header.run_id);
  const which = ids.length === 1 ? `shard run ${ids[0]} was` : `shard runs ${ids.join(', ')} were`;
  // Each shard's own i/n (planMerge checked every run is one): the command to copy, and that a narrowed matrix's flags go with it.
  const commands = redacted.map((run) => `\`${commandHint(`eval --no-redact --shard ${formatShard(run.header.selection!.shard!)}`)}\``).join(', ');
  const { grep, tags, suites, cases, repeat, mode } = redacted[0]!.header.selection!;
  const narrowed = grep !== undefined || tags !== undefined || suites !== undefined || cases !== undefined || repeat > 1 || mode === 'read_only';
  throw new UsageError(
    `merge --no-redact: ${which} made redacted, so the agent's text as written is in no folder to merge, and the merged run would mix placeholders into text it says is as written`,
    `merge without --no-redact (every shard is then written redacted alike), or run ${ids.length === 1 ? 'that shard' : 'those shards'} again with ${commands}${narrowed ? ', with the other flags the shards ran with' : ''}`,
  );
}
