/**
 * Ajv (JSON Schema 2020-12), with ajv-formats when asked, loaded on first use: the tool-argument
 * check, the `json_schema` output check and validate's schema rule each build their own, and a
 * suite without tools or JSON Schemas should not pay the ~90 modules at start-up.
 */
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { packageRequire } from './package-root.js';
import { regexTimedOut, testUserRegex, userRegex } from './user-regex.js';

/** The `pattern` tests that ran out of time in the validation `schemaErrors` runs: each pattern and the text it was tested on. */
const timedOut: { pattern: string; text: string }[] = [];

/**
 * Ajv's engine for a schema's `pattern` and `patternProperties`: the user's regex tested as every
 * user regex is (`testUserRegex`, bounded in time). Ajv's own `new RegExp` tested a tool's
 * `pattern: "^(a+)+$"` on an agent's arguments synchronously: the whole run hung, deaf to SIGTERM
 * and to `timeout_ms`. A test that runs out of time does not match, and is noted for
 * `schemaErrors` to say so (and to fail the data on it). A pattern that does not compile throws, as Ajv expects of an invalid schema.
 */
const boundedRegExp = Object.assign(
  (pattern: string) => {
    userRegex(pattern);
    const test = (text: string) => {
      const answer = testUserRegex(pattern, text);
      if (answer === 'timed out') timedOut.push({ pattern, text });
      return answer === 'match';
    };
    // Ajv keys its compiled patterns by `toString()`, as a RegExp's is: without it every pattern was the first one.
    return { test, toString: () => `/${pattern}/u` };
  },
  { code: 'boundedRegExp' },
);

export function newAjv(input: { options: Options; formats: boolean }): Ajv2020 {
  const { Ajv2020: Ajv } = packageRequire('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // An unknown `format` is ignored where strictSchema is off, and ajv's logger would print so on the console from any folder: validate warns of it (json-schema-rules.ts).
  const ajv = new Ajv({ logger: false, ...input.options, code: { ...input.options.code, regExp: boundedRegExp } });
  if (input.formats) (packageRequire('ajv-formats') as typeof import('ajv-formats').default).default(ajv);
  return ajv;
}

/**
 * Ajv's errors for `data` (undefined when it passes), where a `pattern` whose test on the value
 * ran out of time says so (`regexTimedOut`) instead of Ajv's `must match pattern "…"`, which read
 * as if the value had been found not to match: the tool's error, the output check's reason and
 * validate's context warning all show this message.
 */
export function schemaErrors(validate: ValidateFunction, data: unknown): ErrorObject[] | undefined {
  // Emptied before, not after: a passing validation (every tool call's arguments) allocates nothing.
  timedOut.length = 0;
  const passed = validate(data);
  if (timedOut.length === 0) {
    // Equivalent mutant: `?? []` (Ajv sets errors whenever a validation fails).
    return passed ? undefined : validate.errors ?? [];
  }
  const ranOut = timedOut.splice(0);
  const told = new Set<string>();
  const errors = (passed ? [] : validate.errors ?? []).map((error) => {
    const pattern = error.keyword === 'pattern' ? (error.params as { pattern?: unknown }).pattern : undefined;
    // The text tested: the value at the error's place, or under `propertyNames` the property's name.
    const text = error.propertyName ?? valueAt(data, error.instancePath);
    if (!ranOut.some((test) => test.pattern === pattern && test.text === text)) return error;
    told.add(pattern as string);
    return { ...error, message: regexTimedOut(pattern as string) };
  });
  // A test that ran out of time no `pattern` error tells of (a key under `patternProperties`, whose
  // value then went unchecked, or a pattern under `not`) was taken as no match: what the data is is
  // not known, and it fails, saying why, at the top.
  for (const { pattern } of ranOut) {
    if (told.has(pattern)) continue;
    told.add(pattern);
    errors.push({ keyword: 'pattern', instancePath: '', schemaPath: '#', params: { pattern }, message: regexTimedOut(pattern) });
  }
  return errors;
}

/** The value at `pointer` (an Ajv instancePath, `/to` or `/items/0`) in `data`; undefined when there is none. */
export function valueAt(data: unknown, pointer: string): unknown {
  return pointerSteps(pointer).reduce<unknown>((at, step) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[step] : undefined), data);
}

/** The keys a JSON Pointer (an Ajv instancePath) steps through, `~1` and `~0` decoded: `/a~1b/0` is `a/b`, `0`. */
export function pointerSteps(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((step) => step.replaceAll('~1', '/').replaceAll('~0', '~'));
}
