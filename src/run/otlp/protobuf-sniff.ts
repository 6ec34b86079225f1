/**
 * Whether bytes that are no OTLP/JSON are OTLP in protobuf: an export request as an OTLP/HTTP
 * exporter POSTs it (`http/protobuf`, saved by a proxy or `tcpdump`), or a file the Collector's
 * file exporter wrote with `format: proto` (each request after its length, 4 bytes big-endian).
 * `score` reads OTLP/JSON only, and a binary file must not be told to be "saved as UTF-8".
 */
import { readFileSync } from 'node:fs';

/** What `score` says of a traces file that is no UTF-8 text when it is OTLP in protobuf; undefined when it is not that, or cannot be read. */
export function otlpProtobufFileReason(file: string): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const framing = otlpProtobufFraming(bytes);
  return framing === undefined ? undefined : otlpProtobufReason(framing);
}

/** How protobuf OTLP bytes are framed, or undefined when they are not OTLP protobuf. */
export type OtlpProtobufFraming = 'request' | 'length_prefixed';

// ExportTraceServiceRequest's one field, `repeated ResourceSpans resource_spans = 1`: tag (1 << 3) | LEN.
const RESOURCE_SPANS_TAG = 0x0a;
// ResourceSpans' fields, each LEN: resource = 1, scope_spans = 2, schema_url = 3.
const RESOURCE_SPANS_FIELD_TAGS = new Set([0x0a, 0x12, 0x1a]);
// A length varint of a 32-bit length takes at most 5 bytes.
const MAX_VARINT_BYTES = 5;

/** The framing of `bytes` as OTLP trace protobuf, or undefined when their fields do not fit it exactly. */
export function otlpProtobufFraming(bytes: Uint8Array): OtlpProtobufFraming | undefined {
  if (isExportRequest(bytes, { start: 0, end: bytes.length })) return 'request';
  return isLengthPrefixed(bytes) ? 'length_prefixed' : undefined;
}

/** What `score` says of a file of OTLP protobuf: what it is and how to have it written as OTLP/JSON. */
export function otlpProtobufReason(framing: OtlpProtobufFraming): string {
  const what = framing === 'request' ? 'an OTLP export request in protobuf (binary), as OTLP/HTTP sends it with `http/protobuf`' : 'OTLP in protobuf (binary), as the Collector\'s file exporter writes it with `format: proto`';
  return `${what}, not OTLP/JSON: agentready reads OTLP/JSON; have the traces written as JSON (the Collector's file exporter \`format: json\`, an exporter's OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json)`;
}

// True when bytes[start, end) are one or more `resource_spans` fields and nothing else.
function isExportRequest(bytes: Uint8Array, range: { start: number; end: number }): boolean {
  let at = range.start;
  let fields = 0;
  while (at < range.end) {
    if (bytes[at] !== RESOURCE_SPANS_TAG) return false;
    const length = varint(bytes, at + 1);
    if (length === undefined) return false;
    const body = length.next;
    if (body + length.value > range.end) return false;
    if (length.value > 0 && !RESOURCE_SPANS_FIELD_TAGS.has(bytes[body]!)) return false;
    at = body + length.value;
    fields += 1;
  }
  return fields > 0 && at === range.end;
}

// True when the bytes are export requests each after its length as 4 bytes big-endian, to the end.
function isLengthPrefixed(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) return false;
    const length = ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
    const start = at + 4;
    if (length === 0 || start + length > bytes.length || !isExportRequest(bytes, { start, end: start + length })) return false;
    at = start + length;
  }
  return at > 0;
}

// The varint at `at` and the index after it, or undefined when it runs past the bytes or 5 bytes.
function varint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let index = 0; index < MAX_VARINT_BYTES && at + index < bytes.length; index++) {
    const byte = bytes[at + index]!;
    value += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) return { value, next: at + index + 1 };
  }
  return undefined;
}
