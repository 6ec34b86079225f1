/**
 * `.agentready/history.jsonl` (SPEC §14): every eval appends each attempt's verdict, so flip
 * rates and new failures can be told over many runs. CI keeps the file as a cache, so the
 * reader tolerates what a cache can hold: a line cut short by a killed job, a line written by a
 * newer agentready. Those are counted and skipped, never fatal.
 */
import { stateFolder } from '../config/state-folder.js';
import { appendFileSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CaseResult, HistoryEntry } from '../config/schema/index.js';
import { safeJsonText } from '../common/sanitize.js';
import type { CaseFigures, FigureFold } from '../score/index.js';

export const HISTORY_FILE = 'history.jsonl';

/** Where the history of a project lives: beside its run folders. */
export function historyPath(rootDir: string): string {
  return join(stateFolder(rootDir), HISTORY_FILE);
}

/** One history line per attempt of a run; skipped attempts never ran and leave none. */
export function historyEntries(input: HistoryInput): HistoryEntry[] {
  return [...eachHistoryEntry(input)];
}

/** What a history line reads of an attempt: a result, or the run's figures of it. */
type HistoryInput = {
  results: Iterable<Pick<CaseResult, 'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'status'>>;
  runId: string;
  /** The config file's name the run was made with (`configName`), none with the embedded default. */
  config?: string | undefined;
  startedAt: string;
  commit?: string;
  /** Tracked files had changes not committed: the code run is not the commit's. */
  uncommitted?: true;
  /** A merged run's digest of its shard runs' ids (`shardSetKey`). */
  shards?: string | undefined;
  /** Every attempt ended in one and the same agent_error (the gate's `sameAgentError`, which run/ cannot import: the caller tells). */
  sameAgentError?: boolean;
};

/** The history lines of a run, made as its attempts are iterated: none held. */
export function* eachHistoryEntry(input: HistoryInput): Generator<HistoryEntry> {
  const run = runKeys(input);
  for (const result of input.results) {
    if (result.status === 'skipped') continue;
    yield { ...attemptKeys(result), ...run };
  }
}

type HistoryResult = Pick<CaseResult, 'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'status'>;

/** A history line's keys of its attempt, the first of the line. */
function attemptKeys(result: HistoryResult): Pick<HistoryEntry, 'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'status'> {
  return { suite: result.suite, case_id: result.case_id, attempt: result.attempt, fingerprint: result.fingerprint, status: result.status };
}

/** A history line's keys of its run, the same on every line of it, after the attempt's. */
function runKeys(input: Omit<HistoryInput, 'results'>): Omit<HistoryEntry, 'suite' | 'case_id' | 'attempt' | 'fingerprint' | 'status'> {
  return {
    run_id: input.runId,
    ...(input.config !== undefined ? { config: input.config } : {}),
    ...(input.commit ? { commit: input.commit } : {}),
    ...(input.uncommitted === true ? { uncommitted: true as const } : {}),
    timestamp: input.startedAt,
    ...(input.shards !== undefined ? { shards: input.shards } : {}),
    ...(input.sameAgentError === true ? { same_agent_error: true as const } : {}),
  };
}

/**
 * The JSON text of each history line of a run (as JSON.stringify writes its entry, a line of
 * eachHistoryEntry), made as its attempts are iterated. The JSON of an attempt's own keys without
 * its closing brace, then the JSON of the run's keys without their opening one, is the JSON of
 * the line: the run's part is made once, and the attempts' parts `ahead` made while the run went
 * on are taken as they are.
 */
export function* historyLines(input: HistoryInput & { ahead?: HistoryAhead | undefined; from?: number }): Generator<string> {
  const run = historyRunPart(input);
  const made = input.ahead?.made(input.results) ?? [];
  const from = input.from ?? 0;
  let index = 0;
  for (const result of input.results) {
    if (index < from) {
      index++;
      continue;
    }
    const head = index < made.length ? made[index] : attemptHead(result);
    index++;
    if (head !== undefined) yield head + run;
  }
}

/** The run's part of each of its history lines (its keys' JSON without the opening brace, and the newline): the same on every line. */
export function historyRunPart(input: Omit<HistoryInput, 'results'>): string {
  return `,${JSON.stringify(runKeys(input)).slice(1)}\n`;
}

/**
 * The run's history text (madeHistory's): the lines `ahead` made whole as the run went on (once it
 * was told the run's part, and that part is still the run's) taken as they are, the rest made now.
 */
export function historyText(input: HistoryInput & { ahead?: HistoryAhead | undefined }): HistoryText {
  const whole = input.ahead?.whole(historyRunPart(input), input.results);
  if (whole === undefined) return madeHistory(historyLines(input));
  const rest = madeHistory(historyLines({ ...input, from: whole.attempts }));
  // A run within AHEAD_ATTEMPTS has every line made: the rest is the last few, an array.
  return { chunks: Array.isArray(rest.chunks) ? [...whole.chunks, ...rest.chunks] : (function* () {
    yield* whole.chunks;
    yield* rest.chunks;
  })() };
}

/** An attempt's part of its history line (undefined for a skipped attempt, which has none). */
function attemptHead(result: HistoryResult): string | undefined {
  if (result.status === 'skipped') return undefined;
  return JSON.stringify(attemptKeys(result)).slice(0, -1);
}

/**
 * Attempts whose history parts are made ahead, as the run goes on: enough that a run of tens of
 * thousands of attempts has none left for its end, few enough that a far larger run does not hold
 * the text of every line over its whole length (its later attempts' parts are made at the end).
 */
const AHEAD_ATTEMPTS = 20_000;

/** Lines made whole ahead with `run` as the run's part: the chunks made safe, the one being filled, and how many attempts they are of. */
type WholeLines = { run: string; chunks: string[]; chunk: string; attempts: number };

/**
 * The attempts' parts of a run's history lines, made as each attempt's figures are final (a
 * FigureFold: in plan order, as the run's FigureStore tells them), so the run's end only joins them.
 */
export class HistoryAhead implements FigureFold {
  /** The attempts' parts, while the run's part is not known (then they are joined into `#whole`, and none is kept). */
  readonly #heads: (string | undefined)[] = [];
  /** Attempts told (at most AHEAD_ATTEMPTS), and the last one's figures. */
  #count = 0;
  #last: CaseFigures | undefined;
  #stale = false;
  /**
   * Once told the run's part (`runPart`: its id, config, commit and start are known soon after its
   * start): the lines of the attempts told made whole, in chunks made safe as safeChunks makes
   * them, so the run's end takes them as they are (the text a 10,000-attempt run's end made,
   * ~4-10 ms of its CPU, is made in the case phase's idle time). The parts are not kept beside
   * them: should the run's part turn out otherwise, the end makes every line, as with no fold.
   */
  #whole: WholeLines | undefined;

  add(figures: CaseFigures): void {
    if (this.#stale || this.#count === AHEAD_ATTEMPTS) return;
    const head = attemptHead(figures);
    this.#count++;
    this.#last = figures;
    if (this.#whole) this.#join(this.#whole, head);
    else this.#heads.push(head);
  }

  stale(): void {
    this.#stale = true;
    this.#whole = undefined;
    this.#heads.length = 0;
  }

  /** The run's part of its lines (historyRunPart), as the run's end would make it unless the run turns out otherwise (every attempt one same agent error): from now on, lines are made whole. Told once. */
  runPart(run: string): void {
    if (this.#stale || this.#whole !== undefined) return;
    const whole: WholeLines = { run, chunks: [], chunk: '', attempts: 0 };
    for (const head of this.#heads) this.#join(whole, head);
    this.#heads.length = 0;
    this.#whole = whole;
  }

  /**
   * The lines made whole (chunks of whole lines, safe) and how many of the first `results` they
   * are of, when they were made with `run` as the run's part and of the figures told; else undefined.
   */
  whole(run: string, results: HistoryInput['results']): { chunks: readonly string[]; attempts: number } | undefined {
    const whole = this.#whole;
    if (whole === undefined || whole.run !== run || !this.#told(results)) return undefined;
    return { chunks: whole.chunk === '' ? whole.chunks : [...whole.chunks, safeJsonText(whole.chunk)], attempts: whole.attempts };
  }

  #join(whole: WholeLines, head: string | undefined): void {
    whole.attempts++;
    if (head === undefined) return;
    whole.chunk += head + whole.run;
    if (whole.chunk.length < HISTORY_CHUNK_CHARS) return;
    whole.chunks.push(safeJsonText(whole.chunk));
    whole.chunk = '';
  }

  /** The parts made of the first of `results` (the run's figures, in plan order); none if they are not those told, or were joined into whole lines. */
  made(results: HistoryInput['results']): readonly (string | undefined)[] {
    return this.#whole === undefined && this.#told(results) ? this.#heads : [];
  }

  /** Whether the first of `results` are the figures told (the run's figures, in plan order). */
  #told(results: HistoryInput['results']): boolean {
    if (this.#stale || !Array.isArray(results)) return false;
    const count = this.#count;
    const list = results as readonly unknown[];
    return count <= list.length && (count === 0 || list[count - 1] === this.#last);
  }
}

/**
 * Characters of lines appended in one write: few enough that the joined text (two bytes a
 * character at worst) stays a regular young string. A larger one is allocated in V8's
 * large-object space, in the old generation: a 100,000-case run's history left ~18 MB of those
 * at its end until a full GC.
 */
const HISTORY_CHUNK_CHARS = 1 << 15;

/**
 * Characters of a run's history text made before it is written (`madeHistory`): a run of some
 * ten thousand attempts whole (~160 characters a line), a larger one's first part (the rest is
 * made as it is written, so a run of 100,000 attempts never holds its history at once).
 */
const MADE_AHEAD_CHARS = 1 << 21;

/** A run's history text as appendHistoryText writes it: chunks of whole lines, each made safe as `jsonText` makes a line. */
export interface HistoryText {
  chunks: Iterable<string>;
}

/**
 * The history text of `lines` with its first `maxChars` characters made now, the rest as it is
 * read: the lifecycle makes it while the agent stops, and writes it once the run is known not
 * interrupted (the chunks are those appendHistory would write). Read once.
 */
export function madeHistory(lines: Iterable<string>, maxChars = MADE_AHEAD_CHARS): HistoryText {
  const rest = safeChunks(lines);
  const made: string[] = [];
  let chars = 0;
  while (chars < maxChars) {
    // Not for…of: leaving its loop would end the generator, and the rest is still to read.
    const next = rest.next();
    if (next.done === true) return { chunks: made };
    made.push(next.value);
    chars += next.value.length;
  }
  return { chunks: (function* () {
    yield* made;
    yield* rest;
  })() };
}

/**
 * Appends the lines (historyLines: JSON text, each ending in a newline; creating the folder) some
 * tens of kilobytes at a time, each write whole lines, so concurrent runs never interleave within
 * a line and a run of 100,000 cases never holds its history in memory at once.
 */
export function appendHistory(file: string, lines: Iterable<string>): void {
  appendHistoryText(file, { chunks: safeChunks(lines) });
}

/** Appends a history text (madeHistory's), a chunk a write; the file is opened (and its folder made) for the first chunk. */
export function appendHistoryText(file: string, text: HistoryText): void {
  let fd: number | undefined;
  try {
    for (const chunk of text.chunks) {
      if (fd === undefined) {
        mkdirSync(dirname(file), { recursive: true });
        // Not through a symbolic link made since the run began (historyOfRun refused one before it): ELOOP, a warning.
        fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0));
      }
      appendFileSync(fd, chunk);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The lines joined into chunks of HISTORY_CHUNK_CHARS or more, whole lines each, made safe a
 * chunk at a time, as `jsonText` makes each line: what it escapes stands only inside a line's
 * strings, so the chunk reads the same, for one pass in place of one a line (a 10,000-case run's
 * end: ~10 → ~6 ms).
 */
function* safeChunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length < HISTORY_CHUNK_CHARS) continue;
    yield safeJsonText(chunk);
    chunk = '';
  }
  if (chunk !== '') yield safeJsonText(chunk);
}
