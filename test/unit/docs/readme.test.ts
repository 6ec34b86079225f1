// README.md is the user's first reference: every command and flag it shows must be one the CLI
// takes (commander's own tree, as `--help` prints it), and every config key it shows one the zod
// schemas accept. Pure: the README read, the program built, nothing run.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../../src/cli/program.js';
import { allowedKeysAt } from '../../../src/config/allowed-keys.js';
import { PolicySchema, WrittenConfigSchema, WrittenSuiteSchema } from '../../../src/config/schema/index.js';
import { REPORTER_NAMES } from '../../../src/report/names.js';
import { parseWeeklyOutput } from '../../../src/report/weekly/outputs.js';

const README = 'README.md';
const text = readFileSync(join(resolve(import.meta.dirname, '../../..'), README), 'utf8');
const program = buildProgram(() => {});
const ADAPTERS = ['stdio', 'http', 'module', 'exec'];
/** Flags the README names for other tools: npx's and npm's (how agentready is run and installed) and Stryker's. */
const OTHER_TOOLS_FLAGS = new Set(['--no-install', '--no', '--save-dev', '--mutate', '--incrementalFile']);

/** A command line or backticked text of the README, with its line. */
interface Shown {
  text: string;
  line: number;
}

/** The lines of the README's sh blocks, and its backticked texts outside the blocks. */
function shownTexts(): { commandLines: Shown[]; spans: Shown[]; yamlBlocks: Shown[] } {
  const commandLines: Shown[] = [];
  const spans: Shown[] = [];
  const yamlBlocks: Shown[] = [];
  let block: { lang: string; start: number; lines: string[] } | undefined;
  text.split('\n').forEach((lineText, index) => {
    const line = index + 1;
    const fence = /^```(\w*)/.exec(lineText);
    if (fence && !block) block = { lang: fence[1]!, start: line + 1, lines: [] };
    else if (fence && block) {
      if (block.lang === 'yaml') yamlBlocks.push({ text: block.lines.join('\n'), line: block.start });
      block = undefined;
    } else if (block) {
      block.lines.push(lineText);
      if (block.lang === 'sh') commandLines.push({ text: lineText.replace(/\s#\s.*$/, '').trim(), line });
    } else for (const match of lineText.matchAll(/`([^`]+)`/g)) spans.push({ text: match[1]!, line });
  });
  return { commandLines, spans, yamlBlocks };
}

/** The long and short names of a command's options. */
function flagsOf(command: Command): string[] {
  return command.options.flatMap((option) => [option.long, option.short]).filter((flag) => flag !== undefined);
}

const GLOBAL_FLAGS = [...flagsOf(program), '--help', '-h'];
const EVERY_FLAG = new Set([...GLOBAL_FLAGS, ...program.commands.flatMap((command) => [command, ...command.commands]).flatMap(flagsOf)]);

/** What is wrong with one agentready invocation (`eval --resume`, as words after `agentready`). */
function invocationProblems(words: string[]): string[] {
  const [name, ...rest] = words;
  let command = program.commands.find((candidate) => candidate.name() === name);
  if (!command) return [`no command "${name}"`];
  const sub = command.commands.find((candidate) => candidate.name() === rest[0]);
  if (sub) {
    command = sub;
    rest.shift();
  } else if (command.commands.length > 0 && rest[0] !== undefined && !rest[0].startsWith('-')) return [`${command.name()} has no command "${rest[0]}"`];
  const known = [...GLOBAL_FLAGS, ...flagsOf(command)];
  const unknown = rest
    .filter((word) => /^--?[a-zA-Z]/.test(word))
    .map((word) => word.replace(/=.*$/, ''))
    .filter((flag) => !known.includes(flag))
    .map((flag) => `${command.name()} has no ${flag}`);
  return [...unknown, ...valueProblems(command, rest)];
}

/** The values given to flags with choices (`--adapter stdio`, `--models record|replay`) and to `--reporter` that the command would refuse. */
function valueProblems(command: Command, words: readonly string[]): string[] {
  return words.flatMap((word, index) => {
    const value = words[index + 1];
    const option = command.options.find((candidate) => candidate.long === word);
    if (!option || value === undefined || value.startsWith('-')) return [];
    if (word === '--reporter') return reporterRefused(command, value) ? [`${command.name()} --reporter takes no ${value}`] : [];
    const choices = option.argChoices;
    return choices ? value.split('|').filter((one) => !choices.includes(one)).map((one) => `${command.name()} ${word} takes no ${one}`) : [];
  });
}

/** Whether a command refuses a `--reporter name[:path]` value: `report` takes the weekly review's formats, the others the reporters' names. */
function reporterRefused(command: Command, value: string): boolean {
  if (command.name() !== 'report') return !(REPORTER_NAMES as readonly string[]).includes(value.split(':')[0]!);
  try {
    parseWeeklyOutput(value);
    return false;
  } catch {
    return true;
  }
}

/** The words after `agentready` in a text, or, for a text that starts with a command and a flag or subcommand (`eval --resume`), the text's own words. */
function invocationIn(shown: string, { leading }: { leading: boolean }): string[] | undefined {
  const words = shown.split(/\s+/).filter((word) => word !== '');
  const at = words.indexOf('agentready');
  if (at >= 0 && words[at + 1] !== undefined && !words[at + 1]!.startsWith('-') && /^[a-z]/.test(words[at + 1]!)) return words.slice(at + 1);
  const first = program.commands.find((command) => command.name() === words[0]);
  if (leading && first && words.length > 1 && (words[1]!.startsWith('--') || first.commands.some((sub) => sub.name() === words[1]))) return words;
  return undefined;
}

/** The keys written in a YAML text that a schema does not know, as zod's unrecognized_keys issues say them. */
function unknownKeys(schema: typeof WrittenConfigSchema | typeof PolicySchema | typeof WrittenSuiteSchema, data: unknown): string[] {
  const result = schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.filter((issue) => issue.code === 'unrecognized_keys').flatMap((issue) => issue.keys.map((key) => [...issue.path, key].join('.')));
}

const { commandLines, spans, yamlBlocks } = shownTexts();

describe(`${README}'s commands`, () => {
  it('are commands the CLI has, with flags they take', () => {
    const problems = [
      ...commandLines.map((shown) => ({ shown, words: invocationIn(shown.text, { leading: false }) })),
      ...spans.map((shown) => ({ shown, words: invocationIn(shown.text, { leading: true }) })),
    ].flatMap(({ shown, words }) => (words ? invocationProblems(words).map((problem) => `${README}:${shown.line}: \`${shown.text}\`: ${problem}`) : []));
    expect(problems).toEqual([]);
  });

  it('name in passing (`--no-gate`, a comment\'s `--tag`) only flags some command takes', () => {
    const problems = text.split('\n').flatMap((lineText, index) =>
      [...lineText.matchAll(/(?<![\w-])--[a-zA-Z][\w-]*/g)]
        .map((match) => match[0])
        .filter((flag) => !EVERY_FLAG.has(flag) && !OTHER_TOOLS_FLAGS.has(flag))
        .map((flag) => `${README}:${index + 1}: no command takes ${flag}`),
    );
    expect(problems).toEqual([]);
  });

  it('give a flag with choices named in passing (`--models record|replay`) only values some command takes', () => {
    const options = program.commands.flatMap((command) => [command, ...command.commands]).flatMap((command) => command.options);
    const problems = spans.flatMap((shown) => {
      const given = /^(--[a-z-]+) ([\w|-]+)$/.exec(shown.text);
      const choices = options.filter((option) => option.long === given?.[1]).flatMap((option) => option.argChoices ?? []);
      if (!given || choices.length === 0) return [];
      return given[2]!.split('|').filter((value) => !choices.includes(value)).map((value) => `${README}:${shown.line}: \`${shown.text}\`: ${given[1]} takes no ${value}`);
    });
    expect(problems).toEqual([]);
  });
});

describe(`${README}'s config`, () => {
  it('YAML examples are valid config, policy and suites (an excerpt of a suite without its name given one)', () => {
    const problems = yamlBlocks.flatMap((block) => {
      const data = parse(block.text) as Record<string, unknown>;
      const checked = 'target' in data ? WrittenConfigSchema.safeParse(data) : 'rules' in data ? PolicySchema.safeParse(data) : WrittenSuiteSchema.safeParse({ suite: 'excerpt', ...data });
      return checked.success ? [] : checked.error.issues.map((issue) => `${README}:${block.line}: ${issue.path.join('.')}: ${issue.message}`);
    });
    expect(problems).toEqual([]);
  });

  it('keys shown inline (`target: { adapter: module, … }`, `run.max_error_rate`, `expect.state`) are keys the schemas allow', () => {
    const topKeys = allowedKeysAt(WrittenConfigSchema, { path: [], data: {} });
    const problems = spans.flatMap((shown) => {
      const dotted = /^([a-z_]+)\.([a-z_]+)$/.exec(shown.text);
      if (dotted) {
        const [, top, key] = dotted as unknown as [string, string, string];
        const allowed = keysUnder(top, topKeys);
        return allowed.length === 0 || allowed.includes(key) ? [] : [`${README}:${shown.line}: \`${shown.text}\`: ${top} has no ${key}`];
      }
      const inline = /^([a-z_]+):\s/.exec(shown.text);
      if (!inline || !topKeys.includes(inline[1]!) || shown.text.includes('…')) return [];
      return unknownKeys(WrittenConfigSchema, parse(shown.text)).map((key) => `${README}:${shown.line}: \`${shown.text}\`: unknown key ${key}`);
    });
    expect(problems).toEqual([]);
  });
});

/** The keys allowed under a config top key (every adapter's, for `target`) or a case's `expect`; none for a name that is neither (`ctx.signal`, `policy.yaml`) or not a mapping. */
function keysUnder(top: string, topKeys: string[]): string[] {
  if (top === 'expect') return allowedKeysAt(WrittenSuiteSchema, { path: ['cases', 0, 'expect'], data: { cases: [{ expect: {} }] } });
  if (!topKeys.includes(top)) return [];
  const datas = top === 'target' ? ADAPTERS.map((adapter) => ({ target: { adapter } })) : [{ [top]: {} }];
  return datas.flatMap((data) => allowedKeysAt(WrittenConfigSchema, { path: [top], data }));
}
