import { z } from 'zod';
import { JsonObjectSchema } from './json-object.js';

/**
 * An argument matcher (SPEC §6): an operator object such as `{ lte: 20 }`, or any other
 * JSON value compared by deep equality (key order free). An object counts as an operator
 * object only when every key is an operator.
 */
export const MATCHER_OPERATORS = [
  'eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'regex', 'contains', 'any', 'type', 'domain_in',
] as const;
export type MatcherOperator = (typeof MATCHER_OPERATORS)[number];

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

export const OperatorMatcherSchema = z
  .strictObject({
    eq: z.unknown().optional(),
    ne: z.unknown().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    in: z.array(z.unknown()).optional(),
    regex: z.string().optional(),
    contains: z.unknown().optional(),
    any: z.literal(true).optional(),
    type: z.enum(JSON_TYPES).optional(),
    domain_in: z.array(z.string()).optional(),
  })
  .describe('An operator matcher: every operator given must hold.');
export type OperatorMatcher = z.infer<typeof OperatorMatcherSchema>;

/** A value to match: an operator object, or a literal compared by deep equality. */
const MATCHER_DESCRIPTION = 'A literal (deep equality) or an operator object such as { lte: 20 }.';
export const MatcherSchema = z.unknown().describe(MATCHER_DESCRIPTION);
export type Matcher = unknown;

/** Matchers by key (a call's arguments, the final state): a JsonObjectSchema, so every key the user wrote is kept. */
export const MatcherObjectSchema = JsonObjectSchema.meta({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: { description: MATCHER_DESCRIPTION } });

/** True when `value` is a plain object whose keys are all matcher operators. */
export function isOperatorObject(value: unknown): value is OperatorMatcher {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => (MATCHER_OPERATORS as readonly string[]).includes(key));
}
