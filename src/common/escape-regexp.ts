/** A text as a regular expression matching it literally (with or without the `u` flag): each of the syntax characters escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
