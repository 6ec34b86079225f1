// Fuzzing the traces reader of `agentready score`: whatever the JSONL holds (recorded traces or a
// run folder's own traces.jsonl), each line ends in a trace matched to its case or in a located problem.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Suite } from '../../../src/config/schema/index.js';
import { ConfigError } from '../../../src/errors.js';
import { matchRecordedTraces, parseRecordedTraces } from '../../../src/run/recorded-traces.js';
import { hostileText } from '../fuzz/mutate.js';
import { FUZZ_SEED, loadOutcome, Tally } from '../fuzz/outcome.js';
import { OWN_TRACES_SEED, RECORDED_TRACES_SEED } from '../fuzz/seeds.js';

const SUITES = [{ name: 'orders', file: 'orders.suite.yaml', cases: [{ id: 'refund' }, { id: 'lookup' }] }] as unknown as Suite[];

/** What `score` does before scoring: parse, match, and stop on any problem. */
function readTraces(text: string) {
  const parsed = parseRecordedTraces(text, 'traces.jsonl');
  const matched = matchRecordedTraces(parsed.lines, { suites: SUITES, file: 'traces.jsonl' });
  const issues = [...parsed.issues, ...(matched.ok ? [] : matched.issues)];
  if (issues.length > 0) throw new ConfigError(issues);
  return matched;
}

describe('fuzzing the traces reader', () => {
  it.each([
    { format: 'recorded traces', seed: RECORDED_TRACES_SEED },
    { format: "a run folder's traces.jsonl", seed: OWN_TRACES_SEED },
  ])('$format: any file ends in matched traces or in located problems, within seconds', async ({ format, seed }) => {
    const tally = new Tally();
    readTraces(seed);
    await fc.assert(
      fc.asyncProperty(hostileText([seed], 'jsonl'), async (text) => {
        tally.add(format, await loadOutcome(() => readTraces(text)));
      }),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
    tally.print();
  });
});
