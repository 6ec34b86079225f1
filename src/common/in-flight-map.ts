/**
 * A Map of what is in flight during a run (runs by trace id, requests by id, cases served by an
 * endpoint), whose removed entries let go of their values at once.
 *
 * Why not a plain Map: when V8 grows or compacts a Map's hash table it copies the live entries
 * into a new table and leaves the old one holding them. A registry that lives for the whole run
 * sits in the old generation, and so does its discarded table; until the next full GC that dead
 * table still points at the values it held, and minor GCs treat those pointers as roots. So every
 * case in flight at each rehash (one every few dozen cases) survived minor GCs with everything it
 * referenced (its environment, params, promises, the awaiting async functions) and was promoted
 * to the old generation as garbage: most of eval's peak memory. Here the Map holds a small box per
 * entry, emptied when the entry is removed, so a discarded table keeps only keys and empty boxes.
 * And the Map itself is made anew every few hundred entries: a Map in the old generation makes
 * its new tables there too (a few kilobytes each time the deletions fill it), a young one makes
 * them young, where they die for free.
 */
interface Box<V> {
  value: V | undefined;
}

/** Entries added before the Map is made anew (a run adds a few thousand a second). */
const RENEW_AFTER = 256;

export class InFlightMap<K, V> {
  #boxes = new Map<K, Box<V>>();
  #added = 0;

  get size(): number {
    return this.#boxes.size;
  }

  get(key: K): V | undefined {
    return this.#boxes.get(key)?.value;
  }

  has(key: K): boolean {
    return this.#boxes.has(key);
  }

  set(key: K, value: V): this {
    const box = this.#boxes.get(key);
    if (box) box.value = value;
    else {
      if (++this.#added % RENEW_AFTER === 0) this.#boxes = new Map(this.#boxes);
      this.#boxes.set(key, { value });
    }
    return this;
  }

  delete(key: K): boolean {
    const box = this.#boxes.get(key);
    if (box === undefined) return false;
    box.value = undefined;
    return this.#boxes.delete(key);
  }

  clear(): void {
    for (const box of this.#boxes.values()) box.value = undefined;
    this.#boxes.clear();
  }

  *keys(): IterableIterator<K> {
    yield* this.#boxes.keys();
  }

  *values(): IterableIterator<V> {
    for (const box of this.#boxes.values()) yield box.value as V;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, box] of this.#boxes) yield [key, box.value as V];
  }
}
