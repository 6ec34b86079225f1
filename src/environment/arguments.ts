/**
 * Checks a call's arguments against the tool's JSON Schema `parameters` (ajv, compiled once per
 * tool). The session compiles the run's tools while the agent boots (`prepareArgumentChecks`), so
 * no case's first call pays for loading Ajv and compiling its schema; a tool without parameters
 * (the default `{type: object}`) needs no Ajv at all, and a run without tools loads nothing.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { newAjv, schemaErrors, valueAt } from '../config/ajv-lib.js';
import type { Tool } from '../config/schema/index.js';
import { isPlainObject } from '../config/json-value.js';
import { hasPlaceholder } from '../common/placeholders.js';

/** undefined when the arguments fit, else one line naming every problem; `recorded`: as recordedArgumentProblems judges. */
type ArgumentCheck = (args: unknown, recorded: boolean) => string | undefined;

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<Tool, ArgumentCheck>();

/** undefined when the arguments fit, else one line naming every problem. */
export function argumentProblems(tool: Tool, args: unknown): string | undefined {
  return checkFor(tool)(args, false);
}

/**
 * argumentProblems of a recorded call's arguments (a production trace `score --unlabeled` judges), but a string holding a
 * redaction placeholder (`[email]`, `[card]`) is not judged: what it stood for is gone, and `format: email` or
 * `pattern` would fail on the placeholder, not on the agent's value.
 */
export function recordedArgumentProblems(tool: Tool, args: unknown): string | undefined {
  return checkFor(tool)(args, true);
}

/** Compiles each tool's check now (each once, however many cases list it), so no call waits for it. */
export function prepareArgumentChecks(tools: Iterable<Tool>): void {
  for (const tool of tools) checkFor(tool);
}

function checkFor(tool: Tool): ArgumentCheck {
  let check = compiled.get(tool);
  if (!check) {
    check = isAnyObject(tool.parameters) ? anyObject : compile(tool.parameters);
    compiled.set(tool, check);
  }
  return check;
}

/** `{type: object}` and nothing else: what a tool without `parameters` gets. */
function isAnyObject(schema: Record<string, unknown>): boolean {
  const keys = Object.keys(schema);
  return keys.length === 1 && schema.type === 'object';
}

/** Ajv's own answer to `{type: object}`, without Ajv. */
function anyObject(args: unknown): string | undefined {
  return isPlainObject(args) ? undefined : 'arguments must be object';
}

function compile(schema: Record<string, unknown>): ArgumentCheck {
  // Loading the config already checked each `parameters` against the 2020-12 meta-schema
  // (config/json-schema-rules.ts, validJsonSchemas): compiling that meta-schema again here is most of the cost.
  // `format` (email, date-time, uri, uuid …) is checked, as the config's schemas and the `json_schema` output check do.
  ajv ??= newAjv({ options: { allErrors: true, strict: false, validateSchema: false }, formats: true });
  const validate = ajv.compile(schema);
  return (args, recorded) => {
    // Equivalent mutant: the fallback `?? 'is invalid'` (Ajv sets messages).
    const errors = schemaErrors(validate, args)?.filter((e) => !recorded || !redactedAt(args, e.instancePath));
    if (errors === undefined || errors.length === 0) return undefined;
    return errors
      // Equivalent mutants: the root test (`arguments` + '' is the same text either way).
      .map((e) => `${e.instancePath === '' ? 'arguments' : `arguments${e.instancePath.replaceAll('/', '.')}`} ${e.message ?? 'is invalid'}`)
      .join('; ');
  };
}

/** Whether the value at `pointer` (an Ajv instancePath, `/to` or `/items/0`) is a string holding a redaction placeholder. */
function redactedAt(args: unknown, pointer: string): boolean {
  const value = valueAt(args, pointer);
  return typeof value === 'string' && hasPlaceholder(value);
}
