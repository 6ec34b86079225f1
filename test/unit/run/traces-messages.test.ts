// An OTLP trace whose gen_ai.*.messages attribute holds text that is no JSON (a raw control
// character an exporter did not escape, say) is read with no messages: score says so, naming the
// span, instead of scoring a null output without a word.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTracesToScore } from '../../../src/run/traces-file.js';

const FIXTURE = new URL('../../fixtures/otlp/support-bot.otlp.json', import.meta.url);
const suites = [{ name: 's', tools: [{ name: 'lookup_order' }, { name: 'issue_refund' }], cases: [{ id: 'order-status', fingerprint: 'fp', expect: {} }] }] as never;
/** The production trace of the fixture whose agent span is rewritten. */
const TRACE = '0af7651916cd43dd8448eb211c80319c';

type Span = { traceId: string; name: string; spanId: string; attributes: { key: string; value: unknown }[] };

/** The fixture with `attribute` of TRACE's agent span (invoke_agent) written as `text`. */
function withMessages(attribute: string, text: string, spanName?: string): string {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
  for (const span of doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))) {
    if (span.traceId !== TRACE || !span.name.startsWith('invoke_agent')) continue;
    span.attributes = span.attributes.map((a) => (a.key === attribute ? { key: a.key, value: { stringValue: text } } : a));
    if (spanName !== undefined) span.name = spanName;
  }
  return JSON.stringify(doc);
}

function read(text: string, redact?: boolean) {
  const result = readTracesToScore({ text, file: 'prod.otlp.json', suites, unlabeled: true, ...(redact === undefined ? {} : { redact }) });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { warnings: result.value.warnings.filter((w) => w.includes('messages')), trace: result.value.traces.find((t) => t.trace.trace_id === TRACE)!.trace };
}

describe('readTracesToScore: gen_ai messages that are no JSON', () => {
  it('warns at the agent span whose gen_ai.output.messages holds a raw control character: the output was null without a word', () => {
    const { warnings, trace } = read(withMessages('gen_ai.output.messages', '[{"role":"assistant","parts":[{"type":"text","content":"Refund\u0001 sent"}]}]'));
    expect(trace.output).toBeUndefined();
    expect(warnings).toEqual([
      "prod.otlp.json:1: span \"invoke_agent Support Agent\" (span b7ad6b7169203331 of trace 0af7651916cd43dd8448eb211c80319c): gen_ai.output.messages is no JSON text (unexpected '\\u0001' (bad control character in string literal)): read as no messages, so the trace's output is not read from it",
    ]);
  });

  it('warns at gen_ai.input.messages the same way', () => {
    const { warnings } = read(withMessages('gen_ai.input.messages', 'Refund order A-2002'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^prod\.otlp\.json:1: span "invoke_agent Support Agent" \(span \w+ of trace 0af7651916cd43dd8448eb211c80319c\): gen_ai\.input\.messages is no JSON text \(unexpected 'R'\): read as no messages, so the trace's input is not read from it$/);
  });

  it("redacts the span's name it quotes, as the traces are, unless --no-redact", () => {
    const text = withMessages('gen_ai.output.messages', 'not json', 'invoke_agent for jane.doe@example.com');
    expect(read(text).warnings[0]).toContain('span "invoke_agent for [email]"');
    expect(read(text, false).warnings[0]).toContain('span "invoke_agent for jane.doe@example.com"');
  });

  it('says nothing when the messages are JSON', () => {
    expect(read(readFileSync(FIXTURE, 'utf8')).warnings).toEqual([]);
  });
});
