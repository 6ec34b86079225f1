/**
 * The reason line after the help commander shows in place of a command (`agentready` alone,
 * `agentready baseline`, `agentready help <unknown>`): exit 2, and, as every exit that is not 0,
 * the last `agentready:` line on stderr says why (README, "Exit codes"), where a CI log otherwise
 * ended with the list of commands alone.
 */
import { commandHint } from '../config/command-hint.js';

/** The line (with its newline) for the words the user typed after `agentready`. */
export function missingCommandLine(args: readonly string[]): string {
  const words = commandWords(args);
  if (words[0] === 'help' && words[1] !== undefined) return `agentready: no command is named ${JSON.stringify(words[1])}: the commands are listed above\n`;
  if (words[0] === 'baseline') return `agentready: baseline takes a command: \`${commandHint('baseline update')}\` writes the baseline, \`${commandHint('baseline show')}\` prints it\n`;
  return `agentready: no command given: \`${commandHint('eval')}\` runs the suites; the commands are listed above\n`;
}

// The words that are no option nor a global option's value (`--config <file>`, `-c <file>`).
function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--config' || arg === '-c') i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words;
}
