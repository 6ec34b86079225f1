/**
 * A whole run: plan the attempts, start the agent, stream every attempt into the run
 * folder, and stop every process agentready started, whatever happens.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AgentInfo } from '../adapters/protocol.js';
import { createAdapter } from '../adapters/registry.js';
import { McpToolServer } from '../environment/mcp/server.js';
import type { CaseResult, ResolvedConfig, Suite } from '../config/schema/index.js';
import { UsageError } from '../errors.js';
import { redact, redactDeep } from '../common/redact.js';
import { newRunId, newToken } from './ids.js';
import { planAttempts, selectCases, type CaseFilter } from './plan.js';
import { runQueue, type CaseFinished } from './queue.js';
import { CustomScorers } from './custom-scorers.js';
import { RunFolder } from './run-folder.js';

/** Time an agent gets to answer `initialize` and `shutdown`, unless `run.start_timeout_ms` says otherwise. */
const AGENT_START_TIMEOUT_MS = 10_000;

export interface SessionOptions {
  config: ResolvedConfig;
  filter: CaseFilter;
  repeat?: number;
  concurrency?: number;
  mode: 'normal' | 'read_only';
  redact: boolean;
  /** Folder holding run folders, normally `<config dir>/.agentready/runs`. */
  runsRoot: string;
  signal: AbortSignal;
  onStart?: (start: SessionStart) => void | Promise<void>;
  onCaseEnd?: (finished: CaseFinished) => void | Promise<void>;
}

export interface SessionStart {
  run_id: string;
  run_dir: string;
  agent: AgentInfo;
  adapter: string;
  suites: { name: string; file: string; cases: number }[];
  total: number;
  concurrency: number;
}

export interface SessionResult extends Omit<SessionStart, 'total'> {
  started_at: string;
  finished_at: string;
  duration_ms: number;
  results: CaseResult[];
  interrupted: boolean;
  skipped_for_cost: number;
  fingerprint: string;
  /** Where the time went: starting the agent, then running the cases. */
  timings: { agent_start_ms: number; cases_ms: number };
  /** Problems the transport saw but could not blame on one case. */
  warnings: string[];
  /** Requests to agentready's endpoints refused for a missing or wrong token (SPEC §11). */
  unauthenticated_requests: number;
}

export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const { config } = options;
  const selected = selectCases(config.suites, options.filter);
  if (selected.length === 0) {
    const known = config.suites.map((suite) => suite.name).join(', ') || 'none';
    throw new UsageError('no case matches the filters', `the suites are: ${known}; \`agentready validate\` lists their cases`);
  }
  const repeat = options.repeat ?? config.run.repeat;
  const attempts = planAttempts(selected, repeat);
  const custom = await CustomScorers.load(attempts);
  const suites = summarizeSuites(selected.map((s) => s.suite), selected);

  const adapter = createAdapter(config.target, {
    rootDir: config.rootDir,
    concurrency: options.concurrency ?? config.run.concurrency,
    workers: config.run.workers,
    startTimeoutMs: config.run.start_timeout_ms ?? AGENT_START_TIMEOUT_MS,
    suite: config.suites[0]?.name ?? '',
  });
  const token = newToken();
  // The run's MCP endpoint (SPEC §4): every case in flight is served at its own mcp_url, when
  // the transport hosts the tools.
  const mcp = adapter.hostsTools === false ? undefined : new McpToolServer(token);
  const startedAt = new Date();
  const startClock = performance.now();
  try {
    const agent = await adapter.start(options.signal);
    await mcp?.listen();
    const agentReadyAt = performance.now();
    const agentStartMs = agentReadyAt - startClock;
    const capacity = agentCapacity(config, agent);
    const concurrency = Math.max(1, Math.min(options.concurrency ?? config.run.concurrency, capacity));
    const runId = newRunId(startedAt);
    const fingerprint = suitesFingerprint(config.suites);
    const folder = RunFolder.create(options.runsRoot, {
      format: 'agentready-results',
      version: 1,
      run_id: runId,
      fingerprint,
      started_at: startedAt.toISOString(),
    });
    const start: SessionStart = {
      run_id: runId,
      run_dir: folder.dir,
      agent,
      adapter: config.target.adapter,
      suites,
      total: attempts.length,
      concurrency,
    };
    await options.onStart?.(start);
    try {
      const outcome = await runQueue({
        adapter,
        attempts,
        concurrency,
        folder,
        token,
        ...(mcp ? { mcp } : {}),
        mode: options.mode,
        timeoutMs: config.run.timeout_ms,
        budgets: config.budgets,
        ...(config.budgets.max_run_cost_usd === undefined ? {} : { maxRunCostUsd: config.budgets.max_run_cost_usd }),
        pricing: config.pricing,
        rules: config.policy.rules,
        custom,
        signal: options.signal,
        redact: options.redact ? redactDeep : <T>(value: T) => value,
        summarize: options.redact ? redact : (text: string) => text,
        onCaseEnd: (finished) => options.onCaseEnd?.(finished),
      });
      const finishedAt = new Date();
      const { total: _total, ...rest } = start;
      return {
        ...rest,
        started_at: startedAt.toISOString(),
        finished_at: finishedAt.toISOString(),
        duration_ms: finishedAt.getTime() - startedAt.getTime(),
        results: outcome.results,
        interrupted: outcome.interrupted,
        skipped_for_cost: outcome.skippedForCost,
        fingerprint,
        timings: { agent_start_ms: Math.round(agentStartMs), cases_ms: Math.round(performance.now() - agentReadyAt) },
        unauthenticated_requests: (adapter.unauthenticatedRequests?.() ?? 0) + (mcp?.unauthenticated ?? 0),
        warnings: adapter.warnings?.() ?? [],
      };
    } finally {
      folder.close();
    }
  } finally {
    await Promise.all([adapter.stop(), mcp?.close()]);
  }
}

/** Runs the agent takes at once: stdio per its `initialize` × workers, http per `target.concurrency` (SPEC §11). */
function agentCapacity(config: ResolvedConfig, agent: AgentInfo): number {
  if (config.target.adapter === 'stdio') return agent.concurrency * config.run.workers;
  if (config.target.adapter === 'http') return config.target.concurrency ?? Infinity;
  return Infinity;
}

/** Hash of every suite as written, so results and baselines can tell a changed suite. */
export function suitesFingerprint(suites: readonly Suite[]): string {
  const hash = createHash('sha256');
  for (const suite of [...suites].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`${suite.name}:${suite.fingerprint}\n`);
  return hash.digest('hex').slice(0, 16);
}

function summarizeSuites(suites: Suite[], selected: { suite: Suite }[]): SessionStart['suites'] {
  const unique = [...new Set(suites)];
  return unique.map((suite) => ({
    name: suite.name,
    file: suite.file,
    cases: selected.filter((s) => s.suite === suite).length,
  }));
}

/** Default place of run folders for a config. */
export function defaultRunsRoot(rootDir: string): string {
  return join(rootDir, '.agentready', 'runs');
}
