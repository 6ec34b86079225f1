/**
 * The number a user reads for a tool call: `call N`, counted from 1 in the order the calls were
 * made, in every check's reason and `found` (as `call`), in the reports, and as a fault's `call:`
 * counts them. A trace's own `seq` counts from 0: it is the record's index, not what is read.
 */
import type { ToolCallRecord } from '../config/schema/trace.js';

export function callNumber(call: Pick<ToolCallRecord, 'seq'>): number {
  return call.seq + 1;
}
