/** `--models record|replay` with no `models:` section in the config: said on stderr before the run, where the cassettes go or come from. */
import type { ProjectSettings } from '../../config/index.js';
import type { ModelMode } from '../../config/schema/model-modes.js';
import { shownPath } from '../../config/shown-path.js';
import { writeError } from '../print.js';

export async function warnDefaultModels(config: Pick<ProjectSettings, 'models' | 'file'>, mode: ModelMode | undefined): Promise<void> {
  if (mode === undefined || mode === 'live' || config.models.defaulted !== true) return;
  // Loaded only when it has something to say: eval's start-up path stays as it was.
  const { formatDefaultModels } = await import('../../report/format-default-models.js');
  const configFile = config.file === undefined ? 'the config' : shownPath(config.file);
  writeError(`agentready: warning: ${formatDefaultModels({ mode, models: config.models, cassettes: `${shownPath(config.models.cassettes)}/`, configFile })}\n`);
}
