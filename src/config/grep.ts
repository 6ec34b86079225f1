/**
 * `--grep`'s patterns: a regular expression tested against a case's id and `<suite>/<id>`, as
 * typed; `/pattern/flags` (Playwright's `--grep /refund/i`) is a regular expression with those
 * flags. `g` and `y` are accepted and change nothing: a test of one id has no next match. Pure,
 * loaded with the command parser: no other import.
 */

const DELIMITED = /^\/(.+)\/([a-z]*)$/s;
const FLAGS = new Set(['d', 'g', 'i', 'm', 's', 'u', 'v', 'y']);

/** The pattern as matched; throws SyntaxError (its message for the user) for a bad expression or flag. */
export function grepRegExp(pattern: string): RegExp {
  const delimited = DELIMITED.exec(pattern);
  if (!delimited) return new RegExp(pattern);
  const [, source, flags] = delimited as unknown as [string, string, string];
  const unknown = [...flags].filter((flag) => !FLAGS.has(flag));
  if (unknown.length > 0) throw new SyntaxError(`unknown flag ${JSON.stringify(unknown[0])} in ${pattern} (flags: d, g, i, m, s, u, v, y)`);
  // Stateless: `g` or `y` would carry lastIndex from one id's test to the next.
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}

/** The pattern as `/pattern/flags` ignoring case (itself when it already does): what "did you mean" suggests. */
export function ignoringCase(pattern: string): string {
  const delimited = DELIMITED.exec(pattern);
  if (!delimited) return `/${pattern}/i`;
  return delimited[2]!.includes('i') ? pattern : `${pattern}i`;
}
