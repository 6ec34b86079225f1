/**
 * One agent process speaking agentready/1 on stdin/stdout: spawn, initialize, runs in flight,
 * cancel, exit and stop. The pool and the queue of waiting runs live in stdio.ts.
 */
import { listenForAbort } from '../common/abort-listeners.js';
import { InFlightMap } from '../common/in-flight-map.js';
import { HarnessError, InternalError } from '../errors.js';
import { RunTimeoutError, type AgentExit, type RunContext } from './adapter.js';
import { AgentLog } from './agent-log.js';
import { errorStack } from './agent-messages.js';
import { NextTurn } from './next-turn.js';
import { runAnswerError } from './stdio-errors.js';
import { failOnExit, SendAgain } from './stdio-flights.js';
import { initializeAgent } from './stdio-start.js';
import type { BatchedWriter } from './batched-writer.js';
import type { JsonRpcPeer, ProtocolProblem } from './jsonrpc.js';
import { JsonRpcError } from './jsonrpc-errors.js';
import type { ProcessGroup } from './process-group.js';
import { exitWithin, spawnRpcChild } from './rpc-child.js';
import type { ExitResult } from './child-spawn.js';
import { OverdueRuns } from './stdio-overdue.js';
import { FlightRouting } from './stdio-routing.js';
import type { AgentProcessOptions, Ending, Flight, ProcessState } from './stdio-process-types.js';
import { METHODS, plainRunResult, RunResultSchema, type AgentInfo, type RunParams, type RunResult } from './protocol.js';
import { readAnswer } from './result-issues.js';

export type { AgentProcessOptions } from './stdio-process-types.js';

export class AgentProcess {
  /** What the agent said in `initialize`; `concurrency` is how many runs it takes at once. */
  info: AgentInfo | undefined;
  readonly exited: Promise<AgentExit>;
  private readonly ended: Promise<ExitResult>;
  private readonly childPid: number | undefined;
  private readonly group: ProcessGroup;
  private readonly peer: JsonRpcPeer;
  private readonly log: AgentLog;
  private readonly flights = new InFlightMap<string, Flight>();
  /** Which run each of the agent's messages belongs to (stdio-routing.ts). */
  private readonly routing: FlightRouting;
  private state: ProcessState = { kind: 'live' };
  private readonly stdin: BatchedWriter;
  /** Answered runs, settled together on the next turn of the event loop. */
  private readonly answered = new NextTurn();
  /** The unfinished line stdout ended with (escaped), quoted when the exit is reported. */
  private partialLine: string | undefined;
  /** Runs past their time limit beside others, unsettled until the process shows it still runs. */
  private readonly overdue = new OverdueRuns<Flight>();
  /**
   * Cancelled runs (cut at their time limit, failed for a bad line on stdout) whose answer has not come: it may never
   * (an agent that ignores `cancel`, an answer that was the bad line), and then the process is restarted. A run handed
   * to it meanwhile would die in that restart, and be charged with it when it was alone in its round: it takes none.
   */
  private cancelling = 0;
  /** Runs the process has answered (a result or an error): one handed to it after is sent again should it exit unread (stdio-flights.ts `unreadOnExit`). */
  private answers = 0;

  constructor(private readonly options: AgentProcessOptions) {
    this.log = new AgentLog(options.quote);
    this.routing = new FlightRouting({ flights: this.flights, log: this.log, peer: () => this.peer, pid: () => this.pid, abandon: (flight) => this.abandon(flight) });
    const child = spawnRpcChild({
      command: options.command,
      cwd: options.cwd,
      env: options.env,
      log: this.log,
      what: 'stdio target',
      // The process wrote on stdout: the runs past their time limit time out, and it takes runs again.
      onOutput: () => this.overdue.heard() && this.options.onSlotFree(),
      // Its runs can be answered no more: they are the harness's errors now, not timeouts, and the process is started again.
      onStdoutClosed: () => this.state.kind === 'live' && this.end({ reason: 'the agent closed its stdout, where its answers go, but kept running, so it was stopped', blame: 'crash' }),
      peer: {
        ...this.routing.handlers(),
        onProblem: (problem) => this.onProblem(problem),
        answeredRequest: (id) => this.routing.answeredRun(id),
      },
    });
    this.ended = child.ended;
    this.childPid = child.pid;
    this.group = child.group;
    this.peer = child.peer;
    this.stdin = child.stdin;
    this.exited = this.ended.then((result) => this.onGone(result));
  }

  get pid(): number | undefined {
    return this.childPid;
  }

  /** Runs this process can take now. */
  get freeSlots(): number {
    if (!this.info || this.state.kind !== 'live' || this.overdue.silentSinceTimeout || this.cancelling > 0) return 0;
    return this.info.concurrency - this.flights.size;
  }

  /** Sends `initialize`; on any failure the process is killed and AGENT_START thrown. */
  async initialize({ suite, timeoutMs, signal }: { suite: string; timeoutMs: number; signal: AbortSignal }): Promise<AgentInfo> {
    const starting = initializeAgent({
      peer: this.peer,
      suite,
      timeoutMs,
      quote: this.options.quote,
      signal,
      exited: this.exited,
      failure: {
        command: this.options.command,
        cwd: this.options.cwd,
        withTail: (message) => this.log.withTail(message),
        exit: () => this.ended,
        partialLine: () => this.partialLine,
        stdoutNote: () => this.routing.unattributed.beforeStart(),
      },
    });
    // `initialize` goes into the pipe now, not on the next tick: eval begins the start early (EarlyAgent)
    // and goes on loading the run's code in one chain of microtasks, which holds a tick's flush until
    // the session waits for the agent; written now, the agent answers meanwhile.
    this.stdin.flush();
    const started = await starting;
    if (started.kind === 'failed') return this.failStart(started.error);
    this.info = started.info;
    return this.info;
  }

  /**
   * Sends `run` and settles with the agent's answer, or rejects: with the signal's reason when it
   * aborts, with RunTimeoutError after `params.timeout_ms`. The caller checked freeSlots. A run not
   * `resent` already that the process exits without reading settles as `options.runAgain` does.
   */
  run(params: RunParams, { host, signal, resent = false }: RunContext & { resent?: boolean }): Promise<RunResult> {
    if (this.flights.has(params.trace_id)) throw new InternalError(`trace ${params.trace_id} is already in flight`);
    return new Promise<RunResult>((resolve, reject) => {
      const flight: Flight = {
        traceId: params.trace_id,
        caseId: params.case.id,
        host,
        settled: false,
        // Every key a flight gets, at its making: one shape for every flight (a key added later made another).
        heard: false,
        // Sent to a process that had answered a run: should it exit without reading this one, the run goes to another.
        resendable: !resent && this.answers > 0 && params.turn === 1,
        fail: (error) => settle(() => (error instanceof SendAgain ? this.sendAgain({ params, context: { host, signal }, exit: error.exit, settle: { resolve, reject } }) : reject(error))),
        requestId: undefined,
      };
      let stopListening = (): void => undefined;
      const settle = (finish: () => void): void => {
        if (flight.settled) return;
        flight.settled = true;
        stopListening();
        clearTimeout(limit);
        finish();
      };
      const onAbort = (): void => {
        flight.fail(signal.reason);
        this.abandon(flight);
      };
      // The time limit starts now that the agent has the run. A plain timer, not a signal per
      // run: at thousands of runs, AbortController and its listeners were a measurable cost.
      const limit = setTimeout(() => this.overrun(flight, new RunTimeoutError(params.timeout_ms)), params.timeout_ms);
      host.handedOff?.();
      this.addFlight(flight);
      const { id, response } = this.peer.request(METHODS.run, params);
      flight.requestId = id;
      // The flight lands in the reaction that reads the answer (not a finally(): two promises fewer a run).
      response.then(
        (rawReply) => {
          this.answers++;
          try {
            this.read({ flight, rawReply, resolve: (result) => settle(() => resolve(result)) });
          } finally {
            this.land(flight);
          }
        },
        (error: unknown) => {
          if (error instanceof JsonRpcError) this.answers++;
          try {
            // An error answer a turn later too, as a result is: the stack the agent wrote to stderr before it is read first.
            // The stack sent with it (serveStdio's data.stack) is this run's log.
            const stack = error instanceof JsonRpcError ? errorStack(error.data) : [];
            this.log.fileFor(flight.traceId, stack);
            const failure = runAnswerError(error, stack);
            this.answered.add(() => flight.fail(failure));
          } finally {
            this.land(flight);
          }
        },
      );
      if (signal.aborted) onAbort();
      else stopListening = listenForAbort(signal, onAbort);
    });
  }

  /** The agent's answer to `flight`'s run: `resolve`d a turn later, with the other answers of this read, NEXT_TURN_GROUP at a time (NextTurn says why), or the flight's failure. */
  private read({ flight, rawReply, resolve }: { flight: Flight; rawReply: unknown; resolve: (result: RunResult) => void }): void {
    this.options.unknownKeys.note(rawReply, flight.caseId);
    const result = readAnswer(rawReply, { schema: RunResultSchema, plain: plainRunResult, said: 'agent answered run with', invalidUsage: flight.invalidUsage, quote: this.options.quote });
    if (result instanceof HarnessError) return flight.fail(result);
    flight.answered = true;
    this.answered.add(() => resolve(result));
  }

  /**
   * A run this process exited without reading, to another process (`options.runAgain`), settled as that run is. A fresh
   * process that cannot start leaves the case its own exit's error (`exit`): it was sent nowhere else.
   */
  private sendAgain({ params, context, exit, settle }: { params: RunParams; context: RunContext; exit: HarnessError; settle: { resolve: (result: RunResult) => void; reject: (error: unknown) => void } }): void {
    this.options.runAgain(params, context).then(settle.resolve, (again: unknown) => settle.reject(again instanceof HarnessError && again.code === 'AGENT_START' ? exit : again));
  }

  /** Lines of stderr written while the trace was in flight. */
  logFor(traceId: string): string[] {
    return this.log.linesFor(traceId);
  }

  /**
   * Asks the agent to shut down, then SIGTERM after `timeoutMs`, SIGKILL 500 ms later (to its
   * process group: what it started goes too; what it leaves running when it exits is killed).
   */
  async stop(timeoutMs: number): Promise<void> {
    if (this.state.kind === 'gone') return;
    // A process never initialized (spawned early for a run that did not start) is not asked.
    if (this.info === undefined) {
      this.end({ reason: 'agentready stopped the agent', blame: 'none' });
      return void (await this.exited);
    }
    if (this.state.kind === 'live') this.state = { kind: 'ending', reason: 'agentready stopped the agent', blame: 'none' };
    const { response } = this.peer.request(METHODS.shutdown, {});
    // Closing stdin after the answer also ends agents that wait for end of input.
    response.then(() => this.stdin.end(), () => undefined);
    await exitWithin({ exited: this.exited, group: this.group, ms: timeoutMs });
  }

  /** Ends the process now (SIGTERM, then SIGKILL); its runs in flight fail naming `reason`. */
  kill(reason: string): void {
    this.end({ reason, blame: 'none' });
  }

  /** SIGTERM (then SIGKILL); the first reason given is the one the runs in flight are told. */
  private end(ending: Ending): void {
    if (this.state.kind === 'gone') return;
    if (this.state.kind === 'live') this.state = { kind: 'ending', ...ending };
    this.group.terminate();
  }

  private async failStart(error: unknown): Promise<never> {
    this.kill('start-up failed');
    await this.exited;
    throw error;
  }

  /** The run's time limit ran out: it times out now, or once the process shows it runs (stdio-overdue.ts). */
  private overrun(flight: Flight, timeout: RunTimeoutError): void {
    this.overdue.overrun({ run: flight, timeout, inFlight: this.flights.values(), live: this.state.kind === 'live' });
    this.abandon(flight);
  }

  /** A cancelled or failed run: tell the agent, and restart it if it never answers. */
  private abandon(flight: Flight): void {
    // Cancelled once already (its timeout waits, and then it was aborted): the first grace holds.
    if (this.state.kind === 'gone' || !this.flights.has(flight.traceId) || flight.graceTimer !== undefined) return;
    this.peer.notify(METHODS.cancel, { trace_id: flight.traceId });
    this.cancelling++;
    flight.graceTimer = setTimeout(() => {
      this.end({ reason: `agent did not answer the cancelled run ${flight.traceId} within ${this.options.cancelGraceMs} ms, so it was restarted`, blame: 'hang' });
    }, this.options.cancelGraceMs);
  }

  private addFlight(flight: Flight): void {
    this.flights.set(flight.traceId, flight);
    this.log.started(flight.traceId);
  }

  /** The agent answered the run (or the process is gone): its slot is free. */
  private land(flight: Flight): void {
    clearTimeout(flight.graceTimer);
    this.overdue.delete(flight);
    if (this.flights.get(flight.traceId) !== flight) return;
    this.flights.delete(flight.traceId);
    if (flight.graceTimer !== undefined) this.cancelling--;
    this.routing.landed(flight);
    this.log.ended(flight.traceId);
    this.options.onSlotFree();
  }

  /** Whether the run of `traceId` is in flight here, or among the runs it answered last: a conversation's later turn comes back to it. */
  holds(traceId: string): boolean {
    return this.routing.holds(traceId);
  }

  /** A bad line on stdout: stdout ending mid-line is named at the exit, another is routed to the run it can be blamed on. */
  private onProblem(problem: ProtocolProblem): void {
    // stdout ended mid-line: the process is going, and its exit names this line for every run in flight.
    if (problem.kind === 'partial_line') this.partialLine ??= problem.excerpt;
    else this.routing.onProblem(problem);
  }

  /** Protocol problems no single case could be blamed for, and usage that came too late to count. */
  warnings(redactText?: (text: string) => string): string[] {
    return this.routing.warnings(redactText);
  }

  /** The process is gone: fail what was in flight, naming the exit, or send it again (stdio-flights.ts), and tell the pool. */
  private onGone(result: ExitResult): AgentExit {
    const ending = this.state.kind === 'ending' ? this.state : undefined;
    this.state = { kind: 'gone' };
    this.stdin.close();
    const { exit, error } = failOnExit({ flights: [...this.flights.values()], ending, result, log: this.log, partialLine: this.partialLine, stdinError: this.stdin.error });
    this.overdue.timeOutAll();
    this.peer.rejectAll(error);
    this.options.onExit(this, exit);
    return exit;
  }
}
