// baseline update writes the committed baseline whole or not at all: a write cut short (a full
// disk, a kill mid-write) leaves the baseline that was there, not a torn one every gate refuses.
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/index.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import type { ResultsHeader } from '../../../src/config/schema/results.js';
import { writeBaselineFromRun } from '../../../src/lifecycle/baseline-update.js';
import type { RunRecord } from '../../../src/run/index.js';
import { result } from '../gate/results-builder.js';

// Armed, the next write of a baseline's text writes half of it, then fails as a full disk does.
const cut = vi.hoisted(() => ({ armed: false }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const writeFileSync = (...args: Parameters<typeof actual.writeFileSync>) => {
    const [file, data] = args;
    if (cut.armed && typeof data === 'string' && data.includes('"cases"')) {
      cut.armed = false;
      actual.writeFileSync(file, data.slice(0, data.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return actual.writeFileSync(...args);
  };
  return { ...actual, writeFileSync, default: { ...actual, writeFileSync } };
});

afterEach(() => {
  cut.armed = false;
});

describe('baseline update writing the baseline', () => {
  const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z' };
  const run = { header, results: [result({ case_id: 'a' }), result({ case_id: 'b' })], agent: { name: 'agent' }, adapter: 'stdio' } as unknown as RunRecord;
  const project = () => {
    const rootDir = mkdtempSync(join(tmpdir(), 'agentready-baseline-write-'));
    return { rootDir, baselinePath: join(rootDir, 'agentready.baseline.json'), gate: DEFAULT_GATE, suites: [] } as unknown as ResolvedConfig;
  };

  it('leaves the committed baseline as it was when the write is cut short, and no temporary file', async () => {
    const config = project();
    await writeBaselineFromRun({ config, run, redact: true });
    const committed = readFileSync(config.baselinePath, 'utf8');
    cut.armed = true;
    await expect(writeBaselineFromRun({ config, run: { ...run, results: [result({ case_id: 'c' })] } as RunRecord, redact: true })).rejects.toThrow('ENOSPC');
    expect(readFileSync(config.baselinePath, 'utf8')).toBe(committed);
    expect(readdirSync(config.rootDir)).toEqual(['agentready.baseline.json']);
  });

  it('writes through a baseline that is a symbolic link, as before, keeping the link', async () => {
    const config = project();
    const shared = join(config.rootDir, 'shared.json');
    writeFileSync(shared, '{}');
    symlinkSync(shared, config.baselinePath);
    await writeBaselineFromRun({ config, run, redact: true });
    expect(fs.lstatSync(config.baselinePath).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(shared, 'utf8'))).toHaveProperty('cases');
  });
});
