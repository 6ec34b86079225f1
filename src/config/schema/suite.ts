import { z } from 'zod';
import { AdversarialCategorySchema } from './adversarial.js';
import { BudgetsSchema } from './config.js';
import { JsonObjectSchema } from './json-object.js';
import { MatcherObjectSchema } from './matcher.js';
import { OutcomeSchema } from './trace.js';


export const TIERS = ['read', 'suggest', 'approve', 'autonomous'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

export const EFFECTS = ['money', 'irreversible', 'external', 'delete', 'permission'] as const;
export const EffectSchema = z.enum(EFFECTS);
export type Effect = z.infer<typeof EffectSchema>;

export const RISKS = ['low', 'medium', 'high'] as const;
export const RiskSchema = z.enum(RISKS);

export const ApprovalDecisionSchema = z.enum(['grant', 'deny']);
export const ApprovalsSchema = z.union([
  ApprovalDecisionSchema,
  z.record(z.string(), ApprovalDecisionSchema).describe('Per tool, with `default` for the rest.'),
]);
export type Approvals = z.infer<typeof ApprovalsSchema>;

/** A JSON Schema object, checked by the JSON Schema validator, not by zod. */
export const JsonSchemaObject = JsonObjectSchema.describe('A JSON Schema');

/** `./tools/retail.ts#cancelOrder`: a module path, then optionally `#` and an exported name. */
export const HANDLER_PATTERN = /^[^#]+(#[A-Za-z_$][\w$]*)?$/;

export const ToolErrorSchema = z.strictObject({
  kind: z.string().min(1).describe('A domain error kind the agent must handle, e.g. not_found.'),
  message: z.string().optional(),
});

/** A mock's answer: a result, or a domain error. */
const mockAnswerShape = {
  result: z.unknown().optional(),
  error: ToolErrorSchema.optional(),
};

/**
 * A mock answers one way: with both, `error` silently won over `result`; with neither (`mock: {}`, a
 * case mock with only `tool` and `when`) it silently answered null, which nothing written said.
 */
function oneAnswer<T extends { result?: unknown; error?: unknown }>(mock: T, ctx: z.core.$RefinementCtx<T>): void {
  if (mock.result !== undefined && mock.error !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['error'], message: 'a mock answers with `result` or with `error`, not both' });
  } else if (mock.result === undefined && mock.error === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'a mock answers with `result` or with `error`: this one has neither (`result: null` answers null, `result: {}` an empty object)' });
  }
}

export const ToolSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a tool name of ASCII letters, digits, _ . -'),
  description: z.string().optional(),
  tier: TierSchema.optional().describe('Default read, or approve for a tool with effects.'),
  effects: z.array(EffectSchema).optional(),
  parameters: JsonSchemaObject.optional(),
  mock: z.strictObject(mockAnswerShape).superRefine(oneAnswer).optional()
    .describe('The default answer when no case mock matches: exactly one of `result` and `error` (`result: null` answers null).'),
  handler: z.string().regex(HANDLER_PATTERN, 'a module path and an exported function, e.g. ./tools/retail.ts#cancelOrder')
    .optional()
    .describe('A function `(args, world)` in a JS or TS module, relative to the suite file: `./tools/retail.ts#cancelOrder` (no `#name`: the default export). It answers when no case mock matches; it may change `world.state`.'),
});
export type WrittenTool = z.infer<typeof ToolSchema>;

export const CaseMockSchema = z.strictObject({
  tool: z.string().min(1),
  when: MatcherObjectSchema.optional().describe('Argument matchers; all must hold.'),
  ...mockAnswerShape,
}).superRefine(oneAnswer).describe('Answers the calls to `tool` that `when` matches, with exactly one of `result` and `error`.');
export type CaseMock = z.infer<typeof CaseMockSchema>;

export const FAULT_KINDS = ['rate_limit', 'error', 'timeout', 'malformed'] as const;
/** A status a fault gives: an HTTP status code (RFC 9110: 100-599). */
export const HttpStatusSchema = z.number().int().min(100).max(599);
/** The status of a failed call: an HTTP error status (4xx, 5xx). */
export const HttpErrorStatusSchema = z.number().int().min(400).max(599);

/**
 * A fault whose call fails (rate_limit, error, timeout) fails with an error status, 400-599: "tool
 * x failed with status 200" is no failure a service sends. A malformed answer arrived (its status,
 * 200 by default, reaches no agent), so any status serves there.
 */
export function errorStatus<T extends { error: string; status?: number | undefined }>(fault: T, ctx: z.core.$RefinementCtx<T>): void {
  const { status } = fault;
  // Not an HTTP status at all (below 100, a fraction) is HttpStatusSchema's to report.
  if (status === undefined || fault.error === 'malformed' || status >= 400 || status < 100 || !Number.isInteger(status)) return;
  ctx.addIssue({ code: 'custom', path: ['status'], input: status, message: `an error status, 400-599 (\`error: ${fault.error}\` fails the call; 2xx and 3xx are successes)` });
}

export const FaultSchema = z.strictObject({
  tool: z.string().min(1),
  call: z.number().int().positive().optional().describe('1-based index of the call to this tool; every call when absent.'),
  error: z.enum(FAULT_KINDS),
  status: HttpStatusSchema.optional().describe('HTTP status: 429 for rate_limit, 500 for error, 504 for timeout by default (an error status, 400-599, for those three).'),
  retry_after_ms: z.number().int().nonnegative().optional(),
}).superRefine(errorStatus);
export type Fault = z.infer<typeof FaultSchema>;

export const MODEL_FAULT_KINDS = ['rate_limit', 'server_error', 'timeout', 'truncated_stream'] as const;
export const ModelFaultSchema = z.strictObject({
  model: z.string().min(1).describe('"*" for every model, else the model id the agent asks for.'),
  call: z.number().int().positive().optional()
    .describe('1-based index of the call to this model (with "*": of every model call in the case); every call when absent.'),
  error: z.enum(MODEL_FAULT_KINDS)
    .describe('rate_limit: 429 with Retry-After; server_error: 500; timeout: never answered; truncated_stream: the answer cut halfway.'),
  status: HttpErrorStatusSchema.optional().describe('HTTP status of a rate_limit (429) or server_error (500) fault.'),
  retry_after_ms: z.number().int().nonnegative().optional(),
});
export type ModelFault = z.infer<typeof ModelFaultSchema>;

export const ExpectedCallSchema = z.strictObject({
  name: z.string().min(1),
  args: MatcherObjectSchema.optional().describe('Matched as a subset of the actual arguments.'),
  exact: z.boolean().optional().describe('The arguments must have no other keys.'),
  approved: z.boolean().optional().describe('The call must have been approved (true) or refused approval (false).'),
});
export type ExpectedCall = z.infer<typeof ExpectedCallSchema>;

export const ForbidSchema = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), args: MatcherObjectSchema.optional() }),
]);
export type Forbid = z.infer<typeof ForbidSchema>;

const stringOrList = z.union([z.string(), z.array(z.string())]);
export const OutputExpectationSchema = z.strictObject({
  contains: stringOrList.optional(),
  not_contains: stringOrList.optional(),
  regex: stringOrList.optional(),
  equals: z.unknown().optional(),
  json_schema: JsonSchemaObject.optional(),
});
export type OutputExpectation = z.infer<typeof OutputExpectationSchema>;

/** What an alternative may say: the checks of one acceptable ending (budgets and policy stay the case's). */
const alternativeShape = {
  outcome: z.union([OutcomeSchema, z.array(OutcomeSchema).min(1)]).optional(),
  tools: z.array(ExpectedCallSchema).optional()
    .describe('Calls the agent must make, each matched by a different call; `[]`: it calls no tool (any call fails). Left out, calls are not judged (only `forbid`).'),
  order: z.enum(['ordered', 'unordered']).optional().describe('Default unordered.'),
  forbid: z.array(ForbidSchema).optional(),
  output: OutputExpectationSchema.optional(),
};
export const AlternativeExpectationSchema = z.strictObject({
  ...alternativeShape,
  ignore_state: z.literal(true).optional()
    .describe('When this ending stands, the case\'s `state` (with `state_exact`) is not asked; its `state_unchanged` still is.'),
});
export type AlternativeExpectation = z.infer<typeof AlternativeExpectationSchema>;

/** The world's state: an object, or the path of a JSON file holding one (relative to the suite file). */
export const StateSchema = z.union([
  z.string().min(1).describe('Path of a JSON file holding the state, relative to the suite file.'),
  JsonObjectSchema,
]);

export const StateUnchangedSchema = z.union([
  z.literal(true),
  z.strictObject({
    except: z.array(z.string().min(1)).describe('Dot paths into the state that may change (`orders.*.status`; `*` is one key).'),
  }),
]);

export const ExpectationSchema = z.strictObject({
  ...alternativeShape,
  state: z.union([
    z.string().min(1).describe('Path of a JSON file the whole final state must equal, relative to the suite file.'),
    MatcherObjectSchema,
  ]).optional()
    .describe('The final state: matchers, a subset by default (objects by key, arrays element by element); `{eq: value}` compares literally.'),
  state_exact: z.boolean().optional().describe('`state` must match with no other keys, at every depth.'),
  state_unchanged: StateUnchangedSchema.optional().describe('The state did not change at all (`true`), or only at the `except` paths.'),
  respect_retry_after: z.boolean().optional()
    .describe('A tool answered rate_limit is called again only after its retry_after_ms; a call answered rate_limit meets no expected call.'),
  alternatives: z.array(AlternativeExpectationSchema).optional()
    .describe('Other acceptable endings: the case also passes when every check of one of these holds.'),
  budgets: BudgetsSchema.optional().describe('Caps for this case; the stricter of these and the config applies.'),
  policy: z.literal('comply').optional().describe('Policy compliance is always checked; accepted for explicitness.'),
  custom: z.array(z.string().min(1)).optional()
    .describe('Custom scorers: JS or TS modules, paths relative to the suite file, each default-exporting (trace) => {pass, score?, reason?}.'),
});
export type Expectation = z.infer<typeof ExpectationSchema>;

/** What a scripted reply is chosen by: checks of the agent's last answer, all of which must hold. */
export const ReplyConditionSchema = z.strictObject({
  output: OutputExpectationSchema.optional(),
  outcome: z.union([OutcomeSchema, z.array(OutcomeSchema).min(1)]).optional(),
});

export type ReplyCondition = z.infer<typeof ReplyConditionSchema>;

export const ScriptedReplySchema = z.strictObject({
  when: ReplyConditionSchema.optional().describe('The checks the agent\'s last answer must pass; without `when`, the default reply.'),
  say: z.string(),
});
export type ScriptedReply = z.infer<typeof ScriptedReplySchema>;

/** Checks of one turn's answer. */
export const TurnExpectationSchema = z.strictObject({
  outcome: z.union([OutcomeSchema, z.array(OutcomeSchema).min(1)]).optional(),
  output: OutputExpectationSchema.optional(),
});
export type TurnExpectation = z.infer<typeof TurnExpectationSchema>;

export const TurnSchema = z.strictObject({
  user: z.union([
    z.string(),
    z.array(ScriptedReplySchema).min(1).describe('Replies chosen by what the agent said: the first whose `when` holds; without a match and a default, the user falls silent.'),
  ]),
  expect: TurnExpectationSchema.optional().describe('Checks of this turn\'s answer; a failure fails the case at the end.'),
});
export type WrittenTurn = z.infer<typeof TurnSchema>;

export const QuarantineSchema = z
  .strictObject({
    until: z.iso.date('a calendar date as YYYY-MM-DD (2027-01-31)').describe('The last day the case is quarantined (UTC); after it the case gates again.'),
    reason: z.string().min(1).describe('Why, and who will fix it: listed in the card and the run summary.'),
  })
  .describe('The case runs and is reported, but no gate threshold counts it until `until` has passed.');
export type Quarantine = z.infer<typeof QuarantineSchema>;

/** A case's id (config/plain-case.ts checks it with the same pattern). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export const CaseSchema = z.strictObject({
  id: z.string().regex(CASE_ID_PATTERN, 'a case id of ASCII letters, digits, _ . : - (the description: takes any text)'),
  description: z.string().optional(),
  input: z.string().optional().describe('The user\'s message; a case gives `input` or `turns`.'),
  turns: z.array(TurnSchema).min(1).optional().describe('A scripted conversation: one run of the agent per turn.'),
  state: JsonObjectSchema.optional().describe('Deep-merged over the suite\'s state for this case.'),
  context: JsonObjectSchema.optional(),
  tags: z.array(z.string().min(1)).optional(),
  risk: RiskSchema.optional(),
  approvals: ApprovalsSchema.optional(),
  mocks: z.array(CaseMockSchema).optional(),
  faults: z.array(z.union([FaultSchema, ModelFaultSchema])).optional()
    .describe('Injected failures of a tool (`tool:`) or of a model call through the model gateway (`model:`).'),
  expect: ExpectationSchema,
  adversarial: z.array(AdversarialCategorySchema).optional().describe('Variant families for this case; replaces the suite\'s list ([] for none).'),
  adversarial_expect: z
    .partialRecord(AdversarialCategorySchema, ExpectationSchema)
    .optional()
    .describe('Per category, keys that replace those of the derived variant expectation.'),
  quarantine: QuarantineSchema.optional(),
});
export type WrittenCase = z.infer<typeof CaseSchema>;

export { ADVERSARIAL_CATEGORIES, AdversarialCategorySchema, type AdversarialCategory } from './adversarial.js';

/** A *.suite.yaml file as users write it. */
export const WrittenSuiteSchema = z
  .strictObject({
    $schema: z.string().optional(),
    suite: z.string().regex(/^(?!\.+$)[A-Za-z0-9_.-]+$/, 'a suite name of ASCII letters, digits, _ . - (not dots alone)'),
    description: z.string().optional(),
    approvals: ApprovalsSchema.optional(),
    context_schema: JsonSchemaObject.optional(),
    adversarial: z.array(AdversarialCategorySchema).optional().describe('Variant families to generate from every case.'),
    state: StateSchema.optional().describe('The initial state of the tool world: every attempt starts from its own copy.'),
    tools: z.array(ToolSchema),
    cases: z.array(CaseSchema).min(1),
  })
  .describe('An agentready suite (*.suite.yaml)');
export type WrittenSuite = z.infer<typeof WrittenSuiteSchema>;
