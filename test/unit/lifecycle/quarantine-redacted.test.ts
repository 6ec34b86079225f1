// A quarantine's reason is the team's own words in a suite, and may name a customer ("known bug
// for jane@…"): the verdict carries it (its note, `quarantined`), which the terminal, every
// reporter and summary.json print, so it is redacted as a case's description is, unless the
// command was told --no-redact.
import { describe, expect, it } from 'vitest';
import { computeMetrics, decideVerdict } from '../../../src/gate/index.js';
import { runLifecycle, type CaseSource } from '../../../src/lifecycle/index.js';
import { result } from '../gate/results-builder.js';
import { endedSession } from './ended-session.js';

const REASON = 'the refund mock is wrong for jane.doe@example.com';
const RESULTS = [result({ case_id: 'c1' }), result({ case_id: 'c2', status: 'failed' })];
const QUARANTINED = [{ suite: 'support', case_id: 'c2', until: '2099-12-31', reason: REASON }];

function source(redact: boolean): CaseSource {
  return { writesRunFolder: false, redact, run: () => Promise.resolve(endedSession({ results: RESULTS })) };
}

async function verdictOf(redact: boolean) {
  const outcome = await runLifecycle({
    source: source(redact),
    reporters: [],
    judge: ({ metrics }) => ({ kind: 'gate', verdict: decideVerdict({ results: RESULTS, metrics: metrics ?? computeMetrics(RESULTS), gate: { success_rate: { min: 1 } }, baselinePath: 'b.json', quarantined: QUARANTINED }) }),
    signal: new AbortController().signal,
    maxErrorRate: 0,
    killSwitch: false,
    cwd: '/nowhere',
  });
  if (outcome.judgement?.kind !== 'gate') throw new Error('no gate verdict');
  return outcome.judgement.verdict;
}

describe("a quarantine's reason in the verdict", () => {
  it('is redacted in the verdict and its note', async () => {
    const verdict = await verdictOf(true);
    expect(verdict.pass).toBe(true);
    expect(verdict.quarantined.map((q) => q.reason)).toEqual(['the refund mock is wrong for [email]']);
    expect(verdict.notes.join('\n')).toContain('support/c2 (until 2099-12-31: the refund mock is wrong for [email])');
    expect(JSON.stringify(verdict)).not.toContain('jane.doe');
  });

  it('is kept as written under --no-redact', async () => {
    const verdict = await verdictOf(false);
    expect(verdict.quarantined.map((q) => q.reason)).toEqual([REASON]);
    expect(verdict.notes.join('\n')).toContain(REASON);
  });
});
