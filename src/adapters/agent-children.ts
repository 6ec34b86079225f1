/**
 * The processes a module agent starts. It runs in agentready's process, so what it spawns is
 * agentready's child, in agentready's process group: nothing stopped it, and it ran on after
 * `eval` exited (an MCP server over stdio, a browser, a `sleep 1000 &`). While a module adapter is
 * in use, a child spawned in an agent context (module-output.ts's AgentScope: a case, the import,
 * `shutdown`) is started as the leader of a process group of its own (POSIX) and tracked as a
 * `ProcessGroup`, as every process agentready starts itself: what it and its own children left
 * running is stopped when the adapter stops, killed when agentready exits, and by the group reaper
 * should agentready die outright. A process that leaves its group by `setsid` (a daemon) cannot be
 * followed without cgroups. Windows has no groups: nothing changes there.
 */
import { ChildProcess } from 'node:child_process';
import { currentAgentScope, outsideAgentScope } from './module-output.js';
import { OWN_GROUP_SPAWN, ProcessGroup, SIGKILL_AFTER_MS } from './process-group.js';
import { whileUsed } from './while-used.js';

/** Groups the children agent code spawns until the returned function is called (the last caller's call gives spawning back, and stops the groups still led). */
export const groupAgentChildren: () => () => void = whileUsed(install);

type Spawn = (this: ChildProcess, options: { detached?: boolean }) => unknown;

function install(): () => void {
  if (!OWN_GROUP_SPAWN.detached) return () => undefined;
  // The one door of spawn, exec, execFile and fork (execa's too): the options as normalised, before the process starts.
  const proto = ChildProcess.prototype as unknown as { spawn: Spawn };
  const spawn = proto.spawn;
  const leading = new Set<ProcessGroup>();
  const grouped: Spawn = function (options) {
    if (currentAgentScope() === undefined) return spawn.call(this, options);
    options.detached = true;
    const started = spawn.call(this, options);
    if (this.pid !== undefined) {
      // agentready's own code: the group reaper it may spawn is not the agent's child.
      const group = outsideAgentScope(() => new ProcessGroup(this, { killAfterMs: SIGKILL_AFTER_MS, reapWhenLeaderExits: false }));
      leading.add(group);
      // What an exited leader left in its group stays listed with process-group.ts: killed when agentready exits.
      void group.leaderExited.then(() => leading.delete(group));
    }
    return started;
  };
  proto.spawn = grouped;
  return () => {
    // Someone replaced it after us: theirs stays.
    if (proto.spawn === grouped) proto.spawn = spawn;
    for (const group of leading) void group.stop();
  };
}
