/** Authority tiers and approvals (SPEC §5): who may run a tool, and on whose say-so. */
import type { ApprovalDecision, ApprovalRecord, Case, Tool } from '../config/schema/index.js';
import { needsApproval } from '../config/tools.js';
import { deepEqual, own } from '../config/json-value.js';
import type { RunMode } from '../config/schema/run-modes.js';

export { isWriteTool, needsApproval } from '../config/tools.js';

/** The approver's answer for a request, from the case's `approvals` (read-only mode refuses all). */
export function approvalAnswer(kase: Pick<Case, 'approvals'>, { toolName, mode }: { toolName: string; mode: RunMode }): boolean {
  if (mode === 'read_only') return false;
  // An own key only: a tool named `valueOf` or `constructor` is not the map's inherited method.
  const decision = (own(kase.approvals.tools, toolName) as ApprovalDecision | undefined) ?? kase.approvals.default;
  return decision === 'grant';
}

export type AuthorityCheck =
  | { kind: 'ok'; approved?: boolean; consume?: number }
  | { kind: 'suggest_only' }
  | { kind: 'approval_missing' }
  | { kind: 'approval_denied' };

/**
 * Checks the tier and, where one is needed, finds the approval for this very call (same
 * tool, same arguments) that no earlier call has used. `consume` is its index.
 */
export function checkAuthority({ tool, args, approvals, used }: {
  tool: Tool;
  args: Record<string, unknown>;
  approvals: readonly ApprovalRecord[];
  used: ReadonlySet<number>;
}): AuthorityCheck {
  if (tool.tier === 'suggest') return { kind: 'suggest_only' };
  if (!needsApproval(tool)) return { kind: 'ok' };
  let denied = false;
  for (let i = approvals.length - 1; i >= 0; i--) {
    const approval = approvals[i]!;
    if (used.has(i) || approval.name !== tool.name || !deepEqual(approval.arguments ?? {}, args)) continue;
    if (approval.approved) return { kind: 'ok', approved: true, consume: i };
    denied = true;
  }
  return denied ? { kind: 'approval_denied' } : { kind: 'approval_missing' };
}
