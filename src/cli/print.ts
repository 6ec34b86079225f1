import { neutralizeLine } from '../common/sanitize.js';
import { keyMeant } from '../config/allowed-keys.js';
import { colorLevel } from '../report/color-level.js';
import { adapterValueHint, extraArgumentHint, otherRunnerCommandHint, otherRunnerHint, type RunnerContext } from './other-runners.js';
/** The CLI's own writes (messages outside reporters). */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeError(text: string): void {
  process.stderr.write(text);
}

/**
 * Why the command exits `code`, its control characters made visible, said once: the exit code on
 * its first line, the one `agentready:` line (README: the last one on stderr says why), whether the
 * reason is one line or goes on over several (quoted output, a list of harness errors) with what
 * it quotes below it.
 */
export function writeReason(reason: { lines: readonly string[]; code: number }): void {
  const [why = '', ...details] = reason.lines.map(neutralizeLine);
  const first = `${why.replace(/ \(exit \d+\)$/, '')} (exit ${reason.code})`;
  writeError(`${[`agentready: ${first}`, ...details].join('\n')}\n`);
}

/**
 * commander's own error (`error: unknown option '--x'`, then `(Did you mean --y?)`) in the CLI's
 * wording: one `agentready:` line (README: the last one on stderr says why), the suggestion on
 * it, and what the user typed with its control characters made visible. `offers`: whether the
 * command the error is of has an option (another runner's flag is answered only with one it has);
 * `command` and `args`: its name and what was typed (an answer quoting them).
 */
export function usageErrorLine(commanderText: string, context: { misplaced?: (flag: string) => string | undefined } & RunnerContext = {}): string {
  const [first = '', ...rest] = commanderText.trimEnd().split('\n');
  const why = first.replace(/^error: /, '');
  const choice = /^option '(?:-\w, )?(?<option>[^' ]+)[^']*' argument '(?<value>.*)' is invalid\. Allowed choices are (?<choices>.*)\.$/.exec(why)?.groups;
  if (choice !== undefined) {
    const told = invalidChoiceLine({ option: choice.option!, value: choice.value!, choices: choice.choices!.split(', ') });
    const hint = choice.option === '--adapter' ? adapterValueHint(choice.value!) : undefined;
    return hint === undefined ? told : `${told}${neutralizeLine(hint)}\n`;
  }
  // "option '--repeat <k>' argument 'abc' is invalid. expected a whole number ≥ 1, got "abc"": the parser's own reason says it.
  const invalid = /^option '(?:-\w, )?(?<option>[^' ]+)[^']*' argument '.*' is invalid\. (?<reason>.+)$/s.exec(why)?.groups;
  if (invalid !== undefined) return `agentready: ${neutralizeLine(`invalid ${invalid.option!}: ${invalid.reason!}`)}\n`;
  const suggestion = rest.map((line) => /^\(Did you mean (.*)\)$/.exec(line)?.[1]).find((found) => found !== undefined);
  const others = rest.filter((line) => !/^\(Did you mean /.test(line));
  // `-t refund`, vitest's habit: what does that here, instead of a near spelling of another flag.
  const unknown = /^unknown option '(?<option>[^']*)'$/.exec(why)?.groups?.option;
  const command = /^unknown command '(?<command>[^']*)'$/.exec(why)?.groups?.command;
  // `agentready --grep x eval`: an option of the command, given before it.
  // `validate evals/a.suite.yaml`: what does the job of the file given to a command that takes none.
  const extra = /^too many arguments for '(?<command>[^']*)'/.exec(why)?.groups?.command;
  const habit = unknown !== undefined ? (context.misplaced?.(unknown) ?? otherRunnerHint(unknown, context)) : command !== undefined ? otherRunnerCommandHint(command) : extra !== undefined ? extraArgumentHint(extra) : undefined;
  const said = habit === undefined && suggestion !== undefined ? ` (did you mean ${neutralizeLine(suggestion)})` : '';
  return `${[`agentready: ${neutralizeLine(why)}${said}`, ...(habit === undefined ? [] : [neutralizeLine(habit)]), ...others.map(neutralizeLine)].join('\n')}\n`;
}

// commander's "option '--models <mode>' argument 'repaly' is invalid. Allowed choices are live, record, replay."
// as the CLI's other unknown names are told: the value, the one meant when one is close, the choices.
function invalidChoiceLine(input: { option: string; value: string; choices: readonly string[] }): string {
  const meant = keyMeant(input.value, input.choices);
  const why = `unknown ${input.option} value "${input.value}"${meant === undefined ? '' : ` (did you mean ${meant}?)`}`;
  return `agentready: ${neutralizeLine(why)}\n  choices: ${input.choices.join(', ')}\n`;
}

/** Colour on a stream, as the run's Screen decides it (report/color-level.ts). */
export function colorOn(stream: NodeJS.WriteStream): boolean {
  return colorLevel({ env: process.env, stream }) > 0;
}
