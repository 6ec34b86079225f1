/** Whether processes the CLI started are still running. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { REAPER_NAME } from '../../../src/adapters/group-reaper.js';

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

/**
 * Waits until each process has ended (re-checked every 25 ms). No wall-clock limit (it flakes
 * under load): a process left running for good is caught by vitest's test timeout.
 */
export async function untilGone(pids: number[]): Promise<void> {
  while (pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 25)); // re-check; vitest's test timeout bounds it
}

/** The pids of the group reapers (adapters/group-reaper.ts) watching the agentready process `cliPid`. */
export function reapersOf(cliPid: number): number[] {
  const wanted = `\0${REAPER_NAME}\0${cliPid}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(wanted) && alive(Number(pid));
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/** The session a process is in (field 6 of /proc/<pid>/stat). */
export function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}
