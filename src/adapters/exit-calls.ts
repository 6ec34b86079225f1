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

/** Asked about a call that would end agentready: what to throw when it claims the call, else undefined. */
type Claim = (call: string) => Error | undefined;

/**
 * The claimants of the one trap, the latest first. process.exit, abort and kill are wrapped once,
 * whoever asks: traps released in another order than they were made (a handler call that outlives
 * the agent run that made it) would otherwise leave a stale wrapper behind, one more each time.
 */
const claimants: Claim[] = [];
let installed: { exit: typeof process.exit; abort: typeof process.abort; kill: typeof process.kill; trapped: Pick<NodeJS.Process, 'exit' | 'abort' | 'kill'> } | undefined;

function claimed(call: string): Error | undefined {
  for (const claim of claimants) {
    const stop = claim(call);
    if (stop !== undefined) return stop;
  }
  return undefined;
}

/**
 * Makes `process.exit()`, `process.abort()` and a `process.kill()` of agentready's own process ask
 * `claim` first: when it claims the call (made in its user code: it returns what to throw), the
 * call throws that, so the code stops there as it would have; else the claimants before it are
 * asked, and the call goes through as ever when none claims it. Returns the undo, in any order;
 * the last gives the originals back, unless someone replaced them after us (theirs is kept).
 */
export function trapOwnExits(claim: Claim): () => void {
  claimants.unshift(claim);
  installed ??= install();
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    claimants.splice(claimants.indexOf(claim), 1);
    if (claimants.length > 0 || installed === undefined) return;
    const { exit, abort, kill, trapped } = installed;
    if (process.exit === trapped.exit) process.exit = exit;
    if (process.abort === trapped.abort) process.abort = abort;
    if (process.kill === trapped.kill) process.kill = kill;
    installed = undefined;
  };
}

function install(): NonNullable<typeof installed> {
  const { exit, abort, kill } = process;
  const trapped = {
    exit: function (this: unknown, ...args: [code?: string | number | null]): never {
      const stop = claimed(exitCall(args[0]));
      // As called: Node 20 takes exit(undefined) for exit 0, only exit() for process.exitCode.
      if (stop === undefined) return exit.apply(process, args);
      throw stop;
    } as typeof process.exit,
    abort: function (this: unknown): never {
      const stop = claimed('process.abort()');
      if (stop === undefined) return abort.call(process);
      throw stop;
    } as typeof process.abort,
    // eslint-disable-next-line @typescript-eslint/max-params -- process.kill's own (pid, signal), with its `this`
    kill: function (this: unknown, pid: number, signal?: string | number): true {
      const call = ownKillCall(pid, signal);
      const stop = call === undefined ? undefined : claimed(call);
      if (stop === undefined) return kill.call(process, pid, signal);
      throw stop;
    } as typeof process.kill,
  };
  process.exit = trapped.exit;
  process.abort = trapped.abort;
  process.kill = trapped.kill;
  return { exit, abort, kill, trapped };
}
