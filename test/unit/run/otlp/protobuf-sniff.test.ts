import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { otlpProtobufFraming, otlpProtobufReason } from '../../../../src/run/otlp/protobuf-sniff.js';
import { encodeWithOfficialSchema } from './official-decoder.js';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const REQUEST = JSON.stringify({
  resourceSpans: [{
    resource: { attributes: [str('service.name', 'support')] },
    scopeSpans: [{ scope: { name: 'agent' }, spans: [
      { traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'invoke_agent support', startTimeUnixNano: '1765152000000000000', endTimeUnixNano: '1765152001000000000', attributes: [str('gen_ai.operation.name', 'invoke_agent')] },
      { traceId: TRACE, spanId: 'b7ad6b7169203332', parentSpanId: 'b7ad6b7169203331', name: 'execute_tool lookup_order', startTimeUnixNano: '1765152000100000000', endTimeUnixNano: '1765152000200000000', attributes: [str('gen_ai.tool.name', 'lookup_order'), str('gen_ai.tool.call.arguments', JSON.stringify({ note: 'x'.repeat(300) }))] },
    ] }],
  }, { resource: { attributes: [str('service.name', 'billing')] }, scopeSpans: [] }],
});

// Each request after its length as 4 bytes big-endian, as the Collector's file exporter writes `format: proto`.
function lengthPrefixed(...requests: Uint8Array[]): Buffer {
  return Buffer.concat(requests.flatMap((request) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(request.length);
    return [length, Buffer.from(request)];
  }));
}

describe('otlpProtobufFraming', () => {
  it('tells an OTLP/HTTP protobuf export request and the file exporter\'s length-prefixed requests (score said "not UTF-8 text: save it as UTF-8")', () => {
    const request = encodeWithOfficialSchema(REQUEST);
    expect(otlpProtobufFraming(request)).toBe('request');
    expect(otlpProtobufFraming(lengthPrefixed(request, request))).toBe('length_prefixed');
    expect(otlpProtobufReason('request')).toContain('not OTLP/JSON');
    expect(otlpProtobufReason('length_prefixed')).toContain('`format: json`');
  });

  it('is undefined for bytes that are no OTLP protobuf: JSON, JSONL after a blank line, gzip, a request cut short', () => {
    const request = encodeWithOfficialSchema(REQUEST);
    expect(otlpProtobufFraming(Buffer.from(REQUEST))).toBeUndefined();
    expect(otlpProtobufFraming(Buffer.from(`\n\n\n${REQUEST}\n`))).toBeUndefined();
    expect(otlpProtobufFraming(gzipSync(REQUEST))).toBeUndefined();
    expect(otlpProtobufFraming(request.subarray(0, request.length - 1))).toBeUndefined();
    expect(otlpProtobufFraming(lengthPrefixed(request).subarray(0, 20))).toBeUndefined();
    expect(otlpProtobufFraming(new Uint8Array())).toBeUndefined();
  });
});
