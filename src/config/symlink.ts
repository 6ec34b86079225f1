/**
 * Whether a path agentready writes in is a symbolic link: a file or folder of a project's
 * `.agentready/` that is one (agentready makes none; a checkout, a copied folder or a cache restored
 * from elsewhere can hold one) would have it append to, overwrite or delete what the link points
 * at. The run folder under `--resume`, the history and the suite cache ask it first.
 */
import { lstatSync } from 'node:fs';

/** Whether `path` is a symbolic link (false when there is nothing there, or it cannot be looked at). */
export function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
