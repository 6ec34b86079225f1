/**
 * How a call that would end agentready's process reads, as user code running in it made it
 * (`process.exit(7)`, `process.abort()`, `process.kill(process.pid, "SIGKILL")`), and which kills
 * of itself end nothing. Shared by the traps of a module agent's calls (module-faults.ts) and of a
 * tool handler's (environment/handler-exits.ts).
 */
import { cutIndex } from '../common/shorten.js';

/** Signals to itself that end no process, or that user code may send itself for its own handlers: not trapped. */
const HARMLESS_SIGNALS = new Set<string | number>([0, 'SIGWINCH', 'SIGCONT', 'SIGCHLD', 'SIGURG']);

/** `process.exit(<code>)`, the code as Node would take it: `process.exit()` is 0 (or process.exitCode, which agentready sets). */
export function exitCall(code: unknown): string {
  return `process.exit(${exitCodeText(code)})`;
}

/** `process.kill(process.pid, "SIGKILL")` for a kill that would end agentready's own process (its pid, 0 — its group — or minus its pid), else undefined. */
export function ownKillCall(pid: number, signal: string | number | undefined): string | undefined {
  const own = pid === process.pid || pid === 0 || pid === -process.pid;
  if (!own || HARMLESS_SIGNALS.has(signal ?? 'SIGTERM')) return undefined;
  const target = pid === process.pid ? 'process.pid' : String(pid);
  return `process.kill(${target}${signal === undefined ? '' : `, ${typeof signal === 'string' ? JSON.stringify(signal.slice(0, cutIndex(signal, 20))) : String(signal)}`})`;
}

function exitCodeText(code: unknown): string {
  if (code === undefined || code === null) return '';
  const number = Number(code);
  return Number.isInteger(number) ? String(number) : typeof code === 'string' ? JSON.stringify(code.slice(0, cutIndex(code, 40))) : typeof code;
}

/**
 * Makes `process.exit()`, `process.abort()` and a `process.kill()` of agentready's own process ask
 * `claim` first: when it claims the call (made in its user code: it returns what to throw), the
 * call throws that, so the code stops there as it would have; else it goes through as ever.
 * Returns the undo; one that someone replaced after us keeps theirs.
 */
export function trapOwnExits(claim: (call: string) => Error | undefined): () => void {
  const { exit, abort, kill } = process;
  const trappedExit = function (this: unknown, code?: string | number | null): never {
    const stop = claim(exitCall(code));
    if (stop === undefined) return exit.call(process, code);
    throw stop;
  } as typeof process.exit;
  const trappedAbort = function (this: unknown): never {
    const stop = claim('process.abort()');
    if (stop === undefined) return abort.call(process);
    throw stop;
  } as typeof process.abort;
  // eslint-disable-next-line @typescript-eslint/max-params -- process.kill's own (pid, signal), with its `this`
  const trappedKill = function (this: unknown, pid: number, signal?: string | number): true {
    const call = ownKillCall(pid, signal);
    const stop = call === undefined ? undefined : claim(call);
    if (stop === undefined) return kill.call(process, pid, signal);
    throw stop;
  } as typeof process.kill;
  process.exit = trappedExit;
  process.abort = trappedAbort;
  process.kill = trappedKill;
  return () => {
    if (process.exit === trappedExit) process.exit = exit;
    if (process.abort === trappedAbort) process.abort = abort;
    if (process.kill === trappedKill) process.kill = kill;
  };
}
