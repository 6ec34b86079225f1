/**
 * The warning of `--models record` or `--models replay` on a config with no `models:` section:
 * the run records to, or replays from, the default cassettes folder, and records from the
 * default upstreams, which the user set nowhere. Pure.
 */
import type { ModelsSettings } from '../config/schema/resolved.js';
import type { CassetteMode } from '../config/schema/model-modes.js';
import { neutralizeLine } from '../common/sanitize.js';

export function formatDefaultModels(input: { mode: CassetteMode; models: ModelsSettings; cassettes: string; configFile: string }): string {
  const { mode, models } = input;
  const where =
    mode === 'record'
      ? `the model calls go to the default upstreams (${models.upstream.openai}, ${models.upstream.anthropic}) and are recorded in ${input.cassettes}`
      : `the model calls are answered from ${input.cassettes}`;
  return `--models ${mode}, and ${neutralizeLine(input.configFile)} has no \`models:\` section: ${where}, the default cassettes folder (\`models: { cassettes: <folder> }\` names another). Only an agent whose SDK's base URL is the case's \`models\` URL goes through the gateway (docs/models.md).`;
}
