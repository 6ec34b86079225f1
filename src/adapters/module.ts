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
import { agentModuleSyntaxError, agentModuleWithoutDefault } from '../config/module-syntax.js';
import { markModuleImport } from './in-process-mark.js';
import { copyJson } from '../config/own-key.js';
import type { ModuleTargetSchema } from '../config/schema/config.js';
import { HarnessError, type UsageError } from '../errors.js';
import { plural } from '../common/plural.js';
import { describeThrown, isInstance } from '../common/thrown.js';
import { throwSite } from '../common/throw-site.js';
import { AgentRunError, RunTimeoutError, type Adapter, type AdapterContext, type RunReply, type RunContext } from './adapter.js';
import { readModuleResult } from './module-result.js';
import { agentInfo } from './agent-info.js';
import { RunResultSchema, type AgentInfo, type RunParams } from './protocol.js';
import { UnknownResultKeys } from './unknown-result-keys.js';
import { AgentLog } from './agent-log.js';
import { CappedWarnings } from './capped-warnings.js';
import { agentStack } from './agent-stack.js';
import { exitText, faultError, FaultError, faultMessage, trapAgentExits } from './module-faults.js';
import { LineOutput, routeAgentOutput, runInAgentScope, type AgentFault, type AgentScope } from './module-output.js';
import { BlockWatchdog, OUTSIDE_CASES } from './module-watchdog.js';
import { groupAgentChildren } from './agent-children.js';
import { keepStopSignals } from './agent-signals.js';
import { TimeLimit } from './time-limit.js';
import { contextFor, type ModuleContext, type UsageReports } from './module-context.js';
import { lateUsageWarning } from './stdio-host.js';
import { shownPath } from '../config/shown-path.js';
import { excerpt } from '../common/shorten.js';

export type ModuleTarget = z.infer<typeof ModuleTargetSchema>;

export type { ModuleContext } from './module-context.js';
export type ModuleAgent = (task: RunParams, ctx: ModuleContext) => unknown;
/** Where a call of the module's code settles (`printingToLog`). */
type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

export class ModuleAdapter implements Adapter {
  private agent: ModuleAgent | undefined;
  /** The module's optional `shutdown` export: closes what it opened, so the CLI can exit. */
  private shutdown: (() => unknown) | undefined;
  /** Error stacks of runs that threw, by trace id, after the case's log. */
  private readonly logs = new Map<string, string[]>();
  /** What the module printed, by the run it printed in (nothing for its import and shutdown). */
  private readonly log: AgentLog;
  /** Gives process.stdout and stderr their own write back, and process.exit; set while started. */
  private releaseOutput: (() => void) | undefined;
  /** `ctx.recordUsage` reports that came after their run had answered (not counted). */
  private lateUsage = 0;
  /** Keys of the results that agentready does not read, for the run's warnings, as over stdio and http. */
  private readonly unknownKeys = new UnknownResultKeys({ known: Object.keys(RunResultSchema.shape), said: 'the agent module returned' });
  /** Faults of the module outside any case (after its case ended, while loading). */
  private readonly faultWarnings = new CappedWarnings({ max: 20, more: (count) => `and ${plural(count, 'more fault')} of the agent module outside its cases, not shown` });
  /** The run's warnings were read: a later fault outside cases is not recorded. */
  private warningsRead = false;
  /** Ends the process should the module block the event loop past a case's time limit; set while started. */
  private watchdog: BlockWatchdog | undefined;

  constructor(
    private readonly target: ModuleTarget,
    private readonly ctx: AdapterContext,
  ) {
    this.log = new AgentLog(ctx.quote);
  }

  /**
   * Starts the watchdog's thread, which `start` would start first: begun once the suites are
   * loaded (`eval`), it starts on the other core while the run's code loads and plans, and is
   * running by the first case (the case phase's heap waits for a thread still starting when the
   * young generation is at its cap and the thread's start is not seen to have grown it, heap.ts
   * `settleHeapForCases`: it was ~15-70 ms with 10,000 cases and no suite cache). Not before the suites
   * load: a thread's start lets V8 grow the young generation, held while they parse. Begun as the
   * config was read (young generation at 8 MiB, half the cap), with the thread setting the factor
   * again as its first statement: 10,000 cases waited less before the first case (median idle
   * 40 → 12 ms, lower in 8 of 10 runs; spawn to first case no sooner on 2 busy cores, in 4 of 10),
   * but 100,000 cases without the suite cache grew it to 32 MiB in 1 of 3 runs (peak RSS 173 MiB
   * against 156-158): the thread starts slowly on busy cores, and the parse is one long burst.
   */
  beforeStart(): void {
    this.watchdog ??= new BlockWatchdog({ slots: this.ctx.concurrency });
  }

  /** Imports the module (TypeScript through tsx) and checks its default export. */
  async start(signal: AbortSignal): Promise<AgentInfo> {
    if (signal.aborted) throw signal.reason;
    const file = path.resolve(this.ctx.rootDir, this.target.module);
    this.beforeStart();
    this.releaseOutput ??= releasing([routeAgentOutput(), trapAgentExits(), groupAgentChildren(), keepStopSignals()]);
    this.watchdog?.importStarts(this.ctx.startTimeoutMs);
    let exports: Record<string, unknown>;
    const unmark = markModuleImport();
    let servesStdio = false;
    try {
      exports = await this.printingToLog(() => importModule(file, 'agent'), { traceIds: [], fault: (fault) => this.warnOf(fault, 'while it loaded') });
    } catch (error) {
      this.stopRouting();
      throw loadError(error, { file, withTail: (message) => this.log.withTail(message) });
    } finally {
      servesStdio = unmark();
      this.watchdog?.imported();
    }
    const agent = exports.default;
    if (typeof agent !== 'function') {
      this.stopRouting();
      throw agentModuleWithoutDefault({ shown: shownPath(file), written: path.relative(this.ctx.rootDir, file), exports, servesStdio });
    }
    this.agent = agent as ModuleAgent;
    if (typeof exports.shutdown === 'function') this.shutdown = exports.shutdown as () => unknown;
    return agentInfo({
      name: typeof exports.name === 'string' && exports.name !== '' ? exports.name : path.basename(file),
      ...(typeof exports.version === 'string' && exports.version !== '' ? { version: exports.version } : {}),
      concurrency: this.ctx.concurrency,
    });
  }

  async run(params: RunParams, { host, signal, attempt }: RunContext): Promise<RunReply> {
    if (signal.aborted) throw signal.reason;
    const agent = this.agent;
    if (!agent) throw new HarnessError('TRANSPORT', 'the module adapter is not started');
    const limit = new TimeLimit(signal, params.timeout_ms);
    host.handedOff?.();
    const slot = this.watchdog?.enter(params.case.id, { timeoutMs: params.timeout_ms, attempt: attempt && JSON.stringify(attempt) }) ?? OUTSIDE_CASES;
    // The agent runs in our process: we cannot stop it, only stop waiting for it. One promise
    // settles with whichever comes first: its answer, a fault of its code, the time limit.
    let running = true;
    let raw: unknown;
    const reports: UsageReports = { late: () => this.lateUsage++ };
    try {
      const ctx = contextFor({ host, limit, models: params.models, usage: reports, quote: this.ctx.quote ?? excerpt });
      raw = await new Promise((resolve, reject) => {
        limit.onAbort(() => reject(signal.aborted ? signal.reason : new RunTimeoutError(params.timeout_ms)));
        const fault = (fault: AgentFault): boolean => {
          if (!running) return this.warnOf(fault, `after its case ${params.case.id} ended`);
          if (fault.kind !== 'exit' && isInstance(fault.error, Error) && fault.error.stack) this.logs.set(params.trace_id, agentStack(fault.error.stack));
          reject(faultError(fault));
          return true;
        };
        this.printingToLog(() => agent(copyJson(params), ctx), { traceIds: [params.trace_id], fault, settle: { resolve, reject } });
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Thrown because its signal aborted at the time limit (a cancelled sleep, say): a timeout. So is
      // a throw or a fault past the deadline, which a synchronous loop kept the timer from marking.
      // Each instanceof asked safely: what the agent threw may be a Proxy whose traps throw (isInstance).
      if (isInstance(error, RunTimeoutError) || limit.timedOut || limit.pastDeadline) throw new RunTimeoutError(params.timeout_ms);
      if (isInstance(error, FaultError)) throw error.reason;
      const stack = isInstance(error, Error) && error.stack ? agentStack(error.stack) : undefined;
      if (stack) this.logs.set(params.trace_id, stack);
      // The agent's own failure (AGENT_ERROR): judged as a failed case, with its message and where it threw.
      const site = stack && throwSite({ stack, cwd: process.cwd() });
      throw new AgentRunError(`the agent module threw: ${describeThrown(error)}${site ? ` (at ${site})` : ''}`, { cause: error });
    } finally {
      running = false;
      reports.answered = true;
      this.watchdog?.leave(slot);
      limit.dispose();
    }
    if (limit.aborted) throw signal.aborted ? signal.reason : new RunTimeoutError(params.timeout_ms);
    // Its answer came after the time limit, which could not fire while the agent held the thread (a
    // synchronous loop): the case was not answered in time, whatever the answer says.
    if (limit.pastDeadline) throw new RunTimeoutError(params.timeout_ms);
    const result = readModuleResult(raw, { invalidUsage: reports.invalid, quote: this.ctx.quote ?? excerpt });
    // Its keys are listed without reading a value (no getter runs), once it was read as an answer; a Proxy whose
    // key traps throw leaves it unlisted (its answer stands).
    try {
      this.unknownKeys.note(raw, params.case.id);
    } catch {
      // nothing to warn of
    }
    return result;
  }

  recordBlocks(file: string): void {
    this.watchdog?.recordTo(file);
  }

  async stop(): Promise<void> {
    this.agent = undefined;
    const shutdown = this.shutdown;
    this.shutdown = undefined;
    try {
      if (shutdown) await this.printingToLog(shutdown, { traceIds: [], fault: (fault) => this.warnOf(fault, 'in its shutdown') });
    } catch {
      // Every case has finished and been written; a failing cleanup must not cost the run its report.
    } finally {
      this.stopRouting();
    }
  }

  warnings(): string[] {
    this.warningsRead = true;
    return [...this.faultWarnings.list(), ...[lateUsageWarning(this.lateUsage)].filter((late) => late !== undefined), ...this.unknownKeys.warnings()];
  }

  logFor(traceId: string): string[] {
    const printed = this.log.linesFor(traceId);
    const stack = this.logs.get(traceId);
    return stack === undefined ? printed : [...printed, ...stack];
  }

  /**
   * Calls the module's `fn` on a later microtask with what it prints (and whatever it starts
   * prints) filed in the log under `traceIds` and its faults told to `fault`; its last unended
   * line is filed when it settles. With `settle`, its outcome goes there (a run's promise, which
   * a fault or the time limit may settle first), and no promise of its own is made for it: with
   * the async context's promise hooks on, every promise of a run costs them.
   */
  private printingToLog<T>(fn: () => T | PromiseLike<T>, options: { traceIds: readonly string[]; fault: AgentScope['fault'] }): Promise<T>;
  private printingToLog<T>(fn: () => T | PromiseLike<T>, options: { traceIds: readonly string[]; fault: AgentScope['fault']; settle: Settle<T> }): void;
  private printingToLog<T>(fn: () => T | PromiseLike<T>, { traceIds, fault, settle }: { traceIds: readonly string[]; fault: AgentScope['fault']; settle?: Settle<T> }): Promise<T> | void {
    const output = new LineOutput(() => this.log.splitterFor(traceIds));
    const ran = runInAgentScope({ fault, write: (stream, chunk) => output.write(stream, chunk) }, () => Promise.resolve().then(fn));
    // Not an async function: with the async context's promise hooks on, each await costs a promise more.
    if (settle === undefined) {
      return ran.then(
        (value) => (output.end(), value),
        (error: unknown) => {
          output.end();
          throw error;
        },
      );
    }
    // As the promise above would: a throw of end() settles it instead.
    const ending = (then: () => void): void => {
      try {
        output.end();
      } catch (error) {
        return settle.reject(error);
      }
      then();
    };
    ran.then(
      (value) => ending(() => settle.resolve(value)),
      (error: unknown) => ending(() => settle.reject(error)),
    );
  }

  /**
   * A fault outside any case (`where`: after its case ended, while loading): a run warning, not a
   * crash; false once the run's warnings were read.
   */
  private warnOf(fault: AgentFault, where: string): boolean {
    if (this.warningsRead) return false;
    this.faultWarnings.add(fault.kind === 'exit' ? `${exitText(fault.call)} ${where}; agentready went on` : faultMessage(fault, ` ${where}`));
    return true;
  }

  private stopRouting(): void {
    this.releaseOutput?.();
    this.releaseOutput = undefined;
    this.watchdog?.stop();
    this.watchdog = undefined;
  }
}

/** One function that calls each of `releases`. */
function releasing(releases: readonly (() => void)[]): () => void {
  return () => releases.forEach((release) => release());
}


/**
 * Why a module would not load (TypeScript through tsx): a syntax error in its own file is bad
 * input, a UsageError (exit 2) as `validate` words it (module-syntax.ts); anything else is
 * AGENT_START (exit 3), the agent did not start: why, then `withTail`'s last lines of what it
 * printed while loading.
 */
function loadError(error: unknown, { file, withTail }: { file: string; withTail: (message: string) => string }): UsageError | HarnessError {
  const syntax = agentModuleSyntaxError(error, { file, shown: shownPath(file) });
  if (syntax !== undefined) return syntax;
  // Node's own words for a missing file name the importer: agentready's bundle, not the user's code.
  const why = !existsSync(file) ? 'no such file' : withoutRequireStack(describeThrown(error));
  return new HarnessError('AGENT_START', withTail(`could not load the agent module ${file}: ${why}`), { cause: error });
}

/**
 * Node's require() names a missing import's importers in a "Require stack" on lines of their own,
 * and tsx, which loads TypeScript through it, adds a `?namespace=<uuid>` of its own to each: the
 * first importer, as Node's ESM loader words it (`… imported from /app/agent.ts`), on one line.
 */
function withoutRequireStack(message: string): string {
  const stack = /^([^\n]*)\nRequire stack:\n- ([^\n]+)/.exec(message);
  if (stack === null) return message;
  return `${stack[1]} imported from ${stack[2]!.replace(/\?namespace=[\w-]+$/, '')}`;
}
