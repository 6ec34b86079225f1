/**
 * What zod wanted and what was found, in words a user reads: `expected` of a config issue
 * (`expectedWords`) and the JSON of a found value cut at FOUND_MAX_CHARS (`quote`).
 */
import type { z } from 'zod';

type ZodIssue = z.core.$ZodIssue;

/** Longest `found` text, so one huge value cannot flood the terminal. */
export const FOUND_MAX_CHARS = 80;

/** `expected` for a union no branch of which fits: each branch's words, joined by "or". */
export function unionWords(issue: Extract<ZodIssue, { code: 'invalid_union' }>): string {
  if (!issue.message.startsWith('Invalid')) return issue.message;
  // zod 4 adds `options` to a discriminated union's issue without typing it.
  const options = (issue as { options?: unknown[] }).options;
  if (Array.isArray(options)) return `one of ${options.map(String).join(' | ')}`;
  const words = issue.errors.map((branch) => (branch[0] ? expectedWords(branch[0]) : 'another shape'));
  return [...new Set(words)].join(' or ') || 'another shape';
}

/** What zod wanted, in words a user reads. */
export function expectedWords(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeWords(issue.expected);
    case 'invalid_value':
      // A value the schema words itself (`policy: true`: a path or false, not "false") says more than the values.
      if (!issue.message.startsWith('Invalid')) return issue.message;
      return issue.values.length === 1 ? quote(issue.values[0]) : `one of ${issue.values.map(String).join(' | ')}`;
    // A bound the schema words itself ("a fraction in [0, 1] …") says more than the number.
    case 'too_small':
      return ownWords(issue) ?? sizeWords(issue.origin, { bound: 'at least', limit: issue.minimum, inclusive: issue.inclusive });
    case 'too_big':
      return ownWords(issue) ?? sizeWords(issue.origin, { bound: 'at most', limit: issue.maximum, inclusive: issue.inclusive });
    case 'invalid_format':
      if (!issue.message.startsWith('Invalid')) return issue.message;
      return issue.format === 'url' ? 'an http:// or https:// URL, as http://127.0.0.1:8123/' : `a string in ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return unionWords(issue);
    default:
      return issue.message;
  }
}

/** The message a schema gave a bound, when it gave one (zod's own start "Too small" / "Too big"). */
function ownWords(issue: ZodIssue): string | undefined {
  return /^Too (small|big)\b/.test(issue.message) ? undefined : issue.message;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

/** "a number" for number, and so on. */
function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? `a ${type}`;
}

/** Words for a size bound: "a non-empty string", "a list with at least 1 item", "a number greater than 0". */
function sizeWords(origin: string, { bound, limit, inclusive }: { bound: 'at least' | 'at most'; limit: number | bigint; inclusive: boolean | undefined }): string {
  const n = Number(limit);
  if (origin === 'string') {
    if (bound === 'at least' && n === 1) return 'a non-empty string';
    return `a string of ${bound} ${n} character${n === 1 ? '' : 's'}`;
  }
  if (origin === 'array' || origin === 'set') return `a list with ${bound} ${n} item${n === 1 ? '' : 's'}`;
  if (inclusive === false) return `a number ${bound === 'at least' ? 'greater' : 'less'} than ${n}`;
  return `a number of ${bound} ${n}`;
}

/** JSON of a value for `found`, cut at FOUND_MAX_CHARS. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  // YAML's 1e400, .inf and .nan, which JSON would write as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > FOUND_MAX_CHARS ? `${text.slice(0, FOUND_MAX_CHARS - 1)}…` : text;
}
