/**
 * A case's key (`<suite>/<case-id>`) as written and as redaction writes it. A run or a baseline
 * written with redaction on holds a case whose id holds PII (`4111111111111111`, `123-45-6789`)
 * as `suite/[card]`, `suite/[ssn]`, while the suites (and a run under --no-redact) write it as
 * is: every reader that matches keys across the two (--last-failed's list, quarantine, a
 * baseline's records) matches both forms here. Two ids that redact alike share the redacted
 * form: a list in that form cannot tell them apart.
 */
import { hasPlaceholder, redact } from './redact.js';

/** The forms a key may be listed in: as written, then as redacted when redaction changes it. */
export function keyForms(key: string): string[] {
  const redacted = redact(key);
  return redacted === key ? [key] : [key, redacted];
}

/** Keys as some file lists them, in either form: asked in which form a key is among them. */
export class ListedKeys {
  readonly #keys: ReadonlySet<string>;
  /** Whether any key is in redacted form: redaction only ever writes a placeholder, so with none listed no key is looked up redacted (redact costs a scan). */
  readonly #anyRedacted: boolean;

  constructor(keys: Iterable<string>) {
    this.#keys = new Set(keys);
    this.#anyRedacted = [...this.#keys].some(hasPlaceholder);
  }

  /** The form in which `key` is listed: as written, else as redacted; undefined when in neither. */
  formOf(key: string): string | undefined {
    if (this.#keys.has(key)) return key;
    if (!this.#anyRedacted) return undefined;
    const redacted = redact(key);
    return redacted !== key && this.#keys.has(redacted) ? redacted : undefined;
  }
}
