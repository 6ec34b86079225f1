export { runSession, defaultRunsRoot, suitesFingerprint, type SessionOptions, type SessionResult, type SessionStart } from './session.js';
export type { CaseFinished } from './queue.js';
export { selectCases, planAttempts, type CaseFilter, type Attempt } from './plan.js';
export { writeSummaryFile, RESULTS_FILE, TRACES_FILE, DECISIONS_FILE, SUMMARY_FILE } from './run-folder.js';
