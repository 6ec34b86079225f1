/**
 * The rule that every JSON Schema a suite writes (a tool's `parameters`, its `context_schema`, an
 * output `json_schema`) compiles, with where inside it the first problem is.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { newAjv, pointerSteps, valueAt } from './ajv-lib.js';
import { didYouMean, flowItem } from './allowed-keys.js';
import { issueAtKey, issueAtPath, mayHoldKey, type PathKey } from './locate.js';
import type { Rule } from './rules.js';
import { JSON_TYPES } from './schema/matcher.js';

/** A tool's `parameters`, a suite's `context_schema` or an output `json_schema` is no valid JSON Schema. */
export const validJsonSchemas: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const check = (schema: Record<string, unknown> | undefined, path: PathKey[]) => {
      if (!schema) return;
      for (const { at: inside, format } of unknownFormats(schema)) {
        const at = [...path, ...inside];
        ctx.report(issueAtPath({ yaml, path: at }, {
          path: z.core.toDotPath(at),
          code: 'unknown_format',
          severity: 'warning',
          message: `unknown format "${format}": not checked`,
          expected: `a format agentready checks${didYouMean(format, knownFormats())} (${knownFormats().join(', ')}): "${format}" is none, so it is not checked (JSON Schema 2020-12 makes an unknown format an annotation, which every value passes)`,
          found: JSON.stringify(format),
        }));
      }
      const problem = jsonSchemaProblem(schema);
      if (!problem) return;
      const at = [...path, ...problem.at];
      ctx.report((problem.atKey ? issueAtKey : issueAtPath)({ yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'invalid_json_schema',
        message: problem.message,
        expected: `a valid JSON Schema (2020-12)${problem.expected ? `: ${problem.expected}` : ''}`,
        found: problem.found,
      }));
    };
    suite.tools?.forEach((tool, i) => check(tool?.parameters, ['tools', i, 'parameters']));
    check(suite.context_schema, ['context_schema']);
    // Arguments and a context are objects (stdio and module refuse anything else; MCP lists the
    // schema as type object): a schema whose `type` admits no object refuses every call, or every context.
    const notObject = (schema: Record<string, unknown> | undefined, { path, what }: { path: PathKey[]; what: string }) => {
      const type = schema?.type;
      const types: unknown[] = Array.isArray(type) ? type : [type];
      // No type, one that admits objects, or one that is no type name (invalid_json_schema says so).
      if (type === undefined || types.includes('object') || !types.every((name) => TYPE_NAMES.has(name))) return;
      const at = [...path, 'type'];
      ctx.report(issueAtPath({ yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'schema_not_object',
        message: `${what} always an object, so type ${JSON.stringify(type)} refuses every one`,
        expected: `type: object (${what} always an object of named values: describe each under \`properties\`)`,
        found: JSON.stringify(type),
      }));
    };
    suite.tools?.forEach((tool, i) => notObject(tool?.parameters, { path: ['tools', i, 'parameters'], what: `the arguments of a ${tool?.name ?? 'tool'} call are` }));
    notObject(suite.context_schema, { path: ['context_schema'], what: "a case's context is" });
    // A text that cannot hold the key has no case's `json_schema`: its cases are not gone through.
    if (!mayHoldKey(yaml, 'json_schema')) continue;
    suite.cases?.forEach((c, i) => {
      // The path only for a case that has a schema: most have none.
      const schema = c?.expect?.output?.json_schema;
      if (schema) check(schema, ['cases', i, 'expect', 'output', 'json_schema']);
    });
  }
};

interface SchemaProblem {
  at: PathKey[];
  /** `at` names a key (an unknown keyword), not a value. */
  atKey?: boolean;
  message: string;
  expected?: string;
  found: string;
}

/** JSON Schema's type names, as the `type` matcher reads them. */
const TYPE_NAMES: ReadonlySet<unknown> = new Set(JSON_TYPES);

let ajv: Ajv2020 | undefined;
let known: string[] | undefined;

// The ajv that checks schemas: strictSchema catches typos such as `require:` for `required:`; the other strict checks are style.
function schemaAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = newAjv({ options: { allErrors: false, strict: false, strictSchema: true }, formats: true });
  known = Object.keys(ajv.formats);
  return ajv;
}

/** The formats ajv-formats checks, as the tool-argument and output checks know them. */
function knownFormats(): string[] {
  schemaAjv();
  return known!;
}

/** Each format's check of a string, compiled once. */
const formatChecks = new Map<string, (value: string) => boolean>();

/**
 * Whether `value` fails `format` as the tool host's argument check has it (ajv-formats: `email`, `date`, `uuid` …); a format
 * no check knows fails nothing, as at run time.
 */
export function failsFormat(format: string, value: string): boolean {
  if (!knownFormats().includes(format)) return false;
  let check = formatChecks.get(format);
  if (check === undefined) {
    const validate = schemaAjv().compile({ type: 'string', format });
    check = (text) => validate(text) === true;
    formatChecks.set(format, check);
  }
  return !check(value);
}

/**
 * Each `format` no check knows (`decimal`, `phone`: OpenAPI tools carry them), where it is inside
 * the schema; made known to the schema ajv as ignored, as the checks at run time ignore it, so that
 * strictSchema refuses the schema for nothing else. Values (`const`, `enum`, `default`, `examples`) are no schema.
 */
function unknownFormats(schema: unknown, at: PathKey[] = []): { at: PathKey[]; format: string }[] {
  if (schema === null || typeof schema !== 'object') return [];
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unknownFormats(item, [...at, i]));
  const found: { at: PathKey[]; format: string }[] = [];
  const format = (schema as Record<string, unknown>).format;
  if (typeof format === 'string' && !knownFormats().includes(format)) {
    found.push({ at: [...at, 'format'], format });
    if (!Object.hasOwn(schemaAjv().formats, format)) schemaAjv().addFormat(format, true);
  }
  for (const [key, value] of Object.entries(schema)) {
    if (!VALUE_KEYWORDS.has(key)) found.push(...unknownFormats(value, [...at, key]));
  }
  return found;
}

const VALUE_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/** Why `schema` is no valid JSON Schema, located inside it; undefined when it compiles. */
function jsonSchemaProblem(schema: Record<string, unknown>): SchemaProblem | undefined {
  const ajv = schemaAjv();
  if (!ajv.validateSchema(schema)) {
    const error = ajv.errors?.[0];
    const pointer = error?.instancePath ?? '';
    const at = pointerSteps(pointer).map((step) => (/^\d+$/.test(step) ? Number(step) : step));
    const allowed = (error?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
    return {
      at,
      message: `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}`,
      expected: allowed ? `one of ${allowed.join(' | ')}` : error?.message,
      found: JSON.stringify(valueAt(schema, pointer))?.slice(0, 80) ?? 'nothing',
    };
  }
  try {
    ajv.compile(schema);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
    const at = keyword === undefined ? undefined : keyPath(schema, keyword);
    // A field named at the top (`parameters: { order_id: { type: string } }` or `{ order_id: string }`): where it goes.
    const value = at?.length === 1 ? schema[keyword!] : undefined;
    const fieldLike = (typeof value === 'string' && (JSON_TYPES as readonly string[]).includes(value)) || (value !== null && typeof value === 'object' && Object.hasOwn(value, 'type'));
    const field = fieldLike && !Object.hasOwn(schema, 'properties') ? `: a field's schema goes under properties, { type: object, properties: { ${flowItem(keyword!)}: … } }` : '';
    if (at) return { at, atKey: true, message, expected: `no keyword "${keyword}"${field}`, found: JSON.stringify(keyword) };
    return { at: [], message, found: message };
  } finally {
    ajv.removeSchema(schema);
  }
}

/** The path of the first member named `key` inside `value`, depth first. */
function keyPath(value: unknown, key: string): PathKey[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entries: Array<[PathKey, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return [key];
  for (const [step, child] of entries) {
    const rest = keyPath(child, key);
    if (rest) return [step, ...rest];
  }
  return undefined;
}
