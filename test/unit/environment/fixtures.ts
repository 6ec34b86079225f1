// Builders for environment tests: a resolved tool, case and call state with overrides.
import type { Case, Tool } from '../../../src/config/schema/index.js';
import type { CallState } from '../../../src/environment/decide.js';
import type { ReportedCallState } from '../../../src/environment/reported.js';

export function tool(name: string, over: Partial<Tool> = {}): Tool {
  return { name, description: '', tier: 'read', effects: [], parameters: { type: 'object' }, ...over };
}

export function kase(over: Partial<Case> = {}): Case {
  return {
    id: 'c1',
    suite: 's',
    input: 'hi',
    context: {},
    tags: [],
    approvals: { default: 'grant', tools: {} },
    mocks: [],
    faults: [],
    expect: {},
    fingerprint: 'f',
    location: { file: 's.suite.yaml', line: 1, column: 1 },
    ...over,
  };
}

export function state(tools: Tool[], over: Partial<CallState> = {}): CallState {
  return {
    tools: new Map(tools.map((t) => [t.name, t])),
    kase: kase(),
    rules: [],
    mode: 'normal',
    caps: {},
    spent: { toolCalls: 0, modelCalls: 0, costUsd: 0 },
    callsByTool: new Map(),
    ran: [],
    approvals: [],
    usedApprovals: new Set(),
    ...over,
  };
}

/** The state a reported call (one the agent ran itself) is judged in, recorded with redaction off. */
export function reportedState(tools: Tool[], over: Partial<ReportedCallState> = {}): ReportedCallState {
  return { tools: new Map(tools.map((t) => [t.name, t])), rules: [], context: {}, ran: [], approvals: [], usedApprovals: new Set(), redacted: false, ...over };
}
