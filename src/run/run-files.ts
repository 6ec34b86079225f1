/**
 * The names of a run folder's files, apart from run-folder.ts (which loads the schemas): a command
 * that only names one (`score <run folder>` reading its traces.jsonl) builds no schema for it.
 */
export const RESULTS_FILE = 'results.jsonl';
export const TRACES_FILE = 'traces.jsonl';
export const DECISIONS_FILE = 'policy-decisions.jsonl';
export const SUMMARY_FILE = 'summary.json';
export const BLOCKED_FILE = 'blocked.json';
