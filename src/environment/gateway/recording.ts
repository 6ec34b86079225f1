/**
 * Record mode's part of one case at the gateway: each forwarded call's slot in arrival order, its
 * request and answer kept with their secrets redacted as it is answered, and the case's cassette
 * written from them when the case ends (cassette.ts writes the file).
 */
import type { CassetteCall } from '../../config/schema/index.js';
import { CASSETTE_FORMAT } from '../../config/schema/index.js';
import { MAX_NESTING_DEPTH } from '../../config/defaults.js';
import { shownPath } from '../../config/shown-path.js';
import { answerNestedPast, writeCassette } from './cassette.js';
import type { GatewayFailure, GatewaySettings, ModelCall } from './case-types.js';
import { withoutStreamedSecrets } from './stream-secrets.js';
import { sentKeys, withoutKeys } from './upstream.js';

export class CassetteRecording {
  /** One slot per forwarded call in arrival order, filled when it is answered. */
  readonly #calls: (CassetteCall | undefined)[] = [];

  constructor(private readonly input: { file: string; suite: string; caseId: string; settings: Pick<GatewaySettings, 'redact' | 'splitSecrets'> }) {}

  /** A forwarded call's slot, in arrival order. */
  slot(): number {
    return this.#calls.push(undefined) - 1;
  }

  /**
   * Keeps the call in its slot, its secrets redacted. An answer nested deeper than MAX_NESTING_DEPTH
   * (no provider's is) cannot be redacted, whose walk would run out of stack and lose the call from
   * the usage too: it is not recorded, and its CASSETTE_WRITE failure is returned for the case.
   */
  store({ call, slot, answer }: { call: ModelCall; slot: number; answer: CassetteCall['response'] }): GatewayFailure | undefined {
    if (answerNestedPast(answer)) {
      return { code: 'CASSETTE_WRITE', message: `could not record model call ${slot + 1} in ${shownPath(this.input.file)}: the provider's answer to ${call.path} nests more than ${MAX_NESTING_DEPTH} levels deep` };
    }
    const { settings } = this.input;
    const response = answer.type === 'sse' ? { ...answer, events: [...withoutStreamedSecrets(answer.events, settings.splitSecrets)] } : answer;
    // The key the call sent, should the provider quote it in its answer (an error echoing the key), is taken out even under --no-redact: a cassette is committed.
    // Not from the request, which a replay matches as the agent sends it.
    this.#calls[slot] = settings.redact({ provider: call.provider, path: call.path, request: call.body, response: withoutKeysOf(response, call.headers) });
    return undefined;
  }

  /** Whether a call was kept: a case whose calls were all refused or failed writes no cassette. */
  get holdsCalls(): boolean {
    return this.#calls.some((call) => call !== undefined);
  }

  /** Writes the case's cassette from the calls kept; its CASSETTE_WRITE failure when it could not. */
  async write(): Promise<GatewayFailure | undefined> {
    const { file, suite, caseId } = this.input;
    const calls = this.#calls.filter((call): call is CassetteCall => call !== undefined);
    try {
      await writeCassette(file, { format: CASSETTE_FORMAT, suite, case_id: caseId, calls });
    } catch (error) {
      return { code: 'CASSETTE_WRITE', message: `could not write the cassette ${shownPath(file)}: ${diskReason(error as NodeJS.ErrnoException)}` };
    }
    return undefined;
  }
}

// The disk's error in words, the paths it names shown as every message shows a path (relative to the current folder).
function diskReason(error: NodeJS.ErrnoException & { dest?: unknown }): string {
  const paths = [error.path, error.dest].filter((path): path is string => typeof path === 'string');
  return paths.reduce((message, path) => message.split(`'${path}'`).join(`'${shownPath(path)}'`), error.message);
}

/** An answer `entry` with every credential `headers` sent replaced by `[api key]` in each string it holds (withoutKeys). Its depth is checked before (answerNestedPast). */
function withoutKeysOf(entry: CassetteCall['response'], headers: Readonly<Record<string, string>>): CassetteCall['response'] {
  const keys = sentKeys(headers);
  if (keys.length === 0) return entry;
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return withoutKeys(value, keys);
    if (Array.isArray(value)) return value.map(clean);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, clean(inner)]));
    return value;
  };
  return clean(entry) as CassetteCall['response'];
}
