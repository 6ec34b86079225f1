/**
 * An on/off environment variable (AGENTREADY_NO_CACHE): set by any value but the ones other CLIs'
 * boolean variables read as "no" — empty, `0`, `false`, `no`, `off`, in any case, spaces around
 * ignored — so `AGENTREADY_NO_CACHE=false` keeps the cache on, as it reads.
 */
const UNSET = new Set(['', '0', 'false', 'no', 'off']);

export function envSwitchSet(value: string | undefined): boolean {
  return value !== undefined && !UNSET.has(value.trim().toLowerCase());
}
