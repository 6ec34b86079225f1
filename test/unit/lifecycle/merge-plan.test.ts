// merge's check that the shard runs are one run split n ways: shards given their filters in
// another order, or a suite by its file rather than its name, selected the same cases and merge;
// shards whose filters select other cases, or that ran another --repeat, are refused.
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, RunSelection, Suite } from '../../../src/config/schema/index.js';
import { planMerge } from '../../../src/lifecycle/merge.js';
import { shardOfCase } from '../../../src/run/shard.js';
import { suitesFingerprint } from '../../../src/run/suite-fingerprints.js';
import { result } from '../gate/results-builder.js';

const kase = (id: string, tags: string[]) => ({ id, tags, fingerprint: `fp-${id}` });
const suites = [
  { name: 'support', file: '/p/evals/support.yaml', fingerprint: 'fs', cases: [kase('refund-1', ['money']), kase('refund-2', ['money', 'slow']), kase('lookup-1', ['read']), kase('escalate-1', ['slow'])] },
  { name: 'billing', file: '/p/evals/billing.yaml', fingerprint: 'fb', cases: [kase('refund-3', ['money']), kase('invoice-1', ['read'])] },
] as unknown as Suite[];
const config = { suites, rootDir: '/p' } as unknown as ResolvedConfig;
const TOTAL = 2;

/** A project holding one finished shard run per selection (shard i of TOTAL, the i-th given), each with the attempts its selection plans. */
function shardRuns(selections: Omit<RunSelection, 'shard'>[]): { cwd: string; runsRoot: string; refs: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'agentready-merge-plan-'));
  const runsRoot = join(cwd, '.agentready', 'runs');
  const refs = selections.map((selection, i) => {
    const id = `20261206-10000${i}-aaaa`;
    const index = i + 1;
    const { repeat, mode: _mode, ...filter } = selection;
    const grep = [filter.grep ?? []].flat().map((pattern) => new RegExp(pattern));
    const held = suites.flatMap((suite) =>
      suite.cases
        .filter((c) => shardOfCase({ suite: suite.name, caseId: c.id, total: TOTAL }) === index)
        .filter((c) => grep.length === 0 || grep.some((pattern) => pattern.test(c.id)))
        .filter((c) => !filter.tags?.length || filter.tags.some((tag) => c.tags.includes(tag)))
        .filter(() => !filter.suites?.length || filter.suites.some((s) => s === suite.name || suite.file.endsWith(s) || within(resolve('/p', filter.suites_from ?? '.', s), suite.file)))
        .flatMap((c) => Array.from({ length: repeat }, (_, a) => result({ suite: suite.name, case_id: c.id, attempt: a + 1, fingerprint: c.fingerprint }))),
    );
    const header = { format: 'agentready-results', version: 1, run_id: id, fingerprint: suitesFingerprint(suites), started_at: '2026-12-06T10:00:00.000Z', selection: { ...selection, shard: { index, total: TOTAL } } };
    mkdirSync(join(runsRoot, id), { recursive: true });
    writeFileSync(join(runsRoot, id, 'results.jsonl'), [header, ...held].map((line) => `${JSON.stringify(line)}\n`).join(''));
    writeFileSync(join(runsRoot, id, 'summary.json'), JSON.stringify({ agent: { name: 'a', version: '1' }, adapter: 'stdio', interrupted: false, finished_at: '2026-12-06T10:01:00.000Z', duration_ms: 5 }));
    return id;
  });
  return { cwd, runsRoot, refs };
}

const within = (folder: string, file: string) => file === folder || file.startsWith(`${folder}/`);

const planned = (where: ReturnType<typeof shardRuns>) => planMerge({ ...where, config }).attempts.map(({ attempt }) => `${attempt.suite.name}/${attempt.kase.id}#${attempt.attempt}`);

describe("merge's shards are one selection", () => {
  it('merges shards given the same --grep patterns in another order', () => {
    const where = shardRuns([
      { grep: ['^refund', 'lookup'], repeat: 1, mode: 'normal' },
      { grep: ['lookup', '^refund'], repeat: 1, mode: 'normal' },
    ]);
    expect(planned(where).sort()).toEqual(['billing/refund-3#1', 'support/lookup-1#1', 'support/refund-1#1', 'support/refund-2#1']);
  });

  it('merges shards given their tags and suites in another order, a pattern twice, or a suite by its file', () => {
    const where = shardRuns([
      { suites: ['support', 'billing'], tags: ['money', 'read'], grep: 'refund|lookup|invoice', repeat: 2, mode: 'normal' },
      { suites: ['evals/billing.yaml', 'support'], tags: ['read', 'money', 'read'], grep: ['refund|lookup|invoice', 'refund|lookup|invoice'], repeat: 2, mode: 'normal' },
    ]);
    expect(planned(where)).toHaveLength(10);
  });

  it('refuses shards whose filters select other cases, or that ran another --repeat', () => {
    const other = shardRuns([
      { grep: ['^refund', 'lookup'], repeat: 1, mode: 'normal' },
      { grep: ['^refund'], repeat: 1, mode: 'normal' },
    ]);
    expect(() => planMerge({ ...other, config })).toThrow(`run ${other.refs[1]} selected other cases than run ${other.refs[0]} (filters, --repeat or --kill-switch differ)`);
    const repeated = shardRuns([
      { tags: ['money'], repeat: 1, mode: 'normal' },
      { tags: ['money'], repeat: 2, mode: 'normal' },
    ]);
    expect(() => planMerge({ ...repeated, config })).toThrow(`run ${repeated.refs[1]} selected other cases than run ${repeated.refs[0]}`);
  });

  it('reads a suite path written from a folder (`.`, `./x`, `../x`) from the folder its header records, wherever merge runs', () => {
    // Both shards typed in evals/: `.` is every suite there, not the folder merge runs in.
    const every = shardRuns([
      { suites: ['.'], suites_from: 'evals', repeat: 1, mode: 'normal' },
      { suites: ['../evals'], suites_from: 'evals', repeat: 1, mode: 'normal' },
    ]);
    expect(planned(every)).toHaveLength(6);
    // The same suite by a path from evals/ and by its name: the same cases.
    const billing = shardRuns([
      { suites: ['./billing.yaml'], suites_from: 'evals', repeat: 1, mode: 'normal' },
      { suites: ['billing'], repeat: 1, mode: 'normal' },
    ]);
    expect(planned(billing).sort()).toEqual(['billing/invoice-1#1', 'billing/refund-3#1']);
  });
});

describe('merge accounts for every result the shards hold', () => {
  it('refuses a shard holding a result its selection does not plan here, naming it, rather than dropping it', () => {
    const where = shardRuns([
      { grep: ['^refund'], repeat: 1, mode: 'normal' },
      { grep: ['^refund'], repeat: 1, mode: 'normal' },
    ]);
    // Shard 1 holds a second attempt of a case run once, and a case of another --grep (lookup-1): neither is in the merged run.
    const extra = [result({ suite: 'support', case_id: 'lookup-1', attempt: 1, fingerprint: 'fp-lookup-1' }), result({ suite: 'billing', case_id: 'refund-3', attempt: 2, fingerprint: 'fp-refund-3' })];
    appendFileSync(join(where.runsRoot, where.refs[0]!, 'results.jsonl'), extra.map((line) => `${JSON.stringify(line)}\n`).join(''));
    const refused = () => planMerge({ ...where, config });
    expect(refused).toThrow(`support/lookup-1 attempt 1 is in run ${where.refs[0]} but not in the attempts its selection plans here`);
    expect(refused).toThrow(`billing/refund-3 attempt 2 is in run ${where.refs[0]} but not in the attempts its selection plans here`);
  });
});
