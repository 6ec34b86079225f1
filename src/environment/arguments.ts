/** Checks a call's arguments against the tool's JSON Schema `parameters` (ajv, compiled once per tool). */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { newAjv } from '../config/ajv-lib.js';
import type { Tool } from '../config/schema/index.js';

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<Tool, ValidateFunction>();

/** undefined when the arguments fit, else one line naming every problem. */
export function argumentProblems(tool: Tool, args: unknown): string | undefined {
  let validate = compiled.get(tool);
  // Equivalent mutant: this test as `true` (Ajv caches by schema object and gives the same validator).
  if (!validate) {
    ajv ??= newAjv({ options: { allErrors: true, strict: false }, formats: false });
    validate = ajv.compile(tool.parameters);
    compiled.set(tool, validate);
  }
  if (validate(args)) return undefined;
  // Equivalent mutants: the fallbacks `?? []` and `?? 'is invalid'` (Ajv sets both errors and messages).
  // Stryker disable next-line ArrayDeclaration: as said
  return (validate.errors ?? [])
    // Equivalent mutants: the root test (`arguments` + '' is the same text either way).
    .map((e) => `${e.instancePath === '' ? 'arguments' : `arguments${e.instancePath.replaceAll('/', '.')}`} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
