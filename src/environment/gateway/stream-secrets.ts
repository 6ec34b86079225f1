/**
 * A streamed model answer, as a cassette stores it: one SSE event per delta, each redacted on its
 * own (a cassette keeps secrets out, SPEC §9). A key the model writes arrives in pieces, one per
 * delta, and a piece of a key is recognised by no rule; so before that, the strings at the same
 * place of every event's JSON (`choices.0.delta.content`, `delta.text`, `delta.partial_json`) are
 * read as the one text they are pieces of, and a secret split over several is taken out of them.
 */
import type { SseEvent } from '../../config/schema/index.js';

/** What takes secrets split over pieces out of them (`withoutSplitSecrets`); identity under --no-redact. */
export type SplitSecrets = (pieces: readonly string[]) => string[];

/** A string in one event's JSON: the object or array holding it, and its key there. */
interface Leaf {
  event: number;
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/** `events` with secrets written across them taken out, each changed event's data written again as JSON; the others as they were. */
export function withoutStreamedSecrets(events: readonly SseEvent[], splitSecrets: SplitSecrets): readonly SseEvent[] {
  const parsed = events.map((event) => parse(event.data));
  const byPlace = new Map<string, Leaf[]>();
  parsed.forEach((value, event) => collect({ value, place: '', event, byPlace }));
  const changed = new Set<number>();
  for (const leaves of byPlace.values()) {
    if (leaves.length < 2) continue;
    const pieces = leaves.map((leaf) => valueOf(leaf) as string);
    const clean = splitSecrets(pieces);
    leaves.forEach((leaf, i) => {
      if (clean[i] === pieces[i]) return;
      if (Array.isArray(leaf.holder)) leaf.holder[leaf.key as number] = clean[i];
      else leaf.holder[leaf.key as string] = clean[i];
      changed.add(leaf.event);
    });
  }
  if (changed.size === 0) return events;
  return events.map((event, i) => (changed.has(i) ? { ...event, data: JSON.stringify(parsed[i]) } : event));
}

// Returns an event's data as JSON, or undefined when it is not (`[DONE]`).
function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

// Files every string under `value` by its place (`choices.0.delta.content`).
function collect(input: { value: unknown; place: string; event: number; byPlace: Map<string, Leaf[]> }): void {
  const { value, place, event, byPlace } = input;
  if (value === null || typeof value !== 'object') return;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((child, i) => [i, child]) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = `${place}.${key}`;
    if (typeof child === 'string') {
      const leaves = byPlace.get(at) ?? [];
      leaves.push({ event, holder: value as Leaf['holder'], key });
      byPlace.set(at, leaves);
    } else collect({ value: child, place: at, event, byPlace });
  }
}

// Returns the string a leaf names.
function valueOf(leaf: Leaf): unknown {
  return Array.isArray(leaf.holder) ? leaf.holder[leaf.key as number] : leaf.holder[leaf.key as string];
}
