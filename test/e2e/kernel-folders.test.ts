// Outputs under /proc, where no folder can be made: Node 20's recursive mkdir, which init made its
// folders with, spun for ever at full CPU under /proc, deaf to SIGTERM; and cassettes recorded
// there failed only once every case had run and paid its model calls.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from './helpers/run-cli.js';

describe('init --dir under /proc', () => {
  it('is refused with exit 2, naming the kernel folder, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-init-proc-'));
    const { exitCode, stderr } = await runCli(dir, ['init', '--adapter', 'module', '--dir', '/proc/agentready-none/project']);
    expect(stderr).toContain("agentready: init cannot make a project in /proc/agentready-none/project: /proc is on the kernel's proc filesystem, where no file can be made");
    expect(stderr).toContain('give --dir a folder this process can write');
    expect(exitCode).toBe(2);
  });
});

/** A module agent's project whose config records its cassettes under /proc. */
const CASSETTES_IN_PROC = {
  'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [a.suite.yaml]\npolicy: false\nmodels: { cassettes: /proc/agentready-none/cassettes }\n',
  'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'ok' });\n",
  'a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
};

describe('--models record with the cassettes under /proc', () => {
  it('is refused before the first case with exit 2, for eval and baseline update', async () => {
    const dir = makeProject(CASSETTES_IN_PROC);
    // Both refuse before anything is made, so they may run side by side.
    const refused = await Promise.all([runCli(dir, ['eval', '--models', 'record']), runCli(dir, ['baseline', 'update', '--models', 'record'])]);
    const told = "agentready: --models record cannot write its cassettes in /proc/agentready-none/cassettes: /proc is on the kernel's proc filesystem, where no file can be made";
    expect(refused.map(({ exitCode, stderr }) => [exitCode, stderr.includes(told)])).toEqual([[2, true], [2, true]]);
    expect(existsSync(join(dir, '.agentready', 'runs'))).toBe(false);
  });
});

describe('--models replay with models.cassettes naming a file', () => {
  it('is refused before the first case with exit 2, in words (each case was a CASSETTE_MISS quoting ENOTDIR)', async () => {
    const dir = makeProject({ ...CASSETTES_IN_PROC, 'agentready.config.yaml': CASSETTES_IN_PROC['agentready.config.yaml'].replace('/proc/agentready-none/cassettes', 'notes.txt'), 'notes.txt': 'x\n' });
    const { exitCode, stderr } = await runCli(dir, ['eval', '--models', 'replay']);
    expect(stderr).toBe('agentready: --models replay reads its cassettes from notes.txt, which is a file, not a folder\n  set models.cassettes in the config to the folder --models record wrote them in (relative to the config file)');
    expect(exitCode).toBe(2);
    expect(existsSync(join(dir, '.agentready', 'runs'))).toBe(false);
  });
});
