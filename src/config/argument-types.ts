/**
 * A literal argument whose type the tool's `parameters` rule out (`order_id: 1234` where they say
 * `type: string`): the tool host answers such a call `invalid_arguments` before any mock, so a
 * mock's `when` with it never answers, and an expected call with it matches only a call the tool
 * refused. A warning at the value, saying the type the parameters give. Only a plain `type` (or a
 * list of them) of a named property is read; a matcher object (`{gte: 10}`) is not a literal.
 * Likewise a literal string its plain `format` rules out (`email: alice` where they say `format: email`): the tool host
 * checks formats (environment/arguments.ts), so a call with it is refused alike.
 * Not under exec, whose agent calls its own tools. A rule across files: it reads the config's target.
 */
import { z } from 'zod';
import { failsFormat } from './json-schema-rules.js';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleCase } from './rules.js';
import { hostsTools } from './tool-host.js';

/** The JSON Schema type names a literal of this value satisfies. */
function typesOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'boolean') return ['boolean'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  return [];
}

/** The type names a property's schema allows, when it says them plainly. */
function allowedTypes(schema: unknown): string[] | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type) && type.every((t) => typeof t === 'string')) return type as string[];
  return undefined;
}

/** The literal written as the type the parameters give, when it reads as one: `"1234"` for 1234, `20` for "20". */
function rewritten(value: unknown, allowed: readonly string[]): string | undefined {
  if ((typeof value === 'number' || typeof value === 'boolean') && allowed.includes('string')) return JSON.stringify(String(value));
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  if (Number.isFinite(number) && (allowed.includes('number') || (allowed.includes('integer') && Number.isInteger(number)))) return String(number);
  if ((value === 'true' || value === 'false') && allowed.includes('boolean')) return value;
  return undefined;
}

/** The `format` a property's schema gives a string, when it says one plainly. */
function formatOf(schema: unknown): string | undefined {
  const format = schema && typeof schema === 'object' ? (schema as { format?: unknown }).format : undefined;
  return typeof format === 'string' ? format : undefined;
}

/** Suite rule: literal arguments of mocks' `when` and of expected calls against the tools' parameter types and string formats. */
export const literalArgumentsFitParameters: Rule = (ctx) => {
  // An exec agent's own tools take what they take: its suite's parameters are only what it is told, and no call is refused.
  if (ctx.config && !hostsTools(ctx.config.value.target)) return;
  for (const { yaml, value: suite } of ctx.suites) {
    const check = (input: { tool: string | undefined; args: unknown; at: PathKey[]; what: string }) => {
      const properties = suite.tools?.find((tool) => tool?.name === input.tool)?.parameters?.properties;
      if (!input.args || typeof input.args !== 'object' || !properties || typeof properties !== 'object') return;
      for (const [key, value] of Object.entries(input.args)) {
        const schema = (properties as Record<string, unknown>)[key];
        const found = typesOf(value);
        const allowed = allowedTypes(schema);
        const path = [...input.at, key];
        const format = typeof value === 'string' ? formatOf(schema) : undefined;
        if (found.length > 0 && allowed !== undefined && !found.some((type) => allowed.includes(type))) {
          const quoted = rewritten(value, allowed);
          ctx.report(issueAtPath({ yaml, path }, {
            path: z.core.toDotPath(path),
            code: 'argument_type',
            message: `${input.tool}'s parameters give ${key} type ${allowed.join(' | ')}`,
            expected: `${/^[aeiou]/.test(allowed[0]!) ? 'an' : 'a'} ${allowed.join(' | ')}, as ${input.tool}'s parameters give ${key}: a call whose ${key} is a ${found[0]} is answered invalid_arguments before any mock, so ${input.what}${quoted === undefined ? '' : ` (write ${quoted})`}`,
            found: JSON.stringify(value),
            severity: 'warning',
          }));
        } else if (format !== undefined && failsFormat(format, value as string)) {
          // The tool host checks `format` too (environment/arguments.ts): a string that is none of it is refused as a wrong type is.
          ctx.report(issueAtPath({ yaml, path }, {
            path: z.core.toDotPath(path),
            code: 'argument_format',
            message: `${input.tool}'s parameters give ${key} format ${format}`,
            expected: `a string of format ${format}, as ${input.tool}'s parameters give ${key}: a call whose ${key} is not one is answered invalid_arguments before any mock, so ${input.what}`,
            found: JSON.stringify(value),
            severity: 'warning',
          }));
        }
      }
    };
    const ofCase = (c: RuleCase, i: number) => {
      c?.mocks?.forEach((mock, j) => check({ tool: mock?.tool, args: mock?.when, at: ['cases', i, 'mocks', j, 'when'], what: 'this mock never answers' }));
      c?.expect?.tools?.forEach((call, j) => check({ tool: call?.name, args: call?.args, at: ['cases', i, 'expect', 'tools', j, 'args'], what: 'this expects a call the tool refuses' }));
    };
    suite.cases?.forEach((c, i) => {
      if (c?.mocks || c?.expect?.tools) ofCase(c, i);
    });
  }
};
