/**
 * `--reporter` (and `--otlp`) checked against the disk before anything runs. The reporters are
 * made later, when the run needs them (`createCheckedReporters`, run-command.ts): `eval` checks
 * before the agent boots, without loading the reporters' code.
 */
import type { ResolvedConfig } from '../../config/index.js';
import { projectInputs, type ProjectInput } from '../../config/project-inputs.js';
import { checkOutputsSpareInputs, checkReporterOutputs, stepSummaryOf } from '../../report/destinations.js';

/** `--reporter` specs (and an `--otlp` file) that passed `checkReporters`, and the folder their paths are relative to. */
export interface CheckedReporters {
  readonly specs: readonly string[];
  readonly otlp?: string | undefined;
  readonly cwd: string;
}

/**
 * Checks `--reporter` specs, an `--otlp` file and, under GitHub Actions, `$GITHUB_STEP_SUMMARY`
 * (not for a `shard`, which appends to none) against names, paths and the disk once, before
 * anything runs (exit 2), with nothing made yet: a command that builds its reporters later (eval,
 * once the files loaded) makes them from what this returns, without looking at the disk again.
 */
export function checkReporters(specs: readonly string[], options: { otlp?: string | undefined; shard?: boolean } = {}): CheckedReporters {
  const cwd = process.cwd();
  const { otlp } = options;
  checkReporterOutputs({ specs, otlp, cwd, stepSummary: stepSummaryOf({ env: process.env, shard: options.shard === true }) });
  return { specs, otlp, cwd };
}

/**
 * `eval --resume` of a run that is not a shard: `$GITHUB_STEP_SUMMARY` checked once the resumed
 * run's header said so (checkReporters leaves it to this: only that header says whether it was a shard).
 */
export function checkStepSummary(checked: CheckedReporters): void {
  checkReporterOutputs({ specs: [], cwd: checked.cwd, stepSummary: stepSummaryOf({ env: process.env, shard: false }) });
}

/**
 * Once the config is loaded, before the first case: no output may write over the config, a suite,
 * the policy, the baseline, or a file the command reads `also` (score's traces), exit 2.
 */
export function spareProjectFiles(checked: CheckedReporters, { config, also = [] }: ProjectFiles): void {
  // No reporter named, no file to spare: the project's files (a path per scorer a case names) are not listed.
  if (checked.specs.length === 0 && checked.otlp === undefined) return;
  checkOutputsSpareInputs({ ...checked, inputs: [...projectInputs(config), ...also] });
}

/** The files a command reads: the project's, and those it was given (`score`'s traces). */
export interface ProjectFiles {
  config: ResolvedConfig;
  also?: readonly ProjectInput[];
}
