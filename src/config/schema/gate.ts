/**
 * The config's `gate:` section: a threshold's limits by its metric's unit, the one registry of the
 * metrics a threshold may name (`GATE_METRIC_UNITS`), `newly_failing`, and the per-slice thresholds.
 */
import { z } from 'zod';

/** What a fraction out of [0, 1] is told: a gate's rate bound, run.max_error_rate (SPEC §11 Units). */
export const FRACTION_BOUND = 'a fraction in [0, 1]: rates are fractions (0.95, not 95)';

export const ThresholdSchema = z.strictObject({
  max_drop_pp: z.number().nonnegative().optional().describe('Largest allowed drop, in percentage points (5 for 5 pp, not 0.05).'),
  max_rise_pp: z.number().nonnegative().optional().describe('Largest allowed rise, in percentage points (5 for 5 pp, not 0.05).'),
  max_rise_pct: z.number().nonnegative().optional().describe('Largest allowed rise, in percent of the baseline.'),
  min: z.number().optional().describe('Absolute floor (rates are fractions in [0, 1]).'),
  max: z.number().optional().describe('Absolute ceiling.'),
  significance: z.number().gt(0).lt(1).optional().describe('Fail only when the move is significant at this level.'),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

/** How a gate metric is measured: a rate (a count over a count, with its interval), another fraction in [0, 1], dollars, milliseconds or a count. */
export type MetricUnit = 'rate' | 'fraction' | 'usd' | 'ms' | 'count';

/**
 * The metrics a gate threshold may name, with their unit: the one registry of gate metrics.
 * Adding one here (with its field in `RunMetricsSchema` and how `gate/metrics.ts` computes it)
 * is enough for the threshold key, its wording (fractions to three decimals, moves in pp;
 * dollars; ms; counts), rates' intervals and reported moves, and `baseline update` keeping a
 * committed cost or latency that barely moved.
 */
export const GATE_METRIC_UNITS = {
  success_rate: 'rate',
  escalation_rate: 'rate',
  policy_compliance: 'rate',
  budget_compliance: 'rate',
  tool_correctness: 'fraction',
  tool_precision: 'fraction',
  tool_recall: 'fraction',
  error_rate: 'rate',
  cost_per_task: 'usd',
  cost_total: 'usd',
  p50_latency_ms: 'ms',
  p95_latency_ms: 'ms',
  pass_hat_k: 'rate',
  pass_at_k: 'rate',
  retries: 'count',
  tool_errors: 'count',
  policy_denials: 'count',
  approval_missing: 'count',
} as const satisfies Record<string, MetricUnit>;
export type GateMetric = keyof typeof GATE_METRIC_UNITS;

/**
 * The gate metrics with a per-case yes/no verdict the gate pairs with the baseline's (gate/paired.ts):
 * the only ones a threshold's `significance` can judge. The others' moves (costs, latencies, counts,
 * tool fractions, the error rate) have no paired test.
 */
export const PAIRED_METRICS = ['success_rate', 'pass_hat_k', 'pass_at_k', 'escalation_rate', 'policy_compliance', 'budget_compliance'] as const satisfies readonly GateMetric[];
export type PairedMetric = (typeof PAIRED_METRICS)[number];

/** Whether a metric has a per-case verdict to pair (`PAIRED_METRICS`). */
export function isPaired(metric: GateMetric): metric is PairedMetric {
  return (PAIRED_METRICS as readonly GateMetric[]).includes(metric);
}

/** The gate metrics, in the registry's order. */
export const GATE_METRICS = Object.keys(GATE_METRIC_UNITS) as readonly GateMetric[];

/** The gate metrics of one unit, in the registry's order. */
export function gateMetricsOf<U extends MetricUnit>(unit: U): readonly { [K in GateMetric]: (typeof GATE_METRIC_UNITS)[K] extends U ? K : never }[GateMetric][] {
  return GATE_METRICS.filter((metric) => GATE_METRIC_UNITS[metric] === unit) as never;
}

const PP_BOUND = 'at most 100: percentage points of a rate in [0, 1]';
const AMOUNT_BOUND = 'a number of at least 0: costs, latencies and counts are never negative';
/** A threshold's limits, the absolute ones first: the order every text of a threshold names them in. */
export const LIMITS = ['min', 'max', 'max_drop_pp', 'max_rise_pp', 'max_rise_pct'] as const;
/** The limits of a cost's, a latency's or a count's threshold: percentage points move a rate. */
const AMOUNT_LIMITS = ['min', 'max', 'max_rise_pct'] as const;
/** The limits that compare with the baseline: the only ones a `significance` applies to. */
export const RELATIVE_LIMITS = ['max_drop_pp', 'max_rise_pp', 'max_rise_pct'] as const;

/** What a threshold bounds: a rate's or a fraction's `fraction`, or the `amount` of dollars, milliseconds or a count. */
type ThresholdKind = 'fraction' | 'amount';

function thresholdKindOf(unit: MetricUnit): ThresholdKind {
  return unit === 'rate' || unit === 'fraction' ? 'fraction' : 'amount';
}

/**
 * A metric's threshold as its unit allows: a rate or fraction takes `min`/`max` in [0, 1] and
 * moves of at most 100 pp. A threshold with no limit (`success_rate: {}`) is refused: it
 * would gate nothing and look as if it did.
 */
function thresholdFor(kind: ThresholdKind) {
  if (kind === 'amount') {
    // A negative max fails every run (and a negative min holds always): what it bounds is never below 0.
    const amount = z.number().nonnegative(AMOUNT_BOUND).optional();
    // Percentage points move a rate: on dollars, milliseconds or a count, `max_rise_pp: 10` allowed a rise of 0.1 of
    // its unit ($0.10 a task, 0.1 ms), so a cost gate written as a percent never failed, and a latency one always did.
    // No such key here, so schemas/config.json offers none; written, it is an unknown key, told why (known-mistakes.ts PP_ON_AMOUNT).
    return withSomeLimit(ThresholdSchema.omit({ max_drop_pp: true, max_rise_pp: true }).extend({ min: described('min', amount), max: described('max', amount) }), AMOUNT_LIMITS);
  }
  const fraction = z.number().min(0, FRACTION_BOUND).max(1, FRACTION_BOUND).optional();
  const pp = z.number().nonnegative().max(100, PP_BOUND).optional();
  return withSomeLimit(ThresholdSchema.extend({ min: described('min', fraction), max: described('max', fraction), max_drop_pp: described('max_drop_pp', pp), max_rise_pp: described('max_rise_pp', pp) }), LIMITS);
}

/** A limit's bounds for one unit, with ThresholdSchema's words for it (schemas/config.json: an editor shows them). */
function described<T extends z.ZodType>(limit: 'min' | 'max' | 'max_drop_pp' | 'max_rise_pp', schema: T): T {
  return schema.describe(ThresholdSchema.shape[limit].description ?? limit);
}

/** `limits`: the ones the threshold takes, for the words of an empty one. */
function withSomeLimit<T extends z.ZodType<Partial<Threshold>>>(schema: T, limits: readonly (typeof LIMITS)[number][]) {
  return schema
    .refine((t) => limits.some((limit) => t[limit] !== undefined), {
      message: `at least one of ${limits.join(', ')} (an empty threshold gates nothing)`,
      // A limit misspelt (`max_rise: 10`) or not this metric's (`max_rise_pp` on a cost) is that key's problem alone, as every unknown key is: the threshold is not empty as written.
      when: (payload) => !payload.issues.some((issue) => issue.code === 'unrecognized_keys'),
    })
    // Both absolute: no value is at least min and at most a smaller max.
    .refine((t) => t.min === undefined || t.max === undefined || t.min <= t.max, {
      path: ['max'],
      error: (issue) => `at least min (${(issue.input as Threshold).min}): a max below the min fails every run`,
    })
    // A significance beside min or max alone would decide nothing and look as if it did.
    .refine((t) => t.significance === undefined || LIMITS.every((limit) => t[limit] === undefined) || RELATIVE_LIMITS.some((limit) => t[limit] !== undefined), {
      path: ['significance'],
      message: 'max_drop_pp, max_rise_pp or max_rise_pct beside it: a significance judges a move against the baseline, and min and max are absolute',
    });
}

/**
 * A threshold's schema for each kind, built once and shared by the metrics of that kind (zod's
 * schemas are immutable): every command that loads a config builds this module, and one schema a
 * metric (18, each an extend and three refines) cost ~4 ms of CPU at each start.
 */
const thresholdsByKind = { fraction: thresholdFor('fraction').optional(), amount: thresholdFor('amount').optional() };

const metricThresholdsShape = Object.fromEntries(
  GATE_METRICS.map((metric) => [metric, thresholdsByKind[thresholdKindOf(GATE_METRIC_UNITS[metric])]]),
) as { [K in GateMetric]: z.ZodOptional<typeof ThresholdSchema> };

export const MetricThresholdsSchema = z.strictObject(metricThresholdsShape);
export type MetricThresholds = z.infer<typeof MetricThresholdsSchema>;

/**
 * `newly_failing: { max }`: how many cases may fail that the baseline did not accept as failing —
 * passed in it and fail now, or added or changed since it and fail now (quarantined cases set
 * aside). Judged against the baseline, overall; not applied without one.
 */
export const NewlyFailingSchema = z
  .strictObject({
    max: z.number().int().nonnegative().describe('Most cases that may fail with no baseline that accepted their failure (0: none).'),
  })
  .describe('Cases that fail now and passed in the baseline, or were added or changed since it (default max 0).');
export type NewlyFailingThreshold = z.infer<typeof NewlyFailingSchema>;

export const GateSchema = z.strictObject({
  ...metricThresholdsShape,
  newly_failing: NewlyFailingSchema.optional(),
  slices: z
    .record(z.string().regex(/^(suite|tag|risk|adversarial):.+$/, 'a slice key such as "tag:refund", "suite:tier1", "risk:high" or "adversarial:prompt_injection"'), MetricThresholdsSchema)
    .optional(),
});
export type GateConfig = z.infer<typeof GateSchema>;
