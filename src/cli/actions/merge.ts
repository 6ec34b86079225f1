/** `agentready merge <run>...`: the shard runs of one `eval --shard i/n` matrix, joined into one run, judged and recorded in the history as `eval` would. */
import { readBaseline } from '../../gate/index.js';
import { evalJudge, historyOfRun, mergedRun, planMerge, recordedByMerge, refuseRedactedShards, shardsRecordedAs } from '../../lifecycle/index.js';
import { plural } from '../../common/plural.js';
import { defaultRunsRoot, isFiltered } from '../../run/index.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import { checkReporters } from './reporter-check.js';
import { baseBaselineFor } from './base-baseline.js';
import type { GlobalOptions } from '../program.js';

export interface MergeFlags {
  reporter?: string[];
  gate: boolean;
  /** --base-baseline <file>: the base branch's baseline. */
  baseBaseline?: string;
  /** false under --no-redact. */
  redact: boolean;
}

export async function runMergeCommand(globals: GlobalOptions, { refs, flags }: { refs: readonly string[]; flags: MergeFlags }): Promise<number> {
  const checked = checkReporters(flags.reporter ?? []);
  // Merge reads the shards' run folders and starts no agent: the gate job may lack the agent's secrets.
  const config = await loadConfigFor(globals, { agentless: true });
  const reporters = reportersSparing(checked, { config });
  const cwd = process.cwd();
  const runsRoot = defaultRunsRoot(config.rootDir);
  const plan = planMerge({ refs, config, runsRoot, cwd });
  refuseRedactedShards(plan.runs, { redact: flags.redact });
  const { selection } = plan;
  const killSwitch = selection.mode === 'read_only';
  const baseline = flags.gate && !killSwitch ? await readBaseline(config.baselinePath) : undefined;
  const base = await baseBaselineFor({ file: flags.baseBaseline, gate: flags.gate, killSwitch });
  const judge = evalJudge({ gate: flags.gate, killSwitch, config, baseline, base, filtered: isFiltered(selection), cwd });
  // The shards left the history alone: the merged run is recorded once, as one eval's would be; merged
  // again (a CI gate job run again), the same shards are not recorded a second time.
  const history = historyOfRun({ rootDir: config.rootDir, killSwitch, shard: false, configFile: config.file, shards: plan.runs.map((run) => run.header.run_id) });
  const recordedAs = history ? shardsRecordedAs(history) : [];
  // Merged again after a shard was resumed: the attempts it ran since are recorded, not those recorded already.
  const inHistory = recordedAs.length === 0 ? undefined : recordedByMerge({ plan, runIds: recordedAs, runsRoot, cwd });
  const since = inHistory === undefined ? 0 : plan.attempts.length - inHistory.size;
  if (recordedAs.length > 0) process.stderr.write(`agentready: the history holds these shards' verdicts already (merged as ${recordedAs.join(', ')}): ${since > 0 ? `this merge records only the ${plural(since, 'attempt')} the shards ran since` : 'this merge is not recorded again'}\n`);
  const outcome = await runCommand({
    source: mergedRun({ plan, config, runsRoot, redact: flags.redact, inHistory }),
    reporters,
    judge,
    maxErrorRate: config.run.max_error_rate,
    killSwitch,
    history: recordedAs.length === 0 || since > 0 ? history : undefined,
    interruptMessage: '\nagentready: interrupted — stopping the merge…\n',
  });
  return outcome.exit.code;
}
