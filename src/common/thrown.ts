/**
 * What was thrown, as text, for any value user or agent code can throw: an Error's message, or the
 * value as text. It never throws itself (a getter, a toString that throws, an object with no
 * prototype, which String() cannot convert).
 */
export function describeThrown(thrown: unknown): string {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return 'a value that cannot be shown';
  }
}
