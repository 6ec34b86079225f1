/**
 * The backstop of `ProcessGroup` for a death agentready cannot see coming: SIGKILL (a CI job's
 * timeout, `timeout -s KILL`, the OOM killer, `kill -9` of its whole process group) runs no exit
 * handler, and the groups it started, each in a session of its own, would outlive it — a
 * `target.start` server keeping its port, so every later eval finds the port taken.
 *
 * So, on POSIX, a reaper watches agentready from outside: a `/bin/sh` loop (a few hundred
 * kilobytes and ~1 ms to start, where a second node would take ~40 ms and tens of megabytes),
 * started with the first group, in a session of its own so that a kill of agentready's group
 * does not reach it. agentready writes it `+<pgid>` for each group it starts and `-<pgid>` once
 * it has itself killed that group, so the list holds only groups that may still run and a pid
 * the system gave to someone else is never in it. The pipe's end is the news of agentready's
 * death, however it came: the kernel closes its write end when agentready's process is gone, the
 * loop's `read` returns end of file, and the reaper SIGKILLs the groups still listed and exits.
 * A normal exit closes the pipe too, with the list empty (agentready stopped its groups). Either
 * way, on Linux, it then kills what left its group but carries agentready's mark
 * (`escaped-descendants.ts`), and exits.
 *
 * The reaper holds nothing of agentready's up: its process and pipe are unref'd, and nothing
 * waits for it to start (the kernel keeps what is written until the loop reads it).
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { TREE_MARK, treeMark, unmarked } from './escaped-descendants.js';

/**
 * The reaper's loop, for `sh -c`. `g` is the list of groups, each id followed by a space, after a
 * leading one (so ` <id> ` finds an id whole); the ids are agentready's own decimal numbers. Then
 * the processes that left their groups but carry agentready's mark, `$2` (escaped-descendants.ts):
 * the reaper runs without it, and so does its grep.
 */
const REAPER_SCRIPT = `g=' '
while read -r line; do
  case $line in
    +*) g="$g\${line#+} " ;;
    -*)
      id=" \${line#-} "
      case $g in *"$id"*)
        before=\${g%%"$id"*}
        after=\${g#*"$id"}
        g="$before $after" ;;
      esac ;;
  esac
done
for id in $g; do kill -s KILL -- "-$id" 2>/dev/null; done
if [ -n "$2" ] && [ -d /proc/self ]; then
  for f in $(grep -l -F -e "${TREE_MARK}=$2" /proc/[0-9]*/environ 2>/dev/null); do
    p=\${f#/proc/}
    p=\${p%/environ}
    [ "$p" = "$$" ] || kill -s KILL "$p" 2>/dev/null
  done
fi
`;

/** What the reaper's process is called in `ps` (its `$0`), followed by the pid it watches. */
export const REAPER_NAME = 'agentready-group-reaper';

export interface GroupReaper {
  /** The group led by `pgid` was started: killed should agentready die before it says otherwise. */
  add(pgid: number): void;
  /** agentready killed the group led by `pgid` itself: the reaper forgets it. */
  remove(pgid: number): void;
  /** The reaper's process (for tests: ending its stdin stands for agentready's death). */
  readonly process: ChildProcess;
}

/** Starts a reaper for this process (the ProcessGroup module keeps one, started with its first group). */
export function spawnGroupReaper(): GroupReaper {
  // Loaded here, not on import: only a command that starts processes has a reaper.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn('/bin/sh', ['-c', REAPER_SCRIPT, REAPER_NAME, String(process.pid), treeMark() ?? ''], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: unmarked(process.env),
  });
  /** Whether lines still reach the reaper (it may fail to start, or be killed by someone). */
  let reachable = true;
  const lost = () => {
    reachable = false;
  };
  child.on('error', lost);
  child.on('exit', lost);
  child.stdin?.on('error', lost);
  child.unref();
  // Its stdin is a socket with a handle of its own, which would keep agentready's event loop alive.
  (child.stdin as Socket | null)?.unref();
  // Each line is written at once: a write to a pipe the reader keeps empty completes in the call,
  // so an exit right after it (or a SIGKILL) still leaves it with the reaper.
  const send = (line: string) => {
    if (reachable) child.stdin?.write(line);
  };
  return {
    add: (pgid) => send(`+${pgid}\n`),
    remove: (pgid) => send(`-${pgid}\n`),
    process: child,
  };
}
