/**
 * Ajv (JSON Schema 2020-12), with ajv-formats when asked, loaded on first use: the tool-argument
 * check, the `json_schema` output check and validate's schema rule each build their own, and a
 * suite without tools or JSON Schemas should not pay the ~90 modules at start-up.
 */
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import { packageRequire } from './package-root.js';
import { testUserRegex, userRegex } from './user-regex.js';

/**
 * Ajv's engine for a schema's `pattern` and `patternProperties`: the user's regex tested as every
 * user regex is (`testUserRegex`, bounded in time). Ajv's own `new RegExp` tested a tool's
 * `pattern: "^(a+)+$"` on an agent's arguments synchronously: the whole run hung, deaf to SIGTERM
 * and to `timeout_ms`. A test that runs out of time does not match. A pattern that does not
 * compile throws, as Ajv expects of an invalid schema.
 */
const boundedRegExp = Object.assign(
  (pattern: string) => {
    userRegex(pattern);
    // Ajv keys its compiled patterns by `toString()`, as a RegExp's is: without it every pattern was the first one.
    return { test: (text: string) => testUserRegex(pattern, text) === 'match', toString: () => `/${pattern}/u` };
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
