/**
 * Words as a POSIX shell reads them back: for the commands agentready names in its messages
 * (`the agent (node -e '…') could not be started`) and the hints it gives to paste.
 */

/** A word as it is when a shell reads it as itself, else in single quotes (its own quotes escaped). */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** A command's words as one line a shell would run the same way. */
export function commandLine(command: readonly string[]): string {
  return command.map(shellWord).join(' ');
}
