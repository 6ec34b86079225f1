/** Whether a text is one JSON value (a line of a JSONL file, what an exec command printed). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
