// The StdioAdapter over the fixture agents in fixtures/agents/, as the stdio unit tests drive it.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import type { AgentExit, ToolAnswer, ToolHost } from '../../../src/adapters/adapter.js';
import type { RunParams, UsageParams } from '../../../src/adapters/protocol.js';
import { StdioAdapter, type StdioAdapterOptions } from '../../../src/adapters/stdio.js';
import { runParams } from '../../helpers/run-params.js';

export const AGENTS = resolve(import.meta.dirname, '../../../fixtures/agents');
export const LIB_URL = pathToFileURL(resolve(AGENTS, 'lib/stdio-agent.js')).href;
// Generous: a loaded CI machine can take seconds to boot node; no test waits for it to pass.
export const START_TIMEOUT_MS = 10_000;

const adapters: StdioAdapter[] = [];

/** Stops, after each test of the calling file, the adapters `stdio` made. */
export function stopAdaptersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((adapter) => adapter.stop()));
  });
}

/** `adapter`, stopped after the test. */
export function stoppedAfterTest(adapter: StdioAdapter): StdioAdapter {
  adapters.push(adapter);
  return adapter;
}

/** An adapter over `node <script>` (or `node -e <source>`), stopped after the test. */
export function stdio(
  script: string | { source: string },
  { workers = 1, startTimeoutMs = START_TIMEOUT_MS, env, ...options }: { workers?: number; startTimeoutMs?: number; env?: Record<string, string> } & StdioAdapterOptions = {},
) {
  const command = typeof script === 'string' ? [process.execPath, script] : [process.execPath, '--input-type=module', '-e', script.source];
  return stoppedAfterTest(new StdioAdapter({ adapter: 'stdio', command, ...(env ? { env } : {}) }, { rootDir: AGENTS, concurrency: 4, workers, startTimeoutMs, ...options }));
}

let traces = 0;
/** Run params of a trace and case of their own. */
export function params(input: string, tools: RunParams['tools'] = []): RunParams {
  traces += 1;
  return runParams({ input, id: `case-${traces}`, trace_id: `trace-${traces}`, tools });
}

/** A ToolHost that records every call (and when the run was handed to the agent) and answers from `answers` (default: ok with null). */
export function fakeHost(answers: Record<string, ToolAnswer> = {}) {
  const handedOff: number[] = [];
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const approvals: { name: string; reason: string | undefined }[] = [];
  const usage: Omit<UsageParams, 'trace_id'>[] = [];
  const host: ToolHost = {
    callTool: async (name, args) => {
      calls.push({ name, args });
      return answers[name] ?? { ok: true, result: null };
    },
    requestApproval: async ({ name, reason }) => {
      approvals.push({ name, reason });
      return { approved: name !== 'wire_money' };
    },
    recordUsage: (entry) => usage.push(entry),
    handedOff: () => void handedOff.push(performance.now()),
  };
  return { host, calls, approvals, usage, handedOff };
}

/** The next exit the adapter reports. */
export function nextExit(adapter: StdioAdapter): Promise<AgentExit> {
  return new Promise((resolveExit) => adapter.onExit(resolveExit));
}
