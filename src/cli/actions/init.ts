/** `agentready init [--adapter stdio|http|module|exec] [--dir .]`: writes a working project (config/init-project.ts). */
import path from 'node:path';
import { initProject, sdkReachableFrom, type InitAdapter } from '../../config/init-project.js';
import { EXIT } from '../../errors.js';
import { formatInitDone } from '../../report/format-init.js';
import { writeOut } from '../print.js';

export interface InitFlags {
  adapter: InitAdapter;
  dir: string;
}

export async function runInitCommand(flags: InitFlags): Promise<number> {
  const dir = path.resolve(flags.dir);
  const files = await initProject({ adapter: flags.adapter, dir });
  const sdkMissing = flags.adapter === 'stdio' && !sdkReachableFrom(dir);
  writeOut(formatInitDone({ adapter: flags.adapter, shown: path.relative(process.cwd(), dir) || '.', files, sdkMissing }));
  return EXIT.PASSED;
}
