// The CPU time of this process's threads one by one, as Linux counts it in /proc (utime + stime,
// in clock ticks): process.cpuUsage() sums every thread, V8's background threads (its optimizing
// compiler, concurrent GC) and libuv's pool with the main thread. scripts/bench-child.js reads
// the main thread's at exit and around the case phase. undefined where there is no /proc (not
// Linux), so the bench prints the split only where it has one.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * utime + stime (fields 14 and 15) of a line of /proc/<pid>/task/<tid>/stat, in clock ticks;
 * undefined when the line has no such fields. Field 2, the thread's name in parentheses, may hold
 * spaces and parentheses itself (a thread names itself anything): the fields are counted from
 * after its last ')', where field 3 starts.
 */
export function statCpuTicks(line) {
  const close = line.lastIndexOf(')');
  if (close === -1) return undefined;
  // Field 3 (the state) first: field n at n − 3.
  const fields = line.slice(close + 2).split(' ');
  const [utime, stime] = [fields[14 - 3], fields[15 - 3]];
  return isCount(utime) && isCount(stime) ? Number(utime) + Number(stime) : undefined;
}
const isCount = (text) => text !== undefined && /^\d+$/.test(text);

/** The calling thread's CPU time so far, in clock ticks; undefined without /proc. */
export function ownThreadTicks() {
  try {
    return statCpuTicks(readFileSync('/proc/thread-self/stat', 'latin1'));
  } catch {
    return undefined;
  }
}

/** Clock ticks per second (USER_HZ: 100 on every Linux Node runs on; getconf says). */
export function clockTicksPerSecond() {
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  return Number.isInteger(hz) && hz > 0 ? hz : 100;
}

