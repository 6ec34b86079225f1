import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCiWorkflow } from '../../../src/config/ci-workflow.js';
import { baselineState } from '../../../src/gate/baseline-file.js';

describe('what the card reads of the project', () => {
  it('finds a workflow that mentions agentready in the folder or above it, up to the repository root only', () => {
    const outer = mkdtempSync(join(tmpdir(), 'agentready-ci-'));
    const repo = join(outer, 'repo');
    const project = join(repo, 'agents', 'support');
    mkdirSync(project, { recursive: true });
    mkdirSync(join(repo, '.git'));
    expect(hasCiWorkflow(project)).toBe(false);
    // Above the repository root: not this repository's workflow.
    mkdirSync(join(outer, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(outer, '.github', 'workflows', 'ci.yml'), 'run: npx agentready eval\n');
    expect(hasCiWorkflow(project)).toBe(false);
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(repo, '.github', 'workflows', 'build.yml'), 'run: npm test\n');
    expect(hasCiWorkflow(project)).toBe(false);
    writeFileSync(join(repo, '.github', 'workflows', 'gate.yaml'), 'run: npx agentready eval\n');
    expect(hasCiWorkflow(project)).toBe(true);
  });

  it('tells a missing baseline from one outside any git checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-baseline-state-'));
    expect(await baselineState(join(dir, 'baseline.json'))).toBe('missing');
    writeFileSync(join(dir, 'baseline.json'), '{}');
    expect(await baselineState(join(dir, 'baseline.json'))).toBe('present');
  });
});
