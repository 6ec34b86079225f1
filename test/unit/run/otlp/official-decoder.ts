/**
 * The official OTLP schema (opentelemetry-proto's .proto files, loaded with protobufjs) as a
 * decoder for the OTLP/JSON agentready writes: the JSON is mapped to the protobuf message (hex
 * ids to bytes, as the OTLP/JSON rules say), checked field by field against the schema, encoded
 * to the protobuf wire format and decoded back.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';

const PROTO_DIR = fileURLToPath(new URL('../../fixtures/otlp-proto/', import.meta.url));
const REQUEST = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

export interface Decoded {
  /** Fields of the JSON the schema does not know, as dotted paths. */
  unknownFields: string[];
  /** protobufjs's verify() message, null when the message is valid. */
  invalid: string | null;
  resources: Record<string, unknown>[];
  scopes: { name?: string; version?: string }[];
  spans: DecodedSpan[];
}

let requestType: protobuf.Type | undefined;

function loadRequestType(): protobuf.Type {
  if (requestType) return requestType;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  root.resolveAll();
  requestType = root.lookupType(REQUEST);
  return requestType;
}

/** One OTLP/JSON export request decoded through the official schema. */
export function decodeWithOfficialSchema(json: string): Decoded {
  const type = loadRequestType();
  const raw = JSON.parse(json) as Record<string, unknown>;
  const unknownFields = unknownFieldsOf(type, raw, '');
  const message = type.fromObject(idsToBytes(raw) as Record<string, unknown>);
  const invalid = type.verify(message);
  const bytes = type.encode(message).finish();
  const back = type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: String, defaults: false, arrays: true }) as {
    resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { scope?: { name?: string; version?: string }; spans: RawSpan[] }[] }[];
  };
  return {
    unknownFields,
    invalid,
    resources: back.resourceSpans.map((r) => attributesOf(r.resource?.attributes)),
    scopes: back.resourceSpans.flatMap((r) => r.scopeSpans.map((s) => s.scope ?? {})),
    spans: back.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map(toSpan))),
  };
}

type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: string; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value?: AnyValue };
type RawSpan = Omit<DecodedSpan, 'attributes' | 'events'> & { attributes?: KeyValue[]; events?: { name: string; attributes?: KeyValue[] }[] };

function toSpan(span: RawSpan): DecodedSpan {
  return {
    ...span,
    traceId: base64ToHex(span.traceId),
    spanId: base64ToHex(span.spanId),
    ...(span.parentSpanId ? { parentSpanId: base64ToHex(span.parentSpanId) } : {}),
    attributes: attributesOf(span.attributes),
    events: (span.events ?? []).map((e) => ({ name: e.name, attributes: attributesOf(e.attributes) })),
  };
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

/** An OTLP/JSON export request as the protobuf bytes an OTLP/HTTP exporter sends with `http/protobuf`. */
export function encodeWithOfficialSchema(json: string): Uint8Array {
  const type = loadRequestType();
  return type.encode(type.fromObject(idsToBytes(JSON.parse(json)) as Record<string, unknown>)).finish();
}

/** The OTLP/JSON hex ids as the bytes the protobuf message holds. */
function idsToBytes(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => idsToBytes(v));
  if (typeof value === 'string' && ID_FIELDS.has(key)) return Buffer.from(value, 'hex');
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, idsToBytes(v, k)]));
}

function base64ToHex(text: string): string {
  return Buffer.from(text, 'base64').toString('hex');
}

/** Every key of the JSON that is not a field of the message type at its place. */
function unknownFieldsOf(type: protobuf.Type, value: Record<string, unknown>, at: string): string[] {
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const field = type.fields[key];
    const here = at === '' ? key : `${at}.${key}`;
    if (!field) {
      found.push(here);
      continue;
    }
    if (!(field.resolvedType instanceof protobuf.Type)) continue;
    const nested = field.resolvedType;
    const items = field.repeated && Array.isArray(child) ? child : [child];
    items.forEach((item, i) => {
      if (typeof item === 'object' && item !== null) found.push(...unknownFieldsOf(nested, item as Record<string, unknown>, field.repeated ? `${here}[${i}]` : here));
    });
  }
  return found;
}
