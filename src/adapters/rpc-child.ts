/**
 * A child process speaking newline-delimited JSON-RPC 2.0 on stdin and stdout, its stderr filed
 * in a log: the shape of a stdio agent and of a user simulator. Spawned by `child-spawn.ts` in a process
 * group of its own (`ProcessGroup`: what it starts is stopped with it, and what it leaves running
 * when it exits is killed); the caller owns the process's life (its exit, stop and kill).
 */
import { spawnPiped, type ExitResult } from './child-spawn.js';
import { InternalError } from '../errors.js';
import type { AgentLog } from './agent-log.js';
import { JsonRpcPeer, type JsonRpcPeerOptions } from './jsonrpc.js';
import { pipesHeldNote, ProcessGroup, SIGKILL_AFTER_MS } from './process-group.js';
import { BatchedWriter } from './batched-writer.js';

export interface RpcChild {
  /** The process's id (none when it never ran). */
  pid: number | undefined;
  /** Settles once it has exited and its output has ended. */
  ended: Promise<ExitResult>;
  /** Its process group: `terminate()` ends it (SIGTERM, then SIGKILL); what it leaves is killed when it exits. */
  group: ProcessGroup;
  peer: JsonRpcPeer;
  stdin: BatchedWriter;
}

/** How long a process that closed its stdout may take to exit before it is taken to have closed it and stayed. */
export const STDOUT_CLOSED_GRACE_MS = 1000;

/** Starts `command` with its stdout feeding a JsonRpcPeer that writes to its stdin, and its stderr into `log` (`loadSpawner` settled first). */
export function spawnRpcChild(input: {
  command: readonly string[];
  cwd: string;
  env: Record<string, string> | undefined;
  log: AgentLog;
  peer: Omit<JsonRpcPeerOptions, 'write' | 'excerpt'>;
  /** Names the process in the error for an empty command: `stdio target`, `user simulator`. */
  what: string;
  /** Called on every chunk the process writes on stdout, before the peer reads it: a sign the process runs. */
  onOutput?: () => void;
  /** Called when the process closed its stdout and still runs `STDOUT_CLOSED_GRACE_MS` later: it can answer nothing more. */
  onStdoutClosed?: () => void;
}): RpcChild {
  const [file, ...args] = input.command;
  if (file === undefined) throw new InternalError(`${input.what} without a command`);
  const { process: subprocess, ended } = spawnPiped({ file, args, cwd: input.cwd, env: input.env });
  const stdin = new BatchedWriter(subprocess.stdin);
  const peer = new JsonRpcPeer({ write: (line) => stdin.write(line), excerpt: input.log.quote, ...input.peer });
  const stderr = input.log.stderrSplitter();
  const group = new ProcessGroup(subprocess, {
    killAfterMs: SIGKILL_AFTER_MS,
    reapWhenLeaderExits: true,
    // Destroyed, they end no more: what they held is read to its end here.
    onPipesHeld: (held) => {
      peer.end();
      stderr.end();
      input.log.note(pipesHeldNote(held).replace(/^\[agentready\] /, ''));
    },
  });
  const onOutput = input.onOutput;
  subprocess.stdout.on('data', (chunk: Buffer) => {
    onOutput?.();
    peer.feed(chunk);
  });
  subprocess.stdout.on('end', () => {
    peer.end();
    const onStdoutClosed = input.onStdoutClosed;
    if (onStdoutClosed === undefined) return;
    // A process ends its stdout as it exits: one still running a moment later closed it and stayed.
    const timer = setTimeout(() => group.leaderExit === undefined && onStdoutClosed(), STDOUT_CLOSED_GRACE_MS).unref();
    void group.leaderExited.then(() => clearTimeout(timer));
  });
  subprocess.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  subprocess.stderr.on('end', () => stderr.end());
  return { pid: subprocess.pid, ended, group, peer, stdin };
}

/** Waits up to `ms` for a child asked to end (shutdown, its stdin closed) to exit, then ends its group (SIGTERM, then SIGKILL) and waits for the exit. */
export async function exitWithin({ exited, group, ms }: { exited: Promise<unknown>; group: ProcessGroup; ms: number }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  if ((await Promise.race([exited.then(() => 'exited' as const), timedOut])) === 'timeout') group.terminate();
  clearTimeout(timer);
  await exited;
}
