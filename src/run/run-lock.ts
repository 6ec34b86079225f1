/**
 * Which agentready process is writing a run folder: `running.json` (its pid, host and, where /proc
 * tells, when it started: a pid the system gave another process since is not it), written as the
 * folder is made or reopened and removed after its last write (summary.json, `releaseRun`). A second `eval --resume` of a run still
 * running would run its unfinished cases again beside it, into the same files. A folder a killed
 * process left it in (SIGKILL: no code of its runs), or copied from another machine, is running in none.
 */
import { linkSync, lstatSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { commandHint } from '../config/command-hint.js';
import { UsageError } from '../errors.js';

export const RUNNING_FILE = 'running.json';

/** What running.json holds: the writer's pid, host and, where /proc tells, start. */
export interface RunNote {
  pid: number;
  host: string;
  started: number | undefined;
}

/** This process's note. */
function ownNote(): RunNote {
  return { pid: process.pid, host: hostname(), started: startedAt(process.pid) };
}

/** Notes that this process writes the run folder `dir`, a new one (a folder going on is claimed: `claimRun`). */
export function markRunning(dir: string): void {
  writeFileSync(join(dir, RUNNING_FILE), noteText(ownNote()));
}

/** Times a claim looks again after taking a note over (each time another claim wrote one between). */
const CLAIM_TRIES = 4;

/**
 * Notes that this process goes on in the run folder `dir`, unless another agentready does (two `--resume`s
 * begun at once: planResume's check came before either wrote): a UsageError then. One a killed process left is
 * taken over (`takeOver`), and only that one: a note another claim wrote since is put back, and looked at again.
 * `as` and `beforeTakeover` are for tests, which play two claims in an order they choose.
 */
export function claimRun(dir: string, options: { as?: RunNote; beforeTakeover?: () => void } = {}): void {
  const text = noteText(options.as ?? ownNote());
  for (let tries = 0; tries < CLAIM_TRIES; tries++) {
    try {
      return writeFileSync(join(dir, RUNNING_FILE), text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = readNote(join(dir, RUNNING_FILE));
    // Gone since (another claim took it over): try again.
    if (seen === undefined) continue;
    const pid = elsewhere(holderOf(seen));
    if (pid !== undefined) throw stillRunning({ id: basename(dir), pid });
    options.beforeTakeover?.();
    takeOver(dir, seen);
  }
  throw new UsageError(`run ${basename(dir)} could not be taken over: its running.json was written again each time it was looked at`, `run \`${commandHint(`eval --resume ${basename(dir)}`)}\` again`);
}

// Removes running.json if it still holds `seen` (judged left by a killed process). Moved aside first (one rename:
// of two claims that judged it, one moves it): what was moved is the judged note, removed, or one another claim wrote
// since, put back (a link: never over a third claim's). Three claims at one instant can still meet; two cannot.
function takeOver(dir: string, seen: string): void {
  const file = join(dir, RUNNING_FILE);
  const aside = join(dir, `${RUNNING_FILE}.${process.pid}.taken`);
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readNote(aside) !== seen) linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

function noteText(note: RunNote): string {
  return `${JSON.stringify(note)}\n`;
}

/** The refusal to go on in run `id` while agentready `pid` writes it. */
export function stillRunning({ id, pid }: { id: string; pid: number }): UsageError {
  return new UsageError(
    `run ${id} is still running: agentready (pid ${pid}) is writing it, and going on beside it would run its unfinished cases a second time`,
    `wait for it to end, or stop it (Ctrl-C) and then \`${commandHint(`eval --resume ${id}`)}\``,
  );
}

/** This process no longer writes the run folder `dir` (after its summary.json, or a session that failed before one). */
export function releaseRun(dir: string): void {
  try {
    const holder = readHolder(dir);
    // unlinkSync, not rmSync: Node 20's rmSync loads its rimraf module, compiled from source under
    // the command's V8 flags (run/heap.ts), at the end of every run (~1 ms of CPU).
    if (holder?.pid === process.pid) unlinkSync(join(dir, RUNNING_FILE));
  } catch {
    // The folder went, or cannot be written: there is nothing more to say of it.
  }
}

/** The pid of another agentready process on this machine that is writing the run folder `dir`, if one is. */
export function runningElsewhere(dir: string): number | undefined {
  return elsewhere(readHolder(dir));
}

function elsewhere(holder: RunNote | undefined): number | undefined {
  if (holder === undefined || holder.host !== hostname() || holder.pid === process.pid) return undefined;
  return isAgentready(holder) ? holder.pid : undefined;
}

// The text of the note at `file`, a regular file only: a link (refused by linkedRunFiles) is not followed, nor a FIFO read for ever.
function readNote(file: string): string | undefined {
  try {
    return lstatSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function readHolder(dir: string): RunNote | undefined {
  return holderOf(readNote(join(dir, RUNNING_FILE)));
}

function holderOf(text: string | undefined): RunNote | undefined {
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, host, started } = value as { pid?: unknown; host?: unknown; started?: unknown };
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || typeof host !== 'string') return undefined;
  return { pid, host, started: typeof started === 'number' ? started : undefined };
}

// Whether the holder's pid is a live process that is agentready, where /proc tells: one that started when the
// holder did, and whose command line names agentready. A pid the system gave another process since the holder was
// killed is not (an agent, an editor of agentready.config.yaml: a command line alone may name it).
function isAgentready(holder: RunNote): boolean {
  const { pid } = holder;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startedAt(pid);
  if (started !== undefined && holder.started !== undefined && started !== holder.started) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('agentready');
  } catch {
    return true;
  }
}

// When process `pid` started, in clock ticks after boot (/proc/<pid>/stat's 22nd field; the 2nd, its name in
// parentheses, may hold spaces), where /proc tells.
function startedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isSafeInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
