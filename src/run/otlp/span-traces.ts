/**
 * The spans of an OTLP/JSON file grouped into traces (decode.ts reads each trace): a span exported
 * twice is read once, a span id standing for two spans is a problem, and a span's place in the file
 * is framed again only when a problem needs it (requests.ts frames the file).
 */
import type { ConfigIssue } from '../../errors.js';
import { jsonPathOffset } from '../../config/json-path-offset.js';
import { lineColumn } from '../../config/json-error.js';
import type { Placed } from '../recorded-traces.js';
import { camelKey } from './values.js';
import type { LocatedSpan } from './genai-span.js';
import { placeIn, requests, type Request } from './requests.js';

/** A span with its path in its request, to place a problem with it (the request's text is found again then, not kept). */
export type FramedSpan = LocatedSpan & { path: (string | number)[] };

/** Places a value of the file by its request's first line and its path there; the requests are framed once, at the first call. */
export type SpanPlacer = (line: number, path: readonly (string | number)[]) => Placed;

export function spanPlacer(text: string): SpanPlacer {
  let byLine: Map<number, Request> | undefined;
  return (line, path) => {
    byLine ??= new Map([...requests(text)].map(({ line: first, source }) => [first, { line: first, source }]));
    const request = byLine.get(line)!;
    return placeIn(request, lineColumn(request.source, jsonPathOffset(request.source, { path, keyName: camelKey })));
  };
}

/**
 * The spans with each one exported twice read once: an exporter that retried a batch the collector
 * had already taken writes it again, and its tool calls would count twice (a budget, an approval
 * asked once). Another span under an id its trace already holds is a problem, located: which of
 * the two happened cannot be told.
 */
export function withoutRepeats(spans: readonly FramedSpan[], { file, place, issues }: { file: string; place: SpanPlacer; issues: ConfigIssue[] }): LocatedSpan[] {
  const seen = new Map<string, LocatedSpan>();
  const kept: LocatedSpan[] = [];
  for (const located of spans) {
    const { traceId, spanId } = located.span;
    const key = `${traceId.toLowerCase()}/${spanId.toLowerCase()}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, located);
      kept.push(located);
    } else if (JSON.stringify(first.span) !== JSON.stringify(located.span)) {
      issues.push({
        file, ...place(located.line, located.path), path: '', code: 'duplicate_span',
        message: `span ${spanId} of trace ${traceId} is also at line ${first.line}, with other content: one span id stands for two spans`,
        expected: 'one span per span id in a trace (the same span exported twice is read once)',
        found: `span ${spanId} of trace ${traceId} again, with other content than at line ${first.line}`,
      });
    }
  }
  return kept;
}

/** The spans of each trace id, in file order. */
export function groupByTrace(spans: readonly LocatedSpan[]): LocatedSpan[][] {
  const byTrace = new Map<string, LocatedSpan[]>();
  for (const located of spans) {
    const id = located.span.traceId.toLowerCase();
    const list = byTrace.get(id) ?? [];
    list.push(located);
    byTrace.set(id, list);
  }
  return [...byTrace.values()];
}
