// The params of a case's first turn as the harness sends them (RunParams: every field the protocol
// requires), for the tests that call an agent; a test names what it looks at and keeps the rest.
import type { RunParams } from '../../src/adapters/protocol.js';

type RunParamsFields = { input: string; id?: string; context?: RunParams['case']['context'] } & Partial<Omit<RunParams, 'case'>>;

export function runParams({ input, id = 'c', context = {}, ...fields }: RunParamsFields): RunParams {
  return {
    trace_id: `trace-${id}`,
    case: { id, input, context },
    turn: 1,
    messages: [{ role: 'user', content: input }],
    tools: [],
    mode: 'normal',
    budgets: {},
    timeout_ms: 5000,
    token: 'secret-token',
    models: { openai_base_url: 'http://127.0.0.1:9/openai', anthropic_base_url: 'http://127.0.0.1:9/anthropic' },
    ...fields,
  };
}
