/**
 * decideToolCall: the whole hosted-tool decision for one call, as a pure function of the
 * case's state. The order is the order a real gateway would apply: does the tool exist,
 * may anything run (kill switch, budgets), are the arguments valid, may *this* caller run
 * it (authority, policy), and only then what the tool says: an injected fault, the case's mocks,
 * the tool's handler, its default mock, else not_mocked. A refused call never reaches a handler.
 */
import type { ApprovalRecord, Budgets, Case, PolicyRule, Tool, ToolAnswerKind, ToolErrorPayload } from '../config/schema/index.js';
import { argumentProblems } from './arguments.js';
import { checkAuthority, isWriteTool } from './authority.js';
import { exhaustedCap, type Spend } from './budgets.js';
import { faultAnswer, findFault } from './faults.js';
import { findMockAnswer } from './mocks.js';
import { evaluatePolicy } from './policy.js';
import type { RunMode } from '../config/schema/run-modes.js';

export interface CallState {
  tools: ReadonlyMap<string, Tool>;
  kase: Pick<Case, 'mocks' | 'faults' | 'context'>;
  rules: readonly PolicyRule[];
  mode: RunMode;
  caps: Budgets;
  spent: Spend;
  /** Calls so far to each tool, this one excluded. */
  callsByTool: ReadonlyMap<string, number>;
  /** Tools whose calls answered a result (not an error: a failed verify_identity verified nothing), in order: what require_prior counts. */
  ran: readonly string[];
  approvals: readonly ApprovalRecord[];
  usedApprovals: ReadonlySet<number>;
}

/** What the policy layer decided, for the decision log; absent when no policy question arose. */
export interface PolicyOutcome {
  rule_id: string;
  outcome: 'allow' | 'deny' | 'approval_missing';
}

export interface ToolDecision {
  /** `handler`: the call passed every check and the tool's handler answers it (the host runs it). */
  answer: ToolAnswerKind | 'handler';
  /** Present when the agent gets a result (`answer`, or a `malformed` fault's text). */
  result?: unknown;
  error?: ToolErrorPayload;
  approved?: boolean;
  consumeApproval?: number;
  policy?: PolicyOutcome;
}

export function decideToolCall(state: CallState, call: { name: string; args: Record<string, unknown> }): ToolDecision {
  const early = refusalBeforeAuthority(state, call);
  if (early) return early;
  const { name, args } = call;
  // refusalBeforeAuthority refused a call to a tool that is not declared.
  const tool = state.tools.get(name)!;
  const authority = checkAuthority({ tool, args, approvals: state.approvals, used: state.usedApprovals });
  if (authority.kind === 'suggest_only') {
    return refuse({ kind: 'execution_disabled', message: `${name} is a suggest-tier tool and may not execute`, policy: { rule_id: 'authority:suggest', outcome: 'deny' } });
  }
  if (authority.kind === 'approval_missing') {
    return refuse({ kind: 'approval_missing', message: `${name} needs a granted approval/request for this call first`, policy: {
      rule_id: 'authority:approval',
      outcome: 'approval_missing',
    } });
  }
  if (authority.kind === 'approval_denied') {
    return refuse({ kind: 'approval_denied', message: `the approver refused ${name} for these arguments`, policy: { rule_id: 'authority:approval', outcome: 'deny' }, approved: false });
  }

  const verdict = evaluatePolicy(state.rules, { call: { tool: name, arguments: args, context: state.kase.context }, seen: { ranBefore: state.ran } });
  if (verdict.outcome === 'deny') {
    return {
      answer: 'policy_denied',
      error: { kind: 'policy_denied', message: `denied by policy rule ${verdict.rule_id}: ${verdict.reason}`, rule_id: verdict.rule_id },
      policy: { rule_id: verdict.rule_id, outcome: 'deny' },
      ...(authority.approved === undefined ? {} : { approved: authority.approved }),
    };
  }
  const granted = {
    policy: { rule_id: verdict.rule_ids.join(',') || 'default', outcome: 'allow' as const },
    ...(authority.approved === undefined ? {} : { approved: authority.approved, consumeApproval: authority.consume }),
  };
  return { ...answerFromTool(state, { tool, args }), ...granted };
}

/**
 * The refusal a call meets before authority is asked — the tool does not exist, the kill switch,
 * a budget cap, invalid arguments — or undefined when it reaches the authority check. Over MCP,
 * where the harness plays the approver at call time, only a call that reaches it is asked about.
 */
export function refusalBeforeAuthority(state: Pick<CallState, 'tools' | 'mode' | 'caps' | 'spent'>, { name, args }: { name: string; args: Record<string, unknown> }): ToolDecision | undefined {
  const tool = state.tools.get(name);
  if (!tool) {
    const known = [...state.tools.keys()].join(', ');
    return refuse({ kind: 'tool_not_found', message: `no tool named ${JSON.stringify(name)}; available: ${known || 'none'}` });
  }
  if (state.mode === 'read_only' && isWriteTool(tool)) {
    return refuse({ kind: 'execution_disabled', message: `execution is disabled (read-only mode): ${name} is ${describeTier(tool)}`, policy: {
      rule_id: 'kill-switch',
      outcome: 'deny',
    } });
  }
  const exhausted = exhaustedCap(state.caps, state.spent);
  if (exhausted) {
    // Worded as the model gateway's refusal: the kind, then the cap (the agent is not told the kind twice).
    return refuse({ kind: 'budget_exhausted', message: `budget_exhausted: ${exhausted.message}`, policy: { rule_id: `budget:${exhausted.cap}`, outcome: 'deny' } });
  }
  const problems = argumentProblems(tool, args);
  return problems ? refuse({ kind: 'invalid_arguments', message: `invalid arguments for ${name}: ${problems}` }) : undefined;
}

/** The tool's own answer: an injected fault, else a case mock, the handler, the default mock. */
function answerFromTool(state: CallState, { tool, args }: { tool: Tool; args: Record<string, unknown> }): ToolDecision {
  const mock = findMockAnswer(tool, { caseMocks: state.kase.mocks, args });
  const fault = findFault(state.kase.faults, { tool: tool.name, callIndex: (state.callsByTool.get(tool.name) ?? 0) + 1 });
  if (fault) {
    // Equivalent mutant: the test as `true` (only an answer has a result; the others read undefined).
    const answer = faultAnswer(fault, mock.kind === 'answer' ? mock.result : undefined);
    return answer.kind === 'malformed' ? { answer: 'fault', result: answer.result } : { answer: 'fault', error: answer.error };
  }
  switch (mock.kind) {
    case 'answer':
      return { answer: 'answer', result: mock.result };
    case 'error':
      return { answer: 'error', error: mock.error };
    case 'not_mocked':
      return { answer: 'not_mocked', error: { kind: 'not_mocked', message: `no mock answers ${tool.name} with these arguments` } };
    case 'handler':
      return { answer: 'handler' };
  }
}

/** "an approve tool", "an autonomous tool with effects money", "a read tool". */
function describeTier(tool: Tool): string {
  const effects = tool.effects.length > 0 ? ` with effects ${tool.effects.join(', ')}` : '';
  return `${tool.tier === 'approve' || tool.tier === 'autonomous' ? 'an' : 'a'} ${tool.tier} tool${effects}`;
}

function refuse({ kind, message, policy, approved }: { kind: ToolAnswerKind; message: string; policy?: PolicyOutcome; approved?: boolean }): ToolDecision {
  return {
    answer: kind,
    error: { kind, message },
    ...(policy ? { policy } : {}),
    ...(approved === undefined ? {} : { approved }),
  };
}
