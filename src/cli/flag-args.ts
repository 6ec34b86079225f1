/**
 * The commander argument parsers of the CLI's flags (`--resume`, `--shard`, `--config`, `--repeat`,
 * `--grep`, whole numbers, repeatable values): each checks one value and says what it expected.
 */
import { InvalidArgumentError } from 'commander';
import { MAX_REPEAT, MAX_SHARDS } from '../config/defaults.js';
import type { Shard } from '../config/schema/index.js';
import { grepRegExp } from '../config/grep.js';
import { formatShard, parseShard } from '../run/shard.js';

// One run per --resume: a second would silently replace the first (a run id, or the newest for a bare one).
export function resumeArg(raw: string, previous: string | true | undefined): string {
  if (previous !== undefined) throw new InvalidArgumentError(oneResume(previous));
  return raw;
}

export function oneResume(previous: string | true): string {
  return `one run per eval: ${previous === true ? 'the newest run (a bare --resume)' : previous} is already given`;
}

export function shardArg(raw: string, previous: Shard | undefined): Shard {
  if (previous !== undefined) throw new InvalidArgumentError(`one shard per run: ${formatShard(previous)} is already given`);
  const shard = parseShard(raw);
  if (!shard) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (as 2/4), got ${JSON.stringify(raw)}`);
  return shard;
}

// A repeatable option's values; no default, so the help shows none ("(default: [])").
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--config`: an empty one (`--config=$CONFIG` with CONFIG unset) named the current folder, "a folder, not a file". */
export function configArg(raw: string): string {
  if (raw.trim() === '') throw new InvalidArgumentError(`expected the path of a config file, got ${JSON.stringify(raw)} (an unset variable?); leave --config out to find agentready.config.yaml in the current folder or above`);
  return raw;
}

// Digits only (review's --seed also takes a sign and spaces around): Number() read "0x2" as 2, "1e3" as 1000 and " 2 " as 2.
export function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return value;
}

/** `--repeat`: bounded as `run.repeat` is, before planning a billion attempts exhausts memory. */
export function repeatArg(raw: string): number {
  const value = positiveInt(raw);
  if (value > MAX_REPEAT) throw new InvalidArgumentError(`expected at most ${MAX_REPEAT} attempts per case (as run.repeat), got ${JSON.stringify(raw)}`);
  return value;
}

/** `--grep`, repeatable as --suite and --tag are: a case matching any of the patterns runs. */
export function grepArg(raw: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), validRegex(raw)];
}

function validRegex(raw: string): string {
  try {
    grepRegExp(raw);
  } catch (error) {
    throw new InvalidArgumentError(`not a valid regular expression: ${(error as Error).message}`);
  }
  return raw;
}

