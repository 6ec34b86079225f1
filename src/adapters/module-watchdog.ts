/**
 * A module agent that blocks the event loop (`for (;;) {}`, a long synchronous computation)
 * holds agentready's one thread: no time limit, Ctrl-C handler or report can run, and nothing
 * in process can interrupt it. The watchdog, a worker thread started only for the module adapter,
 * sees it: the main thread stamps a heartbeat into shared memory every BEAT_MS (and as each run
 * begins and ends: cases whose promises chain one into the next keep the timer from firing while
 * the loop is not stuck), and notes there
 * which cases are in flight (and whether the module is still being imported). Once the heartbeat
 * is older than the longest case's `timeout_ms` plus GRACE_MS while agent code may run (a case in
 * flight, or the import), the worker prints one line naming the case (the cases, when several
 * were in flight) and ends the process with exit 3 (the one print outside report/ and cli/: the
 * main thread cannot). What had finished is on disk already (results stream to the run folder),
 * so `eval --resume` goes on from there; and once the run folder is known (`recordTo`), the worker
 * first writes the attempts in flight to its `blocked.json` (each slot holds its attempt as JSON,
 * written at `enter`), which `--resume` records as errors (AGENT_BLOCKED) instead of running the
 * case that blocks again. A block with no agent code to blame (agentready's own
 * work between cases, at the run's end) is left alone. Which code ran last is not tracked: an
 * async hook's `before` on every callback cost ~0.014 ms of harness CPU per case, for a line
 * that names one case instead of the few in flight.
 *
 * The user's own code that agentready calls — a tool handler, a custom scorer — can block it the
 * same way: `userCodeWatchdog()`, one for the process, started at the first such call, bounds each
 * call by its case's `timeout_ms` plus GRACE_MS (`guardUserCode`), and its line names the handler
 * or scorer and its case; while such a call runs, a module agent's watchdog (whose tool call may
 * have run the handler) waits a little longer, so the line names the handler, not the agent. Its
 * `blocked.json` (`recordUserCodeBlocks`, for every adapter) names the attempt with the handler or
 * scorer (`by`) and its code, HANDLER_BLOCKED or SCORER_BLOCKED, which `--resume` records.
 */
import type { Worker } from 'node:worker_threads';
import { commandHint } from '../config/command-hint.js';
import { EXIT } from '../errors.js';

/** How often the main thread stamps its heartbeat, and the worker looks at it. */
const BEAT_MS = 250;
/** How long past the longest `timeout_ms` a block is let run before the process ends. */
export const BLOCK_GRACE_MS = 2000;
/** Bytes of a slot's name: a case id (ASCII: letters, digits, `_ . : -`), or a phrase naming a handler or scorer and its case (cut at a character). */
const LABEL_BYTES = 240;
/** Bytes of a slot's attempt as JSON (suite, case id, attempt, fingerprint); one longer is not recorded, and `--resume` runs it again. */
const ATTEMPT_BYTES = 1024;

/** A run of the agent with no slot of its own (no watchdog, or more in flight than slots). */
export const OUTSIDE_CASES = -1;
const UNNAMED_CASE = -3;
/** Case ids named in the line when several were in flight. */
const NAMED_CASES = 5;

/** The shared state's cells: the heartbeat, the limit, and runs in flight (+1 while the module is imported). */
const BEAT = 0;
const LIMIT = 1;
const BUSY = 2;

export class BlockWatchdog {
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly labels: Uint8Array;
  /** Each slot's part of `labels`, made once (a view a case would otherwise allocate). */
  private readonly slotLabels: Uint8Array[];
  private readonly lengths: Int32Array;
  /** Each slot's attempt as JSON, for `blocked.json`. */
  private readonly attempts: { bytes: Uint8Array; slots: Uint8Array[]; lengths: Int32Array };
  private readonly free: number[];
  private readonly origin = Date.now();
  private readonly encoder = new TextEncoder();
  private readonly worker: Worker;
  private readonly beat: NodeJS.Timeout;
  private caseSeen = false;
  private importing = false;

  /**
   * Starts the worker and the heartbeat; `slots` is the most runs in flight at once. Nothing runs
   * until the module's import starts (`importStarts`) or the first `enter`. The user code's
   * (`user: true`): each slot's label a phrase naming the code and its case.
   */
  constructor(input: { slots: number; user?: true }) {
    const slots = input.slots;
    const count = Math.max(1, Math.min(slots, 4096));
    this.labels = new Uint8Array(new SharedArrayBuffer(count * LABEL_BYTES));
    this.slotLabels = Array.from({ length: count }, (_, slot) => this.labels.subarray(slot * LABEL_BYTES, (slot + 1) * LABEL_BYTES));
    this.lengths = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
    this.free = Array.from({ length: count }, (_, index) => count - 1 - index);
    const bytes = new Uint8Array(new SharedArrayBuffer(count * ATTEMPT_BYTES));
    const attemptSlots = Array.from({ length: count }, (_, slot) => bytes.subarray(slot * ATTEMPT_BYTES, (slot + 1) * ATTEMPT_BYTES));
    this.attempts = { bytes, slots: attemptSlots, lengths: new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT)) };
    this.stamp();
    // node:worker_threads loaded here, on first use: the registry imports this module for every
    // adapter, and an eval with the stdio, http or exec adapter starts no worker (1-2 ms of CPU
    // before its first case; config/sync-worker.ts loads it the same way).
    this.worker = new (process.getBuiltinModule('node:worker_threads').Worker)(WATCHER, {
      eval: true,
      workerData: { state: this.state.buffer, labels: this.labels.buffer, lengths: this.lengths.buffer, userCode: userCodeRunning.buffer, attempts: this.attempts.bytes.buffer, attemptLengths: this.attempts.lengths.buffer, attemptBytes: ATTEMPT_BYTES, deferMs: DEFER_MS, origin: this.origin, beatMs: BEAT_MS, labelBytes: LABEL_BYTES, named: NAMED_CASES, exitCode: EXIT.HARNESS, user: input.user === true, resume: commandHint('eval --resume') },
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.beat = setInterval(() => this.stamp(), BEAT_MS).unref();
  }

  /** A module agent's import begins: agent code runs, for at most `startTimeoutMs` (its limit until a case runs). */
  importStarts(startTimeoutMs: number): void {
    if (this.importing) return;
    this.importing = true;
    this.stamp();
    if (!this.caseSeen) Atomics.store(this.state, LIMIT, Math.min(startTimeoutMs + BLOCK_GRACE_MS, 0x7fffffff));
    Atomics.add(this.state, BUSY, 1);
  }

  /** The module's import has ended (loaded or not): until a case runs, no agent code is expected. */
  imported(): void {
    if (!this.importing) return;
    this.importing = false;
    Atomics.sub(this.state, BUSY, 1);
  }

  /**
   * The run of case `caseId` begins: its slot, which names it while its code runs. `attempt`, the
   * attempt as JSON (`BlockedAttemptSchema`), goes to `blocked.json` should the process end.
   */
  enter(caseId: string, { timeoutMs, attempt }: { timeoutMs: number; attempt?: string | undefined }): number {
    const limit = Math.min(timeoutMs + BLOCK_GRACE_MS, 0x7fffffff);
    // The first case's replaces the import's (start_timeout_ms); then the longest case's holds.
    if (limit > this.state[LIMIT]! || !this.caseSeen) this.state[LIMIT] = limit;
    this.caseSeen = true;
    // A run that begins (or ends) is progress: promises chained from case to case may hold the loop from the timer's stamp for longer than one case may block.
    this.stamp();
    Atomics.add(this.state, BUSY, 1);
    const slot = this.free.pop();
    if (slot === undefined) return UNNAMED_CASE;
    const { written } = this.encoder.encodeInto(caseId, this.slotLabels[slot]!);
    this.lengths[slot] = written;
    // One cut short would not parse: left out, it runs again.
    const recorded = attempt === undefined ? undefined : this.encoder.encodeInto(attempt, this.attempts.slots[slot]!);
    this.attempts.lengths[slot] = recorded && recorded.read === attempt!.length ? recorded.written : 0;
    return slot;
  }

  /** The run has ended: its slot is free (what its code does later runs outside any case). */
  leave(slot: number): void {
    if (slot === OUTSIDE_CASES) return;
    this.stamp();
    Atomics.sub(this.state, BUSY, 1);
    if (slot < 0) return;
    this.lengths[slot] = 0;
    this.attempts.lengths[slot] = 0;
    this.free.push(slot);
  }

  /** Where the worker writes the attempts in flight (`BlockedFileSchema`) should it end the process. */
  recordTo(file: string): void {
    this.worker.postMessage({ blockedFile: file });
  }

  stop(): void {
    clearInterval(this.beat);
    void this.worker.terminate().catch(() => undefined);
  }

  private stamp(): void {
    this.state[BEAT] = Date.now() - this.origin;
  }
}

/**
 * How many calls of the user's code run now (`guardUserCode`), shared with every watchdog's worker:
 * a handler runs inside a module agent's tool call, so a block there stops both heartbeats, and the
 * module agent's watchdog waits DEFER_MS more, for the user code's to name the handler.
 */
export const userCodeRunning = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
/** How much longer the module agent's watchdog waits while the user's code runs. */
const DEFER_MS = BEAT_MS * 4;

/**
 * The worker: looks at the heartbeat every beat. Its own output would go through the blocked
 * main thread, so it writes to fd 2 itself; and a worker's process.exit ends only the worker,
 * so it exits the process through WASI's proc_exit (C's exit(), whole process), or, should that
 * fail, with SIGKILL.
 */
const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync, writeFileSync } = require('node:fs');
const { origin, beatMs, labelBytes, named, exitCode, user, resume, deferMs, attemptBytes } = workerData;
const attempts = new Uint8Array(workerData.attempts);
const attemptLengths = new Int32Array(workerData.attemptLengths);
let blockedFile;
parentPort.on('message', (message) => { blockedFile = message.blockedFile; });
const state = new Int32Array(workerData.state);
const userCode = new Int32Array(workerData.userCode);
const labels = new Uint8Array(workerData.labels);
const lengths = new Int32Array(workerData.lengths);
let lastLook = Date.now();
setInterval(() => {
  const now = Date.now();
  const gap = now - lastLook;
  lastLook = now;
  // This thread was held too (the process stopped and continued, the machine starved): look again next beat.
  if (gap > beatMs * 4) return;
  const limit = Atomics.load(state, ${LIMIT});
  const busy = Atomics.load(state, ${BUSY});
  const blocked = now - origin - Atomics.load(state, ${BEAT});
  if (limit === 0 || busy === 0 || blocked <= limit) return;
  // A tool handler or custom scorer runs (in the agent's call, maybe): the user code's watchdog names it.
  if (!user && Atomics.load(userCode, 0) > 0 && blocked <= limit + deferMs) return;
  const cases = [];
  for (let slot = 0; slot < lengths.length; slot++) {
    if (lengths[slot] > 0) cases.push(Buffer.from(labels.subarray(slot * labelBytes, slot * labelBytes + lengths[slot])).toString(user ? 'utf8' : 'latin1'));
  }
  const recorded = [];
  if (blockedFile !== undefined) {
    for (let slot = 0; slot < attemptLengths.length; slot++) {
      if (attemptLengths[slot] > 0) recorded.push(Buffer.from(attempts.subarray(slot * attemptBytes, slot * attemptBytes + attemptLengths[slot])).toString('utf8'));
    }
  }
  let saved = false;
  if (recorded.length > 0) {
    try {
      writeFileSync(blockedFile, '{"format":"agentready-blocked","blocked_ms":' + blocked + ',"in_flight":' + busy + ',"attempts":[' + recorded.join(',') + ']}\\n');
      saved = true;
    } catch {}
  }
  let errorCode = 'AGENT_BLOCKED';
  try { errorCode = JSON.parse(recorded[0]).code || errorCode; } catch {}
  const finished = ' The cases that finished are in the run folder: \`' + resume + '\` ' +
    (!saved ? 'runs the rest' : recorded.length === 1 && busy === 1 ? 'records this case as an error (' + errorCode + ') and runs the rest'
      : 'runs ' + (recorded.length === 1 ? 'this case' : 'these ' + recorded.length + ' cases') + ' one at a time first (one that blocks again is then named alone, and the next --resume records it as an error) and then the rest') +
    ' (exit ' + exitCode + ')\\n';
  const where = cases.length === 0 ? 'while its module loaded'
    : cases.length === 1 ? 'in case ' + cases[0]
    : 'in one of the ' + cases.length + ' cases in flight (' + cases.slice(0, named).join(', ') + (cases.length > named ? ', …' : '') + ')';
  const code = cases.length === 1 ? cases[0] : cases.length === 0 ? 'a tool handler or custom scorer'
    : 'one of the ' + cases.length + ' tool handlers and custom scorers running (' + cases.slice(0, named).join('; ') + (cases.length > named ? '; …' : '') + ')';
  const line = user
    ? 'agentready: ' + code + ' blocked agentready\\'s process for ' + blocked + ' ms: it runs in agentready\\'s process and cannot be stopped once it blocks the event loop (a loop that never ends, a long synchronous computation); make it return or await.' + finished
    : 'agentready: the module agent blocked agentready\\'s process for ' + blocked + ' ms ' + where +
      ': a module agent runs in agentready\\'s process and cannot be stopped; use the stdio adapter for agents that may hang.' +
      (cases.length === 0 ? ' No case ran (exit ' + exitCode + ')\\n' : finished);
  try { writeSync(2, line); } catch {}
  try {
    process.emitWarning = () => undefined;
    const { WASI } = require('node:wasi');
    const wasi = new WASI({ version: 'preview1', returnOnExit: false });
    // (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (memory (export "memory") 0)
    //   (func (export "_start") i32.const <exitCode> call 0))
    const text = (s) => [s.length, ...Buffer.from(s)];
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0,
      1, 8, 2, 96, 1, 127, 0, 96, 0, 0,
      2, 36, 1, ...text('wasi_snapshot_preview1'), ...text('proc_exit'), 0, 0,
      3, 2, 1, 1,
      5, 3, 1, 0, 0,
      7, 19, 2, ...text('memory'), 2, 0, ...text('_start'), 0, 1,
      10, 8, 1, 6, 0, 65, exitCode, 16, 0, 11]);
    wasi.start(new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject()));
  } catch {}
  process.kill(process.pid, 'SIGKILL');
}, beatMs);
`;
