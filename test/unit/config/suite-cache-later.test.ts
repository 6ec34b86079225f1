// `cache.later`: eval hands the suite cache's writes on, to be made once its first cases went to
// the agent. The load writes nothing itself; the jobs, run in order, write what a load without
// `later` writes (the entry, then the fingerprints, then the pruning), and a later load takes it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const SUITE = 'suite: alpha\ntools: []\ncases:\n  - id: a\n    input: hello there\n    expect: { outcome: completed }\n  - id: b\n    input: second\n    expect: { outcome: completed }\n';

function projectWith(suites: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-later-'));
  roots.push(root);
  writeFileSync(path.join(root, 'agentready.config.yaml'), 'target: { adapter: stdio, command: [node, agent.js] }\nsuites: ["*.suite.yaml"]\n');
  for (const [name, text] of Object.entries(suites)) writeFileSync(path.join(root, name), text);
  return root;
}

/** The cache's files, the entry before its fingerprints. */
const cacheFilesIn = (root: string) => {
  const folder = path.join(root, '.agentready', 'cache', 'suites');
  return existsSync(folder) ? readdirSync(folder).sort((x, y) => Number(x.endsWith('.fingerprints.bin')) - Number(y.endsWith('.fingerprints.bin'))).map((name) => path.join(folder, name)) : [];
};
const cacheFiles = (root: string) => cacheFilesIn(root).map((file) => path.basename(file).replace(/^\w+/, ''));

describe('loading with the suite cache\'s writes made later', () => {
  it('writes nothing during the load; the jobs write the entry and the fingerprints, which the next load takes', async () => {
    const root = projectWith({ 'a.suite.yaml': SUITE });
    const jobs: Array<() => void> = [];
    const cold = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: { buildId: 'b1', later: (job) => jobs.push(job) } });
    expect(cacheFiles(root)).toEqual([]);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) job();
    expect(cacheFiles(root)).toEqual(['.bin', '.fingerprints.bin']);
    const warm = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: { buildId: 'b1' } });
    expect(warm).toEqual(cold);
    // And it came from them: both files changed in place (the same length keeps their headers right) show in the next load.
    const [entry, prints] = cacheFilesIn(root);
    const [a, b] = cold.suites[0]!.cases.map((kase) => kase.fingerprint);
    const edit = (file: string, from: string, to: string) => writeFileSync(file, Buffer.from(readFileSync(file).toString('latin1').replaceAll(from, to), 'latin1'));
    edit(entry!, 'hello there', 'HELLO THERE');
    edit(prints!, a!, 'f'.repeat(16));
    const served = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: { buildId: 'b1' } });
    expect(served.suites[0]!.cases[0]!.input).toBe('HELLO THERE');
    expect(served.suites[0]!.cases.map((kase) => kase.fingerprint)).toEqual(['f'.repeat(16), b]);
  });

  it('prunes the entries of files gone only after writing the new ones, in the order handed on', async () => {
    const root = projectWith({ 'a.suite.yaml': SUITE, 'b.suite.yaml': SUITE.replace('alpha', 'beta') });
    await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: { buildId: 'b1' } });
    expect(cacheFiles(root)).toHaveLength(4);
    rmSync(path.join(root, 'b.suite.yaml'));
    writeFileSync(path.join(root, 'a.suite.yaml'), SUITE.replace('hello there', 'hello again'));
    const jobs: Array<() => void> = [];
    await loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: { buildId: 'b1', later: (job) => jobs.push(job) } });
    expect(cacheFiles(root)).toHaveLength(4);
    for (const job of jobs) job();
    expect(cacheFiles(root)).toEqual(['.bin', '.fingerprints.bin']);
  });
});
