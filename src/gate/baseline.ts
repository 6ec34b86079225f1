/**
 * agentready.baseline.json (SPEC §7): built from a run, serialized for review in pull
 * requests (sorted keys, rounded figures, no timestamps or paths), parsed and read back.
 * `readBaseline` is gate/'s only I/O.
 */
import { withoutBom } from '../config/bom.js';
import { firstConflictMarker } from '../config/merge-conflict.js';
import { fsPromises } from '../common/fs-promises.js';
import { z } from 'zod';
import { jsonNestedPast } from '../config/json-depth.js';
import { jsonDuplicateKey } from '../config/json-duplicate-key.js';
import { lineColumn, parserFound, syntaxErrorPosition, withoutExcerpt } from '../config/json-error.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { BaselineSchema, type Baseline, type BaselineCase, type MetricsBySlice } from '../config/schema/baseline.js';
import type { CaseResult } from '../config/schema/results.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { foldCases } from './diff.js';
import { serializeStable } from './serialize.js';
import { baselineCase } from './case-record.js';
import { frameLine, quoteFound } from '../common/shorten.js';
import { redactDeep } from '../common/redact-deep.js';
import { valueIssueFields } from '../config/issues.js';
import { expectedWords } from '../config/expected-words.js';
import type { AgentName } from '../config/schema/agent.js';
import type { Price } from '../config/schema/price.js';
import { newerVersionMessage } from '../config/newer-version.js';
import { commandHint } from '../config/command-hint.js';
import { shownPath } from '../config/shown-path.js';

export interface BuildBaselineInput {
  results: readonly CaseResult[];
  metrics: MetricsBySlice;
  agent: AgentName;
  adapter: string;
  /** The git commit the run was made at, and whether tracked files had changes not committed (`common/git.ts` `gitCheckout`). */
  checkout?: { commit?: string; uncommitted?: true };
  /** Hash of every suite as written. */
  fingerprint: string;
  /** The attempts per case the run planned (its --repeat): a case that ran fewer is no pass (foldCases). */
  planned?: number | undefined;
  /** The config's prices that priced the run's model calls, by their key (`environment/pricing.ts` `pricesUsed`): none, or empty, when none did. */
  pricing?: Readonly<Record<string, Price>>;
}

/** The baseline of a run: provenance, metrics and one verdict per case that ran (skipped ones left out). */
export function buildBaseline(input: BuildBaselineInput): Baseline {
  const cases: Record<string, BaselineCase> = {};
  for (const verdict of foldCases(input.results, input.planned).values()) {
    if (verdict.status === 'skipped') continue;
    cases[verdict.key] = baselineCase(verdict);
  }
  const { commit, uncommitted } = input.checkout ?? {};
  const priced = input.pricing !== undefined && Object.keys(input.pricing).length > 0;
  return {
    format: 'agentready-baseline',
    // The lowest version that holds it: a clean checkout's baseline of cases without tool scores nor prices stays one every agentready reads.
    version: priced ? 4 : Object.values(cases).some(holdsToolScores) ? 3 : uncommitted === true ? 2 : 1,
    provenance: { agent: input.agent, adapter: input.adapter, ...(commit ? { commit } : {}), ...(commit && uncommitted === true ? { uncommitted } : {}) },
    ...(priced ? { pricing: { ...input.pricing } } : {}),
    fingerprint: input.fingerprint,
    metrics: input.metrics,
    cases,
  };
}

/** Whether a case record keeps tool scores (version 3). */
function holdsToolScores(record: BaselineCase): boolean {
  return record.tool_correctness !== undefined;
}

/**
 * Stable, diff-friendly JSON: a fixed order at the top, keys sorted below, figures rounded,
 * one line per case and per rate, a trailing newline.
 */
export function serializeBaseline(baseline: Baseline): string {
  return serializeStable(baseline);
}

/**
 * What to do about a baseline agentready cannot read: it writes the file, so it writes it again.
 * The committed one is HEAD's: `git checkout -- file` restores the index's, and refuses a path a
 * merge left unmerged (`path ... is unmerged`), the usual way a baseline gets conflict markers.
 */
function baselineHint(file: string): string {
  return `agentready writes this file: write it again with \`${commandHint('baseline update')}\`, or restore the committed one (\`git checkout HEAD -- ${file}\`).`;
}

/**
 * A baseline agentready cannot read: each problem with its line of the file for the code frame, as
 * a config file's problems print theirs, and what it quotes of the file redacted, as the file is
 * when it is read.
 */
function baselineError(issues: ConfigIssue[], { file, text }: { file: string; text: string }): ConfigError {
  const framed = issues.map((issue) => ({ ...issue, sourceLine: frameLine(text, issue) }));
  return new ConfigError(redactDeep(framed), { hint: baselineHint(file) });
}

/** Parses a baseline file's text, redacted; a corrupt or invalid file is a ConfigError located in the file. */
export function parseBaseline(written: string, file: string): Baseline {
  // A baseline an editor saved again may start with a byte order mark.
  const text = withoutBom(written);
  let rawBaseline: unknown;
  try {
    rawBaseline = JSON.parse(text);
  } catch (error) {
    throw baselineError([notJson({ text, file, message: error instanceof Error ? error.message : String(error) })], { file, text });
  }
  const deep = jsonNestedPast(text, MAX_NESTING_DEPTH);
  if (deep !== undefined) {
    throw baselineError([
      { file, ...lineColumn(text, deep), path: '', code: 'too_deep', message: `nested more than ${MAX_NESTING_DEPTH} levels deep`, expected: `a JSON baseline written by \`${commandHint('baseline update')}\``, found: `level ${MAX_NESTING_DEPTH + 1} here` },
    ], { file, text });
  }
  // baseline update writes each key once: one given twice is a conflict resolved by keeping both sides, which JSON.parse reads as the last side alone.
  const twice = jsonDuplicateKey(text);
  if (twice !== undefined) {
    throw baselineError([
      { file, ...lineColumn(text, twice.at), path: '', code: 'duplicate_key', message: `the key "${twice.key}" is given twice in one object`, expected: `each key once, as \`${commandHint('baseline update')}\` writes it (a merge conflict resolved by keeping both sides repeats keys: write it again instead)`, found: `"${twice.key}" a second time` },
    ], { file, text });
  }
  const newer = newerVersion(rawBaseline);
  if (newer !== undefined) {
    const message = newerVersionMessage({ kind: 'baseline', version: newer, reads: BASELINE_VERSION });
    throw new ConfigError([{ file, ...lineColumn(text, locate(text, ['version'])), path: 'version', code: 'newer_version', message, found: String(newer) }], {
      message: `${file} was ${message}`,
      hint: `Upgrade agentready to read this baseline (or write it again with \`${commandHint('baseline update')}\`).`,
    });
  }
  const parsed = BaselineSchema.safeParse(rawBaseline);
  // Committed and merged from branches, the file may hold what a run would have redacted (written
  // with --no-redact, or by hand): read as a run's results are, so no print or report of it shows it.
  if (parsed.success) return redactDeep(parsed.data);
  throw baselineError(parsed.error.issues.map((issue): ConfigIssue => {
      const { line, column } = lineColumn(text, locate(text, issue.path));
      if (issue.code === 'unrecognized_keys') {
        return { file, line, column, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message, expected: `no keys ${issue.keys.join(', ')}`, found: quoteFound(issue.keys) };
      }
      return { file, line, column, ...valueIssueFields({ issue, path: issue.path, data: rawBaseline, expected: expectedWords(issue), quote: quoteFound }) };
    }), { file, text });
}

/** The baseline format this agentready reads and writes. */
const BASELINE_VERSION = 4;

/** The version of a baseline object written by a newer agentready, else undefined. */
function newerVersion(rawBaseline: unknown): number | undefined {
  if (rawBaseline === null || typeof rawBaseline !== 'object' || Array.isArray(rawBaseline)) return undefined;
  const version = (rawBaseline as Record<string, unknown>).version;
  return typeof version === 'number' && Number.isInteger(version) && version > BASELINE_VERSION ? version : undefined;
}

/** The committed baseline, or undefined when the file does not exist. Never writes. */
export async function readBaseline(path: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await fsPromises().readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseBaseline(text, shownPath(path));
}

/** The issue of a file JSON.parse refused: unresolved merge conflicts, or what the parser found where. */
function notJson({ text, file, message }: { text: string; file: string; message: string }): ConfigIssue {
  const conflict = firstConflictMarker(text);
  if (conflict) {
    return {
      file,
      ...lineColumn(text, conflict.index),
      path: '',
      code: 'merge_conflict',
      message: 'the baseline has unresolved merge conflicts',
      expected: `a baseline without merge conflicts: regenerate it with \`${commandHint('baseline update')}\` (or resolve the conflict and keep one side)`,
      found: `unresolved merge conflicts (a ${conflict.marker} marker)`,
    };
  }
  const { line, column } = syntaxErrorPosition(message, text);
  return {
    file,
    line,
    column,
    path: '',
    code: 'invalid_json',
    message: `not valid JSON: ${withoutExcerpt(message)}`,
    expected: `a JSON baseline written by \`${commandHint('baseline update')}\``,
    found: parserFound({ message, text, end: 'the end of the file' }),
  };
}

/**
 * Offset of the value at `path` in valid JSON text, or of the deepest ancestor that exists
 * (a missing key is reported at the object that lacks it).
 */
function locate(text: string, path: readonly PropertyKey[]): number {
  let pos = skipSpace(text, 0);
  // Equivalent mutants in locate, skipValue and skipSpace: the guards against a scalar on the path
  // and against running off the text (`open !== ...` as false, `cursor < text.length` as true or <=,
  // `!== ']'` as true, `^` of the literal regex, `literal?.`): zod's path runs through containers
  // of valid JSON, which always close.
  for (const segment of path) {
    const open = text[pos];
    if (open !== '{' && open !== '[') return pos;
    let cursor = skipSpace(text, pos + 1);
    let index = 0;
    let found: number | undefined;
    while (text[cursor] !== '}' && text[cursor] !== ']' && cursor < text.length) {
      let name: string | number = index++;
      if (open === '{') {
        const end = skipValue(text, cursor);
        name = JSON.parse(text.slice(cursor, end)) as string;
        cursor = skipSpace(text, skipSpace(text, end) + 1); // past ':'
      }
      if (String(name) === String(segment)) {
        found = cursor;
        break;
      }
      cursor = skipSpace(text, skipValue(text, cursor));
      if (text[cursor] === ',') cursor = skipSpace(text, cursor + 1);
    }
    if (found === undefined) return pos;
    pos = found;
  }
  return pos;
}

/** The offset just past the JSON value starting at `pos`. */
function skipValue(text: string, pos: number): number {
  const first = text[pos];
  if (first === '"') {
    let i = pos + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = pos;
    while (i < text.length) {
      const char = text[i];
      if (char === '"') {
        i = skipValue(text, i);
        continue;
      }
      if (char === '{' || char === '[') depth++;
      if (char === '}' || char === ']') depth--;
      i++;
      if (depth === 0) return i;
    }
    return i;
  }
  const literal = /^[^\s,\]}]+/.exec(text.slice(pos, pos + 64));
  return pos + (literal?.[0].length ?? 1);
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  return pos;
}
