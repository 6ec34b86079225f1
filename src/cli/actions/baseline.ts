/** `agentready baseline update|show`. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { execa } from 'execa';
import { EXIT, HarnessError, UsageError } from '../../errors.js';
import { buildBaseline, computeMetrics, keepSteadyFigures, readBaseline, serializeBaseline } from '../../gate/index.js';
import { formatSummaryTable } from '../../report/format-summary.js';
import { createScreen } from '../../report/screen.js';
import type { ResolvedConfig } from '../../config/index.js';
import type { CaseResult } from '../../config/schema/index.js';
import { defaultRunsRoot, readRun, runSession } from '../../run/index.js';
import { watchInterrupts } from '../interrupt.js';
import { writeError, writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { BaselineUpdateFlags, GlobalOptions } from '../program.js';

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
  const interrupts = watchInterrupts();
  let done = 0;
  try {
    const session = await runSession({
      config,
      filter: { suites: flags.suite, grep: flags.grep, tags: flags.tag },
      repeat: flags.repeat,
      concurrency: flags.concurrency,
      mode: 'normal',
      redact: flags.redact,
      runsRoot: defaultRunsRoot(config.rootDir),
      signal: interrupts.signal,
      onStart: (start) => writeError(`Running ${start.total} cases against ${start.agent.name} ${start.agent.version}…\n`),
      onCaseEnd: () => {
        done++;
      },
    });
    if (session.interrupted) {
      writeError(`agentready: interrupted after ${done} cases; the baseline was not written\n`);
      return EXIT.INTERRUPTED;
    }
    return await writeBaselineFrom({
      config,
      results: session.results,
      agent: { name: session.agent.name, version: session.agent.version },
      adapter: session.adapter,
      fingerprint: session.fingerprint,
      force: flags.force === true,
    });
  } finally {
    interrupts.dispose();
  }
}

/** `baseline update --from <run>`: the baseline from a run that already exists, without running anything. */
async function snapshotRun(config: ResolvedConfig, ref: string, flags: BaselineUpdateFlags): Promise<number> {
  const selecting = (['suite', 'grep', 'tag', 'repeat', 'concurrency'] as const).filter((flag) => flags[flag] !== undefined);
  if (selecting.length > 0) {
    throw new UsageError(`--from snapshots a finished run; it takes no --${selecting.join(', --')}`, 'run `agentready baseline update` without --from to run the suites');
  }
  const run = readRun(ref, { runsRoot: defaultRunsRoot(config.rootDir), cwd: process.cwd() });
  if (run.incomplete && !flags.force) {
    throw new HarnessError('RUN_INCOMPLETE', `run ${run.header.run_id} did not finish (interrupted, or no summary.json); the baseline was not written. Pass --force to record the cases it has.`);
  }
  return writeBaselineFrom({
    config,
    results: run.results,
    agent: run.agent ?? { name: 'unknown', version: 'unknown' },
    adapter: run.adapter ?? 'unknown',
    fingerprint: run.header.fingerprint,
    force: flags.force === true,
  });
}

/** Writes the baseline from a run's results; refuses harness errors unless forced (SPEC §11 baseline update). */
async function writeBaselineFrom(args: {
  config: ResolvedConfig;
  results: CaseResult[];
  agent: { name: string; version: string };
  adapter: string;
  fingerprint: string;
  force: boolean;
}): Promise<number> {
  const { config, results } = args;
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length > 0 && !args.force) {
    throw new HarnessError(
      'RUN_INCOMPLETE',
      `${errors.length} case${errors.length === 1 ? '' : 's'} ended in harness errors (${errors
        .slice(0, 3)
        .map((r) => `${r.suite}/${r.case_id}: ${r.error?.message ?? 'error'}`)
        .join('; ')}); the baseline was not written. Fix them, or pass --force to record them.`,
    );
  }
  const measured = buildBaseline({
    results,
    metrics: computeMetrics(results),
    agent: args.agent,
    adapter: args.adapter,
    commit: await gitCommit(config.rootDir),
    fingerprint: args.fingerprint,
  });
  // A corrupt committed baseline is simply replaced: it has no figures worth keeping.
  const committed = await readBaseline(config.baselinePath).catch(() => undefined);
  const { baseline, kept } = keepSteadyFigures(measured, committed);
  writeFileSync(config.baselinePath, serializeBaseline(baseline));
  const cases = Object.values(baseline.cases);
  const passed = cases.filter((c) => c.status === 'passed').length;
  const flaky = cases.filter((c) => c.flaky).length;
  writeOut(
    `Wrote ${relative(process.cwd(), config.baselinePath)}: ${cases.length} cases, ${passed} passing${flaky > 0 ? `, ${flaky} flaky` : ''}. Commit it so pull requests show its diff.\n` +
      (kept > 0 ? `${kept} timings and costs within noise of the committed baseline were kept as they were, so the diff shows what changed.\n` : ''),
  );
  return EXIT.PASSED;
}

export async function runBaselineShow(globals: GlobalOptions): Promise<number> {
  const config = await loadConfigFor(globals);
  const baseline = await readBaseline(config.baselinePath);
  const shown = relative(process.cwd(), config.baselinePath);
  if (!baseline) throw new UsageError(`no baseline at ${shown}`, 'create one with `agentready baseline update`');
  const screen = createScreen({ env: process.env, stream: process.stdout });
  const failing = Object.entries(baseline.cases).filter(([, c]) => c.status !== 'passed');
  const lines = [
    `Baseline ${shown}`,
    `  agent     ${baseline.provenance.agent.name} ${baseline.provenance.agent.version} (${baseline.provenance.adapter})`,
    ...(baseline.provenance.commit ? [`  commit    ${baseline.provenance.commit}`] : []),
    `  suites    fingerprint ${baseline.fingerprint}, ${Object.keys(baseline.cases).length} cases`,
    '',
    formatSummaryTable(screen, baseline.metrics),
    failing.length === 0
      ? 'Every case passed when the baseline was written.'
      : `Failing when the baseline was written (${failing.length}):\n${failing.map(([key, c]) => `  ${key}  ${c.failed_checks?.join(', ') ?? c.status}`).join('\n')}`,
  ];
  writeOut(`${lines.join('\n')}\n`);
  return EXIT.PASSED;
}

/** The commit the baseline was made from, when the folder is in a git checkout. */
async function gitCommit(cwd: string): Promise<string | undefined> {
  const result = await execa('git', ['rev-parse', 'HEAD'], { cwd, reject: false, timeout: 5000 });
  return result.exitCode === 0 && typeof result.stdout === 'string' ? result.stdout.trim() || undefined : undefined;
}
