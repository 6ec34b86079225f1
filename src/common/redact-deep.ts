/**
 * Redaction of a whole JSON value (a result, a trace, a cassette): every string through
 * redact.ts's rules, secret-named keys' values replaced, phone-named, SSN-named and bank-account-named keys' values read as
 * after such a label (one value so: redact-values.ts), a private key spread over log lines taken out line by line.
 */
import { hasOwnKey, setOwn } from '../config/own-key.js';
import { labelOfKey, namesId, namesMeasure, namesPhone, namesSecret, namesSecretMetadata } from './key-names.js';
import { PLACEHOLDER, redact, redactSecrets } from './redact.js';
import { withoutSplitSecrets } from './redact-spans.js';
import { redactAfter, redactAsId, redactAsPhone, redactNumber } from './redact-values.js';

/**
 * A JSON value with every string and key redacted and secret-named keys' values replaced; structure
 * kept (two keys that redact alike both kept, the second as `[email] (2)`). Only what changes is copied: an object or array none of whose values changed is
 * returned as it is (most of a trace is ids, numbers and statuses).
 */
export function redactDeep<T>(value: T): T {
  return walk(value, REDACT) as T;
}

/**
 * The top-level keys of a run's result and trace that hold ids agentready made itself: the trace
 * id it issued (32 hex digits) and the case's fingerprint (16). Neither is the agent's or the
 * user's text, and neither is ever changed by redaction: their makers see to that
 * (config/fingerprint.ts `unredacted`, as run/ids.ts `newRunId` does for run ids; 32 hex digits
 * are no card or phone number). So they are not walked: redacting them was a quarter of the
 * redaction of a run's results and traces (a trace id holds digit runs that send it to the
 * phone-number check), for nothing.
 */
const RUN_OWN_KEYS: ReadonlySet<string> = new Set(['trace_id', 'fingerprint']);

/**
 * A result or a trace a live run made, redacted as `redactDeep` does, but for the ids it issued
 * itself at the top level (`RUN_OWN_KEYS`), kept as they are. Only for records whose
 * `trace_id` agentready issued: a recorded trace's (`agentready score`) is the agent's text.
 */
export function redactRunRecord<T>(value: T): T {
  return walk(value, REDACT_RUN_RECORD) as T;
}

/**
 * A value as redactDeep writes it under `key` in an object (a secret-named key's string or number
 * is `[secret]`), or as an array's item or a whole value without one: what a case expects there,
 * in the form a trace written with redaction on holds it.
 */
export function redactUnder(value: unknown, key?: string): unknown {
  if (key === undefined) return walk(value, REDACT);
  const facts = keyFacts(key, REDACT);
  return facts.measure && typeof value === 'number' ? value : underKey(value, { facts, walker: REDACT });
}

/** Like redactDeep, for secrets and credentials only (`redactSecrets`). */
export function redactSecretsDeep<T>(value: T): T {
  return walk(value, REDACT_SECRETS) as T;
}

/**
 * What a key is to a walk: whether it names a secret, the key redacted, whether its value is written as it is (the walker's `own`),
 * and how its value's text is redacted when the key names a phone (the walker's `phone`).
 */
interface KeyFacts {
  secret: boolean;
  safe: string;
  own: boolean;
  phone?: (s: string) => string;
  /** An SSN-named or bank-account-named key's value's text, read after that name (`redactAfter`). */
  labelled?: (s: string) => string;
  id?: (s: string) => string;
  /** Whether a number under it is a measure, kept as a number (key-names.ts `namesMeasure`). */
  measure: boolean;
}

/**
 * A walk's rules: `text`, applied to every string, and what it found of each key, by key: a run
 * writes the same few keys thousands of times, and one lookup gives both facts (10,000 bench
 * results and traces redacted, JIT warm: median 42.5 → 38.3 ms CPU against a lookup for each).
 */
interface Walker {
  text: (s: string) => string;
  /** A phone-named key's value's text, and an id-named key's, when the walk redacts PII (`redactAsPhone`, `redactAsId`); a key named by `labelOfKey`, its value after that label. */
  phone?: (s: string) => string;
  labelled?: (label: string, s: string) => string;
  id?: (s: string) => string;
  /** A number, when the walk redacts PII: a card's as a JSON number is `[card]` (`redactNumber`). */
  number?: (n: number) => number | string;
  keys: Map<string, KeyFacts>;
  /** Keys of the walked object (not of the values below it, walked with `inner`) whose values are written as they are. */
  own?: ReadonlySet<string>;
  inner?: Walker;
  /** The walker of an object under a secret's name: each of its keys names a secret but those of metadata (`underSecret`). */
  secretObject?: Walker;
  /** Whether this walker is such an object's: a key names a secret unless it names metadata (key-names.ts `namesSecretMetadata`). */
  inSecret?: true;
}
const REDACT: Walker = { text: redact, phone: redactAsPhone, labelled: redactAfter, id: redactAsId, number: redactNumber, keys: new Map() };
const REDACT_SECRETS: Walker = { text: redactSecrets, keys: new Map() };
const REDACT_RUN_RECORD: Walker = { text: redact, phone: redactAsPhone, labelled: redactAfter, id: redactAsId, number: redactNumber, keys: new Map(), own: RUN_OWN_KEYS, inner: REDACT };
const KEYS_KEPT = 10_000;

function keyFacts(key: string, walker: Walker): KeyFacts {
  let facts = walker.keys.get(key);
  if (facts === undefined) {
    // A key is the agent's text too: a tool call's arguments may be keyed by an address.
    const phone = walker.phone !== undefined && namesPhone(key) ? walker.phone : undefined;
    const label = walker.labelled !== undefined && phone === undefined ? labelOfKey(key) : undefined;
    const labelled = label === undefined ? undefined : (s: string) => walker.labelled!(label, s);
    const id = walker.id !== undefined && phone === undefined && label === undefined && namesId(key) ? walker.id : undefined;
    facts = { secret: walker.inSecret ? !namesSecretMetadata(key) : namesSecret(key), safe: walker.text(key), own: walker.own?.has(key) === true, measure: namesMeasure(key), ...(phone && { phone }), ...(labelled && { labelled }), ...(id && { id }) };
    if (walker.keys.size < KEYS_KEPT) walker.keys.set(key, facts);
  }
  return facts;
}

// Returns one JSON value with the walker's `text` applied to every string: the value itself when nothing in it changes.
function walk(value: unknown, walker: Walker): unknown {
  if (typeof value === 'string') return walker.text(value);
  if (typeof value === 'number') return walker.number === undefined ? value : walker.number(value);
  if (Array.isArray(value)) return walkLines(value, walker.inner ?? walker);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Not plain data (a class instance): copied as its own keys, always.
    const proto: unknown = Object.getPrototypeOf(value);
    let out: Record<string, unknown> | undefined = proto === Object.prototype || proto === null ? undefined : {};
    const { inner = walker } = walker;
    let i = 0;
    // for-in, not Object.keys: its keys come from the shape's cache, where Object.keys made an
    // array for every object of every result and trace. Own keys only, in Object.keys' order.
    for (const key in record) {
      if (!hasOwnKey(record, key)) continue;
      const child = record[key];
      const facts = keyFacts(key, walker);
      const { safe: safeKey, own } = facts;
      // A number, a boolean or null is itself (no call for the most values of a result), but under a secret's or a phone's name, or a card's (not a measure's).
      const next = own ? child : facts.secret || facts.phone !== undefined || facts.labelled !== undefined || facts.id !== undefined ? underKey(child, { facts, walker: inner }) : typeof child === 'string' || (typeof child === 'object' && child !== null) || (typeof child === 'number' && inner.number !== undefined && !facts.measure) ? walk(child, inner) : child;
      // A copy from the first change on.
      if (out === undefined && (next !== child || safeKey !== key)) out = copyOf(record, i);
      if (out !== undefined) setOwn(out, safeKey === key ? key : freeKey(safeKey, { out, record }), next);
      i++;
    }
    return out ?? value;
  }
  return value;
}

/**
 * A value under a secret-named key (a string or a number `[secret]`, and so each of an array's, at any depth: `"password": ["hunter2"]`;
 * an object's too but under a key of metadata about it, `underSecret`), a phone-named one (a string read after a phone's label,
 * `redactAsPhone`; a number's digits so, `[phone]` in its place; an array's items so) or an id-named one (`redactAsId`), walked by `walker`.
 */
function underKey(value: unknown, { facts, walker }: { facts: KeyFacts; walker: Walker }): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => underKey(item, { facts, walker }));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (facts.secret) return typeof value === 'string' || typeof value === 'number' ? PLACEHOLDER.secret : value !== null && typeof value === 'object' ? walk(value, underSecret(walker)) : value;
  if (facts.phone !== undefined && typeof value === 'string') return facts.phone(value);
  if (facts.phone !== undefined && typeof value === 'number') return facts.phone(String(value)) === String(value) ? value : PLACEHOLDER.phone;
  if (facts.labelled !== undefined && typeof value === 'string') return facts.labelled(value);
  if (facts.labelled !== undefined && typeof value === 'number' && Number.isSafeInteger(value)) {
    const out = facts.labelled(String(value));
    return out === String(value) ? value : out;
  }
  if (facts.id !== undefined && typeof value === 'string') return facts.id(value);
  return walk(value, walker);
}

/**
 * The walker of an object under a secret's name (`{"secret": {"value": "x"}}`): the secret is wrapped, so every string and number
 * in it is the secret's, at any depth, but under a key of metadata about it (its name, version, expiry), redacted as anywhere.
 */
function underSecret(walker: Walker): Walker {
  const base = walker.inSecret ? walker.inner! : walker;
  return (base.secretObject ??= { text: base.text, ...(base.phone && { phone: base.phone }), ...(base.labelled && { labelled: base.labelled }), ...(base.id && { id: base.id }), ...(base.number && { number: base.number }), keys: new Map(), inner: base, inSecret: true });
}

// Returns `wanted`, a redacted key, or `wanted (2)`, `wanted (3)` … when the copy or the original already has it: two keys that redact alike both kept.
function freeKey(wanted: string, { out, record }: { out: Record<string, unknown>; record: Record<string, unknown> }): string {
  let key = wanted;
  for (let n = 2; Object.hasOwn(out, key) || Object.hasOwn(record, key); n++) key = `${wanted} (${n})`;
  return key;
}

// Returns a new object with the first `count` own keys of `record`.
function copyOf(record: Record<string, unknown>, count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(record);
  for (let i = 0; i < count; i++) setOwn(out, keys[i]!, record[keys[i]!]);
  return out;
}

/** A private key's first line with no last line after it in the same string. */
const KEY_OPENED = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?![\s\S]*-----END [A-Z0-9 ]*PRIVATE KEY)/;
const KEY_CLOSED = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** A line inside a key block: base64, blank, or an armour header (Proc-Type: …, Version: …). */
const KEY_BODY = /^(?:[A-Za-z0-9+/=\s]*|[A-Za-z-]+: .*)$/;

/**
 * Follows log lines in order, one at a time: a private key is written one line per element
 * (an agent's stderr), so after a line that opens a key, the lines of its body and its END line
 * are the key's. Redaction takes them out (`walkLines`); a log that keeps or quotes only its last
 * lines does not start inside a key (adapters/log-ring.ts), whose opening line it would not hold, and
 * one that cuts its lines keeps none of a key whose opening line lost its marker to the cut (`cutLines`).
 */
export class KeyBlockLines {
  #open = false;

  /** Where `line`, the next one, stands: the END or a body line of a key opened on an earlier line, or outside one (an opening line too). */
  next(line: string): 'end' | 'body' | 'outside' {
    if (this.#open) {
      if (KEY_CLOSED.test(line)) {
        this.#open = false;
        return 'end';
      }
      if (KEY_BODY.test(line)) return 'body';
    }
    this.#open = KEY_OPENED.test(line);
    return 'outside';
  }
}

// Returns an array redacted (itself when no item changes), a private key written over several of its strings taken out whole (`KeyBlockLines`).
function walkLines(items: readonly unknown[], walker: Walker): readonly unknown[] {
  const { text } = walker;
  // Runs for every array of every result and trace: no closure, and no KeyBlockLines until the first string.
  let blocks: KeyBlockLines | undefined;
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let next: unknown;
    if (typeof item !== 'string') next = walk(item, walker);
    else {
      const where = (blocks ??= new KeyBlockLines()).next(item);
      if (where === 'body') next = PLACEHOLDER.secret;
      else if (where === 'end') {
        const end = KEY_CLOSED.exec(item)!;
        next = PLACEHOLDER.secret + text(item.slice(end.index + end[0].length));
      } else next = text(item);
    }
    if (out === undefined && next !== item) out = items.slice(0, i);
    if (out !== undefined) out[i] = next;
  }
  return out ?? items;
}

/**
 * What a run applies to what it writes and prints (SPEC §9): redaction, or nothing under
 * `--no-redact`. The one place that choice is made; `error` cleans what a run throws.
 */
export interface Redactions {
  /** One text: a message, a warning. */
  text: (text: string) => string;
  /** A whole JSON value: a result, a trace, what the agent says of itself. */
  deep: <T>(value: T) => T;
  /** A result or a trace a live run made: `deep`, its own trace id and fingerprint kept (`redactRunRecord`). */
  runRecord: <T>(value: T) => T;
  /** Secrets only, PII kept: a cassette, which must replay what the agent saw. */
  secretsDeep: <T>(value: T) => T;
  /** Pieces of one text written apart (a streamed answer's deltas, each redacted alone by `secretsDeep`), with a secret split over several taken out. */
  secretPieces: (pieces: readonly string[]) => string[];
  /** An error, cleaned in place along its causes (message and stack): it may quote the agent's output. */
  error: (error: unknown) => unknown;
}

const keep = <T>(value: T): T => value;
const REDACTIONS_ON: Redactions = { text: redact, deep: redactDeep, runRecord: redactRunRecord, secretsDeep: redactSecretsDeep, secretPieces: (pieces) => withoutSplitSecrets(pieces), error: (error) => redactError(error, redact) };
const REDACTIONS_OFF: Redactions = { text: keep, deep: keep, runRecord: keep, secretsDeep: keep, secretPieces: (pieces) => [...pieces], error: keep };

/** The redactions of a run: `on` unless `--no-redact`. */
export function redactions(on: boolean): Redactions {
  return on ? REDACTIONS_ON : REDACTIONS_OFF;
}

/** Causes followed below an error. */
const MAX_CAUSES = 8;

// Returns the error with `text` applied to the message and stack of it and of each Error cause below it.
function redactError(error: unknown, text: (s: string) => string): unknown {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth <= MAX_CAUSES; depth++) {
    current.message = text(current.message);
    if (current.stack !== undefined) current.stack = text(current.stack);
    current = current.cause;
  }
  return error;
}
