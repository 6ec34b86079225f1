/** The CLI's own writes (messages outside reporters). */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeError(text: string): void {
  process.stderr.write(text);
}
