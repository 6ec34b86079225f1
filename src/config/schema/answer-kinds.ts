/**
 * The kinds of answer the hosted environment gives a tool call, as plain lists: the config's
 * rules read them without building trace.ts's schemas (loading config/ builds only the schemas it checks).
 */
/** Every answer the hosted environment can give a tool call. */
export const TOOL_ANSWER_KINDS = [
  'answer',            // the mock's result
  'error',             // a mock's domain error
  'fault',             // an injected fault (rate_limit, error, timeout, malformed)
  'tool_not_found',
  'invalid_arguments',
  'not_mocked',
  'not_recorded',      // replay: the recording holds no such call
  'policy_denied',
  'approval_missing',
  'approval_denied',
  'execution_disabled',
  'budget_exhausted',
] as const;
/** Error kinds agentready itself answers with; a domain error may not use them. */
export const OWN_ERROR_KINDS = [
  'policy_denied',
  'approval_missing',
  'approval_denied',
  'budget_exhausted',
  'execution_disabled',
  'invalid_arguments',
  'tool_not_found',
  'not_mocked',
  'not_recorded',
] as const;

/**
 * The rule a call the agent reported (exec, `agentready score`) to a tool the suite does not
 * declare breaks: it ran, outside the suite's authority, so it is a policy violation (hosted, the
 * same call is answered tool_not_found and runs nothing).
 */
export const UNDECLARED_TOOL_RULE = 'authority:undeclared';
