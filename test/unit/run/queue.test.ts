// runQueue with an in-process adapter: what reaches the run folder, and when.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollateralCrashError, type Adapter } from '../../../src/adapters/adapter.js';
import { ModelGateway } from '../../../src/environment/gateway/server.js';
import { HarnessError } from '../../../src/errors.js';
import type { CaseResult, Suite, Trace } from '../../../src/config/schema/index.js';
import type { Attempt } from '../../../src/run/plan.js';
import { isLegacyNotRunTrace } from '../../../src/run/own-traces.js';
import { runQueue, storedAttempt, type RunQueueOptions } from '../../../src/run/queue.js';
import { RunFolder } from '../../../src/run/run-folder.js';
import { kase } from '../environment/fixtures.js';

const suite: Suite = { name: 's', file: 's.suite.yaml', tools: [], fingerprint: 's', cases: [] };
const attempts = (n: number): Attempt[] =>
  Array.from({ length: n }, (_, i) => ({ suite, kase: kase({ id: `c${i}`, expect: { outcome: 'completed' } }), attempt: 1 }));

function folder(): RunFolder {
  return RunFolder.create(mkdtempSync(join(tmpdir(), 'agentready-queue-')), { format: 'agentready-results', version: 1, run_id: 'r', fingerprint: 'f', started_at: '2026-01-01T00:00:00.000Z' });
}
const linesOf = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').length - (file === 'results.jsonl' ? 1 : 0);

/** Every run has its model gateway: these agents call no model through it. */
const gateway = new ModelGateway({
  token: 't', mode: 'live', cassettes: tmpdir(), now: () => performance.now(), redact: (v) => v, splitSecrets: (pieces) => [...pieces],
  upstream: { openai: 'http://127.0.0.1:9/v1', anthropic: 'http://127.0.0.1:9' }, pricing: {},
});
beforeAll(() => gateway.listen());
afterAll(() => gateway.close());

function options(over: Partial<RunQueueOptions> & Pick<RunQueueOptions, 'adapter' | 'attempts' | 'folder'>): RunQueueOptions {
  return {
    runMs: () => 0,
    concurrency: 4,
    printed: 'redacted',
    gateway,
    token: 't',
    mode: 'normal',
    timeoutMs: 1000,
    budgets: {},
    pricing: {},
    rules: [],
    signal: new AbortController().signal,
    redact: (value) => value,
    redactText: (text) => text,
    onCaseEnd: () => undefined,
    ...over,
  };
}

/** An agent answering at once, in microtasks only, that notes how many results were on disk at each run. */
function instantAgent(dir: () => string): Adapter & { seen: number[] } {
  const seen: number[] = [];
  return {
    seen,
    start: async () => ({ name: 'instant', version: '1', concurrency: 4 }),
    run: async () => {
      seen.push(linesOf(dir(), 'results.jsonl'));
      return { outcome: 'completed', output: 'ok' };
    },
    stop: async () => undefined,
  };
}

describe('runQueue', () => {
  it('writes each case as it ends, even when the agent never yields to the event loop', async () => {
    const runFolder = folder();
    const adapter = instantAgent(() => runFolder.dir);
    const results: CaseResult[] = [];
    await runQueue(options({ adapter, attempts: attempts(40), folder: runFolder, onRecorded: (index, { result }) => void (results[index] = result) }));
    runFolder.close();
    expect(results.map((r) => r.case_id)).toEqual(attempts(40).map((a) => a.kase.id));
    expect(results.every((r) => r.status === 'passed')).toBe(true);
    // By the time case k starts, all but the cases still in flight (concurrency 4) are on disk.
    adapter.seen.forEach((written, k) => expect(written, `run ${k}`).toBeGreaterThanOrEqual(k - 4));
    expect(linesOf(runFolder.dir, 'traces.jsonl')).toBe(40);
  });

  it('reporters hear of each case after it is written, in the order the cases were recorded', async () => {
    const runFolder = folder();
    const heard: { id: string; onDisk: number }[] = [];
    await runQueue(
      options({
        adapter: instantAgent(() => runFolder.dir),
        attempts: attempts(10),
        folder: runFolder,
        onCaseEnd: async ({ result }) => {
          heard.push({ id: result.case_id, onDisk: linesOf(runFolder.dir, 'results.jsonl') });
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
      }),
    );
    runFolder.close();
    const written = readFileSync(join(runFolder.dir, 'results.jsonl'), 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line).case_id);
    expect(heard.map((h) => h.id)).toEqual(written);
    heard.forEach((h, i) => expect(h.onDisk).toBeGreaterThanOrEqual(i + 1));
  });

  it('runs the cases lost beside a crash again, fewer at once, until the crasher is alone and charged', async () => {
    const runFolder = folder();
    // One agent process: a run answers two macrotasks after it starts; one with CRASH kills the process after one.
    const inFlight = new Map<string, (error: Error) => void>();
    const runs: Record<string, number> = {};
    const adapter: Adapter = {
      start: async () => ({ name: 'crashy', version: '1', concurrency: 4 }),
      run: (params) =>
        new Promise((resolve, reject) => {
          const id = params.case.id;
          runs[id] = (runs[id] ?? 0) + 1;
          inFlight.set(params.trace_id, reject);
          if (params.case.input.includes('CRASH')) {
            setTimeout(() => {
              const held = inFlight.size;
              for (const fail of inFlight.values()) {
                fail(held > 1 ? new CollateralCrashError('agent process exited unexpectedly: boom', { inFlight: held }) : new HarnessError('AGENT_EXITED', 'agent process exited unexpectedly: boom'));
              }
              inFlight.clear();
            });
          } else {
            setTimeout(() => setTimeout(() => inFlight.delete(params.trace_id) && resolve({ outcome: 'completed', output: 'ok' })));
          }
        }),
      stop: async () => undefined,
    };
    const planned = attempts(12).map((a, i) => (i === 5 ? { ...a, kase: { ...a.kase, input: 'please CRASH' } } : a));
    const results: CaseResult[] = [];
    await runQueue(options({ adapter, attempts: planned, folder: runFolder, onRecorded: (index, { result }) => void (results[index] = result) }));
    runFolder.close();
    expect(results.map((r) => r.case_id)).toEqual(planned.map((a) => a.kase.id));
    expect(results.filter((r) => r.status !== 'passed').map((r) => r.case_id)).toEqual(['c5']);
    expect(results[5]).toMatchObject({ status: 'error', error: { code: 'AGENT_EXITED', message: 'agent process exited unexpectedly: boom' } });
    // Concurrency 4, then 1 (a quarter of the widest crash): the crasher runs twice, the rest at most that.
    expect(runs['c5']).toBe(2);
    expect(Math.max(...Object.values(runs))).toBeLessThanOrEqual(2);
    expect(linesOf(runFolder.dir, 'results.jsonl')).toBe(12);
  });

  it('records an attempt it never started as not run: a skipped result and no trace', async () => {
    const runFolder = folder();
    const adapter = instantAgent(() => runFolder.dir);
    const heard: string[] = [];
    const outcome = await runQueue(options({ adapter, attempts: attempts(3), folder: runFolder, maxRunCostUsd: 0, onCaseEnd: (finished) => void heard.push(`${finished.kind} ${'trace' in finished}`) }));
    runFolder.close();
    expect(outcome.skippedForCost).toBe(3);
    expect(adapter.seen).toEqual([]);
    expect(heard).toEqual(['not_run false', 'not_run false', 'not_run false']);
    const results = readFileSync(join(runFolder.dir, 'results.jsonl'), 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as CaseResult);
    expect(results.map((r) => `${r.status} ${r.error?.code}`)).toEqual(['skipped SKIPPED', 'skipped SKIPPED', 'skipped SKIPPED']);
    expect(readFileSync(join(runFolder.dir, 'traces.jsonl'), 'utf8')).toBe('');
  });


  it('counts what the cases still running have spent before starting another: the cap is reached when the money is spent, not when its case ends', async () => {
    const runFolder = folder();
    // Each case spends $1 at once, then answers only when released: c0 alone in flight, c1 after it.
    const release: (() => void)[] = [];
    const started: string[] = [];
    const adapter: Adapter = {
      start: async () => ({ name: 'spender', version: '1', concurrency: 2 }),
      run: (params, { host }) => {
        started.push(params.case.id);
        host.recordUsage({ model: 'm', input_tokens: 1, output_tokens: 0, cost_usd: 1 });
        return new Promise((resolve) => release.push(() => resolve({ outcome: 'completed', output: 'ok' })));
      },
      stop: async () => undefined,
    };
    const queue = runQueue(options({ adapter, attempts: attempts(4), folder: runFolder, concurrency: 2, maxRunCostUsd: 1.5 }));
    // c0 and c1 start at $0 spent; then c0 ends, with $2 spent between them: c2 must not start.
    while (release.length < 2) await new Promise((resolve) => setImmediate(resolve));
    release.shift()!();
    while (release.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      release.shift()?.();
    }
    const outcome = await queue;
    runFolder.close();
    expect(started).toEqual(['c0', 'c1']);
    expect(outcome.skippedForCost).toBe(2);
  });

  it("stamps each recorded result, ran or not run, with the run's time as its last key, and tells the reporters that result", async () => {
    for (const maxRunCostUsd of [undefined, 0]) {
      const runFolder = folder();
      const adapter = instantAgent(() => runFolder.dir);
      const heard: { kind: string; result: CaseResult; trace: boolean; attempt: string }[] = [];
      let clock = 100;
      await runQueue(options({
        adapter, attempts: attempts(3), folder: runFolder, concurrency: 1, runMs: () => (clock += 7),
        ...(maxRunCostUsd === undefined ? {} : { maxRunCostUsd }),
        onCaseEnd: (finished) => void heard.push({ kind: finished.kind, result: finished.result, trace: 'trace' in finished, attempt: finished.attempt.kase.id }),
      }));
      runFolder.close();
      const lines = readFileSync(join(runFolder.dir, 'results.jsonl'), 'utf8').trim().split('\n').slice(1);
      const kind = maxRunCostUsd === undefined ? 'ran' : 'not_run';
      expect(lines.map((line) => Object.keys(JSON.parse(line) as object).at(-1))).toEqual(['run_ms', 'run_ms', 'run_ms']);
      expect(lines.map((line) => (JSON.parse(line) as CaseResult).run_ms)).toEqual([107, 114, 121]);
      expect(heard.map((h) => `${h.kind} ${h.trace} ${h.attempt} ${h.result.run_ms}`)).toEqual([0, 1, 2].map((i) => `${kind} ${kind === 'ran'} c${i} ${107 + 7 * i}`));
      expect(heard.map((h) => JSON.stringify(h.result))).toEqual(lines);
    }
  });
  it('reads an attempt back as not run when skipped, whatever trace an older version wrote for it', () => {
    const [attempt] = attempts(1);
    const result = { status: 'skipped', trace_id: 't1' } as CaseResult;
    const legacy = { trace_id: 't1', outcome: 'error', error: { code: 'SKIPPED', message: 'cap' } } as Trace;
    expect(storedAttempt({ result, trace: legacy }, attempt!)).toEqual({ kind: 'not_run', result, attempt });
    expect(storedAttempt({ result, trace: undefined }, attempt!)?.kind).toBe('not_run');
    const passed = { status: 'passed', trace_id: 't2' } as CaseResult;
    expect(storedAttempt({ result: passed, trace: undefined }, attempt!)).toBeUndefined();
    expect(storedAttempt({ result: passed, trace: legacy }, attempt!)?.kind).toBe('ran');
    expect(isLegacyNotRunTrace('SKIPPED')).toBe(true);
    expect(isLegacyNotRunTrace('AGENT_EXITED')).toBe(false);
  });

  it('stops starting cases once a case cannot be recorded, and throws that error', async () => {
    const runFolder = folder();
    const adapter = instantAgent(() => runFolder.dir);
    let appended = 0;
    const appendResult = runFolder.appendResult.bind(runFolder);
    runFolder.appendResult = (result) => {
      if (++appended === 3) throw new Error('ENOSPC: no space left on device');
      return appendResult(result);
    };
    await expect(runQueue(options({ adapter, attempts: attempts(40), folder: runFolder }))).rejects.toThrow('ENOSPC');
    runFolder.close();
    // The cases already in flight end; no new ones start.
    expect(adapter.seen.length).toBeLessThan(12);
  });
});
