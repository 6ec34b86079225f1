import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../../src/config/schema/index.js';
import { encodeOtlpJson, otelTraceId } from '../../../../src/run/otlp/encode.js';
import { OtlpFileWriter } from '../../../../src/run/otlp/writer.js';
import { trace } from '../../score/trace-builder.js';
import { decodeWithOfficialSchema } from './official-decoder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-otlp-'));
  dirs.push(dir);
  return dir;
}

function ended(id: string, output = 'ok'): { result: CaseResult; trace: ReturnType<ReturnType<typeof trace>['build']> } {
  const t = { ...trace().duration(250).output(output).build(), case_id: id, trace_id: otelTraceId(id) };
  const result = { suite: t.suite, case_id: id, attempt: 1, trace_id: t.trace_id, fingerprint: 'f', tags: [], status: 'passed', duration_ms: 250, cost_usd: 0, model_calls: 0, tool_calls: 0, tool_errors: 0, retries: 0, policy_violations: 0, checks: [] } satisfies CaseResult;
  return { result, trace: t };
}

describe('OtlpFileWriter', () => {
  it('streams the cases to the file as they end, in batches, and the closed file is the request encodeOtlpJson writes for the run', async () => {
    const file = path.join(tempDir(), 'run.otlp.json');
    const clock = Date.UTC(2026, 2, 1, 10);
    const writer = new OtlpFileWriter(file, { version: '0.1.0', now: () => clock });
    const run = { run_id: 'r1', agent: { name: 'bot', version: '1' } };
    writer.onRunStart(run);
    // ~1 kB of output a case: 600 cases are more than one batch.
    const cases = Array.from({ length: 600 }, (_, i) => ended(`case-${i}`, `answer ${i} `.repeat(100)));
    await Promise.all(cases.map((c) => writer.onCaseEnd(c)));
    const written = statSync(file).size;
    expect(written).toBeGreaterThan(256 * 1024);
    await writer.onRunEnd();
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(written);
    expect(JSON.parse(text)).toEqual(JSON.parse(encodeOtlpJson({ ...run, version: '0.1.0' }, cases.map((c) => ({ ...c, endedAtMs: clock })))));
    expect(decodeWithOfficialSchema(text).invalid).toBeNull();
  });

  it('fails once on a file it cannot write, drops the later cases, and still ends', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'taken'));
    const writer = new OtlpFileWriter(path.join(dir, 'taken'), { version: '0.1.0' });
    writer.onRunStart({ run_id: 'r1', agent: { name: 'bot', version: '1' } });
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((id) => writer.onCaseEnd(ended(id))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/EISDIR/);
    await expect(writer.onRunEnd()).resolves.toBeUndefined();
  });

  it('writes the empty request for a run in which no case ran', async () => {
    const file = path.join(tempDir(), 'out', 'empty.otlp.json');
    const writer = new OtlpFileWriter(file, { version: '0.1.0' });
    writer.onRunStart({ run_id: 'r1', agent: { name: 'bot', version: '1' } });
    await writer.onRunEnd();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ resourceSpans: [] });
  });

  it('writes every case that ended, timed when it ended, as one request when the run ends', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agentready-otlp-'));
    dirs.push(dir);
    const file = path.join(dir, 'out', 'run.otlp.json');
    let clock = Date.UTC(2026, 2, 1, 10);
    const writer = new OtlpFileWriter(file, { version: '0.1.0', now: () => clock });
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
