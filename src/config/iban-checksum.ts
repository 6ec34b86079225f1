/**
 * The IBAN checksum (ISO 13616 mod-97): the redaction's IBAN check (common/number-checks.ts
 * `isIban`) and the fingerprints, which must never read as an IBAN (fingerprint.ts `unredacted`).
 * In config/, the earliest folder both may import. Pure.
 */

/** Whether `compact`, an IBAN's characters in upper case without gaps, passes mod-97. */
export function ibanChecksumValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
