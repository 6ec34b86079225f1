/**
 * What was thrown, as text, for any value user or agent code can throw: an Error's message (its
 * name when the message is empty) with its cause, an object's `message` (or its `error`'s: the
 * shape of a provider's streamed error event, which frameworks throw as it came) or its JSON, or
 * the value as text. It never throws itself (a getter, a toString that throws, an object with no
 * prototype, which String() cannot convert).
 */
// No imports: the stdio agent library (src/agent/, bundled small) says its handler's throws with it
// too. An object's JSON is not cut here, as an Error's message is not: what prints it cuts it.

/** How many causes deep the text goes. */
const MAX_CAUSES = 3;

export function describeThrown(thrown: unknown): string {
  try {
    return describe(thrown, MAX_CAUSES);
  } catch {
    return 'a value that cannot be shown';
  }
}

function describe(thrown: unknown, depth: number): string {
  if (thrown instanceof Error) {
    const text = thrown.message === '' ? thrown.name : thrown.message;
    // `fetch failed` says nothing without its cause (`connect ECONNREFUSED 127.0.0.1:8080`).
    if (thrown.cause === undefined || thrown.cause === null || depth === 0) return text;
    const cause = describe(thrown.cause, depth - 1);
    return text.includes(cause) ? text : `${text} (cause: ${cause})`;
  }
  if (typeof thrown !== 'object' || thrown === null) return String(thrown);
  const { message, error } = thrown as { message?: unknown; error?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  if (typeof error === 'object' && error !== null && depth > 0) return describe(error, depth - 1);
  try {
    const json = JSON.stringify(thrown);
    if (json !== undefined && json !== '{}') return json;
  } catch {
    // a circle, a BigInt, a getter that throws: said as String() says it
  }
  return String(thrown);
}

/**
 * `value instanceof type`, false where asking throws: agent code can throw a Proxy whose
 * getPrototypeOf trap throws, and an instanceof test of it in agentready's catch (or its
 * uncaughtException handler) threw out of agentready ("unexpected error: trap", the run lost).
 */
export function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}
