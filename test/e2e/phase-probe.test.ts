// scripts/phase-probe.js's command line: --help prints its usage and a wrong option is refused at
// once (exit 2), where both ran the whole probe, minutes of 10,000-case evals, with the defaults.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const probe = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'scripts/phase-probe.js'), ...args], { encoding: 'utf8', timeout: 20_000 });

describe('node scripts/phase-probe.js', () => {
  it('--help prints the usage and runs no eval', () => {
    const run = probe('--help');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('node scripts/phase-probe.js [--adapter module|stdio] [--cases N] [--runs K] [--warm]');
    expect(run.stdout).not.toContain('phase (up to)');
  });

  it.each([
    [['--case', '5'], 'unknown option --case'],
    [['--adapter'], '--adapter needs a value'],
    [['--adapter', 'http'], '--adapter http: module or stdio'],
    [['--cases', '0'], '--cases 0: a whole number of cases, 1 or more'],
    [['--runs', 'two'], '--runs two: a whole number of runs, 1 or more'],
  ])('refuses %j with exit 2 before any eval', (args, message) => {
    const run = probe(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`phase-probe: ${message}`);
    expect(run.stdout).toBe('');
  });
});
