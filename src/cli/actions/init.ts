/** `agentready init [--adapter stdio|http|module|exec] [--dir .]`: writes a working project (config/init-project.ts). */
import path from 'node:path';
import { checkoutAbove, defaultBranch } from '../../common/git.js';
import { foreignLockfile, initProject, sdkReachableFrom, type InitAdapter } from '../../config/init-project.js';
import { installOutsideCheckout } from '../../config/init-install.js';
import { EXIT, UsageError } from '../../errors.js';
import { describeUnwritable, whyUnwritable } from '../../common/writable.js';
import { formatInitDone } from '../../report/format-init.js';
import { writeOut } from '../print.js';
import { shownFolder, shownPath } from '../../config/shown-path.js';
import { CONFIG_FILE } from '../../config/defaults.js';

export interface InitFlags {
  adapter: InitAdapter;
  dir: string;
}

export async function runInitCommand(flags: InitFlags): Promise<number> {
  // `--dir "$PROJECT"` with the variable unset: path.resolve('') is the current folder, written into unasked.
  if (flags.dir === '') throw new UsageError('init needs a folder, got an empty --dir', 'name a folder, as --dir . for the current one');
  const dir = path.resolve(flags.dir);
  // Under /proc or /sys no folder can be made, and Node 20's recursive mkdir, which init makes its folders with, spun
  // there for ever at full CPU, deaf to SIGTERM (`init --dir /proc/x`); a folder it may not write failed as a disk error.
  const unwritable = whyUnwritable(path.join(dir, CONFIG_FILE));
  if (unwritable?.kind === 'kernel_folder' || unwritable?.kind === 'no_permission') {
    throw new UsageError(`init cannot make a project in ${shownFolder(dir)}: ${describeUnwritable(unwritable, shownPath)}`, 'give --dir a folder this process can write (it is made when missing)');
  }
  // The workflow's push trigger names the branch the repository takes its pushes on, when git says which.
  // GitHub reads workflows only at the checkout's root: a project below it has its workflow written there.
  const { files, workflow } = await initProject({ adapter: flags.adapter, dir, branch: await defaultBranch(dir), checkout: await checkoutAbove(dir) });
  const sdkMissing = flags.adapter === 'stdio' && !sdkReachableFrom(dir);
  const shown = shownFolder(dir);
  const shownWorkflow = workflow.at === 'project' ? workflow : { ...workflow, file: shownPath(workflow.file) };
  // The workflow installs with npm: a project another package manager locks must change its install steps.
  const locked = foreignLockfile(dir);
  const lockedBy = locked ? { lockfile: shownPath(locked.file), manager: locked.manager } : undefined;
  // The workflow's `npm ci` installs from the path package.json records: one outside the checkout is not on the runner.
  const outside = installOutsideCheckout(dir);
  const installedFrom = outside ? { manifest: shownPath(outside.manifest), spec: outside.spec } : undefined;
  writeOut(formatInitDone({ adapter: flags.adapter, shown, files, sdkMissing, workflow: shownWorkflow, ...(lockedBy ? { lockedBy } : {}), ...(installedFrom ? { installedFrom } : {}) }));
  return EXIT.PASSED;
}
