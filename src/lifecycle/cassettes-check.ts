/** The model gateway's cassettes folder checked against the disk before the first case (SPEC §16). */
import path from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import type { ModelMode } from '../config/schema/model-modes.js';
import { shownPath } from '../config/shown-path.js';
import { isFile } from '../config/read.js';
import { describeUnwritable, whyUnwritable } from '../common/writable.js';
import { UsageError } from '../errors.js';

/**
 * Under `--models record` (or `models.mode: record`), the cassettes folder must be one this process
 * can make its files in, told before the first case (exit 2): `models.cassettes: /proc/x` ran every
 * case, paying each model call, then failed each one's cassette (CASSETTE_WRITE, exit 3). Under
 * `replay`, it must not be a file: each case was a CASSETTE_MISS quoting ENOTDIR.
 */
export function checkCassettesWritable(config: ResolvedConfig, modeFlag: ModelMode | undefined): void {
  const mode = modeFlag ?? config.models.mode;
  if (mode === 'replay' && isFile(config.models.cassettes)) {
    throw new UsageError(
      `--models replay reads its cassettes from ${shownPath(config.models.cassettes)}, which is a file, not a folder`,
      'set models.cassettes in the config to the folder --models record wrote them in (relative to the config file)',
    );
  }
  if (mode !== 'record') return;
  const problem = whyUnwritable(path.join(config.models.cassettes, 'suite', 'case.json'));
  if (problem === undefined) return;
  throw new UsageError(
    `--models record cannot write its cassettes in ${shownPath(config.models.cassettes)}: ${describeUnwritable(problem, shownPath)}`,
    'set models.cassettes in the config to a folder this process can write (relative to the config file)',
  );
}
