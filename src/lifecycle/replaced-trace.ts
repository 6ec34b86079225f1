/**
 * A trace id `replay` finds in no run's results: one of an attempt a resumed run ran again (a harness
 * error, a case changed since under `--force`). Its trace is still in that run's traces.jsonl, and the
 * failure the run printed then named it, but the run counts the later attempt, whose result replaced
 * its own: said so, with the later attempt's trace id to replay, rather than that no run holds it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { commandHint } from '../config/command-hint.js';
import { TRACES_FILE, type RunRecord } from '../run/index.js';

/** Trace ids as agentready writes them: 32 hex digits. */
const TRACE_ID = /^[0-9a-f]{32}$/;

/** The UsageError naming the attempt that replaced the one `traceId` recorded, in the newest of `runs` holding it; undefined when none does. */
export function replacedTrace(traceId: string, runs: readonly RunRecord[]): UsageError | undefined {
  if (!TRACE_ID.test(traceId)) return undefined;
  for (const run of runs) {
    let text: string;
    try {
      text = readFileSync(join(run.dir, TRACES_FILE), 'utf8');
    } catch {
      continue;
    }
    const at = text.indexOf(`"trace_id":"${traceId}"`);
    if (at < 0) continue;
    const end = text.indexOf('\n', at);
    let recorded: { suite?: unknown; case_id?: unknown; attempt?: unknown };
    try {
      recorded = JSON.parse(text.slice(text.lastIndexOf('\n', at) + 1, end < 0 ? undefined : end)) as typeof recorded;
    } catch {
      continue;
    }
    const later = run.results.find((r) => r.suite === recorded.suite && r.case_id === recorded.case_id && r.attempt === recorded.attempt);
    if (later === undefined) continue;
    return new UsageError(
      `trace ${traceId} is of an attempt of ${later.suite}/${later.case_id} that run ${run.header.run_id} ran again (\`eval --resume\`): the run counts the later attempt, trace ${later.trace_id}`,
      `replay that one: \`${commandHint(`replay ${later.trace_id}`)}\``,
    );
  }
  return undefined;
}
