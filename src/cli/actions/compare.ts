/**
 * `agentready compare <runA> <runB>`: two finished runs side by side, judged by the config's
 * gate with run A standing in for the baseline. Prints the comparison and the verdict; the
 * `--reporter` outputs report run B with that verdict. Exit 1 when B regresses past the gate.
 */
import type { Comparison } from '../../gate/index.js';
import { refuseComparison, runFolder, runJudge } from '../../lifecycle/index.js';
import { formatComparison } from '../../report/format-compare.js';
import { formatVerdict } from '../../report/format-verdict.js';
import { parseSpec } from '../../report/specs.js';
import { createScreen } from '../../report/screen.js';
import { redactions } from '../../common/redact-deep.js';
import { defaultRunsRoot, readRun, redactedRun, type RunRecord } from '../../run/index.js';
import { writeError, writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import { reportersSparing, runCommand } from './run-command.js';
import { checkReporters } from './reporter-check.js';
import type { GlobalOptions } from '../program.js';

export interface CompareFlags {
  reporter?: string[];
}

export async function runCompareCommand(globals: GlobalOptions, { flags, ...runs }: { runA: string; runB: string; flags: CompareFlags }): Promise<number> {
  const specs = flags.reporter ?? [];
  // The comparison is what compare prints: the terminal reporter joins only when named.
  const named = specs.some((spec) => parseSpec(spec).name === 'terminal');
  const checked = checkReporters(specs);
  const config = await loadConfigFor(globals, { agentless: true });
  // Made with no --reporter too: under GITHUB_ACTIONS=true the github reporter and the step summary are on by default, as for eval and merge (SPEC §11).
  const made = reportersSparing(checked, { config });
  const reporters = named ? made : made.filter((reporter) => reporter.label?.name !== 'terminal');
  const where = { runsRoot: defaultRunsRoot(config.rootDir), cwd: process.cwd() };
  // compare has no --no-redact: what it shows of a run made with --no-redact, or copied from elsewhere, is redacted.
  const a = redactedRun(readRun(runs.runA, where), redactions(true));
  const b = redactedRun(readRun(runs.runB, where), redactions(true));
  refuseComparison({ runs: [a, b], tell: (note) => writeError(`agentready: ${note}\n`) });
  const outcome = await runCommand({
    // compare has no --no-redact: what it shows of a run made with --no-redact is redacted.
    source: runFolder({ run: b, config, redact: true }),
    reporters,
    judge: runJudge({ before: a, after: b, gate: config.gate, suites: config.suites, onComparison: (comparison) => printComparison(comparison, { a, b }) }),
    maxErrorRate: Infinity,
    killSwitch: false,
    interruptMessage: '\nagentready: interrupted\n',
  });
  return outcome.exit.code;
}

function printComparison(comparison: Comparison, { a, b }: { a: RunRecord; b: RunRecord }): void {
  const screen = createScreen({ env: process.env, stream: process.stdout });
  writeOut(
    `${formatComparison(screen, {
      a: { label: a.header.run_id, ...(a.agent ? { agent: a.agent } : {}), ...(a.replayed === true ? { replayed: true } : {}), ...(a.replayedUsd === undefined ? {} : { replayedUsd: a.replayedUsd }) },
      b: { label: b.header.run_id, ...(b.agent ? { agent: b.agent } : {}), ...(b.replayed === true ? { replayed: true } : {}), ...(b.replayedUsd === undefined ? {} : { replayedUsd: b.replayedUsd }) },
      comparison,
    })}\n\n${formatVerdict(screen, { verdict: comparison.verdict })}\n`,
  );
}
