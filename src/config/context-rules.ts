/**
 * A case's `context` that its suite's `context_schema` refuses (a required field missing, a
 * wrong type): the schema says what every case's context holds, and `missing_context` variants
 * remove its required fields one at a time, so a base case without one is a variant already.
 * A warning at the case's `context` (at its `- id:` when it has none), with the schema's first
 * complaint. A `context_schema` that does not compile is validJsonSchemas' error, not this.
 */
import { z } from 'zod';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { newAjv, schemaErrors } from './ajv-lib.js';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule } from './rules.js';

export const contextsFitSchema: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const schema = suite.context_schema;
    if (!schema || typeof schema !== 'object' || !suite.cases?.length) continue;
    const validate = contextValidator(schema);
    if (validate === undefined) continue;
    suite.cases.forEach((c, i) => {
      if (!c) return;
      const context = c.context ?? {};
      const first = schemaErrors(validate, context)?.[0];
      if (first === undefined) return;
      const where = first.instancePath ? `context${first.instancePath.replaceAll('/', '.')}` : 'the context';
      const at: PathKey[] = c.context === undefined ? ['cases', i, 'id'] : ['cases', i, 'context'];
      ctx.report(issueAtPath({ yaml, path: at }, {
        path: z.core.toDotPath(at),
        code: 'context_schema',
        severity: 'warning',
        // Ajv words every error it makes (its `messages` option is on), and schemaErrors' own too.
        message: `the case's context does not fit the suite's context_schema: ${where} ${first.message!}`,
        expected: `a context the suite's context_schema accepts (${where} ${first.message!})`,
        found: JSON.stringify(context),
      }));
    });
  }
};

let shared: Ajv2020 | undefined;

/**
 * The suite's `context_schema` compiled by one Ajv for every suite (a new Ajv compiles the
 * 2020-12 meta-schema again: ~30 ms each), and taken out of it once compiled: each suite's schema
 * stands alone, whichever suites came before (one's `$id` neither clashes with nor answers another
 * suite's). Undefined when it does not compile.
 */
function contextValidator(schema: object): ValidateFunction | undefined {
  const ajv = (shared ??= newAjv({ options: { strict: false, allErrors: false }, formats: true }));
  try {
    return ajv.compile(schema);
  } catch {
    return undefined;
  } finally {
    ajv.removeSchema(schema);
  }
}
