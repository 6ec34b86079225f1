/**
 * Whether a folder is on the kernel's `proc` or `sys` filesystem, where no file or folder can be
 * made (a mkdir there answers ENOENT, and Node 20's recursive mkdir then spins for ever). In
 * config/, the earliest folder its askers share: the baseline path's check (`baseline-file.ts`)
 * and whether an output can be written (`common/writable.ts`).
 */
import { statfsSync } from 'node:fs';

// The statfs magic numbers of the kernel's filesystems that hold no files of ours (linux/magic.h).
const KERNEL_FILESYSTEMS = new Map<number, 'proc' | 'sys'>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sys'],
]);

/** Which kernel filesystem the folder `path` is on, or undefined (any other, or statfs unanswered). */
export function kernelFilesystem(path: string): 'proc' | 'sys' | undefined {
  try {
    return KERNEL_FILESYSTEMS.get(statfsSync(path).type);
  } catch {
    return undefined;
  }
}
