/**
 * A cassette: the model calls of one case, recorded by the model gateway (`--models record`)
 * and answered from in replay. Request headers are never stored; response headers only where
 * an SDK reads them (content type, retry hints).
 */
import { z } from 'zod';

export const CASSETTE_FORMAT = 'agentready-cassette/1';

/** One server-sent event as the provider sent it. */
export const SseEventSchema = z.strictObject({
  event: z.string().optional(),
  data: z.string(),
});
export type SseEvent = z.infer<typeof SseEventSchema>;

const responseShape = {
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()).describe('content-type and retry hints only.'),
};

const answered = [
  z.strictObject({ type: z.literal('json'), ...responseShape, body: z.unknown() }),
  z.strictObject({ type: z.literal('text'), ...responseShape, text: z.string() }),
  z.strictObject({
    type: z.literal('sse'),
    ...responseShape,
    events: z.array(SseEventSchema),
    unfinished: z
      .literal(true)
      .optional()
      .describe('The stream had not ended when the agent gave up on it or the case ended: a replay sends these events and then holds the stream open the same way.'),
  }),
] as const;

/** What the provider answered (in whole, or the part of a stream that came). */
export const CassetteResponseSchema = z.discriminatedUnion('type', [...answered]);
export type CassetteResponse = z.infer<typeof CassetteResponseSchema>;

/** A call the provider sent nothing to (not even its status) before the agent gave up on it or the case ended. */
const UnansweredSchema = z
  .strictObject({ type: z.literal('unanswered') })
  .describe('The provider sent nothing before the agent gave up on the call (its own timeout) or the case ended: a replay holds the call unanswered the same way.');

export const CassetteCallSchema = z.strictObject({
  provider: z.enum(['openai', 'anthropic']),
  path: z.string().describe('The path under the SDK base URL, e.g. /chat/completions or /v1/messages.'),
  request: z.unknown().describe('The request body as the agent sent it (secrets redacted).'),
  response: z.discriminatedUnion('type', [...answered, UnansweredSchema]),
});
export type CassetteCall = z.infer<typeof CassetteCallSchema>;

export const CassetteSchema = z
  .strictObject({
    format: z.literal(CASSETTE_FORMAT),
    suite: z.string(),
    case_id: z.string(),
    calls: z.array(CassetteCallSchema).describe('In the order the agent made them; replay matches each request by its body.'),
  })
  .describe('agentready cassette: one case\'s recorded model calls');
export type Cassette = z.infer<typeof CassetteSchema>;
