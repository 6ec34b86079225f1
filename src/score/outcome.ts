/** The outcome check: the agent ended the way the case expects. */
import type { CheckResult } from '../config/schema/results.js';
import type { Expectation } from '../config/schema/suite.js';
import { OUTCOMES, type Outcome, type Trace } from '../config/schema/trace.js';

/** Passes when the trace's outcome is the expected one (or one of several); a timeout never passes. */
export function scoreOutcome(trace: Pick<Trace, 'outcome' | 'duration_ms' | 'error'>, expected: NonNullable<Expectation['outcome']>): CheckResult {
  const allowed: Outcome[] = Array.isArray(expected) ? expected : [expected];
  if ((allowed as string[]).includes(trace.outcome)) return { check: 'outcome', pass: true };
  return {
    check: 'outcome',
    pass: false,
    // With every outcome allowed (none expected), only a timeout or an error gets here.
    reason: allowed.length === OUTCOMES.length
      ? `the agent ended with ${trace.outcome}${describeEnd(trace)}`
      : `expected outcome ${allowed.join(' or ')}, got ${trace.outcome}${describeEnd(trace)}`,
    expected: Array.isArray(expected) ? allowed : expected,
    found: trace.outcome,
  };
}

/** A short hint on why the run ended abnormally, or ''. */
function describeEnd(trace: Pick<Trace, 'outcome' | 'duration_ms' | 'error'>): string {
  // The limit as the run applied it: the measured duration can fall a little short of it (1999 ms for 2000).
  if (trace.outcome === 'timeout') return trace.error ? ` (${trace.error.message})` : ` after ${Math.round(trace.duration_ms)} ms`;
  if ((trace.outcome === 'error' || trace.outcome === 'agent_error') && trace.error) return ` (${trace.error.message})`;
  if (trace.outcome === 'unknown') return ' (the recorded trace does not say how the run ended)';
  return '';
}
