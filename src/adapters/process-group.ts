/**
 * The processes agentready starts — a stdio agent, a user simulator, an exec command, a
 * `target.start` server — and everything they start in turn: SPEC §11's Ctrl-C "stops every
 * process it started". On POSIX each is spawned as the leader of a process group of its own
 * (`detached`, which is setsid), so a signal to the group reaches what the leader started too, and
 * what it left behind when it exited is killed with the group. Windows has no process groups:
 * there it is the process alone, as before. Should agentready die with no code of its own left to
 * run (SIGKILL), the groups still running are killed by its reaper (`group-reaper.ts`), which
 * this module keeps told of them.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnGroupReaper, type GroupReaper } from './group-reaper.js';
import { markDescendants } from './escaped-descendants.js';

/**
 * After SIGTERM, a process agentready ends (and its group: a stdio agent, an exec command, a user
 * simulator, a child a module agent started) gets this long before SIGKILL; a `target.start` server
 * gets longer (http-server-process.ts).
 */
export const SIGKILL_AFTER_MS = 500;
/** Whether children get a process group of their own: everywhere but Windows. */
const OWN_GROUPS = process.platform !== 'win32';
// What the processes started from here on start outside their groups is found by this mark, and killed by the reaper (Linux).
markDescendants();

/**
 * The spawn options (execa's, and `detached` for node:child_process's, `child-spawn.ts`) that start a
 * child in a group of its own. execa's `cleanup` (kill the child when agentready exits) skips
 * detached children, so `ProcessGroup` does that job for them.
 */
export const OWN_GROUP_SPAWN = { detached: OWN_GROUPS, cleanup: true } as const;

/**
 * Once the leader has exited, how long its stdout and stderr may stay open before they are no
 * longer read: what it wrote is read by then, and a process it started outside its group (Node's
 * `detached: true` and `setsid` make a session of its own, which the group's kill does not reach)
 * would hold them open for as long as it runs — the case, the agent's restart and agentready's
 * own exit waiting on it.
 */
export const PIPES_AFTER_EXIT_MS = 1000;

/** The log line that says the process's `held` pipes (`stdout and stderr`) were no longer read. */
export function pipesHeldNote(held: string): string {
  return `[agentready] ${held} stayed open after the process exited, held by a process it started outside its process group (detached, setsid): not read past ${PIPES_AFTER_EXIT_MS} ms after its exit`;
}

/** How the leader ended: its exit code, or the signal that killed it. */
export interface LeaderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The groups whose processes may still run, with their ids (the leader's pid): killed should
 * agentready exit without stopping them, and listed with the reaper in case it dies outright.
 */
const live = new Map<ProcessGroup, number>();
let exitHooked = false;
/** Kills the groups still listed when agentready's process is gone by any means (POSIX only; started with the first group). */
let reaper: GroupReaper | undefined;

/** Lists a group just started, with the reaper too. */
function track(group: ProcessGroup, pgid: number): void {
  live.set(group, pgid);
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', killLiveGroups);
  }
  if (!OWN_GROUPS) return;
  reaper ??= spawnGroupReaper();
  reaper.add(pgid);
}

/** Forgets a group agentready has just SIGKILLed itself: the reaper must not kill its id later, which may be someone else's by then. */
function forget(group: ProcessGroup): void {
  const pgid = live.get(group);
  if (pgid === undefined) return;
  live.delete(group);
  reaper?.remove(pgid);
}

/** Kills every group still running when agentready's process exits (a crash, an exit mid-run). */
function killLiveGroups(): void {
  for (const group of live.keys()) {
    group.signal('SIGKILL');
    forget(group);
  }
}

export class ProcessGroup {
  /** Settles when the leader exits (not when its output ends: what it started may hold that open). */
  readonly leaderExited: Promise<LeaderExit>;
  /** How the leader ended, once it has. */
  leaderExit: LeaderExit | undefined;
  private killTimer: NodeJS.Timeout | undefined;

  /**
   * Tracks `child`, just spawned with `OWN_GROUP_SPAWN`. `killAfterMs`: after `terminate`'s
   * SIGTERM, the SIGKILL comes this much later. `reapWhenLeaderExits`: whatever the leader left
   * running in its group is killed as soon as it exits (otherwise at `stop`).
   */
  constructor(
    private readonly child: Pick<ChildProcess, 'pid' | 'kill' | 'once' | 'exitCode' | 'signalCode'> & { stdout?: Readable | null; stderr?: Readable | null },
    private readonly options: {
      killAfterMs: number;
      reapWhenLeaderExits: boolean;
      /**
       * Called when the leader's stdout or stderr is still open `PIPES_AFTER_EXIT_MS` after it
       * exited, just before they are destroyed (no 'end' comes then): `held` names them.
       */
      onPipesHeld?: (held: string) => void;
    },
  ) {
    // A child that never started (no such program) has no pid, and no exit event comes.
    if (child.pid === undefined) {
      this.leaderExit = { code: null, signal: null };
      this.leaderExited = Promise.resolve(this.leaderExit);
      return;
    }
    track(this, child.pid);
    this.leaderExited = new Promise((resolve) => {
      child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
        this.leaderExit = { code, signal };
        clearTimeout(this.killTimer);
        if (this.options.reapWhenLeaderExits) this.reap();
        // Nothing of the group is left: its id may go to another process, which the reaper must not hit.
        else if (!this.anyLeft()) forget(this);
        this.releasePipesLater();
        resolve(this.leaderExit);
      });
    });
  }

  /** SIGTERM to the group; SIGKILL `killAfterMs` later if the leader still runs. */
  terminate(): void {
    if (this.leaderExit !== undefined) return;
    this.signal('SIGTERM');
    this.killTimer ??= setTimeout(() => this.signal('SIGKILL'), this.options.killAfterMs);
  }

  /** Ends the group: `terminate` unless the leader is gone, then once it is, kills what it left. */
  async stop(): Promise<void> {
    this.terminate();
    await this.leaderExited;
    this.reap();
  }

  /** Sends `signal` to every process of the group (to the leader alone on Windows). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (OWN_GROUPS) process.kill(-pid, signal);
      else if (this.leaderExit === undefined) this.child.kill(signal);
    } catch {
      // Nothing of the group is left.
    }
  }

  /** Whether a process of the group still runs, its leader gone (on Windows, where it is the leader alone: no). */
  private anyLeft(): boolean {
    const pid = this.child.pid;
    if (!OWN_GROUPS || pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch (error) {
      // EPERM: a process of the group runs as another user.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  /** The leader is gone: its stdout and stderr still open `PIPES_AFTER_EXIT_MS` later are held by something outside the group, and destroyed. */
  private releasePipesLater(): void {
    const pipes = { stdout: this.child.stdout, stderr: this.child.stderr };
    const open = () => Object.entries(pipes).filter(([, pipe]) => pipe != null && !pipe.destroyed);
    if (open().length === 0) return;
    // Unreferenced: the pipes keep the process alive while they are open, and nothing need wait once they closed.
    setTimeout(() => {
      const held = open();
      if (held.length === 0) return;
      this.options.onPipesHeld?.(held.map(([name]) => name).join(' and '));
      for (const [, pipe] of held) pipe?.destroy();
    }, PIPES_AFTER_EXIT_MS).unref();
  }

  /** The leader is gone; what it started and left in the group is not: SIGKILL, and forget the group. */
  private reap(): void {
    if (!live.has(this)) return;
    if (OWN_GROUPS) this.signal('SIGKILL');
    forget(this);
  }
}
