/**
 * The one owner of "make the folder a file goes to": the missing folders above it, made one at a
 * time from the top. Not `mkdir(…, { recursive: true })`: under a folder that answers ENOENT to a
 * mkdir though it exists (/proc), Node 20's recursive mkdir loops forever at full CPU, deaf to
 * SIGTERM; here that ENOENT is thrown, naming the folder.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Makes the folders missing above the absolute or relative path `file`; throws the disk's error (ENOENT, ENOTDIR, EACCES…). */
export function makeFolderFor(file: string): void {
  const missing: string[] = [];
  for (let at = dirname(file); ; at = dirname(at)) {
    const seen = look(at);
    if (seen === 'exists') break;
    missing.unshift(at);
    // Another error (ENOTDIR: a file above it) is the mkdir's to tell, naming this folder.
    if (seen === 'failed' || dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by someone else (another reporter, another run): as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

// Returns whether something is at `path`, nothing is (ENOENT), or the disk answered another error.
function look(path: string): 'exists' | 'missing' | 'failed' {
  try {
    statSync(path);
    return 'exists';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'failed';
  }
}
