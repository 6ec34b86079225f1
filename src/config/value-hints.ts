/**
 * Hints for a value of the wrong type that says what was meant: YAML 1.1's `yes` where a boolean
 * goes, a list of tools where a policy rule's one `tool` goes (issues.ts adds them to `expected`).
 */
import type { z } from 'zod';
import { allowedKeysAt } from './allowed-keys.js';
import type { PathKey } from './locate.js';

/**
 * Said of a list of tools where a policy rule's `tool` goes (`tool: [issue_refund, send_email]`):
 * the glob that names them all, `"{issue_refund,send_email}"`; '' for any other value or place.
 */
export function toolsAsGlob({ schema, path, value }: { schema: z.ZodType; path: readonly PathKey[]; value: unknown }): string {
  if (path.at(-1) !== 'tool' || !Array.isArray(value) || value.length < 2 || !value.every((item) => typeof item === 'string' && /^[\w.-]+$/.test(item))) return '';
  if (!allowedKeysAt(schema, { path: path.slice(0, -1), data: {} }).includes('require_prior')) return '';
  return `: one tool, or a glob naming several: "{${value.join(',')}}"`;
}

/** `: YAML 1.2 reads yes as a word: write true` for YAML 1.1's booleans (yes, no, on, off, y, n), which docker-compose and older tools take; '' otherwise. */
export function yamlOneOneBoolean(value: unknown): string {
  if (typeof value !== 'string' || !/^(?:yes|no|on|off|y|n)$/i.test(value)) return '';
  return `: YAML 1.2 reads ${value} as a word, so write ${/^(?:yes|on|y)$/i.test(value) ? 'true' : 'false'}`;
}
