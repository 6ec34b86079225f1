/**
 * Which agentready process is writing a run folder: `running.json` (its pid and host), written as the
 * folder is made or reopened and removed as it is closed. A second `eval --resume` of a run still
 * running would run its unfinished cases again beside it, into the same files. A folder a killed
 * process left it in (SIGKILL: no code of its runs), or copied from another machine, is running in none.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const RUNNING_FILE = 'running.json';

/** Notes that this process writes the run folder `dir`; throws EEXIST when `exclusive` and another did. */
export function markRunning(dir: string, { exclusive }: { exclusive: boolean }): void {
  writeFileSync(join(dir, RUNNING_FILE), `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`, { flag: exclusive ? 'wx' : 'w' });
}

/** This process no longer writes the run folder `dir`. */
export function clearRunning(dir: string): void {
  try {
    const holder = readHolder(dir);
    if (holder?.pid === process.pid) rmSync(join(dir, RUNNING_FILE), { force: true });
  } catch {
    // The folder went, or cannot be written: there is nothing more to say of it.
  }
}

/** The pid of another agentready process on this machine that is writing the run folder `dir`, if one is. */
export function runningElsewhere(dir: string): number | undefined {
  const holder = readHolder(dir);
  if (holder === undefined || holder.host !== hostname() || holder.pid === process.pid) return undefined;
  return isAgentready(holder.pid) ? holder.pid : undefined;
}

function readHolder(dir: string): { pid: number; host: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, RUNNING_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, host } = value as { pid?: unknown; host?: unknown };
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && typeof host === 'string' ? { pid, host } : undefined;
}

// Whether `pid` is a live process that is agentready (its command line names it, where /proc tells): a pid
// the system gave another program since the holder was killed is not.
function isAgentready(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('agentready');
  } catch {
    return true;
  }
}
