/**
 * The retry check (`expect.respect_retry_after`): a tool answered `rate_limit` is called again
 * only once its `retry_after_ms` has passed. Measured from the start of the refused call, so
 * the time the answer took to reach the agent counts in the agent's favour.
 */
import type { CheckResult } from '../config/schema/results.js';
import type { Trace } from '../config/schema/trace.js';

/** Timer granularity: a wait of exactly retry_after_ms may be measured a fraction of a millisecond short. */
const TOLERANCE_MS = 1;

export function scoreRetry(trace: Trace): CheckResult {
  const calls = trace.tool_calls;
  const early = calls.flatMap((call, i) => {
    const wait = call.error?.kind === 'rate_limit' ? call.error.retry_after_ms : undefined;
    if (wait === undefined) return [];
    const next = calls.slice(i + 1).find((later) => later.name === call.name);
    if (next === undefined || next.at_ms - call.at_ms >= wait - TOLERANCE_MS) return [];
    return [{ tool: call.name, retry_after_ms: wait, waited_ms: round(next.at_ms - call.at_ms) }];
  });
  if (early.length === 0) return { check: 'retry', pass: true };
  const first = early[0]!;
  return {
    check: 'retry',
    pass: false,
    reason: `called ${first.tool} again ${first.waited_ms} ms after a rate_limit that asked for ${first.retry_after_ms} ms${early.length > 1 ? ` (${early.length} early retries)` : ''}`,
    expected: early.map(({ tool, retry_after_ms }) => ({ tool, wait_ms: { gte: retry_after_ms } })),
    found: early.map(({ tool, waited_ms }) => ({ tool, waited_ms })),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
