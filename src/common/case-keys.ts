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

/**
 * The order every report lists case keys in: a run of digits compares as the number it writes,
 * so `c2` comes before `c10` as vitest and Playwright users number their cases; anything else
 * compares by code unit, the same on every machine whatever its locale; one number written
 * alike (`c01`, `c1`) falls back to the text. The baseline file keeps its own key order
 * (`gate/serialize.ts`), which a pull request's diff reviews: this is for what is shown.
 */
export function compareCaseKeys(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      const aEnd = digitsEnd(a, i);
      const bEnd = digitsEnd(b, j);
      const byNumber = compareNumerals(a.slice(i, aEnd), b.slice(j, bEnd));
      if (byNumber !== 0) return byNumber;
      i = aEnd;
      j = bEnd;
    } else if (a.charCodeAt(i) === b.charCodeAt(j)) {
      i++;
      j++;
    } else return a.charCodeAt(i) - b.charCodeAt(j);
  }
  const byRest = a.length - i - (b.length - j);
  if (byRest !== 0) return byRest;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

/** Two runs of digits by the numbers they write, of any length: fewer digits past leading zeros is smaller. */
function compareNumerals(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
