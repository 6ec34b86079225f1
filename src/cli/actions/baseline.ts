/** `agentready baseline update|show`. */
import { redactions } from '../../common/redact-deep.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { EXIT, UsageError } from '../../errors.js';
import { readBaseline } from '../../gate/index.js';
import { formatBaselineShow } from '../../report/format-baseline.js';
import { createScreen } from '../../report/screen.js';
import type { ResolvedConfig } from '../../config/index.js';
import { agentName } from '../../config/schema/index.js';
import { baselineRefusal, liveAgent, snapshotResults, unfinishedRefusal, unreadEnvFile, writeBaselineFrom, writeBaselineFromRun } from '../../lifecycle/index.js';
import { defaultRunsRoot, readRun } from '../../run/index.js';
import { writeOut } from '../print.js';
import { loadConfigFor, printWarnings } from './common.js';
import { checkCassettesWritable } from '../../lifecycle/cassettes-check.js';
import { runCommand } from './run-command.js';
import type { BaselineUpdateFlags, GlobalOptions } from '../program.js';
import { agentLabel } from '../../config/agent-label.js';
import { planSize } from '../../report/terminal.js';
import { commandHint } from '../../config/command-hint.js';
import { shownFolder, shownPath } from '../../config/shown-path.js';
import { warnDefaultModels } from './default-models.js';

export async function runBaselineUpdate(globals: GlobalOptions, flags: BaselineUpdateFlags): Promise<number> {
  // --from snapshots a run: no agent starts.
  const config = await loadConfigFor(globals, { agentless: flags.from !== undefined });
  if (flags.from !== undefined) return snapshotRun(config, { ref: flags.from, flags });
  if (flags.suite?.length || flags.grep || flags.tag?.length) {
    // A baseline is the record of every case: written from a subset it would silently drop the rest.
    throw new UsageError(
      'baseline update records every case, so it takes no --suite, --grep or --tag',
      `run it without filters (or snapshot a full run with \`${commandHint('baseline update --from <run-id>')}\`)`,
    );
  }
  checkCassettesWritable(config, flags.models);
  await warnDefaultModels(config, flags.models);
  // The run is an ordinary run folder (summary.json included); the baseline is its judgement.
  let written: string | undefined;
  const outcome = await runCommand({
    source: liveAgent({
      config,
      selection: { filter: {}, repeat: flags.repeat, concurrency: flags.concurrency },
      mode: 'normal',
      redact: flags.redact,
      modelsMode: flags.models,
      runsRoot: defaultRunsRoot(config.rootDir),
    }),
    // Progress on stdout, as eval's terminal reporter writes its own (docs/reports.md); stderr is for why it failed.
    reporters: [{ onRunStart: (plan) => void writeOut(`Running ${planSize(plan).what} against ${neutralizeLine(agentLabel(plan.agent))}…\n`) }],
    judge: async ({ session, metrics }) => {
      // The baseline records every case: the results are read whole here.
      const results = [...session.results];
      // A run its exit calls incomplete (attempts skipped at the cost cap, or none measured) is no baseline, even under --force.
      const { attempts, errors } = metrics.overall;
      const refusal = unfinishedRefusal({ run: session.run_id, skipped: session.skipped_for_cost, attempts, errors }) ?? baselineRefusal(results, { force: flags.force === true, clean: redactions(flags.redact).text, envFile: unreadEnvFile({ rootDir: config.rootDir, cwd: process.cwd(), target: config.target }) });
      if (refusal) return { kind: 'refused', reason: refusal };
      written = await writeBaselineFrom({
        config,
        results,
        metrics,
        agent: agentName(session.agent),
        adapter: session.adapter,
        fingerprint: session.fingerprint,
      });
      return { kind: 'ungated' };
    },
    // Harness errors are the baseline's to refuse (or record, with --force), not run.max_error_rate's.
    maxErrorRate: Infinity,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted — stopping the agent; the baseline will not be written…\n',
    // docs/ci.md: an interrupted run is a baseline once resumed, every attempt recorded.
    interruptedHint: (run) =>
      `run folder ${shownFolder(run.dir)}: \`${commandHint(`eval --resume ${run.id}`)}\` runs the cases left, then \`${commandHint(`baseline update --from ${run.id}`)}\` writes the baseline from it`,
  });
  if (outcome.exit.code === EXIT.PASSED && written !== undefined) writeOut(written);
  return outcome.exit.code;
}

/** `baseline update --from <run>`: the baseline from a run that already exists, without running anything. */
async function snapshotRun(config: ResolvedConfig, { ref, flags }: { ref: string; flags: BaselineUpdateFlags }): Promise<number> {
  // --models picks how a run calls models: a snapshot runs nothing, so it would be ignored unsaid.
  const selecting = (['suite', 'grep', 'tag', 'repeat', 'concurrency', 'models'] as const).filter((flag) => flags[flag] !== undefined);
  if (selecting.length > 0) {
    throw new UsageError(`--from snapshots a finished run; it takes no --${selecting.join(', --')}`, `run \`${commandHint('baseline update')}\` without --from to run the suites`);
  }
  const run = readRun(ref, { runsRoot: defaultRunsRoot(config.rootDir), cwd: process.cwd() });
  // A line added by hand (a case the suites lack, an attempt past the run's repeat) is no measurement of the run: left out, and said.
  const { results, leftOut } = snapshotResults({ run, suites: config.suites, force: flags.force === true, clean: redactions(flags.redact).text, shown: shownFolder(run.dir) });
  await printWarnings(redactions(flags.redact).deep(leftOut));
  writeOut(await writeBaselineFromRun({ config, run: { ...run, results }, redact: flags.redact }));
  return EXIT.PASSED;
}

export async function runBaselineShow(globals: GlobalOptions): Promise<number> {
  const config = await loadConfigFor(globals, { agentless: true });
  const baseline = await readBaseline(config.baselinePath);
  const shown = shownPath(config.baselinePath);
  if (!baseline) throw new UsageError(`no baseline at ${shown}`, `create one with \`${commandHint('baseline update')}\``);
  writeOut(formatBaselineShow({ screen: createScreen({ env: process.env, stream: process.stdout }), baseline, shown }));
  return EXIT.PASSED;
}
