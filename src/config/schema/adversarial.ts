/**
 * Adversarial variants (SPEC §2, §11): their categories, the config's `adversarial:` settings and
 * the words payloads use. The payload packs' own schemas are adversarial-packs.ts's, built only
 * when packs are read.
 */
import { z } from 'zod';

/** Generated variant families (SPEC §2); each expands every base case with the loaded payload packs. */
export const ADVERSARIAL_CATEGORIES = ['prompt_injection', 'missing_context', 'malformed_input', 'rate_limit', 'tool_failure'] as const;
export const AdversarialCategorySchema = z.enum(ADVERSARIAL_CATEGORIES);
export type AdversarialCategory = z.infer<typeof AdversarialCategorySchema>;

/** Past V8's longest string (about 2^29 characters) an oversized input cannot be built at all; 10 million is far past any context window. */
const MAX_INPUT_CHARS = 10_000_000;

/**
 * Most variants per base case and family: a number past a family's (payload, placement) pairs
 * runs them all, and the shipped packs' largest family has 110 (prompt_injection: 55 payloads,
 * two placements); a thousand leaves room for a project's own packs.
 */
const MAX_VARIANTS_PER_CASE = 1000;
const VariantCountSchema = z.number().int().positive().max(MAX_VARIANTS_PER_CASE);

/** `adversarial:` in agentready.config.yaml: how far variants go. */
export const AdversarialSettingsSchema = z.strictObject({
  max_input_chars: z.number().int().positive().max(MAX_INPUT_CHARS).optional()
    .describe(`The size malformed_input's oversized variants go past, in characters (default 20000, at most ${MAX_INPUT_CHARS}).`),
  variants_per_case: z
    .union([VariantCountSchema, z.partialRecord(AdversarialCategorySchema, VariantCountSchema)])
    .optional()
    .describe(`Most variants per base case and category, picked by run.seed (default: prompt_injection 8, others all; at most ${MAX_VARIANTS_PER_CASE}).`),
});
export type AdversarialSettings = z.infer<typeof AdversarialSettingsSchema>;

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
