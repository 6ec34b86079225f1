// Production OTLP traces whose tool spans carry arguments that are not a JSON object (a Python
// instrumentation writing a dict's repr, say) are read with no arguments: score says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTracesToScore } from '../../../src/run/traces-file.js';

const FIXTURE = new URL('../../fixtures/otlp/support-bot.otlp.json', import.meta.url);
const suites = [{ name: 's', tools: [{ name: 'lookup_order' }, { name: 'issue_refund' }], cases: [{ id: 'order-status', fingerprint: 'fp', expect: {} }] }] as never;

/** The fixture with every lookup_order call's arguments (3, in 3 traces) written as `text`. */
function withArguments(text: string): string {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  for (const resource of doc.resourceSpans) {
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        if (!String(span.name).includes('lookup_order')) continue;
        span.attributes = span.attributes.map((a: { key: string }) => (a.key === 'gen_ai.tool.call.arguments' ? { key: a.key, value: { stringValue: text } } : a));
      }
    }
  }
  return JSON.stringify(doc);
}

describe('readTracesToScore: tool arguments that are not a JSON object', () => {
  it("warns how many calls were read with no arguments, naming the attribute: they were {} without a word, and the valid-arguments check said a required argument was missing", () => {
    const read = readTracesToScore({ text: withArguments("{'order_id': 'A-1001'}"), file: 'prod.otlp.json', suites, unlabeled: true });
    expect(read.ok).toBe(true);
    const warnings = read.ok ? read.value.warnings : [];
    expect(warnings.filter((w) => w.includes('gen_ai.tool.call.arguments'))).toEqual([
      "3 tool calls in prod.otlp.json carry arguments that are no JSON object (gen_ai.tool.call.arguments as text that is not one, or OpenLLMetry's positional arguments, which have no names, or no traceloop.entity.input at all, content tracing off): read with no arguments ({}), which the checks of arguments then judge",
    ]);
  });

  it('says nothing when the arguments are JSON objects', () => {
    const read = readTracesToScore({ text: withArguments('{"order_id": "A-1001"}'), file: 'prod.otlp.json', suites, unlabeled: true });
    expect(read.ok && read.value.warnings.filter((w) => w.includes('gen_ai.tool.call.arguments'))).toEqual([]);
  });
});
