/**
 * Which of a stdio agent process's runs (stdio-process.ts) a message from the agent belongs to: a
 * call or usage report by its trace_id, to a run in flight, or to one answered last (then late); a
 * bad line on stdout, to the one run it can be blamed on (stdio-flights.ts). What belongs to no
 * run is counted for the warnings at the run's end.
 */
import type { InFlightMap } from '../common/in-flight-map.js';
import type { AgentLog } from './agent-log.js';
import type { JsonRpcPeer, ProtocolProblem } from './jsonrpc.js';
import { UnattributedProblems } from './stdio-errors.js';
import { blameProblem } from './stdio-flights.js';
import { hostHandlers, LANDED_KEPT, LandedRuns, lateUsageWarning, StrayUsage, type RoutedRun } from './stdio-host.js';
import type { Flight } from './stdio-process-types.js';

export interface FlightRoutingOptions {
  /** The process's runs in flight, by trace id. */
  flights: InFlightMap<string, Flight>;
  log: AgentLog;
  /** The process's peer (made after the routing's handlers). */
  peer: () => JsonRpcPeer;
  pid: () => number | undefined;
  /** A run failed for a bad line: the agent is told, and restarted if it never answers. */
  abandon: (flight: Flight) => void;
}

export class FlightRouting {
  /** Protocol problems no single run could be blamed for, for the end-of-run warning. */
  readonly unattributed = new UnattributedProblems();
  #lateUsage = 0;
  readonly #strayUsage = new StrayUsage();
  /** The runs answered last: a usage report sent after its answer is told late, not of an unknown run. */
  readonly #landed = new LandedRuns();

  constructor(private readonly options: FlightRoutingOptions) {}

  /** The peer's handlers of the agent's requests and notifications. */
  handlers(): ReturnType<typeof hostHandlers> {
    return hostHandlers({ runFor: (traceId) => this.runFor(traceId), answered: (run) => this.answeredUnlanded(run), noise: (message) => this.options.log.note(message), quote: this.options.log.quote, onLateUsage: () => this.#lateUsage++, onStrayUsage: (traceId) => this.#strayUsage.add(traceId) });
  }

  /**
   * The request ids of the runs landed last and their cases (LANDED_KEPT at most, as a ring: two
   * writes a run), so a second answer to a run names its case.
   */
  readonly #landedRequests = new Array<number | undefined>(LANDED_KEPT).fill(undefined);
  readonly #landedCases = new Array<string | undefined>(LANDED_KEPT).fill(undefined);
  #nextLanded = 0;

  /** The run of `flight` was answered (or failed): what comes for it from now on is late. */
  landed(flight: Pick<Flight, 'traceId' | 'caseId' | 'requestId'>): void {
    this.#landed.add(flight.traceId);
    this.#landedRequests[this.#nextLanded] = flight.requestId;
    this.#landedCases[this.#nextLanded] = flight.caseId;
    this.#nextLanded = this.#nextLanded === LANDED_KEPT - 1 ? 0 : this.#nextLanded + 1;
  }

  /**
   * `the run of case <id>` for the request id of a run answered here lately (landed, or answered in the chunk
   * being read, whose run lands a microtask later), else undefined.
   */
  answeredRun(requestId: number): string | undefined {
    for (const flight of this.options.flights.values()) if (flight.requestId === requestId) return `the run of case ${flight.caseId}`;
    const at = this.#landedRequests.indexOf(requestId);
    return at === -1 ? undefined : `the run of case ${this.#landedCases[at] ?? ''}`;
  }

  /** Whether the run of `traceId` is in flight here, or among the runs it answered last: a conversation's later turn comes back to it. */
  holds(traceId: string): boolean {
    return this.options.flights.has(traceId) || this.#landed.runFor(traceId) !== undefined;
  }

  /** A bad line on stdout (not stdout ending mid-line) fails the one run in flight it can be blamed on; with several it cannot be attributed. */
  onProblem(problem: ProtocolProblem): void {
    // A run whose answer this read held (the line came after it in the same chunk) is no longer in flight, though it lands a microtask later.
    const active = [...this.options.flights.values()].filter((flight) => !flight.settled && !this.answeredUnlanded(flight));
    const blamed = blameProblem({ problem, active });
    if (blamed === undefined) {
      this.options.log.note(`${problem.message}: "${problem.excerpt}"`);
      // Not one case's fault, so no case fails for it; the run still says so at its end.
      this.unattributed.add({ pid: this.options.pid(), inFlight: active.length, problem });
      return;
    }
    blamed.flight.fail(blamed.error);
    this.options.abandon(blamed.flight);
  }

  /** Protocol problems no single case could be blamed for, and usage that came too late to count or named no case. */
  warnings(redactText?: (text: string) => string): string[] {
    return [...this.unattributed.list(), ...[lateUsageWarning(this.#lateUsage), this.#strayUsage.warning(redactText)].filter((warning) => warning !== undefined)];
  }

  /** A flight whose answer this read held: no longer pending, though it lands a microtask later. */
  private answeredUnlanded(run: RoutedRun): boolean {
    const { requestId } = run as Flight;
    return requestId !== undefined && !this.options.peer().isPending(requestId);
  }

  /**
   * The run a message from the agent names (marked heard: the agent has read it). One that names none
   * belongs to none, as over http, even with one run in flight: a report sent late for the run answered
   * before it (an MCP agent's, which needs no trace_id for its calls) would be charged to the next.
   */
  private runFor(traceId: string | undefined): RoutedRun | undefined {
    if (traceId === undefined) return undefined;
    const flight = this.options.flights.get(traceId);
    if (flight === undefined) return this.#landed.runFor(traceId);
    flight.heard = true;
    return flight;
  }
}
