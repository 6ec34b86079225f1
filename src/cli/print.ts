/** The CLI's own writes (messages outside reporters). */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeError(text: string): void {
  process.stderr.write(text);
}

/** Colour on a stream: NO_COLOR wins, then FORCE_COLOR, then a TTY outside CI. */
export function colorOn(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && !process.env.CI;
}
