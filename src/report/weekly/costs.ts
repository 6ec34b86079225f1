/** Cost hotspots of the window: by case, by model (the traces' model calls that reached a model) and by tool (calls and time). Pure. */
import { reachedModel } from '../../config/schema/index.js';
import { caseKey } from '../../gate/diff.js';
import type { CostHotspots, ReviewedRun } from './types.js';

/** Rows kept per table. */
const TOP = 10;

export function costHotspots(runs: readonly ReviewedRun[]): CostHotspots {
  const cases = new Map<string, { key: string; attempts: number; cost_usd: number }>();
  const models = new Map<string, CostHotspots['by_model'][number]>();
  const tools = new Map<string, CostHotspots['by_tool'][number]>();
  let total = 0;
  let replayed = 0;
  for (const run of runs) {
    // A run only partly replayed says how many of its dollars were; which attempts, it does not.
    if (run.replayed !== true) replayed += run.replayedUsd ?? 0;
    for (const result of run.results) {
      if (result.status === 'skipped') continue;
      const key = caseKey(result);
      const row = cases.get(key) ?? { key, attempts: 0, cost_usd: 0 };
      row.attempts++;
      row.cost_usd += result.cost_usd;
      total += result.cost_usd;
      if (run.replayed === true) replayed += result.cost_usd;
      cases.set(key, row);
    }
    for (const trace of run.traces) {
      for (const usage of trace.usage) {
        // A call the gateway answered itself (a cap, a fault, a cassette miss) reached no model: no call spent (SPEC §16).
        if (!reachedModel(usage)) continue;
        const row = models.get(usage.model) ?? { model: usage.model, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
        row.calls++;
        row.input_tokens += usage.input_tokens;
        row.output_tokens += usage.output_tokens;
        row.cost_usd += usage.cost_usd;
        models.set(usage.model, row);
      }
      for (const call of trace.tool_calls) {
        const row = tools.get(call.name) ?? { tool: call.name, calls: 0, errors: 0, latency_ms: 0 };
        row.calls++;
        if (call.answer !== 'answer') row.errors++;
        row.latency_ms += call.latency_ms;
        tools.set(call.name, row);
      }
    }
  }
  return {
    total_usd: total,
    replayed_usd: replayed,
    // A hotspot is a case that cost something: with nothing priced, ten $0.00 rows would say nothing.
    by_case: [...cases.values()]
      .filter((row) => row.cost_usd > 0)
      .map((row) => ({ ...row, mean_usd: row.cost_usd / row.attempts }))
      .sort((a, b) => b.cost_usd - a.cost_usd || a.key.localeCompare(b.key))
      .slice(0, TOP),
    by_model: [...models.values()].sort((a, b) => b.cost_usd - a.cost_usd || b.calls - a.calls || a.model.localeCompare(b.model)).slice(0, TOP),
    by_tool: [...tools.values()].sort((a, b) => b.latency_ms - a.latency_ms || b.calls - a.calls || a.tool.localeCompare(b.tool)).slice(0, TOP),
  };
}
