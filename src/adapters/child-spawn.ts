/**
 * The spawn of a child whose output agentready reads as it comes (a stdio agent, a user
 * simulator): in a process group of its own (`OWN_GROUP_SPAWN`), the config's `env` over
 * agentready's own, and how it ended as one `ExitResult`, settled once it has exited and its
 * output has ended. On POSIX that is `node:child_process` alone: execa brought nothing these
 * spawns need there, and loading it was ~10 ms of the main thread's start-up, right before the
 * suites load (npm run bench). On Windows execa spawns them still: it resolves a command
 * the way a shell would (`npx` is `npx.cmd`, which Node refuses to spawn without a shell).
 * A command that never ran reads as execa says it (`not-started.ts`).
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadedExeca, loadExeca } from './execa-lib.js';
import { userEnv } from '../config/borrowed-env.js';
import type { SpawnFailure } from './not-started.js';
import { OWN_GROUP_SPAWN } from './process-group.js';

/** How a child ended: its exit code or signal, or (neither) why it never ran. */
export type ExitResult = SpawnFailure & { exitCode?: number; signal?: string; failed: boolean };

/** A child spawned with its stdin, stdout and stderr piped, and its end. */
export interface PipedChild {
  process: ChildProcessWithoutNullStreams;
  /** Settles once the child has exited and its stdout and stderr have ended (never rejects). */
  ended: Promise<ExitResult>;
}

/** Whether execa spawns (Windows), rather than node:child_process. */
const THROUGH_EXECA = process.platform === 'win32';
let ready: Promise<unknown> | undefined;

/** Settles when `spawnPiped` may be called: at once on POSIX, once execa is loaded on Windows. */
export function loadSpawner(): Promise<unknown> {
  return (ready ??= THROUGH_EXECA ? loadExeca() : Promise.resolve());
}

/** Spawns `file` with `args` in a group of its own, every stdio piped (`loadSpawner` settled first). */
export function spawnPiped(input: { file: string; args: readonly string[]; cwd: string; env: Record<string, string> | undefined }): PipedChild {
  const { file, args, cwd, env } = input;
  if (THROUGH_EXECA) {
    const subprocess = loadedExeca()(file, args, { cwd, env: { ...userEnv(), ...env }, extendEnv: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, ...OWN_GROUP_SPAWN });
    // Its stdio is piped: streams, not null.
    return { process: subprocess as unknown as ChildProcessWithoutNullStreams, ended: subprocess.then((result) => result as ExitResult) };
  }
  const child = spawn(file, args, { cwd, env: env === undefined ? userEnv() : { ...userEnv(), ...env }, stdio: 'pipe', detached: OWN_GROUP_SPAWN.detached });
  // Read errors of the pipes end them; the exit says what happened. stdin's are its writer's.
  child.stdout.on('error', () => undefined);
  child.stderr.on('error', () => undefined);
  return { process: child, ended: endOf(child, cwd) };
}

/** The child's end: 'close' comes once it has exited (or failed to start) and its pipes have ended. */
function endOf(child: ChildProcess, cwd: string): Promise<ExitResult> {
  let failure: NodeJS.ErrnoException | undefined;
  // A spawn that failed: 'error', then 'close'. Later errors (a kill that failed) change nothing.
  child.on('error', (error: NodeJS.ErrnoException) => (failure ??= error));
  return new Promise((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (child.pid === undefined) {
        resolve({ failed: true, ...(failure?.code === undefined ? {} : { code: failure.code }), originalMessage: withCwdProblem(failure?.message ?? 'the process did not start', cwd) });
        return;
      }
      resolve({ failed: code !== 0, ...(code === null ? {} : { exitCode: code }), ...(signal === null ? {} : { signal }) });
    });
  });
}

/** execa's wording of a spawn from a folder that is not one: its sentence before the spawn's. */
function withCwdProblem(message: string, cwd: string): string {
  try {
    if (statSync(cwd).isDirectory()) return message;
    return `The "cwd" option is not a directory: ${cwd}.\n${message}`;
  } catch (error) {
    return `The "cwd" option is invalid: ${cwd}.\n${(error as Error).message}\n${message}`;
  }
}
