/** The walk from a folder up to its git checkout's root: the one reading of "the checkout a folder is in" without asking git. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface CheckoutWalk {
  /** `from` (resolved) and each folder above it, up to the checkout's root included; outside a checkout, up to the filesystem's root. */
  folders: string[];
  /** The nearest folder holding a `.git` (a checkout's folder, or a worktree's or submodule's file); undefined outside a checkout. */
  root: string | undefined;
}

/** The folders from `from` up to the nearest one holding a `.git`, and that folder; outside a checkout, every folder up to the filesystem's root. */
export function upToCheckout(from: string): CheckoutWalk {
  const folders: string[] = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (existsSync(path.join(dir, '.git'))) return { folders, root: dir };
    if (path.dirname(dir) === dir) return { folders, root: undefined };
  }
}
