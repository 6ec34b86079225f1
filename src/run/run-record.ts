/**
 * What a run folder records of what made it (the config file's name in its header, a `score`
 * run's adapter in its summary), and a result read back redacted for output. Apart from
 * read-run.ts, which reads run folders: a run that writes its folder, `eval`, loads these without
 * the readers and the schemas of summary.json they parse with (in the CLI script, ~30 ms of CPU
 * before the first case: docs/architecture.md).
 */
import { basename } from 'node:path';
import type { CaseResult, ResultsHeader } from '../config/schema/index.js';
import { setOwn } from '../config/own-key.js';
import type { Redactions } from '../common/redact-deep.js';

/** What a run's summary calls the "agent" and the "adapter" of an `agentready score` run: recorded traces judged, no agent run. */
export const RECORDED_ADAPTER = 'recorded';

/**
 * What a run's header records of the config file it was made with (`config`): the file's name, as
 * the runs of one folder share `<folder>/.agentready/runs` and each config there has its own name.
 * Undefined for the embedded default config (no file).
 */
export function configName(file: string | undefined): string | undefined {
  return file === undefined ? undefined : basename(file);
}

/** The header's `config` field for a run made with the config `file`: none for the embedded default. */
export function recordedConfig(file: string | undefined): Pick<ResultsHeader, 'config'> {
  const name = configName(file);
  return name === undefined ? {} : { config: name };
}

/**
 * A result read back, redacted for output by `clean` (a run made with --no-redact holds the agent's
 * text as written): every value, and the model ids its `models` is keyed by (the agent names its
 * models; a deep redaction keeps keys).
 */
export function redactedResult(result: CaseResult, clean: Redactions): CaseResult {
  const redacted = clean.deep(result);
  if (redacted.models === undefined) return redacted;
  const models: NonNullable<CaseResult['models']> = {};
  for (const [model, figures] of Object.entries(redacted.models)) setOwn(models, clean.text(model), figures);
  return { ...redacted, models };
}
