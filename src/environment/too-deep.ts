import { JSONRPC_ERRORS, JsonRpcError } from '../adapters/jsonrpc-errors.js';
import { MAX_NESTING_DEPTH } from '../config/defaults.js';
import { valueNestedPast } from '../config/json-depth.js';

/**
 * Arguments nested deeper than a recorded trace may be (`agentready score`'s limit) are refused
 * before anything walks them: matching, policy, redaction and the trace's writer recurse, and ran
 * out of stack (a module agent's call crashed agentready). Said to the agent as invalid params.
 */
export function refuseTooDeep(args: unknown, what: string): void {
  if (!valueNestedPast(args, MAX_NESTING_DEPTH)) return;
  throw new JsonRpcError({ code: JSONRPC_ERRORS.INVALID_PARAMS, message: `${what} nest more than ${MAX_NESTING_DEPTH} levels deep: refused, not recorded` });
}
