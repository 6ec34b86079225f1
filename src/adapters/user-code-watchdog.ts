/**
 * The process's watchdog over the user's own code agentready calls in its process (a tool
 * handler's call, a custom scorer's): one `BlockWatchdog` started at the first such call, its
 * slots naming the handler or scorer and its case, and the run folder's blocked.json it writes to.
 */
import { DEFAULT_RUN } from '../config/defaults.js';
import type { InFlightAttempt, UserCodeBlockedCode } from '../config/schema/blocked.js';
import { BlockWatchdog, userCodeRunning } from './module-watchdog.js';

/** What names a call of the user's code to its watchdog, and its case's time limit. */
export interface UserCodeGuard {
  label: string;
  timeoutMs: number | undefined;
  /** The attempt it runs for, and the code `--resume` records it with should the call block the process (blocked.json). */
  blame?: { attempt: InFlightAttempt; code: UserCodeBlockedCode } | undefined;
}

/** Slots of the user code's watchdog: handlers and scorers running at once past these are counted, not named. */
const USER_CODE_SLOTS = 64;
let userCode: BlockWatchdog | undefined;
/** The run folder's blocked.json, once known (`recordUserCodeBlocks`). */
let userCodeBlockedFile: string | undefined;

/** The process's watchdog over tool handlers and custom scorers, started at its first use (a worker thread: most runs call neither). */
export function userCodeWatchdog(): BlockWatchdog {
  if (!userCode) {
    userCode = new BlockWatchdog({ slots: USER_CODE_SLOTS, user: true });
    if (userCodeBlockedFile !== undefined) userCode.recordTo(userCodeBlockedFile);
  }
  return userCode;
}

/** Where the user code's watchdog writes the attempt whose handler or scorer blocked the process (`BlockedFileSchema`), for `eval --resume` to record as an error. */
export function recordUserCodeBlocks(file: string): void {
  userCodeBlockedFile = file;
  userCode?.recordTo(file);
}

/**
 * Runs the user's code `run` (a tool handler's call, a custom scorer's) under the user code's
 * watchdog: should it block the event loop past `timeoutMs` (the default `timeout_ms` when its
 * case gives none) plus the grace, the process ends naming `label` ("the tool handler of lookup
 * in case a") instead of hanging for ever.
 */
export async function guardUserCode<T>(guard: UserCodeGuard, run: () => Promise<T>): Promise<T> {
  const watchdog = userCodeWatchdog();
  const attempt = guard.blame && JSON.stringify({ ...guard.blame.attempt, code: guard.blame.code, by: guard.label });
  const slot = watchdog.enter(guard.label, { timeoutMs: guard.timeoutMs ?? DEFAULT_RUN.timeout_ms, attempt });
  Atomics.add(userCodeRunning, 0, 1);
  try {
    return await run();
  } finally {
    Atomics.sub(userCodeRunning, 0, 1);
    watchdog.leave(slot);
  }
}
