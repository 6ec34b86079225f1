// baseline update's refusal quotes the agent's error messages, read from a run folder under --from,
// where a run made with --no-redact keeps them as the agent wrote them: what it prints is redacted,
// unless the command itself is told --no-redact.
import { describe, expect, it } from 'vitest';
import { redactions } from '../../../src/common/redact-deep.js';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { baselineRefusal, refuseOtherSuites } from '../../../src/lifecycle/baseline-update.js';
import { UsageError } from '../../../src/errors.js';
import { suitesFingerprint } from '../../../src/run/index.js';
import { result } from '../gate/results-builder.js';

const PII = 'jane.doe@example.com';
const failed = (id: string, status: 'failed' | 'error', message: string): CaseResult =>
  result({ case_id: id, status, outcome: status === 'error' ? 'error' : 'agent_error', error: { code: status === 'error' ? 'AGENT_CRASHED' : 'AGENT_ERROR', message } });

describe("baseline update's refusal", () => {
  const alike = ['a', 'b'].map((id) => failed(id, 'failed', `no account for ${PII}`));
  const harness = [failed('a', 'error', `crashed\nstderr: mail ${PII} failed`), result({ case_id: 'b' })];

  it('redacts the one agent error every case ended in, and the harness errors it names', () => {
    for (const results of [alike, harness]) {
      const refusal = baselineRefusal(results, { force: false, clean: redactions(true).text });
      expect(refusal).toContain('[email]');
      expect(refusal).not.toContain(PII);
    }
  });

  it('quotes them as written under --no-redact, and refuses nothing under --force', () => {
    expect(baselineRefusal(harness, { force: false, clean: redactions(false).text })).toContain(`a: crashed\n    stderr: mail ${PII} failed`);
    expect(baselineRefusal(alike, { force: true, clean: redactions(true).text })).toBeUndefined();
  });
});

describe('baseline update --from a run of other suites', () => {
  // A run of another config's suites, or of these before an edit: a baseline of its cases would not be of these.
  it('is refused, naming both fingerprints; a run of these suites is not', () => {
    const here = suitesFingerprint([]);
    expect(() => refuseOtherSuites({ header: { run_id: 'r1', fingerprint: here }, suites: [] })).not.toThrow();
    const refused = () => refuseOtherSuites({ header: { run_id: 'r1', fingerprint: '0123abcd' }, suites: [] });
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow(`run r1 ran other suites than these, or these before an edit (fingerprint 0123abcd; the suites here are ${here}): a baseline records the cases of the suites as they are here`);
  });
});
