/**
 * `agentready replay <trace_id>`, `<run>/<case-id>` or `<run>/<suite>/<case-id>`: finds the recorded attempt (in the newest
 * run folder holding it), then runs that one case again with its tool calls answered from the
 * recording (or, `--live`, by the current mocks), and judges it: exit 0 when it passes, 1 when not.
 */
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import { AGENT_BLOCKED, blockedCode, type BlockedFile, type CaseResult, type ModelMode, type Shard, type Trace } from '../config/schema/index.js';
import { keyForms, ListedKeys } from '../common/case-keys.js';
import { UsageError } from '../errors.js';
import { damagedTraceLine, formatShard, listRuns, readBlocked, readResultsHeader, readRun, readRunIfRecorded, readTraces, shardOfCase, resolveRunDir, withoutTrailingSlashes, type RunRecord } from '../run/index.js';
import type { Judge } from './lifecycle.js';
import { liveAgent, type CaseSource } from './sources.js';
import { editDistance } from '../config/edit-distance.js';
import { commandHint } from '../config/command-hint.js';
import { placeholdersIn } from '../common/redact.js';
import type { ReplayAnswers } from '../report/format-replay.js';
import { shownFolder } from '../config/shown-path.js';
import { isProductionResult } from '../config/production-case.js';
import type { RecordedConversation } from '../run/index.js';
import { replacedTrace } from './replaced-trace.js';

/** Closest matches named when an id is unknown. */
const SUGGESTIONS = 5;
/** How alike (1 − edits ÷ the longer length) an id must be to be suggested. */
const MIN_LIKENESS = 0.4;
/** Ids compared with an unknown one, at most (the newest runs' first). */
const CANDIDATES = 5000;

export interface Recording {
  run: RunRecord;
  result: CaseResult;
  trace: Trace;
}

/**
 * The attempt `ref` names: a trace id, `<run>/<case-id>` or `<run>/<suite>/<case-id>` (a case id
 * two suites share needs its suite); a UsageError (exit 2) with the closest ids when there is none.
 */
export function findRecording(given: { ref: string; runsRoot: string; cwd: string }): Recording {
  // A folder's trailing slash (a shell completes `.agentready/runs/<id>/` so) names the same run or case.
  const input = { ...given, ref: withoutTrailingSlashes(given.ref) || given.ref };
  const options = { runsRoot: input.runsRoot, cwd: input.cwd };
  const runs = listRuns(input.runsRoot).reverse();
  const named = namedCase(input.ref, options);
  if (named) {
    const { runRef, suite, caseId } = named;
    const run = readRun(named.dir, options);
    // A run written with redaction on records an id that holds PII redacted (`[card]`): named as written, it is found in that form too.
    const ids = keyForms(caseId);
    const attempts = run.results.filter((r) => ids.includes(r.case_id) && (suite === undefined || r.suite === suite));
    const suites = [...new Set(attempts.map((r) => r.suite))].sort();
    if (suites.length > 1) {
      throw new UsageError(`case "${caseId}" is in ${suites.length} suites of run ${run.header.run_id}: name its suite`, suites.map((s) => `${runRef}/${s}/${caseId}`).join(', '));
    }
    const result = newestAttempt(attempts);
    if (result) return withTrace(run, { result, cwd: input.cwd });
    const blocked = blockedAttempt(named.dir, { ids, suite });
    if (blocked !== undefined) throw new UsageError(`${blocked.suite}/${blocked.case_id} ${blocked.alone ? "blocked agentready's process" : "was in flight when a case blocked agentready's process"} in run ${run.header.run_id} (its blocked.json): it recorded no trace to replay`, blocked.alone ? `\`${commandHint('eval --resume')}\` records it as an error (${blocked.code ?? AGENT_BLOCKED}) and runs the rest` : `\`${commandHint('eval --resume')}\` runs the cases that were in flight first, one at a time`);
    if (run.results.length === 0) throw new UsageError(`run ${run.header.run_id} holds no finished case to replay`, `\`${commandHint('eval --resume')}\` finishes an interrupted run`);
    const what = suite === undefined ? `no case "${caseId}"` : `no case "${suite}/${caseId}"`;
    const shard = run.header.selection?.shard;
    if (shard !== undefined) throw notInShard({ run, shard, what, ids, suite, options, closest: closestMatches(input.ref, caseNames(runRef, run.results)) });
    throw unknown(input.ref, { message: `${what} in run ${run.header.run_id}`, candidates: caseNames(runRef, run.results) });
  }
  const whole = runDirOf(input.ref, options);
  if (whole !== undefined) {
    const run = readRun(whole, options);
    // Named once each before the cut: with --repeat, CANDIDATES results are fewer cases.
    const cases = caseNames(input.ref, run.results).slice(0, CANDIDATES);
    throw new UsageError(`"${input.ref}" is a run: name one of its cases, as ${input.ref}/<case-id>`, cases.length > 0 ? `its cases: ${cases.join(', ')}` : 'it holds no finished case');
  }
  const seen: string[] = [];
  const read: RunRecord[] = [];
  // A case id (or <suite>/<case-id>) without its run: the newest run holding it, to name.
  let withRun: string | undefined;
  for (const id of runs) {
    // A run stopped before its first line holds no trace.
    const run = readRunIfRecorded(id, options);
    if (run === undefined) continue;
    read.push(run);
    const result = run.results.find((r) => r.trace_id === input.ref);
    if (result) return withTrace(run, { result, cwd: input.cwd });
    if (withRun === undefined && run.results.some((r) => r.case_id === input.ref || `${r.suite}/${r.case_id}` === input.ref)) withRun = `${id}/${input.ref}`;
    if (seen.length >= CANDIDATES) continue;
    // Cases named once each before the cut, as above: with --repeat, CANDIDATES results are fewer cases.
    seen.push(...run.results.slice(0, CANDIDATES).map((r) => r.trace_id), ...caseNames(id, run.results).slice(0, CANDIDATES));
  }
  const replaced = replacedTrace(input.ref, read);
  if (replaced !== undefined) throw replaced;
  const where = shownFolder(input.runsRoot, input.cwd);
  if (withRun !== undefined) throw new UsageError(`no trace "${input.ref}" and no <run>/<case-id> of that name under ${where}`, `a case is named with its run: ${withRun} (the newest run holding it)`);
  throw unknown(input.ref, { message: runs.length === 0 ? `no run folder under ${where} to replay from` : `no trace "${input.ref}" and no <run>/<case-id> of that name under ${where}`, candidates: seen });
}

/**
 * A shard's run (`eval --shard i/n`) lacks a case its sibling shards may have run: the sibling run
 * here that holds it (the newest: same suites, same split, another index) is named with the
 * command replaying it from there, not this shard's closest ids, which are other cases. With none
 * here, the shard that ran it (when the suite is named, its hash says which) or the merged run,
 * after this shard's closest ids (a typo).
 */
function notInShard(input: { run: RunRecord; shard: Shard; what: string; ids: readonly string[]; suite: string | undefined; options: { runsRoot: string; cwd: string }; closest: readonly string[] }): UsageError {
  const { run, shard, ids, suite, options } = input;
  const message = `${input.what} in run ${run.header.run_id}, which ran only the cases of --shard ${formatShard(shard)}`;
  const holds = (result: CaseResult) => ids.includes(result.case_id) && (suite === undefined || result.suite === suite);
  for (const id of listRuns(options.runsRoot).reverse()) {
    const header = readResultsHeader(join(options.runsRoot, id));
    const other = header?.selection?.shard;
    if (header === undefined || other === undefined || other.total !== shard.total || other.index === shard.index || header.fingerprint !== run.header.fingerprint) continue;
    const sibling = readRunIfRecorded(id, options);
    const result = sibling?.results.find(holds);
    if (result !== undefined) return new UsageError(`${message}: run ${id} (shard ${formatShard(other)}) holds it`, `\`${commandHint(`replay ${id}/${result.suite}/${result.case_id}`)}\``);
  }
  const ranIn = suite === undefined ? undefined : shardOfCase({ suite, caseId: ids[0]!, total: shard.total });
  const closest = input.closest.length > 0 ? `closest matches: ${input.closest.join(', ')}; ` : '';
  if (ranIn === shard.index) return new UsageError(`${input.what} in run ${run.header.run_id}`, closest === '' ? undefined : closest.slice(0, -2));
  const which = ranIn === undefined ? 'the run of the shard that ran it' : `the run of --shard ${ranIn}/${shard.total}, which ran it`;
  return new UsageError(message, `${closest}a case of another shard is replayed from ${which}, or from the run \`${commandHint('merge')}\` made of the shards`);
}

/**
 * The attempt `<run>/<case-id>` replays: the highest attempt number, not the last line (results.jsonl holds attempts in the
 * order they ended, and with `--repeat` attempt 3 may end first); of lines with one number, the last.
 */
function newestAttempt(attempts: readonly CaseResult[]): CaseResult | undefined {
  let newest: CaseResult | undefined;
  for (const attempt of attempts) if (newest === undefined || attempt.attempt >= newest.attempt) newest = attempt;
  return newest;
}

/** The run folder `ref` names, or undefined when it names none. */
function runDirOf(ref: string, options: { runsRoot: string; cwd: string }): string | undefined {
  try {
    return resolveRunDir(ref, options);
  } catch {
    return undefined;
  }
}

/**
 * `<run>/<case-id>` or `<run>/<suite>/<case-id>` when the part before names a run folder (a run
 * may be named by a path, so the shorter case name is tried first); undefined otherwise.
 */
function namedCase(ref: string, options: { runsRoot: string; cwd: string }): { dir: string; runRef: string; suite?: string; caseId: string } | undefined {
  const parts = ref.split('/');
  for (const tail of [1, 2]) {
    if (parts.length <= tail || parts.slice(-tail).some((part) => part === '')) continue;
    const runRef = parts.slice(0, -tail).join('/');
    const dir = runDirOf(runRef, options);
    if (dir === undefined) continue;
    const [suite, caseId] = tail === 2 ? parts.slice(-2) : [undefined, parts.at(-1)];
    return { dir, runRef, caseId: caseId!, ...(suite === undefined ? {} : { suite }) };
  }
  return undefined;
}

/** The case again, through the live agent, with its tool calls answered from the recording unless `live`. */
export function replayedCase(input: { recording: Recording; config: ResolvedConfig; live: boolean; modelsMode?: ModelMode | undefined; redact: boolean; runsRoot: string }): CaseSource {
  const { result, trace } = input.recording;
  const key = `${result.suite}/${result.case_id}`;
  if (isProductionResult(result)) {
    throw new UsageError(
      `${key} is a production trace (\`score --unlabeled\`), no case of the suites: there is nothing to replay it against`,
      `to run it again, add a case with its input and what the agent should do to a suite, then \`${commandHint('eval')}\``,
    );
  }
  // A run written with redaction on records a case whose id holds PII redacted (`s/[card]`): the case is the one whose key redacts to it.
  const recorded = new ListedKeys([key]);
  const cases = input.config.suites.flatMap((suite) => suite.cases.map((kase) => `${suite.name}/${kase.id}`)).filter((written) => recorded.formOf(written) !== undefined);
  if (cases.length === 0) throw new UsageError(`the case ${key} is no longer in the suites: there is nothing to replay it against`);
  if (cases.length > 1) {
    throw new UsageError(`the case ${key} is one of ${cases.length} cases whose ids redaction writes alike: the run cannot say which it was`, 'replay a run made with --no-redact');
  }
  const [suite, caseId] = cases[0]!.split('/');
  const simulated = input.config.suites.find((s) => s.name === suite)?.cases.find((c) => c.id === caseId)?.turns === undefined;
  refuseRawReplayOfPlaceholders({ recording: input.recording, config: input.config, live: input.live, redact: input.redact, simulated });
  return liveAgent({
    config: input.config,
    selection: { filter: { suites: [suite!], cases }, repeat: 1, concurrency: 1 },
    mode: trace.mode,
    redact: input.redact,
    modelsMode: input.modelsMode,
    runsRoot: input.runsRoot,
    recording: input.live ? undefined : trace.tool_calls,
    // A conversation a user simulator played: its messages said again (a scripted case keeps its script).
    ...(input.live || trace.turns === undefined ? {} : { recordedUser: recordedConversation(trace) }),
    replayOf: { run_id: input.recording.run.header.run_id, trace_id: result.trace_id },
  });
}

/**
 * `replay --no-redact` of a recording written redacted that gives the agent placeholders (its tool calls' answers,
 * the recorded user's messages): the replay's folder would say it holds the agent's text as written
 * (`redacted: false`) beside the `[email]` the agent was given, which `score` of it then reads as the agent's own
 * text. Refused as `eval --resume` and `merge --no-redact` refuse to mix them (exit 2, before the agent starts);
 * not recorded as redacted, as `score --no-redact` is, since the replay writes the agent's new text as written.
 */
function refuseRawReplayOfPlaceholders(input: { recording: Recording; config: ResolvedConfig; live: boolean; redact: boolean; simulated: boolean }): void {
  const { run, trace } = input.recording;
  if (input.redact || input.live || run.header.redacted === false) return;
  const answers = replayAnswers(input) === 'recording' ? trace.tool_calls.map(({ result, error, state_change }) => ({ result, error, state_change })) : [];
  // A simulated user's recorded messages are said again; a scripted case's come from its script.
  const users = input.simulated ? recordedConversation(trace).messages : [];
  const given = placeholdersIn(JSON.stringify({ answers, users }));
  if (given.length === 0) return;
  throw new UsageError(
    `replay --no-redact: run ${run.header.run_id} was recorded with redaction on, and its recording gives the agent ${given.join(', ')}: the replay's folder would mix them into text it says is as written (score, replay and merge read a run's folder one way)`,
    `replay it without --no-redact, or with --live (the current mocks and user simulator answer), or replay a run made with \`${commandHint('eval --no-redact')}\``,
  );
}

/** Where the replay's tool calls get their answers: an exec agent calls its own tools, which no recording answers. */
export function replayAnswers(input: { config: ResolvedConfig; live: boolean }): ReplayAnswers {
  if (input.config.target.adapter === 'exec') return 'own_tools';
  return input.live ? 'live' : 'recording';
}

/** The replayed case passes or fails; the exit code says which. */
export const replayJudge: Judge = ({ session }) => {
  const failed = session.figures.filter((r) => r.status !== 'passed');
  return { kind: 'case', passed: failed.length === 0 };
};

/** Each case of a run by its shortest name: `<run>/<case-id>`, or `<run>/<suite>/<case-id>` for an id two suites share. */
function caseNames(runRef: string, results: readonly CaseResult[]): string[] {
  const suitesOf = new Map<string, Set<string>>();
  for (const r of results) suitesOf.set(r.case_id, (suitesOf.get(r.case_id) ?? new Set()).add(r.suite));
  // Once each: a repeated case has a result per attempt.
  return [...new Set(results.map((r) => (suitesOf.get(r.case_id)!.size > 1 ? `${runRef}/${r.suite}/${r.case_id}` : `${runRef}/${r.case_id}`)))];
}

/** The attempt of a case blocked.json names (the newest), and whether it was alone in flight (blamed); undefined when it names none. */
function blockedAttempt(dir: string, { ids, suite }: { ids: readonly string[]; suite: string | undefined }): (BlockedFile['attempts'][number] & { alone: boolean }) | undefined {
  const blocked = readBlocked(dir);
  const attempt = blocked?.attempts.findLast((a) => ids.includes(a.case_id) && (suite === undefined || a.suite === suite));
  return attempt && { ...attempt, alone: blocked!.in_flight === 1 && blocked!.attempts.length === 1 };
}

function withTrace(run: RunRecord, { result, cwd }: { result: CaseResult; cwd: string }): Recording {
  if (result.status === 'skipped') throw new UsageError(`${result.suite}/${result.case_id} (trace ${result.trace_id}) never started in run ${run.header.run_id}: there is nothing recorded to replay`);
  // Recorded by --resume from blocked.json: the attempt ended the process, and no trace was written.
  if (blockedCode(result.error?.code)) throw new UsageError(`${result.suite}/${result.case_id} (trace ${result.trace_id}) blocked agentready's process in run ${run.header.run_id} and was recorded as an error (${result.error!.code}) with no trace: there is nothing recorded to replay`, result.error!.message);
  const trace = readTraces(run.dir).get(result.trace_id);
  if (!trace) throw damagedTraceLine(run.dir, { traceId: result.trace_id, cwd }) ?? new UsageError(`run ${run.header.run_id} holds no trace for ${result.suite}/${result.case_id} (trace ${result.trace_id}): its traces.jsonl lost it`);
  return { run, result, trace };
}

function unknown(ref: string, { message, candidates }: { message: string; candidates: readonly string[] }): UsageError {
  const closest = closestMatches(ref, candidates);
  if (closest.length > 0) return new UsageError(message, `closest matches: ${closest.join(', ')}`);
  if (candidates.length === 0) return new UsageError(message, `run \`${commandHint('eval')}\` first`);
  return new UsageError(message, 'no recorded id is close to it: a trace id is in a run\'s results.jsonl, a case is named <run>/<case-id>');
}

/**
 * The ids most like `ref`, at most SUGGESTIONS of them, and only those at least 40% alike (as
 * commander's "did you mean"), not counting the `<run>/` both start with: a random string is told
 * that nothing is close, not five random ids.
 */
export function closestMatches(ref: string, candidates: readonly string[]): string[] {
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(ref, candidate) }))
    .filter(({ candidate, distance }) => distance <= (1 - MIN_LIKENESS) * (Math.max(ref.length, candidate.length) - sharedFolders(ref, candidate)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, SUGGESTIONS)
    .map(({ candidate }) => candidate);
}

/** The length of the leading `a/b/` two names share (the same run, the same suite). */
function sharedFolders(a: string, b: string): number {
  let end = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) if (a[i] === '/') end = i + 1;
  return end;
}

// A simulated conversation's user messages after the opening one, and the simulator's failure when one ended it.
function recordedConversation(trace: Trace): RecordedConversation {
  const messages = (trace.turns ?? []).slice(1).map((turn) => turn.user);
  return trace.error?.code === 'USER_SIMULATOR' ? { messages, failure: trace.error.message } : { messages };
}
