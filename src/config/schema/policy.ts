import { z } from 'zod';
import { MatcherSchema } from './matcher.js';
import { editDistance } from '../edit-distance.js';

/** What else the start of a path is called: a suite's `args`, a JSON Schema's `parameters`, a framework's `input` or `ctx`. */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  arguments: ['args', 'arg', 'argument', 'params', 'param', 'parameters', 'input', 'inputs'],
  context: ['ctx'],
};

/**
 * What a path into the call must be; with the path meant when the one written is a bare argument
 * (`amount`), a typo or another name of the start (`argumens.amount`, `args.amount`) or has an empty key (`arguments..amount`), or
 * how to finish it when it names no key (`arguments.`, `require: [arguments]`).
 */
function pathWords(input: unknown): string {
  const words = 'a dotted path starting with arguments. or context.';
  if (typeof input !== 'string' || input === '') return words;
  const [head = '', ...rest] = input.split('.');
  const keys = rest.filter((key) => key !== '');
  const start = ['arguments', 'context'].find((name) => (rest.length > 0 || head === name) && (editDistance(head.toLowerCase(), name) <= 2 || OTHER_NAMES[name]!.includes(head.toLowerCase())));
  if (start !== undefined && keys.length === 0) return `${words}, with a key after the dot: ${start}.<key>`;
  const named = head === '' ? keys : [head, ...keys];
  if (start === undefined && named.length === 0) return words;
  const meant = start === undefined ? `arguments.${named.join('.')}` : [start, ...keys].join('.');
  return `${words}: did you mean "${meant}"?`;
}

/** Dotted paths into the call: `arguments.amount`, `context.customer_id`, `tool`. */
const conditionsSchema = z.record(
  z.string().regex(/^(arguments|context)(\.[^.]+)*$/, { error: (issue) => pathWords(issue.input) }),
  MatcherSchema,
);

export const PolicyRuleSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  tool: z.string().min(1).describe('A tool name or a glob such as issue_*.'),
  deny_if: conditionsSchema.optional().describe('Deny when every condition holds.'),
  allow_only: conditionsSchema.optional().describe('Deny unless every condition holds.'),
  require: z.array(z.string().regex(/^(arguments|context)(\.[^.]+)+$/, { error: (issue) => pathWords(issue.input) })).optional().describe('Deny unless each path is present.'),
  require_prior: z.array(z.string().min(1)).optional().describe('Deny unless one of these tools was called earlier in the case.'),
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/** policy.yaml */
export const PolicySchema = z
  .strictObject({
    $schema: z.string().optional(),
    rules: z.array(PolicyRuleSchema),
  })
  .describe('agentready policy (policy.yaml)');
export type Policy = z.infer<typeof PolicySchema>;
