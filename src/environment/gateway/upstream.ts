/**
 * When the provider cannot be used — it could not be reached, it refused the key or the account's
 * bill, or its answer went past the gateway's cap — the case's
 * model calls measured the run's setup, not the agent: that is the case's harness error (exit 3
 * past `run.max_error_rate`), not a failure the gate would read as a regression. A pull request
 * from a fork is the common cause: its job gets no secrets. Each message says what to do.
 */
import { EXCERPT_CHARS, shorten } from '../../common/shorten.js';
import type { CassetteResponse } from '../../config/schema/index.js';
import type { Provider } from './apis.js';
import type { GatewayFailure } from './case-types.js';

/** Statuses with which a provider refuses the credentials (OpenAI and Anthropic: 401 a bad or missing key, 403 a key without access). */
const REFUSED_KEY = new Set([401, 403]);
const IN_CI = 'in CI, a pull request from a fork gets no secrets: `--models replay` answers from the recorded cassettes without a key or a network';

/** The failure of a call the provider could not be reached for; `message` says which upstream and why. */
export function unreachable(message: string): GatewayFailure {
  return { code: 'UPSTREAM_UNREACHABLE', message: `${message}; check models.upstream and the network (${IN_CI})` };
}

/** The failure of a call whose answer went past the gateway's cap (relay.ts MAX_ANSWER_BYTES): the provider was reached, so no network advice; `message` says which call and the cap. Coded as an unreachable upstream, the agent's answer too (`upstream_unreachable`). */
export function tooLargeAnswer(message: string): GatewayFailure {
  return { code: 'UPSTREAM_UNREACHABLE', message: `${message}; is models.upstream a model provider's API?` };
}

/** The failure of a call whose answer broke off (relay.ts AnswerBrokeOff): the provider was reached, so no network advice; `message` says which call and after how many bytes. Coded as an unreachable upstream, the agent's answer too. */
export function brokenAnswer(message: string): GatewayFailure {
  return { code: 'UPSTREAM_UNREACHABLE', message: `${message}; the provider, or a proxy on the way, closed the connection mid-answer: run the case again` };
}

/** Request headers that carry the agent's provider credentials: OpenAI's and Azure's, Anthropic's, Google's. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];
/** Shorter values are not taken for a key (`Bearer` alone, a placeholder): replacing them would garble the message. */
const MIN_KEY_CHARS = 8;

/** The credentials the agent sent in `headers` (a header's value, and its token after the scheme), longest first. */
export function sentKeys(headers: Readonly<Record<string, string>>): string[] {
  const secrets = new Set<string>();
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name]?.trim();
    if (value === undefined) continue;
    secrets.add(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token !== undefined) secrets.add(token);
  }
  return [...secrets].filter((s) => s.length >= MIN_KEY_CHARS).sort((a, b) => b.length - a.length);
}

/**
 * `text` with `keys` (sentKeys) taken out: a provider may quote the key it refused in its error
 * message, which a redaction rule catches only when the key has a known shape (`sk-…`), and not
 * at all under --no-redact; the key is written nowhere (SPEC §16).
 */
export function withoutKeys(text: string, keys: readonly string[]): string {
  let clean = text;
  for (const key of keys) if (clean.includes(key)) clean = clean.split(key).join('[api key]');
  return clean;
}

/**
 * The failure of a call the provider refused for its key, or for the account's unpaid bill or spent
 * quota (refusedBilling: a 402; OpenAI's 429 `insufficient_quota`, which no wait lifts, unlike a
 * rate limit; Anthropic's 400 "credit balance is too low"), and what the provider answered, for the case's log: undefined for
 * any other answer; `headers` are the call's own, whose keys the message leaves out.
 */
export function refusedKey(input: { provider: Provider; path: string; answer: CassetteResponse; headers: Readonly<Record<string, string>> }): { failure: GatewayFailure; answered: string } | undefined {
  const { answer } = input;
  const key = REFUSED_KEY.has(answer.status);
  if (!key && !refusedBilling(answer)) return undefined;
  const said = providerMessage(answer, input.headers);
  // Also the line of the case's log for this call: what the provider said, without the advice.
  const answered = `${input.provider} answered ${answer.status} to ${input.path}${said ? `: ${said}` : ''}`;
  const failure: GatewayFailure = key
    ? { code: 'UPSTREAM_AUTH', message: `${answered}; the run has no valid API key for the model provider (${IN_CI})` }
    : { code: 'UPSTREAM_QUOTA', message: `${answered}; the model provider's account has no credit or quota left for the run: the case measured its billing, not the agent (top it up, or \`--models replay\` answers from the recorded cassettes without a provider)` };
  return { failure, answered };
}

/**
 * Whether the provider refused the call for the account's bill: a 402, a 429 whose error's code or
 * type is `insufficient_quota` (OpenAI), or a 400 saying the credit balance is too low, as Anthropic
 * answers an account out of credit (`invalid_request_error`, "Your credit balance is too low to
 * access the Anthropic API"), though its docs list a 402 `billing_error`.
 */
function refusedBilling(answer: CassetteResponse): boolean {
  if (answer.status === 402) return true;
  if ((answer.status !== 429 && answer.status !== 400) || answer.type !== 'json') return false;
  const error = (answer.body as { error?: { code?: unknown; type?: unknown; message?: unknown } } | null)?.error;
  if (answer.status === 400) return typeof error?.message === 'string' && CREDIT_TOO_LOW.test(error.message);
  return error?.code === 'insufficient_quota' || error?.type === 'insufficient_quota';
}

/** Anthropic's words for an account out of credit, in a 400. */
const CREDIT_TOO_LOW = /credit balance is too low/i;

/** `error.message` of an OpenAI or Anthropic error body (untrusted: redacted and neutralised where the error is written), without the key sent, then shortened (a key cut in two would be left in part). */
function providerMessage(answer: CassetteResponse, headers: Readonly<Record<string, string>>): string | undefined {
  if (answer.type !== 'json') return undefined;
  const error = (answer.body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? shorten(withoutKeys(error.message, sentKeys(headers)).trim(), EXCERPT_CHARS) : undefined;
}
