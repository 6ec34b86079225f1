/**
 * The files a project's run reads and its pull requests review: the config, each suite, the
 * policy and the baseline. An output (a `--reporter` file, `--otlp`) must never be written over
 * one of them: `--reporter json:agentready.baseline.json` would replace the committed baseline
 * with a report, and `markdown:evals/support.suite.yaml` a suite with a summary.
 */
import type { ResolvedConfig } from './schema/index.js';

/** A file the project reads, absolute, and what it is in words ("the baseline", "suite support"). */
export interface ProjectInput {
  file: string;
  what: string;
}

/** The config's own files; the embedded default config has no file of its own. */
export function projectInputs(config: Pick<ResolvedConfig, 'file' | 'baselinePath' | 'policy' | 'suites'>): ProjectInput[] {
  const inputs: ProjectInput[] = [{ file: config.baselinePath, what: 'the baseline' }];
  if (config.file !== undefined) inputs.push({ file: config.file, what: 'the config' });
  if (config.policy.file !== undefined) inputs.push({ file: config.policy.file, what: 'the policy' });
  for (const suite of config.suites) inputs.push({ file: suite.file, what: `suite ${suite.name}` });
  return inputs;
}
