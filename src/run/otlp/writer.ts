/**
 * `--otlp <file>`: writes the run as one OTLP/JSON export request, streamed: each finished
 * attempt's spans are encoded as it ends (with the time it ended) and go to the file in batches,
 * and the request is closed when the run ends (interrupted runs included). Memory stays flat in
 * the number of cases. Its hooks have the reporters' names and shapes, so the run's reporter hub
 * drives it like any other output; it gets the traces as every reporter does, redacted unless
 * `--no-redact`. A file it cannot write fails once (the hub reports it); later cases are dropped.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { makeFolderFor } from '../../common/make-folder.js';
import type { CaseResult, Trace } from '../../config/schema/index.js';
import type { OtlpRun } from './encode.js';
import type { AgentName } from '../../config/schema/agent.js';

/** Encoded text held before it is written: a batch of cases, not the run. */
const FLUSH_AT_CHARS = 256 * 1024;

type Encoder = typeof import('./encode.js');

type State =
  | { kind: 'idle' }
  | { kind: 'writing'; fd: number; tail: string; pending: string[]; pendingChars: number }
  | { kind: 'failed' };

export class OtlpFileWriter {
  #run: OtlpRun | undefined;
  #encoder: Promise<Encoder> | undefined;
  #state: State = { kind: 'idle' };
  /** Settles when every case handed in so far is encoded and written (or dropped after a failure). */
  #written: Promise<void> = Promise.resolve();

  /** How messages name it (report/hub.ts): by its flag, and its file as the user gave it (else as resolved). */
  readonly label: { name: string; path: string };

  /** agentready's version, for the instrumentation scope. */
  private readonly version: string;
  /** Epoch milliseconds now; a parameter for tests. */
  private readonly now: () => number;

  constructor(
    /** Absolute path of the file to write. */
    readonly path: string,
    { version, now = Date.now, shown }: { version: string; now?: () => number; shown?: string | undefined },
  ) {
    this.version = version;
    this.now = now;
    this.label = { name: '--otlp', path: shown ?? path };
  }

  onRunStart(plan: { run_id: string; agent: AgentName }): void {
    this.#run = { run_id: plan.run_id, agent: plan.agent, version: this.version };
  }

  /** An attempt that never started has no trace, and no span. Cases are written in the order they ended. */
  onCaseEnd(event: { result: CaseResult; trace?: Trace }): Promise<void> | undefined {
    const run = this.#run;
    if (!event.trace || !run) return undefined;
    const kase = { result: event.result, trace: event.trace, endedAtMs: this.now() };
    const step = this.#written.then(async () => {
      if (this.#state.kind === 'failed') return;
      // The OpenTelemetry packages (~200 modules) load only for a run that writes OTLP.
      const parts = (await this.#encoderLoaded()).encodeOtlpParts(run, kase);
      this.#guarded(() => {
        if (this.#state.kind === 'idle') {
          makeFolderFor(this.path);
          this.#state = { kind: 'writing', fd: openSync(this.path, 'w'), tail: parts.tail, pending: [parts.head, parts.spans], pendingChars: parts.head.length + parts.spans.length };
        } else if (this.#state.kind === 'writing') {
          this.#state.pending.push(',', parts.spans);
          this.#state.pendingChars += parts.spans.length + 1;
        }
        if (this.#state.kind === 'writing' && this.#state.pendingChars >= FLUSH_AT_CHARS) this.#flush(this.#state);
      });
    });
    // The next case waits for this one, failed or not; the hub hears of the failure through `step`.
    this.#written = step.catch(() => undefined);
    return step;
  }

  async onRunEnd(): Promise<void> {
    if (!this.#run) return;
    await this.#written;
    const state = this.#state;
    if (state.kind === 'failed') return;
    if (state.kind === 'writing') {
      this.#guarded(() => {
        state.pending.push(state.tail, '\n');
        this.#flush(state);
        closeSync(state.fd);
        this.#state = { kind: 'idle' };
      });
      return;
    }
    // No case ran: the empty request.
    const { encodeOtlpJson } = await this.#encoderLoaded();
    const run = this.#run;
    this.#guarded(() => {
      makeFolderFor(this.path);
      const fd = openSync(this.path, 'w');
      writeSync(fd, `${encodeOtlpJson(run, [])}\n`);
      closeSync(fd);
    });
  }

  #encoderLoaded(): Promise<Encoder> {
    this.#encoder ??= import('./encode.js');
    return this.#encoder;
  }

  #flush(state: Extract<State, { kind: 'writing' }>): void {
    writeSync(state.fd, state.pending.join(''));
    state.pending = [];
    state.pendingChars = 0;
  }

  /** Runs a write; the first failure is thrown (for the hub to report) and ends the writing. */
  #guarded(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (this.#state.kind === 'writing') closeQuietly(this.#state.fd);
      this.#state = { kind: 'failed' };
      throw error;
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failed: the first error is the one reported.
  }
}
