// The gate's thresholds as each metric's unit allows (config/schema/gate.ts): the metrics of one
// kind share one schema, so every metric is checked here against its own unit's bounds, at the
// top of `gate:` and under a slice, with the issue's path and words naming that metric.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_METRIC_UNITS, GATE_METRICS, GateSchema } from '../../../src/config/schema/gate.js';
import { validateConfigSource } from '../../../src/config/validate.js';

const isFraction = (metric: (typeof GATE_METRICS)[number]) => GATE_METRIC_UNITS[metric] === 'rate' || GATE_METRIC_UNITS[metric] === 'fraction';

describe('gate thresholds, metric by metric', () => {
  it('bound a rate or a fraction to [0, 1] and its moves to 100 pp; an amount only to at least 0', () => {
    for (const metric of GATE_METRICS) {
      const fraction = isFraction(metric);
      expect(GateSchema.safeParse({ [metric]: { min: 0.5 } }).success, metric).toBe(true);
      expect(GateSchema.safeParse({ [metric]: { max: 2 } }).success, metric).toBe(!fraction);
      expect(GateSchema.safeParse({ [metric]: { max_drop_pp: 150 } }).success, metric).toBe(false);
      // Percentage points move a rate or a fraction; a cost, a latency or a count moves by max_rise_pct.
      expect(GateSchema.safeParse({ [metric]: { max_rise_pp: 10 } }).success, metric).toBe(fraction);
      expect(GateSchema.safeParse({ [metric]: { max_drop_pp: 10 } }).success, metric).toBe(fraction);
      expect(GateSchema.safeParse({ [metric]: { max_rise_pct: 10 } }).success, metric).toBe(true);
      expect(GateSchema.safeParse({ [metric]: { min: -1 } }).success, metric).toBe(false);
      expect(GateSchema.safeParse({ [metric]: {} }).success, metric).toBe(false);
      expect(GateSchema.safeParse({ slices: { 'tag:refund': { [metric]: { max: 2 } } } }).success, metric).toBe(!fraction);
    }
  });

  it('word a refused limit at its metric, with its unit\'s bound', () => {
    const parsed = GateSchema.safeParse({ success_rate: { max: 95 }, cost_per_task: { max: -1 }, slices: { 'suite:a': { p95_latency_ms: { min: 2, max: 1 } } } });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'success_rate.max', message: expect.stringContaining('rates are fractions (0.95, not 95)') },
        { path: 'cost_per_task.max', message: expect.stringContaining('never negative') },
        { path: 'slices.suite:a.p95_latency_ms.max', message: expect.stringContaining('a max below the min fails every run') },
      ]),
    );
  });

  it('offer no percentage points on a cost, a latency or a count, which let `max_rise_pp: 10` allow a rise of 0.1 of its unit', () => {
    // $0.10 a task: a cost gate meant as 10% never failed; 0.1 ms: a latency gate failed every run.
    const source = 'target: { adapter: stdio, command: [node, a.js] }\nsuites: [s.suite.yaml]\ngate:\n  cost_per_task: { max_rise_pp: 10 }\n  slices:\n    tag:refund:\n      p95_latency_ms: { max_drop_pp: 5, max: 900 }\n';
    const result = validateConfigSource({ source, file: 'agentready.config.yaml' });
    const issues = result.ok ? [] : result.issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.expected}`);
    const words = 'percentage points move a rate, and this metric is a cost, a latency or a count: max_rise_pct (percent of the baseline) or min/max bound it';
    expect(issues).toEqual([
      `4:20 gate.cost_per_task.max_rise_pp no key "max_rise_pp" here: ${words} (allowed: max_rise_pct, min, max, significance)`,
      `7:25 gate.slices["tag:refund"].p95_latency_ms.max_drop_pp no key "max_drop_pp" here: ${words} (allowed: max_rise_pct, min, max, significance)`,
    ]);
    // The JSON Schema an editor completes from agrees: before, it offered both on every metric.
    const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../schemas/config.json'), 'utf8')) as { properties: { gate: { properties: Record<string, { properties: Record<string, unknown> }> } } };
    for (const metric of GATE_METRICS) {
      const keys = Object.keys(schema.properties.gate.properties[metric]!.properties);
      expect(keys, metric).toEqual(isFraction(metric) ? ['max_drop_pp', 'max_rise_pp', 'max_rise_pct', 'min', 'max', 'significance'] : ['max_rise_pct', 'min', 'max', 'significance']);
    }
  });
});
