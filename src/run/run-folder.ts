/**
 * The run folder, `.agentready/runs/<run-id>/`: results.jsonl, traces.jsonl and
 * policy-decisions.jsonl are appended with synchronous writes as each case ends, so a
 * killed run loses nothing that had finished; summary.json is written at the end. The cases
 * recorded together (`batch`) go to each file in one write, before anything else runs.
 * blocked.json, written by a module agent's watchdog as it ends a blocked process, names the
 * attempts then in flight (`readBlocked`), which `--resume` records as errors.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BlockedFileSchema, type BlockedFile, type CaseResult, type PolicyDecision, type ResultsHeader, type RunSummaryFile, type Trace } from '../config/schema/index.js';
import { shownFolder, shownPath } from '../config/shown-path.js';
import { isSymbolicLink } from '../config/symlink.js';
import { describeUnwritable, whyUnwritable } from '../common/writable.js';
import { DiskError, EXIT, UsageError } from '../errors.js';
import { diskRefusal } from '../common/disk-refusal.js';
import { commandHint } from '../config/command-hint.js';
import { noteRunOpened } from '../common/run-opened.js';
import { claimRun, markRunning, RUNNING_FILE } from './run-lock.js';
import { jsonText, safeJsonText } from '../common/sanitize.js';
import { writeWholeFile } from '../common/write-whole.js';
import { LF } from '../config/char-codes.js';

import { BLOCKED_FILE, DECISIONS_FILE, RESULTS_FILE, SUMMARY_FILE, TRACES_FILE } from './run-files.js';

export { BLOCKED_FILE, DECISIONS_FILE, RESULTS_FILE, SUMMARY_FILE, TRACES_FILE };

/** The attempts in flight when a module agent blocked the run's process (blocked.json); undefined when none did, or the file does not parse (written as the process ended). */
export function readBlocked(dir: string): BlockedFile | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, BLOCKED_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = BlockedFileSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** blocked.json's attempts are recorded (results.jsonl): it is done with. */
export function dropBlocked(dir: string): void {
  rmSync(join(dir, BLOCKED_FILE), { force: true });
}

export class RunFolder {
  readonly #fds: { results: number; traces: number; decisions: number };
  /** Each file's name, by descriptor, for the disk's refusal of a write to it. */
  readonly #names: Map<number, string>;
  /** Whether `eval --resume` goes on in this folder (an eval's run), for what a refused write says to do. */
  readonly #resumable: boolean;
  #closed = false;
  /** Bytes in results.jsonl so far (with the lines a batch holds): where the next result line starts. */
  #resultsEnd: number;
  /** While `batch` runs: the lines appended to each file (by descriptor), as the bytes written when it returns. */
  #held: Map<number, LineBytes> | undefined;

  private constructor(readonly dir: string, { fds, resumable }: { fds: { results: number; traces: number; decisions: number }; resumable: boolean }) {
    this.#fds = fds;
    this.#names = new Map([
      [fds.results, RESULTS_FILE],
      [fds.traces, TRACES_FILE],
      [fds.decisions, DECISIONS_FILE],
    ]);
    this.#resumable = resumable;
    this.#resultsEnd = fstatSync(fds.results).size;
    noteRunOpened(dir);
  }

  /** Creates `<root>/<run-id>/` and writes the results header. */
  static create(root: string, header: ResultsHeader): RunFolder {
    const dir = join(root, header.run_id);
    makeRunFolder(dir);
    markRunning(dir);
    const folder = new RunFolder(dir, {
      fds: {
        results: openSync(join(dir, RESULTS_FILE), 'a'),
        traces: openSync(join(dir, TRACES_FILE), 'a'),
        decisions: openSync(join(dir, DECISIONS_FILE), 'a'),
      },
      // An eval's run; not a merge's, a replay's nor a scoring of traces (no selection).
      resumable: header.selection !== undefined && header.merged_from === undefined && header.replay_of === undefined,
    });
    folder.#resultsEnd += folder.#append(folder.#fds.results, header);
    return folder;
  }

  /**
   * Opens an existing run folder to go on appending (`--resume`). A line a killed run left
   * without its newline is cut off first, so the next line starts whole.
   */
  static reopen(dir: string): RunFolder {
    claimRun(dir);
    const open = (name: string) => {
      const path = join(dir, name);
      if (existsSync(path)) dropPartialLine(path);
      return openSync(path, 'a');
    };
    return new RunFolder(dir, { fds: { results: open(RESULTS_FILE), traces: open(TRACES_FILE), decisions: open(DECISIONS_FILE) }, resumable: true });
  }

  /** Appends one result line; returns where it sits in results.jsonl, to read it back (StoredResults). */
  appendResult(result: CaseResult): { offset: number; length: number } {
    const offset = this.#resultsEnd;
    const length = this.#append(this.#fds.results, result);
    this.#resultsEnd += length;
    return { offset, length };
  }

  appendTrace(trace: Trace): void {
    this.#append(this.#fds.traces, trace);
  }

  appendDecision(decision: PolicyDecision): void {
    this.#append(this.#fds.decisions, decision);
  }

  /**
   * Runs `appendAll`; the lines it appends are written when it returns (even if it throws), one
   * write per file instead of one per line. A write error is thrown from here.
   */
  batch(appendAll: () => void): void {
    if (this.#held) return appendAll();
    const held = new Map<number, LineBytes>();
    this.#held = held;
    try {
      appendAll();
    } finally {
      this.#held = undefined;
      if (!this.#closed) for (const [fd, bytes] of held) this.#write(fd, bytes);
    }
  }

  /**
   * Closes the streams. running.json stays: summary.json, written after (the lifecycle), is the folder's last
   * write, and a `--resume` begun before it would take the run for interrupted; `releaseRun` clears it then.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const fd of Object.values(this.#fds)) closeSync(fd);
  }

  // Writes one JSON line whole (or holds it for the batch), as jsonText writes it (LineBytes.add); returns its length in bytes.
  #append(fd: number, value: unknown): number {
    if (this.#closed) return 0;
    const json = JSON.stringify(value);
    if (this.#held === undefined) return this.#write(fd, LineBytes.one(json));
    let held = this.#held.get(fd);
    if (held === undefined) this.#held.set(fd, (held = LineBytes.batch()));
    return held.add(json);
  }

  // Writes the lines to the file; the disk's refusal (full, read-only…) as a DiskError naming the file.
  #write(fd: number, bytes: LineBytes): number {
    try {
      return bytes.writeTo(fd);
    } catch (error) {
      throw refusedWrite({ file: join(this.dir, this.#names.get(fd)!), error, resumeId: this.#resumable ? basename(this.dir) : undefined });
    }
  }
}

/**
 * The disk's refusal of a write to `file` of a run folder, as a DiskError (exit 3) naming the file, why, and
 * how the run goes on: `eval --resume` in it (`resumeId`, an eval's run), or the command run again. Any other error as it came.
 */
export function refusedWrite({ file, error, resumeId }: { file: string; error: unknown; resumeId: string | undefined }): unknown {
  const why = diskRefusal(error);
  if (why === undefined) return error;
  const next = resumeId === undefined ? 'run the command again' : `\`${commandHint(`eval --resume ${resumeId}`)}\` goes on`;
  return new DiskError(`could not write ${shownPath(file)}: ${why}; the cases that finished are in the run folder: once the disk takes writes again, ${next} (exit ${EXIT.HARNESS})`, { cause: error });
}

/**
 * Makes the run folder `dir`. One that cannot be made for what the project holds (a file named
 * `.agentready`, or `.agentready/runs`, where the folders go; no permission) is the user's to fix,
 * exit 2, naming the path; any other failure of the disk is thrown as it came.
 */
function makeRunFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const problem = whyUnwritable(dir);
    if (problem === undefined || problem.kind === 'folder') throw error;
    const hint = problem.kind === 'not_a_folder' ? `move or remove ${shownPath(problem.at)}: agentready keeps its run folders in ${shownFolder(dirname(dir))}` : undefined;
    throw new UsageError(`cannot make the run folder ${shownPath(dir)}: ${describeUnwritable(problem, (at) => shownPath(at))}`, hint);
  }
}

/**
 * Lines of JSON text as the UTF-8 bytes a file gets, each encoded once, straight from the flat
 * string JSON.stringify made, into one buffer reused from write to write (writes are
 * synchronous): no string per line (`${json}\n`, a concatenation writeSync flattened, a copy)
 * and none per batch (a join, another), and the bytes counted by the encoding itself. A batch's
 * lines share the buffer of their file; a line written alone (a policy decision during its
 * case) has its own, as a batch may be holding lines in the others.
 */
class LineBytes {
  /** Buffers kept from write to write: one for each file a batch holds lines of, and one for a line alone. */
  static readonly #kept: Buffer[] = [];
  #bytes: Buffer;
  #length = 0;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Lines held for one file in a batch. */
  static batch(): LineBytes {
    return new LineBytes(LineBytes.#kept.pop() ?? Buffer.allocUnsafe(INITIAL_LINE_BYTES));
  }

  /** One line, written at once. */
  static one(json: string): LineBytes {
    const line = LineBytes.batch();
    line.add(json);
    return line;
  }

  /**
   * Adds `json` (JSON.stringify's text) made safe to show as jsonText makes it (`safeJsonText`), and
   * a newline; returns the line's length in bytes. Every character safeJsonText escapes but DEL
   * (0x7f) is past ASCII, so a line encoded in as many bytes as it has characters (nearly every
   * line) holds none of those: the encoding says so, and only DEL is looked for (one indexOf).
   */
  add(json: string): number {
    let written = this.#put(json);
    if (written !== json.length || json.includes('\x7f')) {
      const safe = safeJsonText(json);
      if (safe !== json) written = this.#put(safe);
    }
    this.#bytes[this.#length + written] = LF;
    this.#length += written + 1;
    return written + 1;
  }

  // Encodes `text` after the lines held (not yet counted), room for it and a newline made first; returns its length in bytes.
  #put(text: string): number {
    // UTF-8 takes at most 3 bytes for each UTF-16 code unit (a surrogate pair: 4 for 2).
    const most = this.#length + text.length * 3 + 1;
    if (most > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(most, this.#bytes.length * 2));
      this.#bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = grown;
    }
    return this.#bytes.write(text, this.#length);
  }

  /** Writes the lines whole (a short write, rare on a file, goes on from where it stopped) and gives the buffer back for the next lines; returns their length in bytes. */
  writeTo(fd: number): number {
    try {
      for (let written = 0; written < this.#length; ) written += writeSync(fd, this.#bytes, written, this.#length - written);
    } finally {
      // A buffer grown past what cases write is let go rather than kept for the run.
      if (this.#bytes.length <= KEPT_LINE_BYTES) LineBytes.#kept.push(this.#bytes);
    }
    return this.#length;
  }
}
const INITIAL_LINE_BYTES = 16 * 1024;
const KEPT_LINE_BYTES = 1024 * 1024;

/**
 * Writes summary.json into a run folder (after the streams are closed), whole or not at all: a
 * file written in place and cut short (a full disk, a kill between its open and its write) made a
 * finished run's folder damaged for every reader, `--resume` too; without one the run reads as
 * not finished, and `--resume` ends it.
 */
export function writeSummaryFile(dir: string, summary: RunSummaryFile): void {
  writeWholeFile(join(dir, SUMMARY_FILE), `${jsonText(summary, 2)}\n`);
}

/**
 * The files of a run folder that are symbolic links (a dangling one too). agentready writes none;
 * a folder copied from elsewhere (a CI artifact, a tar) may hold one pointing at any file of the
 * user's, which going on in the folder (`reopen`, `writeSummaryFile`, running.json taken over)
 * would append to, cut the last line of, or overwrite.
 */
export function linkedRunFiles(dir: string): string[] {
  return [RESULTS_FILE, TRACES_FILE, DECISIONS_FILE, SUMMARY_FILE, BLOCKED_FILE, RUNNING_FILE].filter((name) => isSymbolicLink(join(dir, name)));
}

/** Truncates a JSONL file after its last newline. */
function dropPartialLine(path: string): void {
  const text = readFileSync(path);
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  truncateSync(path, text.lastIndexOf(0x0a) + 1);
}
