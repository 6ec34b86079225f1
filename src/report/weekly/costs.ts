/** Cost hotspots of the window: by case, by model (the traces' model calls that reached a model) and by tool (calls and time). Pure. */
import { reachedModel } from '../../config/schema/index.js';
import { baseCaseId } from '../../config/adversarial/variant-id.js';
import { caseKey } from '../../gate/diff.js';
import type { CostHotspots, ReviewedRun } from './types.js';
import { compareCaseKeys } from '../../common/case-keys.js';

/** Rows kept per table. */
const TOP = 10;
/** A variant that cost more than this share of its base case's family keeps a row of its own. */
const DOMINANT_SHARE = 0.5;

/** One case's spend over the window. */
interface CaseCost {
  suite: string;
  case_id: string;
  attempts: number;
  cost_usd: number;
}

export function costHotspots(runs: readonly ReviewedRun[]): CostHotspots {
  const cases = new Map<string, CaseCost>();
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
      const row = cases.get(key) ?? { suite: result.suite, case_id: result.case_id, attempts: 0, cost_usd: 0 };
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
    by_case: withVariantsFolded([...cases.values()].filter((row) => row.cost_usd > 0))
      .sort((a, b) => b.cost_usd - a.cost_usd || compareCaseKeys(a.key, b.key))
      .slice(0, TOP),
    by_model: [...models.values()].sort((a, b) => b.cost_usd - a.cost_usd || b.calls - a.calls || a.model.localeCompare(b.model)).slice(0, TOP),
    by_tool: [...tools.values()].sort((a, b) => b.latency_ms - a.latency_ms || b.calls - a.calls || a.tool.localeCompare(b.tool)).slice(0, TOP),
  };
}

/**
 * The rows of the cases that cost something, a base case's adversarial variants folded into one
 * row with it (its key, their total, `variants` counted), so that one case's 8 injections do not
 * fill the table; a variant that alone cost more than DOMINANT_SHARE of them all keeps its own row.
 */
function withVariantsFolded(costs: readonly CaseCost[]): CostHotspots['by_case'] {
  const families = new Map<string, CaseCost[]>();
  for (const cost of costs) {
    const key = `${cost.suite}\0${baseCaseId(cost.case_id)}`;
    const family = families.get(key);
    if (family === undefined) families.set(key, [cost]);
    else family.push(cost);
  }
  const rows: CostHotspots['by_case'] = [];
  const row = (input: { key: string; attempts: number; cost_usd: number; variants: number }) =>
    rows.push({ key: input.key, attempts: input.attempts, cost_usd: input.cost_usd, mean_usd: input.cost_usd / input.attempts, ...(input.variants > 0 ? { variants: input.variants } : {}) });
  for (const family of families.values()) {
    const total = family.reduce((sum, c) => sum + c.cost_usd, 0);
    const { suite, case_id } = family[0]!;
    const folded = { key: `${suite}/${baseCaseId(case_id)}`, attempts: 0, cost_usd: 0, variants: 0 };
    for (const cost of family) {
      const variant = baseCaseId(cost.case_id) !== cost.case_id;
      if (variant && cost.cost_usd > DOMINANT_SHARE * total) {
        row({ key: caseKey(cost), attempts: cost.attempts, cost_usd: cost.cost_usd, variants: 0 });
        continue;
      }
      folded.attempts += cost.attempts;
      folded.cost_usd += cost.cost_usd;
      if (variant) folded.variants++;
    }
    if (folded.attempts > 0) row(folded);
  }
  return rows;
}
