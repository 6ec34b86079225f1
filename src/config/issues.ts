/**
 * zod issues → ConfigIssues: each located in the YAML, with `expected` in words and `found`
 * as the JSON of the offending value. Unions are unwrapped to the branch the user meant.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { issueAtKey, issueAtPath, type IssueFields, type PathKey } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { knownMistake } from './known-mistakes.js';
import { allowedKeysAt, keyElsewhere, keyMeant, keyOfSameStart, keysItBegins, entryAsList, flowItem, meantHint, topListWords, typosOfMissing } from './allowed-keys.js';
import { valueAt } from './json-value.js';
import { toolsAsGlob, yamlOneOneBoolean } from './value-hints.js';
import { expectedWords, quote, unionWords } from './expected-words.js';

type ZodIssue = z.core.$ZodIssue;

/** Every zod issue of one file as located ConfigIssues (one per unknown key). */
export function zodIssuesToConfigIssues(input: {
  yaml: YamlFile;
  issues: readonly ZodIssue[];
  data: unknown;
  schema: z.ZodType;
  /**
   * How a value is quoted as `found`: `quote` for the user's own files (nothing redacts them);
   * data that is redacted later (a recorded trace) passes common/shorten.ts's `quoteFound`, whose
   * cut leaves no part of a secret for redaction to miss.
   */
  quote?: (value: unknown) => string;
}): ConfigIssue[] {
  const { yaml, data, schema } = input;
  const quoted = input.quote ?? quote;
  // A key written with a typo is one problem, the unknown key (which names the key meant), not also the key it lacks.
  const meant = new Set<string>();
  collectMeant(input.issues, []);
  return withoutSizeOfWrongType(input.issues).flatMap((issue) => convert(issue, []));

  /** The paths of the keys that unknown keys were meant to be, in the union branches `convert` reports too. */
  function collectMeant(issues: readonly ZodIssue[], prefix: PathKey[]): void {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union') {
        const branch = issue.errors.length > 0 ? intendedBranch(issue.errors) : undefined;
        if (branch) collectMeant(branch, path);
      }
      if (issue.code !== 'unrecognized_keys') continue;
      const allowed = allowedKeysAt(schema, { path, data });
      for (const key of issue.keys) {
        const guess = keyGuess({ path, key, allowed });
        if (guess.meant !== undefined) meant.add(JSON.stringify([...path, guess.meant]));
      }
    }
  }

  /** One issue (under `prefix`, for union branches) → ConfigIssues. */
  function convert(issue: ZodIssue, prefix: PathKey[]): ConfigIssue[] {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, { path, data });
        return issue.keys.map((key) => {
          const keyPath = [...path, key];
          const guess = keyGuess({ path, key, allowed });
          const hint = knownMistake({ path, allowed, key }) ?? (guess.elsewhere ? `: did you mean ${z.core.toDotPath(guess.elsewhere)}?` : meantHint(guess.meant) || keysItBegins(key, allowed));
          return issueAtKey({ yaml, path: keyPath }, {
            path: z.core.toDotPath(keyPath),
            code: issue.code,
            message: `unknown key "${key}"`,
            // Quoted as `found` is, cut: a 50,000-character key (a line pasted where a key goes) was printed whole.
            expected: `no key ${quoted(key)} here${hint} (allowed: ${allowed.join(', ')})`,
            found: quoted(key),
          });
        });
      }
      case 'invalid_union': {
        const branch = issue.errors.length > 0 ? intendedBranch(issue.errors) : undefined;
        if (branch) return withoutSizeOfWrongType(branch).flatMap((inner) => convert(inner, path));
        const typo = discriminatorTypo(path, issue);
        if (typo) return [typo];
        // A missing key of several shapes (a turn's `user`: text or replies) that an unknown key was meant to be: that key is the problem.
        if (typoOfMissing(path)) return [];
        return [at(path, { issue, expected: `${unionWords(issue)}${valueMeant(issue, path)}` })];
      }
      case 'invalid_key': {
        const key = path[path.length - 1];
        const inner = issue.issues[0];
        return [issueAtKey({ yaml, path }, {
          path: z.core.toDotPath(path),
          code: issue.code,
          message: inner?.message ?? issue.message,
          expected: inner ? expectedWords(inner) : 'a valid key',
          found: quoted(key),
        })];
      }
      default:
        if (typoOfMissing(path)) return [];
        return [at(path, { issue, expected: `${expectedWords(issue)}${valueMeant(issue, path)}` })];
    }
  }

  /**
   * `: did you mean "clarified"?` for a misspelt choice (`outcome: clarifyed`; a discriminator's,
   * `adapter: modul`, whose choices zod 4 gives as the union's `options`), as for a misspelt key; '' otherwise.
   */
  function valueMeant(issue: ZodIssue, path: PathKey[]): string {
    const values = issue.code === 'invalid_value' ? issue.values : issue.code === 'invalid_union' ? (issue as { options?: unknown }).options : undefined;
    if (!Array.isArray(values) || !issue.message.startsWith('Invalid')) return '';
    const found = valueAt(data, path);
    const choices = values.filter((value): value is string => typeof value === 'string');
    // A fault's kind written as its HTTP status (`error: 429`): the kind that answers with it, and where a status goes.
    if (typeof found === 'number' && found >= 400 && found <= 599 && choices.includes('rate_limit')) {
      const kind = found === 429 ? 'rate_limit' : choices.find((choice) => choice === 'error' || choice === 'server_error');
      return kind === undefined ? '' : `: did you mean "${kind}"? (the fault's kind; its HTTP status is status: ${found})`;
    }
    const meant = typeof found === 'string' && choices.length > 1 ? keyMeant(found, choices) : undefined;
    return meant === undefined ? '' : `: did you mean "${meant}"?`;
  }

  /**
   * What an unknown key of the mapping at `path` was meant to be: a typo of an allowed key
   * (`keyMeant`), else a key of the mapping above or beside (`keyElsewhere`), else the one allowed
   * key of its first word-part (`keyOfSameStart`: `deny_if` for `deny_when`); nothing when none fits.
   */
  function keyGuess({ path, key, allowed }: { path: PathKey[]; key: string; allowed: readonly string[] }): { meant?: string; elsewhere?: PathKey[] } {
    const typo = keyMeant(key, allowed);
    if (typo !== undefined) return { meant: typo };
    const elsewhere = keyElsewhere({ schema, path, key, data });
    if (elsewhere) return { elsewhere };
    const same = keyOfSameStart(key, allowed);
    return same === undefined ? {} : { meant: same };
  }

  /** Whether the key at `path` is missing and an unknown key beside it was meant to be it. */
  function typoOfMissing(path: PathKey[]): boolean {
    return meant.has(JSON.stringify(path)) && valueAt(data, path) === undefined;
  }

  /**
   * A missing discriminator (`adapter`) whose mapping holds a typo of it (`adaptr`): that key is
   * the problem, as any other typo is, not the lack of the key (nor a shape's keys: none is picked).
   */
  function discriminatorTypo(path: PathKey[], issue: Extract<ZodIssue, { code: 'invalid_union' }>): ConfigIssue | undefined {
    const discriminator = (issue as { discriminator?: unknown }).discriminator;
    if (typeof discriminator !== 'string' || valueAt(data, path) !== undefined) return undefined;
    const parent = valueAt(data, path.slice(0, -1));
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
    const key = Object.keys(parent).find((candidate) => keyMeant(candidate, [discriminator]) === discriminator);
    if (key === undefined) return undefined;
    const keyPath = [...path.slice(0, -1), key];
    return issueAtKey({ yaml, path: keyPath }, {
      path: z.core.toDotPath(keyPath),
      code: 'unrecognized_keys',
      message: `unknown key "${key}"`,
      expected: `no key "${key}" here: did you mean "${discriminator}"? (${discriminator}: ${unionWords(issue)})`,
      found: quoted(key),
    });
  }

  /** A ConfigIssue at the value `path` names. */
  function at(path: PathKey[], { issue, expected }: { issue: ZodIssue; expected: string }): ConfigIssue {
    const fields = valueIssueFields({ issue, path, data, expected, quote: quoted });
    // A file with nothing in it (or only comments) reads as null: say what the user sees.
    if (path.length === 0 && data === null && !/^[ \t]*[^#\s]/m.test(yaml.source)) fields.found = 'an empty file (nothing but comments and blank lines)';
    if (path.length === 0 && Array.isArray(data)) fields.expected = topListWords({ expected, schema, list: data });
    else if (issue.code === 'invalid_type' && issue.expected === 'array') fields.expected = `${expected}${entryAsList({ schema, path, value: valueAt(data, path) })}`;
    else if (issue.code === 'invalid_type' && issue.expected === 'object') fields.expected = `${expected}${nameAsEntry({ schema, path, value: valueAt(data, path) })}`;
    else if (issue.code === 'invalid_type' && issue.expected === 'boolean') fields.expected = `${expected}${yamlOneOneBoolean(valueAt(data, path))}`;
    else if (issue.code === 'invalid_type' && issue.expected === 'string') fields.expected = `${expected}${toolsAsGlob({ schema, path, value: valueAt(data, path) })}`;
    const located = issueAtPath({ yaml, path }, fields);
    return issue.code === 'invalid_type' && issue.expected === 'string' ? withQuotesHint(located, valueAt(data, path)) : located;
  }
}

/**
 * A string written as YAML reads a number or a boolean (`suite: 2024`, `id: 1e3`, `name: true`), or as a JSON line's number (`"name": 5`):
 * `expected a string, found 1000` left the user to guess that quotes make it one; the hint quotes
 * the value as written (`"1e3"`, not `"1000"`).
 */
function withQuotesHint(issue: ConfigIssue, value: unknown): ConfigIssue {
  if (typeof value !== 'number' && typeof value !== 'boolean') return issue;
  const written = issue.sourceLine?.slice(issue.column - 1, (issue.endColumn ?? issue.column) - 1).trim();
  if (!written || /["'\n]/.test(written)) return issue;
  // A JSON file (a traces file for `score`, results.jsonl) is read by the same locator: there it is no YAML that reads it so.
  const reader = /\.ya?ml$/i.test(issue.file) ? 'YAML reads it as' : 'it is';
  return { ...issue, expected: `${issue.expected ?? 'a string'} (in quotes, "${written}": unquoted, ${reader} a ${typeof value})` };
}

/**
 * What an issue at the value `path` says: the expected words and the value found there, or, for
 * a key its mapping lacks, `key "x" with …` and `no "x" key`. Shared by the YAML files and the
 * JSON ones (the baseline), which locate it each their own way.
 */
export function valueIssueFields(input: { issue: ZodIssue; path: readonly PathKey[]; data: unknown; expected: string; quote: (value: unknown) => string }): IssueFields {
  const { issue, path, data, expected } = input;
  const value = valueAt(data, path);
  const missing = value === undefined && path.length > 0 && parentHas(data, path) === false;
  const key = String(path[path.length - 1]);
  return {
    path: z.core.toDotPath(path),
    code: issue.code,
    message: missing ? `missing required key "${key}"` : issue.message,
    expected: missing ? `key "${key}" with ${expected}` : expected,
    found: missing ? `no "${key}" key` : input.quote(value),
  };
}

/**
 * The issues without a size bound at a value whose type is already wrong: zod checks a list's
 * `min(1)` on the string `''` given instead, and "a non-empty string" beside "a list" contradicts it.
 */
export function withoutSizeOfWrongType(issues: readonly ZodIssue[]): ZodIssue[] {
  const wrongType = new Set(issues.filter((issue) => issue.code === 'invalid_type').map((issue) => JSON.stringify(issue.path)));
  if (wrongType.size === 0) return [...issues];
  return issues.filter((issue) => !((issue.code === 'too_small' || issue.code === 'too_big') && wrongType.has(JSON.stringify(issue.path))));
}

/**
 * The union branch the user meant: of those whose input type matched (their problems are
 * deeper, or about the value, not a wrong type at the union itself), the one whose keys fit
 * best (fewest missing and unknown keys, a typo of a missing key counting once: `{model, error}`
 * is a model fault, not a tool fault missing `tool`; `{modle, call, error}` a model fault with a typo), then the one with fewest problems (`{modle: "*", error: server_error}` is a
 * model fault with a typo, not a tool fault whose error is wrong too); the first on a tie.
 */
function intendedBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  const typed = branches.filter((issues) => !issues.some((issue) => issue.path.length === 0 && isTypeMismatch(issue)));
  let best: ZodIssue[] | undefined;
  for (const issues of typed) {
    if (best === undefined) best = issues;
    else {
      const misfits = keyMisfits(issues) - keyMisfits(best);
      if (misfits < 0 || (misfits === 0 && issues.length < best.length)) best = issues;
    }
  }
  return best;
}

/** Keys a branch misses or does not know, at the union's own level; a typo of a key it misses is one misfit, not two. */
function keyMisfits(issues: ZodIssue[]): number {
  const unknown: string[] = [];
  const missing: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) unknown.push(...issue.keys);
    if (issue.code === 'invalid_type' && issue.path.length === 1 && (issue as { input?: unknown }).input === undefined) missing.push(String(issue.path[0]));
  }
  return unknown.length + missing.length - typosOfMissing(unknown, missing);
}

/**
 * A wrong type, an enum/literal given a value of another type (`3` for `grant | deny`), or a union
 * none of whose branches takes the value's type (a list given where a union of two object shapes
 * stands: `usage`'s one report, where its list of reports was meant).
 */
function isTypeMismatch(issue: ZodIssue): boolean {
  if (issue.code === 'invalid_type') return true;
  if (issue.code === 'invalid_union') return issue.errors.length > 0 && issue.errors.every((branch) => branch.some((inner) => inner.path.length === 0 && isTypeMismatch(inner)));
  if (issue.code !== 'invalid_value') return false;
  const input = (issue as { input?: unknown }).input;
  return !issue.values.some((value) => typeof value === typeof input && (value === null) === (input === null));
}

/** Whether the mapping holding the last step of `path` has that key; undefined when there is no mapping. */
function parentHas(data: unknown, path: readonly PathKey[]): boolean | undefined {
  const parent = valueAt(data, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  return Object.hasOwn(parent, path[path.length - 1]!);
}

/** zod issues of a value read from one place of a JSON or JSONL file (a line, a header), all located there. */
export function zodIssuesAt(issues: readonly ZodIssue[], at: { file: string; line: number; column: number }): ConfigIssue[] {
  return issues.map((issue) => ({ ...at, path: z.core.toDotPath(issue.path), code: issue.code, message: issue.message }));
}

/**
 * Said of a bare name written where a list entry takes a mapping with a `name` (a suite's `tools:
 * [lookup_order]`, or an expect's, whose entries are expected calls): the entry meant, `: { name:
 * lookup_order }`; under an expect (or adversarial_expect), where `forbid` does take bare names, saying so. Of a text where
 * an output's checks go, the `contains` it means. '' for any other value.
 */
function nameAsEntry({ schema, path, value }: { schema: z.ZodType; path: readonly PathKey[]; value: unknown }): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  // A text where an output's checks go (`output: refund`): the check it most likely means, and the one for the whole text.
  const keys = allowedKeysAt(schema, { path, data: {} });
  if (keys.includes('contains') && keys.includes('equals')) return `: { contains: [${flowItem(value)}] } (a text the output must hold; { equals: … } for the whole output)`;
  if (typeof path[path.length - 1] !== 'number') return '';
  if (!keys.includes('name')) return '';
  return `: { name: ${flowItem(value)} }${path.some((key) => typeof key === 'string' && key.endsWith('expect')) ? " (a bare tool name is forbid's form)" : ''}`;
}
