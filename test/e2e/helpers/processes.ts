/** Whether processes the CLI started are still running. */
import { existsSync, readFileSync } from 'node:fs';

/** Whether the process runs: a zombie (exited, not yet reaped by its new parent) does not. */
export function alive(pid: number): boolean {
  // kill(0, 0) and kill(-n, 0) signal a process group: they would read as a live process.
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a process id: ${pid}`);
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Whether each process has ended within `ms` (re-checked every 25 ms). */
export async function goneWithin(pids: number[], ms: number): Promise<boolean[]> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check, bounded
  return pids.map((pid) => !alive(pid));
}
