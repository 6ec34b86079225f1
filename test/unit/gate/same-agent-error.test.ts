// Every case failing with one and the same agent error is the agent not running at all — a missing
// API key (a pull request from a fork gets no secrets) more often than a change: the gate still
// fails (the agent answered with an error), and a note says where to look, quoting nothing the
// agent wrote (its message is untrusted and shown, redacted, at each case).
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../src/config/schema/results.js';
import { computeMetrics } from '../../../src/gate/metrics.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { decideVerdict } from '../../../src/gate/verdict.js';
import { baselineOf } from './fixtures.js';
import { many, result } from './results-builder.js';

const KEY_MISSING = { code: 'AGENT_ERROR', message: 'The OPENAI_API_KEY environment variable is missing or empty' };

function agentError(caseId: string, message = KEY_MISSING.message): CaseResult {
  return result({ case_id: caseId, status: 'failed', outcome: 'agent_error', error: { ...KEY_MISSING, message } });
}

function notesOf(results: CaseResult[]): string[] {
  return decideVerdict({ metrics: computeMetrics(results), gate: DEFAULT_GATE, results, baselinePath: 'agentready.baseline.json', baseline: baselineOf(many(3)) }).notes;
}

const NOTE = /^Every case \(3 attempts\) ended in agent_error with one and the same message: the agent could not run at all/;

describe('the note on one agent error in every case', () => {
  it('says a setup problem is likelier than a regression when every attempt failed with the same agent error', () => {
    const notes = notesOf(['c1', 'c2', 'c3'].map((id) => agentError(id)));
    const note = notes.find((n) => NOTE.test(n));
    expect(note).toBeDefined();
    expect(note).toContain('a pull request from a fork gets no secrets');
    expect(note).not.toContain('OPENAI_API_KEY');
  });

  it('says nothing when the messages differ, a case passed, or only one attempt ran', () => {
    expect(notesOf([agentError('c1'), agentError('c2'), agentError('c3', 'tool loop exploded')]).some((n) => NOTE.test(n))).toBe(false);
    expect(notesOf([agentError('c1'), agentError('c2'), result({ case_id: 'c3' })]).some((n) => n.startsWith('Every case'))).toBe(false);
    expect(notesOf([agentError('c1')]).some((n) => n.startsWith('Every case'))).toBe(false);
  });
});
