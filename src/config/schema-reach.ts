/**
 * Whether a dotted path (`amount`, `meta.amount`, `items.0.amount`) can lead to a value in what a
 * JSON Schema admits: a policy condition on a path no call can have never holds (authority-rules.ts).
 * The arguments' schema is checked before the policy (environment/decide.ts), so a call whose value
 * the schema refuses never reaches a rule. Pure; says `may` whenever it cannot tell.
 */
import { isPlainObject } from './json-value.js';

/** Where a path can never lead, at `depth` (the index of the key no value has). */
export type PathReach =
  /** `schema`: what the path leads to, when it was followed to its end (a condition's value must fit it: policy-literals.ts). */
  | { kind: 'may'; schema?: unknown }
  | { kind: 'never'; depth: number; why: 'undeclared'; declared: string[] }
  | { kind: 'never'; depth: number; why: 'list' | 'scalar'; type: string };

const MAY: PathReach = { kind: 'may' };
const SCALAR_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'null']);
/** Keywords that admit values beside `properties` and `items` (or say what they are elsewhere): a path below them is not judged. */
const OPEN_KEYWORDS = ['$ref', '$dynamicRef', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'patternProperties', 'dependentSchemas', 'unevaluatedProperties', 'prefixItems'];
const INDEX = /^(?:0|[1-9]\d*)$/;
/** What a list's `length` is. */
const LENGTH = { type: 'integer' };

/**
 * How far `keys` can go into values `schema` admits. An object's keys are its `properties` (unless
 * `additionalProperties` admits others, as `declaredNames` reads it); a list (`type: array`) has
 * only indexes, which lead into `items`, and its `length`; a scalar has no keys. Below the top, a schema with
 * composition or references is not judged.
 */
export function reachOf(schema: unknown, keys: readonly string[]): PathReach {
  let at = schema;
  for (const [depth, key] of keys.entries()) {
    if (!isPlainObject(at)) return MAY;
    const schemaHere = at;
    if (depth > 0 && OPEN_KEYWORDS.some((keyword) => keyword in schemaHere)) return MAY;
    if (typeof at.type === 'string' && SCALAR_TYPES.has(at.type)) return { kind: 'never', depth, why: 'scalar', type: at.type };
    if (at.type === 'array') {
      // A list's own `length` is read as a call has it (environment/policy.ts valueAt): a count, with no keys below.
      if (key === 'length') at = LENGTH;
      else if (!INDEX.test(key)) return { kind: 'never', depth, why: 'list', type: 'array' };
      else at = at.items;
      continue;
    }
    const declared = declaredNames(at);
    if (declared === undefined) return MAY;
    if (!declared.includes(key)) return { kind: 'never', depth, why: 'undeclared', declared };
    at = (at.properties as Record<string, unknown>)[key];
  }
  return { kind: 'may', schema: at };
}

/** Property names a JSON Schema object declares, or undefined when it accepts others too. */
function declaredNames(schema: unknown): string[] | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const { properties, additionalProperties } = schema as { properties?: unknown; additionalProperties?: unknown };
  if (properties === null || typeof properties !== 'object') return undefined;
  // An explicit open schema (true, or a schema for the rest) may carry any name.
  if (additionalProperties !== undefined && additionalProperties !== false) return undefined;
  return Object.keys(properties);
}
