/**
 * A number JSON cannot carry in a value the agent is sent: YAML reads `1e999` and `.inf` as
 * Infinity and `.nan` as NaN, which every message, trace and result writes as `null`. A mock's
 * `result: { amount: 1e999 }` reached the agent as `{amount: null}`, a case's `context` and a
 * world's `state` likewise, without a word. Numbers with a schema of their own (`timeout_ms`, a
 * fault's `call`) are refused by it; a matcher's operand by matcher-rules.ts.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import { quote } from './expected-words.js';
import { valueAt } from './json-value.js';
import type { YamlFile } from './parse-yaml.js';
import type { Rule } from './rules.js';

/**
 * Source text that may read as a number past a double's range: `.inf`, `.nan`, an exponent of 3
 * digits (0.8 ms of CPU on a 10,000-case suite of 2 MB; the rest of the rule runs only then). A literal of
 * 309 digits, which no one writes, is not looked for: `\d{309}` alone took 1.8 ms.
 */
const INF_OR_NAN = /\.(?:inf|Inf|INF|nan|NaN|NAN)\b/;
const LONG_EXPONENT = /[eE]\+?\d{3}/;

/** Two tests, not one alternation: 0.8 ms, not 1.4. */
function maybeNotFinite(source: string): boolean {
  return INF_OR_NAN.test(source) || LONG_EXPONENT.test(source);
}

/** The path (under `at`) of the first number in `value` that is not finite, or undefined. */
function notFiniteAt(value: unknown, at: PathKey[]): PathKey[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : at;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = notFiniteAt(item, [...at, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}

export const numbersJsonCarries: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    if (!maybeNotFinite(yaml.source)) continue;
    const check = (value: unknown, at: PathKey[]) => {
      const path = notFiniteAt(value, at);
      if (path) ctx.report(notFiniteIssue({ yaml, path, value: valueAt(value, path.slice(at.length)) }));
    };
    suite.tools?.forEach((tool, i) => check(tool?.mock?.result, ['tools', i, 'mock', 'result']));
    if (typeof suite.state === 'object') check(suite.state, ['state']);
    suite.cases?.forEach((c, i) => {
      c?.mocks?.forEach((mock, j) => check(mock?.result, ['cases', i, 'mocks', j, 'result']));
      check(c?.context, ['cases', i, 'context']);
      check(c?.state, ['cases', i, 'state']);
    });
  }
};

function notFiniteIssue({ yaml, path, value }: { yaml: YamlFile; path: PathKey[]; value: unknown }) {
  return issueAtPath({ yaml, path }, {
    path: z.core.toDotPath(path),
    code: 'not_finite_number',
    message: `${quote(value)} is no number JSON can carry: the agent would be sent null`,
    expected: 'a number JSON can carry (YAML reads 1e999 and .inf as Infinity, .nan as NaN, which every message to the agent, trace and result writes as null)',
    found: quote(value),
  });
}
