/**
 * Matcher operators written as another word (`greater`), another language's name (`ge`, `$gt`) or
 * a sign (`>=`): the operator meant, which matcher-rules.ts names where such a key would be compared literally.
 */
import { MATCHER_OPERATORS } from './schema/matcher.js';

/**
 * The operator a key not one was written for: a word (`greater`), another language's name of it
 * (Python's and Fortran's `ge`, `le`; a comparison sign, `>=`), or MongoDB's (`$gt`, `$in`); else undefined.
 */
export function operatorWord(key: string): string | undefined {
  const word = key.toLowerCase();
  if (word.startsWith('$') && (MATCHER_OPERATORS as readonly string[]).includes(word.slice(1))) return word.slice(1);
  return Object.hasOwn(SPELLED_OUT, word) ? SPELLED_OUT[word] : undefined;
}

/** Operators written as words (`greater: 100`) or signs (`">=": 100`), which read right and compare literally. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ge: 'gte', geq: 'gte', gteq: 'gte', le: 'lte', leq: 'lte', lteq: 'lte',
  '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', '==': 'eq', '=': 'eq', '!=': 'ne', '<>': 'ne',
  greater: 'gt', greater_than: 'gt', more_than: 'gt', above: 'gt',
  greater_or_equal: 'gte', greater_than_or_equal: 'gte', at_least: 'gte',
  less: 'lt', less_than: 'lt', fewer_than: 'lt', below: 'lt',
  less_or_equal: 'lte', less_than_or_equal: 'lte', at_most: 'lte',
  equals: 'eq', equal: 'eq', equal_to: 'eq',
  not: 'ne', not_equal: 'ne', not_equals: 'ne', neq: 'ne',
  matches: 'regex', match: 'regex', regexp: 'regex', pattern: 'regex',
  includes: 'contains', include: 'contains',
  one_of: 'in', oneof: 'in', any_of: 'in',
  domain: 'domain_in', domains: 'domain_in',
};
