/** `agentready baseline update|show`. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { gitCommit } from '../../common/git.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { ConfigError, EXIT, HarnessError, UsageError } from '../../errors.js';
import { baselineChanges, buildBaseline, computeMetrics, decideVerdict, failedExplanations, keepSteadyFigures, quarantinedCases, readBaseline, sameAgentError, serializeBaseline } from '../../gate/index.js';
import { formatBaselineChanges, formatBaselineShow, formatBaselineUnreadable, formatGateStillFails } from '../../report/format-baseline.js';
import { utcDay } from '../../config/index.js';
import { createScreen } from '../../report/screen.js';
import type { ResolvedConfig } from '../../config/index.js';
import { isProductionResult } from '../../config/production-case.js';
import { agentName, type CaseResult, type MetricsBySlice } from '../../config/schema/index.js';
import { liveAgent } from '../../lifecycle/index.js';
import { defaultRunsRoot, isFiltered, readRun } from '../../run/index.js';
import { writeError, writeOut } from '../print.js';
import { plural } from '../../common/plural.js';
import { loadConfigFor } from './common.js';
import { runCommand } from './run-command.js';
import type { BaselineUpdateFlags, GlobalOptions } from '../program.js';
import { agentLabel } from '../../report/agent-label.js';
import { planSize } from '../../report/terminal.js';
import type { AgentName } from '../../config/schema/agent.js';

/** Harness errors quoted when a baseline is refused for them. */
const MAX_ERRORS_NAMED = 3;

export async function runBaselineUpdate(globals: GlobalOptions, flags: BaselineUpdateFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  if (flags.from !== undefined) return snapshotRun(config, flags.from, flags);
  if (flags.suite?.length || flags.grep || flags.tag?.length) {
    // A baseline is the record of every case: written from a subset it would silently drop the rest.
    throw new UsageError(
      'baseline update records every case, so it takes no --suite, --grep or --tag',
      'run it without filters (or snapshot a full run with `agentready baseline update --from <run-id>`)',
    );
  }
  // The run is an ordinary run folder (summary.json included); the baseline is its judgement.
  let written: (() => void) | undefined;
  const outcome = await runCommand({
    source: liveAgent({
      config,
      selection: { filter: {}, repeat: flags.repeat, concurrency: flags.concurrency },
      mode: 'normal',
      redact: flags.redact,
      modelsMode: flags.models,
      runsRoot: defaultRunsRoot(config.rootDir),
    }),
    reporters: [{ onRunStart: (plan) => void writeError(`Running ${planSize(plan).what} against ${neutralizeLine(agentLabel(plan.agent))}…\n`) }],
    judge: async ({ session, metrics }) => {
      // The baseline records every case: the results are read whole here.
      const results = [...session.results];
      const refusal = refuseErrors(results, flags.force === true);
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
  });
  if (outcome.exit.code === EXIT.PASSED) written?.();
  return outcome.exit.code;
}

/** `baseline update --from <run>`: the baseline from a run that already exists, without running anything. */
async function snapshotRun(config: ResolvedConfig, ref: string, flags: BaselineUpdateFlags): Promise<number> {
  const selecting = (['suite', 'grep', 'tag', 'repeat', 'concurrency'] as const).filter((flag) => flags[flag] !== undefined);
  if (selecting.length > 0) {
    throw new UsageError(`--from snapshots a finished run; it takes no --${selecting.join(', --')}`, 'run `agentready baseline update` without --from to run the suites');
  }
  const run = readRun(ref, { runsRoot: defaultRunsRoot(config.rootDir), cwd: process.cwd() });
  const selection = run.header.selection;
  // A baseline is the record of every case: one from a subset would silently drop the rest.
  // A kill-switch run by run.killSwitch (its summary says so when an older header names no selection).
  if (run.killSwitch || (selection && isFiltered(selection))) {
    throw new UsageError(
      `run ${run.header.run_id} ${run.killSwitch ? 'ran read-only (--kill-switch)' : 'selected only some cases (filters, --last-failed or --shard)'}: a baseline records every case as the agent answers it`,
      'snapshot a full run (or `agentready merge` the shards first), or run `agentready baseline update` without --from',
    );
  }
  // Production traces are no cases of the suites: a baseline of them would list them as removed from every later run.
  const production = run.results.filter(isProductionResult).length;
  if (production > 0) {
    throw new UsageError(
      `run ${run.header.run_id} scored ${plural(production, 'production trace')} (\`score --unlabeled\`): they are no cases of the suites, and a baseline records the suites' cases`,
      'snapshot a run of `agentready eval` (or of `agentready score` without --unlabeled), or run `agentready baseline update` without --from',
    );
  }
  if (run.incomplete && !flags.force) {
    throw new HarnessError('RUN_INCOMPLETE', `run ${run.header.run_id} did not finish (interrupted, or no summary.json); the baseline was not written. Pass --force to record the cases it has.`);
  }
  const refusal = refuseErrors(run.results, flags.force === true);
  if (refusal) throw new HarnessError('RUN_INCOMPLETE', refusal);
  const written = await writeBaselineFrom({
    config,
    results: run.results,
    metrics: computeMetrics(run.results),
    agent: run.agent ?? { name: 'unknown' },
    adapter: run.adapter ?? 'unknown',
    fingerprint: run.header.fingerprint,
  });
  written();
  return EXIT.PASSED;
}

/**
 * Why a run with harness errors may not become the baseline (SPEC §11 baseline update), unless
 * forced: one line, then the first errors, one indented line each (a crash's stderr lines below it).
 */
function refuseErrors(results: readonly CaseResult[], force: boolean): string | undefined {
  if (force) return undefined;
  // Every case failing alike is the agent not running at all (a missing key, say): a baseline of it
  // accepts every failure, and no later run could newly fail.
  const alike = sameAgentError(results);
  if (alike) {
    return `every case (${plural(alike.attempts, 'attempt')}) ended in agent_error with one and the same message, so the baseline was not written: the agent could not run at all (a missing API key or secret?), and a baseline of it would accept every failure (fix the setup, or pass --force to record it)\n  ${neutralizeLine(alike.message)}`;
  }
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length === 0) return undefined;
  const named = errors.slice(0, MAX_ERRORS_NAMED).map((r) => `  ${r.suite}/${r.case_id}: ${(r.error?.message ?? 'error').replaceAll('\n', '\n    ')}`);
  const more = errors.length > MAX_ERRORS_NAMED ? [`  … and ${errors.length - MAX_ERRORS_NAMED} more`] : [];
  return [`${errors.length} case${errors.length === 1 ? '' : 's'} ended in harness errors, so the baseline was not written (fix them, or pass --force to record them)`, ...named, ...more].join('\n');
}

/** Writes the baseline from a run's results; returns the line that says so, printed once the run's exit is known. */
async function writeBaselineFrom(args: {
  config: ResolvedConfig;
  results: CaseResult[];
  metrics: MetricsBySlice;
  agent: AgentName;
  adapter: string;
  fingerprint: string;
}): Promise<() => void> {
  const { config, results } = args;
  const measured = buildBaseline({
    results,
    metrics: args.metrics,
    agent: args.agent,
    adapter: args.adapter,
    commit: await gitCommit(config.rootDir),
    fingerprint: args.fingerprint,
  });
  // A corrupt committed baseline (a merge left conflict markers, say) is replaced: it has no figures worth keeping, and the user is told.
  let unreadable: string | undefined;
  const committed = await readBaseline(config.baselinePath).catch((error: unknown) => {
    unreadable = error instanceof ConfigError && error.issues[0] ? error.issues[0].message : error instanceof Error ? error.message : String(error);
    return undefined;
  });
  const { baseline, kept } = keepSteadyFigures({ next: measured, previous: committed, gate: config.gate });
  const changes = committed
    ? formatBaselineChanges(baselineChanges(committed, baseline))
    : unreadable !== undefined
      ? formatBaselineUnreadable(unreadable)
      : '';
  writeFileSync(config.baselinePath, serializeBaseline(baseline));
  // The gate this run gets against the baseline it became, as eval would judge it.
  const verdict = decideVerdict({
    metrics: args.metrics,
    results,
    gate: config.gate,
    baseline,
    baselinePath: relative(process.cwd(), config.baselinePath),
    quarantined: quarantinedCases(config.suites, utcDay(new Date())),
  });
  const stillFails = verdict.pass ? '' : formatGateStillFails(failedExplanations(verdict));
  const cases = Object.values(baseline.cases);
  const passed = cases.filter((c) => c.status === 'passed').length;
  const flaky = cases.filter((c) => c.flaky).length;
  return () =>
    writeOut(
      `Wrote ${relative(process.cwd(), config.baselinePath)}: ${plural(cases.length, 'case')}, ${passed} passing${flaky > 0 ? `, ${flaky} flaky` : ''}. Commit it so pull requests show its diff.\n` +
        changes +
        (kept > 0 ? `${plural(kept, 'figure')} (timings, costs) within noise of the committed baseline kept as ${kept === 1 ? 'it was' : 'they were'}, so the diff shows what changed.\n` : '') +
        stillFails,
    );
}

export async function runBaselineShow(globals: GlobalOptions): Promise<number> {
  const config = await loadConfigFor(globals);
  const baseline = await readBaseline(config.baselinePath);
  const shown = relative(process.cwd(), config.baselinePath);
  if (!baseline) throw new UsageError(`no baseline at ${shown}`, 'create one with `agentready baseline update`');
  writeOut(formatBaselineShow({ screen: createScreen({ env: process.env, stream: process.stdout }), baseline, shown }));
  return EXIT.PASSED;
}
