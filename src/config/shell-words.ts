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

/**
 * A command written as one line (`node agent.mjs`, `npm run start` as Playwright's webServer
 * takes it) as the words a POSIX shell splits it into, quotes taken off (`node "my agent.mjs"`
 * is two words); undefined for a line a shell would do more with (a pipe, `$VAR`, `&&`, a quote
 * left open), which is no list of words to hint.
 */
export function lineWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'" || char === '"') {
      const end = line.indexOf(char, i + 1);
      if (end < 0) return undefined;
      const quoted = line.slice(i + 1, end);
      if (char === '"' && /[$`\\]/.test(quoted)) return undefined;
      word = (word ?? '') + quoted;
      i = end;
    } else if (/[|&;<>()$`\\*?[\]{}~#]/.test(char)) {
      return undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  // An environment variable set before the program (`PORT=3000 npm start`) goes under `env:`, no word of the command.
  return /^[A-Za-z_]\w*=/.test(words[0] ?? '') ? undefined : words;
}
