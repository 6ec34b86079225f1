import { z } from 'zod';

/**
 * A JSON object whose keys are the user's or the agent's (a case's `context` and `state`, tool
 * arguments, argument matchers, a JSON Schema): any keys, values unchecked. The parse returns the
 * object itself, every own key kept. `z.record(z.string(), z.unknown())` would copy it and drop an
 * own `__proto__` key (zod skips it, as assigning it would set the copy's prototype), so a
 * `context: {__proto__: …}` the user wrote would never reach the agent. The JSON Schema it renders
 * is the record's: `{type: object, propertyNames: {type: string}, additionalProperties: {}}`.
 */
export const JsonObjectSchema = z
  .custom<Record<string, unknown>>()
  .check((payload) => {
    if (!isJsonObject(payload.value)) payload.issues.push({ code: 'invalid_type', expected: 'record', input: payload.value });
  })
  .meta({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} });

/** An object holding data: not an array, and not an instance of a class (as zod's record wants). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
