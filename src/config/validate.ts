/** Pure validation of one file's text: YAML → interpolation (config only) → zod → the file's own rules. */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { explainQuotedReferences, interpolateEnv, withoutEnvEchoes, type Env } from './interpolate.js';
import { zodIssuesToConfigIssues } from './issues.js';
import { mergeKeyIssues } from './merge-keys.js';
import { parseYaml, yamlToJs, type YamlFile } from './parse-yaml.js';
import { isPlainCase, withSharedOutcome } from './plain-case.js';
import { runRules, SUITE_RULES } from './rules.js';
import { salvage, type Salvaged } from './salvage.js';
import { WrittenConfigSchema, type WrittenConfig } from './schema/config.js';
import { PolicySchema, type Policy } from './schema/policy.js';
import { CaseSchema, WrittenSuiteSchema, type WrittenCase, type WrittenSuite } from './schema/suite.js';

export type SourceResult<T> =
  | { ok: true; value: T; /** Findings that do not stop a run. */ warnings: ConfigIssue[] }
  | { ok: false; /** Errors and warnings, sorted by position. */ issues: ConfigIssue[] };

/** A suite file's text, checked against its schema and its own cross-references. */
export function validateSuiteSource(source: string, file: string): SourceResult<WrittenSuite> {
  const checked = checkSuiteSource(source, file);
  return toResult(checked.value, checked.issues);
}

/** A suite file checked alone: its schema, then the rules over what passed it (SUITE_RULES). */
export function checkSuiteSource(source: string, file: string): CheckedFile<WrittenSuite> {
  const checked = checkSource({ source, file, schema: WrittenSuiteSchema });
  if (checked.salvaged) checked.issues.push(...runRules(SUITE_RULES, { suites: [{ yaml: checked.yaml, value: checked.salvaged }] }));
  return checked;
}

/** agentready.config.yaml's text, with `${NAME}` taken from `env`. Suites and policy are not read. */
export function validateConfigSource({ source, file, env = {} }: { source: string; file: string; env?: Env }): SourceResult<WrittenConfig> {
  const checked = checkSource({ source, file, schema: WrittenConfigSchema, env });
  return toResult(checked.value, checked.issues);
}

/** policy.yaml's text. */
export function validatePolicySource(source: string, file: string): SourceResult<Policy> {
  const checked = checkSource({ source, file, schema: PolicySchema });
  return toResult(checked.value, checked.issues);
}

export interface CheckedFile<T> {
  yaml: YamlFile;
  /** The plain data (interpolated), even when the schema rejected it; undefined after a YAML error. */
  data: unknown;
  /** Set when the file passed its schema. */
  value: T | undefined;
  /** What passed the schema (all of `value` when set), for the cross-reference rules. */
  salvaged: Salvaged<T> | undefined;
  issues: ConfigIssue[];
}

/** Parses and schema-checks one file, collecting every problem. */
export function checkSource<S extends z.ZodType>(input: {
  source: string;
  file: string;
  schema: S;
  env?: Env;
}): CheckedFile<z.output<S>> {
  // A suite's cases are checked as each slice of its `cases:` list is read (see caseChecker).
  const cases = (input.schema as z.ZodType) === WrittenSuiteSchema ? caseChecker() : undefined;
  const { yaml, issues } = parseYaml({ source: input.source, file: input.file }, { interpolated: input.env !== undefined, ...(cases ? { caseItem: cases.item } : {}) });
  // The schema would only repeat a syntax error in other words, so a broken file stops here.
  if (issues.some(isError)) return { yaml, data: undefined, value: undefined, salvaged: undefined, issues };
  const env = input.env ? interpolateEnv(yaml, input.env) : { issues: [], quoted: [] };
  issues.push(...env.issues);
  const js = yamlToJs(yaml);
  if (!js.ok) return { yaml, data: undefined, value: undefined, salvaged: undefined, issues: [...issues, js.issue] };
  const byParts = cases && yaml.fast?.casesMapped && cases.allPassed() ? (withCheckedCases(js.value) as z.output<S> | undefined) : undefined;
  if (byParts) return { yaml, data: js.value, value: byParts, salvaged: byParts as Salvaged<z.output<S>>, issues };
  // With a case that failed, the list holds the checked cases and that case as read: the whole
  // check words its problems as ever (a checked case checks again to itself).
  // The config and the policy are checked once, small: zod compiling its fast path would cost more than it saves.
  const once = (input.schema as z.ZodType) === WrittenConfigSchema || (input.schema as z.ZodType) === PolicySchema;
  const parsed = input.schema.safeParse(js.value, { reportInput: true, ...(once ? { jitless: true } : {}) });
  if (parsed.success) return { yaml, data: js.value, value: parsed.data, salvaged: parsed.data as Salvaged<z.output<S>>, issues: [...issues, ...mergeKeyIssues(yaml, new Set())] };
  const schemaIssues = explainQuotedReferences(zodIssuesToConfigIssues({ yaml, issues: parsed.error.issues, data: js.value, schema: input.schema }), env.quoted);
  const salvaged = salvage(input.schema, js.value);
  // A merge key the schema told as an unknown key is told once, there.
  const merges = mergeKeyIssues(yaml, new Set(schemaIssues.map((issue) => issue.path)));
  // An unset variable leaves `${NAME}` in place; its type error would say the same thing twice.
  return { yaml, data: js.value, value: undefined, salvaged, issues: withoutEnvEchoes([...issues, ...schemaIssues, ...merges]) };
}

/**
 * The check of a suite's cases one at a time, as parseFast reads them a slice at a time:
 * each case's data as read then dies young instead of living beside its checked copy until the
 * whole file is checked. A case that fails stays as read, for the whole check to word. A case in
 * the plainest shape (plain-case.ts) is what zod would return: it stays as read, unchecked by zod.
 */
function caseChecker(): { item: (raw: unknown) => unknown; allPassed: () => boolean } {
  let failed = false;
  const outcomes = new Map<string, WrittenCase['expect']>();
  return {
    item: (raw) => {
      // The plainest cases (most of a large suite) are what zod would return: kept as read (an outcome alone shared).
      if (isPlainCase(raw)) return withSharedOutcome(raw, outcomes);
      const checked = CaseSchema.safeParse(raw);
      if (checked.success) return checked.data;
      failed = true;
      return raw;
    },
    allPassed: () => !failed,
  };
}

const SuiteWithoutCases = WrittenSuiteSchema.omit({ cases: true });

/**
 * A suite whose cases were all checked one by one, with the rest of it checked: what
 * WrittenSuiteSchema would give (`cases` is its last key); undefined when the rest fails.
 */
function withCheckedCases(data: unknown): WrittenSuite | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const { cases, ...rest } = data as Record<string, unknown>;
  // Checked once: zod compiling its fast path would cost more than it saves (~5 ms).
  const checked = SuiteWithoutCases.safeParse(rest, { jitless: true });
  return checked.success ? { ...checked.data, cases: cases as WrittenSuite['cases'] } : undefined;
}

/** Issues by file, line, column: the order users fix them in. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

export function isError(issue: ConfigIssue): boolean {
  return issue.severity !== 'warning';
}

function toResult<T>(value: T | undefined, issues: ConfigIssue[]): SourceResult<T> {
  if (value !== undefined && !issues.some(isError)) return { ok: true, value, warnings: sortIssues(issues) };
  return { ok: false, issues: sortIssues(issues) };
}
