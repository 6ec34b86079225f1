/**
 * A model call's `chat` span (SPEC §14): its GenAI attributes (the model, the provider's token
 * counts), agentready's own (cost, and for a call the gateway measured: who answered, the status,
 * why), and, when it ended in an error, `error.type` and an error status.
 */
import { SpanStatusCode, type Attributes, type SpanStatus } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '@opentelemetry/semantic-conventions/incubating';
import type { ModelApi, UsageRecord } from '../../config/schema/index.js';
import { AR } from '../../config/schema/otlp.js';

/**
 * Why a model call ended in an error, as the GenAI conventions' `error.type`: what the gateway
 * answered in the model's place (a cap, a fault, a cassette miss, a stream cut short), or the
 * provider's HTTP status when it refused; undefined for an answer, and for a call the agent
 * reported (it says nothing of how the call ended).
 */
function chatErrorType(usage: Pick<UsageRecord, 'answer' | 'status'>): string | undefined {
  if (usage.answer === undefined) return undefined;
  if (usage.answer !== 'model') return usage.answer;
  return usage.status !== undefined && usage.status >= 400 ? String(usage.status) : undefined;
}

// Returns the span status of one model call: an error, with the gateway's reason, when it ended in one.
export function chatStatus(usage: UsageRecord): SpanStatus {
  if (chatErrorType(usage) === undefined) return { code: SpanStatusCode.UNSET };
  return { code: SpanStatusCode.ERROR, ...(usage.message ? { message: usage.message } : {}) };
}

/** The provider whose API a gateway call spoke, as the conventions' required `gen_ai.provider.name` names it. */
const PROVIDER_OF_API: Readonly<Record<ModelApi, string>> = {
  chat_completions: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  responses: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  messages: GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
};

// Returns the attributes of one model call's chat span (the provider only for a call the gateway measured: a reported one names none).
export function chatAttributes(usage: UsageRecord): Attributes {
  const errorType = chatErrorType(usage);
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    ...(usage.api === undefined ? {} : { [ATTR_GEN_AI_PROVIDER_NAME]: PROVIDER_OF_API[usage.api] }),
    [ATTR_GEN_AI_REQUEST_MODEL]: usage.model,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage.input_tokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage.output_tokens,
    [AR.costUsd]: usage.cost_usd,
    [AR.priced]: usage.priced,
    ...(usage.via === undefined ? {} : { [AR.usageVia]: usage.via }),
    ...(usage.answer === undefined ? {} : { [AR.usageAnswer]: usage.answer }),
    ...(usage.status === undefined ? {} : { [AR.usageStatus]: usage.status }),
    ...(usage.api === undefined ? {} : { [AR.usageApi]: usage.api }),
    ...(usage.stream === undefined ? {} : { [AR.usageStream]: usage.stream }),
    ...(usage.message === undefined ? {} : { [AR.usageMessage]: usage.message }),
    ...(usage.before_stop_seen === true ? { [AR.usageBeforeStopSeen]: true } : {}),
    ...(usage.retry_of_refused === true ? { [AR.usageRetryOfRefused]: true } : {}),
    ...(usage.unmeasured === true ? { [AR.usageUnmeasured]: true } : {}),
    ...(errorType === undefined ? {} : { [ATTR_ERROR_TYPE]: errorType }),
  };
}
