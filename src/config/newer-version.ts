/**
 * Files agentready writes in a format a newer agentready may move past (results.jsonl's header,
 * the baseline): the one wording that refuses a file of a later version.
 */

/** Why a file of `version` is refused by an agentready that reads version `reads` of its `kind`. */
export function newerVersionMessage({ kind, version, reads }: { kind: 'results' | 'baseline'; version: number; reads: number }): string {
  return `written by a newer agentready (${kind} version ${version}); this one reads version ${reads}: upgrade agentready`;
}
