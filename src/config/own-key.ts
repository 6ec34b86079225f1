/**
 * Writing a key of user-written or untrusted data into an object. Assignment (`into[key] = value`,
 * Object.assign) takes a `__proto__` key as the object's prototype: the value is lost as data and
 * sits in the object's prototype chain instead. Parsed JSON and YAML keep `__proto__` as an own key
 * (JSON.parse, js-yaml, fast-yaml); every copy of such data keeps it the same way, through here
 * (spreads and Object.fromEntries already do).
 */

const { hasOwnProperty } = Object.prototype;

/**
 * Whether `key` is an own property of `value`: Object.hasOwn, for the key of a for-in loop over
 * `value` (`for (const key in value) if (hasOwnKey(value, key)) …`, own keys only). There V8 answers
 * `hasOwnProperty` from the loop's own key cache, without a lookup, and Object.hasOwn it does not
 * (Node 20: ~19 ns a key against ~1, measured on a result's 19 keys; redaction walks every result
 * and trace of a run so).
 */
export function hasOwnKey(value: object, key: string): boolean {
  return hasOwnProperty.call(value, key);
}

/** Sets `key` on `into` as an own, enumerable, writable data property, `__proto__` included. */
// eslint-disable-next-line @typescript-eslint/max-params -- Reflect.set's (target, key, value)
export function setOwn(into: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, configurable: true, writable: true });
  else into[key] = value;
}

/**
 * A deep copy of a JSON value (plain objects, arrays, strings, numbers, booleans, null; an
 * `undefined` property stays one), every key an own key, `__proto__` included. A run's params
 * copied so: ~0.5 µs against structuredClone's ~3 µs (one copy per case for a module agent).
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // Pushed, not `value.map(copyJson)`: the array Turbofan's inlined map makes is holey where the
    // builtin's was packed, so code optimised on the first copies (this, the agent's) deoptimised on the later ones.
    const copy: unknown[] = [];
    for (const item of value) copy.push(copyJson(item));
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  // for-in (own keys only, in Object.keys' order): no array of keys made for every object.
  for (const key in value) if (hasOwnKey(value, key)) setOwn(copy, key, copyJson((value as Record<string, unknown>)[key]));
  return copy as T;
}

/**
 * A value handed over in process (a module agent's call arguments) as the data it would be on the
 * wire: a deep copy as JSON.stringify reads it — toJSON applied, each getter read once, a boxed
 * primitive unwrapped, a function, symbol or undefined left out of an object and null in a list —
 * a number JSON cannot hold kept as it is (the policy denies it, as it does `1e400` on the wire).
 * The sender keeps no reference into it: what it changes after handing it over (or a getter that
 * answers differently on its next read) changes nothing judged, run or recorded. Throws a
 * TypeError for a BigInt, a circle, or data nested past `maxDepth` levels (itself the first).
 */
export function wireCopy(value: unknown, maxDepth: number): unknown {
  return copyAsSent(value, { key: '', depth: 1, maxDepth, open: new Set() });
}

/** Where `copyAsSent` is: the key it reads (for toJSON), how deep, and the objects it is inside. */
interface WirePlace {
  key: string;
  depth: number;
  maxDepth: number;
  open: Set<object>;
}

function copyAsSent(raw: unknown, at: WirePlace): unknown {
  let value = raw;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (key: string) => unknown).call(value, at.key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  if (typeof value === 'bigint') throw new TypeError('a BigInt is no JSON value');
  if (typeof value !== 'object' || value === null) return value;
  if (at.depth > at.maxDepth) throw new TypeError(`it nests more than ${at.maxDepth} levels deep`);
  if (at.open.has(value)) throw new TypeError('it holds itself (a circle JSON cannot write)');
  at.open.add(value);
  try {
    const inner = (key: string, item: unknown) => copyAsSent(item, { ...at, key, depth: at.depth + 1 });
    if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => sentOrNull(inner(String(i), (value as unknown[])[i])));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = inner(key, (value as Record<string, unknown>)[key]);
      if (!leftOut(item)) setOwn(copy, key, item);
    }
    return copy;
  } finally {
    at.open.delete(value);
  }
}

/** What JSON leaves out of an object (and writes as null in a list). */
function leftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function sentOrNull(value: unknown): unknown {
  return leftOut(value) ? null : value;
}
