/**
 * A traces file that holds OTLP export requests inside another JSON object, as trace backends'
 * query APIs answer: Grafana Tempo's `/api/v2/traces/<id>` (`{"trace": {"resourceSpans": …}}`),
 * Jaeger's `/api/v3/traces/<id>` (`{"result": {"resourceSpans": …}}`), Tempo's older API
 * (`{"batches": [<resource spans>]}`). Such a file is no JSONL of traces: told as one problem at
 * the wrapping key, with the `jq` that takes the request out, instead of every line's. So is a
 * JSON list of traces or requests (a JSON export where JSONL was meant), with the `jq` that writes
 * one a line.
 */
import { jsonPathOffset } from '../../config/json-path-offset.js';
import { lineColumn } from '../../config/json-error.js';
import type { ConfigIssue } from '../../errors.js';
import { shellWord } from '../../config/shell-words.js';
import { tryJson } from './values.js';

/** The problem of a file that is one JSON object holding OTLP under a key, or undefined when it is not that. */
export function wrappedOtlpIssue(text: string, file: string): ConfigIssue | undefined {
  const raw = tryJson(text.trim());
  if (Array.isArray(raw)) return listIssue(raw, { text, file });
  if (raw === null || typeof raw !== 'object') return undefined;
  for (const [key, value] of Object.entries(raw)) {
    const extract = extraction(key, value);
    if (extract === undefined) continue;
    return {
      file, ...lineColumn(text, jsonPathOffset(text, { path: [key] })), path: key, code: 'wrapped_otlp',
      message: `the OTLP/JSON export request is inside "${key}", as a trace backend's query API answers it`,
      expected: `an OTLP/JSON export request ({"resourceSpans": [...]}) itself: take it out, \`jq -c ${shellWord(extract)} ${shellWord(file)} > traces.otlp.json\`, and score that`,
      found: `the request under "${key}"`,
    };
  }
  return undefined;
}

// The jq filter that makes an export request of the value under `key`, or undefined when the value holds none.
function extraction(key: string, value: unknown): string | undefined {
  const field = JSON.stringify(key);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && ('resourceSpans' in value || 'resource_spans' in value)) return `.[${field}]`;
  const isResourceSpans = (item: unknown) => typeof item === 'object' && item !== null && ('scopeSpans' in item || 'scope_spans' in item || 'instrumentationLibrarySpans' in item);
  if (Array.isArray(value) && value.length > 0 && value.every(isResourceSpans)) return `{resourceSpans: .[${field}]}`;
  return undefined;
}

// The problem of a file that is one JSON list of objects (traces or requests), or undefined for any other list.
function listIssue(items: readonly unknown[], { text, file }: { text: string; file: string }): ConfigIssue | undefined {
  if (items.length === 0 || !items.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) return undefined;
  return {
    file, ...lineColumn(text, jsonPathOffset(text, { path: [] })), path: '', code: 'json_list',
    message: `a JSON list of ${items.length} objects, where one trace (or OTLP export request) a line is read`,
    expected: `one recorded trace (or OTLP/JSON export request) per line, not a JSON list: write one a line, \`jq -c '.[]' ${shellWord(file)} > traces.jsonl\`, and score that`,
    found: `a JSON list of ${items.length} object${items.length === 1 ? '' : 's'}`,
  };
}
