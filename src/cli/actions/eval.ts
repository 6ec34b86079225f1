/** `agentready eval`: load, run, score, gate, report; returns the exit code. */
import { relative } from 'node:path';
import { EXIT } from '../../errors.js';
import { computeMetrics, runGate } from '../../gate/index.js';
import type { Verdict } from '../../gate/types.js';
import { ReporterHub } from '../../report/hub.js';
import { createReporters } from '../../report/registry.js';
import type { RunSummary } from '../../report/reporter.js';
import { defaultRunsRoot, runSession, writeSummaryFile, type SessionResult } from '../../run/index.js';
import { watchInterrupts } from '../interrupt.js';
import { loadConfigFor } from './common.js';
import { formatReadiness, readinessExitCode } from './kill-switch.js';
import { KillSwitchTally, type KillSwitchSummary } from '../../run/readiness.js';
import { writeOut } from '../print.js';
import type { ResolvedConfig } from '../../config/index.js';
import type { EvalFlags, GlobalOptions } from '../program.js';

export async function runEvalCommand(globals: GlobalOptions, flags: EvalFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  const hub = new ReporterHub(
    createReporters(flags.reporter ?? [], { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env }),
  );
  const interrupts = watchInterrupts(() => process.stderr.write('\nagentready: interrupted — finishing what has ended, stopping the agent…\n'));
  // --kill-switch: every case read-only, judged by the readiness check; the tally feeds summary.json.
  const killSwitch = flags.killSwitch ? new KillSwitchTally() : undefined;
  try {
    const session = await runSession({
      config,
      filter: { suites: flags.suite, grep: flags.grep, tags: flags.tag },
      repeat: flags.repeat,
      concurrency: flags.concurrency,
      mode: killSwitch ? 'read_only' : 'normal',
      redact: flags.redact,
      runsRoot: defaultRunsRoot(config.rootDir),
      signal: interrupts.signal,
      onStart: (start) =>
        hub.onRunStart({
          run_id: start.run_id,
          run_dir: start.run_dir,
          agent: { name: start.agent.name, version: start.agent.version },
          adapter: start.adapter,
          suites: start.suites,
          total: start.total,
          concurrency: start.concurrency,
          kill_switch: killSwitch !== undefined,
        }),
      onCaseEnd: ({ result, trace, attempt }) => {
        killSwitch?.add(result, trace, attempt.kase.tools ?? attempt.suite.tools);
        return hub.onCaseEnd({ result, trace, location: attempt.kase.location });
      },
    });
    return await concludeRun({ session, config, hub, gate: flags.gate, ...(killSwitch ? { killSwitch } : {}) });
  } finally {
    interrupts.dispose();
    await hub.onExit();
    // A broken reporter costs only its own output; say which one, so a missing file is explained.
    for (const failure of hub.errors) {
      process.stderr.write(`agentready: warning: the ${failure.reporter} failed (${failure.hook}): ${failure.error instanceof Error ? failure.error.message : String(failure.error)}\n`);
    }
  }
}

/**
 * After the attempts (an eval, or `score` over recorded traces): metrics, the gate against the
 * baseline, summary.json, the reporters' onRunEnd, and the exit code.
 */
export async function concludeRun({ session, config, hub, gate, killSwitch }: { session: SessionResult; config: ResolvedConfig; hub: ReporterHub; gate: boolean; killSwitch?: KillSwitchTally }): Promise<number> {
  const metrics = computeMetrics(session.results);
  // A read-only run is not comparable with the baseline: the readiness result is its gate.
  const gated = gate && !session.interrupted && killSwitch === undefined;
  const verdict = gated
    ? await runGate({ results: session.results, metrics, gate: config.gate, baselinePath: relative(process.cwd(), config.baselinePath) })
    : undefined;
  const summary = toRunSummary(session, metrics);
  const readiness = killSwitch?.summary();
  writeRunSummary(session, summary, verdict, readiness);
  await hub.onRunEnd(summary, verdict);
  const code = exitCodeFor(session, config.run.max_error_rate, verdict, metrics.overall.error_rate.value ?? 0);
  if (readiness === undefined) return code;
  writeOut(`\n${formatReadiness(readiness)}`);
  return gate ? readinessExitCode(code, readiness) : code;
}

/** 130 when interrupted; 3 when the run could not complete; else the gate's verdict. */
function exitCodeFor(session: SessionResult, maxErrorRate: number, verdict: Verdict | undefined, errorRate: number): number {
  if (session.interrupted) return EXIT.INTERRUPTED;
  if (session.skipped_for_cost > 0) return EXIT.HARNESS;
  if (errorRate > maxErrorRate) return EXIT.HARNESS;
  if (verdict === undefined) return EXIT.PASSED;
  return verdict.pass ? EXIT.PASSED : EXIT.GATE_FAILED;
}

function toRunSummary(session: SessionResult, metrics: RunSummary['metrics']): RunSummary {
  return {
    run_id: session.run_id,
    run_dir: relative(process.cwd(), session.run_dir) || '.',
    agent: { name: session.agent.name, version: session.agent.version },
    adapter: session.adapter,
    started_at: session.started_at,
    finished_at: session.finished_at,
    duration_ms: session.duration_ms,
    interrupted: session.interrupted,
    results: session.results,
    metrics,
    unauthenticated_requests: session.unauthenticated_requests,
  };
}

/** summary.json: the run's figures and verdict (results stay in results.jsonl). */
function writeRunSummary(session: SessionResult, summary: RunSummary, verdict: Verdict | undefined, killSwitch?: KillSwitchSummary): void {
  const { results, ...rest } = summary;
  writeSummaryFile(session.run_dir, {
    format: 'agentready-summary',
    version: 1,
    ...rest,
    run_dir: session.run_dir,
    fingerprint: session.fingerprint,
    counts: {
      attempts: results.length,
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      errors: results.filter((r) => r.status === 'error').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    },
    skipped_for_cost: session.skipped_for_cost,
    timings: session.timings,
    verdict: verdict ?? null,
    ...(killSwitch ? { kill_switch: killSwitch } : {}),
  });
}
