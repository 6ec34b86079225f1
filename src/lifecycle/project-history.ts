/**
 * The history a run records its attempts' verdicts in: which file and commit, its lines'
 * run part learnt once git answers, their text made while the agent stops, appended at the end.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { neutralizeLine } from '../common/sanitize.js';
import { gitCheckout, type Checkout } from '../common/git.js';
import { isSymbolicLink } from '../config/symlink.js';
import { UsageError } from '../errors.js';
import { mayBeSameAgentError, sameAgentError } from '../gate/index.js';
import { appendHistoryText, attemptKey, configName, historyPath, historyRunPart, historyText, type HistoryAhead, type HistoryText, type SessionResult, type SessionStart } from '../run/index.js';

/**
 * Where the history goes, and the git commit its lines name and whether tracked files had changes
 * not committed (neither outside a checkout), asked of git on the first call; a merged run's lines
 * also carry the digest of the shards it joined (`shards`).
 */
export type History = { file: string; checkout: () => Promise<Checkout>; config?: string; shards?: string };

/**
 * The history of the project at `rootDir`. Its commit (`gitCheckout`: with whether the checkout
 * had changes not committed, the weekly review's test of same code) is asked of git once the run has started,
 * its first cases handed to the agent (runLifecycle): spawning git takes the main thread ~5-20 ms,
 * which before the first case would delay it. The run goes on beside it; only the history lines,
 * at the run's end, wait for it. Failing, it is no commit, never a rejection no one waits for.
 * Passed by the commands that record a whole run: `eval` (not a shard, not the kill switch) and
 * `merge`, which records the shards' run once.
 */
export function projectHistory(rootDir: string, config?: string): History {
  let checkout: Promise<Checkout> | undefined;
  return { file: historyPath(rootDir), checkout: () => (checkout ??= gitCheckout(rootDir).catch(() => ({}))), ...(config !== undefined ? { config } : {}) };
}

/**
 * The history a run records its verdicts in, or none: a kill-switch run judges readiness, not the
 * cases' expectations, and a shard is part of a run, which `merge` records once. A history that is
 * a symbolic link is refused before the run (exit 2): appending the run's lines would write to
 * whatever file it points at (agentready makes no link there; a checkout or a restored cache can).
 */
export function historyOfRun(input: { rootDir: string; killSwitch: boolean; shard: boolean; configFile?: string | undefined; shards?: readonly string[] }): History | undefined {
  if (input.killSwitch || input.shard) return undefined;
  // Its lines name the config (as the run folder's header does): the configs of one folder share the history.
  const history: History = { ...projectHistory(input.rootDir, configName(input.configFile)), ...(input.shards ? { shards: shardSetKey(input.shards) } : {}) };
  if (isSymbolicLink(history.file)) {
    throw new UsageError(
      `${history.file} is a symbolic link: the run would append its verdicts to the file it points at`,
      'agentready writes no link there: remove it (a new history is started), or put the file itself in its place',
    );
  }
  return history;
}

/** The digest a merged run's history lines carry of the shard runs it joined, whatever their order. */
export function shardSetKey(runIds: readonly string[]): string {
  return createHash('sha256').update([...runIds].sort().join('\n')).digest('hex').slice(0, 16);
}

/**
 * The run ids of the earlier merges of the same shards that the history holds lines of, oldest first (none: empty):
 * merging them again (a CI gate job run again) would count their verdicts twice in flip rates. The lines are found by
 * their digest's text (hex, as JSON writes it), without parsing the history; a line whose run id cannot be read is
 * named `an earlier merge`.
 */
export function shardsRecordedAs(history: History): string[] {
  if (history.shards === undefined) return [];
  let text: string;
  try {
    text = readFileSync(history.file, 'utf8');
  } catch {
    return [];
  }
  const key = `"shards":"${history.shards}"`;
  const merges = new Set<string>();
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
    const end = text.indexOf('\n', at);
    const line = text.slice(text.lastIndexOf('\n', at) + 1, end < 0 ? undefined : end);
    merges.add(runIdOf(line));
  }
  return [...merges];
}

function runIdOf(line: string): string {
  try {
    const { run_id: runId } = JSON.parse(line) as { run_id?: unknown };
    // Printed by merge: the history is a file of the repository, which a change may have written anything in.
    return typeof runId === 'string' ? neutralizeLine(runId) : 'an earlier merge';
  } catch {
    return 'an earlier merge';
  }
}

/**
 * The run's history text (its lines made safe, madeHistory: all of a run of some ten thousand
 * attempts), made from the figures, in plan order as the results: no read of results.jsonl at the
 * run's end. A run that could not run at all says so on its lines, for the weekly review's flip
 * rates once its folder is gone; its messages are read back only when every attempt is an agent_error.
 */
export async function historyTextOf(input: { session: SessionResult; history: History; ahead: HistoryAhead | undefined }): Promise<HistoryText> {
  const { session, history } = input;
  const checkout = await history.checkout();
  const alike = mayBeSameAgentError(session.figures) && sameAgentError(session.results) !== undefined;
  // A finished run resumed: its earlier session appended the verdicts of the attempts kept.
  const kept = session.in_history;
  const results = kept === undefined ? session.figures : session.figures.filter((figures) => !kept.has(attemptKey(figures)));
  return historyText({ results, ...runKeys({ runId: session.run_id, config: history.config, startedAt: session.started_at, checkout }), shards: history.shards, ...(alike ? { sameAgentError: true } : {}), ahead: kept === undefined ? input.ahead : undefined });
}

/**
 * Tells the history made ahead the run's part of its lines once the run's commit is known (its id,
 * config and start are): the lines of its attempts are made whole as they end, in the case phase's
 * idle time, not at its end. As the end would make it unless every attempt ends in one same agent
 * error (then the end makes the lines again).
 */
export function learnRunPart(input: { ahead: HistoryAhead | undefined; start: SessionStart; config: string | undefined; shards?: string | undefined; checkout: Checkout }): void {
  const { ahead, start, checkout } = input;
  if (ahead === undefined || start.started_at === undefined) return;
  ahead.runPart(historyRunPart({ ...runKeys({ runId: start.run_id, config: input.config, startedAt: start.started_at, checkout }), shards: input.shards }));
}

/**
 * The run's keys on its history lines, as historyRunPart reads them: made alike ahead (learnRunPart)
 * and at the end (historyTextOf), where the lines made ahead are taken only when the two run parts are equal.
 */
function runKeys(input: { runId: string; config: string | undefined; startedAt: string; checkout: Checkout }): { runId: string; config: string | undefined; startedAt: string; commit?: string; uncommitted?: true } {
  const { commit, uncommitted } = input.checkout;
  return { runId: input.runId, config: input.config, startedAt: input.startedAt, ...(commit ? { commit } : {}), ...(uncommitted ? { uncommitted } : {}) };
}

/** Appends the run's verdicts to the history (their text made while the agent stopped). A history that cannot be written costs the run nothing but a warning. */
export async function recordHistory(input: { session: SessionResult; file: string; text: Promise<HistoryText>; redactText: (text: string) => string }): Promise<void> {
  const text = await input.text;
  try {
    appendHistoryText(input.file, text);
  } catch (error) {
    input.session.warnings.push(input.redactText(`could not append to the history ${input.file}: ${error instanceof Error ? error.message : String(error)}`));
  }
}
