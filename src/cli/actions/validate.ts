/** `agentready validate`: load everything eval would, without starting the agent. */
import { statSync } from 'node:fs';
import { EXIT } from '../../errors.js';
import { formatValidated } from '../../report/format-validate.js';
import { writeOut } from '../print.js';
import { checkConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export async function runValidateCommand(globals: GlobalOptions): Promise<number> {
  const config = await checkConfigFor(globals);
  // The baseline too: eval refuses a corrupt one, so validate must not call it valid. Its reader
  // (and schema) is loaded only when there is a file to read.
  const baseline = statSync(config.baselinePath, { throwIfNoEntry: false })
    ? await (await import('../../gate/baseline.js')).readBaseline(config.baselinePath)
    : undefined;
  writeOut(formatValidated({ config, baseline, cwd: process.cwd() }));
  return EXIT.PASSED;
}
