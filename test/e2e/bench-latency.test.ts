// `npm run bench:latency` (scripts/bench-latency.js): builds first, as `npm run bench` does, so it
// never measures an older build; and a bench that fails leaves no scratch folder in the temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

describe('npm run bench:latency', () => {
  it('builds first, as npm run bench does', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.bench).toMatch(/^npm run build && /);
    expect(scripts['bench:latency']).toBe('npm run build && node scripts/bench-latency.js');
  });

  it('fails when its eval fails, and removes its scratch folder all the same', () => {
    const temp = mkdtempSync(join(tmpdir(), 'agentready-bench-latency-test-'));
    try {
      // No cases: the suite is refused, the eval ends with exit 2 before any case runs.
      const run = spawnSync(process.execPath, [join(REPO, 'scripts/bench-latency.js')], { env: { ...process.env, TMPDIR: temp, BENCH_CASES: '0' }, encoding: 'utf8' });
      expect(run.status, run.stderr).not.toBe(0);
      expect(run.stderr).toContain('eval failed with exit 2');
      // The CLI may keep its own cache there (agentready-cache-*): only the bench's folder is looked for.
      expect(readdirSync(temp).filter((name) => name.startsWith('agentready-bench-latency-'))).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
