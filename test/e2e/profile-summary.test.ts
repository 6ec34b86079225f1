// scripts/profile-summary.js: the case phase of CPU profiles by the bundle's source modules, each
// sample counted as one (not by its time delta, which a stalled sampler inflates), and its options.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const summary = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'scripts/profile-summary.js'), ...args], { encoding: 'utf8', timeout: 20_000 });

/** A bundle of two modules and a profile of it: before the case phase, in it (one sample after a 40 ms stall), after it. */
function profileOfBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-profile-summary-'));
  const bundle = join(dir, 'main.cjs');
  writeFileSync(bundle, ['// src/run/a.ts', 'function runAttempt() { f(); }', '// src/adapters/b.ts', 'function g() {}', ''].join('\n'));
  const url = pathToFileURL(bundle).href;
  const frame = (functionName: string, lineNumber = 0, at = url) => ({ functionName, scriptId: '1', url: at, lineNumber, columnNumber: 0 });
  const nodes = [
    { id: 1, callFrame: frame('(root)', -1, ''), children: [2, 4, 5, 6] },
    { id: 2, callFrame: frame('runAttempt', 1), children: [3] },
    { id: 3, callFrame: frame('f', 1) },
    { id: 4, callFrame: frame('g', 3) },
    { id: 5, callFrame: frame('(idle)', -1, '') },
    { id: 6, callFrame: frame('load', 3) },
  ];
  const samples = [6, 3, 4, 5, 3, 2, 6];
  const timeDeltas = [300, 300, 40_000, 300, 300, 300, 300];
  const file = join(dir, 'eval.cpuprofile');
  writeFileSync(file, JSON.stringify({ nodes, startTime: 0, endTime: 42_000, samples, timeDeltas }));
  return file;
}

describe('node scripts/profile-summary.js', () => {
  it('sums the case phase by source module, a sample each, idle apart', () => {
    const run = summary(profileOfBundle());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'case phase (runAttempt on the stack) of 1 profile(s): 4 busy samples, 1 idle (busy 80.0%)',
      ' 75.0%  src/run/a.ts',
      ' 25.0%  src/adapters/b.ts',
      '',
    ]);
  });

  it('by function', () => {
    const run = summary('--by', 'function', profileOfBundle());
    expect(run.stdout).toContain(' 50.0%  f  src/run/a.ts\n');
    expect(run.stdout).toContain(' 25.0%  runAttempt  src/run/a.ts\n');
  });

  it.each([
    [['--by', 'file', 'x.cpuprofile'], '--by file: module or function'],
    [['--top'], '--top needs a value'],
    [['--top', '0', 'x.cpuprofile'], '--top 0: a whole number, 1 or more'],
    [['--phase', 'cases'], 'unknown option --phase'],
    [[], 'no .cpuprofile given'],
  ])('refuses %j with exit 2', (args, message) => {
    const run = summary(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`profile-summary: ${message}`);
  });
});
