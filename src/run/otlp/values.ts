/** OTLP/JSON values read as plain ones: attributes, field names, span durations, JSON text, typed attribute values. Pure. */
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan } from '../../config/schema/otlp.js';
import { MAX_NESTING_DEPTH } from '../../config/defaults.js';
import { jsonNestedPast } from '../../config/json-depth.js';

export type AttributeMap = ReadonlyMap<string, unknown>;

/** A span's or event's attributes by key; the last one wins when a key repeats. */
export function attributeMap(attributes: readonly OtlpKeyValue[] | undefined): AttributeMap {
  return new Map((attributes ?? []).map(({ key, value }) => [key, plain(value)]));
}

/** An AnyValue as the JavaScript value it holds: 64-bit integers as numbers, lists as arrays, kvlists as objects. */
export function plain(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue !== undefined) return Object.fromEntries((value.kvlistValue.values ?? []).map(({ key, value: v }) => [key, plain(v)]));
  return undefined;
}

/**
 * The same JSON with every field name in lowerCamelCase: an OTLP/JSON receiver must accept the
 * protobuf's snake_case names too. Attribute keys are values (`{"key": "gen_ai.tool.name"}`), not
 * field names, so they are left alone.
 */
export function camelKeys(raw: unknown): unknown {
  // What no renaming changes is returned as it is, not copied: exporters write camelCase already, and a copy of a day of spans costs its size again.
  if (Array.isArray(raw)) {
    let copy: unknown[] | undefined;
    for (const [i, item] of raw.entries()) {
      const renamed = camelKeys(item);
      if (copy === undefined && renamed !== item) copy = raw.slice(0, i);
      copy?.push(renamed);
    }
    return copy ?? raw;
  }
  if (typeof raw !== 'object' || raw === null) return raw;
  const record = raw as Record<string, unknown>;
  const keys = Object.keys(record);
  const values = keys.map((key) => camelKeys(record[key]));
  const same = keys.every((key, i) => camelKey(key) === key && values[i] === record[key]);
  return same ? raw : Object.fromEntries(keys.map((key, i) => [camelKey(key), values[i]]));
}

/** One field name in lowerCamelCase (`start_time_unix_nano` → `startTimeUnixNano`). */
export function camelKey(key: string): string {
  return key.includes('_') ? key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) : key;
}

/** A span's duration in milliseconds, to the microsecond; 0 when it ends before it starts. */
export function durationMs(span: Pick<OtlpSpan, 'startTimeUnixNano' | 'endTimeUnixNano'>): number {
  return msBetween(span.startTimeUnixNano, span.endTimeUnixNano);
}

/**
 * Milliseconds from `from` to `to` (OTLP nanosecond timestamps), to the nearest microsecond (a
 * time written from a fractional millisecond may land a nanosecond short); 0 when `to` is earlier.
 */
export function msBetween(from: string | number, to: string | number): number {
  const nanos = BigInt(to) - BigInt(from);
  if (nanos <= 0n) return 0;
  return Number((nanos + 500n) / 1000n) / 1000;
}

/**
 * A JSON-text attribute parsed; text that is not JSON stays text, and so does JSON nested past
 * MAX_NESTING_DEPTH: the request around it is held to that depth, and a value parsed deeper ran the
 * walks after it (the trace's JSON.stringify, redaction, matching) out of stack, `score` exit 3.
 */
export function jsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (jsonNestedPast(value, MAX_NESTING_DEPTH) !== undefined) return value;
  return tryJson(value) ?? value;
}

/** The JSON value of a text, or undefined when it is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Orders two OTLP nanosecond timestamps (decimal strings or numbers) exactly. */
export function compareNanos(a: string | number, b: string | number): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** A non-empty string attribute, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number attribute, else undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A count (tokens): a number, or a string of decimal digits, as an exporter that writes every
 * attribute as a string sends it (`"gen_ai.usage.input_tokens": {"stringValue": "500"}`): read as
 * no count, such a call cost $0 and its tokens went missing from the cost hotspots.
 */
export function count(value: unknown): number | undefined {
  if (typeof value === 'string') return /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
  return num(value);
}
