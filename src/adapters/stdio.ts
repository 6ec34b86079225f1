/**
 * The stdio transport: `run.workers` long-lived agent processes, each taking up to its declared
 * `concurrency` runs at once. Runs wait for a free slot in FIFO order. A process that exits is
 * replaced on demand by a fresh one (once: one that cannot start is not tried again, and the runs
 * left fail with why), so its in-flight cases fail and later cases carry on: the
 * one alone in flight with AGENT_EXITED (unless the process never read it: it is sent again, once),
 * several at once with CollateralCrashError (run/ runs them again, fewer at a time, until the case
 * that crashes is alone). A process stuck past a
 * run's time limit is restarted the same way (stdio-overdue.ts).
 */
import path from 'node:path';
import type { z } from 'zod';
import type { StdioTargetSchema } from '../config/schema/config.js';
import { listenForAbort } from '../common/abort-listeners.js';
import { excerpt } from '../common/shorten.js';
import { HarnessError } from '../errors.js';
import { type Adapter, type AdapterContext, type AgentExit, type RunContext } from './adapter.js';
import { RunResultSchema, type AgentInfo, type RunParams, type RunResult } from './protocol.js';
import { AgentProcess } from './stdio-process.js';
import { loadSpawner } from './child-spawn.js';
import { UnknownResultKeys } from './unknown-result-keys.js';

export type StdioTarget = z.infer<typeof StdioTargetSchema>;

/** How long a cancelled run may stay unanswered before its process is restarted. */
export const CANCEL_GRACE_MS = 2000;
/** Gone processes whose logs stay readable, so `logFor` works after a crash. */
const RETIRED_PROCESSES_KEPT = 8;

export interface StdioAdapterOptions {
  cancelGraceMs?: number;
}

/** A run waiting for a slot. */
interface Waiter {
  /** The process that ran the conversation's earlier turns, while it lives: the run waits for a slot of its own there. */
  home: AgentProcess | undefined;
  start(process: AgentProcess): void;
  fail(error: unknown): void;
}

export class StdioAdapter implements Adapter {
  /** One entry per worker: its process (starting or ready), or null until one is needed. */
  private readonly slots: (AgentProcess | null)[];
  private readonly live = new Set<AgentProcess>();
  private readonly retired: AgentProcess[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly exitListeners: ((exit: AgentExit) => void)[] = [];
  /** Processes `prepare` spawned, per slot, until `start` initializes them. */
  private readonly prepared: (AgentProcess | undefined)[] = [];
  /** The suite named in `initialize`, again to every fresh process. */
  private suite = '';
  /** Aborted by stop(), so processes still starting give up at once. */
  private readonly lifetime = new AbortController();
  private stopped: Promise<void> | undefined;
  /** The worker slots whose process is being started. */
  private readonly launching = new Set<number>();
  /** Why a worker's process could not be started again after one exited during the run: it is not tried again. */
  private restartFailure: HarnessError | undefined;
  /** Runs sent again because their process exited without reading them (AgentProcess.run), for the run's warning. */
  private resends = 0;
  /** Keys of the run results that agentready does not read (a misspelt `outcme`, exec's `tool_calls`), for the run's warnings, as http and exec say them. */
  private readonly unknownKeys = new UnknownResultKeys({ known: Object.keys(RunResultSchema.shape), said: 'the agent answered' });

  constructor(
    private readonly target: StdioTarget,
    private readonly ctx: AdapterContext & StdioAdapterOptions,
  ) {
    this.slots = Array.from({ length: Math.max(1, ctx.workers) }, () => null);
  }

  /** Spawns every worker's process (`loadSpawner` settled first); `start` sends them `initialize`. */
  async prepare(): Promise<void> {
    await loadSpawner();
    if (this.stopped) return;
    this.slots.forEach((_, index) => (this.prepared[index] ??= this.spawn(index)));
  }

  /** Starts every worker; if one fails, the others are stopped and its AGENT_START error thrown. */
  async start(signal: AbortSignal, opening?: { suite: string }): Promise<AgentInfo> {
    // After a pending prepare()'s spawns (their reaction to the load came first): each slot has its process.
    await loadSpawner();
    const startSignal = AbortSignal.any([signal, this.lifetime.signal]);
    const suite = opening?.suite ?? '';
    const started = await Promise.allSettled(this.slots.map((_, index) => this.launch({ index, suite, signal: startSignal })));
    const failed = started.find((result) => result.status === 'rejected');
    const first = started[0];
    if (failed !== undefined || first?.status !== 'fulfilled') {
      await this.stop();
      throw failed?.reason;
    }
    return first.value;
  }

  run(params: RunParams, context: RunContext): Promise<RunResult> {
    return this.send(params, context);
  }

  /** Runs the case on a free slot, or once one frees; `resent`: a run a process exited without reading (AgentProcess.run). */
  private send(params: RunParams, { host, signal, resent }: RunContext & { resent?: boolean }): Promise<RunResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.stopped) return Promise.reject(stoppedError());
    // A conversation's later turn goes back to the process that ran its earlier ones: an agent may
    // keep what it needs per trace_id in that process's memory (SPEC §12).
    const home = params.turn > 1 && this.slots.length > 1 ? this.homeOf(params.trace_id) : undefined;
    // A slot free now and no run waiting before this one: straight to the process, with no waiter
    // and no promise around its run (the usual case: run/ starts no more runs than there are slots).
    const ready = this.waiters.length === 0 ? this.readyFor(home) : undefined;
    if (ready !== undefined) {
      try {
        return ready.run(params, { host, signal, resent });
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<RunResult>((resolve, reject) => {
      const stopListening = listenForAbort(signal, () => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(signal.reason);
      });
      const waiter: Waiter = {
        home,
        start: (process) => {
          stopListening();
          // The process times the run from here: waiting for a slot does not count against timeout_ms.
          try {
            process.run(params, { host, signal, resent }).then(resolve, reject);
          } catch (error) {
            reject(error);
          }
        },
        fail: (error) => {
          stopListening();
          reject(error);
        },
      };
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Sends `shutdown` to every process, then SIGTERM/SIGKILL; resolves once all are gone. */
  stop(): Promise<void> {
    this.stopped ??= this.stopAll();
    return this.stopped;
  }

  logFor(traceId: string): string[] {
    return [...this.retired, ...this.live].flatMap((process) => process.logFor(traceId));
  }

  warnings(redactText?: (text: string) => string): string[] {
    const warnings = [...[...this.retired, ...this.live].flatMap((process) => process.warnings(redactText)), ...this.unknownKeys.warnings()];
    return this.resends === 0 ? warnings : [...warnings, resendWarning(this.resends)];
  }

  onExit(listener: (exit: AgentExit) => void): void {
    this.exitListeners.push(listener);
  }

  /** Process ids of the agent processes alive now (for diagnostics and tests). */
  get pids(): number[] {
    return [...this.live].flatMap((process) => (process.pid === undefined ? [] : [process.pid]));
  }

  /** The process of one worker slot, spawned; not initialized yet. */
  private spawn(index: number): AgentProcess {
    const process = new AgentProcess({
      command: this.target.command,
      cwd: path.resolve(this.ctx.rootDir, this.target.cwd ?? '.'),
      env: this.target.env,
      cancelGraceMs: this.ctx.cancelGraceMs ?? CANCEL_GRACE_MS,
      onExit: (gone, exit) => this.onProcessExit(index, { process: gone, exit }),
      onSlotFree: () => this.pump(),
      runAgain: (params, context) => {
        this.resends++;
        return this.send(params, { ...context, resent: true });
      },
      unknownKeys: this.unknownKeys,
      quote: this.ctx.quote ?? excerpt,
    });
    this.slots[index] = process;
    this.live.add(process);
    return process;
  }

  /**
   * Initializes the process of one worker slot: the one `prepare` spawned (even if it has died
   * since: initialize then reports how), else a fresh one.
   */
  private async launch({ index, suite, signal }: { index: number; suite: string; signal: AbortSignal }): Promise<AgentInfo> {
    const prepared = this.prepared[index];
    this.prepared[index] = undefined;
    const process = prepared ?? this.spawn(index);
    this.slots[index] = process;
    this.suite = suite;
    // Its exit while it starts empties the slot: no other start for it meanwhile.
    this.launching.add(index);
    try {
      const info = await process.initialize({ suite, timeoutMs: this.ctx.startTimeoutMs, signal });
      this.pump();
      return info;
    } catch (error) {
      if (this.slots[index] === process) this.slots[index] = null;
      throw error;
    } finally {
      this.launching.delete(index);
    }
  }

  /** Hands free slots to waiting runs in order, starting a fresh process when a worker has none. */
  private pump(): void {
    if (this.stopped) return;
    // In order, but a turn waiting for its own process's slot lets the runs after it take another's.
    for (let index = 0; index < this.waiters.length; ) {
      const waiter = this.waiters[index] as Waiter;
      const ready = this.readyFor(waiter.home !== undefined && this.slots.includes(waiter.home) ? waiter.home : undefined);
      if (ready !== undefined) {
        this.waiters.splice(index, 1);
        waiter.start(ready);
      } else if (waiter.home === undefined || this.readyProcess() === undefined) break;
      else index++;
    }
    const empty = this.slots.findIndex((process, index) => process === null && !this.launching.has(index));
    if (this.waiters.length === 0 || empty === -1) return;
    if (this.restartFailure !== undefined) {
      // Not tried again: the runs wait for the workers still running, or, with none left, fail with why.
      if (this.live.size === 0) for (const waiter of this.waiters.splice(0)) waiter.fail(this.restartFailure);
      return;
    }
    this.launch({ index: empty, suite: this.suite, signal: this.lifetime.signal }).catch((error: unknown) => {
      // The run that asked for the fresh process gets its start error; the later ones, the same, without a start
      // of their own each (start_timeout_ms apiece, for an agent that cannot start after its crash), as http's target.start.
      if (!this.stopped && error instanceof HarnessError) {
        this.restartFailure = new HarnessError(
          'AGENT_START',
          `the agent process exited during the run and could not be started again, so it is not tried again and the cases after it are not run: ${error.message}`,
          { cause: error },
        );
      }
      this.waiters.shift()?.fail(this.restartFailure ?? error);
      this.pump();
    });
  }

  /** `home` when it has a free slot; without a home, any worker's process with one. */
  private readyFor(home: AgentProcess | undefined): AgentProcess | undefined {
    if (home === undefined) return this.readyProcess();
    return home.freeSlots > 0 ? home : undefined;
  }

  /** The live process that runs or last answered the run of `traceId`, if any. */
  private homeOf(traceId: string): AgentProcess | undefined {
    return this.slots.find((process): process is AgentProcess => process !== null && process.holds(traceId));
  }

  /** A worker's process with a free slot, if any. */
  private readyProcess(): AgentProcess | undefined {
    return this.slots.find((process): process is AgentProcess => process !== null && process.freeSlots > 0);
  }

  private onProcessExit(index: number, { process, exit }: { process: AgentProcess; exit: AgentExit }): void {
    if (this.slots[index] === process) this.slots[index] = null;
    this.live.delete(process);
    this.retired.push(process);
    if (this.retired.length > RETIRED_PROCESSES_KEPT) this.retired.shift();
    for (const listener of this.exitListeners) {
      try {
        listener(exit);
      } catch {
        // A listener's bug must not stop the restart of the pool.
      }
    }
    this.pump();
  }

  private async stopAll(): Promise<void> {
    this.lifetime.abort(stoppedError());
    for (const waiter of this.waiters.splice(0)) waiter.fail(stoppedError());
    await Promise.all([...this.live].map((process) => process.stop(this.ctx.startTimeoutMs)));
  }
}

/** The run's warning for the agent processes that exited by themselves after answering a run, with the next one handed to them unread. */
function resendWarning(count: number): string {
  const cases = count === 1 ? '1 case' : `${count} cases`;
  return `${cases} went to an agent process that then exited by itself (it had answered a run before) with no sign of reading ${count === 1 ? 'it' : 'them'}: each was sent again to a fresh process, and charged with an exit only if it ended that one too (its agent_log says so). An agent that exits after each answer costs a start per case: keep it running until \`shutdown\``;
}

function stoppedError(): HarnessError {
  return new HarnessError('AGENT_EXITED', 'the stdio adapter was stopped before the case could run');
}
