/**
 * Git's conflict markers: a merge that could not join two edits of a file leaves both, between
 * `<<<<<<<`, `=======` and `>>>>>>>` lines. A file that holds them is neither side's.
 */

/** A conflict marker at the start of a line. */
const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(?: |\r?$)/m;

/** The first conflict marker of `text` (its offset and the marker), or undefined. */
export function firstConflictMarker(text: string): { index: number; marker: string } | undefined {
  const found = CONFLICT_MARKER.exec(text);
  return found ? { index: found.index, marker: found[1]! } : undefined;
}
