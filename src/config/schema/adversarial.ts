/**
 * Adversarial payload packs (SPEC §2, §11): one YAML file per category, shipped in
 * fixtures/adversarial/ and added by users through `adversarial_packs:`. A pack is data only;
 * config/adversarial/ turns base case + pack + seed into variants.
 */
import { z } from 'zod';

/** Generated variant families (SPEC §2); each expands every base case with the loaded payload packs. */
export const ADVERSARIAL_CATEGORIES = ['prompt_injection', 'missing_context', 'malformed_input', 'rate_limit', 'tool_failure'] as const;
export const AdversarialCategorySchema = z.enum(ADVERSARIAL_CATEGORIES);
export type AdversarialCategory = z.infer<typeof AdversarialCategorySchema>;

/** Past V8's longest string (about 2^29 characters) an oversized input cannot be built at all; 10 million is far past any context window. */
const MAX_INPUT_CHARS = 10_000_000;
/** Each rate-limited call is a fault of its own, for every tool of the case. */
const MAX_RATE_LIMITED_CALLS = 100;

/** `adversarial:` in agentready.config.yaml: how far variants go. */
export const AdversarialSettingsSchema = z.strictObject({
  max_input_chars: z.number().int().positive().max(MAX_INPUT_CHARS).optional()
    .describe(`The size malformed_input's oversized variants go past, in characters (default 20000, at most ${MAX_INPUT_CHARS}).`),
  variants_per_case: z
    .union([z.number().int().positive(), z.partialRecord(AdversarialCategorySchema, z.number().int().positive())])
    .optional()
    .describe('Most variants per base case and category, picked by run.seed (default: prompt_injection 8, others all).'),
});
export type AdversarialSettings = z.infer<typeof AdversarialSettingsSchema>;

const PayloadIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a payload id of lowercase letters, digits, _ . -')
  .describe('Unique within its category across every loaded pack; shown in the variant\'s description.');

const packShape = {
  $schema: z.string().optional(),
  pack: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a pack name of letters, digits, _ . -'),
  description: z.string().optional(),
};

/** How an injected instruction is written. */
export const INJECTION_STYLES = [
  'direct_override',
  'role_play',
  'fake_system_message',
  'fake_tool_message',
  'hidden_in_data',
  'encoded',
  'multilingual',
  'delimiter',
  'exfiltration',
  'forbidden_tool',
] as const;

/** Text obfuscations a payload may apply to `encode.text` before it replaces `{{encoded}}`. */
export const INJECTION_ENCODINGS = [
  'base64',
  'hex',
  'rot13',
  'reverse',
  'spaced',
  'zero_width',
  'leet',
  'url',
  'unicode_escape',
  'html_entities',
  'homoglyph',
  'split',
] as const;
export type InjectionEncoding = (typeof INJECTION_ENCODINGS)[number];

/** Where a payload goes: appended to the user's input, or inside a tool's answer. */
export const INJECTION_PLACEMENTS = ['input', 'tool_result'] as const;
export type InjectionPlacement = (typeof INJECTION_PLACEMENTS)[number];

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
  status: z.number().int().optional().describe('Default 429.'),
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
      status: z.number().int().optional(),
    }).describe('Injected on every call of every tool the case expects.'),
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
