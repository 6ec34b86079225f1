/**
 * The trace ids of the cases that have ended, so that an endpoint can tell a late request
 * "that case has ended" rather than "unknown". A run ends every case it starts, so this holds
 * one entry per case of the run: a trace id agentready issued (32 hex characters) is kept as its
 * first 64 bits in a typed-array hash set (16 bytes an id, no object per id: a Set of the id
 * strings held ~130 bytes per case for the whole run). Other ids (none in a live run) go to a Set.
 */

/** A trace id as agentready issues them: 32 lowercase hex characters. */
const ISSUED = /^[0-9a-f]{32}$/;

export class EndedTraces {
  /** Open addressing with linear probing: slot i is (table[2i], table[2i+1]); (0, 0) is empty. */
  #table = new Uint32Array(2 * 1024);
  #count = 0;
  readonly #other = new Set<string>();

  add(traceId: string): void {
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
    const slots = this.#table.length / 2;
    for (let slot = this.#home(hi, lo); ; slot = (slot + 1) % slots) {
      const h = this.#table[2 * slot]!;
      const l = this.#table[2 * slot + 1]!;
      if (h === hi && l === lo) return slot;
      if (h === 0 && l === 0) return -1;
    }
  }

  #insert(hi: number, lo: number): void {
    const slots = this.#table.length / 2;
    let slot = this.#home(hi, lo);
    while (this.#table[2 * slot] !== 0 || this.#table[2 * slot + 1] !== 0) slot = (slot + 1) % slots;
    this.#table[2 * slot] = hi;
    this.#table[2 * slot + 1] = lo;
  }

  /** The slot where the key's probe starts. */
  #home(hi: number, lo: number): number {
    return (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) % (this.#table.length / 2);
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.#insert(old[i]!, old[i + 1]!);
  }
}

/** The id's first 64 bits, or undefined for an id agentready did not issue (or the all-zero one, which marks an empty slot). */
function keyOf(traceId: string): { hi: number; lo: number } | undefined {
  if (!ISSUED.test(traceId)) return undefined;
  const hi = Number.parseInt(traceId.slice(0, 8), 16);
  const lo = Number.parseInt(traceId.slice(8, 16), 16);
  return hi === 0 && lo === 0 ? undefined : { hi, lo };
}


