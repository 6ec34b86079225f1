import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCiWorkflow } from '../../../src/config/ci-workflow.js';
import { baselineState } from '../../../src/gate/baseline-file.js';

describe('what the card reads of the project', () => {
  it('finds a workflow that mentions agentready at the repository root only, where GitHub reads them (in the folder or above outside a checkout)', () => {
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
    // Below the repository root (`init --dir agents/support` writes one there): GitHub runs none of it.
    mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.github', 'workflows', 'agentready.yml'), 'run: npx --no-install agentready eval\n');
    expect(hasCiWorkflow(project)).toBe(false);
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(repo, '.github', 'workflows', 'build.yml'), 'run: npm test\n');
    expect(hasCiWorkflow(project)).toBe(false);
    writeFileSync(join(repo, '.github', 'workflows', 'gate.yaml'), 'run: npx agentready eval\n');
    expect(hasCiWorkflow(project)).toBe(true);
  });

  it('outside any git checkout, finds one in the folder or a folder above', () => {
    const outer = mkdtempSync(join(tmpdir(), 'agentready-ci-'));
    const project = join(outer, 'agents');
    mkdirSync(project, { recursive: true });
    expect(hasCiWorkflow(project)).toBe(false);
    mkdirSync(join(outer, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(outer, '.github', 'workflows', 'ci.yml'), 'run: npx --no-install agentready eval\n');
    expect(hasCiWorkflow(project)).toBe(true);
  });

  it('tells a missing baseline from one outside any git checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-baseline-state-'));
    expect(await baselineState(join(dir, 'baseline.json'))).toBe('missing');
    writeFileSync(join(dir, 'baseline.json'), '{}');
    expect(await baselineState(join(dir, 'baseline.json'))).toBe('present');
  });
});
