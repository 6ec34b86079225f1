import { relative } from 'node:path';

/** A file's path as messages show it: relative to the current folder, as every path agentready prints (the path as given when that is the folder itself). */
export function shownPath(file: string): string {
  return relative(process.cwd(), file) || file;
}
