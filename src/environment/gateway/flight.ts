/**
 * A forwarded model call until its answer ended. Its upstream request has its own abort: the agent
 * closing its connection before the answer ended aborts it (an endless stream is not read on for
 * nobody), and so does the case's end. What the provider sent so far is kept, so such a call is
 * still counted — its tokens, its cassette entry — rather than lost with its connection.
 */
import type http from 'node:http';
import type { CassetteResponse, SseEvent, UsageRecord } from '../../config/schema/index.js';
import type { CallBase, ModelCall } from './case-types.js';
import { storedHeaders, type SourceAnswer } from './relay.js';

/** The abort reason when the case ended with the call unfinished (else the agent closed its connection). */
export const CASE_ENDED_ABORT = 'case ended';

export interface Flight {
  readonly call: ModelCall;
  readonly base: CallBase;
  /** The call's slot in record mode's recording, or -1. */
  readonly slot: number;
  /** What the call counts as once answered. */
  readonly answer: Extract<NonNullable<UsageRecord['answer']>, 'model' | 'truncated_stream'>;
  readonly abort: AbortController;
  /** The answer once its headers came (or the recording's). */
  answered?: SourceAnswer;
  /** The streamed events relayed so far. */
  readonly events: SseEvent[];
  /** Counted already: the answer ended, or the call was counted unfinished. */
  settled: boolean;
}

/** A flight for `call`, aborted when the agent's connection closes before the answer was written whole. */
export function startFlight(input: Pick<Flight, 'call' | 'base' | 'slot' | 'answer'> & { response: http.ServerResponse }): Flight {
  const { response, ...rest } = input;
  const flight: Flight = { ...rest, abort: new AbortController(), events: [], settled: false };
  response.once('close', () => {
    if (!response.writableFinished) flight.abort.abort('agent left');
  });
  return flight;
}

/** Why the call ended unfinished, and how it was counted. */
export function unfinishedMessage(flight: Flight): string {
  const why = flight.abort.signal.reason === CASE_ENDED_ABORT ? 'the case ended before the answer did' : 'the agent closed the connection before the answer ended';
  return `${flight.call.provider} ${flight.call.path}: ${why}: the provider's request was aborted, counted as a model call with the tokens seen so far`;
}

/** The part of an answer that came, as a cassette stores it: a stream's events so far (a buffered answer is whole or absent). */
export function partialAnswer({ answered, events }: { answered: SourceAnswer; events: readonly SseEvent[] }): CassetteResponse {
  const headers = storedHeaders(answered.headers);
  switch (answered.type) {
    case 'sse':
      return { type: 'sse', status: answered.status, headers, events: [...events], unfinished: true };
    case 'json':
      return { type: 'json', status: answered.status, headers, body: answered.body };
    case 'text':
      return { type: 'text', status: answered.status, headers, text: answered.text };
  }
}
