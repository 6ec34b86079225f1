// A model gateway on 127.0.0.1 for tests, with the official SDK clients pointed at a case's base URLs.
import Anthropic from '@anthropic-ai/sdk';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { Budgets, ModelFault, Price, UsageRecord } from '../../../src/config/schema/index.js';
import type { EndedTraces } from '../../../src/environment/ended-traces.js';
import type { LiveCase, ModelCall } from '../../../src/environment/gateway/case.js';
import { ModelGateway, type GatewayRegistration } from '../../../src/environment/gateway/server.js';
import type { FakeProvider } from '../../helpers/fake-provider.js';

export const TOKEN = 'run-token-abcdefghijklmnop';
/** The user's provider key: passed through, never written. */
export const USER_KEY = 'sk-user-0123456789abcdefghijklmnop';

export interface TestCase {
  registration: GatewayRegistration;
  usage: UsageRecord[];
  openai: OpenAI;
  anthropic: Anthropic;
}

export async function startGateway(input: {
  mode?: 'live' | 'record' | 'replay';
  upstream?: FakeProvider | { openaiBaseUrl: string; anthropicBaseUrl: string };
  cassettes?: string;
  pricing?: Record<string, Price>;
  redact?: <T>(value: T) => T;
  splitSecrets?: (pieces: readonly string[]) => string[];
  /** A table of ended traces shared with another endpoint of the run. */
  ended?: EndedTraces;
  /** Told of each call the gateway has read and begun to answer: an event for a test to act on, instead of a time. */
  onCallInFlight?: (call: ModelCall) => void;
}): Promise<ModelGateway> {
  const settings = {
    token: TOKEN,
    mode: input.mode ?? 'live',
    upstream: {
      openai: input.upstream?.openaiBaseUrl ?? 'http://127.0.0.1:9/v1',
      anthropic: input.upstream?.anthropicBaseUrl ?? 'http://127.0.0.1:9',
    },
    cassettes: input.cassettes ?? '/nonexistent-cassettes',
    pricing: input.pricing ?? {},
    now: () => performance.now(),
    redact: input.redact ?? (<T>(value: T) => value),
    splitSecrets: input.splitSecrets ?? ((pieces) => [...pieces]),
    ...(input.ended ? { ended: input.ended } : {}),
  };
  const gateway = input.onCallInFlight ? new WatchedGateway(settings, input.onCallInFlight) : new ModelGateway(settings);
  await gateway.listen();
  return gateway;
}

/** A gateway that tells `inFlight` of each call once its case has begun to answer it (its flight started, its provider asked or its cassette read). */
class WatchedGateway extends ModelGateway {
  readonly #inFlight: (call: ModelCall) => void;

  constructor(settings: ConstructorParameters<typeof ModelGateway>[0], inFlight: (call: ModelCall) => void) {
    super(settings);
    this.#inFlight = inFlight;
  }

  protected override open(traceId: string, live: LiveCase): void {
    const handle = live.handle.bind(live);
    live.handle = (call, response) => {
      const answered = handle(call, response);
      this.#inFlight(call);
      return answered;
    };
    super.open(traceId, live);
  }
}

let traces = 0;

/** Registers a case and gives SDK clients at its base URLs (retries as the test says; default none). */
export function openCase(gateway: ModelGateway, input: { caseId?: string; caps?: Budgets; faults?: ModelFault[]; maxRetries?: number; timeout?: number } = {}): TestCase {
  const usage: UsageRecord[] = [];
  const registration = gateway.register(`trace${++traces}`, {
    suite: 'support',
    caseId: input.caseId ?? 'refund',
    caps: input.caps ?? {},
    faults: input.faults ?? [],
    onCall: (record) => usage.push(record),
  });
  const common = { apiKey: USER_KEY, maxRetries: input.maxRetries ?? 0, ...(input.timeout === undefined ? {} : { timeout: input.timeout }) };
  return {
    registration,
    usage,
    openai: new OpenAI({ ...common, baseURL: registration.urls.openai_base_url }),
    anthropic: new Anthropic({ ...common, baseURL: registration.urls.anthropic_base_url }),
  };
}

/** Every event of a stream, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** `server` listening on 127.0.0.1 as a provider: its SDK base URLs, and how to close it with its connections. */
export async function listenAsProvider(server: http.Server): Promise<{ upstream: { openaiBaseUrl: string; anthropicBaseUrl: string }; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    upstream: { openaiBaseUrl: `${origin}/v1`, anthropicBaseUrl: origin },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
