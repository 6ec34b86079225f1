/**
 * The verdicts of the eval that wrote a traces file, for `agentready score` of a run folder's own
 * traces.jsonl (score/carried.ts): the results.jsonl beside it, each result found by the trace id
 * of the attempt it judged. A traces file anywhere else, or beside no readable results, has none.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseResult, ResultsHeader } from '../config/schema/index.js';
import type { EvalVerdicts } from '../score/index.js';
import { parseResults } from './results-file.js';
import { RESULTS_FILE, TRACES_FILE } from './run-folder.js';

export interface EvalRun {
  header: ResultsHeader;
  /** The eval's verdicts of the attempt that wrote this trace (of this case), if it recorded them. */
  verdictsOf: (trace: { trace_id?: string | undefined; suite: string; case_id: string }) => EvalVerdicts | undefined;
  /**
   * Whether the run counts the attempt this trace recorded: not when a later result of that attempt replaced its own
   * (`eval --resume` ran it again: a harness error, a case changed since under --force), whose trace it scores instead.
   */
  counts: (traceId: string) => boolean;
}

/** The run whose results.jsonl `results` holds: its header and its verdicts by trace id. Pure. */
export function evalRun(results: { header: ResultsHeader; results: readonly CaseResult[] }): EvalRun {
  const byTrace = new Map<string, CaseResult>();
  for (const result of results.results) byTrace.set(result.trace_id, result);
  const policy = results.header.policy_fingerprint;
  return {
    header: results.header,
    counts: (traceId) => byTrace.has(traceId),
    verdictsOf: ({ trace_id: traceId, suite, case_id: caseId }) => {
      const result = traceId === undefined ? undefined : byTrace.get(traceId);
      // A trace id names one attempt: a result of another case under it is not this trace's.
      if (result === undefined || result.suite !== suite || result.case_id !== caseId) return undefined;
      return { result, ...(policy === undefined ? {} : { policyFingerprint: policy }) };
    },
  };
}

/** The run folder `file` is the traces.jsonl of, read; undefined for another file or one beside no readable results. */
export function readEvalRun(file: string): EvalRun | undefined {
  if (path.basename(file) !== TRACES_FILE) return undefined;
  const resultsFile = path.join(path.dirname(file), RESULTS_FILE);
  try {
    return evalRun(parseResults(readFileSync(resultsFile, 'utf8'), resultsFile));
  } catch {
    // No results, or corrupt ones: no verdict to carry, and the checks stay undecidable.
    return undefined;
  }
}
