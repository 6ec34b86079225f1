/**
 * The module transport (SPEC §4, §11): the agent is an ES module, JS or TypeScript, whose default
 * export is `async (task, ctx) => ({ outcome, output })`, run in process. `ctx` offers the same
 * methods as the other transports: `callTool` (rejects with an Error carrying `kind`, `status`,
 * `retry_after_ms` and `data`, like the stdio agent library), `requestApproval`, `recordUsage`,
 * `signal`, aborted at the time limit or on Ctrl-C, and `models`, the case's model gateway.
 * What the module prints (console, process.stdout and stderr) is its log, as a stdio agent's
 * stderr is (module-output.ts): each line in the case it was printed in, never on the terminal.
 * What it does that would end agentready's process (an uncaught exception, an unhandled
 * rejection, `process.exit()`: module-faults.ts) costs the case it was done in, or is a run
 * warning outside any case.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { importModule } from '../config/import-module.js';
import type { ModuleTargetSchema } from '../config/schema/config.js';
import { HarnessError } from '../errors.js';
import { plural } from '../common/plural.js';
import { AgentRunError, RunTimeoutError, type Adapter, type AdapterContext, type RunReply, type ToolHost } from './adapter.js';
import { ReportedUsageSchema, RunResultSchema, describeIssues, type AgentInfo, type ModelUrls, type RunParams } from './protocol.js';
import { AgentLog } from './agent-log.js';
import { agentStack } from './agent-stack.js';
import { describeThrown, exitText, faultError, FaultError, faultMessage, trapAgentExits } from './module-faults.js';
import { LineOutput, routeAgentOutput, runInAgentScope, type AgentFault, type AgentScope } from './module-output.js';
import { BlockWatchdog, OUTSIDE_CASES } from './module-watchdog.js';
import { TimeLimit } from './time-limit.js';
import { MODULE_AGENT_VERSION } from '../config/agent-versions.js';
import { toolCallError } from './tool-call-error.js';

export type ModuleTarget = z.infer<typeof ModuleTargetSchema>;

/** What the module's default export receives besides the task. */
export interface ModuleContext {
  /** Resolves with the tool's result; rejects with a ToolCallError (`kind`, `status`, `retry_after_ms`, `data`). */
  callTool<T = unknown>(name: string, args?: Record<string, unknown>): Promise<T>;
  requestApproval(name: string, args?: Record<string, unknown>, reason?: string): Promise<{ approved: boolean }>;
  recordUsage(usage: { model: string; input_tokens: number; output_tokens: number; cost_usd?: number }): void;
  signal: AbortSignal;
  /** The case's model gateway base URLs (as `task.models`); absent when the run has none. */
  models: ModelUrls | undefined;
}
export type ModuleAgent = (task: RunParams, ctx: ModuleContext) => unknown;


export class ModuleAdapter implements Adapter {
  private agent: ModuleAgent | undefined;
  /** The module's optional `shutdown` export: closes what it opened, so the CLI can exit. */
  private shutdown: (() => unknown) | undefined;
  /** Error stacks of runs that threw, by trace id, after the case's log. */
  private readonly logs = new Map<string, string[]>();
  /** What the module printed, by the run it printed in (nothing for its import and shutdown). */
  private readonly log = new AgentLog();
  /** Gives process.stdout and stderr their own write back, and process.exit; set while started. */
  private releaseOutput: (() => void) | undefined;
  /** Faults of the module outside any case (after its case ended, while loading). */
  private readonly faultWarnings: string[] = [];
  private faultsUnlisted = 0;
  /** The run's warnings were read: a later fault outside cases is not recorded. */
  private warningsRead = false;
  /** Ends the process should the module block the event loop past a case's time limit; set while started. */
  private watchdog: BlockWatchdog | undefined;

  constructor(
    private readonly target: ModuleTarget,
    private readonly ctx: AdapterContext,
  ) {}

  /** Imports the module (TypeScript through tsx) and checks its default export. */
  async start(signal: AbortSignal): Promise<AgentInfo> {
    if (signal.aborted) throw signal.reason;
    const file = path.resolve(this.ctx.rootDir, this.target.module);
    if (this.releaseOutput === undefined) {
      const watchdog = (this.watchdog = new BlockWatchdog({ slots: this.ctx.concurrency, startTimeoutMs: this.ctx.startTimeoutMs }));
      this.releaseOutput = releasing([routeAgentOutput(), trapAgentExits(), () => watchdog.stop()]);
    }
    let exports: Record<string, unknown>;
    try {
      exports = await this.printingToLog([], () => importModule(file), outsideCases((fault) => this.warnOf(fault, 'while it loaded')));
    } catch (error) {
      this.stopRouting();
      throw loadError(file, error, (message) => this.log.withTail(message));
    } finally {
      this.watchdog?.imported();
    }
    const agent = exports.default;
    if (typeof agent !== 'function') {
      this.stopRouting();
      const found = agent === undefined ? 'no default export' : `a default export of type ${typeof agent}`;
      throw new HarnessError('AGENT_START', `${file} must export a default function async (task, ctx) => ({ outcome, output }); found ${found}`);
    }
    this.agent = agent as ModuleAgent;
    if (typeof exports.shutdown === 'function') this.shutdown = exports.shutdown as () => unknown;
    return {
      name: typeof exports.name === 'string' && exports.name !== '' ? exports.name : path.basename(file),
      version: typeof exports.version === 'string' && exports.version !== '' ? exports.version : MODULE_AGENT_VERSION,
      concurrency: this.ctx.concurrency,
    };
  }

  async run(params: RunParams, host: ToolHost, signal: AbortSignal): Promise<RunReply> {
    if (signal.aborted) throw signal.reason;
    const agent = this.agent;
    if (!agent) throw new HarnessError('TRANSPORT', 'the module adapter is not started');
    const limit = new TimeLimit(signal, params.timeout_ms);
    const runSignal = limit.signal;
    // The agent runs in our process: we cannot stop it, only stop waiting for it.
    let fail: (error: unknown) => void = () => undefined;
    let running = true;
    const scope: Omit<AgentScope, 'write'> = {
      slot: this.watchdog?.enter(params.case.id, params.timeout_ms) ?? OUTSIDE_CASES,
      fault: (fault) => {
        if (!running) return this.warnOf(fault, `after its case ${params.case.id} ended`);
        if (fault.kind !== 'exit' && fault.error instanceof Error && fault.error.stack) this.logs.set(params.trace_id, agentStack(fault.error.stack));
        fail(faultError(fault));
        return true;
      },
    };
    const stopped = new Promise<never>((_, reject) => {
      fail = reject;
      const onAbort = () => reject(signal.aborted ? signal.reason : new RunTimeoutError(params.timeout_ms));
      if (runSignal.aborted) onAbort();
      else runSignal.addEventListener('abort', onAbort, { once: true });
    });
    stopped.catch(() => undefined);
    let raw: unknown;
    try {
      const ran = this.printingToLog([params.trace_id], () => agent(structuredClone(params), contextFor(host, runSignal, params.models)), scope);
      raw = await Promise.race([ran, stopped]);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof FaultError) throw error.reason;
      // Thrown because its signal aborted at the time limit (a cancelled sleep, say): a timeout.
      if (error instanceof RunTimeoutError || limit.timedOut) throw new RunTimeoutError(params.timeout_ms);
      if (error instanceof Error && error.stack) this.logs.set(params.trace_id, agentStack(error.stack));
      // The agent's own failure (AGENT_ERROR): judged as a failed case, with its message.
      throw new AgentRunError(`the agent module threw: ${describeThrown(error)}`, { cause: error });
    } finally {
      running = false;
      this.watchdog?.leave(scope.slot);
      scope.slot = OUTSIDE_CASES;
      limit.dispose();
    }
    if (runSignal.aborted) throw signal.aborted ? signal.reason : new RunTimeoutError(params.timeout_ms);
    const parsed = RunResultSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HarnessError('AGENT_PROTOCOL', `the agent module returned an invalid result: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  }

  async stop(): Promise<void> {
    this.agent = undefined;
    const shutdown = this.shutdown;
    this.shutdown = undefined;
    try {
      if (shutdown) await this.printingToLog([], shutdown, outsideCases((fault) => this.warnOf(fault, 'in its shutdown')));
    } catch {
      // Every case has finished and been written; a failing cleanup must not cost the run its report.
    } finally {
      this.stopRouting();
    }
  }

  warnings(): string[] {
    this.warningsRead = true;
    const unlisted = this.faultsUnlisted > 0 ? [`and ${plural(this.faultsUnlisted, 'more fault')} of the agent module outside its cases, not shown`] : [];
    return [...this.faultWarnings, ...unlisted];
  }

  logFor(traceId: string): string[] {
    const printed = this.log.linesFor(traceId);
    const stack = this.logs.get(traceId);
    return stack === undefined ? printed : [...printed, ...stack];
  }

  /**
   * Calls the module's `fn` on a later microtask with what it prints (and whatever it starts
   * prints) filed in the log under `traceIds`; its last unended line is filed when it settles.
   */
  private async printingToLog<T>(traceIds: readonly string[], fn: () => T, scope: Omit<AgentScope, 'write'>): Promise<Awaited<T>> {
    const output = new LineOutput(() => this.log.splitterFor(traceIds));
    try {
      // The caller's object itself, so that its later changes of `slot` are the scope's.
      const agentScope: AgentScope = Object.assign(scope, { write: output.write.bind(output) });
      return await runInAgentScope(agentScope, () => Promise.resolve().then(fn));
    } finally {
      output.end();
    }
  }

  /**
   * A fault outside any case (`where`: after its case ended, while loading): a run warning, not a
   * crash; false once the run's warnings were read.
   */
  private warnOf(fault: AgentFault, where: string): boolean {
    if (this.warningsRead) return false;
    if (this.faultWarnings.length >= MAX_FAULT_WARNINGS) {
      this.faultsUnlisted++;
      return true;
    }
    this.faultWarnings.push(fault.kind === 'exit' ? `${exitText(fault.code)} ${where}; agentready went on` : faultMessage(fault, ` ${where}`));
    return true;
  }

  private stopRouting(): void {
    this.releaseOutput?.();
    this.releaseOutput = undefined;
    this.watchdog = undefined;
  }
}

/** Faults outside cases listed one by one in the run's warnings; the rest are counted. */
const MAX_FAULT_WARNINGS = 20;

/** The scope of the module's import or `shutdown`: its faults go to `fault`. */
function outsideCases(fault: (fault: AgentFault) => boolean): Omit<AgentScope, 'write'> {
  return { fault, slot: OUTSIDE_CASES };
}

/** One function that calls each of `releases`. */
function releasing(releases: readonly (() => void)[]): () => void {
  return () => releases.forEach((release) => release());
}

/**
 * AGENT_START for a module that would not load (TypeScript through tsx): why, then `withTail`'s
 * last lines of what it printed while loading.
 */
function loadError(file: string, error: unknown, withTail: (message: string) => string): HarnessError {
  // Node's own words for a missing file name the importer: agentready's bundle, not the user's code.
  const why = !existsSync(file) ? 'no such file' : describeThrown(error);
  return new HarnessError('AGENT_START', withTail(`could not load the agent module ${file}: ${why}`), { cause: error });
}

/** The `ctx` one run's agent gets: the ToolHost's methods, shaped as the agent libraries shape them. */
function contextFor(host: ToolHost, signal: AbortSignal, models: ModelUrls | undefined): ModuleContext {
  return {
    signal,
    models: models === undefined ? undefined : { ...models },
    async callTool<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
      const answer = await host.callTool(name, args);
      if (answer.ok) return answer.result as T;
      throw toolCallError(answer.error);
    },
    async requestApproval(name, args = {}, reason) {
      const { approved } = await host.requestApproval(name, args, reason);
      return { approved };
    },
    recordUsage(usage) {
      const parsed = ReportedUsageSchema.safeParse(usage);
      if (!parsed.success) throw new TypeError(`ctx.recordUsage: ${describeIssues(parsed.error)}`);
      if (!signal.aborted) host.recordUsage(parsed.data);
    },
  };
}
