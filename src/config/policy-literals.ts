/**
 * A policy condition that compares an argument with a value of a type the tools' `parameters` rule
 * out: `deny_if: {arguments.amount: {max: 100}}` where `amount` is a number. `max` is no operator,
 * so the object is a literal compared whole, and no number equals it; nor does `"100"`, `{eq: "100"}`
 * or `{in: ["100"]}`. A call whose value has another type is refused `invalid_arguments` before the
 * policy (environment/decide.ts), so such a condition never holds: the `deny_if` never denies (a
 * refund cap that lets every refund through), the `allow_only` denies every call. An error at the
 * condition, as a path no call can have is (authority-rules.ts `policyPathsExist`). Only `arguments.`
 * paths whose schema, in every tool the rule covers, gives a plain `type`; not under exec, whose
 * agent's own tools refuse nothing (argument-types.ts).
 */
import { z } from 'zod';
import { rulesWithTools, type Matched } from './authority-rules.js';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule } from './rules.js';
import { reachOf } from './schema-reach.js';
import { isOperatorObject, MATCHER_OPERATORS } from './schema/matcher.js';
import { hostsTools } from './tool-host.js';

export const policyValuesFitParameters: Rule = (ctx) => {
  if (ctx.config && !hostsTools(ctx.config.value.target)) return;
  for (const { rule, index: i, matched, yaml } of rulesWithTools(ctx)) {
    for (const key of ['deny_if', 'allow_only'] as const) {
      for (const [path, matcher] of Object.entries(rule[key] ?? {})) {
        const problem = misfit({ path, matcher, matched });
        if (problem === undefined) continue;
        const at: PathKey[] = ['rules', i, key, path];
        const never = key === 'deny_if' ? 'so the rule never denies a call' : 'so the rule denies every call';
        ctx.report(issueAtPath({ yaml, path: at }, {
          path: z.core.toDotPath(at),
          code: 'policy_value_type',
          message: `rule ${rule.id ?? i}: ${path} is ${problem.types} in the parameters of ${problem.tools}, and ${problem.compared}, ${never}`,
          expected: `${problem.types} to compare with, or an operator (${MATCHER_OPERATORS.join(', ')}) — ${path} is ${problem.types} in the parameters of ${problem.tools}, and ${problem.compared}, ${never}`,
          found: JSON.stringify(matcher),
        }));
      }
    }
  }
};

/**
 * Why no call's value at `path` can equal what `matcher` compares it with (the literal, `eq`'s value,
 * every item of `in`), or undefined when one can or it cannot be told. Other operators are not read.
 */
function misfit({ path, matcher, matched }: { path: string; matcher: unknown; matched: readonly Matched[] }): { types: string; tools: string; compared: string } | undefined {
  const [root, ...keys] = path.split('.');
  if (root !== 'arguments' || keys.length === 0) return undefined;
  const compared = comparedValues(matcher);
  if (compared === undefined) return undefined;
  const allowed = new Set<string>();
  for (const { tool } of matched) {
    const reach = reachOf(tool.parameters, keys);
    const types = reach.kind === 'may' ? plainTypes(reach.schema) : undefined;
    // A tool whose schema says no plain type there (or where the path cannot be told, or never leads: policyPathsExist's error) may hold any value.
    if (types === undefined) return undefined;
    for (const type of types) allowed.add(type);
  }
  if (compared.values.some((value) => typesOf(value).some((type) => allowed.has(type)))) return undefined;
  const types = [...allowed];
  return {
    types: `${/^[aeiou]/.test(types[0] ?? '') ? 'an' : 'a'} ${types.join(' | ')}`,
    tools: [...new Set(matched.map(({ tool }) => tool.name ?? '?'))].join(', '),
    compared: compared.what,
  };
}

/** The values a matcher compares a call's value with for equality, and how to name them; undefined for any other operator. */
function comparedValues(matcher: unknown): { values: unknown[]; what: string } | undefined {
  if (!isOperatorObject(matcher)) {
    // Operators beside other keys are matcher-rules.ts's error.
    if (isMixed(matcher)) return undefined;
    const object = matcher !== null && typeof matcher === 'object' && !Array.isArray(matcher);
    const keys = object ? Object.keys(matcher) : [];
    return { values: [matcher], what: keys.length > 0 ? `this object (${keys.join(', ')} ${keys.length === 1 ? 'is no operator' : 'are no operators'}, so it is compared whole) never equals one` : 'this value never equals one' };
  }
  if (Object.keys(matcher).length !== 1) return undefined;
  if ('eq' in matcher) return { values: [matcher.eq], what: 'the value of eq never equals one' };
  if (Array.isArray(matcher.in) && matcher.in.length > 0) return { values: matcher.in, what: 'no item of in equals one' };
  return undefined;
}

function isMixed(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.keys(value).some((key) => (MATCHER_OPERATORS as readonly string[]).includes(key));
}

/** The JSON Schema type names a value satisfies. */
function typesOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  return [typeof value];
}

/** The type names a schema allows, when it says them plainly (OpenAPI's `nullable: true`, which Ajv reads, adding null). */
function plainTypes(schema: unknown): string[] | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const { type, nullable } = schema as { type?: unknown; nullable?: unknown };
  const types = typeof type === 'string' ? [type] : Array.isArray(type) && type.length > 0 && type.every((t) => typeof t === 'string') ? (type as string[]) : undefined;
  return types && nullable === true ? [...types, 'null'] : types;
}
