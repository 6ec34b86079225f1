/**
 * One string or number of a walked JSON value (redact-deep.ts) redacted as what its key names says it is: an id's bare digits
 * kept, a phone's read after a phone's label, an SSN's or a bank account's after that name (key-names.ts `labelOfKey`), a number
 * that is a card's `[card]`. Pure.
 */
import { PLACEHOLDER, redact } from './redact.js';

// Returns `text` redacted, but kept when it is bare digits read whole as a phone number: an id-named key's value.
export function redactAsId(text: string): string {
  const out = redact(text);
  return out === PLACEHOLDER.phone && /^\d+$/.test(text) ? text : out;
}

/**
 * A number as a JSON value (`{"card": 4111111111111111}`, a tool call's argument): `[card]` when its digits are a card
 * number's, as they are in text; any other number as it is. Only integers of 13 or more digits that start as a card does
 * (2–6) are read: not a millisecond timestamp (1…), an amount, a count.
 */
export function redactNumber(value: number): number | string {
  if (!Number.isSafeInteger(value) || value < 2e12 || value >= 7e18) return value;
  const text = String(value);
  return /^[2-6]/.test(text) && redact(text) === PLACEHOLDER.card ? PLACEHOLDER.card : value;
}

// Returns `text` redacted as it would be after `label`: a phone-named key's value after `phone: `, an SSN-named one's after `ssn: `
// (key-names.ts `labelOfKey`).
export function redactAfter(label: string, text: string): string {
  const out = redact(label + text);
  return out.startsWith(label) ? out.slice(label.length) : redact(text);
}
export const redactAsPhone = (text: string) => redactAfter('phone: ', text);
