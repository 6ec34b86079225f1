/** Identifiers: W3C-style trace ids and sortable run ids. */
import { randomBytes } from 'node:crypto';
import { redact } from '../common/redact.js';

const TRACE_ID_BYTES = 16;
/** Random bytes drawn in one call and handed out 16 at a time: one syscall per 256 trace ids. */
const POOL_BYTES = TRACE_ID_BYTES * 256;
let pool = Buffer.alloc(0);
let offset = 0;

/** 32 lowercase hex characters, as OpenTelemetry trace ids are. */
export function newTraceId(): string {
  if (offset + TRACE_ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  offset += TRACE_ID_BYTES;
  return pool.toString('hex', offset - TRACE_ID_BYTES, offset);
}

/**
 * `20261124-143205-123-3f9a`: sorts by start time to the millisecond (runs started in the same
 * second must still sort in order: "the latest run" is the last name), unique enough for one machine.
 * Never one the redactor would change, as every print and file is redacted: `234015-404-6625` is a
 * Luhn-valid card number as issuers group them, and the run would be named `20261205-[card]`
 * (about 1 run in 400). A suffix holding a letter always passes; `suffix` draws it (tests).
 */
export function newRunId(now: Date, suffix: () => string = () => randomBytes(2).toString('hex')): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
  let id = `${stamp}-${suffix()}`;
  // 16 draws all digits and all redacted: about 1 in 10^29; bounded all the same.
  for (let draw = 1; draw < 16 && redact(id) !== id; draw++) id = `${stamp}-${suffix()}`;
  return id;
}

/**
 * The per-run secret agents must present on every request to agentready's endpoints. It reads as
 * a secret key (`sk-…`), so redaction takes it out wherever an agent writes it: its run params
 * echoed, or the model gateway's base URL, which carries it in its path, in an SDK's connection
 * error (`request to http://127.0.0.1:…/models/<token>/…/openai/chat/completions failed`). As bare
 * base64url it was written as it came in traces.jsonl, results.jsonl and the terminal.
 */
export function newToken(): string {
  return `sk-agentready-${randomBytes(24).toString('base64url')}`;
}
