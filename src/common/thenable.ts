/**
 * Whether a value is a promise (or any thenable) to wait for. A case's path awaits only these: an
 * `await` of a plain value still makes promises and a microtask turn (more with the module
 * adapter's async context on), at every case of a run.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
