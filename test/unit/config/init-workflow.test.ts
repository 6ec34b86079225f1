// The GitHub Actions workflow init writes, read as GitHub runs it: when its jobs run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initProject } from '../../../src/config/init-project.js';

interface Job {
  if?: string;
  needs?: string;
}
interface Workflow {
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  jobs: { eval: Job; gate: Job };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function workflow(): Promise<Workflow> {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-init-'));
  dirs.push(dir);
  await initProject({ adapter: 'module', dir });
  return parse(readFileSync(path.join(dir, '.github/workflows/agentready.yml'), 'utf8')) as Workflow;
}

describe('the workflow init writes', () => {
  it('merges after failed shards but not after the run was cancelled (always() runs on cancel too)', async () => {
    const { gate } = (await workflow()).jobs;
    expect(gate.needs).toBe('eval');
    expect(gate.if?.replace(/\s/g, '')).toBe('${{!cancelled()}}');
  });

  it('cancels the run of an older push to the same pull request, so a run pays for the newest commit only', async () => {
    const { concurrency } = await workflow();
    expect(concurrency?.group).toContain('github.event.pull_request.number');
    expect(concurrency?.['cancel-in-progress']).toBe(true);
  });
});
