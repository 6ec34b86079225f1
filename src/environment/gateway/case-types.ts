/** The shapes of one case at the model gateway: what the run registers, what the gateway knows, a call, a harness failure. */
import type { Budgets, ModelApi, ModelFault, Price, UsageRecord } from '../../config/schema/index.js';
import type { ModelMode } from '../../config/schema/config.js';
import type { Provider } from './apis.js';
import type { SplitSecrets } from './stream-secrets.js';

/** What the run tells the gateway about a case when it registers it. */
export interface GatewayCase {
  suite: string;
  caseId: string;
  /** The stricter of the config's and the case's caps. */
  caps: Budgets;
  faults: readonly ModelFault[];
  /** Called as each model call ends (or is refused), with its usage record. */
  onCall: (usage: UsageRecord) => void;
}

/** What the gateway knows for every case. */
export interface GatewaySettings {
  mode: ModelMode;
  upstream: Record<Provider, string>;
  pricing: Readonly<Record<string, Price>>;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
  /** Applied to what a cassette stores (secrets); identity under --no-redact. */
  redact: <T>(value: T) => T;
  /** Takes a secret streamed over several events out of them before `redact` sees each alone (stream-secrets.ts); identity under --no-redact. */
  splitSecrets: SplitSecrets;
}

/**
 * The case's harness error: its model calls cannot be answered as the run asks (a cassette miss or
 * write), or the provider cannot be used (unreachable, refusing the key: a pull request from a
 * fork has no secrets, or refusing the account's bill). Either way the run measured the setup, not the agent.
 */
export interface GatewayFailure {
  code: 'CASSETTE_MISS' | 'CASSETTE_WRITE' | 'UPSTREAM_UNREACHABLE' | 'UPSTREAM_AUTH' | 'UPSTREAM_QUOTA';
  message: string;
}

/** One model call, as the server parsed it. */
export interface ModelCall {
  provider: Provider;
  api: ModelApi;
  /** The path under the SDK base URL, e.g. `/chat/completions`. */
  path: string;
  /** `?…` as sent, passed upstream. */
  query: string;
  body: Record<string, unknown>;
  /** Request headers to pass upstream (the agent's API key among them); never stored. */
  headers: Record<string, string>;
  /** When the agent made the call (`GatewaySettings.now`): its connection's opening for a new connection's first request (server.ts `#timing`). */
  arrived: number;
  /** The earliest its connection could have sent it: the connection's opening, or the end of the answer before it there. */
  sendable: number;
  /** When the gateway read its headers. */
  read: number;
}

/** What each record of a call starts from: the model it asked for, the call, and whether it was made at once with a budget refusal the gateway answered before reading it (its connection could have sent it before then). */
export interface CallBase {
  model: string;
  call: ModelCall;
  beforeStopSeen: boolean;
  /** Its place among the case's calls in the order the gateway read them (1 for the first). */
  seq: number;
}
