// summary.json is written whole or not at all: a disk that fills up while it is written (ENOSPC
// after part of it) must not leave a cut file, which made a finished run's folder "damaged" for
// every reader, `--resume` too.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunSummaryFile } from '../../../src/config/schema/index.js';

const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (!disk.full) return fs.writeFileSync(file, data, options);
    // What a full disk leaves: the first bytes written, then ENOSPC.
    fs.writeFileSync(file, String(data).slice(0, 40), options);
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

const { writeSummaryFile, readRunSummary } = await import('../../../src/run/index.js');

const dirs: string[] = [];
afterEach(() => {
  disk.full = false;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const summary = (interrupted: boolean) => ({ format: 'agentready-summary', version: 1, run_id: 'r1', interrupted }) as unknown as RunSummaryFile;

describe('writeSummaryFile', () => {
  it('leaves the summary that was there, whole, and no other file, when the disk fills up mid-write', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-summary-'));
    dirs.push(dir);
    writeSummaryFile(dir, summary(true));
    disk.full = true;
    expect(() => writeSummaryFile(dir, summary(false))).toThrow('ENOSPC');
    expect(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'))).toMatchObject({ run_id: 'r1', interrupted: true });
    expect(readRunSummary(dir, dir)).toMatchObject({ state: 'read', summary: { interrupted: true } });
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });

  it('writes none when there was none: the run reads as not finished, for --resume to end', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-summary-'));
    dirs.push(dir);
    disk.full = true;
    expect(() => writeSummaryFile(dir, summary(false))).toThrow('ENOSPC');
    expect(readdirSync(dir)).toEqual([]);
  });
});
