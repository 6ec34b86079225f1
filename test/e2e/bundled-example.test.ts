// `npx agentready eval` in this checkout runs the bundled example against its committed
// baseline and passes; a regressed copy of the example fails the gate.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, REPO, makeExampleProject, readJsonl, runCli } from './helpers/run-cli.js';

describe('the bundled example', () => {
  it('runs from the checkout with no config of its own, and passes its baseline', async () => {
    const { exitCode, stdout, stderr } = await runCli(join(REPO, 'src'), ['eval']);
    expect(stderr).toContain('using the bundled example');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/32 cases · 32 passed/);
    expect(stdout).toContain('Gate passed');
    expect(stdout).toMatch(/baseline \S*fixtures\/example\/agentready\.baseline\.json/);
  });

  it('fails the gate when a copy of the example loses a case', async () => {
    const dir = makeExampleProject();
    cpSync(join(EXAMPLE, 'agentready.baseline.json'), join(dir, 'agentready.baseline.json'));
    const suite = join(dir, 'evals/support.suite.yaml');
    // The baseline says this case passed; now its expectation cannot be met.
    const edited = readFileSync(suite, 'utf8').replace(/(- id: status-shipped[\s\S]*?outcome: )completed/, '$1refused');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(suite, edited);
    const { exitCode, stdout } = await runCli(dir, ['eval']);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('status-shipped');
    const results = readJsonl<{ case_id: string; status: string }>(dir, 'results.jsonl');
    expect(results.find((r) => r.case_id === 'status-shipped')?.status).toBe('failed');
  });
});
