/**
 * One case's model calls at the gateway: number each call, decide it (cap, fault, forward),
 * answer it from the provider or the cassette, and record its usage; in record mode its
 * recording (recording.ts) keeps each call and writes the case's cassette when the case ends.
 */
import type http from 'node:http';
import type { CassetteCall, UsageRecord } from '../../config/schema/index.js';
import { DEFAULT_RETRY_AFTER_MS } from '../faults.js';
import { priceOf, pricedUsage, recordedModel } from '../pricing.js';
import { errorAnswer, send } from './apis.js';
import type { CallBase, GatewayCase, GatewayFailure, GatewaySettings, ModelCall } from './case-types.js';
import { brokenAnswer, refusedKey, tooLargeAnswer, unreachable } from './upstream.js';
import { cassettePath } from './cassette.js';
import { askProvider, ReplayedCalls, type AnswerSource } from './answer-source.js';
import { decideModelCall, type ModelCallDecision } from './decide.js';
import { AnswerBrokeOff, AnswerTooLarge, relay, untilAborted, type Relayed } from './relay.js';
import { usageOfEvents, type Tokens } from './usage.js';
import { CASE_ENDED_ABORT, partialAnswer, startFlight, unfinishedMessage, type Flight } from './flight.js';
import { HardStop } from './hard-stop.js';
import { CassetteRecording } from './recording.js';
import { plural } from '../../common/plural.js';

export type { GatewayCase, GatewayFailure, GatewaySettings, ModelCall } from './case-types.js';

const NOTES_PER_CASE = 20;

export class LiveCase {
  readonly notes: string[] = [];
  #failure: GatewayFailure | undefined;
  /**
   * The forwarded calls' failures to use the provider (upstream.ts) since the last call it answered:
   * the one of the call read first (`seq`), whichever failed first, and how many others failed with
   * it; with how many calls the gateway had read when the last one failed: cleared by a call the
   * provider answered that was read after it (a retry), not by one that was already under way beside it.
   */
  #upstream: { failure: GatewayFailure; seq: number; others: number; readBefore: number } | undefined;
  #admitted = 0;
  /** The case's hard stop (hard-stop.ts), once the gateway has answered a call refused for budget. */
  #stop: HardStop | undefined;
  #cost = 0;
  #overall = 0;
  // The collections below are made at their first entry: most cases make no model call, and each
  // empty Map or Set is ~150 bytes that would live as long as the case (young-generation GC work).
  #byModel: Map<string, number> | undefined;
  /** Record mode: the calls kept for the case's cassette (recording.ts), made at the first forwarded call. */
  #recording: CassetteRecording | undefined;
  /** Replay mode: the case's cassette, read at its first call. */
  #replayed: ReplayedCalls | undefined;
  /** Forwarded calls whose answer has not ended: aborted and counted when the case ends (flight.ts). */
  #flights: Set<Flight> | undefined;
  /** Calls held unanswered by a timeout fault, let go when the case ends. */
  #held: Set<http.ServerResponse> | undefined;
  readonly #startedAt: number;
  #cassetteFile: string | undefined;

  constructor(private readonly kase: GatewayCase, private readonly settings: GatewaySettings & { cassettes: string }) {
    this.#startedAt = settings.now();
  }

  /** The case's cassette file, worked out when first needed. */
  get cassetteFile(): string {
    this.#cassetteFile ??= cassettePath(this.settings.cassettes, { suite: this.kase.suite, caseId: this.kase.caseId });
    return this.#cassetteFile;
  }

  get failure(): GatewayFailure | undefined {
    if (this.#failure !== undefined || this.#upstream === undefined) return this.#failure;
    const { failure, others } = this.#upstream;
    return others === 0 ? failure : { ...failure, message: `${failure.message}; ${plural(others, 'more model call')} of the case failed too (the case's agent log says how)` };
  }

  /** Answers one model call on `response`. */
  async handle(call: ModelCall, response: http.ServerResponse): Promise<void> {
    const model = typeof call.body['model'] === 'string' ? call.body['model'] : '';
    const ofModel = (this.#byModel?.get(model) ?? 0) + 1;
    (this.#byModel ??= new Map()).set(model, ofModel);
    const decision = decideModelCall({
      caps: this.kase.caps,
      spent: { modelCalls: this.#admitted, costUsd: this.#cost },
      faults: this.kase.faults,
      model,
      index: { overall: ++this.#overall, ofModel },
    });
    const base: CallBase = { model: model || 'unknown', call, beforeStopSeen: this.#stop?.madeWith(call) === true, seq: this.#overall };
    if (decision.kind !== 'forward') {
      this.#refuse({ ...base, decision, response });
      return;
    }
    this.#admitted++;
    const slot = this.settings.mode === 'record' ? (this.#recording ??= new CassetteRecording({ file: this.cassetteFile, suite: this.kase.suite, caseId: this.kase.caseId, settings: this.settings })).slot() : -1;
    const flight = startFlight({ call, base, slot, answer: decision.truncate ? 'truncated_stream' : 'model', response });
    (this.#flights ??= new Set()).add(flight);
    try {
      await this.#forward({ flight, response, truncate: decision.truncate });
    } finally {
      this.#flights.delete(flight);
    }
  }

  /** Answers a call the gateway forwards, from the provider or the cassette, and counts it. */
  async #forward({ flight, response, truncate }: { flight: Flight; response: http.ServerResponse; truncate: boolean }): Promise<void> {
    const { call, base } = flight;
    const source = await this.#answerSource(call, flight.abort.signal).catch((error: unknown) => ({ unreachable: error instanceof Error ? error.message : String(error), reached: error instanceof AnswerTooLarge ? 'too_large' as const : error instanceof AnswerBrokeOff ? 'broke_off' as const : undefined }));
    if ('unreachable' in source && flight.abort.signal.aborted) {
      this.#leftUnfinished(flight);
      return;
    }
    if ('unanswered' in source) {
      // Recorded while the provider sent nothing until the agent gave up: held unanswered again, counted as then.
      await untilAborted(flight.abort.signal);
      if (!response.writableEnded) response.destroy();
      this.#leftUnfinished(flight);
      return;
    }
    if ('unreachable' in source || 'miss' in source) {
      this.#admitted--;
      const miss = 'miss' in source;
      // A provider that answered (past the cap, or broke off) was reached: its call and what went wrong, not the network.
      const message = miss ? source.miss : source.reached ? `${call.provider} ${call.path}: ${source.unreachable}` : `${call.provider} upstream ${this.settings.upstream[call.provider]} could not be reached: ${source.unreachable}`;
      if (miss) this.#failure ??= { code: 'CASSETTE_MISS', message };
      else this.#upstreamFailed(source.reached === 'too_large' ? tooLargeAnswer(message) : source.reached === 'broke_off' ? brokenAnswer(message) : unreachable(message), base.seq);
      this.note(`[agentready] models: ${message}`);
      const answer = errorAnswer({ provider: call.provider, kind: miss ? 'cassette_miss' : 'upstream_unreachable', message });
      send(response, answer);
      this.#record({ ...base, answer: miss ? 'cassette_miss' : 'upstream_unreachable', status: answer.status, message });
      return;
    }
    let relayed: Relayed;
    flight.answered = source.answer;
    try {
      relayed = await relay({ answer: source.answer, response, api: call.api, strip: source.injected, truncate, seen: flight.events });
    } catch (error) {
      if (flight.abort.signal.aborted) {
        // The agent left, or the case ended: counted with what the provider sent so far.
        this.#leftUnfinished(flight);
        return;
      }
      // The provider's stream broke off (or went past the cap): reached, but unusable, as a body that did so is (the case's harness error, not the agent's failure).
      const message = `${call.provider} ${call.path}: ${error instanceof AnswerTooLarge ? '' : 'the answer broke off: '}${error instanceof Error ? error.message : String(error)}`;
      this.#upstreamFailed(error instanceof AnswerTooLarge ? tooLargeAnswer(message) : brokenAnswer(message), base.seq);
      this.#admitted--;
      this.note(`[agentready] models: ${message}`);
      send(response, errorAnswer({ provider: call.provider, kind: 'upstream_unreachable', message }));
      this.#record({ ...base, answer: 'upstream_unreachable', message });
      return;
    }
    if (this.settings.mode !== 'replay') {
      const refused = refusedKey({ provider: call.provider, path: call.path, answer: relayed.stored, headers: call.headers });
      if (refused) {
        this.#upstreamFailed(refused.failure, base.seq);
        // As every failed call is: the case's error counts the others and sends the reader here.
        this.note(`[agentready] models: ${refused.answered}`);
      } else if (this.#upstream && base.seq > this.#upstream.readBefore) this.#upstream = undefined;
    }
    this.#store(flight, relayed.stored);
    flight.settled = true;
    const unmeasured = relayed.tokens === undefined && relayed.stored.status < 300;
    if (unmeasured) this.note(`[agentready] models: ${call.provider} ${call.path} answered without usage: counted as 0 tokens`);
    this.#count({ flight, tokens: relayed.tokens, status: relayed.stored.status, unmeasured });
  }

  /**
   * The provider could not be used for call `seq`: the case's upstream failure, until a call read after now is answered.
   * Of calls under way at once that fail, the one read first is told, whichever failed first (their answers end in any order), and the others counted.
   */
  #upstreamFailed(failure: GatewayFailure, seq: number): void {
    const standing = this.#upstream;
    const first = standing !== undefined && standing.seq < seq ? standing : { failure, seq };
    this.#upstream = { failure: first.failure, seq: first.seq, others: standing === undefined ? 0 : standing.others + 1, readBefore: this.#overall };
  }

  /** Records a call a model answered (in whole or in part) as a model call spent, priced; `unmeasured`: its whole answer carried no usage. */
  #count({ flight, tokens, status, message, unmeasured = false }: { flight: Flight; tokens: Tokens | undefined; status: number | undefined; message?: string; unmeasured?: boolean }): void {
    const { call, base } = flight;
    const usage = pricedUsage(this.settings.pricing, {
      model: tokens?.model ?? base.model,
      input_tokens: tokens?.input_tokens ?? 0,
      output_tokens: tokens?.output_tokens ?? 0,
    });
    this.#cost += usage.cost_usd;
    // Counted $0 though a priced model was paid: its cost is unknown (an unpriced one's is, the same way: `priced: false`).
    const price = unmeasured && usage.priced ? priceOf(this.settings.pricing, usage.model) : undefined;
    this.kase.onCall({
      ...usage,
      ...gatewayFields(call, { answer: flight.answer, status }),
      ...(message === undefined ? {} : { message }),
      ...this.#times(base),
      ...(price !== undefined && price.input_per_mtok + price.output_per_mtok > 0 ? { unmeasured: true } : {}),
    });
  }

  /** Keeps the call in record mode's recording; one it could not keep is the case's CASSETTE_WRITE error. */
  #store(flight: Flight, answer: CassetteCall['response']): void {
    const { call, slot } = flight;
    if (slot < 0) return;
    const failure = this.#recording?.store({ call, slot, answer });
    if (failure !== undefined) this.#failure ??= failure;
  }

  /**
   * A forwarded call whose answer did not end, since the agent closed its connection or the case
   * ended: still a model call spent (the provider was asked, and bills what it generated), with
   * the tokens its events so far carried; in record mode its cassette entry holds those events.
   * Once per call.
   */
  #leftUnfinished(flight: Flight): void {
    if (flight.settled) return;
    flight.settled = true;
    const { call, answered } = flight;
    const message = unfinishedMessage(flight);
    this.note(`[agentready] models: ${message}`);
    // A call the provider sent nothing to is recorded so, for a replay to hold it unanswered too.
    this.#store(flight, answered === undefined ? { type: 'unanswered' } : partialAnswer({ answered, events: flight.events }));
    this.#count({ flight, tokens: answered?.type === 'sse' ? usageOfEvents(call.api, flight.events) : undefined, status: answered?.status, message });
  }

  /**
   * Ends the case: lets go of held calls, aborts calls still upstream, writes the cassette in record
   * mode. A promise only when there is a cassette to write: every other case ends without one (a
   * promise a case is GC work at 10,000 cases).
   */
  end(): GatewayFailure | undefined | Promise<GatewayFailure | undefined> {
    for (const flight of this.#flights ?? []) {
      flight.abort.abort(CASE_ENDED_ABORT);
      this.#leftUnfinished(flight);
    }
    for (const held of this.#held ?? []) held.destroy();
    this.#held?.clear();
    const failure = this.failure;
    if (this.#recording?.holdsCalls === true && failure === undefined) return this.#recording.write().then((written) => (this.#failure = written));
    return failure;
  }

  note(line: string): void {
    if (this.notes.length < NOTES_PER_CASE) this.notes.push(line);
  }

  /** Where the answer comes from: the cassette in replay, else the provider. */
  async #answerSource(call: ModelCall, signal: AbortSignal): Promise<AnswerSource> {
    if (this.settings.mode !== 'replay') return askProvider({ call, base: this.settings.upstream[call.provider].replace(/\/+$/, ''), signal });
    this.#replayed ??= new ReplayedCalls({ file: this.cassetteFile, caseId: this.kase.caseId });
    return this.#replayed.answer(call, { request: this.settings.redact(call.body), signal });
  }

  /** Answers a call the gateway refuses or faults itself. */
  #refuse(input: CallBase & { decision: Exclude<ModelCallDecision, { kind: 'forward' }>; response: http.ServerResponse }): void {
    const { call, decision, response } = input;
    if (decision.kind === 'budget_exhausted') {
      const answer = errorAnswer({ provider: call.provider, kind: 'budget_exhausted', message: decision.message });
      send(response, answer);
      this.#stop ??= new HardStop(this.settings);
      const retry = this.#stop.repeatsRefused(call);
      this.#record({ ...input, answer: 'budget_exhausted', status: answer.status, message: decision.message, ...(retry ? { retryOfRefused: true } : {}) });
      return;
    }
    const { fault } = decision;
    if (fault.error === 'timeout') {
      // A provider that never answers: the agent's client must give up on its own.
      const held = (this.#held ??= new Set());
      held.add(response);
      response.on('close', () => held.delete(response));
      this.#record({ ...input, answer: 'timeout', message: 'timeout: the call was held unanswered (injected fault)' });
      return;
    }
    const retryAfterMs = fault.error === 'rate_limit' ? (fault.retry_after_ms ?? DEFAULT_RETRY_AFTER_MS) : fault.retry_after_ms;
    const message = fault.error === 'rate_limit' ? `retry after ${retryAfterMs} ms (injected fault)` : 'the server had an error processing the request (injected fault)';
    const answer = errorAnswer({ provider: call.provider, kind: fault.error, message, status: fault.status, retryAfterMs });
    send(response, answer);
    this.#record({ ...input, answer: fault.error, status: answer.status, message: `${fault.error}: ${message}` });
  }

  /** A call's time since the case started, its latency so far, and `before_stop_seen` when it was made at once with the hard stop. */
  #times(base: CallBase): Pick<UsageRecord, 'at_ms' | 'latency_ms' | 'before_stop_seen'> {
    return {
      at_ms: Math.max(0, base.call.arrived - this.#startedAt),
      latency_ms: Math.max(0, this.settings.now() - base.call.arrived),
      ...(base.beforeStopSeen ? { before_stop_seen: true } : {}),
    };
  }

  /** Records a call no model answered: no tokens, no cost, not a model call spent; `retryOfRefused`: a budget refusal of a request refused before. */
  #record(input: CallBase & { answer: NonNullable<UsageRecord['answer']>; status?: number; message: string; retryOfRefused?: true }): void {
    this.kase.onCall({
      model: recordedModel(input.model),
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      priced: true,
      ...gatewayFields(input.call, { answer: input.answer, status: input.status }),
      message: input.message,
      ...this.#times(input),
      ...(input.retryOfRefused ? { retry_of_refused: true } : {}),
    });
  }
}

function gatewayFields(call: ModelCall, { answer, status }: { answer: NonNullable<UsageRecord['answer']>; status: number | undefined }): Partial<UsageRecord> {
  return { via: 'gateway', api: call.api, stream: call.body['stream'] === true, answer, ...(status === undefined ? {} : { status }) };
}
