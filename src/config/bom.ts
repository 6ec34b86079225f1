/**
 * A byte order mark at the start of a text file (PowerShell 5's `Out-File -Encoding utf8` and
 * Windows' Notepad write one) is no part of the JSON after it, and no column an editor shows. In
 * config/, whose file reader (`read.ts`) leaves it out too, so that every later folder shares it.
 */

/** `text` without a leading byte order mark. */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
