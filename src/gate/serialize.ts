/**
 * The baseline's text, laid out for review in a pull request (SPEC §7): a fixed reading order
 * for the file, each case and each rate (what it is, where it came from, the figures, then the
 * cases; a case's status first and its fingerprint last), other keys sorted,
 * figures rounded by what they measure, and every flat record — a case, a rate — on one line,
 * so a case that changed is one changed line in the diff. Pure.
 */
import { safeJsonText } from '../common/sanitize.js';

/**
 * Reading order of the records a reviewer reads most: the file itself, a case, a rate. A record
 * is recognised by its marker keys; keys its order does not list follow, sorted. Every other
 * object has its keys sorted.
 */
// Equivalent mutants: emptying the last name of an order ('cases', 'fingerprint', 'high'), which
// comes last anyway, and the rate's markers as [] (no other object holds a rate's keys).
const RECORD_ORDERS: { markers: string[]; order: string[] }[] = [
  { markers: ['format', 'cases'], order: ['format', 'version', 'provenance', 'pricing', 'fingerprint', 'metrics', 'cases'] },
  { markers: ['status', 'attempts'], order: ['status', 'passes', 'attempts', 'flaky', 'outcome', 'escalations', 'failed_checks', 'tool_correctness', 'tool_precision', 'tool_recall', 'duration_ms', 'cost_usd', 'fingerprint'] },
  { markers: ['value', 'n'], order: ['value', 'successes', 'n', 'low', 'high'] },
];
/** Decimals kept per kind of figure: rates and scores 4, USD 6; milliseconds become integers. */
const RATE_DECIMALS = 4;
const USD_DECIMALS = 6;
const INDENT = '  ';

/** Stable, diff-friendly JSON with a trailing newline; valid JSON that JSON.parse reads back. */
export function serializeStable(value: Record<string, unknown>): string {
  // Stryker disable next-line StringLiteral: the top level is an object, whose key is never read
  return `${safeJsonText(write(normalize(value, ''), ''))}\n`;
}

/** A copy with keys in reading order and numbers rounded by what their key says they measure. */
function normalize(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item, key));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    // Stryker disable next-line ArrayDeclaration: no key is named "Stryker was here"
    const order = RECORD_ORDERS.find((record) => record.markers.every((marker) => Object.hasOwn(value, marker)))?.order ?? [];
    const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
    entries.sort(([a], [b]) => rank(a) - rank(b) || compare(a, b));
    return Object.fromEntries(entries.map(([k, item]) => [k, normalize(item, k)]));
  }
  return typeof value === 'number' ? roundFigure(key, value) : value;
}

/**
 * A figure as the baseline file keeps it, rounded by what its key says it measures (a rate's
 * figures are under `value`, `low`, `high`; a metric's name says the same of its value). The
 * gate compares a run with a baseline at this precision, so the same run is not a move.
 */
export function roundFigure(key: string, value: number): number {
  if (Number.isInteger(value)) return value;
  if (key.endsWith('_ms')) return round(value, 0);
  if (key.startsWith('cost') || key.endsWith('_usd')) return round(value, USD_DECIMALS);
  return round(value, RATE_DECIMALS);
}

/** JSON text: flat records on one line, anything holding a record broken over lines. */
function write(value: unknown, indent: string): string {
  // Equivalent mutant: the typeof test below as `false` (a scalar is flat and written inline alike).
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (isFlat(value)) return inline(value);
  const inner = indent + INDENT;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + write(item, inner)).join(',\n')}\n${indent}]`;
  const lines = Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** A record whose values are scalars or lists of scalars: one line of review. */
function isFlat(value: object): boolean {
  return Object.values(value).every((item) => item === null || typeof item !== 'object' || (Array.isArray(item) && item.every((x) => x === null || typeof x !== 'object')));
}

/** `{"a": 1, "b": ["x", "y"]}`: JSON with a space after each colon and comma. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(', ')}}`;
}

function round(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(decimals));
  // Equivalent mutant: `-0` as `+0` (JSON.stringify(-0) is "0").
  return Object.is(rounded, -0) ? 0 : rounded;
}

function compare(a: string, b: string): number {
  // Equivalent mutants: every change to the second test, and `a <= b ? -1`: the keys compared are distinct and V8's sort only asks whether a comparison is negative.
  return a < b ? -1 : a > b ? 1 : 0;
}
