// `init --dir` where no folder can be made: Node 20's recursive mkdir, which init made its
// folders with, spun for ever at full CPU under /proc, deaf to SIGTERM.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('init --dir under /proc', () => {
  it('is refused with exit 2, naming the kernel folder, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-init-proc-'));
    const { exitCode, stderr } = await runCli(dir, ['init', '--adapter', 'module', '--dir', '/proc/agentready-none/project']);
    expect(stderr).toContain("agentready: init cannot make a project in /proc/agentready-none/project: /proc is on the kernel's proc filesystem, where no file can be made");
    expect(stderr).toContain('give --dir a folder this process can write');
    expect(exitCode).toBe(2);
  });
});
