/**
 * Ajv (JSON Schema 2020-12), with ajv-formats when asked, loaded on first use: the tool-argument
 * check, the `json_schema` output check and validate's schema rule each build their own, and a
 * suite without tools or JSON Schemas should not pay the ~90 modules at start-up.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';

export function newAjv(input: { options: Options; formats: boolean }): Ajv2020 {
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv(input.options);
  if (input.formats) (require('ajv-formats') as typeof import('ajv-formats').default).default(ajv);
  return ajv;
}
