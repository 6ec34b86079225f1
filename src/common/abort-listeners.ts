/**
 * Abort listeners of one long-lived signal (the run's), added and removed per case: one listener
 * on the signal calls them all. An EventTarget checks every listener it holds on each add and
 * remove, so with a run's cases in flight each holding one, every case paid for all the others;
 * here adding and removing cost the same however many are held (a linked list).
 */

/** One added listener; unlinked when removed or called. */
interface Entry {
  listener: (() => void) | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

/** The listeners of one signal, oldest first. */
interface Listeners {
  first: Entry | undefined;
  last: Entry | undefined;
}

const bySignal = new WeakMap<AbortSignal, Listeners>();
/** The signal looked up last: a run adds every case's listener to the same one. */
let lastSignal: AbortSignal | undefined;
let lastListeners: Listeners | undefined;

/**
 * Calls `listener` once when `signal` aborts (the caller checks `signal.aborted` first, as with
 * addEventListener); returns the function that removes it. Listeners run in the order they were
 * added; the same function added twice is two listeners. One that throws is reported as
 * uncaught, as an EventTarget does, and the others still run.
 */
export function listenForAbort(signal: AbortSignal, listener: () => void): () => void {
  const list = listenersOf(signal);
  const entry: Entry = { listener, prev: list.last, next: undefined };
  if (list.last) list.last.next = entry;
  else list.first = entry;
  list.last = entry;
  return () => unlink(list, entry);
}

function listenersOf(signal: AbortSignal): Listeners {
  if (signal === lastSignal && lastListeners) return lastListeners;
  let list = bySignal.get(signal);
  if (list === undefined) {
    const added: Listeners = { first: undefined, last: undefined };
    list = added;
    bySignal.set(signal, added);
    signal.addEventListener('abort', () => callAll(added), { once: true });
  }
  lastSignal = signal;
  lastListeners = list;
  return list;
}

function unlink(list: Listeners, entry: Entry): void {
  if (entry.listener === undefined) return;
  entry.listener = undefined;
  if (entry.prev) entry.prev.next = entry.next;
  else list.first = entry.next;
  if (entry.next) entry.next.prev = entry.prev;
  else list.last = entry.prev;
  entry.prev = undefined;
  entry.next = undefined;
}

// Calls every listener once and forgets them: those held when the signal aborted, less any one
// of them removes; not those added meanwhile (an EventTarget's dispatch does the same).
function callAll(list: Listeners): void {
  const held: Entry[] = [];
  for (let entry = list.first; entry; entry = entry.next) held.push(entry);
  for (const entry of held) {
    const listener = entry.listener;
    if (listener === undefined) continue;
    unlink(list, entry);
    try {
      listener();
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  }
}
