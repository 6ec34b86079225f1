/**
 * Whether, and how much, agentready colours what it prints on a stream: the one reading of
 * NO_COLOR, FORCE_COLOR, CI and TERM, for the run's Screen (screen.ts) and the cli's error and
 * warning lines (cli/print.ts `colorOn`). No chalk here: the cli's lines load it only to colour.
 */

export interface ColorStream {
  isTTY?: boolean;
}

/** A run in CI: `CI` set, and not `false` or `0`. */
export function inCi(env: Record<string, string | undefined>): boolean {
  return isSet(env['CI']) && env['CI'] !== 'false' && env['CI'] !== '0';
}

/** The chalk level: NO_COLOR wins, then FORCE_COLOR, then whether we print to a terminal outside CI. */
export function colorLevel({ env, stream }: { env: Record<string, string | undefined>; stream: ColorStream }): 0 | 1 | 2 | 3 {
  if (isSet(env['NO_COLOR'])) return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2' || force === '3') return Number(force) as 2 | 3;
    return 1;
  }
  if (stream.isTTY !== true || inCi(env) || env['TERM'] === 'dumb') return 0;
  return 1;
}

/** Whether an environment variable is present and non-empty (the NO_COLOR convention). */
function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
