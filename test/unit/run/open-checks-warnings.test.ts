import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/index.js';
import { openChecksWarnings } from '../../../src/run/score-traces.js';

// A result holding `open` checks a placeholder left open (failed, undecidable).
function withOpen(open: number): CaseResult {
  const checks = Array.from({ length: open }, () => ({ check: 'tools', pass: false, undecidable: true, reason: 'not decidable' }));
  return { checks } as unknown as CaseResult;
}

describe('openChecksWarnings', () => {
  it('words one check left open in the singular throughout, and several in the plural', () => {
    expect(openChecksWarnings({ carried: 0, results: [withOpen(1)] })).toEqual([
      '1 check a placeholder leaves open (a regex, a number, a domain) was not judged: its case ends in an error (UNDECIDABLE); rescore a run made with `eval --no-redact` to judge it',
    ]);
    expect(openChecksWarnings({ carried: 1, results: [withOpen(1), withOpen(1)] })).toEqual([
      "1 check a placeholder leaves open (a regex, a number, a domain) took the eval's verdict: the case and the policy are unchanged since the eval that wrote the traces",
      '2 checks a placeholder leaves open (a regex, a number, a domain) were not judged: their cases end in an error (UNDECIDABLE); rescore a run made with `eval --no-redact` to judge them',
    ]);
    expect(openChecksWarnings({ carried: 0, results: [withOpen(0)] })).toEqual([]);
  });
});
