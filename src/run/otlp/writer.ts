/**
 * `--otlp <file>`: collects each finished attempt as it ends, with the time it ended, and writes
 * the run as one OTLP/JSON export request when the run ends (interrupted runs included). Its
 * hooks have the reporters' names and shapes, so the run's reporter hub drives it like any other
 * output; it gets the traces as every reporter does, redacted unless `--no-redact`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CaseResult, Trace } from '../../config/schema/index.js';
import type { OtlpCase, OtlpRun } from './encode.js';

export class OtlpFileWriter {
  #run: OtlpRun | undefined;
  readonly #cases: OtlpCase[] = [];

  constructor(
    /** Absolute path of the file to write. */
    readonly path: string,
    /** agentready's version, for the instrumentation scope. */
    private readonly version: string,
    /** Epoch milliseconds now; a parameter for tests. */
    private readonly now: () => number = Date.now,
  ) {}

  onRunStart(plan: { run_id: string; agent: { name: string; version: string } }): void {
    this.#run = { run_id: plan.run_id, agent: plan.agent, version: this.version };
  }

  /** An attempt that never started has no trace, and no span. */
  onCaseEnd(event: { result: CaseResult; trace?: Trace }): void {
    if (event.trace) this.#cases.push({ result: event.result, trace: event.trace, endedAtMs: this.now() });
  }

  async onRunEnd(): Promise<void> {
    if (!this.#run) return;
    // The OpenTelemetry packages (~200 modules) load only for a run that writes OTLP.
    const { encodeOtlpJson } = await import('./encode.js');
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, `${encodeOtlpJson(this.#run, this.#cases)}\n`);
  }
}
