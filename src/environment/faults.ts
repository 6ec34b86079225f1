/** Injected faults, keyed by tool and the 1-based index of the call to that tool. */
import type { Fault, ToolErrorPayload } from '../config/schema/index.js';
import { cutIndex } from '../common/shorten.js';

const DEFAULT_STATUS = Object.freeze({ rate_limit: 429, error: 500, timeout: 504, malformed: 200 });
/** A rate_limit fault's Retry-After when the case gives none. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

export type FaultAnswer =
  | { kind: 'error'; error: ToolErrorPayload }
  /** A 200 whose body is not what the tool promises: a truncated JSON text. */
  | { kind: 'malformed'; result: string };

/** The fault for the `callIndex`-th call (1-based) to `tool`, if the case injects one. */
export function findFault(faults: readonly Fault[], { tool, callIndex }: { tool: string; callIndex: number }): Fault | undefined {
  return faults.find((f) => f.tool === tool && (f.call === undefined || f.call === callIndex));
}

/** What the agent receives for a fault; `mockResult` is what a healthy tool would have said. */
export function faultAnswer(fault: Fault, mockResult: unknown): FaultAnswer {
  const status = fault.status ?? DEFAULT_STATUS[fault.error];
  switch (fault.error) {
    case 'rate_limit': {
      const retry = fault.retry_after_ms ?? DEFAULT_RETRY_AFTER_MS;
      return { kind: 'error', error: { kind: 'rate_limit', status, retry_after_ms: retry, message: `rate limited: retry after ${retry} ms` } };
    }
    case 'error':
      return { kind: 'error', error: { kind: 'error', status, message: `tool ${fault.tool} failed with status ${status}` } };
    case 'timeout':
      return { kind: 'error', error: { kind: 'timeout', status, message: `tool ${fault.tool} timed out` } };
    case 'malformed': {
      const text = JSON.stringify(mockResult ?? { ok: true }) ?? '{}';
      // The first half, cut where no secret or PII of the mock is cut in two (the trace keeps this answer, redacted later: common/shorten.ts).
      return { kind: 'malformed', result: text.slice(0, Math.max(1, cutIndex(text, Math.floor(text.length / 2)))) };
    }
  }
}
