// The cache of checked suites (.agentready/cache/): a second command prints what the first did,
// an edited suite is seen, a corrupt cache is ignored, --no-cache and AGENTREADY_NO_CACHE turn it off.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const CONFIG = `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }
suites: [evals/*.suite.yaml]
`;
const CASE = (id: string) => `  - id: ${id}
    input: "hello from ${id}"
    expect:
      outcome: completed
      forbid: [delete_order]
`;
const SUITE = (...ids: string[]) => `suite: orders\ntools:\n  - name: lookup_order\ncases:\n${ids.map(CASE).join('')}`;

const entries = (dir: string) => {
  const folder = join(dir, '.agentready/cache/suites');
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
};

describe('the suite cache', () => {
  it('validate twice prints the same (warnings at the same file:line:column); an edit is seen; a corrupt entry is ignored', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG, 'evals/orders.suite.yaml': SUITE('a', 'b') });
    const cold = await runCli(dir, ['validate']);
    expect(cold.exitCode).toBe(0);
    expect(cold.stderr).toContain('evals/orders.suite.yaml:9:16');
    expect(cold.stderr).toContain('delete_order');
    expect(entries(dir)).toHaveLength(1);

    const warm = await runCli(dir, ['validate']);
    expect({ exitCode: warm.exitCode, stdout: warm.stdout, stderr: warm.stderr }).toEqual({ exitCode: 0, stdout: cold.stdout, stderr: cold.stderr });

    // What loads is the entry: changed in place (same length), the change shows.
    const [entry] = entries(dir);
    const bytes = readFileSync(entry!);
    writeFileSync(entry!, Buffer.from(bytes.toString('latin1').replaceAll('orders', 'ORDERS'), 'latin1'));
    expect((await runCli(dir, ['validate'])).stdout).toContain('ORDERS: 2 cases');

    writeFileSync(join(dir, 'evals/orders.suite.yaml'), SUITE('a', 'b', 'c'));
    const edited = await runCli(dir, ['validate']);
    expect(edited.exitCode).toBe(0);
    expect(edited.stdout).toContain('orders: 3 cases');
    expect(edited.stderr.match(/delete_order/g)?.length).toBe(cold.stderr.match(/delete_order/g)!.length * (3 / 2));

    writeFileSync(entries(dir)[0]!, 'garbage');
    const corrupt = await runCli(dir, ['validate']);
    expect({ exitCode: corrupt.exitCode, stdout: corrupt.stdout, stderr: corrupt.stderr }).toEqual({ exitCode: 0, stdout: edited.stdout, stderr: edited.stderr });
    expect(readFileSync(entries(dir)[0]!).toString('latin1')).toMatch(/^agentready-suite-cache 2 /);
  });

  it('an error is found again, located, with exit 2, however often it is checked', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG, 'evals/orders.suite.yaml': SUITE('a').replace('outcome: completed', 'outcome: complete') });
    for (let i = 0; i < 2; i++) {
      const run = await runCli(dir, ['validate']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('evals/orders.suite.yaml:8:16');
      expect(entries(dir)).toEqual([]);
    }
  });

  it('--no-cache and AGENTREADY_NO_CACHE write and read no cache', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG, 'evals/orders.suite.yaml': SUITE('a') });
    expect((await runCli(dir, ['validate', '--no-cache'])).exitCode).toBe(0);
    expect((await runCli(dir, ['validate'], { AGENTREADY_NO_CACHE: '1' })).exitCode).toBe(0);
    expect(existsSync(join(dir, '.agentready'))).toBe(false);
    // Read as other CLIs read a boolean variable: `false` (`no`, `off`, `0`, empty) leaves the cache on.
    await runCli(dir, ['validate'], { AGENTREADY_NO_CACHE: 'False' });
    const [entry] = entries(dir);
    writeFileSync(entry!, Buffer.from(readFileSync(entry!).toString('latin1').replaceAll('orders', 'ORDERS'), 'latin1'));
    expect((await runCli(dir, ['--no-cache', 'validate'])).stdout).toContain('orders: 1 case');
  });

  it('eval from a warm cache runs every case as from a cold one', async () => {
    const dir = makeProject({ 'agentready.config.yaml': CONFIG, 'evals/orders.suite.yaml': SUITE('a', 'b', 'c') });
    const outcomes = async () => {
      const run = await runCli(dir, ['eval', '--no-gate']);
      expect(run.exitCode).toBe(0);
      const results = readJsonl<{ case_id: string; fingerprint: string; status: string }>(dir, 'results.jsonl');
      rmSync(join(dir, '.agentready/runs'), { recursive: true });
      return results.filter((line) => line.case_id !== undefined).map(({ case_id, fingerprint, status }) => ({ case_id, fingerprint, status })).sort((x, y) => x.case_id.localeCompare(y.case_id));
    };
    const cold = await outcomes();
    // The checked suite, and the fingerprints the run computed beside it.
    expect(entries(dir).map((file) => file.replace(/^.*\/\w+/, '')).sort()).toEqual(['.bin', '.fingerprints.bin']);
    expect(cold).toHaveLength(3);
    expect(cold[0]).toMatchObject({ case_id: 'a', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), status: 'passed' });
    expect(await outcomes()).toEqual(cold);
    // The warm run took its fingerprints from the cache: changed there in place, the change shows.
    const prints = entries(dir).find((file) => file.endsWith('.fingerprints.bin'))!;
    writeFileSync(prints, Buffer.from(readFileSync(prints).toString('latin1').replace(cold[0]!.fingerprint, 'f'.repeat(16)), 'latin1'));
    expect((await outcomes()).find((result) => result.case_id === 'a')!.fingerprint).toBe('f'.repeat(16));
  });
});
