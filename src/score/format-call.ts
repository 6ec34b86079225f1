/** How a tool call and a value print inside a check's reason: `issue_refund {amount: {lte: 20}}`. */
import { shorten } from '../common/shorten.js';

/** Longest rendering of a value inside a reason, in characters. */
const MAX_VALUE_CHARS = 80;

/** `issue_refund {amount: {lte: 20}}`, with ` (approved: true)` when an approval is part of it. */
export function formatCall({ name, args, approved }: { name: string; args?: unknown; approved?: boolean | null }): string {
  const rendered = args === undefined ? '' : ` ${formatValue(args)}`;
  const approval = approved === undefined ? '' : ` (approved: ${approved === null ? 'not asked' : approved})`;
  return `${name}${rendered}${approval}`;
}

/** A JSON value in a JS-like short form: unquoted simple keys, cut at MAX_VALUE_CHARS. */
export function formatValue(value: unknown): string {
  return shorten(render(value), MAX_VALUE_CHARS);
}

/** Whether `formatValue` cuts this value's print. */
export function printIsCut(value: unknown): boolean {
  return render(value).length > MAX_VALUE_CHARS;
}

function render(value: unknown): string {
  // Equivalent mutant: this condition as `false` (JSON.stringify(undefined) ?? String(undefined) is the same).
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${render(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
