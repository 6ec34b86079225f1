export { runSession, defaultRunsRoot, suitesFingerprint, type ResumedRun, type SessionOptions, type SessionResult, type SessionStart } from './session.js';
export type { CaseFinished } from './queue.js';
export { selectCases, planAttempts, attemptKey, isFiltered, type CaseFilter, type Attempt } from './plan.js';
export { parseShard, formatShard, shardOfCase } from './shard.js';
export { RunFolder, writeSummaryFile, RESULTS_FILE, TRACES_FILE, DECISIONS_FILE, SUMMARY_FILE } from './run-folder.js';
export { scoreTraces, RECORDED_ADAPTER, type ScoreTracesOptions } from './score-traces.js';
export { parseRecordedTraces, matchRecordedTraces, type RecordedLine, type MatchedTrace } from './recorded-traces.js';
export { readRun, readTraces, resolveRunDir, listRuns, parseResults, type RunRecord } from './read-run.js';
export { newRunId } from './ids.js';
