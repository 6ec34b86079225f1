/**
 * A baseline case record's mean tool-call scores, written together (or not at all) by `baseline
 * update` (config/schema/baseline.ts). Apart from the schema, so that the gate's loosening check
 * (gate/loosened.ts), which every eval loads, builds no baseline schema before its first case.
 */
export const TOOL_SCORE_KEYS = ['tool_correctness', 'tool_precision', 'tool_recall'] as const;
