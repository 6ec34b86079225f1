// baseline update compares the new baseline with the committed one as eval's gate does: a record
// under a case's prior fingerprint (an adversarial variant's, written before agentready changed its
// hash; gate/prior-fingerprints.ts) is of that case unchanged, not a case edited since.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/index.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import type { ResultsHeader } from '../../../src/config/schema/results.js';
import { writeBaselineFromRun } from '../../../src/lifecycle/baseline-update.js';
import type { RunRecord } from '../../../src/run/index.js';
import { result } from '../gate/results-builder.js';

const header: ResultsHeader = { format: 'agentready-results', version: 1, run_id: 'r1', fingerprint: 'fp', started_at: '2026-12-04T00:00:00.000Z' };
const runOf = (fingerprint: string, status: 'passed' | 'failed') =>
  ({ header, results: [result({ case_id: 'v', fingerprint, status }), result({ case_id: 'x' })], agent: { name: 'agent' }, adapter: 'stdio' }) as unknown as RunRecord;

function project(): ResolvedConfig {
  const rootDir = mkdtempSync(join(tmpdir(), 'agentready-baseline-prior-'));
  const cases = [{ suite: 'support', id: 'v', fingerprint: 'new', priorFingerprint: 'old' }, { suite: 'support', id: 'x', fingerprint: 'fp-x' }];
  return { rootDir, baselinePath: join(rootDir, 'agentready.baseline.json'), gate: DEFAULT_GATE, suites: [{ name: 'support', cases }] } as unknown as ResolvedConfig;
}

describe('baseline update over a baseline written under prior fingerprints', () => {
  it('counts no case edited when only the hash changed', async () => {
    const config = project();
    await writeBaselineFromRun({ config, run: runOf('old', 'passed'), redact: true });
    const said = await writeBaselineFromRun({ config, run: runOf('new', 'passed'), redact: true });
    expect(said).toContain('No case changed its verdict');
    expect(said).not.toContain('edited');
  });

  it('names a failure of the case as one that passed there, not as one edited since', async () => {
    const config = project();
    await writeBaselineFromRun({ config, run: runOf('old', 'passed'), redact: true });
    const said = await writeBaselineFromRun({ config, run: runOf('new', 'failed'), redact: true });
    expect(said).toContain('support/v (passed there)');
  });
});
