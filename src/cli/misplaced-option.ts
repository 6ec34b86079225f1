/**
 * `agentready --grep x eval`: commander's root parser meets `--grep` before the command and says
 * only "unknown option '--grep'". When the option is one of the command's given after it (or of
 * its subcommand: `baseline update`), this says where it goes: `agentready eval --grep …`.
 */
import type { Command } from 'commander';
import { commandHint } from '../config/command-hint.js';

/** The hint line for an unknown `flag` the root command met before `args`' command, or undefined. */
export function misplacedOptionHint(root: Command, { flag, args }: { flag: string; args: readonly string[] }): string | undefined {
  const name = flag.split('=')[0]!;
  const at = args.findIndex((arg) => arg === flag || arg.split('=')[0] === name);
  if (at < 0) return undefined;
  const named = (command: Command, arg: string | undefined) => command.commands.find((sub) => arg !== undefined && (sub.name() === arg || sub.aliases().includes(arg)));
  // Met by the root only when no command's name comes before it.
  if (args.slice(0, at).some((arg) => named(root, arg))) return undefined;
  const path: Command[] = [];
  let command = root;
  for (const arg of args.slice(at + 1)) {
    const sub = named(command, arg);
    if (sub === undefined) {
      if (path.length > 0) break;
      continue;
    }
    path.push(sub);
    command = sub;
  }
  const owner = path.findLastIndex((sub) => sub.options.some((option) => option.long === name || option.short === name));
  if (owner < 0) return undefined;
  const words = path.slice(0, owner + 1).map((sub) => sub.name()).join(' ');
  return `  ${name} is an option of ${words}: give it after the command, \`${commandHint(`${words} ${name}${name === flag ? '' : flag.slice(name.length)} …`)}\``;
}

/**
 * Whether the command `args` name (the last of `baseline update`; none named: any command) has
 * `option` shown in its --help: a hidden one (baseline update's --grep) is refused by its action.
 */
export function commandOffers(root: Command, { option, args }: { option: string; args: readonly string[] }): boolean {
  const command = commandGiven(root, args);
  const shows = (where: Command) => where.options.some((known) => !known.hidden && (known.long === option || known.short === option));
  return command === root ? everyCommand(root).some(shows) : shows(command);
}

// Returns the command and every command under it.
function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

/** The command `args` name (the last of `baseline update`), or the root when they name none. */
export function commandGiven(root: Command, args: readonly string[]): Command {
  let command = root;
  for (const arg of args) command = command.commands.find((sub) => sub.name() === arg || sub.aliases().includes(arg)) ?? command;
  return command;
}
