/**
 * What YAML 1.2's core schema makes of a plain scalar, by its text: whether it may be a null, a
 * boolean or a number rather than a string. Both fast reads of a suite (fast-yaml.ts over
 * js-yaml's events, line-yaml.ts over lines) ask it.
 */
import { CORE_SCHEMA } from 'js-yaml';

export const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
export const CORE_NOT_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** The first characters of YAML 1.2 core nulls, booleans and numbers: a plain scalar starting otherwise is a string. */
export const MAYBE_NOT_STRING = new Set([...'~nNtTfF0123456789+-.'].map((char) => char.charCodeAt(0)));

/**
 * A plain scalar's value under the core schema; undefined for a number past a double's range,
 * which js-yaml reads as a string and yaml as Infinity (such text is left to the located read).
 */
export function resolvePlain(text: string): { value: unknown } | undefined {
  // Most texts starting the way a null, a boolean or a number starts are strings still (`f1-case`,
  // `1st`, `.env`): CORE_NOT_STRING tells at once, where js-yaml's resolver tries each of its types
  // in turn (test/unit/config/core-scalars.test.ts checks the two agree).
  if (isCoreString(text)) return { value: text };
  if (pastDouble(text)) return undefined;
  return { value: CORE_SCHEMA.resolveImplicitScalarTag(text).value };
}

const CORE_HEX_OR_OCTAL = /^0(?:x[0-9a-fA-F]+|o[0-7]+)$/;

/**
 * Whether a plain scalar is a core number past a double's range (`1e400`, 400 digits, or `0x`
 * and 300 hex digits), which js-yaml reads as a string and yaml as Infinity.
 */
export function pastDouble(text: string): boolean {
  if (CORE_FLOAT.test(text)) return !Number.isFinite(Number(text));
  return CORE_HEX_OR_OCTAL.test(text) && !Number.isFinite(Number.parseInt(text.slice(2), text[1] === 'x' ? 16 : 8));
}

/**
 * Whether a plain scalar (a value or a key) is a string under the core schema: not null, a boolean
 * or a number. Most start with a character none of those starts with, and need no regex.
 */
export function isCoreString(text: string): boolean {
  return !MAYBE_NOT_STRING.has(text.charCodeAt(0)) || !CORE_NOT_STRING.test(text);
}
