import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../src/config/schema/index.js';
import { UsageError } from '../../../src/errors.js';
import { recordedFilter, selectedCases } from '../../../src/run/select.js';

const config = { rootDir: '/p', suites: [{ name: 's', file: '/p/s.suite.yaml', cases: [{ id: 'a', tags: [] }] }] } as unknown as ResolvedConfig;

function refusal(run: () => unknown): { message: string; hint: string | undefined } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { message: (error as UsageError).message, hint: (error as UsageError).hint };
  }
  return expect.unreachable();
}

describe('selectedCases of a list of cases the suites no longer hold', () => {
  it('--last-failed speaks of what failed last time', () => {
    expect(refusal(() => selectedCases(config, { filter: { cases: ['s/gone'] } }))).toEqual({
      message: 'none of the 1 case that failed last time (s/gone) is in the suites and matches the other filters',
      hint: 'they were renamed or removed from the suites since that run: run `agentready eval` for all cases',
    });
  });

  it('--resume speaks of the run it goes on with, whose header recorded the list (no flag to drop beside it)', () => {
    expect(refusal(() => selectedCases(config, { filter: { cases: ['s/gone', 's/lost'] }, resumeOf: 'r1' }))).toEqual({
      message: 'none of the 2 cases run r1 selected (s/gone, s/lost) is in the suites: the run cannot go on',
      hint: 'they were renamed or removed from the suites since run r1 started, or its results.jsonl header was edited: run `agentready eval` for a new run',
    });
    expect(refusal(() => selectedCases(config, { filter: { cases: ['s/a'], grep: 'zzz' }, resumeOf: 'r1' })).message).toBe(
      'none of the 1 case run r1 selected (s/a) is in the suites and matches its other filters: the run cannot go on',
    );
  });

  it('selects the cases of the list the suites hold', () => {
    expect(selectedCases(config, { filter: { cases: ['s/a', 's/gone'] }, resumeOf: 'r1' }).map(({ kase }) => kase.id)).toEqual(['a']);
  });
});

describe('selectedCases with --tag values no case has', () => {
  const tagged = { rootDir: '/p', suites: [{ name: 's', file: '/p/s.suite.yaml', cases: [{ id: 'a', tags: ['refund'] }, { id: 'b', tags: ['lookup'] }] }] } as unknown as ResolvedConfig;

  it('lists the tags there are', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refnd'] } }))).toEqual({ message: 'no case has the tag "refnd"', hint: 'the tags are: lookup, refund' });
  });

  it('says several tags are separate words when one value joins tags there are with commas (--tag refund,lookup)', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refund,lookup'] } }))).toEqual({
      message: 'no case has the tag "refund,lookup"',
      hint: 'give several tags as separate words: --tag refund lookup (the tags are: lookup, refund)',
    });
  });
});

describe('selectedCases with a suite asked for by a word that names cases', () => {
  const tagged = { rootDir: '/p', suites: [{ name: 's', file: '/p/s.suite.yaml', cases: [{ id: 'refund-1', tags: ['vip'] }, { id: 'refund-2', tags: [] }] }] } as unknown as ResolvedConfig;

  it('says which flag selects them: --tag for a tag, --grep for a word of case ids', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { suites: ['refund', 'vip', 'nothing'] } }))).toEqual({
      message: 'no suite is named "refund"; no suite is named "vip"; no suite is named "nothing"',
      hint: 'the suites are: s (s.suite.yaml); to select cases, --grep refund (2 cases), --tag vip (1 case)',
    });
  });

  it('counts the cases as --grep selects them, by <suite>/<id> too', () => {
    const refunds = { rootDir: '/p', suites: [{ name: 'refunds', file: '/p/refunds.suite.yaml', cases: [{ id: 'refund-1', tags: [] }, { id: 'late', tags: [] }] }] } as unknown as ResolvedConfig;
    expect(refusal(() => selectedCases(refunds, { filter: { suites: ['refund'] } })).hint).toBe('the suites are: refunds (refunds.suite.yaml); to select cases, --grep refund (2 cases)');
  });
});

describe('selectedCases with filters that each select cases but none together', () => {
  const tagged = { rootDir: '/p', suites: [{ name: 's', file: '/p/s.suite.yaml', cases: [{ id: 'order-status', tags: [] }, { id: 'refund', tags: ['refund'] }] }] } as unknown as ResolvedConfig;

  it('says how many each selects alone and that a case must match them all', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refund'], grep: 'order', suites: ['s'] } }))).toEqual({
      message: 'no case matches --suite and --grep and --tag together',
      hint: 'alone, --suite selects 2 cases, --grep selects 1 case, --tag selects 1 case; a case runs when it matches each of them (any one value of each)',
    });
  });

  it('keeps the general words when one filter alone selects nothing', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refund'], grep: 'zzz' } })).message).toBe('no case matches the filters');
  });
});

describe('selectedCases with a suite --tag took for a tag (it takes every word after it)', () => {
  const tagged = { rootDir: '/p', suites: [{ name: 'shop', file: '/p/evals/shop.suite.yaml', cases: [{ id: 'a', tags: ['refund'] }] }, { name: 'crm', file: '/p/evals/crm.suite.yaml', cases: [{ id: 'b', tags: ['refund'] }] }] } as unknown as ResolvedConfig;

  it('refuses a tag no case has that is a suite file or a suite name, saying to put the suites first, instead of running every suite', () => {
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refund', 'evals/shop.suite.yaml'] } }))).toEqual({
      message: '--tag took "evals/shop.suite.yaml" for a tag, which no case has: it names a suite',
      hint: '--tag takes every word after it: put the suites first, as `agentready eval evals/shop.suite.yaml --tag refund`',
    });
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['refund', 'shop', 'crm'] } })).hint).toBe(
      '--tag takes every word after it: put the suites first, as `agentready eval shop crm --tag refund`',
    );
  });

  it('still runs a tag that is also a suite name when a case has it, and a tag no case has beside one that matches', () => {
    const named = { ...tagged, suites: [{ ...tagged.suites[0]!, cases: [{ id: 'a', tags: ['shop'] }] }] } as unknown as ResolvedConfig;
    expect(selectedCases(named, { filter: { tags: ['shop'] } }).map(({ kase }) => kase.id)).toEqual(['a']);
    expect(selectedCases(tagged, { filter: { tags: ['refund', 'lookup'] } }).map(({ kase }) => kase.id)).toEqual(['a', 'b']);
    // A resumed run plans what its header recorded (a run made before this check): no flag to move.
    expect(selectedCases(tagged, { filter: { tags: ['refund', 'shop'] }, resumeOf: 'r1' }).map(({ kase }) => kase.id)).toEqual(['a', 'b']);
    // A tag written with a slash that is no file is a tag with a typo, not a suite.
    expect(refusal(() => selectedCases(tagged, { filter: { tags: ['team/paymnts'] } })).message).toBe('no case has the tag "team/paymnts"');
  });
});

describe('selectedCases with a suite path written from a folder below the project', () => {
  it('reads ../ from the current folder, and names the path as typed when it is none of the suites', () => {
    const here = resolve('..', 'shop');
    const project = { rootDir: here, suites: [{ name: 's', file: `${here}/evals/s.suite.yaml`, cases: [{ id: 'a', tags: [] }] }] } as unknown as ResolvedConfig;
    expect(selectedCases(project, { filter: { suites: ['../shop/evals/s.suite.yaml'] } }).map(({ kase }) => kase.id)).toEqual(['a']);
    expect(refusal(() => selectedCases(project, { filter: { suites: ['../shop/evals/t.suite.yaml'] } })).message).toBe('../shop/evals/t.suite.yaml does not exist');
    // `.` and `./…` are the current folder's: here no folder of the project's.
    expect(refusal(() => selectedCases(project, { filter: { suites: ['.'] } })).message).toBe('no suite is named "."');
    const inHere = { rootDir: resolve('..'), suites: [{ name: 's', file: resolve('evals', 's.suite.yaml'), cases: [{ id: 'a', tags: [] }] }, { name: 't', file: resolve('..', 'evals', 't.suite.yaml'), cases: [{ id: 'b', tags: [] }] }] } as unknown as ResolvedConfig;
    expect(selectedCases(inHere, { filter: { suites: ['./evals/'] } }).map(({ kase }) => kase.id)).toEqual(['a']);
  });

  it('says a path that names suites from the current folder, not within the project, is read within it, and how to write it from here', () => {
    // This checkout's bundled example, run from its root as `eval fixtures/example/evals` (README's Quick start).
    const example = { rootDir: resolve('fixtures/example'), suites: [{ name: 's', file: resolve('fixtures/example/evals/support.suite.yaml'), cases: [{ id: 'a', tags: [] }] }] } as unknown as ResolvedConfig;
    expect(refusal(() => selectedCases(example, { filter: { suites: ['fixtures/example/evals'] } }))).toEqual({
      message: "fixtures/example/evals is read within the project's folder (fixtures/example), where it names no suite: from the current folder, write ./fixtures/example/evals",
      hint: 'the suites are: s (evals/support.suite.yaml)',
    });
    expect(selectedCases(example, { filter: { suites: ['./fixtures/example/evals'] } }).map(({ kase }) => kase.id)).toEqual(['a']);
    // A file there that is no suite of the config's, and a filter recorded by a run (merge, --resume): as before.
    expect(refusal(() => selectedCases(example, { filter: { suites: ['fixtures/example/evals/account.suite.yaml'] } })).message).toBe(
      "fixtures/example/evals/account.suite.yaml is not one of the config's suites",
    );
    expect(refusal(() => selectedCases(example, { filter: { suites: ['fixtures/example/evals'], suites_from: '.' } })).message).toBe(
      "fixtures/example/evals is not one of the config's suites",
    );
  });

  it('records the folder a path was written in, within the project, and reads a recorded filter from there (merge, --resume)', () => {
    const inHere = { rootDir: resolve('..'), suites: [{ name: 's', file: resolve('evals', 's.suite.yaml'), cases: [{ id: 'a', tags: [] }] }, { name: 't', file: resolve('..', 'evals', 't.suite.yaml'), cases: [{ id: 'b', tags: [] }] }] } as unknown as ResolvedConfig;
    const here = resolve('.').slice(resolve('..').length + 1);
    const recorded = recordedFilter(inHere, { suites: ['.', 't'] });
    expect(recorded).toEqual({ suites: ['.', 't'], suites_from: here });
    // No path written from here (a name, a path within the project): recorded as it is, as before.
    expect(recordedFilter(inHere, { suites: ['s', 'evals/'] })).toEqual({ suites: ['s', 'evals/'] });
    // Read back from the project's folder (the run was made one below it): `.` is still that folder.
    expect(selectedCases(inHere, { filter: { suites: ['.'], suites_from: '.' } }).map(({ kase }) => kase.id)).toEqual(['a', 'b']);
    expect(selectedCases(inHere, { filter: { suites: ['./evals'], suites_from: '.' } }).map(({ kase }) => kase.id)).toEqual(['b']);
    expect(selectedCases(inHere, { filter: { suites: ['./evals'], suites_from: here } }).map(({ kase }) => kase.id)).toEqual(['a']);
  });
});

describe('selectedCases with --grep /pattern/flags', () => {
  const shop = { rootDir: '/p', suites: [{ name: 'shop', file: '/p/shop.suite.yaml', cases: [{ id: 'refund-1', tags: [] }, { id: 'Refund-2', tags: [] }, { id: 'late', tags: [] }] }] } as unknown as ResolvedConfig;
  const ids = (grep: string | string[]) => selectedCases(shop, { filter: { grep } }).map(({ kase }) => kase.id);

  it('reads /pattern/flags as a regular expression with those flags, as Playwright does', () => {
    expect(ids('/REFUND/i')).toEqual(['refund-1', 'Refund-2']);
    expect(ids('/^shop\\/r/')).toEqual(['refund-1']);
    expect(ids('/refund/gi')).toEqual(['refund-1', 'Refund-2']);
  });

  it('keeps a plain pattern a case-sensitive regular expression', () => {
    expect(ids('^refund')).toEqual(['refund-1']);
    expect(ids('R.fund')).toEqual(['Refund-2']);
  });

  it('says a pattern matches ignoring case, and how to ask for that', () => {
    expect(refusal(() => selectedCases(shop, { filter: { grep: 'REFUND' } }))).toEqual({
      message: 'no case matches the filters; ignoring case, 2 cases match',
      hint: '--grep is case-sensitive: did you mean --grep /REFUND/i?',
    });
    expect(refusal(() => selectedCases(shop, { filter: { grep: ['/LATE/', 'zzz'] } })).hint).toBe('--grep is case-sensitive: did you mean --grep /LATE/i --grep /zzz/i?');
    expect(refusal(() => selectedCases(shop, { filter: { grep: 'ZZZ' } })).message).toBe('no case matches the filters');
  });
});

describe('selectedCases of one shard', () => {
  const many = { rootDir: '/p', suites: [{ name: 's', file: '/p/s.suite.yaml', cases: ['a', 'b', 'c'].map((id) => ({ id, tags: [] })) }] } as unknown as ResolvedConfig;

  it('is empty when the filters select cases, all in other shards: the shard still runs, for merge', () => {
    const counts = Array.from({ length: 50 }, (_, i) => selectedCases(many, { filter: { shard: { index: i + 1, total: 50 } } }).length);
    expect(counts.filter((count) => count === 0).length).toBeGreaterThan(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('refuses filters that select no case in any shard, as they are refused unsharded: every shard would pass empty', () => {
    for (let index = 1; index <= 2; index++) {
      expect(refusal(() => selectedCases(many, { filter: { grep: 'zzz', shard: { index, total: 2 } } })).message).toBe('no case matches the filters in any shard');
    }
    expect(refusal(() => selectedCases(many, { filter: { cases: ['s/gone'], shard: { index: 1, total: 2 } } })).message).toBe(
      'none of the 1 case that failed last time (s/gone) is in the suites and matches the other filters',
    );
  });

  it('says a grep matches ignoring case whichever shard holds those cases', () => {
    expect(refusal(() => selectedCases(many, { filter: { grep: '^A$', shard: { index: 1, total: 3 } } })).message).toBe('no case matches the filters; ignoring case, 1 case matches');
    expect(refusal(() => selectedCases(many, { filter: { grep: '^A$', shard: { index: 2, total: 3 } } })).message).toBe('no case matches the filters; ignoring case, 1 case matches');
  });
});
