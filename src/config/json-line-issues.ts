/**
 * A JSONL line's schema problems worded as a config file's are (`key "outcome" with one of …`,
 * `found no "outcome" key`, unknown keys by name), each at its own column: the line is JSON, which
 * YAML reads with positions. Should it not, the problems stay at the line's start in zod's words.
 * For every reader of lines: a traces file for `score` (run/recorded-traces.ts) and a run folder's
 * results.jsonl (run/results-file.ts).
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { zodIssuesAt, zodIssuesToConfigIssues } from './issues.js';
import { parseLocated, type YamlFile } from './parse-yaml.js';
import { locatedJsonLine } from './json-line-locate.js';

export function jsonLineIssues(input: {
  issues: readonly z.core.$ZodIssue[];
  /** The line as JSON.parse read it. */
  raw: unknown;
  source: string;
  at: { file: string; line: number; column: number; sourceLine: string };
  schema: z.ZodType;
  /** How a value is quoted as `found`: what is redacted later passes common/shorten.ts's `quoteFound`. */
  quote: (value: unknown) => string;
}): ConfigIssue[] {
  const { issues, raw, source, at, schema, quote } = input;
  const yaml = locatedLine(source, at.file);
  if (yaml === undefined) return zodIssuesAt(issues, at);
  return zodIssuesToConfigIssues({ yaml, issues, data: raw, schema, quote })
    .map((issue) => ({ ...issue, line: at.line, sourceLine: at.sourceLine }));
}

/** A JSON line with positions: scanned (locatedJsonLine), else by yaml's parse; undefined when YAML does not read it whole. */
export function locatedLine(source: string, file: string): YamlFile | undefined {
  const scanned = locatedJsonLine(source, file);
  if (scanned !== undefined) return scanned;
  const located = parseLocated(source, file);
  return located.issues.length > 0 ? undefined : located.yaml;
}
