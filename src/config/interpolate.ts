/**
 * `${NAME}` and `${NAME:-default}` in the config's string values, from an env object passed in
 * (never process.env here). `$${` writes a literal `${`. Keys are never interpolated.
 */
import type { Scalar } from 'yaml';
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { issueAtNode } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { yamlLib } from './yaml-lib.js';

export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{([^}]*)\}?/g;

/**
 * A quoted scalar that was only a reference (`"${TIMEOUT}"`) and now holds a number's or a
 * boolean's text: it stays a string, as quotes make it, which a number's place refuses.
 */
export interface QuotedReference {
  path: string;
  written: string;
  value: string;
}

/**
 * Replaces references in place in the document's scalars; returns one issue per unset or
 * malformed one, and the quoted references that now read as a number or a boolean (`quoted`).
 */
export function interpolateEnv(yaml: YamlFile, env: Env): { issues: ConfigIssue[]; quoted: QuotedReference[] } {
  const issues: ConfigIssue[] = [];
  const quoted: QuotedReference[] = [];
  // Every reference has a `$`; without one the document need not be walked (nor located).
  if (!yaml.source.includes('$')) return { issues, quoted };
  const { visit } = yamlLib();
  visit(yaml.doc, {
    // eslint-disable-next-line @typescript-eslint/max-params -- yaml's visitor signature (key, node, path)
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const result = interpolateString(node.value, env);
      for (const problem of result.problems) {
        issues.push(issueAtNode({ yaml, node }, {
          path: pathOf(path, node),
          code: problem.kind === 'unset' ? 'env_unset' : 'env_syntax',
          message: problem.kind === 'unset' ? `environment variable ${problem.name} is not set` : `malformed reference ${problem.text}`,
          expected: problem.kind === 'unset'
            ? `environment variable ${problem.name} to be set (or a default: \${${problem.name}:-value})`
            : 'a reference such as ${NAME} or ${NAME:-default}',
          found: problem.kind === 'unset' ? `${problem.name} unset` : JSON.stringify(problem.text),
        }));
      }
      if (result.problems.length > 0) return;
      const written = node.value;
      setValue(node, result.value);
      if (typeof node.value === 'string' && WHOLE_REFERENCE.test(written) && scalarOf(result.value) !== undefined) quoted.push({ path: pathOf(path, node), written, value: result.value });
    },
  });
  return { issues, quoted };
}

/**
 * The issues with a type error at a quoted reference told why: `expected a number` of
 * `"${TIMEOUT}"`, found `"5000"`, adds that the quotes keep it a string and how to write it.
 */
export function explainQuotedReferences(issues: readonly ConfigIssue[], quoted: readonly QuotedReference[]): ConfigIssue[] {
  if (quoted.length === 0) return [...issues];
  return issues.map((issue) => {
    const at = quoted.find((q) => q.path === issue.path && issue.found === JSON.stringify(q.value));
    if (at === undefined) return issue;
    const key = at.path.split('.').at(-1)!;
    const reads = typeof scalarOf(at.value) === 'boolean' ? 'a boolean' : 'a number';
    return { ...issue, expected: `${issue.expected ?? 'another value'}: a quoted "${at.written}" stays a string; unquoted, on a line of its own (${key}: ${at.written}), it reads as ${reads}` };
  });
}

/**
 * The issues without those at the place of an unset or malformed reference: `${NAME}` left in
 * place there would be reported again in other words (not a number, no file matches "${NAME}",
 * no agent module at ${NAME}), one problem twice.
 */
export function withoutEnvEchoes(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const env = issues.filter((issue) => issue.code === 'env_unset' || issue.code === 'env_syntax');
  if (env.length === 0) return [...issues];
  return issues.filter((issue) => env.includes(issue) || !env.some((e) => samePlace(e, issue)));
}

/**
 * The issues without the unset `${NAME}`s under `target` (and what they left unresolved at the
 * same place), for a command that starts no agent: only starting it reads them. Only for a config
 * whose schema check passed: with the references as written, or with a placeholder at a `url`
 * that is one (agentless-url.ts).
 */
export function withoutAgentOnly(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const agentOnly = issues.filter((issue) => issue.code === 'env_unset' && (issue.path === 'target' || issue.path.startsWith('target.')));
  return issues.filter((issue) => !agentOnly.some((unset) => samePlace(unset, issue)));
}

function samePlace(a: ConfigIssue, b: ConfigIssue): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

type Problem = { kind: 'unset'; name: string } | { kind: 'syntax'; text: string };

/** The string with every reference replaced, and the references that could not be. */
export function interpolateString(text: string, env: Env): { value: string; problems: Problem[] } {
  const problems: Problem[] = [];
  // eslint-disable-next-line @typescript-eslint/max-params -- String.prototype.replace's replacer signature (match, ...groups)
  const value = text.replace(REFERENCE, (match, name?: string, fallback?: string, bad?: string) => {
    if (match === '$${') return '${';
    if (name !== undefined) {
      // An own variable only: `${toString}` names no variable, not the object's method.
      const set = Object.hasOwn(env, name) ? env[name] : undefined;
      if (set !== undefined && !(fallback !== undefined && set === '')) return set;
      if (fallback !== undefined) return fallback;
      problems.push({ kind: 'unset', name });
      return match;
    }
    if (bad !== undefined) problems.push({ kind: 'syntax', text: match });
    return match;
  });
  return { value, problems };
}

/**
 * Stores the result. A plain scalar that was only a reference takes the type YAML would give
 * the text (`timeout_ms: ${TIMEOUT}` is a number); quoted scalars stay strings.
 */
function setValue(node: Scalar, value: string): void {
  const original = node.value as string;
  const scalar = node.type === 'PLAIN' && WHOLE_REFERENCE.test(original) ? scalarOf(value) : undefined;
  node.value = scalar ?? value;
}

const WHOLE_REFERENCE = /^\$\{[^}]*\}$/;

/** The number or boolean a plain scalar of this text reads as, or undefined for a string. */
function scalarOf(value: string): number | boolean | undefined {
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** The zod-style dot path of a scalar, from yaml's visitor ancestry (document first). */
function pathOf(ancestors: readonly unknown[], node: Scalar): string {
  const { isPair, isScalar, isSeq } = yamlLib();
  const keys: PropertyKey[] = [];
  const chain = [...ancestors, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (isPair(child)) keys.push(isScalar(child.key) ? String(child.key.value) : String(child.key));
    else if (isSeq(parent)) keys.push(parent.items.indexOf(child));
  }
  return z.core.toDotPath(keys);
}
