/**
 * `agentready compare <runA> <runB>`: two finished runs side by side, judged by the config's
 * gate with run A standing in for the baseline. Prints the comparison and the verdict; the
 * `--reporter` outputs report run B with that verdict. Exit 1 when B regresses past the gate.
 */
import { relative } from 'node:path';
import type { ResolvedConfig } from '../../config/index.js';
import { EXIT } from '../../errors.js';
import { compareRuns, gateFailure, type Verdict } from '../../gate/index.js';
import { neutralizeLine } from '../../common/sanitize.js';
import { formatComparison } from '../../report/format-compare.js';
import { formatVerdict } from '../../report/format-summary.js';
import { ReporterHub } from '../../report/hub.js';
import { createReporters, parseSpec } from '../../report/registry.js';
import type { RunSummary } from '../../report/reporter.js';
import { createScreen } from '../../report/screen.js';
import { defaultRunsRoot, readRun, readTraces, type RunRecord } from '../../run/index.js';
import { writeError, writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export interface CompareFlags {
  reporter?: string[];
}

export async function runCompareCommand(globals: GlobalOptions, runs: { runA: string; runB: string }, flags: CompareFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  const where = { runsRoot: defaultRunsRoot(config.rootDir), cwd: process.cwd() };
  const a = readRun(runs.runA, where);
  const b = readRun(runs.runB, where);
  for (const run of [a, b]) {
    if (run.incomplete) writeError(`agentready: run ${run.header.run_id} did not finish; it is compared on the cases it has\n`);
  }
  const comparison = compareRuns({
    before: { results: a.results, fingerprint: a.header.fingerprint, ...(a.agent ? { agent: a.agent } : {}), ...(a.adapter ? { adapter: a.adapter } : {}) },
    after: b.results,
    gate: config.gate,
    label: `run ${a.header.run_id}`,
  });
  const screen = createScreen({ env: process.env, stream: process.stdout });
  writeOut(
    `${formatComparison(screen, {
      a: { label: a.header.run_id, ...(a.agent ? { agent: a.agent } : {}) },
      b: { label: b.header.run_id, ...(b.agent ? { agent: b.agent } : {}) },
      comparison,
    })}\n\n${formatVerdict(screen, comparison.verdict)}\n`,
  );
  await replayThroughReporters({ specs: flags.reporter ?? [], config, run: b, summary: toRunSummary(b, comparison.after), verdict: comparison.verdict });
  if (comparison.verdict.pass) return EXIT.PASSED;
  writeError(`agentready: ${neutralizeLine(gateFailure(comparison.verdict))} (exit ${EXIT.GATE_FAILED})\n`);
  return EXIT.GATE_FAILED;
}

/**
 * Sends run B through the asked reporters as if it had just run: each attempt with its trace,
 * then the end with the comparison's verdict. The terminal reporter joins only when named,
 * since the comparison above is what compare prints.
 */
async function replayThroughReporters(args: { specs: string[]; config: ResolvedConfig; run: RunRecord; summary: RunSummary; verdict: Verdict }): Promise<void> {
  if (args.specs.length === 0) return;
  const reporters = createReporters(args.specs, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
  // createReporters puts a terminal reporter first unless one was named.
  const named = args.specs.some((spec) => parseSpec(spec).name === 'terminal');
  const hub = new ReporterHub(named ? reporters : reporters.slice(1));
  try {
    const traces = readTraces(args.run.dir);
    const locations = new Map(args.config.suites.flatMap((suite) => suite.cases.map((kase) => [`${suite.name}/${kase.id}`, kase.location] as const)));
    for (const result of args.run.results) {
      const trace = traces.get(result.trace_id);
      const location = locations.get(`${result.suite}/${result.case_id}`);
      if (trace && location) await hub.onCaseEnd({ result, trace, location });
    }
    await hub.onRunEnd(args.summary, args.verdict);
  } finally {
    await hub.onExit();
  }
}

/** What the reporters know of run B. */
function toRunSummary(run: RunRecord, metrics: RunSummary['metrics']): RunSummary {
  return {
    run_id: run.header.run_id,
    run_dir: relative(process.cwd(), run.dir) || '.',
    agent: run.agent ?? { name: 'unknown', version: 'unknown' },
    adapter: run.adapter ?? 'unknown',
    started_at: run.header.started_at,
    finished_at: run.finished_at ?? run.header.started_at,
    duration_ms: run.duration_ms ?? 0,
    interrupted: run.incomplete,
    results: run.results,
    metrics,
    unauthenticated_requests: 0,
  };
}
