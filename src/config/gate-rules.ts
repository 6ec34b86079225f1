/** Rules over the config's `gate:` that its schema cannot state: a threshold key that would do nothing. */
import { z } from 'zod';
import { issueAtKey } from './locate.js';
import { GATE_METRICS, isPaired, PAIRED_METRICS, type MetricThresholds } from './schema/config.js';
import type { Rule } from './rules.js';

/**
 * A `significance` on a metric the gate has no paired test for (a cost, a latency, a count, a tool
 * fraction, the error rate) is never applied: past its relative limit the threshold fails as if it
 * set none ("no paired test for …: significance not applied"). A warning: the gate still works,
 * only more strictly than the file reads.
 */
export const significanceIsPaired: Rule = (ctx) => {
  const gate = ctx.config?.value.gate;
  if (!ctx.config || !gate) return;
  const { yaml } = ctx.config;
  const entries: [readonly string[], MetricThresholds | undefined][] = [
    [['gate'], gate],
    ...Object.entries(gate.slices ?? {}).map(([slice, thresholds]): [readonly string[], MetricThresholds | undefined] => [['gate', 'slices', slice], thresholds]),
  ];
  for (const [at, thresholds] of entries) {
    for (const metric of GATE_METRICS) {
      const level = thresholds?.[metric]?.significance;
      if (level === undefined || isPaired(metric)) continue;
      const path = [...at, metric, 'significance'];
      ctx.report(issueAtKey({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'significance_not_paired',
        message: `significance is never applied to ${metric}: the gate has no paired test for it, so past its limit the threshold fails whatever the noise`,
        expected: `no significance here: ${metric} has no paired test with the baseline, so past its limit the threshold fails whatever the noise (significance applies to ${PAIRED_METRICS.join(', ')})`,
        found: `significance: ${level}`,
        severity: 'warning',
      }));
    }
  }
};
