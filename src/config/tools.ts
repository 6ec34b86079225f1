/** What a declared tool is, by its tier and effects: read by environment/ (authority, the kill switch) and score/ (readiness). */
import { DEFAULT_TOOL } from './defaults.js';
import type { Tier, Tool } from './schema/index.js';

/** True when a call to the tool must be preceded by a granted approval. */
export function needsApproval(tool: Pick<Tool, 'tier' | 'effects'>): boolean {
  return tool.tier === 'approve' || tool.effects.length > 0;
}

/**
 * True when the kill switch refuses the tool: anything but a plain `read` tool. A `read` tool
 * that declares effects is refused too (validate reports that combination as an error).
 */
export function isWriteTool(tool: Pick<Tool, 'tier' | 'effects'>): boolean {
  return tool.tier !== 'read' || tool.effects.length > 0;
}

/**
 * The tier of a tool as written: its own, else `approve` when it declares effects (any effect
 * needs a granted approval, SPEC §5), else `read`. The resolver decides it once, so a resolved
 * tool is never `read` with effects (`tier: read` with effects is refused when written).
 */
export function toolTier(tool: { tier?: Tier | undefined; effects?: readonly unknown[] | undefined }): Tier {
  return tool.tier ?? ((tool.effects?.length ?? 0) > 0 ? 'approve' : DEFAULT_TOOL.tier);
}
