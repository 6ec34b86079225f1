/** What a declared tool is, by its tier and effects: read by environment/ (authority, the kill switch) and score/ (readiness). */
import type { Tool } from './schema/index.js';

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
 * A tool with effects whose tier was left out: it resolves to `read` (`tier: read` with effects is
 * refused when written), yet its effects make it a write tool that needs approval, which the card
 * lists under `approve` and the kill switch's refusal does not call a read tool.
 */
export function untieredWithEffects(tool: Pick<Tool, 'tier' | 'effects'>): boolean {
  return tool.tier === 'read' && tool.effects.length > 0;
}
