import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../../src/config/schema/index.js';
import { otelTraceId } from '../../../../src/run/otlp/encode.js';
import { OtlpFileWriter } from '../../../../src/run/otlp/writer.js';
import { trace } from '../../score/trace-builder.js';
import { decodeWithOfficialSchema } from './official-decoder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('OtlpFileWriter', () => {
  it('writes every case that ended, timed when it ended, as one request when the run ends', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-otlp-'));
    dirs.push(dir);
    const file = path.join(dir, 'out', 'run.otlp.json');
    let clock = Date.UTC(2026, 2, 1, 10);
    const writer = new OtlpFileWriter(file, '0.1.0', () => clock);
    writer.onRunStart({ run_id: 'r1', agent: { name: 'bot', version: '1' } });
    for (const id of ['a', 'b']) {
      const t = { ...trace().duration(250).build(), case_id: id, trace_id: otelTraceId(id) };
      const result = { suite: t.suite, case_id: id, attempt: 1, trace_id: t.trace_id, fingerprint: 'f', tags: [], status: 'passed', duration_ms: 250, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [] } satisfies CaseResult;
      writer.onCaseEnd({ result, trace: t });
      clock += 1000;
    }
    await writer.onRunEnd();
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    const { spans, invalid } = decodeWithOfficialSchema(text);
    expect(invalid).toBeNull();
    expect(spans.map((s) => [s.attributes['agentready.case_id'], s.traceId, BigInt(s.endTimeUnixNano) / 1_000_000n])).toEqual([
      ['a', otelTraceId('a'), BigInt(Date.UTC(2026, 2, 1, 10))],
      ['b', otelTraceId('b'), BigInt(Date.UTC(2026, 2, 1, 10) + 1000)],
    ]);
  });
});
