/**
 * The trace ids of the cases that have ended, so that an endpoint can tell a late request
 * "that case has ended" rather than "unknown". A run ends every case it starts, so this holds
 * one entry per case of the run: a trace id agentready issued (32 hex characters) is kept as its
 * first 64 bits in a typed-array hash set (16 bytes an id, no object per id: a Set of the id
 * strings held ~130 bytes per case for the whole run). Other ids (none in a live run) go to a Set.
 */

export class EndedTraces {
  /** Open addressing with linear probing: slot i is (table[2i], table[2i+1]); (0, 0) is empty. */
  #table = new Uint32Array(2 * 1024);
  #count = 0;
  readonly #other = new Set<string>();
  /** The id added last: the run's endpoints share one table and end each case one after the other. */
  #last: string | undefined;

  add(traceId: string): void {
    if (traceId === this.#last) return;
    this.#last = traceId;
    const key = keyOf(traceId);
    if (key === undefined) {
      this.#other.add(traceId);
      return;
    }
    if (this.#find(key.hi, key.lo) >= 0) return;
    if ((this.#count + 1) * 2 > this.#table.length / 2) this.#grow();
    this.#insert(key.hi, key.lo);
    this.#count++;
  }

  has(traceId: string): boolean {
    const key = keyOf(traceId);
    if (key === undefined) return this.#other.has(traceId);
    return this.#find(key.hi, key.lo) >= 0;
  }

  /** The slot holding the key, or -1. */
  #find(hi: number, lo: number): number {
    const last = this.#table.length / 2 - 1;
    for (let slot = this.#home(hi, lo); ; slot = (slot + 1) & last) {
      const h = this.#table[2 * slot]!;
      const l = this.#table[2 * slot + 1]!;
      if (h === hi && l === lo) return slot;
      if (h === 0 && l === 0) return -1;
    }
  }

  #insert(hi: number, lo: number): void {
    const last = this.#table.length / 2 - 1;
    let slot = this.#home(hi, lo);
    while (this.#table[2 * slot] !== 0 || this.#table[2 * slot + 1] !== 0) slot = (slot + 1) & last;
    this.#table[2 * slot] = hi;
    this.#table[2 * slot + 1] = lo;
  }

  /** The slot where the key's probe starts (slots are a power of two: a mask, not a division). */
  #home(hi: number, lo: number): number {
    return (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) & (this.#table.length / 2 - 1);
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.#insert(old[i]!, old[i + 1]!);
  }
}

/**
 * The id's first 64 bits, or undefined for an id agentready did not issue (not 32 lowercase hex
 * characters, as agentready issues them) or the all-zero one, which marks an empty slot. Read in one pass over its
 * characters: no regex test and no two slices parsed, as each case's end (and each late request)
 * did.
 */
export function keyOf(traceId: string): { hi: number; lo: number } | undefined {
  if (traceId.length !== 32) return undefined;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    const code = traceId.charCodeAt(i);
    // 0-9, then a-f.
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
    if (digit < 0) return undefined;
    if (i < 8) hi = hi * 16 + digit;
    else if (i < 16) lo = lo * 16 + digit;
  }
  return hi === 0 && lo === 0 ? undefined : { hi, lo };
}
