/**
 * The cli side of the run lifecycle: Ctrl-C, the reporters, and the ending in words — the
 * readiness result, warnings, reporters that failed, and the one line that says why the exit
 * code is not 0. The lifecycle itself (src/lifecycle/) decides; this prints and returns the code.
 */
import { neutralizeLine } from '../../common/sanitize.js';
import { runLifecycle, type LifecycleOptions, type LifecycleOutcome } from '../../lifecycle/index.js';
import { formatReadiness } from '../../report/kill-switch.js';
import { formatReporterFailure, formatWrittenReports } from '../../report/hub.js';
import type { Reporter } from '../../report/reporter.js';
import { watchInterrupts, type InterruptWatcher } from '../interrupt.js';
import { writeError, writeOut, writeReason } from '../print.js';
import { spareProjectFiles, type CheckedReporters, type ProjectFiles } from './reporter-check.js';
import { createReporters } from '../../report/registry.js';

/**
 * The reporters `--reporter` asks for, writing to this process's streams, once `checkReporters`
 * passed them (exit 2 before anything runs) and, the config loaded, no output writes over one of
 * its files (exit 2 before the first case).
 */
export function reportersSparing(checked: CheckedReporters, files: ProjectFiles): Reporter[] {
  spareProjectFiles(checked, files);
  return createCheckedReporters(checked);
}

/** The reporters of specs `checkReporters` passed, writing to this process's streams; `shard`: the run is one of several `merge` will join. */
export function createCheckedReporters(checked: CheckedReporters, options: { shard?: boolean } = {}): Reporter[] {
  return createReporters(checked.specs, { cwd: checked.cwd, stdout: process.stdout, stderr: process.stderr, env: process.env, shard: options.shard === true });
}

/**
 * How Ctrl-C is watched: a watch of the run's own saying `interruptMessage`, or the command's,
 * watching since before the run (eval's agent boots while the files load).
 */
type Interrupts = { interruptMessage: string } | { interrupts: InterruptWatcher };

/** What to do next with a run a signal stopped, said under the exit's reason (`baseline update`'s: resume it, then snapshot it). */
type InterruptedHint = { interruptedHint?: (run: { id: string; dir: string }) => string };

/** Runs the lifecycle under Ctrl-C and prints its ending. */
export async function runCommand(options: Omit<LifecycleOptions, 'signal' | 'cwd'> & Interrupts & InterruptedHint): Promise<LifecycleOutcome> {
  const own = !('interrupts' in options);
  const interrupts = 'interrupts' in options ? options.interrupts : watchInterrupts(() => writeError(options.interruptMessage));
  try {
    const outcome = await runLifecycle({ ...options, signal: interrupts.signal, cwd: process.cwd() });
    const { session } = outcome;
    const next = outcome.end.kind === 'interrupted' && session ? options.interruptedHint?.({ id: session.run_id, dir: session.run_dir }) : undefined;
    printEnding(outcome, { next });
    return outcome;
  } finally {
    if (own) interrupts.dispose();
  }
}

/** The readiness result and the files the run's outputs wrote (reporters, `--otlp`) on stdout; warnings, failed outputs and why the exit is not 0 on stderr. */
function printEnding(outcome: LifecycleOutcome, { next }: { next: string | undefined }): void {
  if (outcome.readiness && outcome.session) writeOut(`\n${formatReadiness(outcome.readiness, outcome)}`);
  const written = outcome.session ? formatWrittenReports({ reporters: outcome.outputs, failures: outcome.reporterFailures }) : undefined;
  if (written !== undefined) writeOut(`${neutralizeLine(written)}\n`);
  for (const warning of outcome.warnings) writeError(`agentready: warning: ${neutralizeLine(warning)}\n`);
  for (const failure of outcome.reporterFailures) writeError(`agentready: ${neutralizeLine(formatReporterFailure(failure))}\n`);
  // A reason may go on over several lines (a refused baseline's harness errors): printed as lines, as a thrown error is, the exit code on the first.
  if (outcome.exit.reason) {
    const [first, ...rest] = outcome.exit.reason.split('\n');
    writeReason({ lines: [`${first} (exit ${outcome.exit.code})`, ...rest, ...(next === undefined ? [] : [`  ${next}`])], code: outcome.exit.code });
  }
}
