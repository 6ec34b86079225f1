import { describe, expect, it } from 'vitest';
import { formatReporterFailure, ReporterHub } from '../../../src/report/hub.js';
import type { CaseEnd, Reporter, RunPlan } from '../../../src/report/reporter.js';
import { caseResult, runSummary, verdict } from './fixtures.js';

const plan: RunPlan = {
  run_id: 'r1',
  run_dir: '/tmp/r1',
  agent: { name: 'bot', version: '1' },
  adapter: 'stdio',
  suites: [],
  total: 1,
  concurrency: 1,
  kill_switch: false,
  origin: { kind: 'live' },
};
const caseEnd = { result: caseResult(), trace: {}, location: { file: 'a.suite.yaml', line: 1, column: 1 } } as unknown as CaseEnd;

// Records every hook it receives, in order.
class Recorder implements Reporter {
  readonly calls: string[] = [];
  onRunStart() { this.calls.push('onRunStart'); }
  async onCaseEnd() { await Promise.resolve(); this.calls.push('onCaseEnd'); }
  onRunEnd() { this.calls.push('onRunEnd'); }
  onError() { this.calls.push('onError'); }
  onExit() { this.calls.push('onExit'); }
}

class Broken implements Reporter {
  onRunStart(): void { throw new Error('start broke'); }
  async onCaseEnd(): Promise<void> { throw new Error('case broke'); }
  onRunEnd(): void { throw new Error('end broke'); }
  onError(): void { throw new Error('error broke'); }
  onExit(): void { throw new Error('exit broke'); }
  printsToStdio(): boolean { throw new Error('stdio broke'); }
}

async function runAllHooks(hub: ReporterHub): Promise<void> {
  await hub.onRunStart(plan);
  await hub.onCaseEnd(caseEnd);
  await hub.onRunEnd(runSummary([]), verdict());
  await hub.onError(new Error('harness'));
  await hub.onExit();
}

describe('ReporterHub', () => {
  it('gives every hook to the reporters after a broken one, and records each failure', async () => {
    const recorder = new Recorder();
    const hub = new ReporterHub([new Broken(), recorder]);
    await runAllHooks(hub);
    expect(recorder.calls).toEqual(['onRunStart', 'onCaseEnd', 'onRunEnd', 'onError', 'onExit']);
    expect(hub.hasReporterErrors).toBe(true);
    expect(hub.errors.map((e) => [e.reporter.name, e.hook, (e.error as Error).message])).toEqual([
      ['Broken', 'onRunStart', 'start broke'],
      ['Broken', 'onCaseEnd', 'case broke'],
      ['Broken', 'onRunEnd', 'end broke'],
      ['Broken', 'onError', 'error broke'],
      ['Broken', 'onExit', 'exit broke'],
    ]);
  });

  it('awaits each reporter before calling the next', async () => {
    const order: string[] = [];
    const slow: Reporter = { async onRunStart() { await Promise.resolve(); await Promise.resolve(); order.push('slow'); } };
    const fast: Reporter = { onRunStart() { order.push('fast'); } };
    await new ReporterHub([slow, fast]).onRunStart(plan);
    expect(order).toEqual(['slow', 'fast']);
  });

  it('makes no promise for a case when every reporter answers onCaseEnd synchronously, a throw recorded all the same', () => {
    const order: string[] = [];
    const hub = new ReporterHub([{ onCaseEnd() { order.push('a'); } }, { onCaseEnd() { throw new Error('sync broke'); } }, { onCaseEnd() { order.push('c'); } }]);
    expect(hub.onCaseEnd(caseEnd)).toBeUndefined();
    expect(order).toEqual(['a', 'c']);
    expect(hub.errors.map((e) => (e.error as Error).message)).toEqual(['sync broke']);
  });

  it('skips hooks a reporter does not implement and reports no errors', async () => {
    const hub = new ReporterHub([{}, new Recorder()]);
    await runAllHooks(hub);
    expect(hub.hasReporterErrors).toBe(false);
  });

  it('prints to stdio when any reporter does, even past a broken one', () => {
    expect(new ReporterHub([new Broken(), { printsToStdio: () => true }]).printsToStdio()).toBe(true);
    expect(new ReporterHub([new Recorder()]).printsToStdio()).toBe(false);
  });

  it('records a failure under the name the user gave the reporter, and words it with its file', async () => {
    const junit: Reporter = { label: { name: 'junit', path: 'out/junit.xml' }, onRunEnd: () => { throw new Error('ENOSPC: no space left on device, write'); } };
    const terminal: Reporter = { label: { name: 'terminal' }, onExit: () => { throw new Error('EPIPE'); } };
    const hub = new ReporterHub([junit, terminal]);
    await runAllHooks(hub);
    expect(hub.errors.map(formatReporterFailure)).toEqual([
      'reporter junit could not write out/junit.xml: ENOSPC: no space left on device, write',
      'reporter terminal failed: EPIPE',
    ]);
  });
});
