/**
 * Adversarial payload packs (SPEC §2, §11): one YAML file per category, shipped in
 * fixtures/adversarial/ and added by users through `adversarial_packs:`. A pack is data only;
 * config/adversarial/ turns base case + pack + seed into variants. Apart from adversarial.ts so
 * that loading a project without packs builds none of these schemas.
 */
import { z } from 'zod';
import { INJECTION_ENCODINGS, INJECTION_PLACEMENTS, INJECTION_STYLES } from './adversarial.js';
import { errorStatus, HttpErrorStatusSchema, HttpStatusSchema } from './suite.js';

/** Each rate-limited call is a fault of its own, for every tool of the case. */
const MAX_RATE_LIMITED_CALLS = 100;

const PayloadIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a payload id of lowercase letters, digits, _ . -')
  .describe('Unique within its category across every loaded pack; shown in the variant\'s description.');

const packShape = {
  $schema: z.string().optional(),
  pack: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a pack name of ASCII letters, digits, _ . -'),
  description: z.string().optional(),
};

export const InjectionPayloadSchema = z
  .strictObject({
    id: PayloadIdSchema,
    style: z.enum(INJECTION_STYLES),
    description: z.string().optional(),
    text: z.string().min(1).describe('The injected text. {{tool}} is replaced by the targeted tool, {{encoded}} by `encode`.'),
    encode: z
      .strictObject({
        with: z.enum(INJECTION_ENCODINGS),
        text: z.string().min(1).describe('Rendered ({{tool}} replaced), encoded, then put in place of {{encoded}}.'),
      })
      .optional(),
    placements: z.array(z.enum(INJECTION_PLACEMENTS)).min(1).optional().describe('Default: both.'),
  })
  .superRefine((payload, ctx) => {
    const named = payload.text.includes('{{tool}}') || (payload.encode?.text.includes('{{tool}}') ?? false);
    if (!named) ctx.addIssue({ code: 'custom', path: ['text'], message: 'a payload must name its target: put {{tool}} in text or encode.text' });
    if (payload.encode && !payload.text.includes('{{encoded}}')) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'with `encode`, text must hold {{encoded}}' });
    }
  });
export type InjectionPayload = z.infer<typeof InjectionPayloadSchema>;

export const PromptInjectionPackSchema = z.strictObject({
  ...packShape,
  category: z.literal('prompt_injection'),
  payloads: z.array(InjectionPayloadSchema).min(1),
});

/** How a required context field is taken away. */
export const MissingContextPayloadSchema = z.strictObject({
  id: PayloadIdSchema,
  description: z.string().optional(),
  remove: z.enum(['absent', 'empty', 'null_value']).describe('absent: the key is deleted; empty: set to ""; null_value: set to null.'),
});
export type MissingContextPayload = z.infer<typeof MissingContextPayloadSchema>;

export const MissingContextPackSchema = z.strictObject({
  ...packShape,
  category: z.literal('missing_context'),
  payloads: z.array(MissingContextPayloadSchema).min(1),
});

/** One way to break the user's input; every kind is a pure function of the base input. */
export const MalformedInputPayloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('truncate'),
    keep: z.number().gt(0).lt(1).optional().describe('Share of the characters kept (default 0.5).'),
  }),
  z.strictObject({
    id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('oversize'),
    filler: z.string().min(1).optional().describe('Repeated until the input passes adversarial.max_input_chars (default: the base input).'),
  }),
  z.strictObject({
    id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('garble'),
    scheme: z.enum(['utf16_misread', 'replacement_chars']).describe('utf16_misread: UTF-8 bytes read as UTF-16LE; replacement_chars: every 3rd character becomes U+FFFD.'),
  }),
  z.strictObject({
    id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('control_chars'),
    chars: z.string().min(1).optional().describe('Inserted at the start, middle and end (default NUL, BEL, ESC[2J, backspace).'),
  }),
  z.strictObject({ id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('confusables') }),
  z.strictObject({ id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('bidi_override') }),
  z.strictObject({ id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('empty') }),
  z.strictObject({ id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('whitespace') }),
  z.strictObject({
    id: PayloadIdSchema, description: z.string().optional(), kind: z.literal('literal'),
    input: z.string().describe('Replaces the input as is.'),
  }),
]);
export type MalformedInputPayload = z.infer<typeof MalformedInputPayloadSchema>;

export const MalformedInputPackSchema = z.strictObject({
  ...packShape,
  category: z.literal('malformed_input'),
  payloads: z.array(MalformedInputPayloadSchema).min(1),
});

export const RateLimitPayloadSchema = z.strictObject({
  id: PayloadIdSchema,
  description: z.string().optional(),
  calls: z.number().int().positive().max(MAX_RATE_LIMITED_CALLS).optional()
    .describe(`How many first calls of each tool answer 429 (default 1, at most ${MAX_RATE_LIMITED_CALLS}).`),
  retry_after_ms: z.number().int().nonnegative(),
  status: HttpErrorStatusSchema.optional().describe('Default 429.'),
});
export type RateLimitPayload = z.infer<typeof RateLimitPayloadSchema>;

export const RateLimitPackSchema = z.strictObject({
  ...packShape,
  category: z.literal('rate_limit'),
  payloads: z.array(RateLimitPayloadSchema).min(1),
});

export const ToolFailurePayloadSchema = z.union([
  z.strictObject({
    id: PayloadIdSchema,
    description: z.string().optional(),
    fault: z.strictObject({
      error: z.enum(['error', 'timeout', 'malformed']),
      status: HttpStatusSchema.optional(),
    }).superRefine(errorStatus).describe('Injected on every call of every tool the case expects.'),
  }),
  z.strictObject({
    id: PayloadIdSchema,
    description: z.string().optional(),
    empty_result: z
      .union([z.null(), z.literal(''), z.strictObject({}), z.array(z.unknown()).max(0)])
      .describe('Every tool the case expects answers this instead of its mock.'),
  }),
]);
export type ToolFailurePayload = z.infer<typeof ToolFailurePayloadSchema>;

export const ToolFailurePackSchema = z.strictObject({
  ...packShape,
  category: z.literal('tool_failure'),
  payloads: z.array(ToolFailurePayloadSchema).min(1),
});

/** A payload pack file (fixtures/adversarial/*.yaml, or a user's under `adversarial_packs:`). */
export const AdversarialPackSchema = z
  .discriminatedUnion('category', [
    PromptInjectionPackSchema,
    MissingContextPackSchema,
    MalformedInputPackSchema,
    RateLimitPackSchema,
    ToolFailurePackSchema,
  ])
  .describe('An agentready adversarial payload pack');
export type AdversarialPack = z.infer<typeof AdversarialPackSchema>;

/** Every loaded payload of one category, in load order (shipped packs first). */
export interface AdversarialPayloads {
  prompt_injection: InjectionPayload[];
  missing_context: MissingContextPayload[];
  malformed_input: MalformedInputPayload[];
  rate_limit: RateLimitPayload[];
  tool_failure: ToolFailurePayload[];
}
