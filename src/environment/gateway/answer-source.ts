/**
 * Where a gateway call's answer comes from: in replay, the case's cassette (read at the case's first
 * call, each recorded call answering once); else the provider.
 */
import type { CassetteCall } from '../../config/schema/index.js';
import { shownPath } from '../../config/shown-path.js';
import type { ModelCall } from './case-types.js';
import { matchCall, readCassette, type CassetteRead } from './cassette.js';
import { fromRecorded, fromUpstream, type SourceAnswer } from './relay.js';
import { refusedInjection, upstreamBody } from './usage.js';

/**
 * An answer, and whether the gateway added `stream_options` to the request it came from; or a
 * recorded call the provider sent nothing to before the agent gave up on it; or why the cassette has none.
 */
export type AnswerSource = { answer: SourceAnswer; injected: boolean } | { unanswered: true } | { miss: string };

/** A replayed case's cassette: read once, at the first call; each recorded call answers one call. */
export class ReplayedCalls {
  #read: Promise<CassetteRead> | undefined;
  readonly #used = new Set<number>();

  constructor(private readonly cassette: { file: string; caseId: string }) {}

  /** The recorded answer to `call`, whose body redacted as the cassette stores it is `request`. */
  async answer(call: ModelCall, { request, signal }: { request: CassetteCall['request']; signal: AbortSignal }): Promise<AnswerSource> {
    const { file, caseId } = this.cassette;
    const read = await (this.#read ??= readCassette(file));
    if (read.kind === 'absent') return { miss: `no cassette for case ${caseId} at ${shownPath(file)}: record it with --models record` };
    if (read.kind === 'invalid') return { miss: read.message };
    const match = matchCall({ calls: read.cassette.calls, used: this.#used, call: { provider: call.provider, path: call.path, request }, file });
    if (match.kind === 'miss') return { miss: match.message };
    this.#used.add(match.index);
    const recorded = read.cassette.calls[match.index]!;
    if (recorded.response.type === 'unanswered') return { unanswered: true };
    return { answer: fromRecorded(recorded.response, signal), injected: upstreamBody(call.api, call.body).injected };
  }
}

/**
 * The provider's answer to `call` at `base` (its upstream URL, no trailing slash). A provider that
 * refuses the `stream_options` the gateway added (Mistral answers 422) is asked again with the
 * agent's own request.
 */
export async function askProvider(input: { call: ModelCall; base: string; signal: AbortSignal }): Promise<AnswerSource> {
  const { call, base, signal } = input;
  const sent = upstreamBody(call.api, call.body);
  const ask = (body: Record<string, unknown>) => fromUpstream({
    url: `${base}${call.path}${call.query}`,
    headers: { ...call.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const answer = await ask(sent.body);
  if (sent.injected && refusedInjection(answer)) return { answer: await ask(call.body), injected: false };
  return { answer, injected: sent.injected };
}
